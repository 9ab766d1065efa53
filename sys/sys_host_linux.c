/* sys_host_linux.c - memory, uptime, mounts, file system usage and
 * processes by name, read from /proc (or a fixture tree shaped like it). */
#include "sys_host.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "sys_file.h"

#define HOST_SCAN_MAX_PIDS 100000

/* The procfs root to read. */
static const char *host_proc(const char *proc)
{
	return proc && proc[0] ? proc : "/proc";
}

/* The value in kB of "Name:   123 kB" at the start of a line, -1 if absent. */
static long long meminfo_value(const char *text, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
			char *end;
			long long v;

			errno = 0;
			v = strtoll(p + nl + 1, &end, 10);
			if (errno || end == p + nl + 1 || v < 0)
				return -1;
			return v;
		}
	}
	return -1;
}

/* Parse /proc/meminfo text. */
bool sys_meminfo_parse(const char *text, struct sys_meminfo *out)
{
	out->total_kb = meminfo_value(text, "MemTotal");
	out->available_kb = meminfo_value(text, "MemAvailable");
	out->free_kb = meminfo_value(text, "MemFree");
	out->swap_total_kb = meminfo_value(text, "SwapTotal");
	out->swap_free_kb = meminfo_value(text, "SwapFree");
	return out->total_kb > 0;
}

/* Read a file of at most len-1 bytes whole (meminfo is ~1.5 kB, larger
 * than sys_read_text is meant for); -1 when unreadable. */
