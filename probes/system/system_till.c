/* system_till.c - system.till: the till software (system.till_process) is
 * running, and has not just restarted: a process much younger than the
 * PC's uptime was started again after boot - by hand, or by a service
 * manager after a crash.
 *
 * systemd's own restart count (NRestarts) lives only on its D-Bus API;
 * posdoctor has no D-Bus client, so the process age is the witness.
 */
#include "system.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "sys_host.h"

#define TILL_MAX_PROCS 16
/* A till started this long after boot was started at boot (a login, an
 * autostart). */
#define TILL_BOOT_GRACE_S 300.0

/* system.till. */
void system_till_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct sys_proc_info procs[TILL_MAX_PROCS];
	char proc[SYSTEM_PATH_MAX];
	double uptime = 0, age;
	int n;

	system_path(cfg, "proc", proc, sizeof(proc));
	result_arg(res, "process", "%s", cfg->system.till_process);
	result_arg(res, "minutes", "?");
	n = sys_proc_find(proc, cfg->system.till_process, procs, TILL_MAX_PROCS);
	result_metric(res, "processes", n);
	if (n == 0) {
		result_set(res, STATUS_FAIL, "system.till_not_running");
		return;
	}
	if (!sys_uptime_read(proc, &uptime)) {
		result_detail(res, "%s/uptime unreadable: start time not judged", proc);
		result_set(res, STATUS_OK, "system.ok");
		return;
	}
	/* The oldest process is the main one (children start later). */
	age = uptime - procs[0].start_s;
	if (age < 0)
		age = 0;
	result_metric(res, "till_uptime_s", age);
	result_metric(res, "pc_uptime_s", uptime);
	result_arg(res, "pid", "%d", (int)procs[0].pid);
	result_arg(res, "minutes", "%.0f", age / 60.0);
	result_arg(res, "pc_hours", "%.1f", uptime / 3600.0);
	for (int i = 0; i < n; i++)
		result_detail(res, "pid %d (%c) started %.0f s after boot, %.0f s ago",
			      (int)procs[i].pid, procs[i].state, procs[i].start_s,
			      uptime - procs[i].start_s);
	if (age < cfg->system.thresholds.till_min_uptime_s &&
	    procs[0].start_s > TILL_BOOT_GRACE_S)
		result_set(res, STATUS_WARN, "system.till_restarting");
	else
		result_set(res, STATUS_OK, "system.ok");
}
