/* test_render.c - the screen as drawn, read back cell by cell from a curses
 * screen on /dev/null of fixed sizes: every part in its place at every size,
 * in both languages, with and without colour, and the kiosk's big letters.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "tui_int.h"
#include "text.h"

static const char *const codes[] = { "x.ok", "serial.no_response", "net.loss_high", NULL };
static const struct probe probe_serial = { .id = "serial.link", .module = "serial",
					   .codes = codes, .timeout_ms = 1000 };
static const struct probe probe_host = { .id = "network.host", .module = "network",
					 .codes = codes, .timeout_ms = 1000 };
static const struct probe probe_power = { .id = "power.supply", .module = "power",
					  .codes = codes, .timeout_ms = 1000 };

struct fixture {
	struct config cfg;
	struct catalog *cat;
	struct checklist cl;
	struct tui_params p;
	struct tui t;
	SCREEN *scr;
	FILE *out, *in;
};

/* A fix with n steps, both languages. */
static void put_fix(struct catalog *cat, const char *code, int n)
{
	struct fix f;

	memset(&f, 0, sizeof(f));
	f.code = strdup(code);
	f.title.text[LANG_EN] = strdup("The payment terminal does not answer");
	f.title.text[LANG_ZH_CN] = strdup("刷卡机没有应答");
	f.why.text[LANG_EN] = strdup("Without an answer no card payment can start.");
	f.why.text[LANG_ZH_CN] = strdup("刷卡机不应答，就无法开始任何刷卡收款。");
	for (int i = 0; i < n; i++) {
		char en[128];

		snprintf(en, sizeof(en), "Step number %d: unplug the cable of the terminal at "
			 "the back and plug it in again firmly", i + 1);
		f.steps[i].text[LANG_EN] = strdup(en);
		f.steps[i].text[LANG_ZH_CN] = strdup("拔下刷卡机背面的连接线，再重新插紧，直到听到咔哒一声。");
	}
	f.n_steps = n;
	assert_int_equal(catalog_put_fix(cat, &f), 0);
}

static void text(struct catalog *cat, const char *key, const char *en, const char *zh)
{
	assert_int_equal(catalog_set_text(cat, key, LANG_EN, en), 0);
	assert_int_equal(catalog_set_text(cat, key, LANG_ZH_CN, zh), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct check_item *it;

	config_defaults(&f->cfg);
	snprintf(f->cfg.site.name, sizeof(f->cfg.site.name), "Corner Cafe");
	snprintf(f->cfg.site.terminal_id, sizeof(f->cfg.site.terminal_id), "T-0042");
	f->cat = catalog_new();
	text(f->cat, "title.serial.link", "Payment terminal answers on its cable",
	     "支付终端串口连接线与刷卡机之间的通信正常");
	text(f->cat, "title.network.host", "Payment host {label} reachable",
	     "支付主机 {label} 可以访问");
	text(f->cat, "title.power.supply", "Mains power", "市电供电");
	text(f->cat, "summary.serial.no_response", "No answer to ENQ after {tries} tries",
	     "发送 ENQ {tries} 次均无应答");
	text(f->cat, "summary.net.loss_high", "{loss_pct}% of packets to {host} lost",
	     "发往 {host} 的数据包丢失 {loss_pct}%");
	text(f->cat, "summary.x.ok", "Fine", "正常");
	text(f->cat, "tui.kiosk.banner.ok", "PAYMENTS READY", "可以收款");
	text(f->cat, "tui.kiosk.word.ok", "OK", "正常");
	put_fix(f->cat, "serial.no_response", 3);
	put_fix(f->cat, "net.loss_high", 2);

	f->cl.n = 4;
	f->cl.items = calloc(4, sizeof(struct check_item));
	for (int i = 0; i < 4; i++) {
		it = &f->cl.items[i];
		result_init(&it->result);
		it->probe = i == 0 ? &probe_serial : i == 3 ? &probe_power : &probe_host;
		snprintf(it->label, sizeof(it->label), "%s", i == 1 ? "acquirer" : i == 2 ? "backup" : "");
		snprintf(it->id, sizeof(it->id), "%s%s%s", it->probe->id, it->label[0] ? ":" : "",
			 it->label);
		it->state = STATE_DONE;
		it->runs = 1;
		it->n_history = 1;
	}
	/* serial fails, one host warns with RTT samples, one host runs, power ok. */
	it = &f->cl.items[0];
	result_set(&it->result, STATUS_FAIL, "serial.no_response");
	result_arg(&it->result, "tries", "3");
	result_metric(&it->result, "retries_sent", 3);
	it->history[0] = STATUS_FAIL;
	it = &f->cl.items[1];
	result_set(&it->result, STATUS_WARN, "net.loss_high");
	result_arg(&it->result, "host", "pay.example.com");
	result_metric(&it->result, "loss_pct", 4.5);
	result_metric(&it->result, "rtt_avg_ms", 25.25);
	for (int i = 0; i < 20; i++)
		result_sample(&it->result, 20 + (i * 7) % 13);
	it->history[0] = STATUS_WARN;
	it = &f->cl.items[2];
	it->state = STATE_RUNNING;
	it->runs = 0;
	it->n_history = 0;
	it->started_ms = clock_ms();
	it->progress_done = 12;
	it->progress_total = 20;
	it = &f->cl.items[3];
	result_set(&it->result, STATUS_OK, "x.ok");
	it->history[0] = STATUS_OK;

	f->p.cfg = &f->cfg;
	f->p.cat = f->cat;
	f->p.cl = &f->cl;
	f->p.version = "9.9.9";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->scr) {
		endwin();
		delscreen(f->scr);
		fclose(f->out);
		fclose(f->in);
	}
	tui_state_free(&f->t);
	catalog_free(f->cat);
	free(f->cl.items);
	free(f);
	return 0;
}

