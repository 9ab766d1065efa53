/* system_fixtures_test.c - the system checks against fixture trees shaped
 * like /proc, /sys, /run, /etc and /usr/lib (system.root), one scenario
 * each, built here; the clock's judgement on given kernel states; and the
 * parsers of outside bytes on fixed text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "power_fixture.h"
#include "power_texts.h"
#include "sys_host.h"
#include "sys_time.h"
#include "system.h"

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
	snprintf(s->cfg.system.root, sizeof(s->cfg.system.root), "%s", s->root);
	snprintf(s->cfg.system.kmsg, sizeof(s->cfg.system.kmsg), "%s/kmsg", s->root);
	fixture_mkdir(s->root, "proc");
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

/* The texts a result shows must expand fully in both languages. */
static void texts_ok(const char *id, const struct check_result *res)
{
	char summary[1024], problems[2048];

	if (power_texts_check(cat, id, res, summary, sizeof(summary), problems,
			      sizeof(problems)) != 0)
		fail_msg("%s %s: %s", id, res->code, problems);
}

/* Run one check's run() with a far deadline and no runner job. */
static void scene_run(struct scene *s, const char *id,
		      void (*run)(struct probe_ctx *, struct check_result *))
{
	struct probe_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &s->cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + 10000;
	result_init(&s->res);
	run(&ctx, &s->res);
	texts_ok(id, &s->res);
}

/* A process in the fixture's proc: comm, stat with a start time (s after
 * boot) and state. */
static void fake_proc(struct scene *s, int pid, const char *comm, char state, double start_s)
{
	char rel[64], stat[256];
	long hz = sysconf(_SC_CLK_TCK);

	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	fixture_write(s->root, rel, comm);
	snprintf(stat, sizeof(stat),
		 "%d (%s) %c 1 %d %d 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 %llu 123456 200 "
		 "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
		 pid, comm, state, pid, pid, (unsigned long long)(start_s * (double)hz));
	snprintf(rel, sizeof(rel), "proc/%d/stat", pid);
	fixture_write(s->root, rel, stat);
}

/* --- clock -------------------------------------------------------------- */

static void test_time_services(void **state)
{
	struct scene *s = *state;
	struct system_time_service ts;

	system_time_services(&s->cfg, &ts);
	assert_false(ts.timesyncd || ts.chrony || ts.ntpd);
	/* A stale pid file names no live process: not running. */
	fixture_write(s->root, "run/chrony/chronyd.pid", "4242\n");
	system_time_services(&s->cfg, &ts);
	assert_false(ts.chrony);
	fake_proc(s, 4242, "chronyd", 'S', 3);
	system_time_services(&s->cfg, &ts);
	assert_true(ts.chrony);
	fake_proc(s, 77, "systemd-timesyn", 'S', 2);
	system_time_services(&s->cfg, &ts);
	assert_true(ts.timesyncd);
	assert_false(ts.timesyncd_synced);
	fixture_write(s->root, "run/systemd/timesync/synchronized", "");
	system_time_services(&s->cfg, &ts);
	assert_true(ts.timesyncd_synced);
	fake_proc(s, 90, "ntpd", 'Z', 2);
	system_time_services(&s->cfg, &ts);
	assert_false(ts.ntpd);   /* a zombie runs nothing */
}

/* Judge given states; returns the code. */
static const char *judge(struct scene *s, bool unsynced, bool service,
			 const struct sys_sntp_result *sntp)
{
	struct sys_ntp_state k = { .read = true, .unsynced = unsynced,
				   .maxerror_us = unsynced ? 16000000 : 12000 };
	struct system_time_service ts = { .chrony = service };

	result_init(&s->res);
	system_clock_judge(&s->cfg, &k, &ts, sntp, sntp ? "ntp.example" : NULL, &s->res);
	texts_ok("system.clock", &s->res);
	return s->res.code;
}

