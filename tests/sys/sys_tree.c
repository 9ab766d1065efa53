/* sys_tree.c - fixture trees for the sys/ tests (sys_tree.h). */
#include "sys_tree.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static char root[64];

/* Make a fresh temporary folder. */
const char *tree_begin(void)
{
	snprintf(root, sizeof(root), "/tmp/pd-sys-test.XXXXXX");
	assert_non_null(mkdtemp(root));
	return root;
}

/* Remove one entry (nftw callback, deepest first). */
static int tree_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the fixture tree. */
void tree_end(void)
{
	assert_int_equal(nftw(root, tree_rm, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* root/rel in one of eight rotating buffers. */
const char *tree_path(const char *rel)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ & 7];

	snprintf(b, sizeof(bufs[0]), "%s/%s", root, rel);
	return b;
}

/* mkdir -p of root/rel. */
void tree_mkdir(const char *rel)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

/* Make the folders above rel. */
static void tree_parent(const char *rel)
{
	char p[1024];
	char *slash;

	snprintf(p, sizeof(p), "%s", rel);
	slash = strrchr(p, '/');
	if (slash) {
		*slash = '\0';
		tree_mkdir(p);
	}
}

/* Write a file. */
void tree_put(const char *rel, const char *text)
{
	FILE *f;

	tree_parent(rel);
	f = fopen(tree_path(rel), "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Make a symbolic link. */
void tree_link(const char *target, const char *rel)
{
	tree_parent(rel);
	assert_int_equal(symlink(target, tree_path(rel)), 0);
}