/* (Re)start the screen at rows x cols and draw. */
static void render(struct fixture *f, int cols, int rows, enum lang l, bool kiosk, bool color)
{
	if (!f->scr) {
		f->out = fopen("/dev/null", "w");
		f->in = fopen("/dev/null", "r");
		f->scr = newterm("xterm-256color", f->out, f->in);
		assert_non_null(f->scr);
		set_term(f->scr);
	}
	resize_term(rows, cols);
	tui_state_free(&f->t);
	f->p.kiosk = kiosk;
	f->p.no_color = !color;
	f->p.lang = l;
	assert_int_equal(tui_state_init(&f->t, &f->p), 0);
	f->t.ascii = false;
	tui_theme_init(&f->t);
	tui_draw(&f->t);
}

/* Row y as UTF-8 (continuation cells of wide characters skipped). */
static void row(int y, char *buf, size_t len)
{
	size_t o = 0;

	for (int x = 0; x < COLS && o + 8 < len; x++) {
		cchar_t c;
		wchar_t w[CCHARW_MAX + 1];
		attr_t a;
		short p;
		char mb[16];
		int n;

		mvin_wch(y, x, &c);
		getcchar(&c, w, &a, &p, NULL);
		n = (int)wcrtomb(mb, w[0] ? w[0] : L' ', NULL);
		if (n > 0) {
			memcpy(buf + o, mb, (size_t)n);
			o += (size_t)n;
		}
		if (wcwidth(w[0]) == 2)
			x++;
	}
	buf[o] = '\0';
}

/* Whether text is on any row of the screen. */
static bool on_screen(const char *s)
{
	char buf[2048];

	for (int y = 0; y < LINES; y++) {
		row(y, buf, sizeof(buf));
		if (strstr(buf, s))
			return true;
	}
	return false;
}

/* Print the screen (to see what a failing assertion saw). */
static void dump(void)
{
	char buf[2048];

	printf("--- screen %dx%d\n", COLS, LINES);
	for (int y = 0; y < LINES; y++) {
		row(y, buf, sizeof(buf));
		printf("%s|\n", buf);
	}
}

