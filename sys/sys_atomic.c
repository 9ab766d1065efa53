/* sys_atomic.c - replace a file atomically (temp file, fsync, rename). */
#include "sys_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Split path into its folder ("." when none) and a temp-file template
 * "<folder>/.<name>.XXXXXX" in the same folder, so rename() stays on one
 * file system. Returns -1 with errno on a bad path or ENOMEM. */
static int atomic_paths(const char *path, char **dir, char **tmpl)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 0;

	*dir = *tmpl = NULL;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		errno = *path ? EISDIR : ENOENT;
		return -1;
	}
	if (!slash)
		*dir = strdup(".");
	else if (dlen == 0)
		*dir = strdup("/");
	else
		*dir = strndup(path, dlen);
	if (!*dir)
		return -1;
	if (asprintf(tmpl, "%s/.%s.XXXXXX", strcmp(*dir, "/") == 0 ? "" : *dir, base) < 0) {
		*tmpl = NULL;
		free(*dir);
		*dir = NULL;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Make the rename durable: fsync the folder. Best effort - the new file is
 * already in place when this runs. */
static void atomic_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Write straight into an existing file that is not a regular one. A
 * folder fails with EISDIR. */
static int atomic_in_place(const char *path, int (*fill)(FILE *f, void *arg), void *arg)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	FILE *f;
	int rc, saved;

	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	rc = fill(f, arg);
	if (fflush(f) != 0)
		rc = -1;
	saved = errno;
	if (fclose(f) != 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

/* Write a temp file beside path through fill, then rename it over path. */
int sys_atomic_write(const char *path, mode_t mode, int (*fill)(FILE *f, void *arg),
		     void *arg)
{
	char *dir, *tmp, *real = NULL;
	FILE *f = NULL;
	struct stat st;
	int fd, saved;

	if (!path) {
		errno = EINVAL;
		return -1;
	}
	/* Not a regular file, through links or not: write into it; renaming
	 * over it would replace the node itself. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return atomic_in_place(path, fill, arg);
	/* A symlink stays a symlink: replace the file it points to. A dangling
	 * one is an error rather than a link silently turned into a file. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		real = realpath(path, NULL);
		if (!real)
			return -1;
		path = real;
	}
	if (atomic_paths(path, &dir, &tmp) != 0) {
		saved = errno;
		free(real);
		errno = saved;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		goto fail_nofile;
	if (fchmod(fd, mode) != 0)
		goto fail;
	f = fdopen(fd, "w");
	if (!f)
		goto fail;
	fd = -1;
	errno = 0;
	if (fill(f, arg) != 0)
		goto fail;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto fail;
	atomic_sync_dir(dir);
	free(tmp);
	free(dir);
	free(real);
	return 0;

fail:
	saved = errno ? errno : EIO;
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_nofile:
	saved = errno;
	free(tmp);
	free(dir);
	free(real);
	errno = saved;
	return -1;
}

/* mkdir -p, new folders with mode. */
int sys_mkdir_parents(const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	if (!*path || strlen(path) >= sizeof(buf)) {
		errno = *path ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	strcpy(buf, path);   /* length checked above */
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, mode) != 0 && errno != EEXIST)
				return -1;
			*p = c;
			if (c == '\0')
				return 0;
		}
	}
}
