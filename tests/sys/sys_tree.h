/* sys_tree.h - fixture trees for the sys/ tests: files, folders and links
 * below a fresh temporary folder, removed afterwards. */
#ifndef POSDOCTOR_TEST_SYS_TREE_H
#define POSDOCTOR_TEST_SYS_TREE_H

#include <stddef.h>

/* A fresh temporary folder; its path is returned (static storage). */
const char *tree_begin(void);
/* Remove the folder tree_begin() made, with everything in it. */
void tree_end(void);
/* root + "/" + rel into a rotating static buffer (valid for 8 calls). */
const char *tree_path(const char *rel);
/* Write text to rel, making the folders above it. */
void tree_put(const char *rel, const char *text);
/* Make folder rel and the ones above it. */
void tree_mkdir(const char *rel);
/* Make rel a symbolic link to target (taken as is), folders above made. */
void tree_link(const char *target, const char *rel);

#endif