#define assert_on_screen(s) do { \
		if (!on_screen(s)) { \
			dump(); \
			fail_msg("not on screen: %s", s); \
		} \
	} while (0)

/* A wide character never sits in the last column (it would wrap). */
static void assert_no_split(void)
{
	for (int y = 0; y < LINES; y++) {
		cchar_t c;
		wchar_t w[CCHARW_MAX + 1];
		attr_t a;
		short p;

		mvin_wch(y, COLS - 1, &c);
		getcchar(&c, w, &a, &p, NULL);
		if (wcwidth(w[0]) == 2) {
			cchar_t prev;
			wchar_t pw[CCHARW_MAX + 1];

			/* Allowed only as the second half of a pair. */
			mvin_wch(y, COLS - 2, &prev);
			getcchar(&prev, pw, &a, &p, NULL);
			assert_true(pw[0] == w[0]);
		}
	}
}

static void test_every_size(void **state)
{
	struct fixture *f = *state;
	static const int sizes[][2] = {
		{ 40, 12 }, { 41, 13 }, { 55, 16 }, { 56, 20 }, { 80, 24 }, { 99, 30 },
		{ 119, 33 }, { 120, 40 }, { 132, 43 }, { 200, 60 },
	};
	char buf[2048];

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
	for (int l = 0; l < LANG_COUNT; l++)
	for (int kiosk = 0; kiosk < 2; kiosk++)
	for (int color = 0; color < 2; color++) {
		const struct tui_layout *lo = &f->t.lo;

		render(f, sizes[s][0], sizes[s][1], (enum lang)l, kiosk, color);
		assert_false(lo->too_small);
		/* Each checklist row starts with its status tag. */
		for (int r = 0; r < lo->list.h && r < f->cl.n; r++) {
			row(lo->list.y + r, buf, sizeof(buf));
			if (buf[0] != '[')
				fail_msg("%dx%d lang %d kiosk %d: row %d is '%s'", COLS, LINES, l,
					 kiosk, r, buf);
		}
		/* The rule under a stacked list is whole: nothing wrapped into it
		 * (the kiosk names its history strip on the right half). */
		if (lo->sep.h == 1 && lo->sep.w > 1) {
			cchar_t c0, c;

			mvin_wch(lo->sep.y, 0, &c0);
			for (int x = 1; x < (kiosk ? COLS / 2 : COLS); x++) {
				mvin_wch(lo->sep.y, x, &c);
				assert_true(memcmp(&c.chars, &c0.chars, sizeof(c.chars)) == 0);
			}
		}
		if (!kiosk) {
			row(LINES - 1, buf, sizeof(buf));
			if (!strstr(buf, tui_str(&f->t, "tui.key.quit"))) {
				dump();
				fail();
			}
		}
		row(lo->header.y, buf, sizeof(buf));
		assert_non_null(strstr(buf, "Corner Cafe"));
		assert_no_split();
	}
}

/* The header's counts: whole when they fit beside the verdict, else what
 * needs attention (the verdict and a long count line at 80 columns). */
