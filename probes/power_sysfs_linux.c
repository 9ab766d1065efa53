/* power_sysfs_linux.c - small bounded readers for sysfs attribute files. */
#include "power.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* Read a small attribute file as trimmed text. */
int power_read_text(const char *path, char *buf, size_t len)
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

/* Read an attribute file holding one integer. */
bool power_read_long(const char *path, long *out)
{
	char buf[64], *end;
	const char *p = buf;
	long v;

	if (power_read_text(path, buf, sizeof(buf)) <= 0)
		return false;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* power_read_long() of dir/name. */
bool power_read_long_at(const char *dir, const char *name, long *out)
{
	char path[POWER_PATH_MAX];

	if (!power_join(path, sizeof(path), dir, name))
		return false;
	return power_read_long(path, out);
}

/* power_read_text() of dir/name. */
int power_read_text_at(const char *dir, const char *name, char *buf, size_t len)
{
	char path[POWER_PATH_MAX];

	if (!power_join(path, sizeof(path), dir, name)) {
		if (len)
			buf[0] = '\0';
		return -1;
	}
	return power_read_text(path, buf, len);
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

/* Sorted entries of a folder that start with prefix. */
int power_list_dir(const char *dir, const char *prefix,
		   char names[][POWER_NAME_MAX], int max)
{
	size_t plen = strlen(prefix);
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	while (n < max && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if (strlen(de->d_name) >= POWER_NAME_MAX)
			continue;
		text_copy(names[n++], POWER_NAME_MAX, de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, POWER_NAME_MAX, compare_names);
	return n;
}

/* Join two path parts, reporting truncation. */
bool power_join(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s/%s", a, b);

	return n >= 0 && (size_t)n < len;
}

/* A path below the configured sysfs root. */
void power_sysfs_path(const struct config *cfg, const char *rel,
		      char *out, size_t len)
{
	const char *root = cfg->power.sysfs_root[0] ? cfg->power.sysfs_root : "/sys";
	size_t rl = strlen(root);

	/* "/sys/" and "/sys" give the same paths. */
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	snprintf(out, len, "%.*s/%s", (int)rl, root, rel);
}

/* Say so when power.sysfs_root does not exist. */
void power_note_missing_root(const struct config *cfg, struct check_result *res)
{
	const char *root = cfg->power.sysfs_root[0] ? cfg->power.sysfs_root : "/sys";
	struct stat st;

	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		result_detail(res, "power.sysfs_root %s is not a folder", root);
}
