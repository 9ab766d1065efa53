/* sys_host.h - the PC itself: memory, uptime, file systems and their mount
 * options, processes by name (Linux: /proc, statvfs). Any thread; no
 * globals. proc is the procfs root, NULL for "/proc" (tests point it at a
 * fixture tree). */
#ifndef POSDOCTOR_SYS_HOST_H
#define POSDOCTOR_SYS_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* /proc/meminfo in kB; -1 where a line is missing. */
struct sys_meminfo {
	long long total_kb, available_kb, free_kb, swap_total_kb, swap_free_kb;
};

/* Parse the text of /proc/meminfo. False when MemTotal is missing. */
bool sys_meminfo_parse(const char *text, struct sys_meminfo *out);
/* Read proc/meminfo. False when unreadable or not meminfo. */
bool sys_meminfo_read(const char *proc, struct sys_meminfo *out);
/* Seconds since boot from proc/uptime; false when unreadable. */
bool sys_uptime_read(const char *proc, double *out);

#define SYS_MOUNT_PATH_MAX 512

/* One line of /proc/self/mountinfo (the kernel's proc(5) layout). */
struct sys_mount {
	char point[SYS_MOUNT_PATH_MAX];   /* mount point, \040 escapes undone */
	char fstype[32];
	char source[128];                 /* "/dev/mmcblk0p2" */
	bool ro;                          /* the mount or its super block is ro */
};

/* Parse one mountinfo line; false when it is not one. */
bool sys_mountinfo_parse_line(const char *line, struct sys_mount *out);
/* The mount holding path (the longest mount point that is a prefix of
 * it, the last such mount winning as the kernel stacks them) in
 * proc/self/mountinfo. path should be canonical. False when none. */
bool sys_mount_of(const char *proc, const char *path, struct sys_mount *out);

/* Space and inodes of the file system holding path (statvfs). */
struct sys_fs_usage {
	unsigned long long size_b, avail_b;      /* avail: for ordinary users */
	unsigned long long inodes, inodes_free;  /* 0 inodes: not counted */
	bool ro;                                 /* ST_RDONLY */
	dev_t dev;                               /* st_dev, to spot repeats */
};

/* Fill out for path; 0, or an errno. */
int sys_fs_usage_read(const char *path, struct sys_fs_usage *out);

/* A process found by name. */
struct sys_proc_info {
	pid_t pid;
	char state;                  /* R, S, D, T, Z ... */
	double start_s;              /* seconds after boot it started */
};

/* Parse /proc/PID/stat text: the state and the start time in clock ticks
 * (field 22, after the ')' that closes the name). False when malformed. */
bool sys_proc_stat_parse(const char *text, char *state, unsigned long long *start_ticks);
/* The processes (not zombies) whose comm is name under proc, oldest
 * first, at most max. Returns how many. */
int sys_proc_find(const char *proc, const char *name, struct sys_proc_info *out, int max);
/* Which of names (NULL-terminated, at most 32) run under proc, in one
 * pass: bit i set when a live process has comm names[i]. */
unsigned sys_proc_running_mask(const char *proc, const char *const *names);
/* Whether proc/PID exists (a pid file's process is alive). */
bool sys_proc_alive(const char *proc, long pid);

#endif