static void test_header_counts(void **state)
{
	struct fixture *f = *state;
	struct check_item *items = calloc(18, sizeof(*items));

	text(f->cat, "tui.verdict.fail", "Problem found: card payments may fail",
	     "发现问题：刷卡收款可能失败");
	text(f->cat, "tui.count.ok", "{n} ok", "{n} 项正常");
	text(f->cat, "tui.count.warn.many", "{n} warnings", "{n} 项警告");
	text(f->cat, "tui.count.fail", "{n} failed", "{n} 项失败");
	text(f->cat, "tui.count.skip", "{n} skipped", "{n} 项跳过");
	assert_non_null(items);
	for (int i = 0; i < 18; i++) {
		struct check_item *it = &items[i];
		enum check_status st = i < 10 ? STATUS_OK : i < 12 ? STATUS_WARN :
				 i < 13 ? STATUS_FAIL : STATUS_SKIP;

		result_init(&it->result);
		it->probe = &probe_host;
		snprintf(it->label, sizeof(it->label), "h%d", i);
		snprintf(it->id, sizeof(it->id), "network.host:h%d", i);
		it->state = STATE_DONE;
		it->runs = 1;
		result_set(&it->result, st, st == STATUS_OK ? "x.ok" : "net.loss_high");
	}
	free(f->cl.items);
	f->cl.items = items;
	f->cl.n = 18;

	render(f, 132, 43, LANG_EN, false, true);
	assert_on_screen("Problem found: card payments may fail  10 ok · 2 warnings · 1 failed · 5 skipped");
	/* 39 + 41 columns do not fit 80: the warnings and the failure stay. */
	render(f, 80, 24, LANG_EN, false, true);
	assert_on_screen("Problem found: card payments may fail  2 warnings · 1 failed");
	assert_false(on_screen("10 ok"));
	render(f, 80, 24, LANG_ZH_CN, false, true);
	assert_on_screen("发现问题：刷卡收款可能失败  10 项正常 · 2 项警告 · 1 项失败 · 5 项跳过");
	/* Too narrow for either: the verdict alone. */
	render(f, 41, 13, LANG_EN, false, true);
	assert_on_screen("Problem found: card payments may fail");
	assert_false(on_screen("failed"));
}

static void test_too_small(void **state)
{
	struct fixture *f = *state;

	render(f, 39, 12, LANG_EN, false, true);
	assert_true(f->t.lo.too_small);
	assert_on_screen(("Terminal too small (39x12)"));
	render(f, 80, 11, LANG_EN, true, true);
	assert_on_screen(("Terminal too small (80x11)"));
	assert_false(on_screen("Corner Cafe"));
}

static void test_details(void **state)
{
	struct fixture *f = *state;

	/* Side by side, the failing serial check selected (item 0). */
	render(f, 132, 43, LANG_EN, false, true);
	assert_true(f->t.lo.side_by_side);
	assert_on_screen(("[FAIL] Payment terminal"));
	assert_on_screen(("Payment terminal answers on its cable")); /* details title */
	assert_on_screen(("No answer to ENQ after 3 tries"));
	assert_on_screen(("Why it matters"));
	assert_on_screen(("1. Step number 1"));
	assert_on_screen(("2. Step number 2"));
	assert_on_screen(("3. Step number 3"));
	assert_on_screen(("Code: serial.no_response"));
	assert_on_screen(("Terminal id: T-0042"));
	assert_on_screen(("retries sent: 3"));
	assert_on_screen(("retries_sent=3"));
	/* The running host shows its progress; the waiting state is words. */
	assert_on_screen(("running 12/20"));
	assert_on_screen(("1 ok · 1 warning · 1 failed · 1 running"));

	/* Select the warning host: metrics with units and a sparkline. */
	f->t.sel = 1;
	f->t.sel_moved = true;
	tui_draw(&f->t);
	assert_on_screen(("loss: 4.5%"));
	assert_true(on_screen("rtt avg: 25.2 ms") || on_screen("rtt avg: 25.3 ms"));
	assert_on_screen(("Samples (20): min 20, max 32"));
	assert_on_screen(("▁"));
	assert_on_screen(("█"));

	/* l switches the language at once: same results, no re-run. */
	assert_int_equal(tui_key_at(&f->t, 'l', 0), ACT_REDRAW);
	tui_draw(&f->t);
	assert_on_screen(("支付主机 acquirer 可以访问"));
	assert_on_screen((tui_str(&f->t, "tui.details.steps")));
	assert_on_screen(("1. 拔下刷卡机"));
	assert_int_equal(f->cl.items[0].runs, 1);
	assert_no_split();
	assert_int_equal(tui_key_at(&f->t, 'l', 0), ACT_REDRAW);
	tui_draw(&f->t);
	assert_on_screen(("Payment host acquirer reachable"));
}

