/* system_memory.c - system.memory: available memory and swap now
 * (<system.root>/proc/meminfo), and processes the kernel's out-of-memory
 * killer stopped since boot (the kernel log at system.kmsg, read by
 * sys/sys_kmsg_linux.c as power.board reads it).
 */
#include "system.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "config.h"
#include "sys_host.h"
#include "sys_kmsg.h"

#define MEMORY_KMSG_MAX_RECORDS 200000

/* What the kernel log said about out-of-memory kills. */
struct oom_seen {
	int kills;
	long last_pid;
	char last_name[SYSTEM_NAME_MAX];
	double last_s;             /* seconds after boot */
};

/* Parse an out-of-memory kill message (see system.h). The kernel writes
 * "Out of memory: Killed process %d (%s) total-vm:..." and, for a memory
 * cgroup, "Memory cgroup out of memory: Killed process %d (%s) ..."
 * (mm/oom_kill.c); older kernels said "Kill process". */
bool system_oom_parse(const char *msg, size_t len, long *pid, char *name, size_t name_len)
{
	static const char *const marks[] = { "out of memory: Killed process ",
					     "out of memory: Kill process " };

	for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
		size_t ml = strlen(marks[m]);

		for (size_t i = 0; i + ml <= len; i++) {
			size_t j = i + ml, n = 0;
			long v = 0;

			if (strncasecmp(msg + i, marks[m], ml) != 0)
				continue;
			while (j < len && isdigit((unsigned char)msg[j]) && v < 100000000)
				v = v * 10 + (msg[j++] - '0');
			if (j == i + ml || j + 1 >= len || msg[j] != ' ' || msg[j + 1] != '(')
				return false;
			j += 2;
			while (j + n < len && msg[j + n] != ')')
				n++;
			if (j + n >= len || n == 0)
				return false;
			*pid = v;
			if (name_len) {
				size_t k = n < name_len - 1 ? n : name_len - 1;

				memcpy(name, msg + j, k);
				name[k] = '\0';
				/* A name is shown on screen: no control bytes. */
				for (size_t c = 0; c < k; c++)
					if ((unsigned char)name[c] < 0x20 || name[c] == 0x7f)
						name[c] = '?';
			}
			return true;
		}
	}
	return false;
}

/* Count one record if it is an out-of-memory kill (sys_kmsg_fn). */
static bool oom_take(const struct sys_kmsg_record *rec, void *arg)
{
	struct oom_seen *o = arg;
	long pid;
	char name[SYSTEM_NAME_MAX];

	if (system_oom_parse(rec->msg, rec->msg_len, &pid, name, sizeof(name))) {
		o->kills++;
		o->last_pid = pid;
		snprintf(o->last_name, sizeof(o->last_name), "%s", name);
		o->last_s = (double)rec->usec / 1e6;
	}
	return true;
}

/* system.memory. */
void system_memory_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct sys_meminfo mi;
	struct sys_kmsg_status log;
	struct oom_seen oom;
	char proc[SYSTEM_PATH_MAX], eb[96];
	double avail_pct = 100, swap_used_pct = 0;
	bool low = false;
	int64_t stop = ctx->deadline_ms - 300;

	system_path(cfg, "proc", proc, sizeof(proc));
	if (sys_meminfo_read(proc, &mi)) {
		long long avail = mi.available_kb >= 0 ? mi.available_kb : mi.free_kb;

		avail_pct = 100.0 * (double)avail / (double)mi.total_kb;
		result_metric(res, "memory_available_mb", (double)avail / 1024.0);
		result_metric(res, "memory_total_mb", (double)mi.total_kb / 1024.0);
		result_metric(res, "memory_available_pct", avail_pct);
		if (mi.swap_total_kb > 0 && mi.swap_free_kb >= 0) {
			swap_used_pct = 100.0 * (double)(mi.swap_total_kb - mi.swap_free_kb) /
					(double)mi.swap_total_kb;
			result_metric(res, "swap_used_pct", swap_used_pct);
		}
		result_arg(res, "available_mb", "%.0f", (double)avail / 1024.0);
		result_arg(res, "available_pct", "%.0f", avail_pct);
		result_detail(res, "memory: %.0f MB available of %.0f MB (%.1f%%), swap %s%.0f%% used",
			      (double)avail / 1024.0, (double)mi.total_kb / 1024.0, avail_pct,
			      mi.swap_total_kb > 0 ? "" : "none, ", swap_used_pct);
		low = avail_pct < cfg->system.thresholds.memory_warn_pct;
	} else {
		result_detail(res, "%s/meminfo unreadable", proc);
		result_arg(res, "available_mb", "?");
		result_arg(res, "available_pct", "?");
	}

	memset(&oom, 0, sizeof(oom));
	if (stop > clock_ms() + 1000)
		stop = clock_ms() + 1000;
	sys_kmsg_read(cfg->system.kmsg, stop, MEMORY_KMSG_MAX_RECORDS, oom_take, &oom, &log);
	if (!log.readable)
		result_detail(res, "kernel log %s unreadable (%s): out-of-memory kills not counted",
			      cfg->system.kmsg, errno_text(log.error, eb, sizeof(eb)));
	else
		result_metric(res, "oom_kills", oom.kills);
	if (log.truncated)
		result_detail(res, "kernel log read in part (time or size limit)");
	if (oom.kills > 0) {
		result_arg(res, "process", "%s", oom.last_name);
		result_arg(res, "kills", "%d", oom.kills);
		result_arg(res, "minutes_after_boot", "%.0f", oom.last_s / 60.0);
		result_detail(res, "out-of-memory killer: %d kill(s), last %s (pid %ld) at %.0f s after boot",
			      oom.kills, oom.last_name, oom.last_pid, oom.last_s);
		result_set(res, STATUS_WARN, "system.oom_killed");
	} else if (low) {
		result_set(res, STATUS_WARN, "system.memory_low");
	} else {
		result_set(res, STATUS_OK, "system.ok");
	}
}
