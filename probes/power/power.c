/* power.c - the power module's table of checks (SPEC §2) and where its
 * sysfs files are. */
#include "power.h"
#include "registry.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static const char *const codes_supply[] = {
	"power.ok", "power.on_battery", "power.battery_low", "power.ac_offline",
	"power.battery_health", "power.no_supply", NULL
};

static const char *const codes_board[] = {
	"power.ok", "power.undervoltage", "power.undervoltage_past",
	"power.throttled", "power.overheat", "power.voltage_alarm",
	"power.no_sensors", NULL
};

static const char *const codes_ups[] = {
	"power.ok", "power.ups_on_battery", "power.ups_low_battery",
	"power.ups_unreachable", "power.ups_overload", "power.ups_unknown_name",
	"power.ups_ambiguous", "power.ups_none", "power.ups_driver_down",
	"power.ups_stale", "power.ups_waiting", "power.ups_replace_battery",
	"power.ups_attention", "power.ups_error", "power.ups_not_set_up", NULL
};

static const struct probe probe_supply = {
	.id = "power.supply", .module = "power", .codes = codes_supply,
	.timeout_ms = 2000, .run = power_supply_run,
};

static const struct probe probe_board = {
	.id = "power.board", .module = "power", .codes = codes_board,
	.timeout_ms = 3000, .run = power_board_run,
};

static const struct probe probe_ups = {
	.id = "power.ups", .module = "power", .codes = codes_ups,
	.timeout_ms = 3000, .run = power_ups_run,
};

const struct probe *const power_probes[] = {
	&probe_supply, &probe_board, &probe_ups, NULL
};

/* The configured sysfs root, "/sys" by default. */
static const char *power_sysfs_root(const struct config *cfg)
{
	return cfg->power.sysfs_root[0] ? cfg->power.sysfs_root : "/sys";
}

/* A path below the configured sysfs root. */
void power_sysfs_path(const struct config *cfg, const char *rel,
		      char *out, size_t len)
{
	const char *root = power_sysfs_root(cfg);
	size_t rl = strlen(root);

	/* "/sys/" and "/sys" give the same paths. */
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	snprintf(out, len, "%.*s/%s", (int)rl, root, rel);
}

/* Say so when power.sysfs_root does not exist. */
void power_note_missing_root(const struct config *cfg, struct check_result *res)
{
	const char *root = power_sysfs_root(cfg);

	if (!sys_is_dir(root))
		result_detail(res, "power.sysfs_root %s is not a folder", root);
}

/* Visit <sysfs root>/<cls>/<prefix>* in order (see power.h). */
int power_each_device(const struct config *cfg, const char *cls, const char *prefix,
		      const char *label_file, int max,
		      void (*each)(const char *dir, const char *name, const char *label, void *arg),
		      void *arg)
{
	char (*names)[SYS_NAME_MAX] = calloc((size_t)max, SYS_NAME_MAX);
	char base[POWER_PATH_MAX], dir[POWER_PATH_MAX + POWER_NAME_MAX], label[POWER_NAME_MAX];
	int n, seen = 0;

	if (!names)
		return 0;
	power_sysfs_path(cfg, cls, base, sizeof(base));
	n = sys_list_dir(base, prefix, names, max);
	for (int i = 0; i < n; i++) {
		if (!sys_path_join(dir, sizeof(dir), base, names[i]))
			continue;
		if (!label_file || sys_read_text_at(dir, label_file, label, sizeof(label)) <= 0)
			text_copy(label, sizeof(label), names[i]);
		each(dir, names[i], label, arg);
		seen++;
	}
	free(names);
	return seen;
}
