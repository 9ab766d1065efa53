/* test_text.c - the one text layer of core/text.c (placeholders, plural,
 * bounded copy, widths outside a UTF-8 locale, line breaking rules), the
 * one worst-status rule, and the clock's timespec helpers. */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "checklist.h"
#include "clock.h"
#include "text.h"

/* text_vformat through a variadic front, as tui_fmt and report_fmt do. */
static size_t fmt(char *out, size_t len, const char *tmpl, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, tmpl);
	n = text_vformat(tmpl, out, len, ap);
	va_end(ap);
	return n;
}

/* The malloc'd variant. */
static char *fmt_dup(const char *tmpl, ...)
{
	va_list ap;
	char *s;

	va_start(ap, tmpl);
	s = text_vformat_dup(tmpl, ap);
	va_end(ap);
	return s;
}

static void test_placeholders(void **state)
{
	char out[64], *s;

	(void)state;
	assert_int_equal(fmt(out, sizeof(out), "{n} of {total} ({n})", "n", "3", "total", "5",
			     (const char *)NULL), strlen("3 of 5 (3)"));
	assert_string_equal(out, "3 of 5 (3)");
	/* Unknown, empty and unclosed placeholders stay as written. */
	fmt(out, sizeof(out), "{x} {} {n", "n", "1", (const char *)NULL);
	assert_string_equal(out, "{x} {} {n");
	/* A NULL value expands to nothing. */
	fmt(out, sizeof(out), "[{v}]", "v", (const char *)NULL, (const char *)NULL);
	assert_string_equal(out, "[]");
	/* Truncation never cuts a character: 7 bytes hold two ideographs. */
	assert_int_equal(fmt(out, 8, "{a}", "a", "中文字", (const char *)NULL), 6);
	assert_string_equal(out, "中文");
	assert_int_equal(fmt(out, 1, "{a}", "a", "x", (const char *)NULL), 0);
	assert_string_equal(out, "");
	/* The malloc'd form keeps values of any length whole. */
	memset(out, 'y', sizeof(out) - 1);
	out[sizeof(out) - 1] = '\0';
	s = fmt_dup("<{long}>", "long", out, (const char *)NULL);
	assert_non_null(s);
	assert_int_equal(strlen(s), sizeof(out) + 1);
	free(s);
}

static void test_plural_and_copy(void **state)
{
	char key[32], dst[8];

	(void)state;
	assert_string_equal(text_plural_key("report.count.warn", 1, key, sizeof(key)),
			    "report.count.warn.one");
	assert_string_equal(text_plural_key("tui.count.warn", 0, key, sizeof(key)),
			    "tui.count.warn.many");
	assert_string_equal(text_plural_key("tui.count.warn", 2, key, sizeof(key)),
			    "tui.count.warn.many");
	assert_true(text_copy(dst, sizeof(dst), "abc"));
	assert_string_equal(dst, "abc");
	assert_true(text_copy(dst, sizeof(dst), NULL));
	assert_string_equal(dst, "");
	assert_false(text_copy(dst, sizeof(dst), "abcdefgh"));
	assert_string_equal(dst, "abcdefg");
	assert_false(text_copy(dst, sizeof(dst), "ab中文"));   /* 8 bytes: no half */
	assert_string_equal(dst, "ab中");
	assert_false(text_copy(dst, 0, "x"));
}

