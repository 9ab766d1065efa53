/* power_protocol_test.c - parsers of the power module: NUT words and status,
 * UPS verdicts, apcupsd lines, kernel log counts (a fixture file; the real
 * /dev/kmsg is read in tests/sys/test_sys_kmsg.c). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "power.h"

static void nut_words_quotes_and_escapes(void **state)
{
	char w[6][NUT_VALUE_MAX];

	(void)state;
	assert_int_equal(nut_split_words("VAR shop ups.status \"OB LB\"", w, 6), 4);
	assert_string_equal(w[0], "VAR");
	assert_string_equal(w[2], "ups.status");
	assert_string_equal(w[3], "OB LB");
	assert_int_equal(nut_split_words("UPS a \"say \\\"hi\\\" \\\\ back\"", w, 6), 3);
	assert_string_equal(w[2], "say \"hi\" \\ back");
	assert_int_equal(nut_split_words("VAR a b \"\"", w, 6), 4);
	assert_string_equal(w[3], "");
	assert_int_equal(nut_split_words("VAR a b \"unterminated", w, 6), -1);
	assert_int_equal(nut_split_words("", w, 6), 0);
	assert_int_equal(nut_split_words("a b c d e f g h", w, 6), 6);
	/* An overlong value is cut, never overflows. */
	char longline[3000];
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	assert_int_equal(nut_split_words(longline, w, 6), 1);
	assert_int_equal((int)strlen(w[0]), NUT_VALUE_MAX - 1);
}

static void ups_status_words(void **state)
{
	char unknown[96];
	unsigned f;

	(void)state;
	f = ups_status_parse("OL CHRG", unknown, sizeof(unknown));
	assert_int_equal(f, UPS_OL | UPS_CHRG);
	assert_string_equal(unknown, "");
	f = ups_status_parse("  OB   DISCHRG LB ", unknown, sizeof(unknown));
	assert_int_equal(f, UPS_OB | UPS_DISCHRG | UPS_LB);
	f = ups_status_parse("OL FROB ECO XYZZY", unknown, sizeof(unknown));
	assert_int_equal(f, UPS_OL | UPS_ECO);
	assert_string_equal(unknown, "FROB XYZZY");
	/* Prefixes of known words are not those words. */
	f = ups_status_parse("OLX O", unknown, sizeof(unknown));
	assert_int_equal(f, 0);
	assert_string_equal(unknown, "OLX O");
}

/* Judge a NUT status with given charge; returns the code. */
static const char *judge(const char *status, double charge, enum check_status *st)
{
	static struct check_result res;
	struct config cfg;
	struct ups_reading rd;

	config_defaults(&cfg);
	memset(&rd, 0, sizeof(rd));
	snprintf(rd.name, sizeof(rd.name), "shop");
	snprintf(rd.status, sizeof(rd.status), "%s", status);
	rd.flags = ups_status_parse(status, rd.unknown, sizeof(rd.unknown));
	rd.charge_pct = charge;
	rd.runtime_s = rd.input_v = rd.load_pct = -1;
	result_init(&res);
	ups_judge(&cfg, &rd, &res);
	*st = res.status;
	return res.code;
}

static void ups_verdicts(void **state)
{
	enum check_status st;

	(void)state;
	assert_string_equal(judge("OL", 100, &st), "power.ok");
	assert_int_equal(st, STATUS_OK);
	assert_string_equal(judge("OL CHRG TRIM", 80, &st), "power.ok");
	assert_string_equal(judge("OB DISCHRG", 60, &st), "power.ups_on_battery");
	assert_int_equal(st, STATUS_WARN);
	assert_string_equal(judge("OB LB", 30, &st), "power.ups_low_battery");
	assert_int_equal(st, STATUS_FAIL);
	/* On battery below battery_fail_pct without LB: still low. */
	assert_string_equal(judge("OB", 9, &st), "power.ups_low_battery");
	assert_string_equal(judge("FSD OB", -1, &st), "power.ups_low_battery");
	assert_string_equal(judge("OL OVER", 100, &st), "power.ups_overload");
	assert_int_equal(st, STATUS_FAIL);
	assert_string_equal(judge("OL RB", 100, &st), "power.ups_replace_battery");
	assert_string_equal(judge("OL BYPASS", 100, &st), "power.ups_attention");
	assert_string_equal(judge("OFF", 100, &st), "power.ups_attention");
	assert_string_equal(judge("SOMETHING", 100, &st), "power.ups_attention");
	/* WAIT is never "on line", even with OL beside it. */
	assert_string_equal(judge("WAIT", -1, &st), "power.ups_waiting");
	assert_int_equal(st, STATUS_WARN);
	assert_string_equal(judge("OL WAIT", 100, &st), "power.ups_waiting");
	assert_string_equal(judge("", -1, &st), "power.ups_waiting");
}

