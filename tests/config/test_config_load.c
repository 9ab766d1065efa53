/* test_config_load.c - config_load_file(): every key lands in its field,
 * defaults stay where the file is silent, and problems are reported with
 * their exact FILE:LINE:COLUMN. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

static char tmpdir[] = "/tmp/posdoctor-config-XXXXXX";

/* Write text to <tmpdir>/name and return the path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Load text as a config file named t.yaml; messages into *msgs (caller frees). */
static int load_text(const char *text, struct config *cfg, char **msgs)
{
	size_t len;
	FILE *errs = open_memstream(msgs, &len);
	int n;

	assert_non_null(errs);
	config_defaults(cfg);
	n = config_load_file(cfg, write_file("t.yaml", text), errs);
	fclose(errs);
	return n;
}

/* Assert that text gives exactly the expected messages (with "T:" standing
 * for the file's path). */
static void expect_errors(const char *text, const char *expected)
{
	struct config cfg;
	char *msgs = NULL, want[4096], path[600];
	const char *p;
	size_t o = 0;

	snprintf(path, sizeof(path), "%s/t.yaml", tmpdir);
	for (p = expected; *p && o + 600 < sizeof(want); p++) {
		if (p[0] == 'T' && p[1] == ':' && (p == expected || p[-1] == '\n')) {
			o += (size_t)snprintf(want + o, sizeof(want) - o, "%s", path);
			continue;
		}
		want[o++] = *p;
	}
	want[o] = '\0';
	load_text(text, &cfg, &msgs);
	assert_string_equal(msgs, want);
	free(msgs);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s/t.yaml", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

/* An empty file, or one with only comments, gives exactly the defaults. */
static void test_empty_is_defaults(void **state)
{
	struct config want, got;
	char *msgs = NULL;

	(void)state;
	config_defaults(&want);
	assert_int_equal(load_text("", &got, &msgs), 0);
	free(msgs);
	snprintf(want.source, sizeof(want.source), "%s", got.source);
	assert_memory_equal(&want, &got, sizeof(want));
	assert_int_equal(load_text("# nothing here\n---\n", &got, &msgs), 0);
	free(msgs);
	assert_memory_equal(&want, &got, sizeof(want));
	/* Sections with every key commented out. */
	assert_int_equal(load_text("serial:\n  # baud: 9600\nnetwork:\n", &got, &msgs), 0);
	free(msgs);
	assert_memory_equal(&want, &got, sizeof(want));
}

/* Every key of the fixture full.yaml lands in its field. */
static void test_full_fixture(void **state)
{
	const char *src = getenv("SOURCE_DIR");
	char path[1024], want[1100];
	struct config c;
	int n;

	(void)state;
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/config/fixtures/full.yaml", src);
	config_defaults(&c);
	n = config_load_file(&c, path, stderr);
	assert_int_equal(n, 0);
	assert_string_equal(c.source, path);
	assert_string_equal(c.site.name, "Corner Cafe: Main St #2");
	assert_string_equal(c.site.terminal_id, "T-0042");
	assert_string_equal(c.language, "zh_CN");
	assert_string_equal(c.serial.port, "/dev/pts/7");
	assert_int_equal(c.serial.usb_vid, 0x11ca);
	assert_int_equal(c.serial.usb_pid, 537);
	assert_int_equal(c.serial.baud, 19200);
	assert_int_equal(c.serial.data_bits, 7);
	assert_int_equal(c.serial.parity, 'E');
	assert_int_equal(c.serial.stop_bits, 2);
	assert_int_equal(c.serial.flow, FLOW_RTSCTS);
	assert_true(c.serial.require_signals);
	assert_int_equal(c.serial.handshake, HANDSHAKE_CUSTOM);
	assert_string_equal(c.serial.request, "05");
	assert_string_equal(c.serial.expect, "06 15");
	assert_int_equal(c.serial.timeout_ms, 800);
	assert_int_equal(c.serial.retries, 5);
	assert_int_equal(c.serial.n_try_bauds, 2);
	assert_int_equal(c.serial.try_bauds[0], 115200);
	assert_int_equal(c.serial.try_bauds[1], 9600);
	assert_int_equal(c.serial.line_errors_warn, 7);

	assert_string_equal(c.network.interface, "eth1");
	assert_int_equal(c.network.n_hosts, 3);
	assert_string_equal(c.network.hosts[0].name, "acquirer");
	assert_string_equal(c.network.hosts[0].address, "pay.example.com");
	assert_int_equal(c.network.hosts[0].port, 443);
	assert_true(c.network.hosts[0].https);
	assert_string_equal(c.network.hosts[0].path, "/health");
	/* Relative ca_file: against the config file's folder. */
	snprintf(want, sizeof(want), "%s/tests/config/fixtures/certs/ca.pem", src);
	assert_string_equal(c.network.hosts[0].ca_file, want);
	assert_string_equal(c.network.hosts[1].name, "backup.1");
	assert_int_equal(c.network.hosts[1].port, 8443);
	assert_true(c.network.hosts[1].https);
	assert_string_equal(c.network.hosts[1].path, "/");
	assert_string_equal(c.network.hosts[1].ca_file, "");
	assert_string_equal(c.network.hosts[2].address, "2001:db8::1");
	assert_int_equal(c.network.hosts[2].port, 80);
	assert_false(c.network.hosts[2].https);      /* not given, port 80 */
	assert_string_equal(c.network.hosts[2].ca_file, "");
	assert_int_equal(c.network.probe, PROBE_METHOD_TCP);
	assert_int_equal(c.network.count, 50);
	assert_int_equal(c.network.interval_ms, 250);
	assert_int_equal(c.network.timeout_ms, 2000);
	assert_true(c.network.thresholds.loss_warn_pct == 1.5);
	assert_true(c.network.thresholds.loss_fail_pct == 20);
	assert_true(c.network.thresholds.rtt_warn_ms == 100);
	assert_true(c.network.thresholds.rtt_fail_ms == 400);
	assert_true(c.network.thresholds.jitter_warn_ms == 25.5);
	assert_true(c.network.thresholds.dns_warn_ms == 300);
	assert_int_equal(c.network.thresholds.cert_warn_days, 30);
	assert_true(c.network.thresholds.clock_skew_warn_s == 90);
	assert_int_equal(c.network.thresholds.wifi_warn_dbm, -65);

	assert_string_equal(c.arp.interface, "wlan0");
	assert_int_equal(c.arp.probes, 5);
	assert_int_equal(c.arp.wait_ms, 1000);
	assert_int_equal(c.arp.mode, ARP_MODE_RFC);

	assert_string_equal(c.power.sysfs_root, "/tmp/fake-sys");
	assert_string_equal(c.power.kmsg, "/tmp/fake-kmsg");
	assert_true(c.power.ups.configured);
	assert_string_equal(c.power.ups.host, "ups.local");
	assert_int_equal(c.power.ups.port, 3494);
	assert_string_equal(c.power.ups.name, "myups");
	assert_true(c.power.apcupsd.configured);
	assert_string_equal(c.power.apcupsd.host, "10.0.0.5");
	assert_int_equal(c.power.apcupsd.port, 3552);
	assert_int_equal(c.power.thresholds.battery_warn_pct, 40);
	assert_int_equal(c.power.thresholds.battery_fail_pct, 15);
	assert_int_equal(c.power.thresholds.temp_warn_c, 80);
	assert_int_equal(c.kiosk.rerun_every_s, 60);
	snprintf(want, sizeof(want), "%s/tests/config/fixtures/site/fixes.yaml", src);
	assert_string_equal(c.fixes, want);
}

/* Keys the file does not name keep their defaults; sections flag presence. */
static void test_partial_overlay(void **state)
{
	struct config c, d;
	char *msgs = NULL;

	(void)state;
	assert_int_equal(load_text("serial: {baud: 115200}\npower:\n  ups:\n", &c, &msgs), 0);
	free(msgs);
	config_defaults(&d);
	assert_int_equal(c.serial.baud, 115200);
	assert_int_equal(c.serial.timeout_ms, d.serial.timeout_ms);
	assert_int_equal(c.serial.n_try_bauds, 5);
	assert_true(c.power.ups.configured);          /* "ups:" alone counts */
	assert_string_equal(c.power.ups.host, "127.0.0.1");
	assert_false(c.power.apcupsd.configured);
	assert_int_equal(c.network.n_hosts, 0);
	/* An empty baud list turns the search off; "fixes: auto" stays auto. */
	assert_int_equal(load_text("serial: {try_bauds: []}\nfixes: auto\n", &c, &msgs), 0);
	free(msgs);
	assert_int_equal(c.serial.n_try_bauds, 0);
	assert_string_equal(c.fixes, "auto");
	/* Booleans people write; 8N1-style framing in all its forms. */
	assert_int_equal(load_text("serial: {require_signals: yes, framing: 5O1}\n", &c, &msgs), 0);
	free(msgs);
	assert_true(c.serial.require_signals);
	assert_int_equal(c.serial.data_bits, 5);
	assert_int_equal(c.serial.parity, 'O');
	/* USB ids: hex, decimal, the bounds. */
	assert_int_equal(load_text("serial: {match: {usb_vid: 0xFFFF, usb_pid: 0}}\n", &c, &msgs), 0);
	free(msgs);
	assert_int_equal(c.serial.usb_vid, 0xffff);
	assert_int_equal(c.serial.usb_pid, 0);
}

/* A value that exactly fills a field fits; one byte more is an error. */
static void test_string_bounds(void **state)
{
	char text[400], name[200];
	struct config c;
	char *msgs = NULL;

	(void)state;
	memset(name, 'x', sizeof(c.site.name) - 1);
	name[sizeof(c.site.name) - 1] = '\0';
	snprintf(text, sizeof(text), "site: {name: %s}\n", name);
	assert_int_equal(load_text(text, &c, &msgs), 0);
	free(msgs);
	assert_string_equal(c.site.name, name);
	snprintf(text, sizeof(text), "site: {name: %sy}\n", name);
	expect_errors(text, "T:1:14: site.name: too long (128 bytes, at most 127)\n");
}

/* The messages of SPEC §4, word for word, several found in one pass. */
static void test_error_messages(void **state)
{
	(void)state;
	expect_errors("serial:\n  timout_ms: 200\n",
		      "T:2:3: unknown key 'timout_ms' in serial; did you mean 'timeout_ms'?\n");
	expect_errors("serial: {baud: fast}\nnetwork:\n  count: 0\n",
		      "T:1:16: serial.baud: expected an integer, got 'fast'\n"
		      "T:3:10: network.count: 0 is out of range 1..1000\n");
	expect_errors("arp: {mode: slow, probes: [1]}\n",
		      "T:1:13: arp.mode: 'slow' is not one of fast, rfc\n"
		      "T:1:27: arp.probes: expected an integer, got a list\n");
	expect_errors("kiosk: 5\n", "T:1:8: kiosk: expected a map of keys, got '5'\n");
	expect_errors("serial: {baud: 9600, baud: 19200}\n",
		      "T:1:22: duplicate key 'baud' in serial (first at line 1, column 10)\n");
	expect_errors("- serial\n",
		      "T:1:1: the top level must be a map of keys (such as 'serial:'), not a list\n");
	expect_errors("serial: {match: {usb_vid: 0x10000, usb_pid: -1}}\n",
		      "T:1:27: serial.match.usb_vid: expected a USB id such as 0x11ca "
		      "(0x0000..0xffff), got '0x10000'\n"
		      "T:1:45: serial.match.usb_pid: expected a USB id such as 0x11ca "
		      "(0x0000..0xffff), got '-1'\n");
	expect_errors("power:\n  thresholds: {battery_warn_pct: 10, battery_fail_pct: 20}\n",
		      "T:2:34: power.thresholds.battery_warn_pct (10) must not be below "
		      "power.thresholds.battery_fail_pct (20)\n");
	expect_errors("serial: {handshake: custom, request: \"hello\"}\n",
		      "T:1:38: serial.request: with handshake: custom, expected hex bytes such "
		      "as \"05\" or \"02 41 03\", got 'hello'\n");
}

/* network.hosts: required keys, unique names, the host limit. */
static void test_hosts(void **state)
{
	char text[4096];
	size_t o = 0;
	struct config c;
	char *msgs = NULL;

	(void)state;
	expect_errors("network:\n  hosts:\n    - {name: a b, address: x}\n    - {address: y}\n"
		      "    - {name: x, address: z, path: health, colour: red}\n    - {name: x}\n",
		      "T:3:14: network.hosts[0].name: 'a b' may only use letters, digits, "
		      "'_', '.' and '-'\n"
		      "T:4:7: network.hosts[1]: 'name' is missing (a short label such as "
		      "acquirer, used in check ids)\n"
		      "T:5:35: network.hosts[2].path: must start with '/', got 'health'\n"
		      "T:5:43: unknown key 'colour' in network.hosts[2] (known keys: name, "
		      "address, port, https, path, ca_file)\n"
		      "T:6:7: network.hosts[3]: 'address' is missing (a host name or IP "
		      "address such as pay.example.com)\n"
		      "T:6:14: network.hosts[3].name: 'x' is already the name of "
		      "network.hosts[2]\n");
	o += (size_t)snprintf(text + o, sizeof(text) - o, "network:\n  hosts:\n");
	for (int i = 0; i < CFG_MAX_HOSTS; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o,
				      "    - {name: h%d, address: 192.0.2.%d}\n", i, i + 1);
	assert_int_equal(load_text(text, &c, &msgs), 0);
	free(msgs);
	assert_int_equal(c.network.n_hosts, CFG_MAX_HOSTS);
	assert_string_equal(c.network.hosts[CFG_MAX_HOSTS - 1].name, "h15");
	snprintf(text + o, sizeof(text) - o, "    - {name: one-more, address: 192.0.2.99}\n");
	assert_int_equal(load_text(text, &c, &msgs), 1);
	assert_non_null(strstr(msgs, ":19:7: network.hosts: more than 16 hosts\n"));
	free(msgs);
}

/* lan.terminals: address or MAC, names defaulted and unique, bad values
 * reported where they are. */
static void test_terminals(void **state)
{
	struct config c;
	char *msgs = NULL;

	(void)state;
	assert_int_equal(load_text("lan:\n  terminals:\n"
				   "    - {name: counter, address: 192.168.1.50, port: 8800}\n"
				   "    - {mac: 00-17-6F-AA-BB-CC}\n", &c, &msgs), 0);
	free(msgs);
	assert_int_equal(c.lan.n_terminals, 2);
	assert_string_equal(c.lan.terminals[0].name, "counter");
	assert_string_equal(c.lan.terminals[0].address, "192.168.1.50");
	assert_int_equal(c.lan.terminals[0].port, 8800);
	assert_string_equal(c.lan.terminals[1].name, "terminal2");
	assert_string_equal(c.lan.terminals[1].mac, "00:17:6f:aa:bb:cc");
	assert_int_equal(c.lan.terminals[1].port, 0);
	expect_errors("lan:\n  terminals:\n    - {name: a}\n"
		      "    - {name: b, address: 192.168.1.256}\n"
		      "    - {name: c, mac: 00:17:6f:aa:bb}\n"
		      "    - {name: b, address: 10.0.0.1, port: 0}\n",
		      "T:3:7: lan.terminals[0]: give the terminal's 'address' (such as "
		      "192.168.1.50) or its 'mac' (such as 00:17:6f:12:34:56), or both\n"
		      "T:4:26: lan.terminals[1].address: '192.168.1.256' is not an IPv4 "
		      "address such as 192.168.1.50\n"
		      "T:5:22: lan.terminals[2].mac: '00:17:6f:aa:bb' is not a MAC address "
		      "such as 00:17:6f:12:34:56\n"
		      "T:6:14: lan.terminals[3].name: 'b' is already the name of "
		      "lan.terminals[1]\n"
		      "T:6:42: lan.terminals[3].port: 0 is out of range 1..65535\n");
}

/* Absolute paths stay as written; files the config names must be readable. */
static void test_named_files(void **state)
{
	char text[1200], ca[600];
	struct config c;
	char *msgs = NULL;

	(void)state;
	snprintf(ca, sizeof(ca), "%s/t.yaml", tmpdir);   /* any readable file */
	snprintf(text, sizeof(text), "network:\n  hosts:\n    - {name: a, address: b, "
		 "ca_file: %s}\n", ca);
	assert_int_equal(load_text(text, &c, &msgs), 0);
	free(msgs);
	assert_string_equal(c.network.hosts[0].ca_file, ca);
	assert_true(c.network.hosts[0].https);          /* port 443 by default */
	assert_int_equal(load_text("network:\n  hosts:\n    - {name: a, address: b, "
				   "ca_file: nope.pem}\n", &c, &msgs), 1);
	snprintf(text, sizeof(text), "%s/t.yaml:3:38: network.hosts[0].ca_file: cannot read "
		 "%s/nope.pem: No such file or directory\n", tmpdir, tmpdir);
	assert_string_equal(msgs, text);
	free(msgs);
}

/* A file that cannot be opened is named, with the reason. */
static void test_unreadable(void **state)
{
	struct config c;
	char *msgs = NULL;
	size_t len;
	FILE *errs = open_memstream(&msgs, &len);

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, "/nonexistent/posdoctor.yaml", errs), 1);
	fclose(errs);
	assert_string_equal(msgs, "/nonexistent/posdoctor.yaml:0:0: cannot open: "
			    "No such file or directory\n");
	free(msgs);
	assert_string_equal(c.source, "");
}