static void test_clock_judge(void **state)
{
	struct scene *s = *state;
	struct sys_sntp_result r;

	assert_string_equal(judge(s, true, false, NULL), "system.no_time_service");
	assert_string_equal(judge(s, true, true, NULL), "system.clock_unsynced");
	assert_string_equal(judge(s, false, true, NULL), "system.ok");
	/* A clock the kernel says is disciplined, with no service we know. */
	assert_string_equal(judge(s, false, false, NULL), "system.ok");

	memset(&r, 0, sizeof(r));
	r.error = SNTP_OK;
	r.offset_ms = 5000;      /* the server is 5 s ahead: PC behind */
	r.delay_ms = 3;
	r.reply.stratum = 2;
	assert_string_equal(judge(s, false, true, &r), "system.clock_offset");
	assert_int_equal(s->res.status, STATUS_WARN);
	assert_true(result_find_metric(&s->res, "clock_offset_ms")->value == -5000);
	r.offset_ms = -120000;
	assert_string_equal(judge(s, false, true, &r), "system.clock_offset");
	assert_int_equal(s->res.status, STATUS_FAIL);
	assert_string_equal(result_find_arg(&s->res, "offset_s"), "120.0");
	r.offset_ms = 40;
	assert_string_equal(judge(s, false, true, &r), "system.ok");
	/* A measured offset comes before the kernel's word. */
	r.offset_ms = 9000;
	assert_string_equal(judge(s, true, false, &r), "system.clock_offset");
	r.error = SNTP_NO_ANSWER;
	assert_string_equal(judge(s, false, true, &r), "system.ntp_no_answer");
	assert_string_equal(result_find_arg(&s->res, "error"), "no answer");
	assert_string_equal(judge(s, true, true, &r), "system.clock_unsynced");
}

static void test_ntp_server_split(void **state)
{
	char host[64];
	int port;

	(void)state;
	assert_true(system_ntp_server_split("pool.ntp.org", host, sizeof(host), &port));
	assert_string_equal(host, "pool.ntp.org");
	assert_int_equal(port, 123);
	assert_true(system_ntp_server_split("10.0.0.1:1123", host, sizeof(host), &port));
	assert_string_equal(host, "10.0.0.1");
	assert_int_equal(port, 1123);
	assert_false(system_ntp_server_split("h:0", host, sizeof(host), &port));
	assert_false(system_ntp_server_split("h:99999", host, sizeof(host), &port));
	assert_false(system_ntp_server_split("h:", host, sizeof(host), &port));
	assert_false(system_ntp_server_split(":123", host, sizeof(host), &port));
}

/* The packet code on fixed bytes: RFC 4330's arithmetic and its checks. */
static void test_sntp_packets(void **state)
{
	uint8_t req[SNTP_PACKET_LEN], rep[SNTP_PACKET_LEN], ts[8];
	struct sys_sntp_reply r;
	double off, delay;

	(void)state;
	sys_sntp_request(req, 1800000000.25);
	assert_int_equal(req[0], 0x23);       /* LI 0, VN 4, mode 3 */
	assert_true(sys_ntp_to_unix(req + 40) > 1800000000.249 &&
		    sys_ntp_to_unix(req + 40) < 1800000000.251);
	/* After 2036 (era 1): the top bit clear still reads forward. */
	sys_ntp_from_unix(2200000000.5, ts);
	assert_true(sys_ntp_to_unix(ts) > 2200000000.49 && sys_ntp_to_unix(ts) < 2200000000.51);

	memset(rep, 0, sizeof(rep));
	rep[0] = 0x24;                        /* VN 4, mode 4 */
	rep[1] = 2;
	memcpy(rep + 24, req + 40, 8);
	sys_ntp_from_unix(1800000002.25, rep + 32);
	sys_ntp_from_unix(1800000002.26, rep + 40);
	assert_int_equal(sys_sntp_parse(rep, sizeof(rep), req + 40, &r), SNTP_OK);
	sys_sntp_compute(1800000000.25, r.receive_s, r.transmit_s, 1800000000.28, &off, &delay);
	assert_true(off > 1989.9 && off < 1990.1);       /* ((2 + 1.98) / 2) s */
	assert_true(delay > 19.9 && delay < 20.1);

	assert_int_equal(sys_sntp_parse(rep, 47, req + 40, &r), SNTP_BAD_REPLY);
	rep[24] ^= 1;                         /* not our request */
	assert_int_equal(sys_sntp_parse(rep, sizeof(rep), req + 40, &r), SNTP_BAD_REPLY);
	rep[24] ^= 1;
	rep[0] = 0x23;                        /* a client's packet */
	assert_int_equal(sys_sntp_parse(rep, sizeof(rep), req + 40, &r), SNTP_BAD_REPLY);
	rep[0] = 0x24;
	rep[1] = 0;
	memcpy(rep + 12, "RATE", 4);
	assert_int_equal(sys_sntp_parse(rep, sizeof(rep), req + 40, &r), SNTP_KISS);
	assert_string_equal(r.refid, "RATE");
	rep[1] = 2;
	rep[0] = 0xe4;                        /* LI 3: the server is unsynchronised */
	assert_int_equal(sys_sntp_parse(rep, sizeof(rep), req + 40, &r), SNTP_BAD_REPLY);
}