static void apcupsd_lines(void **state)
{
	struct ups_reading rd;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	rd.charge_pct = rd.runtime_s = rd.input_v = rd.load_pct = -1;
	apcupsd_parse_line("APC      : 001,036,0877\n", &rd);
	apcupsd_parse_line("UPSNAME  : backroom\n", &rd);
	apcupsd_parse_line("STATUS   : ONBATT LOWBATT \n", &rd);
	apcupsd_parse_line("LINEV    : 0.0 Volts\n", &rd);
	apcupsd_parse_line("LOADPCT  : 17.0 Percent\n", &rd);
	apcupsd_parse_line("BCHARGE  : 9.0 Percent\n", &rd);
	apcupsd_parse_line("TIMELEFT : 2.5 Minutes\n", &rd);
	apcupsd_parse_line("no colon here", &rd);
	apcupsd_parse_line(": empty key", &rd);
	assert_string_equal(rd.name, "backroom");
	assert_string_equal(rd.status, "ONBATT LOWBATT");
	assert_int_equal(rd.flags, UPS_OB | UPS_LB);
	assert_true(rd.charge_pct > 8.9 && rd.charge_pct < 9.1);
	assert_true(rd.runtime_s > 149 && rd.runtime_s < 151);
	assert_true(rd.load_pct > 16.9 && rd.load_pct < 17.1);
	assert_true(rd.input_v >= 0 && rd.input_v < 0.1);
	apcupsd_parse_line("STATUS   : ONLINE REPLACEBATT NEWTHING\n", &rd);
	assert_int_equal(rd.flags, UPS_OL | UPS_RB);
	assert_string_equal(rd.unknown, "NEWTHING");
}

/* Feed bytes to apcupsd_read_status() through a socket that then closes. */
static enum nut_status apc_feed(const void *bytes, size_t n, struct ups_reading *rd,
				char *err, size_t errlen)
{
	struct nut_conn c;
	enum nut_status st;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(write(sv[1], bytes, n), (ssize_t)n);
	shutdown(sv[1], SHUT_WR);
	memset(&c, 0, sizeof(c));
	c.fd = sv[0];
	c.deadline_ms = clock_ms() + 2000;
	st = apcupsd_read_status(&c, rd);
	snprintf(err, errlen, "%s", c.err);
	close(sv[0]);
	close(sv[1]);
	return st;
}

