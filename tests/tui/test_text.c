/* test_text.c - column widths, clipping, wrapping and layout maths. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui_layout.h"
#include "text.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", false), 3);
	assert_int_equal(text_width("中文", false), 4);
	assert_int_equal(text_width("中文", true), 2);      /* '?' each */
	assert_int_equal(text_width("a\tb", false), 3);     /* control -> '?' */
	assert_int_equal(text_width("\xff", false), 1);     /* invalid byte */
	assert_int_equal(text_width("e\xcc\x81", false), 1); /* combining */
}

static void test_fit_never_splits_wide(void **state)
{
	char out[64];

	(void)state;
	/* Three columns hold one ideograph and a half: the half is left out. */
	assert_int_equal(text_fit("中文字", 3, false, false, out, sizeof(out)), 2);
	assert_string_equal(out, "中");
	assert_int_equal(text_fit("中文字", 4, false, false, out, sizeof(out)), 4);
	assert_string_equal(out, "中文");
	/* With an ellipsis: it takes one column. */
	assert_int_equal(text_fit("中文字", 4, false, true, out, sizeof(out)), 3);
	assert_string_equal(out, "中…");
	assert_int_equal(text_fit("abcdef", 4, true, true, out, sizeof(out)), 4);
	assert_string_equal(out, "abc~");
	/* Fits whole: no ellipsis. */
	assert_int_equal(text_fit("abcd", 4, false, true, out, sizeof(out)), 4);
	assert_string_equal(out, "abcd");
	/* Control characters and bad bytes never reach the screen. */
	text_fit("a\x1b[31mb\xff", 20, false, false, out, sizeof(out));
	assert_string_equal(out, "a?[31mb?");
	/* ASCII terminal: non-ASCII becomes '?'. */
	text_fit("é中", 10, true, false, out, sizeof(out));
	assert_string_equal(out, "??");
	/* A tiny output buffer still ends in NUL on a character boundary. */
	text_fit("中文字", 10, false, false, out, 5);
	assert_string_equal(out, "");
	text_fit("中文字", 10, false, false, out, 7);
	assert_string_equal(out, "中");
}

/* Every wrapped line fits, and joining them gives back the words. */
static void check_wrap(const char *s, int width)
{
	struct text_line lines[64];
	int n = text_wrap(s, width, false, lines, 64);

	assert_true(n >= 1 && n <= 64);
	for (int i = 0; i < n; i++) {
		int w = text_widthn(s + lines[i].off, lines[i].len, false);

		/* Trailing spaces may hang over the edge; text may not. */
		while (lines[i].len > 0 && s[lines[i].off + lines[i].len - 1] == ' ') {
			lines[i].len--;
			w--;
		}
		if (w > width)
			fail_msg("line %d of '%s' at width %d is %d wide", i, s, width, w);
	}
}

static void test_wrap(void **state)
{
	struct text_line l[8];
	const char *s = "Unplug the cable and plug it back in";
	const char *zh = "拔下刷卡机的连接线，等十秒钟，再重新插紧。";

	(void)state;
	assert_int_equal(text_wrap(s, 12, false, l, 8), 4);
	assert_int_equal(l[0].off, 0);
	assert_int_equal(l[0].len, 10);               /* "Unplug the" */
	assert_memory_equal(s + l[1].off, "cable and", 9);
	/* Chinese breaks between any two ideographs. */
	assert_int_equal(text_wrap(zh, 10, false, l, 8), 5);
	/* From 2 columns: a double-width character needs two. */
	for (int w = 2; w <= 40; w++) {
		check_wrap(s, w);
		check_wrap(zh, w);
		check_wrap("mixed 中文 text with a verylongwordthatneverends 和更多", w);
	}
	/* Newlines force a break; an empty string is one empty line. */
	assert_int_equal(text_wrap("a\nb", 10, false, l, 8), 2);
	assert_int_equal(text_wrap("", 10, false, l, 8), 1);
}

/* Two rectangles do not overlap. */
static bool disjoint(const struct tui_rect *a, const struct tui_rect *b)
{
	if (a->h == 0 || a->w == 0 || b->h == 0 || b->w == 0)
		return true;
	return a->y + a->h <= b->y || b->y + b->h <= a->y ||
	       a->x + a->w <= b->x || b->x + b->w <= a->x;
}