/* --- disk --------------------------------------------------------------- */

static void test_mountinfo(void **state)
{
	struct scene *s = *state;
	struct sys_mount m;
	char proc[300];

	assert_true(sys_mountinfo_parse_line(
		"36 35 98:0 /mnt1 /mnt/my\\040card rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n",
		&m));
	assert_string_equal(m.point, "/mnt/my card");
	assert_string_equal(m.fstype, "ext3");
	assert_string_equal(m.source, "/dev/root");
	assert_false(m.ro);
	/* The super block read-only (the kernel's errors=remount-ro). */
	assert_true(sys_mountinfo_parse_line(
		"25 1 179:2 / / rw,noatime - ext4 /dev/mmcblk0p2 ro,errors=remount-ro", &m));
	assert_true(m.ro);
	assert_false(sys_mountinfo_parse_line("25 1 179:2 / / rw,noatime ext4 /dev/x rw", &m));
	assert_false(sys_mountinfo_parse_line("garbage", &m));

	fixture_write(s->root, "proc/self/mountinfo",
		      "25 1 179:2 / / rw - ext4 /dev/mmcblk0p2 rw\n"
		      "30 25 0:5 / /var rw - ext4 /dev/sda1 rw\n"
		      "31 25 0:6 / /variable ro - tmpfs none ro\n");
	snprintf(proc, sizeof(proc), "%s/proc", s->root);
	assert_true(sys_mount_of(proc, "/var/lib/till", &m));
	assert_string_equal(m.source, "/dev/sda1");
	assert_true(sys_mount_of(proc, "/variable", &m));
	assert_true(m.ro);
	assert_true(sys_mount_of(proc, "/home", &m));
	assert_string_equal(m.source, "/dev/mmcblk0p2");
}

static void test_disk_readonly_root(void **state)
{
	struct scene *s = *state;

	/* A Raspberry Pi whose SD card failed: the kernel remounted / ro. */
	fixture_write(s->root, "proc/self/mountinfo",
		      "25 1 179:2 / / ro,noatime - ext4 /dev/mmcblk0p2 ro,errors=remount-ro\n");
	scene_run(s, "system.disk", system_disk_run);
	assert_string_equal(s->res.code, "system.disk_readonly");
	assert_int_equal(s->res.status, STATUS_FAIL);
	assert_string_equal(result_find_arg(&s->res, "device"), "/dev/mmcblk0p2");
}

