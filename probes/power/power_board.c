/* power_board.c - power.board: under-voltage, throttling, heat, voltage alarms.
 *
 * Sources, each optional (a PC that is not a Raspberry Pi has fewer):
 * - the Pi firmware's throttled word, sysfs get_throttled (bits 0-3 now,
 *   16-19 since boot: under-voltage, ARM frequency capped, throttled, soft
 *   temperature limit; Raspberry Pi documentation, "vcgencmd get_throttled");
 * - the rpi_volt hwmon device's in0_lcrit_alarm (under-voltage now);
 * - "Under-voltage detected" kernel messages since boot (count, first, last);
 * - thermal zones (temp in millidegrees, critical trip points);
 * - hwmon voltage alarms (Documentation/hwmon/sysfs-interface.rst), named by
 *   their labels; the power_supply class's hwmon mirrors of batteries are
 *   skipped, power.supply reports those.
 */
#include "power.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define THROTTLE_NOW_UV     0x1u
#define THROTTLE_NOW_OTHER  0xEu
#define THROTTLE_PAST_UV    0x10000u
#define THROTTLE_PAST_OTHER 0xE0000u
#define BOARD_MAX_HWMON     32
#define BOARD_MAX_ZONES     32
#define BOARD_MAX_ENTRIES   256

/* What the board told us. */
struct board_scan {
	bool is_pi;
	char model[96];
	bool have_throttled;
	unsigned long throttled;
	bool have_rpi_volt;
	bool rpi_volt_alarm;
	struct power_kmsg_stats kmsg;
	bool kmsg_tried;
	int n_zones;
	double max_temp_c, max_crit_c;  /* hottest zone, its critical trip */
	char hot_zone[POWER_NAME_MAX];
	int n_volt_inputs, n_alarms;
	char alarm_labels[ARG_VALUE_MAX];
};

/* Where a get_throttled search stands (sys_glob_each's argument). */
struct throttled_find {
	unsigned long value;
	struct check_result *res;
};

/* Read one get_throttled file; true when it held the word. */
static bool board_take_throttled(const char *path, void *arg)
{
	struct throttled_find *f = arg;
	char text[64], *end;

	if (sys_read_text(path, text, sizeof(text)) <= 0) {
		result_detail(f->res, "%s: not readable", path);
		return false;
	}
	/* The driver prints "%x"; accept a 0x prefix too. */
	f->value = strtoul(text, &end, 16);
	if (end != text && *end == '\0')
		return true;
	result_detail(f->res, "get_throttled: unreadable value \"%.20s\"", text);
	return false;
}

/* Find get_throttled wherever the firmware node sits; true when read. */
static bool board_read_throttled(const struct config *cfg, unsigned long *out,
				 struct check_result *res)
{
	static const char *const patterns[] = {
		"devices/platform/soc/soc:firmware/get_throttled",
		"devices/platform/soc*/*firmware*/get_throttled",
		"devices/platform/*firmware*/get_throttled",
		"devices/platform/*/*/*firmware*/get_throttled",
	};
	struct throttled_find f = { 0, res };
	char pat[POWER_PATH_MAX];

	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		power_sysfs_path(cfg, patterns[i], pat, sizeof(pat));
		if (sys_glob_each(pat, board_take_throttled, &f)) {
			*out = f.value;
			return true;
		}
	}
	return false;
}

/* True when a hwmon device is the power_supply class's mirror of a supply:
 * its parent device is a supply (uevent names it), or its name is a supply's
 * name with '-' made '_' (drivers/power/supply/power_supply_hwmon.c). */
static bool board_is_supply_mirror(const struct config *cfg, const char *dir,
				   const char *hname)
{
	char names[BOARD_MAX_HWMON][SYS_NAME_MAX];
	char path[POWER_PATH_MAX], uevent[1024];
	int n;

	if (sys_read_text_at(dir, "device/uevent", uevent, sizeof(uevent)) > 0 &&
	    strstr(uevent, "POWER_SUPPLY_NAME="))
		return true;
	power_sysfs_path(cfg, "class/power_supply", path, sizeof(path));
	n = sys_list_dir(path, "", names, BOARD_MAX_HWMON);
	for (int i = 0; i < n; i++) {
		for (char *p = names[i]; *p; p++)
			if (*p == '-')
				*p = '_';
		if (strcmp(names[i], hname) == 0)
			return true;
	}
	return false;
}

/* Append a label to the comma list of alarms. */
static void board_add_alarm(struct board_scan *b, const char *label)
{
	size_t n = strlen(b->alarm_labels);

	b->n_alarms++;
	if (n + strlen(label) + 3 < sizeof(b->alarm_labels))
		snprintf(b->alarm_labels + n, sizeof(b->alarm_labels) - n, "%s%s",
			 n ? ", " : "", label);
}

/* Voltage inputs and alarms of one hwmon device. */
static void board_scan_hwmon_volts(const char *dir, const char *hname,
				   struct board_scan *b, struct check_result *res)
{
	static const char *const kinds[] = {
		"alarm", "min_alarm", "max_alarm", "lcrit_alarm", "crit_alarm",
	};
	char (*ents)[SYS_NAME_MAX] = calloc(BOARD_MAX_ENTRIES, SYS_NAME_MAX);
	int n;