static void test_numbers_and_utf8(void **state)
{
	char buf[32], enc[4];

	(void)state;
	text_number(40, buf, sizeof(buf));
	assert_string_equal(buf, "40");
	text_number(4.56, buf, sizeof(buf));
	assert_string_equal(buf, "4.6");
	text_number(nan(""), buf, sizeof(buf));
	assert_string_equal(buf, "n/a");
	for (uint32_t cp = 1; cp < 0x110000; cp += 97) {
		uint32_t back;
		size_t n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = text_utf8_put(cp, enc);
		assert_int_equal(text_utf8_next(enc, n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(text_utf8_whole("a\xe4\xb8", 3), 1);
	assert_int_equal(text_utf8_whole("a\xe4\xb8\xad", 4), 4);
}

/* Widths: a UTF-8 locale asks wcwidth; any other falls back on the East
 * Asian Wide table (a report written to a pipe under LANG=C). */
static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width(0x1B, false), -1);
	assert_int_equal(text_cp_width(0x85, false), -1);
	assert_int_equal(text_cp_width(0x4E2D, true), -1);
	if (setlocale(LC_CTYPE, "C.UTF-8")) {
		assert_int_equal(text_cp_width(0x4E2D, false), 2);
		assert_int_equal(text_cp_width(0x301, false), 0);
	}
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_int_equal(text_cp_width(0x4E2D, false), 2);
	assert_int_equal(text_cp_width(0xFF0C, false), 2);
	assert_int_equal(text_cp_width(0xE9, false), 1);
	assert_int_equal(text_width("中文ab", false), 6);
}

/* Lines never begin with closing punctuation, and break between
 * ideographs and at spaces. */
static void test_wrap_rules(void **state)
{
	struct text_line l[16];
	const char *zh = "再重新插紧。";
	int n;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C"));
	/* Width 10 holds five ideographs; the full stop must not start the
	 * second line, so the last ideograph goes with it. */
	n = text_wrap(zh, 10, false, l, 16);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].len, strlen("再重新插"));
	assert_string_equal(zh + l[1].off, "紧。");
	/* Spaces at a break belong to neither line. */
	n = text_wrap("aaaa  bbbb", 5, false, l, 16);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].len, 4);
	assert_int_equal(l[1].off, 6);
	/* Counting only (max 0) gives the same number of lines. */
	assert_int_equal(text_wrap("aaaa  bbbb", 5, false, NULL, 0), 2);
}

/* The worst status counts items that finished a run, also while they run
 * again; items that never finished do not count. */
static void test_worst_rule(void **state)
{
	struct check_item items[3];
	struct checklist cl = { 3, items };

	(void)state;
	memset(items, 0, sizeof(items));
	assert_int_equal(checklist_overall(&cl), STATUS_SKIP);
	items[0].runs = 1;
	items[0].state = STATE_DONE;
	items[0].result.status = STATUS_WARN;
	items[1].state = STATE_DONE;            /* no run: no result */
	items[1].result.status = STATUS_FAIL;
	items[2].runs = 2;
	items[2].state = STATE_RUNNING;         /* re-running: last result stands */
	items[2].result.status = STATUS_OK;
	assert_true(checklist_item_done(&items[0]));
	assert_false(checklist_item_done(&items[1]));
	assert_true(checklist_item_done(&items[2]));
	assert_int_equal(checklist_overall(&cl), STATUS_WARN);
	assert_int_equal(checklist_count_status(&cl, STATUS_FAIL), 0);
	assert_int_equal(checklist_count_status(&cl, STATUS_OK), 1);
}

static void test_clock_ts(void **state)
{
	struct timespec now, d, s;

	(void)state;
	s = clock_span_ts(2500);
	assert_int_equal(s.tv_sec, 2);
	assert_int_equal(s.tv_nsec, 500000000L);
	s = clock_span_ts(-5);
	assert_int_equal(s.tv_sec, 0);
	assert_int_equal(s.tv_nsec, 0);
	for (int ms = 0; ms < 3000; ms += 333) {
		long long diff;

		clock_gettime(CLOCK_MONOTONIC, &now);
		d = clock_ms_timespec(clock_ms() + ms);
		assert_true(d.tv_nsec >= 0 && d.tv_nsec < 1000000000L);
		diff = (long long)(d.tv_sec - now.tv_sec) * 1000 + (d.tv_nsec - now.tv_nsec) / 1000000;
		assert_true(diff >= ms - 1 && diff <= ms + 50);   /* clock_ms() is whole ms */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_plural_and_copy),
		cmocka_unit_test(test_numbers_and_utf8),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_wrap_rules),
		cmocka_unit_test(test_worst_rule),
		cmocka_unit_test(test_clock_ts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
