/* system.c - the system module's table of checks: the till PC itself.
 *
 * system.clock          the clock: kernel sync state, time service, SNTP offset
 * system.disk           free space, inodes, read-only file systems
 * system.memory         available memory, swap, out-of-memory kills
 * system.serial_driver  USB-serial adapters without their driver
 * system.till           the till software running, not restarting
 */
#include "system.h"
#include "registry.h"

#include <stdio.h>
#include <string.h>

#include "config.h"

static const char *const codes_clock[] = {
	"system.ok", "system.clock_unsynced", "system.clock_offset",
	"system.no_time_service", "system.ntp_no_answer", "check.cancelled", NULL
};

static const char *const codes_disk[] = {
	"system.ok", "system.disk_low", "system.disk_full", "system.disk_readonly",
	"system.path_missing", NULL
};

static const char *const codes_memory[] = {
	"system.ok", "system.memory_low", "system.oom_killed", NULL
};

static const char *const codes_serial[] = {
	"system.ok", "system.serial_no_driver", "system.serial_blacklisted",
	"system.serial_grabbed", NULL
};

static const char *const codes_till[] = {
	"system.ok", "system.till_not_running", "system.till_restarting", NULL
};

/* system.till appears only when system.till_process names the program. */
static int system_till_instances(const struct config *cfg,
				 char labels[][PROBE_LABEL_MAX], int max)
{
	if (!cfg->system.till_process[0] || max < 1)
		return 0;
	labels[0][0] = '\0';
	return 1;
}

static const struct probe probe_clock = {
	.id = "system.clock", .module = "system", .codes = codes_clock,
	.timeout_ms = 3000, .run = system_clock_run,
};

static const struct probe probe_disk = {
	.id = "system.disk", .module = "system", .codes = codes_disk,
	.timeout_ms = 2000, .run = system_disk_run,
};

static const struct probe probe_memory = {
	.id = "system.memory", .module = "system", .codes = codes_memory,
	.timeout_ms = 3000, .run = system_memory_run,
};

static const struct probe probe_serial = {
	.id = "system.serial_driver", .module = "system", .codes = codes_serial,
	.timeout_ms = 2000, .run = system_serial_run,
};

static const struct probe probe_till = {
	.id = "system.till", .module = "system", .codes = codes_till,
	.timeout_ms = 2000, .instances = system_till_instances, .run = system_till_run,
};

const struct probe *const system_probes[] = {
	&probe_clock, &probe_disk, &probe_memory, &probe_serial, &probe_till, NULL
};

/* A path below system.root. */
void system_path(const struct config *cfg, const char *rel, char *out, size_t len)
{
	const char *root = cfg->system.root[0] ? cfg->system.root : "/";
	size_t rl = strlen(root);

	/* "/", "/x/" and "/x" give the same paths. */
	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	snprintf(out, len, "%.*s/%s", (int)rl, root, rel);
}