	if (!ents)
		return;
	n = sys_list_dir(dir, "in", ents, BOARD_MAX_ENTRIES);
	for (int i = 0; i < n; i++) {
		char label[64], file[POWER_NAME_MAX + 16], suffix[32];
		unsigned idx;
		long mv, alarm;

		if (sscanf(ents[i], "in%u_%31s", &idx, suffix) != 2 || strcmp(suffix, "input") != 0)
			continue;
		b->n_volt_inputs++;
		snprintf(file, sizeof(file), "in%u_label", idx);
		if (sys_read_text_at(dir, file, label, sizeof(label)) <= 0)
			snprintf(label, sizeof(label), "%.40s in%u", hname, idx);
		if (sys_read_long_at(dir, ents[i], &mv))
			result_detail(res, "%s: %s = %.3f V", hname, label, (double)mv / 1000.0);
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			snprintf(file, sizeof(file), "in%u_%s", idx, kinds[k]);
			if (sys_read_long_at(dir, file, &alarm) && alarm == 1) {
				result_detail(res, "%s: %s %s", hname, label, kinds[k]);
				board_add_alarm(b, label);
				break;
			}
		}
	}
	free(ents);
}

struct board_walk {
	const struct config *cfg;
	struct board_scan *b;
	struct check_result *res;
};

/* One hwmon device: rpi_volt's alarm, else its voltage alarms. */
static void board_hwmon_one(const char *dir, const char *name, const char *hname, void *arg)
{
	struct board_walk *w = arg;
	long v;

	(void)name;
	if (strcmp(hname, "rpi_volt") == 0) {
		w->b->have_rpi_volt = true;
		w->b->is_pi = true;
		if (sys_read_long_at(dir, "in0_lcrit_alarm", &v) && v == 1)
			w->b->rpi_volt_alarm = true;
		return;
	}
	if (board_is_supply_mirror(w->cfg, dir, hname))
		return;       /* a battery's voltage: power.supply has it */
	board_scan_hwmon_volts(dir, hname, w->b, w->res);
}

/* Every hwmon device. */
static void board_scan_hwmon(const struct config *cfg, struct board_scan *b,
			     struct check_result *res)
{
	struct board_walk w = { cfg, b, res };

	power_each_device(cfg, "class/hwmon", "hwmon", "name", BOARD_MAX_HWMON,
			  board_hwmon_one, &w);
}

/* One thermal zone: its temperature and critical trip point. */
static void board_zone_one(const char *dir, const char *name, const char *type, void *arg)
{
	struct board_walk *w = arg;
	struct board_scan *b = w->b;
	double crit = 0, t;
	long mc;

	/* millidegree Celsius; outside -50..200 °C is a broken sensor. */
	if (!sys_read_long_at(dir, "temp", &mc) || mc < -50000 || mc > 200000)
		return;
	t = (double)mc / 1000.0;
	for (int k = 0; k < 16; k++) {
		char file[40], tt[32];
		long tc;

		snprintf(file, sizeof(file), "trip_point_%d_type", k);
		if (sys_read_text_at(dir, file, tt, sizeof(tt)) <= 0)
			break;
		snprintf(file, sizeof(file), "trip_point_%d_temp", k);
		if (strcmp(tt, "critical") == 0 && sys_read_long_at(dir, file, &tc) &&
		    tc > 0 && tc < 200000)
			crit = (double)tc / 1000.0;
	}
	if (crit > 0)
		result_detail(w->res, "%s (%s): %.1f °C, critical at %.1f °C", name, type, t, crit);
	else
		result_detail(w->res, "%s (%s): %.1f °C", name, type, t);
	if (b->n_zones++ == 0 || t > b->max_temp_c) {
		b->max_temp_c = t;
		b->max_crit_c = crit;
		text_copy(b->hot_zone, sizeof(b->hot_zone), type);
	}
}

/* Thermal zones: the hottest one and its critical trip point. */
static void board_scan_thermal(const struct config *cfg, struct board_scan *b,
			       struct check_result *res)
{
	struct board_walk w = { cfg, b, res };

	power_each_device(cfg, "class/thermal", "thermal_zone", "type", BOARD_MAX_ZONES,
			  board_zone_one, &w);
}

/* Describe the throttled bits in detail lines. */
static void board_describe_throttled(unsigned long t, struct check_result *res)
{
	static const char *const what[] = {
		"under-voltage", "ARM frequency capped", "throttled", "soft temperature limit",
	};

	result_detail(res, "get_throttled = 0x%lx", t);
	for (int i = 0; i < 4; i++) {
		if (t & (1ul << i))
			result_detail(res, "  %s now", what[i]);
		if (t & (1ul << (16 + i)))
			result_detail(res, "  %s since boot", what[i]);
	}
}

/* Kernel log part: only meaningful on a Pi, harmless elsewhere. */
static void board_scan_kmsg(const struct probe_ctx *ctx, struct board_scan *b,
			    struct check_result *res)
{
	int64_t stop = ctx->deadline_ms - 200;