static void test_keys_move_and_order(void **state)
{
	struct fixture *f = *state;

	render(f, 80, 24, LANG_EN, false, true);
	/* It opens worst first (fail, warn, ok, then the running one) with
	 * the failure selected. */
	assert_true(f->t.worst_first);
	assert_int_equal(f->t.order[0], 0);
	assert_int_equal(f->t.order[1], 1);
	assert_int_equal(f->t.order[2], 3);
	assert_int_equal(f->t.order[3], 2);
	assert_int_equal(f->t.sel, 0);
	tui_key_at(&f->t, 'j', 0);
	tui_key_at(&f->t, KEY_DOWN, 0);
	assert_int_equal(f->t.sel, 3);
	tui_key_at(&f->t, 'G', 0);
	assert_int_equal(f->t.sel, 2);
	tui_key_at(&f->t, 'j', 0);
	assert_int_equal(f->t.sel, 2);
	tui_key_at(&f->t, 'g', 0);
	assert_int_equal(f->t.sel, 0);
	/* o: module order, the selection stays on the failure. */
	tui_key_at(&f->t, 'o', 0);
	tui_draw(&f->t);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f->t.order[i], i);
	assert_int_equal(f->t.sel, 0);
	assert_int_equal(tui_key_at(&f->t, 'r', 0), ACT_RERUN_ONE);
	assert_int_equal(tui_key_at(&f->t, 'R', 0), ACT_RERUN_ALL);
	assert_int_equal(tui_key_at(&f->t, 's', 0), ACT_SAVE);
	assert_int_equal(tui_key_at(&f->t, '?', 0), ACT_REDRAW);
	tui_draw(&f->t);
	assert_on_screen(("s: save the report (text and JSON)"));
	assert_int_equal(tui_key_at(&f->t, 'x', 0), ACT_REDRAW); /* closes help */
	assert_int_equal(tui_key_at(&f->t, 'q', 0), ACT_QUIT);
}

/* Whether the cell at y, x is lit: reverse video unlike the band. */
static bool lit(const struct tui *t, int y, int x)
{
	cchar_t c, band;

	mvin_wch(t->lo.banner.y, t->lo.banner.x, &band);
	mvin_wch(y, x, &c);
	return (c.attr & A_REVERSE) != (band.attr & A_REVERSE);
}

/* Whether pixel row py (in half rows from the letters' top) of screen
 * column x is lit: whole-row pixels are lit cells, half-row ones the upper
 * or lower half of a half block character. */
static bool pixel_lit(const struct tui *t, int py, int x)
{
	const struct tui_big *b = &t->big;
	cchar_t c;
	wchar_t w[CCHARW_MAX + 1];
	attr_t a;
	short p;

	if (b->hh > 1)
		return lit(t, b->y + py / 2, x);
	mvin_wch(b->y + py / 2, x, &c);
	getcchar(&c, w, &a, &p, NULL);
	return w[0] == L'█' || w[0] == (py % 2 ? L'▄' : L'▀');
}

/* Whether glyph g is drawn at slot i of the banner's letters: every pixel
 * (pw columns, hh half rows) lit exactly where the glyph has '#'. */
static bool glyph_at(const struct tui *t, int i, const char *const *g)
{
	const struct tui_big *b = &t->big;
	int x0 = b->x + i * (TUI_GLYPH_W + 1) * b->pw;

	for (int y = 0; y < TUI_GLYPH_H; y++)
		for (int x = 0; x < TUI_GLYPH_W; x++)
			for (int k = 0; k < b->hh; k++)
				for (int j = 0; j < b->pw; j++)
					if (pixel_lit(t, y * b->hh + k, x0 + x * b->pw + j) !=
					    (g[y][x] == '#'))
						return false;
	return true;
}

/* Decode the kiosk's block letters back into text, from where the banner
 * says it put them: the symbol (checked against role's) and a blank, then
 * the letters ('?' for a slot that is no glyph of the font). */