static void test_disk_thresholds(void **state)
{
	struct scene *s = *state;

	fixture_write(s->root, "proc/self/mountinfo", "25 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
	/* Every disk is below a 101% threshold: disk_full; none below 0%. */
	s->cfg.system.thresholds.disk_fail_pct = 100;
	s->cfg.system.thresholds.disk_warn_pct = 100;
	scene_run(s, "system.disk", system_disk_run);
	assert_string_equal(s->res.code, "system.disk_full");
	s->cfg.system.thresholds.disk_fail_pct = 0;
	scene_run(s, "system.disk", system_disk_run);
	assert_string_equal(s->res.code, "system.disk_low");
	s->cfg.system.thresholds.disk_warn_pct = 0;
	scene_run(s, "system.disk", system_disk_run);
	assert_string_equal(s->res.code, "system.ok");
	snprintf(s->cfg.system.paths[0], CFG_PATH_MAX, "%s/no/such/folder", s->root);
	s->cfg.system.n_paths = 1;
	scene_run(s, "system.disk", system_disk_run);
	assert_string_equal(s->res.code, "system.path_missing");
}

/* --- memory ------------------------------------------------------------- */

static const char meminfo_low[] =
	"MemTotal:        1000000 kB\nMemFree:           20000 kB\n"
	"MemAvailable:      50000 kB\nBuffers:            1000 kB\n"
	"SwapTotal:        200000 kB\nSwapFree:          10000 kB\n";

static void test_memory_low_then_oom(void **state)
{
	struct scene *s = *state;

	fixture_write(s->root, "proc/meminfo", meminfo_low);
	fixture_write(s->root, "kmsg", "6,1,1000,-;Linux version 6.1\n");
	scene_run(s, "system.memory", system_memory_run);
	assert_string_equal(s->res.code, "system.memory_low");
	assert_string_equal(result_find_arg(&s->res, "available_pct"), "5");
	assert_true(result_find_metric(&s->res, "swap_used_pct")->value == 95);
	assert_true(result_find_metric(&s->res, "oom_kills")->value == 0);

	fixture_write(s->root, "kmsg",
		      "6,1,1000,-;Linux version 6.1\n"
		      "3,2,5000000,-;Out of memory: Killed process 812 (firefox-esr) total-vm:1, anon-rss:2\n"
		      " SUBSYSTEM=memory\n"
		      "3,3,7200000000,-;Memory cgroup out of memory: Killed process 913 (tillsoft) total-vm:3\n");
	scene_run(s, "system.memory", system_memory_run);
	assert_string_equal(s->res.code, "system.oom_killed");
	assert_string_equal(result_find_arg(&s->res, "process"), "tillsoft");
	assert_string_equal(result_find_arg(&s->res, "kills"), "2");
	assert_string_equal(result_find_arg(&s->res, "minutes_after_boot"), "120");

	fixture_write(s->root, "proc/meminfo",
		      "MemTotal: 1000000 kB\nMemAvailable: 900000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
	fixture_write(s->root, "kmsg", "6,1,1000,-;Linux version 6.1\n");
	scene_run(s, "system.memory", system_memory_run);
	assert_string_equal(s->res.code, "system.ok");
}

static void test_oom_parse(void **state)
{
	char name[16];
	long pid;
	const char *m1 = "Out of memory: Killed process 1234 (java) total-vm:5";
	const char *m2 = "Out of memory: Kill process 99 (a very long program name) score 9";
	const char *bad = "Out of memory: Killed process x (java)";
	const char *cut = "Out of memory: Killed process 12 (java";

	(void)state;
	assert_true(system_oom_parse(m1, strlen(m1), &pid, name, sizeof(name)));
	assert_int_equal(pid, 1234);
	assert_string_equal(name, "java");
	assert_true(system_oom_parse(m2, strlen(m2), &pid, name, sizeof(name)));
	assert_string_equal(name, "a very long pro");
	assert_false(system_oom_parse(bad, strlen(bad), &pid, name, sizeof(name)));
	assert_false(system_oom_parse(cut, strlen(cut), &pid, name, sizeof(name)));
	/* The length bounds it: the name's ')' past len is not seen. */
	assert_false(system_oom_parse(m1, 36, &pid, name, sizeof(name)));
}

/* --- serial driver ------------------------------------------------------ */

/* A USB device 1-1 with one interface 1-1:1.0, no driver bound. */
static void fake_usb(struct scene *s, const char *vid, const char *pid, const char *cls,
		     const char *sub)
{
	fixture_write(s->root, "sys/bus/usb/devices/1-1/idVendor", vid);
	fixture_write(s->root, "sys/bus/usb/devices/1-1/idProduct", pid);
	fixture_write(s->root, "sys/bus/usb/devices/1-1/product", "USB Serial");
	fixture_write(s->root, "sys/bus/usb/devices/1-1/busnum", "1");
	fixture_write(s->root, "sys/bus/usb/devices/1-1/devnum", "5");
	fixture_write(s->root, "sys/bus/usb/devices/1-1:1.0/bInterfaceClass", cls);
	fixture_write(s->root, "sys/bus/usb/devices/1-1:1.0/bInterfaceSubClass", sub);
	/* A hub's own interface: never a serial adapter. */
	fixture_write(s->root, "sys/bus/usb/devices/usb1/idVendor", "1d6b");
	fixture_write(s->root, "sys/bus/usb/devices/1-0:1.0/bInterfaceClass", "09");
}

/* Bind the fixture's interface to driver (sysfs: a link to the driver). */
static void bind_driver(struct scene *s, const char *driver)
{
	char link[400], target[128];

	snprintf(link, sizeof(link), "%s/sys/bus/usb/devices/1-1:1.0/driver", s->root);
	unlink(link);
	snprintf(target, sizeof(target), "../../../../bus/usb/drivers/%s", driver);
	assert_int_equal(symlink(target, link), 0);
}

static const char brltty_rules[] =
	"# Device: 1A86:7523\n"
	"# Generic Identifier\n"
	"ENV{PRODUCT}==\"1a86/7523/*\", ENV{BRLTTY_BRAILLE_DRIVER}=\"bm\", GOTO=\"brltty_usb_run\"\n";

static void test_serial_ch340_no_driver(void **state)
{
	struct scene *s = *state;

	fake_usb(s, "1a86", "7523", "ff", "01");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_no_driver");
	assert_string_equal(result_find_arg(&s->res, "chip"), "CH340");
	assert_string_equal(result_find_arg(&s->res, "driver"), "ch341");
	assert_string_equal(result_find_arg(&s->res, "usb_id"), "1a86:7523");

	/* Blacklisted (the dash spelling counts too). */
	fixture_write(s->root, "etc/modprobe.d/no-serial.conf", "# local\nblacklist ch341\n");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_blacklisted");
	assert_string_equal(result_find_arg(&s->res, "rule"), "/etc/modprobe.d/no-serial.conf");

	bind_driver(s, "ch341");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.ok");
	assert_string_equal(result_find_arg(&s->res, "adapters"), "1");
}

static void test_serial_brltty(void **state)
{
	struct scene *s = *state;

	fake_usb(s, "1a86", "7523", "ff", "01");
	fixture_write(s->root, "usr/lib/udev/rules.d/90-brltty-device.rules", brltty_rules);
	/* The rule, no driver: brltty took it (and may have exited since). */
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_grabbed");
	assert_string_equal(result_find_arg(&s->res, "rule"),
			    "/usr/lib/udev/rules.d/90-brltty-device.rules");
	/* brltty running and holding it through usbfs. */
	fake_proc(s, 555, "brltty", 'S', 5);
	bind_driver(s, "usbfs");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_grabbed");
	/* The rule masked in /etc (a link to /dev/null, or empty), brltty
	 * still running and holding it: still grabbed. */
	fixture_write(s->root, "etc/udev/rules.d/90-brltty-device.rules", "");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_grabbed");
	assert_string_equal(result_find_arg(&s->res, "rule"), "-");
	/* ... masked, and the adapter unbound: just no driver. */
	char link[400];

	snprintf(link, sizeof(link), "%s/sys/bus/usb/devices/1-1:1.0/driver", s->root);
	unlink(link);
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_no_driver");
}

static void test_serial_cdc_acm_and_unknown(void **state)
{
	struct scene *s = *state;

	fake_usb(s, "1234", "5678", "02", "02");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.serial_no_driver");
	assert_string_equal(result_find_arg(&s->res, "chip"), "CDC-ACM");
	assert_string_equal(result_find_arg(&s->res, "driver"), "cdc_acm");
	/* A keyboard (class 3): no business of this check. */
	fixture_write(s->root, "sys/bus/usb/devices/1-1:1.0/bInterfaceClass", "03");
	fixture_write(s->root, "sys/bus/usb/devices/1-1:1.0/bInterfaceSubClass", "01");
	scene_run(s, "system.serial_driver", system_serial_run);
	assert_string_equal(s->res.code, "system.ok");
	assert_string_equal(result_find_arg(&s->res, "adapters"), "0");
}

static void test_rule_lines(void **state)
{
	(void)state;
	assert_true(system_udev_line_matches("ENV{PRODUCT}==\"1a86/7523/*\", GOTO=\"x\"", 0x1a86, 0x7523));
	assert_false(system_udev_line_matches("# ENV{PRODUCT}==\"1a86/7523/*\"", 0x1a86, 0x7523));
	assert_false(system_udev_line_matches("ENV{PRODUCT}==\"1a86/75230/*\"", 0x1a86, 0x7523));
	assert_true(system_udev_line_matches(
		"SUBSYSTEM==\"usb\", ATTRS{idVendor}==\"1A86\", ATTRS{idProduct}==\"7523\", RUN+=\"x\"",
		0x1a86, 0x7523));
	assert_false(system_udev_line_matches("ATTRS{idVendor}==\"1a86\"", 0x1a86, 0x7523));
	assert_false(system_udev_line_matches("ENV{PRODUCT}==\"1a86", 0x1a86, 0x7523));
	assert_true(system_modprobe_line_blocks("blacklist ch341", "ch341"));
	assert_true(system_modprobe_line_blocks("  install cp210x /bin/false\n", "cp210x"));
	assert_true(system_modprobe_line_blocks("blacklist ftdi-sio", "ftdi_sio"));
	assert_false(system_modprobe_line_blocks("#blacklist ch341", "ch341"));
	assert_false(system_modprobe_line_blocks("blacklist ch3410", "ch341"));
	assert_false(system_modprobe_line_blocks("options ch341 x=1", "ch341"));
	assert_false(system_modprobe_line_blocks("install ch341 /sbin/modprobe --ignore-install ch341",
						 "ch341"));
}

/* --- till --------------------------------------------------------------- */

static void test_till(void **state)
{
	struct scene *s = *state;

	snprintf(s->cfg.system.till_process, sizeof(s->cfg.system.till_process), "tillsoft");
	fixture_write(s->root, "proc/uptime", "10000.00 19000.00\n");
	scene_run(s, "system.till", system_till_run);
	assert_string_equal(s->res.code, "system.till_not_running");
	assert_int_equal(s->res.status, STATUS_FAIL);
	fake_proc(s, 300, "tillsoft", 'Z', 30);    /* crashed, not reaped */
	scene_run(s, "system.till", system_till_run);
	assert_string_equal(s->res.code, "system.till_not_running");
	fake_proc(s, 310, "tillsoft", 'S', 9900);  /* started 100 s ago */
	scene_run(s, "system.till", system_till_run);
	assert_string_equal(s->res.code, "system.till_restarting");
	assert_string_equal(result_find_arg(&s->res, "minutes"), "2");
	assert_string_equal(result_find_arg(&s->res, "pc_hours"), "2.8");
	fake_proc(s, 200, "tillsoft", 'S', 30);    /* started at boot; 310 a child */
	scene_run(s, "system.till", system_till_run);
	assert_string_equal(s->res.code, "system.ok");
	assert_string_equal(result_find_arg(&s->res, "pid"), "200");
	assert_true(result_find_metric(&s->res, "processes")->value == 2);
}

static void test_proc_stat_parse(void **state)
{
	unsigned long long t;
	char st;

	(void)state;
	assert_true(sys_proc_stat_parse("1 (a) b) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0",
					&st, &t));
	assert_int_equal(st, 'R');
	assert_int_equal(t, 4242);
	assert_false(sys_proc_stat_parse("1 (a) R 0 1", &st, &t));
	assert_false(sys_proc_stat_parse("no paren", &st, &t));
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

#define SCENE(f) cmocka_unit_test_setup_teardown(f, scene_setup, scene_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SCENE(test_time_services),
		SCENE(test_clock_judge),
		cmocka_unit_test(test_ntp_server_split),
		cmocka_unit_test(test_sntp_packets),
		SCENE(test_mountinfo),
		SCENE(test_disk_readonly_root),
		SCENE(test_disk_thresholds),
		SCENE(test_memory_low_then_oom),
		cmocka_unit_test(test_oom_parse),
		SCENE(test_serial_ch340_no_driver),
		SCENE(test_serial_brltty),
		SCENE(test_serial_cdc_acm_and_unknown),
		cmocka_unit_test(test_rule_lines),
		SCENE(test_till),
		cmocka_unit_test(test_proc_stat_parse),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