/* A FIFO, as the config or as the fixes file it names, is refused at once
 * (open used to wait for a writer forever); so is a folder; /dev/null is an
 * empty config. */
static void test_not_a_file(void **state)
{
	char fifo[600], text[800], want[1600];
	struct config c;
	char *msgs = NULL;
	size_t len;
	FILE *errs;

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/pipe.yaml", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	errs = open_memstream(&msgs, &len);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, fifo, errs), 1);
	assert_int_equal(config_load_file(&c, tmpdir, errs), 1);
	assert_int_equal(config_load_file(&c, "/dev/null", errs), 0);
	fclose(errs);
	snprintf(want, sizeof(want),
		 "%s:0:0: not a file that can be read (a pipe or a socket)\n"
		 "%s:0:0: cannot read: Is a directory\n", fifo, tmpdir);
	assert_string_equal(msgs, want);
	free(msgs);
	snprintf(text, sizeof(text), "fixes: %s\n", fifo);
	assert_int_equal(load_text(text, &c, &msgs), 1);
	snprintf(want, sizeof(want),
		 "%s:0:0: not a file that can be read (a pipe or a socket)\n", fifo);
	assert_string_equal(msgs, want);
	free(msgs);
	unlink(fifo);
}

/* serial.port tcp://HOST:PORT: split into host and port, or refused. */
static void test_tcp_address(void **state)
{
	static const struct {
		const char *value, *host;
		int rc, port;
	} cases[] = {
		{ "tcp://192.168.1.50:20007", "192.168.1.50", 1, 20007 },
		{ "TCP://[2001:db8::1]:1", "2001:db8::1", 1, 1 },
		{ "tcp://terminal-1.shop.lan:65535", "terminal-1.shop.lan", 1, 65535 },
		{ "/dev/ttyUSB0", "", 0, 0 },
		{ "auto", "", 0, 0 },
		{ "tcp://192.168.1.50", "", -1, 0 },
		{ "tcp://192.168.1.50:0", "", -1, 0 },
		{ "tcp://192.168.1.50:65536", "", -1, 0 },
		{ "tcp://192.168.1.50:20007x", "", -1, 0 },
		{ "tcp://256.1.1.1:20007", "", -1, 0 },
		{ "tcp://a..b:20007", "", -1, 0 },
		{ "tcp://2001:db8::1:20007", "", -1, 0 },
		{ "tcp://[2001:db8::1:20007", "", -1, 0 },
		{ "tcp://[nope]:20007", "", -1, 0 },
		{ "rfc2217://10.0.0.1:7000", "", -1, 0 },
	};
	char host[CFG_HOST_MAX], why[300];
	int port;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		assert_int_equal(config_tcp_address(cases[i].value, host, sizeof(host), &port, why,
						    sizeof(why)), cases[i].rc);
		assert_string_equal(host, cases[i].host);
		assert_int_equal(port, cases[i].port);
		assert_true(cases[i].rc >= 0 || why[0] != '\0');
	}
}