static void test_layout_all_sizes(void **state)
{
	(void)state;
	for (int kiosk = 0; kiosk < 2; kiosk++)
	for (int notice = 0; notice < 2; notice++)
	for (int rows = 1; rows <= 70; rows++)
	for (int cols = 1; cols <= 260; cols += (cols < 140 ? 1 : 7)) {
		struct tui_layout lo;
		const struct tui_rect *r[] = { &lo.banner, &lo.header, &lo.list, &lo.sep,
					       &lo.details, &lo.notice, &lo.footer };
		int n = 7;

		tui_layout_compute(rows, cols, kiosk, notice, 20, &lo);
		if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS) {
			assert_true(lo.too_small);
			continue;
		}
		assert_false(lo.too_small);
		assert_true(lo.list.h >= 3);
		assert_int_equal(lo.side_by_side, !kiosk && cols >= TUI_WIDE_COLS);
		for (int i = 0; i < n; i++) {
			assert_true(r[i]->y >= 0 && r[i]->x >= 0);
			assert_true(r[i]->y + r[i]->h <= rows);
			assert_true(r[i]->x + r[i]->w <= cols);
			for (int k = i + 1; k < n; k++)
				if (!disjoint(r[i], r[k]))
					fail_msg("%dx%d kiosk=%d: parts %d and %d overlap",
						 cols, rows, kiosk, i, k);
		}
		if (!kiosk)
			assert_int_equal(lo.footer.y, rows - 1);
	}
}

static void test_layout_rows(void **state)
{
	struct tui_row_cols rc;

	(void)state;
	for (int w = TUI_MIN_COLS; w <= 250; w++)
	for (int tmax = 0; tmax <= 60; tmax += 5)
	for (int hist = 0; hist <= 30; hist += 15) {
		tui_layout_row(w, tmax, hist, &rc);
		assert_true(rc.title_x >= TUI_TAG_COLS + 1);
		assert_true(rc.title_w >= 1);
		assert_true(rc.title_x + rc.title_w <= w);
		if (rc.summary_w > 0) {
			assert_true(rc.summary_x > rc.title_x + rc.title_w - 1);
			assert_true(rc.summary_x + rc.summary_w <= (rc.hist_w ? rc.hist_x : w));
		}
		if (rc.hist_w > 0)
			assert_true(rc.hist_x + rc.hist_w <= w);
		/* Narrow lists drop the summary, wide ones show it. */
		assert_int_equal(rc.summary_w > 0, w >= TUI_SUMMARY_COLS);
	}
}

static void test_scroll_and_banner(void **state)
{
	int hh;

	(void)state;
	assert_int_equal(tui_layout_scroll(0, 0, 5, 20), 0);
	assert_int_equal(tui_layout_scroll(7, 0, 5, 20), 3);
	assert_int_equal(tui_layout_scroll(2, 3, 5, 20), 2);
	assert_int_equal(tui_layout_scroll(19, 0, 5, 20), 15);
	assert_int_equal(tui_layout_scroll(3, 10, 5, 4), 0);   /* shrank */
	/* "X PROBLEM": 9 glyphs of 6 pixels; the largest pixel that fits
	 * (hh: half rows per pixel). */
	assert_int_equal(tui_layout_banner_fit(9, 80, 7, true, &hh), 1);    /* 80x24 */
	assert_int_equal(hh, 2);
	assert_int_equal(tui_layout_banner_fit(9, 120, 12, true, &hh), 2);  /* 120x40 */
	assert_int_equal(hh, 4);
	assert_int_equal(tui_layout_banner_fit(9, 120, 7, true, &hh), 2);
	assert_int_equal(hh, 2);
	assert_int_equal(tui_layout_banner_fit(9, 220, 12, true, &hh), 4);
	assert_int_equal(hh, 4);
	assert_int_equal(tui_layout_banner_fit(9, 54, 7, true, &hh), 0);    /* 53 + 2 margins */
	assert_int_equal(tui_layout_banner_fit(9, 55, 7, true, &hh), 1);
	/* 16 to 19 rows: 3 rows of half blocks and the action line. */
	assert_int_equal(tui_layout_banner_fit(9, 80, 4, true, &hh), 1);
	assert_int_equal(hh, 1);
	assert_int_equal(tui_layout_glyph_rows(hh), 3);
	assert_int_equal(tui_layout_banner_fit(9, 80, 4, false, &hh), 0);   /* no UTF-8 */
	assert_int_equal(tui_layout_banner_fit(1, 200, 3, true, &hh), 0);   /* no row for the action */
	assert_int_equal(tui_layout_banner_fit(1, 200, 6, false, &hh), 0);
	assert_int_equal(tui_layout_banner_fit(0, 200, 12, true, &hh), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit_never_splits_wide),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_layout_all_sizes),
		cmocka_unit_test(test_layout_rows),
		cmocka_unit_test(test_scroll_and_banner),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("C.UTF-8 locale missing: cannot measure CJK widths\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