static void banner_text(const struct tui *t, enum tui_role role, char *out, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.! ";
	const struct tui_big *b = &t->big;
	size_t o = 0;
	int i = 0;

	assert_true(b->n > 0);
	if (b->sym) {
		assert_true(glyph_at(t, 0, tui_kiosk_symbol(role)));
		i = b->n > 1 ? 2 : 1;
		if (b->n > 1)
			assert_true(glyph_at(t, 1, tui_kiosk_glyph(' ')));
	}
	/* Nothing lit left of the letters or in the margin row above them. */
	for (int x = t->lo.banner.x; x < b->x; x++)
		for (int y = 0; y < TUI_GLYPH_H * b->hh; y++)
			assert_false(pixel_lit(t, y, x));
	if (b->hh > 1)
		for (int x = 0; x < t->lo.banner.w; x++)
			assert_false(lit(t, t->lo.banner.y, x));
	for (; i < b->n && o + 1 < len; i++) {
		char found = '?';

		for (const char *a = alphabet; *a; a++)
			if (glyph_at(t, i, tui_kiosk_glyph(*a))) {
				found = *a;
				break;
			}
		out[o++] = found;
	}
	out[o] = '\0';
}

/* The text of screen row y contains s. */
static bool row_has(int y, const char *s)
{
	char buf[2048];

	row(y, buf, sizeof(buf));
	return strstr(buf, s) != NULL;
}

static void test_kiosk_banner(void **state)
{
	struct fixture *f = *state;
	const struct tui_big *b = &f->t.big;
	const struct tui_rect *r = &f->t.lo.banner;
	char text[128];

	/* Serial fails: a cross and PROBLEM in block letters, two rows per
	 * pixel on a tall screen; the action below them. */
	for (int color = 0; color < 2; color++) {
		render(f, 160, 40, LANG_EN, true, color);
		assert_int_equal(b->hh, 4);
		assert_true(b->pw >= 2);
		banner_text(&f->t, ROLE_BANNER_FAIL, text, sizeof(text));
		assert_string_equal(text, "PROBLEM");
		assert_true(row_has(r->y + r->h - 1, "CHECK THE TERMINAL CABLE"));
	}
	/* 80x24: one row per pixel, still five rows high. */
	render(f, 80, 24, LANG_EN, true, true);
	assert_int_equal(b->hh, 2);
	banner_text(&f->t, ROLE_BANNER_FAIL, text, sizeof(text));
	assert_string_equal(text, "PROBLEM");
	assert_true(row_has(r->y + r->h - 1, "CHECK THE TERMINAL CABLE"));
	/* 80x18: half block characters, two pixels a cell, three rows. */
	for (int color = 0; color < 2; color++) {
		render(f, 80, 18, LANG_EN, true, color);
		assert_int_equal(b->hh, 1);
		assert_int_equal(r->h, 4);
		banner_text(&f->t, ROLE_BANNER_FAIL, text, sizeof(text));
		assert_string_equal(text, "PROBLEM");
		assert_true(row_has(r->y + 3, "CHECK THE TERMINAL CABLE"));
	}
	/* Everything fine: a tick and OK; PAYMENTS READY below. */
	f->cl.items[0].result.status = STATUS_OK;
	f->cl.items[1].result.status = STATUS_OK;
	f->cl.items[2].state = STATE_DONE;
	f->cl.items[2].runs = 1;
	result_set(&f->cl.items[2].result, STATUS_OK, "x.ok");
	render(f, 160, 40, LANG_EN, true, true);
	banner_text(&f->t, ROLE_BANNER_OK, text, sizeof(text));
	assert_string_equal(text, "OK");
	assert_true(row_has(r->y + r->h - 1, "PAYMENTS READY"));
	/* Chinese: the tick in block pixels, the word beside it, the action
	 * below (the block font has no Hanzi). */
	render(f, 160, 40, LANG_ZH_CN, true, true);
	banner_text(&f->t, ROLE_BANNER_OK, text, sizeof(text));
	assert_string_equal(text, "");
	assert_int_equal(b->hh, 4);
	assert_true(row_has(b->y + tui_layout_glyph_rows(b->hh) / 2, "正常"));
	assert_true(row_has(r->y + r->h - 1, "可以收款"));
	/* A small kiosk still says it in words, on one line. */
	render(f, 40, 12, LANG_EN, true, true);
	assert_int_equal(b->n, 0);
	assert_on_screen(("OK: PAYMENTS READY"));
	/* History strip: newest right, a letter per run; as wide as the
	 * longest history, so the rows keep the rest. */
	f->cl.items[0].n_history = 3;
	f->cl.items[0].history[0] = STATUS_OK;
	f->cl.items[0].history[1] = STATUS_FAIL;
	f->cl.items[0].history[2] = STATUS_OK;
	render(f, 100, 30, LANG_EN, true, true);
	assert_int_equal(tui_kiosk_history_cols(&f->t), 3);
	assert_on_screen(("·X·"));
}

