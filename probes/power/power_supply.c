/* power_supply.c - power.supply: mains adapters and batteries from sysfs.
 *
 * Reads <sysfs_root>/class/power_supply/<name>/ (Documentation/ABI/testing/
 * sysfs-class-power): type Mains, USB (USB-C/UCSI ports too), Wireless,
 * Battery and UPS; online, status, capacity or capacity_level, health,
 * voltage_now. Batteries with scope "Device" (mice, keyboards, pens) are not
 * the machine's power and are ignored. A machine with no supply at all (a
 * desktop) is skip, never a failure.
 */
#include "power.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#define SUPPLY_MAX 32

/* One supply as read from sysfs. Numbers < 0 mean "not reported". */
struct supply {
	char name[POWER_NAME_MAX];
	char type[32];          /* "Mains", "USB", "Battery", ... */
	char usb_type[64];      /* "C [PD] PD_PPS" */
	char status[32];        /* "Discharging" ... */
	char level[32];         /* capacity_level */
	char health[48];
	int online;             /* 1, 0, -1 unknown */
	int present;            /* 1, 0, -1 unknown */
	long capacity;          /* percent, -1 unknown */
	double volts;           /* < 0 unknown */
	bool device_scope;
};

/* The whole picture after reading every supply. */
struct supply_scan {
	int n_adapters, n_online, n_batteries;
	int n_mains;                 /* Mains-type adapters that report online */
	const struct supply *low;    /* battery with the lowest charge */
	const struct supply *sick;   /* battery whose health is a failure */
	bool discharging, charging;
	double adapter_volts;        /* first online adapter's voltage, < 0 unknown */
};

/* True for adapter-like supplies: they are online or not. */
static bool supply_is_adapter(const struct supply *s)
{
	return strcasecmp(s->type, "Mains") == 0 || strncasecmp(s->type, "USB", 3) == 0 ||
	       strcasecmp(s->type, "Wireless") == 0;
}

/* True for energy stores that run the machine (a UPS-type supply too). */
static bool supply_is_battery(const struct supply *s)
{
	return strcasecmp(s->type, "Battery") == 0 || strcasecmp(s->type, "UPS") == 0;
}

/* Kernel health words that mean the battery is failing
 * (drivers/power/supply/power_supply_sysfs.c, POWER_SUPPLY_HEALTH_*). */
static bool supply_health_bad(const char *h)
{
	static const char *const bad[] = {
		"Overheat", "Dead", "Over voltage", "Unspecified failure", "Cold",
		"Watchdog timer expire", "Safety timer expire", "Over current", "Hot",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strcasecmp(h, bad[i]) == 0)
			return true;
	return false;
}

/* Read one supply folder; false when it has no usable type. */
static bool supply_read(const char *dir, const char *name, struct supply *s)
{
	char scope[32];
	long v;

	memset(s, 0, sizeof(*s));
	text_copy(s->name, sizeof(s->name), name);
	s->online = s->present = -1;
	s->capacity = -1;
	s->volts = -1;
	if (sys_read_text_at(dir, "type", s->type, sizeof(s->type)) <= 0)
		return false;
	sys_read_text_at(dir, "usb_type", s->usb_type, sizeof(s->usb_type));
	sys_read_text_at(dir, "status", s->status, sizeof(s->status));
	sys_read_text_at(dir, "capacity_level", s->level, sizeof(s->level));
	sys_read_text_at(dir, "health", s->health, sizeof(s->health));
	if (sys_read_text_at(dir, "scope", scope, sizeof(scope)) > 0)
		s->device_scope = strcasecmp(scope, "Device") == 0;
	if (sys_read_long_at(dir, "online", &v) && (v == 0 || v == 1 || v == 2))
		s->online = v != 0;     /* 2: online, on a programmable supply */
	if (sys_read_long_at(dir, "present", &v) && (v == 0 || v == 1))
		s->present = (int)v;
	if (sys_read_long_at(dir, "capacity", &v) && v >= 0 && v <= 100)
		s->capacity = v;
	if (sys_read_long_at(dir, "voltage_now", &v) && v > 0 && v < 1000000000L)
		s->volts = (double)v / 1e6;     /* sysfs: microvolts */
	return true;
}

