/* system_disk.c - system.disk: room left on /, /var and the folders of
 * system.paths, and file systems gone read-only (a failing SD card on a
 * Raspberry Pi is remounted read-only by the kernel).
 *
 * Space and inodes come from statvfs on the real folders; the mount and
 * its options from <system.root>/proc/self/mountinfo (sys/sys_host_linux.c).
 */
#include "system.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sys_host.h"

#define DISK_MAX_PATHS (2 + CFG_MAX_PATHS)

/* The verdict on one folder. */
struct disk_seen {
	char path[PATH_MAX];
	struct sys_fs_usage use;
	struct sys_mount mnt;
	bool have_mnt;
	double free_pct, inodes_free_pct;   /* inodes: -1 when not counted */
	enum check_status status;
	const char *code;
};

/* "1.2 GB" style size, in the units a shop owner knows. */
static void disk_size_text(unsigned long long b, char *out, size_t len)
{
	if (b >= 1000ULL * 1000 * 1000)
		snprintf(out, len, "%.1f GB", (double)b / 1e9);
	else if (b >= 1000ULL * 1000)
		snprintf(out, len, "%.0f MB", (double)b / 1e6);
	else
		snprintf(out, len, "%.0f kB", (double)b / 1e3);
}

/* Judge one folder's file system by the thresholds. */
static void disk_judge(const struct config *cfg, struct disk_seen *d)
{
	double worst;

	d->free_pct = d->use.size_b ? 100.0 * (double)d->use.avail_b / (double)d->use.size_b : 100.0;
	d->inodes_free_pct = d->use.inodes ?
		100.0 * (double)d->use.inodes_free / (double)d->use.inodes : -1;
	worst = d->free_pct;
	if (d->inodes_free_pct >= 0 && d->inodes_free_pct < worst)
		worst = d->inodes_free_pct;
	if (d->use.ro || (d->have_mnt && d->mnt.ro)) {
		d->status = STATUS_FAIL;
		d->code = "system.disk_readonly";
	} else if (worst < cfg->system.thresholds.disk_fail_pct || d->use.avail_b == 0 ||
		   (d->use.inodes && d->use.inodes_free == 0)) {
		d->status = STATUS_FAIL;
		d->code = "system.disk_full";
	} else if (worst < cfg->system.thresholds.disk_warn_pct) {
		d->status = STATUS_WARN;
		d->code = "system.disk_low";
	} else {
		d->status = STATUS_OK;
		d->code = "system.ok";
	}
}

/* The folders to look at: /, /var, then system.paths. */
static int disk_paths(const struct config *cfg, const char *paths[DISK_MAX_PATHS])
{
	int n = 0;

	paths[n++] = "/";
	paths[n++] = "/var";
	for (int i = 0; i < cfg->system.n_paths && i < CFG_MAX_PATHS; i++)
		paths[n++] = cfg->system.paths[i];
	return n;
}

/* system.disk. */
void system_disk_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *paths[DISK_MAX_PATHS];
	struct disk_seen *seen = calloc(DISK_MAX_PATHS, sizeof(*seen));
	struct disk_seen *worst = NULL;
	char proc[SYSTEM_PATH_MAX], size[32], eb[96];
	int n = disk_paths(cfg, paths), kept = 0, missing = 0;
	const char *missing_path = NULL;

	if (!seen) {
		result_set(res, STATUS_WARN, "system.path_missing");
		result_arg(res, "path", "(out of memory)");
		return;
	}
	system_path(cfg, "proc", proc, sizeof(proc));
	for (int i = 0; i < n && !probe_cancelled(ctx); i++) {
		struct disk_seen *d = &seen[kept];
		int err;
		bool repeat = false;

		if (!realpath(paths[i], d->path)) {
			result_detail(res, "%s: %s", paths[i], errno_text(errno, eb, sizeof(eb)));
			if (i >= 2 && !missing_path)
				missing_path = paths[i];
			missing += i >= 2;
			continue;
		}
		err = sys_fs_usage_read(d->path, &d->use);
		if (err) {
			result_detail(res, "%s: %s", d->path, errno_text(err, eb, sizeof(eb)));
			continue;
		}
		/* /var on the root file system: one file system, said once. */
		for (int j = 0; j < kept; j++)
			repeat |= seen[j].use.dev == d->use.dev;
		if (repeat)
			continue;
		d->have_mnt = sys_mount_of(proc, d->path, &d->mnt);
		disk_judge(cfg, d);
		disk_size_text(d->use.avail_b, size, sizeof(size));
		result_detail(res, "%s: %s free (%.1f%%), inodes %s%.1f%%%s, on %s%s",
			      d->path, size, d->free_pct,
			      d->inodes_free_pct < 0 ? "not counted" : "",
			      d->inodes_free_pct < 0 ? 0.0 : d->inodes_free_pct,
			      d->inodes_free_pct < 0 ? "" : " free",
			      d->have_mnt ? d->mnt.source : "?",
			      d->status == STATUS_FAIL && !strcmp(d->code, "system.disk_readonly") ?
			      ", READ-ONLY" : "");
		if (!worst || status_rank(d->status) > status_rank(worst->status))
			worst = d;
		kept++;
	}
	if (!worst) {
		result_set(res, STATUS_WARN, "system.path_missing");
		result_arg(res, "path", "/");
		free(seen);
		return;
	}
	disk_size_text(worst->use.avail_b, size, sizeof(size));
	result_arg(res, "path", "%s", worst->path);
	result_arg(res, "free", "%s", size);
	result_arg(res, "free_pct", "%.0f", worst->free_pct);
	result_arg(res, "device", "%s", worst->have_mnt ? worst->mnt.source : "?");
	result_metric(res, "disk_free_pct", worst->free_pct);
	result_metric(res, "disk_free_mb", (double)worst->use.avail_b / 1e6);
	if (worst->inodes_free_pct >= 0)
		result_metric(res, "inodes_free_pct", worst->inodes_free_pct);
	result_metric(res, "filesystems", kept);
	if (worst->status == STATUS_OK && missing) {
		result_set(res, STATUS_WARN, "system.path_missing");
		result_arg(res, "path", "%s", missing_path);
	} else {
		result_set(res, worst->status, worst->code);
	}
	free(seen);
}