static void test_kiosk_quit_sequence(void **state)
{
	struct fixture *f = *state;
	const int seq[] = { 0x18, 'q', 'u', 'i', 't' };

	render(f, 80, 24, LANG_EN, true, true);
	/* q, Ctrl-C, Esc do nothing in the kiosk. */
	assert_int_equal(tui_key_at(&f->t, 'q', 0), ACT_NONE);
	assert_int_equal(tui_key_at(&f->t, 3, 0), ACT_NONE);
	assert_int_equal(tui_key_at(&f->t, 27, 0), ACT_NONE);
	/* Too slow: the sequence starts over. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(tui_key_at(&f->t, seq[i], i * 100), ACT_NONE);
	assert_int_equal(tui_key_at(&f->t, 't', 6000), ACT_NONE);
	/* A wrong key in the middle: starts over. */
	tui_key_at(&f->t, 0x18, 7000);
	tui_key_at(&f->t, 'q', 7100);
	tui_key_at(&f->t, 'x', 7200);
	assert_int_equal(tui_key_at(&f->t, 'u', 7300), ACT_NONE);
	for (int i = 0; i < 4; i++)
		assert_int_equal(tui_key_at(&f->t, seq[i], 8000 + i * 100), ACT_NONE);
	assert_int_equal(tui_key_at(&f->t, 't', 8500), ACT_QUIT);
}

static void test_monochrome_and_ascii(void **state)
{
	struct fixture *f = *state;
	char buf[2048];

	render(f, 80, 24, LANG_EN, false, false);
	assert_false(f->t.color);
	/* The failing tag stands out without colour: bold and reverse. */
	for (int y = f->t.lo.list.y; y < f->t.lo.list.y + f->t.lo.list.h; y++) {
		row(y, buf, sizeof(buf));
		if (strncmp(buf, "[FAIL]", 6) == 0) {
			cchar_t c;

			mvin_wch(y, 1, &c);
			assert_true(c.attr & A_BOLD);
			assert_int_equal(PAIR_NUMBER(c.attr), 0);
		}
	}
	/* A terminal without UTF-8: only ASCII on screen (line drawing aside). */
	tui_state_free(&f->t);
	f->p.lang = LANG_ZH_CN;   /* before init: the screen keeps a copy */
	assert_int_equal(tui_state_init(&f->t, &f->p), 0);
	f->t.ascii = true;
	tui_pick_language(&f->t);
	assert_int_equal(f->t.lang, LANG_EN);
	assert_true(f->t.notice[0] != '\0');
	tui_theme_init(&f->t);
	tui_draw(&f->t);
	for (int y = 0; y < LINES; y++) {
		if (y == f->t.lo.sep.y)
			continue;
		row(y, buf, sizeof(buf));
		for (const char *p = buf; *p; p++)
			if ((unsigned char)*p >= 0x80 && !strstr(buf, "│"))
				fail_msg("row %d has non-ASCII text: %s", y, buf);
	}
	assert_on_screen(("not set up for UTF-8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_small, setup, teardown),
		cmocka_unit_test_setup_teardown(test_details, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_move_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kiosk_banner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kiosk_quit_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monochrome_and_ascii, setup, teardown),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("C.UTF-8 locale missing: cannot render CJK\n");
		return 77;
	}
	setenv("TERM", "xterm-256color", 1);
	unsetenv("NO_COLOR");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
