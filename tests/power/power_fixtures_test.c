/* power_fixtures_test.c - power.supply and power.board against fixture
 * trees shaped like /sys, one scenario each, built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "power.h"
#include "power_fixture.h"
#include "power_texts.h"

static struct catalog *cat;   /* shipped strings and fixes */

struct scene {
	char root[256];
	struct config cfg;
	struct check_result res;
};

static int scene_setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	fixture_new(s->root, sizeof(s->root));
	config_defaults(&s->cfg);
	snprintf(s->cfg.power.sysfs_root, sizeof(s->cfg.power.sysfs_root), "%s", s->root);
	snprintf(s->cfg.power.kmsg, sizeof(s->cfg.power.kmsg), "%s/kmsg", s->root);
	*state = s;
	return 0;
}

static int scene_teardown(void **state)
{
	struct scene *s = *state;

	fixture_free(s->root);
	free(s);
	return 0;
}

/* Run one check's run() with a far deadline and no runner job. */
static void scene_run(struct scene *s, void (*run)(struct probe_ctx *, struct check_result *))
{
	struct probe_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &s->cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + 10000;
	result_init(&s->res);
	run(&ctx, &s->res);
	/* What the user reads must be complete in both languages. */
	char summary[1024], problems[2048];
	const char *id = run == power_supply_run ? "power.supply" : "power.board";

	if (power_texts_check(cat, id, &s->res, summary, sizeof(summary),
			      problems, sizeof(problems)) != 0)
		fail_msg("%s %s: %s", id, s->res.code, problems);
}

static int group_setup(void **state)
{
	(void)state;
	cat = power_texts_load();
	return cat ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	catalog_free(cat);
	return 0;
}

static void assert_verdict(const struct scene *s, enum check_status st, const char *code)
{
	if (s->res.status != st || strcmp(s->res.code, code) != 0)
		fail_msg("expected %s %s, got %s %s\n%s", status_name(st), code,
			 status_name(s->res.status), s->res.code, s->res.detail);
}

static double metric(const struct scene *s, const char *name)
{
	const struct metric *m = result_find_metric(&s->res, name);

	if (!m)
		fail_msg("no metric %s\n%s", name, s->res.detail);
	return m->value;
}

static const char *arg(const struct scene *s, const char *name)
{
	const char *a = result_find_arg(&s->res, name);

	if (!a)
		fail_msg("no arg %s", name);
	return a;
}

/* A supply folder with the given attribute files ("name=value" pairs). */
static void put_supply(struct scene *s, const char *name, ...)
{
	char rel[256];
	const char *kv;
	va_list ap;

	va_start(ap, name);
	while ((kv = va_arg(ap, const char *)) != NULL) {
		const char *eq = strchr(kv, '=');
		char text[128];

		snprintf(rel, sizeof(rel), "class/power_supply/%s/%.*s", name, (int)(eq - kv), kv);
		snprintf(text, sizeof(text), "%s\n", eq + 1);
		fixture_write(s->root, rel, text);
	}
	va_end(ap);
}

/* --- power.supply --------------------------------------------------------- */

static void supply_desktop_nothing(void **state)
{
	struct scene *s = *state;

	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_SKIP, "power.no_supply");
	fixture_mkdir(s->root, "class/power_supply");
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_SKIP, "power.no_supply");
}

