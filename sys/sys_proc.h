/* sys_proc.h - processes: who holds a device open, who is running (Linux: /proc).
 * Any thread. */
#ifndef POSDOCTOR_SYS_PROC_H
#define POSDOCTOR_SYS_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#define SYS_HOLDERS_MAX 4

struct sys_holder {
	pid_t pid;
	char comm[32];       /* program name, /proc/PID/comm */
	char exe[128];       /* first word of /proc/PID/cmdline */
};

/* Processes other than this one holding the character device rdev (path
 * device) open: from /proc/PID/fd, then from a UUCP lock file
 * (/run/lock/LCK..ttyUSB0) whose process is alive. Returns how many were
 * found (at most max); *complete is false when some process's fds could not
 * be read (not root: the scan cannot be sure). A process that holds a pty
 * slave and also that pty's master (/proc/PID/fdinfo "tty-index") is the
 * other end of the line, not a holder. */
int sys_holder_scan(dev_t rdev, const char *device, struct sys_holder *out, int max,
		       bool *complete);
/* The same, also counting in *peers the processes left out as the pty's
 * other end. */
int sys_holder_scan_peers(dev_t rdev, const char *device, struct sys_holder *out, int max,
			  bool *complete, int *peers);

/* Whether a process whose program name is comm is running. */
bool sys_proc_running(const char *comm);

#endif
