/* power_fixture.h - build sysfs-shaped fixture trees for the power tests. */
#ifndef POWER_FIXTURE_H
#define POWER_FIXTURE_H

#include <stddef.h>

/* A fresh empty folder under $TMPDIR (or /tmp); path in root (>= 256). */
void fixture_new(char *root, size_t len);
/* Write root/rel with text (parent folders made as needed). */
void fixture_write(const char *root, const char *rel, const char *text);
/* Make the folder root/rel (and its parents). */
void fixture_mkdir(const char *root, const char *rel);
/* Remove the whole tree. */
void fixture_free(const char *root);

#endif