/* serial.protocol: the new key, the old handshake key, their agreement,
 * and the framing a named protocol implies when none is given. */
static void test_serial_protocol(void **state)
{
	struct config c;
	char *msgs = NULL;

	(void)state;
	assert_int_equal(load_text("serial: {protocol: zvt}\n", &c, &msgs), 0);
	assert_int_equal(c.serial.handshake, HANDSHAKE_ZVT);
	assert_int_equal(c.serial.data_bits, 8);
	assert_int_equal(c.serial.parity, 'N');
	assert_int_equal(c.serial.stop_bits, 2);
	free(msgs);
	assert_int_equal(load_text("serial: {protocol: concert}\n", &c, &msgs), 0);
	assert_int_equal(c.serial.handshake, HANDSHAKE_CONCERT);
	assert_int_equal(c.serial.data_bits, 7);
	assert_int_equal(c.serial.parity, 'E');
	free(msgs);
	assert_int_equal(load_text("serial: {protocol: concert, framing: 8N1}\n", &c, &msgs), 0);
	assert_int_equal(c.serial.data_bits, 8);
	assert_int_equal(c.serial.parity, 'N');
	free(msgs);
	assert_int_equal(load_text("serial: {protocol: auto}\n", &c, &msgs), 0);
	assert_int_equal(c.serial.handshake, HANDSHAKE_AUTO);
	free(msgs);
	assert_int_equal(load_text("serial: {handshake: stx-etx-lrc}\n", &c, &msgs), 0);
	assert_int_equal(c.serial.handshake, HANDSHAKE_STX_ETX_LRC);
	free(msgs);
	assert_int_equal(load_text("serial: {handshake: enq-ack, protocol: enq-ack}\n", &c, &msgs), 0);
	free(msgs);
	expect_errors("serial: {handshake: enq-ack, protocol: zvt}\n",
		      "T:1:40: serial.protocol: 'zvt' differs from serial.handshake 'enq-ack' "
		      "(the older name of the same setting): keep only serial.protocol\n");
	/* The old key keeps its old words only. */
	assert_true(load_text("serial: {handshake: zvt}\n", &c, &msgs) > 0);
	free(msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_defaults),
		cmocka_unit_test(test_full_fixture),
		cmocka_unit_test(test_partial_overlay),
		cmocka_unit_test(test_string_bounds),
		cmocka_unit_test(test_error_messages),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_terminals),
		cmocka_unit_test(test_named_files),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_not_a_file),
		cmocka_unit_test(test_serial_protocol),
		cmocka_unit_test(test_tcp_address),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
