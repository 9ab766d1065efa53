/* sys_file.c - small bounded readers for attribute files and their folders. */
#include "sys_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYS_PATH_MAX 1024       /* dir + "/" + name in the *_at readers */

/* Read a small attribute file as trimmed text. */
int sys_read_text(const char *path, char *buf, size_t len)
{
	size_t have = 0;
	int fd;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	/* O_NONBLOCK: a FIFO planted in a fixture tree must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	/* sysfs hands out one page at most; loop only for short reads. */
	while (have < len - 1) {
		ssize_t n = read(fd, buf + have, len - 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (have == 0) {
				close(fd);
				return -1;
			}
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	/* A NUL inside (binary garbage) ends the text there. */
	have = strlen(buf);
	while (have > 0 && isspace((unsigned char)buf[have - 1]))
		buf[--have] = '\0';
	return (int)have;
}

/* One decimal integer in text, blanks around it allowed. */
bool sys_parse_long(const char *text, long *out)
{
	const char *p = text;
	char *end;
	long v;

	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || errno != 0)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

/* Read an attribute file holding one integer. */
bool sys_read_long(const char *path, long *out)
{
	char buf[64];

	if (sys_read_text(path, buf, sizeof(buf)) <= 0)
		return false;
	return sys_parse_long(buf, out);
}

/* sys_read_long() of dir/name. */
bool sys_read_long_at(const char *dir, const char *name, long *out)
{
	char path[SYS_PATH_MAX];

	if (!sys_path_join(path, sizeof(path), dir, name))
		return false;
	return sys_read_long(path, out);
}

/* sys_read_text() of dir/name. */
int sys_read_text_at(const char *dir, const char *name, char *buf, size_t len)
{
	char path[SYS_PATH_MAX];

	if (!sys_path_join(path, sizeof(path), dir, name)) {
		if (len)
			buf[0] = '\0';
		return -1;
	}
	return sys_read_text(path, buf, len);
}

/* Order names by their prefix, then by the number that follows it. */
static int compare_names(const void *a, const void *b)
{
	const char *x = a, *y = b;
	size_t i = 0;

	while (x[i] && x[i] == y[i] && !isdigit((unsigned char)x[i]))
		i++;
	if (isdigit((unsigned char)x[i]) && isdigit((unsigned char)y[i])) {
		long nx = strtol(x + i, NULL, 10), ny = strtol(y + i, NULL, 10);

		if (nx != ny)
			return nx < ny ? -1 : 1;
	}
	return strcmp(x, y);
}

/* Sorted entries of a folder that start with prefix and pass keep. */
int sys_list_dir_if(const char *dir, const char *prefix, sys_name_filter keep,
		    void *arg, char names[][SYS_NAME_MAX], int max)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	while (n < max && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if (len >= SYS_NAME_MAX || (keep && !keep(dir, de->d_name, arg)))
			continue;
		memcpy(names[n++], de->d_name, len + 1);
	}
	closedir(d);
	qsort(names, (size_t)n, SYS_NAME_MAX, compare_names);
	return n;
}

/* Sorted entries of a folder that start with prefix. */
int sys_list_dir(const char *dir, const char *prefix,
		 char names[][SYS_NAME_MAX], int max)
{
	return sys_list_dir_if(dir, prefix, NULL, NULL, names, max);
}

/* Visit the paths a glob pattern matches until one is taken. */
bool sys_glob_each(const char *pattern, bool (*each)(const char *path, void *arg),
		   void *arg)
{
	glob_t g;
	bool taken = false;

	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return false;
	for (size_t k = 0; k < g.gl_pathc && !taken; k++)
		taken = each(g.gl_pathv[k], arg);
	globfree(&g);
	return taken;
}

/* Join two path parts, reporting truncation. */
bool sys_path_join(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s/%s", a, b);

	return n >= 0 && (size_t)n < len;
}

/* Whether path names a folder. */
bool sys_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
