/* sys_proc_linux.c - processes from /proc: who holds a device, who runs. */
#include "sys_proc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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
static void holder_describe(int piddir, struct sys_holder *h)
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

/* Linux devices.txt: Unix98 pty slaves are majors 136-143, 256 each. */
#define PTY_SLAVE_MAJOR_FIRST 136
#define PTY_SLAVE_MAJOR_LAST  143
/* A pty master is an open /dev/ptmx (or devpts' ptmx): device 5:2. */
#define PTMX_MAJOR 5
#define PTMX_MINOR 2

/* The pty index of a slave device number (/dev/pts/N: N), -1 when rdev is
 * no pty slave. */
static long holder_pty_index(dev_t rdev)
{
	unsigned int maj = major(rdev);

	if (maj < PTY_SLAVE_MAJOR_FIRST || maj > PTY_SLAVE_MAJOR_LAST)
		return -1;
	return (long)(maj - PTY_SLAVE_MAJOR_FIRST) * 256 + (long)minor(rdev);
}

/* Whether fd name (in /proc/PID/fd) is the master of pty
 * index: its fdinfo (/proc/PID/fdinfo/FD) says "tty-index: N". */
static bool holder_fd_is_master(int piddir, const char *name, long index)
{
	char buf[512], *p;
	int dfd = openat(piddir, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return false;
	if (holder_read_file(dfd, name, buf, sizeof(buf)) <= 0) {
		close(dfd);
		return false;
	}
	close(dfd);
	p = strstr(buf, "tty-index:");
	return p && strtol(p + 10, NULL, 10) == index;
}

/* Whether process dir piddir has an fd on rdev: 1 yes, 2 yes but it also
 * holds that pty's master (it is the other end of the line, as a terminal
 * simulator or a virtual-COM bridge made with openpty() is), 0 no, -1 fds
 * not readable. */
static int holder_pid_has(int piddir, dev_t rdev)
{
	int fdd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long index = holder_pty_index(rdev);
	bool slave = false, master = false;
	DIR *d;
	struct dirent *e;
	struct stat st;

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
		if (fstatat(fdd, e->d_name, &st, 0) != 0 || !S_ISCHR(st.st_mode))
			continue;
		if (st.st_rdev == rdev)
			slave = true;
		else if (index >= 0 && !master && major(st.st_rdev) == PTMX_MAJOR &&
			 minor(st.st_rdev) == PTMX_MINOR)
			master = holder_fd_is_master(piddir, e->d_name, index);
		if (slave && (index < 0 || master))
			break;
	}
	closedir(d);
	return slave ? (master ? 2 : 1) : 0;
}

/* A live process named in a UUCP lock file for device (FHS 3.0 §5.9:
 * /var/lock/LCK..NAME holding the pid as text). Returns 1 and fills h. */
static int holder_lock_file(const char *device, struct sys_holder *h)
{
	static const char *const dirs[] = { "/run/lock", "/var/lock" };
	const char *base = strrchr(device, '/');
	char path[512], buf[64];

	base = base ? base + 1 : device;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int dfd, piddir;
		long pid;

		dfd = open(dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		snprintf(path, sizeof(path), "LCK..%s", base);
		if (holder_read_file(dfd, path, buf, sizeof(buf)) <= 0) {
			close(dfd);
			continue;
		}
		close(dfd);
		pid = strtol(buf, NULL, 10);
		if (pid <= 0 || pid == (long)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue; /* stale lock: its process is gone */
		memset(h, 0, sizeof(*h));
		h->pid = (pid_t)pid;
		holder_describe(piddir, h);
		close(piddir);
		return 1;
	}
	return 0;
}

/* Who holds rdev open: /proc fds first, then UUCP lock files. */
int sys_holder_scan_peers(dev_t rdev, const char *device, struct sys_holder *out, int max,
			  bool *complete, int *peers)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int n = 0;

	*complete = true;
	if (peers)
		*peers = 0;
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
		} else if (has == 2) {
			/* The pty's own master end: the terminal's side of the
			 * line, not a program competing for the port. */
			if (peers)
				(*peers)++;
		} else if (has && n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].pid = pid;
			holder_describe(piddir, &out[n]);
			n++;
		}
		close(piddir);
	}
	closedir(proc);
	if (n == 0 && max > 0 && device)
		n = holder_lock_file(device, &out[0]);
	return n;
}

/* Who holds rdev open, leaving out the pty's other end. */
int sys_holder_scan(dev_t rdev, const char *device, struct sys_holder *out, int max,
		    bool *complete)
{
	return sys_holder_scan_peers(rdev, device, out, max, complete, NULL);
}

/* Whether the process is a zombie: dead, holding nothing, only not reaped
 * (its state is the field after the ')' that closes the name in stat). */
static bool holder_is_zombie(int piddir)
{
	char stat[512];
	const char *paren;

	if (holder_read_file(piddir, "stat", stat, sizeof(stat)) <= 0)
		return false;
	paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] == 'Z';
}

/* Whether a process named comm runs (any user: comm is world-readable). */
bool sys_proc_running(const char *comm)
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
			found = strcmp(buf, comm) == 0 && !holder_is_zombie(piddir);
		}
		close(piddir);
	}
	closedir(proc);
	return found;
}