/* One detail line for a supply, language-neutral. */
static void supply_describe(struct check_result *res, const struct supply *s)
{
	char extra[160] = "";
	size_t n = 0;

	if (s->usb_type[0])
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " usb_type=%s", s->usb_type);
	if (s->status[0] && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " status=%s", s->status);
	if (s->capacity >= 0 && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " capacity=%ld%%", s->capacity);
	else if (s->level[0] && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " level=%s", s->level);
	if (s->health[0] && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " health=%s", s->health);
	if (s->volts >= 0 && n < sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n, " voltage=%.2fV", s->volts);
	if (supply_is_adapter(s))
		result_detail(res, "%s: %s online=%s%s", s->name, s->type,
			      s->online < 0 ? "?" : s->online ? "1" : "0", extra);
	else
		result_detail(res, "%s: %s%s", s->name, s->type, extra);
}

/* Is this battery's charge lower than the one we hold? Unknown counts as
 * high, except that the kernel's "Critical"/"Low" levels rank below it. */
static int supply_charge_rank(const struct supply *s)
{
	if (s->capacity >= 0)
		return (int)s->capacity;
	if (strcasecmp(s->level, "Critical") == 0)
		return -3;
	if (strcasecmp(s->level, "Low") == 0)
		return -2;
	return 1000;
}

/* Fold one system supply into the scan. */
static void supply_account(struct supply_scan *sc, const struct supply *s)
{
	if (supply_is_adapter(s)) {
		/* An adapter that does not say whether it is online tells us
		 * nothing either way. */
		if (s->online >= 0)
			sc->n_adapters++;
		if (s->online >= 0 && strcasecmp(s->type, "Mains") == 0)
			sc->n_mains++;
		if (s->online == 1 && sc->n_online++ == 0)
			sc->adapter_volts = s->volts;
		return;
	}
	if (!supply_is_battery(s) || s->present == 0)
		return;
	sc->n_batteries++;
	if (strcasecmp(s->status, "Discharging") == 0)
		sc->discharging = true;
	if (strcasecmp(s->status, "Charging") == 0 || strcasecmp(s->status, "Full") == 0)
		sc->charging = true;
	if (!sc->low || supply_charge_rank(s) < supply_charge_rank(sc->low))
		sc->low = s;
	if (!sc->sick && supply_health_bad(s->health))
		sc->sick = s;
}

/* Battery charge as the summary shows it: "45%" or the kernel's level word. */
static void supply_set_battery_args(struct check_result *res, const struct supply *b)
{
	result_arg(res, "battery_name", "%s", b->name);
	if (b->capacity >= 0) {
		result_metric(res, "battery_pct", (double)b->capacity);
		result_arg(res, "battery", "%ld%%", b->capacity);
	} else if (b->level[0]) {
		result_metric_text(res, "battery_level", b->level);
		result_arg(res, "battery", "%s", b->level);
	} else {
		result_arg(res, "battery", "?");
	}
	if (b->volts >= 0)
		result_metric(res, "battery_voltage_v", b->volts);
}

/* Decide the verdict from the scan. */
static void supply_judge(const struct config *cfg, const struct supply_scan *sc,
			 struct check_result *res)
{
	const struct supply *b = sc->low;
	int rank = b ? supply_charge_rank(b) : 1000;
	bool crit = b && (rank == -3 || (b->capacity >= 0 &&
					 b->capacity <= cfg->power.thresholds.battery_fail_pct));
	bool low = b && (rank == -2 || (b->capacity >= 0 &&
					b->capacity <= cfg->power.thresholds.battery_warn_pct));
	/* On battery: the battery is draining, or every adapter we can see is
	 * unplugged while a battery is there and not charging. */
	bool on_battery = sc->n_batteries > 0 &&
		(sc->discharging ||
		 (sc->n_adapters > 0 && sc->n_online == 0 && !sc->charging));