static void supply_laptop_on_ac(void **state)
{
	struct scene *s = *state;

	put_supply(s, "AC", "type=Mains", "online=1", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Charging", "capacity=80",
		   "health=Good", "present=1", "voltage_now=12400000", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	assert_int_equal((int)metric(s, "battery_pct"), 80);
	assert_int_equal((int)metric(s, "adapters_online"), 1);
	assert_true(metric(s, "battery_voltage_v") > 12.39 && metric(s, "battery_voltage_v") < 12.41);
	assert_string_equal(arg(s, "battery"), "80%");
}

static void supply_on_battery_45(void **state)
{
	struct scene *s = *state;

	put_supply(s, "AC", "type=Mains", "online=0", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Discharging", "capacity=45", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
	assert_int_equal((int)metric(s, "battery_pct"), 45);
	assert_string_equal(arg(s, "battery"), "45%");
}

static void supply_on_battery_8(void **state)
{
	struct scene *s = *state;

	s->cfg.power.thresholds.battery_fail_pct = 10;
	put_supply(s, "AC", "type=Mains", "online=0", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Discharging", "capacity=8", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_FAIL, "power.battery_low");
	assert_int_equal((int)metric(s, "battery_pct"), 8);
	/* Below the warning level but above the failure level: a warning. */
	put_supply(s, "BAT0", "capacity=25", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.battery_low");
	/* 8 % while charging on mains is not a problem. */
	put_supply(s, "AC", "online=1", NULL);
	put_supply(s, "BAT0", "status=Charging", "capacity=8", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
}

static void supply_garbage_files(void **state)
{
	struct scene *s = *state;

	put_supply(s, "AC", "type=Mains", "online=yes please", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Discharging", "capacity=1e9garbage",
		   "voltage_now=-5", NULL);
	fixture_write(s->root, "class/power_supply/BAT0/health", "\001\002\377garbage");
	fixture_mkdir(s->root, "class/power_supply/weird");  /* no files at all */
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
	assert_null(result_find_metric(&s->res, "battery_pct"));
	assert_null(result_find_metric(&s->res, "battery_voltage_v"));
	assert_string_equal(arg(s, "battery"), "?");
	assert_non_null(strstr(s->res.detail, "weird: no type"));
}

static void supply_missing_files(void **state)
{
	struct scene *s = *state;

	/* Only the type: nothing says the adapter is out or the battery drains. */
	put_supply(s, "AC", "type=Mains", NULL);
	put_supply(s, "BAT1", "type=Battery", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	/* capacity missing, capacity_level Critical, on battery: low. */
	put_supply(s, "BAT1", "status=Discharging", "capacity_level=Critical", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_FAIL, "power.battery_low");
	assert_string_equal(arg(s, "battery"), "Critical");
}

static void supply_battery_dead(void **state)
{
	struct scene *s = *state;

	put_supply(s, "ADP1", "type=Mains", "online=1", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Not charging", "capacity=100",
		   "health=Dead", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_FAIL, "power.battery_health");
	assert_string_equal(arg(s, "health"), "Dead");
	assert_string_equal(arg(s, "battery_name"), "BAT0");
}

static void supply_usb_c_ucsi(void **state)
{
	struct scene *s = *state;

	put_supply(s, "ucsi-source-psy-USBC000:001", "type=USB", "usb_type=C [PD] PD_PPS",
		   "online=1", "voltage_now=20000000", "scope=Unknown", NULL);
	put_supply(s, "ucsi-source-psy-USBC000:002", "type=USB", "usb_type=[C] PD PD_PPS",
		   "online=0", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Charging", "capacity=61", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	assert_int_equal((int)metric(s, "adapters_online"), 1);
	assert_int_equal((int)metric(s, "adapter_voltage_v"), 20);
	assert_non_null(strstr(s->res.detail, "usb_type=C [PD] PD_PPS"));
	/* Unplug the charger: the battery drains. */
	put_supply(s, "ucsi-source-psy-USBC000:001", "online=0", NULL);
	put_supply(s, "BAT0", "status=Discharging", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
}

static void supply_ups_type(void **state)
{
	struct scene *s = *state;

	/* A UPS the kernel itself exposes (type UPS): a battery for the machine. */
	put_supply(s, "hid-0001:051D:0002.0003-battery", "type=UPS", "status=Discharging",
		   "capacity=50", "scope=System", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
	assert_int_equal((int)metric(s, "battery_pct"), 50);
	put_supply(s, "hid-0001:051D:0002.0003-battery", "status=Charging", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
}

static void supply_device_batteries_ignored(void **state)
{
	struct scene *s = *state;

	put_supply(s, "hidpp_battery_0", "type=Battery", "scope=Device",
		   "status=Discharging", "capacity=5", NULL);
	put_supply(s, "ps-controller-battery-aa:bb", "type=Battery", "scope=Device",
		   "capacity_level=Critical", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_SKIP, "power.no_supply");
	put_supply(s, "AC", "type=Mains", "online=1", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	assert_null(result_find_metric(&s->res, "battery_pct"));
}

static void supply_weak_adapter_and_ac_offline(void **state)
{
	struct scene *s = *state;

	/* Adapter online, battery still draining: too weak an adapter. */
	put_supply(s, "AC", "type=Mains", "online=1", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Discharging", "capacity=70", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
	assert_non_null(strstr(s->res.detail, "too little power"));
	/* A mains adapter that is offline and no battery at all. */
	fixture_free(s->root);
	fixture_mkdir(s->root, "");
	put_supply(s, "AC", "type=Mains", "online=0", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.ac_offline");
}

/* A desktop or NUC with empty USB-C ports and no battery: the offline
 * ports are no sign of a mains problem. */
static void supply_empty_usb_c_desktop(void **state)
{
	struct scene *s = *state;

	put_supply(s, "ucsi-source-psy-USBC000:001", "type=USB", "usb_type=[C] PD PD_PPS",
		   "online=0", NULL);
	put_supply(s, "ucsi-source-psy-USBC000:002", "type=USB", "usb_type=[C] PD PD_PPS",
		   "online=0", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_SKIP, "power.no_supply");
	assert_non_null(strstr(s->res.detail, "nothing plugged in"));
	/* Beside a Mains supply that is online: fine. */
	put_supply(s, "AC", "type=Mains", "online=1", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	/* The Mains supply offline too: now the mains is off. */
	put_supply(s, "AC", "online=0", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.ac_offline");
	/* With a battery, any adapter counts: unplugged USB-C charger,
	 * draining battery. */
	fixture_free(s->root);
	fixture_mkdir(s->root, "");
	put_supply(s, "ucsi-source-psy-USBC000:001", "type=USB", "online=0", NULL);
	put_supply(s, "BAT0", "type=Battery", "status=Discharging", "capacity=80", NULL);
	scene_run(s, power_supply_run);
	assert_verdict(s, STATUS_WARN, "power.on_battery");
}

/* --- power.board ---------------------------------------------------------- */

static void board_desktop_nothing(void **state)
{
	struct scene *s = *state;

	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_SKIP, "power.no_sensors");
	assert_null(strstr(s->res.detail, "not a folder"));
	/* A typo in power.sysfs_root is named in the detail. */
	snprintf(s->cfg.power.sysfs_root, sizeof(s->cfg.power.sysfs_root), "%s/nope", s->root);
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_SKIP, "power.no_sensors");
	assert_non_null(strstr(s->res.detail, "nope is not a folder"));
	scene_run(s, power_supply_run);
	assert_non_null(strstr(s->res.detail, "nope is not a folder"));
}

/* A Raspberry Pi 4 tree: model, firmware node, rpi_volt hwmon. */
static void put_pi(struct scene *s, const char *throttled, const char *lcrit)
{
	fixture_write(s->root, "firmware/devicetree/base/model",
		      "Raspberry Pi 4 Model B Rev 1.4");
	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", throttled);
	fixture_write(s->root, "class/hwmon/hwmon0/name", "rpi_volt\n");
	fixture_write(s->root, "class/hwmon/hwmon0/in0_lcrit_alarm", lcrit);
	fixture_write(s->root, "class/thermal/thermal_zone0/type", "cpu-thermal\n");
	fixture_write(s->root, "class/thermal/thermal_zone0/temp", "51540\n");
}

static void board_pi_undervoltage_now(void **state)
{
	struct scene *s = *state;

	put_pi(s, "50005\n", "1\n");
	fixture_write(s->root, "kmsg",
		      "6,1,0,-;Booting Linux on physical CPU 0x0\n"
		      "2,880,9120000,-;hwmon hwmon0: Undervoltage detected!\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_FAIL, "power.undervoltage");
	assert_string_equal(result_find_metric(&s->res, "throttled")->text, "0x50005");
	assert_int_equal((int)metric(s, "undervoltage_events"), 1);
	assert_string_equal(arg(s, "model"), "Raspberry Pi 4 Model B Rev 1.4");
	/* The firmware bit alone says the same. */
	fixture_write(s->root, "class/hwmon/hwmon0/in0_lcrit_alarm", "0\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_FAIL, "power.undervoltage");
	/* And the hwmon alarm alone too (mainline kernels, no get_throttled). */
	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", "0\n");
	fixture_write(s->root, "class/hwmon/hwmon0/in0_lcrit_alarm", "1\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_FAIL, "power.undervoltage");
}

static void board_pi_undervoltage_past(void **state)
{
	struct scene *s = *state;

	put_pi(s, "50000\n", "0\n");
	fixture_write(s->root, "kmsg",
		      "6,1,0,-;Booting Linux on physical CPU 0x0\n"
		      " SUBSYSTEM=cpu\n"
		      "2,412,12500000,-;Under-voltage detected! (0x00050005)\n"
		      "6,413,16000000,-;Voltage normalised (0x00000000)\n"
		      "garbage line without a header\n"
		      "4,900,340000000,-,caller=T12;Under-voltage detected! (0x00050005)\n"
		      "6,901,345000000,-;Voltage normalised (0x00000000)\n"
		      "2,1500,1800250000,-;hwmon hwmon1: Undervoltage detected!");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.undervoltage_past");
	assert_int_equal((int)metric(s, "undervoltage_events"), 3);
	assert_true(metric(s, "undervoltage_first_s") > 12.49 && metric(s, "undervoltage_first_s") < 12.51);
	assert_true(metric(s, "undervoltage_last_s") > 1800.24 && metric(s, "undervoltage_last_s") < 1800.26);
	assert_string_equal(arg(s, "events"), "3");
	/* No firmware bits, only the kernel log remembers. */
	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", "0\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.undervoltage_past");
	/* Firmware bit, kernel log unreadable: still past, events unknown. */
	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", "10000\n");
	snprintf(s->cfg.power.kmsg, sizeof(s->cfg.power.kmsg), "%s/no-such-kmsg", s->root);
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.undervoltage_past");
	assert_string_equal(arg(s, "events"), "?");
	assert_null(result_find_metric(&s->res, "undervoltage_events"));
}

static void board_pi_throttled(void **state)
{
	struct scene *s = *state;

	put_pi(s, "0x80008\n", "0\n");   /* soft temperature limit now and since boot */
	fixture_write(s->root, "kmsg", "6,1,0,-;Booting Linux on physical CPU 0x0\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.throttled");
	assert_string_equal(arg(s, "throttled"), "0x80008");
	assert_non_null(strstr(s->res.detail, "soft temperature limit now"));
	/* A healthy Pi. */
	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", "0\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	assert_int_equal((int)metric(s, "undervoltage_events"), 0);
}

static void board_hot_cpu(void **state)
{
	struct scene *s = *state;

	fixture_write(s->root, "class/thermal/thermal_zone0/type", "acpitz\n");
	fixture_write(s->root, "class/thermal/thermal_zone0/temp", "45000\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/type", "x86_pkg_temp\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/temp", "82000\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/trip_point_0_type", "passive\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/trip_point_0_temp", "70000\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/trip_point_1_type", "critical\n");
	fixture_write(s->root, "class/thermal/thermal_zone1/trip_point_1_temp", "100000\n");
	fixture_write(s->root, "class/thermal/thermal_zone2/temp", "not a number\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.overheat");
	assert_string_equal(arg(s, "zone"), "x86_pkg_temp");
	assert_string_equal(arg(s, "temp_c"), "82");
	assert_string_equal(arg(s, "limit_c"), "75");
	assert_int_equal((int)metric(s, "max_temp_c"), 82);
	/* At the critical trip point it is a failure. */
	fixture_write(s->root, "class/thermal/thermal_zone1/temp", "101000\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_FAIL, "power.overheat");
	/* Cool again: fine, and a PC needs no Pi sources for that. */
	fixture_write(s->root, "class/thermal/thermal_zone1/temp", "55000\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_OK, "power.ok");
	/* The threshold comes from the config. */
	s->cfg.power.thresholds.temp_warn_c = 50;
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.overheat");
}

static void board_hwmon_voltage_alarms(void **state)
{
	struct scene *s = *state;

	fixture_write(s->root, "class/hwmon/hwmon1/name", "nct6775\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in0_input", "1200\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in0_label", "Vcore\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in0_alarm", "0\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in1_input", "2950\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in1_label", "+3.3V\n");
	fixture_write(s->root, "class/hwmon/hwmon1/in1_min_alarm", "1\n");
	/* The kernel's hwmon mirror of a battery: power.supply's business. */
	fixture_write(s->root, "class/power_supply/BAT0/type", "Battery\n");
	fixture_write(s->root, "class/hwmon/hwmon2/name", "BAT0\n");
	fixture_write(s->root, "class/hwmon/hwmon2/in0_input", "12400\n");
	fixture_write(s->root, "class/hwmon/hwmon2/in0_alarm", "1\n");
	/* A USB-C port's mirror: its name has '_' for '-', its parent says so. */
	fixture_write(s->root, "class/power_supply/ucsi-source-psy-USBC000:001/type", "USB\n");
	fixture_write(s->root, "class/hwmon/hwmon3/name", "ucsi_source_psy_USBC000:001\n");
	fixture_write(s->root, "class/hwmon/hwmon3/in0_input", "5000\n");
	fixture_write(s->root, "class/hwmon/hwmon3/in0_max_alarm", "1\n");
	fixture_write(s->root, "class/hwmon/hwmon4/name", "axp20x_battery\n");
	fixture_write(s->root, "class/hwmon/hwmon4/device/uevent",
		      "DEVTYPE=power_supply\nPOWER_SUPPLY_NAME=axp20x-battery\n");
	fixture_write(s->root, "class/hwmon/hwmon4/in0_input", "3700\n");
	fixture_write(s->root, "class/hwmon/hwmon4/in0_alarm", "1\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_WARN, "power.voltage_alarm");
	assert_string_equal(arg(s, "labels"), "+3.3V");
	assert_null(strstr(s->res.detail, "ucsi"));
	assert_null(strstr(s->res.detail, "axp20x"));
	assert_int_equal((int)metric(s, "voltage_alarms"), 1);
	assert_non_null(strstr(s->res.detail, "nct6775: Vcore = 1.200 V"));
	assert_null(strstr(s->res.detail, "BAT0"));
	/* Alarm cleared: ok (voltage inputs exist, so not a skip). */
	fixture_write(s->root, "class/hwmon/hwmon1/in1_min_alarm", "0\n");
	scene_run(s, power_board_run);
	assert_verdict(s, STATUS_OK, "power.ok");
}

static void board_garbage(void **state)
{
	struct scene *s = *state;

	fixture_write(s->root, "devices/platform/soc/soc:firmware/get_throttled", "zzz\n");
	fixture_write(s->root, "class/hwmon/hwmon0/name", "");
	fixture_write(s->root, "class/hwmon/hwmon0/in0_input", "lots\n");
	fixture_write(s->root, "class/thermal/thermal_zone0/temp", "999999999\n");
	scene_run(s, power_board_run);
	/* in0_input exists (unreadable): a voltage source, no alarm -> ok. */
	assert_verdict(s, STATUS_OK, "power.ok");
	assert_non_null(strstr(s->res.detail, "unreadable value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, scene_setup, scene_teardown)
		T(supply_desktop_nothing),
		T(supply_laptop_on_ac),
		T(supply_on_battery_45),
		T(supply_on_battery_8),
		T(supply_garbage_files),
		T(supply_missing_files),
		T(supply_battery_dead),
		T(supply_usb_c_ucsi),
		T(supply_ups_type),
		T(supply_device_batteries_ignored),
		T(supply_weak_adapter_and_ac_offline),
		T(supply_empty_usb_c_desktop),
		T(board_desktop_nothing),
		T(board_pi_undervoltage_now),
		T(board_pi_undervoltage_past),
		T(board_pi_throttled),
		T(board_hot_cpu),
		T(board_hwmon_voltage_alarms),
		T(board_garbage),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