static ssize_t host_read_whole(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	size_t have = 0;

	if (fd < 0)
		return -1;
	while (have + 1 < len) {
		ssize_t n = read(fd, buf + have, len - 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	/* Text stops at a NUL. */
	return (ssize_t)strlen(buf);
}

/* Read proc/meminfo. */
bool sys_meminfo_read(const char *proc, struct sys_meminfo *out)
{
	char path[PATH_MAX], text[8192];

	memset(out, 0, sizeof(*out));
	if (!sys_path_join(path, sizeof(path), host_proc(proc), "meminfo") ||
	    host_read_whole(path, text, sizeof(text)) <= 0)
		return false;
	return sys_meminfo_parse(text, out);
}

/* Seconds since boot: the first number of proc/uptime. */
bool sys_uptime_read(const char *proc, double *out)
{
	char text[128], *end;

	if (sys_read_text_at(host_proc(proc), "uptime", text, sizeof(text)) <= 0)
		return false;
	errno = 0;
	*out = strtod(text, &end);
	return !errno && end != text && *out >= 0;
}

/* Copy the next space-separated field of *p into out (truncated to len),
 * undoing the kernel's \ooo octal escapes; false at the end of the line. */
static bool mi_field(const char **p, char *out, size_t len)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ')
		s++;
	if (!*s || *s == '\n')
		return false;
	while (*s && *s != ' ' && *s != '\n') {
		char c = *s++;

		if (c == '\\' && s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7' &&
		    s[2] >= '0' && s[2] <= '7') {
			c = (char)((s[0] - '0') * 64 + (s[1] - '0') * 8 + (s[2] - '0'));
			s += 3;
		}
		if (n + 1 < len)
			out[n++] = c;
	}
	if (len)
		out[n] = '\0';
	*p = s;
	return true;
}

/* Whether the comma-separated options list has "ro". */
static bool mi_has_ro(const char *opts)
{
	for (const char *p = opts; *p;) {
		size_t n = strcspn(p, ",");

		if (n == 2 && strncmp(p, "ro", 2) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

/* Parse one mountinfo line (see sys_host.h). */
bool sys_mountinfo_parse_line(const char *line, struct sys_mount *out)
{
	char word[SYS_MOUNT_PATH_MAX], opts[256];
	const char *p = line;
	bool sep = false;

	memset(out, 0, sizeof(*out));
	/* mount id, parent id, major:minor, root */
	for (int i = 0; i < 4; i++)
		if (!mi_field(&p, word, sizeof(word)))
			return false;
	if (!mi_field(&p, out->point, sizeof(out->point)) || out->point[0] != '/')
		return false;
	if (!mi_field(&p, opts, sizeof(opts)))
		return false;
	out->ro = mi_has_ro(opts);
	/* Optional fields up to the lone "-". */
	while (mi_field(&p, word, sizeof(word))) {
		if (strcmp(word, "-") == 0) {
			sep = true;
			break;
		}
	}
	if (!sep || !mi_field(&p, out->fstype, sizeof(out->fstype)) ||
	    !mi_field(&p, out->source, sizeof(out->source)))
		return false;
	/* Super block options: a file system the kernel remounted read-only
	 * after errors shows "ro" here. */
	if (mi_field(&p, opts, sizeof(opts)) && mi_has_ro(opts))
		out->ro = true;
	return true;
}

/* Whether mount point mp holds path. */
static size_t mount_covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);

	if (strcmp(mp, "/") == 0)
		return 1;
	if (strncmp(path, mp, n) == 0 && (path[n] == '/' || path[n] == '\0'))
		return n;
	return 0;
}

/* The mount holding path (see sys_host.h). */
bool sys_mount_of(const char *proc, const char *path, struct sys_mount *out)
{
	char file[PATH_MAX], line[2048];
	struct sys_mount m;
	size_t best = 0;
	int lines = 0;
	FILE *f;

	if (!sys_path_join(file, sizeof(file), host_proc(proc), "self/mountinfo"))
		return false;
	f = fopen(file, "re");
	if (!f)
		return false;
	while (lines++ < 100000 && fgets(line, sizeof(line), f)) {
		size_t n;

		/* A line longer than the buffer: skip its rest. */
		if (!strchr(line, '\n') && !feof(f)) {
			int c;

			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (!sys_mountinfo_parse_line(line, &m))
			continue;
		n = mount_covers(m.point, path);
		if (n && n >= best) {
			best = n;
			*out = m;
		}
	}
	fclose(f);
	return best > 0;
}

/* Space, inodes and the read-only flag of path's file system. */
int sys_fs_usage_read(const char *path, struct sys_fs_usage *out)
{
	struct statvfs v;
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (statvfs(path, &v) != 0 || stat(path, &st) != 0)
		return errno;
	out->size_b = (unsigned long long)v.f_blocks * v.f_frsize;
	out->avail_b = (unsigned long long)v.f_bavail * v.f_frsize;
	out->inodes = v.f_files;
	out->inodes_free = v.f_favail;
	out->ro = (v.f_flag & ST_RDONLY) != 0;
	out->dev = st.st_dev;
	return 0;
}

/* Parse /proc/PID/stat (see sys_host.h). */
bool sys_proc_stat_parse(const char *text, char *state, unsigned long long *start_ticks)
{
	const char *p = strrchr(text, ')');
	int field = 3;

	if (!p || p[1] != ' ' || !p[2] || !isalpha((unsigned char)p[2]))
		return false;
	*state = p[2];
	p += 3;
	/* Fields 4..21 to skip; field 22 is the start time. */
	while (*p && field < 22) {
		if (*p++ == ' ')
			field++;
	}
	if (field != 22 || !isdigit((unsigned char)*p))
		return false;
	errno = 0;
	*start_ticks = strtoull(p, NULL, 10);
	return errno == 0;
}

/* Insert info into out (sorted by start time), keeping at most max. */
static int proc_insert(struct sys_proc_info *out, int n, int max, const struct sys_proc_info *info)
{
	int at = n;

	while (at > 0 && out[at - 1].start_s > info->start_s)
		at--;
	if (at >= max)
		return n;
	if (n == max)
		n--;
	memmove(out + at + 1, out + at, sizeof(*out) * (size_t)(n - at));
	out[at] = *info;
	return n + 1;
}

/* The live processes named name (see sys_host.h). */
int sys_proc_find(const char *proc, const char *name, struct sys_proc_info *out, int max)
{
	DIR *d = opendir(host_proc(proc));
	struct dirent *e;
	long hz = sysconf(_SC_CLK_TCK);
	int n = 0, seen = 0;

	if (!d || max <= 0) {
		if (d)
			closedir(d);
		return 0;
	}
	if (hz <= 0)
		hz = 100;
	while ((e = readdir(d)) != NULL && seen++ < HOST_SCAN_MAX_PIDS) {
		char dir[PATH_MAX], comm[64], stat[1024];
		struct sys_proc_info info;
		unsigned long long ticks;
		char *end;
		long pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0 || !sys_path_join(dir, sizeof(dir), host_proc(proc), e->d_name))
			continue;
		if (sys_read_text_at(dir, "comm", comm, sizeof(comm)) <= 0 || strcmp(comm, name) != 0)
			continue;
		if (sys_read_text_at(dir, "stat", stat, sizeof(stat)) <= 0 ||
		    !sys_proc_stat_parse(stat, &info.state, &ticks) || info.state == 'Z' ||
		    info.state == 'X')
			continue;
		info.pid = (pid_t)pid;
		info.start_s = (double)ticks / (double)hz;
		n = proc_insert(out, n, max, &info);
	}
	closedir(d);
	return n;
}

/* Which of names run (see sys_host.h). */
unsigned sys_proc_running_mask(const char *proc, const char *const *names)
{
	DIR *d = opendir(host_proc(proc));
	struct dirent *e;
	unsigned mask = 0;
	int seen = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL && seen++ < HOST_SCAN_MAX_PIDS) {
		char dir[PATH_MAX], comm[64], stat[1024];
		unsigned long long ticks;
		char state;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    !sys_path_join(dir, sizeof(dir), host_proc(proc), e->d_name) ||
		    sys_read_text_at(dir, "comm", comm, sizeof(comm)) <= 0)
			continue;
		for (int i = 0; names[i] && i < 32; i++) {
			if (strcmp(comm, names[i]) != 0 || (mask & (1u << i)))
				continue;
			if (sys_read_text_at(dir, "stat", stat, sizeof(stat)) > 0 &&
			    sys_proc_stat_parse(stat, &state, &ticks) && state != 'Z' && state != 'X')
				mask |= 1u << i;
		}
	}
	closedir(d);
	return mask;
}

/* Whether proc/PID exists. */
bool sys_proc_alive(const char *proc, long pid)
{
	char name[24], dir[PATH_MAX];

	if (pid <= 0)
		return false;
	snprintf(name, sizeof(name), "%ld", pid);
	return sys_path_join(dir, sizeof(dir), host_proc(proc), name) && sys_is_dir(dir);
}