	b->kmsg_tried = true;
	power_kmsg_scan(ctx->cfg->power.kmsg, stop, &b->kmsg);
	if (!b->kmsg.readable) {
		result_detail(res, "kernel log %s not readable (errno %d)",
			      ctx->cfg->power.kmsg, b->kmsg.error);
		result_arg(res, "events", "?");
		return;
	}
	result_metric(res, "undervoltage_events", b->kmsg.undervoltage);
	result_arg(res, "events", "%d", b->kmsg.undervoltage);
	result_detail(res, "kernel log: %d records, %d under-voltage, %d normalised%s",
		      b->kmsg.records, b->kmsg.undervoltage, b->kmsg.normalised,
		      b->kmsg.truncated ? " (stopped early)" : "");
	if (b->kmsg.undervoltage > 0) {
		result_metric(res, "undervoltage_first_s", b->kmsg.first_s);
		result_metric(res, "undervoltage_last_s", b->kmsg.last_s);
		result_arg(res, "first_s", "%.0f", b->kmsg.first_s);
		result_arg(res, "last_s", "%.0f", b->kmsg.last_s);
		result_detail(res, "under-voltage first %.1f s, last %.1f s after boot",
			      b->kmsg.first_s, b->kmsg.last_s);
	}
}

/* Decide the verdict, worst first. */
static void board_judge(const struct config *cfg, const struct board_scan *b,
			struct check_result *res)
{
	bool uv_now = b->rpi_volt_alarm || (b->have_throttled && (b->throttled & THROTTLE_NOW_UV));
	bool uv_past = (b->have_throttled && (b->throttled & THROTTLE_PAST_UV)) ||
		       (b->kmsg.readable && b->kmsg.undervoltage > 0);
	bool throttled = b->have_throttled &&
		(b->throttled & (THROTTLE_NOW_OTHER | THROTTLE_PAST_OTHER));
	bool hot = b->n_zones > 0 && b->max_temp_c >= cfg->power.thresholds.temp_warn_c;
	bool crit = hot && b->max_crit_c > 0 && b->max_temp_c >= b->max_crit_c;

	if (b->n_zones > 0) {
		result_metric(res, "max_temp_c", b->max_temp_c);
		result_arg(res, "zone", "%s", b->hot_zone);
		result_arg(res, "temp_c", "%.0f", b->max_temp_c);
		result_arg(res, "limit_c", "%d", cfg->power.thresholds.temp_warn_c);
	}
	if (b->n_alarms > 0) {
		result_metric(res, "voltage_alarms", b->n_alarms);
		result_arg(res, "labels", "%s", b->alarm_labels);
	}
	if (uv_now)
		result_set(res, STATUS_FAIL, "power.undervoltage");
	else if (crit)
		result_set(res, STATUS_FAIL, "power.overheat");
	else if (hot)
		result_set(res, STATUS_WARN, "power.overheat");
	else if (b->n_alarms > 0)
		result_set(res, STATUS_WARN, "power.voltage_alarm");
	else if (uv_past)
		result_set(res, STATUS_WARN, "power.undervoltage_past");
	else if (throttled)
		result_set(res, STATUS_WARN, "power.throttled");
	else if (!b->is_pi && b->n_zones == 0 && b->n_volt_inputs == 0) {
		power_note_missing_root(cfg, res);
		result_set(res, STATUS_SKIP, "power.no_sensors");
	}
	else
		result_set(res, STATUS_OK, "power.ok");
}

/* power.board: gather every source, then judge. */
void power_board_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct board_scan *b = calloc(1, sizeof(*b));
	char path[POWER_PATH_MAX];

	if (!b) {
		result_set(res, STATUS_SKIP, "power.no_sensors");
		return;
	}
	power_sysfs_path(cfg, "firmware/devicetree/base/model", path, sizeof(path));
	if (sys_read_text(path, b->model, sizeof(b->model)) > 0 &&
	    strstr(b->model, "Raspberry Pi")) {
		b->is_pi = true;
		result_arg(res, "model", "%s", b->model);
		result_detail(res, "model: %s", b->model);
	}
	b->have_throttled = board_read_throttled(cfg, &b->throttled, res);
	if (b->have_throttled) {
		char hex[24];

		b->is_pi = true;
		snprintf(hex, sizeof(hex), "0x%lx", b->throttled);
		result_metric_text(res, "throttled", hex);
		result_arg(res, "throttled", "0x%lx", b->throttled);
		board_describe_throttled(b->throttled, res);
	} else {
		result_arg(res, "throttled", "-");
	}
	probe_progress(ctx, 1, 4);
	board_scan_hwmon(cfg, b, res);
	if (b->have_rpi_volt)
		result_detail(res, "rpi_volt: in0_lcrit_alarm = %d", b->rpi_volt_alarm ? 1 : 0);
	probe_progress(ctx, 2, 4);
	board_scan_thermal(cfg, b, res);
	probe_progress(ctx, 3, 4);
	if (b->is_pi && !probe_cancelled(ctx))
		board_scan_kmsg(ctx, b, res);
	board_judge(cfg, b, res);
	probe_progress(ctx, 4, 4);
	free(b);
}