/* The framed answer: lines, the closing empty frame, and what breaks it. */
static void apcupsd_frames(void **state)
{
	static const char ok[] = "\0\x14UPSNAME  : backroom\n"
				 "\0\x13STATUS   : ONBATT \n"
				 "\0\x16" "BCHARGE  : 9.0 Percent" "\0\0";
	static const char binary[] = "\0\x05ST\0US" "\0\0";
	struct ups_reading rd;
	char err[64];

	(void)state;
	assert_int_equal(apc_feed(ok, sizeof(ok) - 1, &rd, err, sizeof(err)), NUT_OK);
	assert_string_equal(rd.name, "backroom");
	assert_string_equal(rd.status, "ONBATT");
	assert_int_equal(rd.flags, UPS_OB);
	assert_true(rd.charge_pct > 8.9 && rd.charge_pct < 9.1);
	assert_true(rd.runtime_s < 0);
	/* Cut inside the last frame: the server hung up mid-answer. */
	assert_int_equal(apc_feed(ok, sizeof(ok) - 6, &rd, err, sizeof(err)), NUT_CLOSED);
	/* Cut inside a length. */
	assert_int_equal(apc_feed(ok, 1, &rd, err, sizeof(err)), NUT_CLOSED);
	/* No STATUS line before the end. */
	assert_int_equal(apc_feed("\0\0", 2, &rd, err, sizeof(err)), NUT_GARBAGE);
	assert_string_equal(err, "no STATUS line");
	assert_int_equal(apc_feed("\xff\xff", 2, &rd, err, sizeof(err)), NUT_GARBAGE);
	assert_string_equal(err, "frame of 65535 bytes");
	assert_int_equal(apc_feed(binary, sizeof(binary) - 1, &rd, err, sizeof(err)),
			 NUT_GARBAGE);
	assert_string_equal(err, "binary data in a line");
}

/* Which kernel messages are under-voltage warnings (records are parsed by
 * sys_kmsg_parse, tests/sys/test_sys_kmsg.c). */
static void kmsg_records(void **state)
{
	(void)state;
	assert_true(power_kmsg_is_undervoltage("Under-voltage detected! (0x00050005)", 36));
	assert_true(power_kmsg_is_undervoltage("hwmon hwmon1: Undervoltage detected!", 36));
	assert_true(power_kmsg_is_undervoltage("UNDER-VOLTAGE DETECTED", 22));
	assert_false(power_kmsg_is_undervoltage("Voltage normalised", 18));
	/* A message split by the length: only the first len bytes count. */
	assert_false(power_kmsg_is_undervoltage("Under-voltage detected", 10));
}

/* A fixture log: a line far longer than any record, no final newline. */
static void kmsg_file_bounded(void **state)
{
	char path[] = "/tmp/power-kmsg.XXXXXX";
	struct power_kmsg_stats st;
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("6,1,1000000,-;Under-voltage detected!\n", f);
	for (int i = 0; i < 40000; i++)
		fputc('z', f);
	fputs("\n6,2,2000000,-;ok\n", f);
	fputs("6,4,2500000,-;Voltage normalised (0x00000000)\n", f);
	fputs(" SUBSYSTEM=platform\n", f);
	fputs("6,3,3000000,-;Under-voltage detected!", f);
	fclose(f);
	power_kmsg_scan(path, clock_ms() + 5000, &st);
	assert_true(st.readable);
	assert_int_equal(st.records, 4);
	assert_int_equal(st.undervoltage, 2);
	assert_int_equal(st.normalised, 1);
	assert_true(st.first_s > 0.99 && st.first_s < 1.01);
	assert_true(st.last_s > 2.99 && st.last_s < 3.01);
	/* A deadline already past stops at once, marked truncated. */
	power_kmsg_scan(path, clock_ms() - 1, &st);
	assert_true(st.readable);
	unlink(path);
	power_kmsg_scan("/nonexistent/kmsg", clock_ms() + 1000, &st);
	assert_false(st.readable);
	assert_int_equal(st.error, ENOENT);
}

/* Error texts: glibc's English descriptions, "error N" when unknown. */
static void power_error_texts(void **state)
{
	char eb[24];

	(void)state;
	assert_string_equal(errno_text(ECONNREFUSED, eb, sizeof(eb)), "Connection refused");
	assert_string_equal(errno_text(ETIMEDOUT, eb, sizeof(eb)), "Connection timed out");
	assert_string_equal(errno_text(99999, eb, sizeof(eb)), "error 99999");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(power_error_texts),
		cmocka_unit_test(nut_words_quotes_and_escapes),
		cmocka_unit_test(ups_status_words),
		cmocka_unit_test(ups_verdicts),
		cmocka_unit_test(apcupsd_lines),
		cmocka_unit_test(apcupsd_frames),
		cmocka_unit_test(kmsg_records),
		cmocka_unit_test(kmsg_file_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