	result_metric(res, "adapters_online", sc->n_online);
	if (sc->n_online > 0 && sc->adapter_volts >= 0)
		result_metric(res, "adapter_voltage_v", sc->adapter_volts);
	result_metric(res, "batteries", sc->n_batteries);
	if (b)
		supply_set_battery_args(res, b);
	else
		result_arg(res, "battery", "-");
	if (on_battery && sc->n_online > 0)
		result_detail(res, "an adapter is online but the battery is draining: "
			      "the adapter delivers too little power");
	if (on_battery && crit) {
		result_set(res, STATUS_FAIL, "power.battery_low");
	} else if (sc->sick) {
		result_arg(res, "battery_name", "%s", sc->sick->name);
		result_arg(res, "health", "%s", sc->sick->health);
		result_set(res, STATUS_FAIL, "power.battery_health");
	} else if (on_battery && low) {
		result_set(res, STATUS_WARN, "power.battery_low");
	} else if (on_battery) {
		result_set(res, STATUS_WARN, "power.on_battery");
	} else if (sc->n_mains > 0 && sc->n_online == 0 && sc->n_batteries == 0) {
		/* Without a battery only a Mains supply can say the mains is
		 * off: empty USB-C (UCSI) ports are offline on every desktop. */
		result_set(res, STATUS_WARN, "power.ac_offline");
	} else {
		result_set(res, STATUS_OK, "power.ok");
	}
}

/* power.supply: read every supply, then judge. */
void power_supply_run(struct probe_ctx *ctx, struct check_result *res)
{
	struct supply list[SUPPLY_MAX];
	char names[SUPPLY_MAX][SYS_NAME_MAX];
	char base[POWER_PATH_MAX], dir[POWER_PATH_MAX + POWER_NAME_MAX];
	struct supply_scan sc;
	int n, used = 0, ignored = 0;

	memset(&sc, 0, sizeof(sc));
	sc.adapter_volts = -1;
	power_sysfs_path(ctx->cfg, "class/power_supply", base, sizeof(base));
	n = sys_list_dir(base, "", names, SUPPLY_MAX);
	for (int i = 0; i < n && !probe_cancelled(ctx); i++) {
		struct supply *s = &list[used];

		if (!sys_path_join(dir, sizeof(dir), base, names[i]))
			continue;
		if (!supply_read(dir, names[i], s)) {
			result_detail(res, "%s: no type, ignored", names[i]);
			continue;
		}
		if (s->device_scope) {
			result_detail(res, "%s: %s of a device (scope Device), ignored",
				      s->name, s->type);
			ignored++;
			continue;
		}
		if (!supply_is_adapter(s) && !supply_is_battery(s)) {
			result_detail(res, "%s: type %s, ignored", s->name, s->type);
			ignored++;
			continue;
		}
		supply_describe(res, s);
		supply_account(&sc, s);
		used++;
	}
	result_metric(res, "supplies", used);
	/* Offline USB/wireless ports and no battery nor Mains supply: a
	 * desktop with nothing plugged into its USB-C ports, nothing to judge. */
	if (used == 0 || (sc.n_batteries == 0 && sc.n_mains == 0 && sc.n_online == 0)) {
		if (sc.n_adapters > 0)
			result_detail(res, "%s", "only USB or wireless charging ports with nothing "
				      "plugged in: they say nothing about the mains");
		power_note_missing_root(ctx->cfg, res);
		result_set(res, STATUS_SKIP, "power.no_supply");
		result_arg(res, "ignored", "%d", ignored);
		return;
	}
	supply_judge(ctx->cfg, &sc, res);
}
