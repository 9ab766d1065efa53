/* serial_holder_linux.c - find the processes that hold a port, via /proc. */
#include "serial_holder.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read a small /proc file into buf (terminated); returns bytes or -1. */
static ssize_t holder_read_file(int dirfd, const char *name, char *buf, size_t len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Fill name fields of h from /proc/PID. */
static void holder_describe(int piddir, struct serial_holder *h)
{
	char buf[256];
	ssize_t n;

	if (holder_read_file(piddir, "comm", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(h->comm, sizeof(h->comm), "%.31s", buf);
	}
	n = holder_read_file(piddir, "cmdline", buf, sizeof(buf));
	if (n > 0)
		snprintf(h->exe, sizeof(h->exe), "%.127s", buf); /* to the first NUL */
	if (!h->comm[0])
		snprintf(h->comm, sizeof(h->comm), "?");
}

/* Whether process dir piddir has an fd on rdev. -1: fds not readable. */
static int holder_pid_has(int piddir, dev_t rdev)
{
	int fdd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	struct stat st;
	int found = 0;

	if (fdd < 0)
		return errno == ENOENT ? 0 : -1;
	d = fdopendir(fdd);
	if (!d) {
		close(fdd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		/* stat follows the magic link to the open file: no open, no side
		 * effect on the port. */
		if (fstatat(fdd, e->d_name, &st, 0) == 0 && S_ISCHR(st.st_mode) &&
		    st.st_rdev == rdev) {
			found = 1;
			break;
		}
	}
	closedir(d);
	return found;
}

int serial_holder_scan(dev_t rdev, struct serial_holder *out, int max, bool *complete)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int n = 0;

	*complete = true;
	if (!proc) {
		*complete = false;
		return 0;
	}
	while ((e = readdir(proc)) != NULL) {
		int piddir, has;
		pid_t pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)atol(e->d_name);
		if (pid == self)
			continue;
		piddir = openat(dirfd(proc), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue; /* exited meanwhile */
		has = holder_pid_has(piddir, rdev);
		if (has < 0) {
			*complete = false;
		} else if (has && n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].pid = pid;
			holder_describe(piddir, &out[n]);
			n++;
		}
		close(piddir);
	}
	closedir(proc);
	return n;
}

bool serial_holder_running(const char *comm)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	char buf[64];
	bool found = false;

	if (!proc)
		return false;
	while (!found && (e = readdir(proc)) != NULL) {
		int piddir;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		piddir = openat(dirfd(proc), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue;
		if (holder_read_file(piddir, "comm", buf, sizeof(buf)) > 0) {
			buf[strcspn(buf, "\n")] = '\0';
			found = strcmp(buf, comm) == 0;
		}
		close(piddir);
	}
	closedir(proc);
	return found;
}
