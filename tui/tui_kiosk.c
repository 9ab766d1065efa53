/* tui_kiosk.c - the kiosk's banner (big block letters readable across a
 * shop), its history strip, the last/next run line, and the quit sequence.
 *
 * The banner is a symbol and a one-word verdict in block letters with the
 * action line below; in Chinese the word is text beside the symbol (the
 * font is Latin only).
 *
 * The quit sequence is deliberately shown nowhere on screen (it is in the
 * man page): Ctrl-X, then q u i t, each within 5 s of the first key.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "tui_int.h"
#include "text.h"

#define QUIT_WINDOW_MS 5000

/* 5x5 block font: '#' is a lit pixel, rows top to bottom. */
static const struct { char c; const char *rows[TUI_GLYPH_H]; } font[] = {
	{ 'A', { " ### ", "#   #", "#####", "#   #", "#   #" } },
	{ 'B', { "#### ", "#   #", "#### ", "#   #", "#### " } },
	{ 'C', { " ####", "#    ", "#    ", "#    ", " ####" } },
	{ 'D', { "#### ", "#   #", "#   #", "#   #", "#### " } },
	{ 'E', { "#####", "#    ", "#### ", "#    ", "#####" } },
	{ 'F', { "#####", "#    ", "#### ", "#    ", "#    " } },
	{ 'G', { " ####", "#    ", "#  ##", "#   #", " ####" } },
	{ 'H', { "#   #", "#   #", "#####", "#   #", "#   #" } },
	{ 'I', { "#####", "  #  ", "  #  ", "  #  ", "#####" } },
	{ 'J', { "#####", "   # ", "   # ", "#  # ", " ##  " } },
	{ 'K', { "#   #", "#  # ", "###  ", "#  # ", "#   #" } },
	{ 'L', { "#    ", "#    ", "#    ", "#    ", "#####" } },
	{ 'M', { "#   #", "## ##", "# # #", "#   #", "#   #" } },
	{ 'N', { "#   #", "##  #", "# # #", "#  ##", "#   #" } },
	{ 'O', { " ### ", "#   #", "#   #", "#   #", " ### " } },
	{ 'P', { "#### ", "#   #", "#### ", "#    ", "#    " } },
	{ 'Q', { " ### ", "#   #", "# # #", "#  # ", " ## #" } },
	{ 'R', { "#### ", "#   #", "#### ", "#  # ", "#   #" } },
	{ 'S', { " ####", "#    ", " ### ", "    #", "#### " } },
	{ 'T', { "#####", "  #  ", "  #  ", "  #  ", "  #  " } },
	{ 'U', { "#   #", "#   #", "#   #", "#   #", " ### " } },
	{ 'V', { "#   #", "#   #", "#   #", " # # ", "  #  " } },
	{ 'W', { "#   #", "#   #", "# # #", "## ##", "#   #" } },
	{ 'X', { "#   #", " # # ", "  #  ", " # # ", "#   #" } },
	{ 'Y', { "#   #", " # # ", "  #  ", "  #  ", "  #  " } },
	{ 'Z', { "#####", "   # ", "  #  ", " #   ", "#####" } },
	{ '0', { " ### ", "#  ##", "# # #", "##  #", " ### " } },
	{ '1', { "  #  ", " ##  ", "  #  ", "  #  ", " ### " } },
	{ '2', { " ### ", "#   #", "  ## ", " #   ", "#####" } },
	{ '3', { "#### ", "    #", " ### ", "    #", "#### " } },
	{ '4', { "#  # ", "#  # ", "#####", "   # ", "   # " } },
	{ '5', { "#####", "#    ", "#### ", "    #", "#### " } },
	{ '6', { " ### ", "#    ", "#### ", "#   #", " ### " } },
	{ '7', { "#####", "   # ", "  #  ", " #   ", " #   " } },
	{ '8', { " ### ", "#   #", " ### ", "#   #", " ### " } },
	{ '9', { " ### ", "#   #", " ####", "    #", " ### " } },
	{ '-', { "     ", "     ", " ### ", "     ", "     " } },
	{ '.', { "     ", "     ", "     ", "     ", "  #  " } },
	{ '!', { "  #  ", "  #  ", "  #  ", "     ", "  #  " } },
	{ ' ', { "     ", "     ", "     ", "     ", "     " } },
};

/* The glyph of c in the block font, or NULL when it has none. */
const char *const *tui_kiosk_glyph(char c)
{
	for (size_t i = 0; i < sizeof(font) / sizeof(font[0]); i++)
		if (font[i].c == c)
			return font[i].rows;
	return NULL;
}

/* Whether every character of s is in the block font. */
static bool font_has_all(const char *s)
{
	for (; *s; s++)
		if (!tui_kiosk_glyph(*s))
			return false;
	return true;
}

/* The verdict's symbol for the banner's colour: a tick, a cross, an
 * exclamation mark; readable in any language and without colour. */
const char *const *tui_kiosk_symbol(enum tui_role role)
{
	/* Strokes two pixels thick where they run diagonally, so the shapes
	 * hold together with pixels wider than tall. */
	static const char *const tick[TUI_GLYPH_H] = {
		"   ##", "   ##", "# ## ", "###  ", " #   "
	};
	static const char *const cross[TUI_GLYPH_H] = {
		"#   #", "## ##", " ### ", "## ##", "#   #"
	};
	static const char *const bang[TUI_GLYPH_H] = {
		" ### ", " ### ", "  #  ", "     ", "  #  "
	};

	switch (role) {
	case ROLE_BANNER_OK: return tick;
	case ROLE_BANNER_WARN: return bang;
	case ROLE_BANNER_FAIL: return cross;
	default: return NULL;
	}
}

/* The banner's words from the worst check, and their colour. */
const char *tui_kiosk_banner_text(const struct tui *t, enum tui_role *role)
{
	const struct checklist *cl = t->cl;
	enum check_status worst = checklist_overall(cl);
	char key[160];
	const char *s;
	int w;

	if (cl->n == 0) {
		*role = ROLE_BANNER_RUN;
		return tui_str(t, "tui.kiosk.banner.none");
	}
	if (worst == STATUS_FAIL || worst == STATUS_WARN) {
		int *order = t->order;
		const struct check_item *it = &cl->items[order[0]];

		/* The worst check names the action: its code, else its module. */
		*role = worst == STATUS_FAIL ? ROLE_BANNER_FAIL : ROLE_BANNER_WARN;
		snprintf(key, sizeof(key), "tui.kiosk.code.%s", it->result.code);
		if ((s = tui_str_opt(t, key)) != NULL)
			return s;
		snprintf(key, sizeof(key), "tui.kiosk.%s.%s",
			 worst == STATUS_FAIL ? "fail" : "warn", it->probe->module);
		if ((s = tui_str_opt(t, key)) != NULL)
			return s;
		return tui_str(t, worst == STATUS_FAIL ? "tui.kiosk.banner.fail"
						       : "tui.kiosk.banner.warn");
	}
	w = checklist_count(cl, STATE_DONE);
	if (w < cl->n && checklist_count_status(cl, STATUS_OK) == 0) {
		*role = ROLE_BANNER_RUN;
		return tui_str(t, "tui.kiosk.banner.running");
	}
	*role = ROLE_BANNER_OK;
	return tui_str(t, "tui.kiosk.banner.ok");
}

/* The one-word verdict drawn big ("PROBLEM"), for the banner's colour. */
const char *tui_kiosk_banner_word(const struct tui *t, enum tui_role role)
{
	switch (role) {
	case ROLE_BANNER_OK: return tui_str(t, "tui.kiosk.word.ok");
	case ROLE_BANNER_WARN: return tui_str(t, "tui.kiosk.word.warn");
	case ROLE_BANNER_FAIL: return tui_str(t, "tui.kiosk.word.fail");
	default: break;
	}
	return tui_str(t, t->cl->n == 0 ? "tui.kiosk.word.none" : "tui.kiosk.word.running");
}

/* Whether pixel row gy, column gx of g is lit (rows past the glyph: no). */
static bool pixel_on(const char *const *g, int gy, int gx)
{
	return gy < TUI_GLYPH_H && g[gy][gx] == '#';
}

/* Draw glyph g with its top-left pixel at y, x: pixels of hh half rows
 * and pw columns; whole rows are reverse-video cells, half rows the half
 * block characters (two pixels per cell, upper and lower). */
static void draw_glyph(const struct tui *t, const char *const *g, int y, int x,
		       int pw, int hh, enum tui_role role)
{
	if (hh == 1) {
		for (int gy = 0; gy < TUI_GLYPH_H; gy += 2)
			for (int gx = 0; gx < TUI_GLYPH_W; gx++) {
				bool up = pixel_on(g, gy, gx), down = pixel_on(g, gy + 1, gx);

				if (up || down)
					tui_draw_text(t, y + gy / 2, x + gx, 1,
						      up && down ? "█" : up ? "▀" : "▄", role, false);
			}
		return;
	}
	attrset(tui_attr(t, role) ^ A_REVERSE);
	for (int gy = 0; gy < TUI_GLYPH_H; gy++)
		for (int gx = 0; gx < TUI_GLYPH_W; gx++)
			if (g[gy][gx] == '#')
				for (int k = 0; k < hh / 2; k++)
					mvhline(y + gy * hh / 2 + k, x + gx * pw, ' ', pw);
	attrset(A_NORMAL);
}

/* The banner in block letters: the symbol, then the word in the block
 * font when it has every letter (English), else the word in plain text
 * beside the symbol (Chinese: no Hanzi can be drawn from the font);
 * the action line below. False when nothing big fits: words only then. */
static bool draw_big(struct tui *t, const struct tui_rect *r, enum tui_role role,
		     const char *word, const char *action)
{
	const char *const *sym = tui_kiosk_symbol(role);
	bool big_word = font_has_all(word);
	/* Half blocks need UTF-8 (the Linux console's font has them). */
	bool half = !t->ascii;
	int slots = 0, n = 0, pw = 0, hh = 0, gw, ww = 0, x, y0, aw, margin;

	for (int pass = 0; pass < 2 && pw == 0; pass++) {
		/* Second pass: the letters do not fit, the symbol alone. */
		if (pass == 1) {
			if (!big_word || !sym)
				break;
			big_word = false;
		}
		/* The symbol, a blank glyph, the word's letters. */
		slots = sym ? (big_word ? 2 : 1) : 0;
		n = slots + (big_word ? (int)strlen(word) : 0);
		pw = tui_layout_banner_fit(n, r->w, r->h, half, &hh);
	}
	if (pw == 0)
		return false;
	gw = n * (TUI_GLYPH_W + 1) * pw - pw;
	/* The word as text two pixels right of the symbol, when not big. */
	if (!big_word) {
		ww = text_width(word, t->ascii);
		if (gw + 2 * pw + ww + 2 > r->w)
			ww = r->w - gw - 2 * pw - 2;
	}
	x = r->x + (r->w - gw - (ww > 0 ? 2 * pw + ww : 0)) / 2;
	margin = hh > 1 ? 1 : 0;
	y0 = r->y + margin + (r->h - margin - 1 - tui_layout_glyph_rows(hh)) / 2;
	t->big = (struct tui_big){ .y = y0, .x = x, .pw = pw, .hh = hh, .n = n,
				   .sym = sym != NULL };
	if (sym)
		draw_glyph(t, sym, y0, x, pw, hh, role);
	if (big_word) {
		for (int i = 0; word[i]; i++)
			draw_glyph(t, tui_kiosk_glyph(word[i]), y0,
				   x + (slots + i) * (TUI_GLYPH_W + 1) * pw, pw, hh, role);
	} else if (ww > 0) {
		tui_draw_text(t, y0 + tui_layout_glyph_rows(hh) / 2, x + gw + 2 * pw, ww, word,
			      role, true);
	}
	/* The action on the band's last row. */
	aw = text_width(action, t->ascii);
	if (aw > r->w - 2)
		aw = r->w - 2;
	tui_draw_text(t, r->y + r->h - 1, r->x + (r->w - aw) / 2, r->w - 2, action, role, true);
	return true;
}

/* Draw the banner: block letters when they fit, plain words else. */
void tui_kiosk_draw_banner(struct tui *t)
{
	const struct tui_rect *r = &t->lo.banner;
	enum tui_role role;
	const char *action = tui_kiosk_banner_text(t, &role);
	const char *word = tui_kiosk_banner_word(t, role);
	char line[512];
	int w;

	memset(&t->big, 0, sizeof(t->big));
	if (r->h <= 0)
		return;
	tui_fill(t, r, role);
	/* Checking, or nothing to check: one thing to say, no action. */
	if (role == ROLE_BANNER_RUN) {
		if (draw_big(t, r, role, word, ""))
			return;
		snprintf(line, sizeof(line), "%s", action);
	} else {
		if (draw_big(t, r, role, word, action))
			return;
		/* Too small for block letters: "PROBLEM: CHECK THE POWER". */
		tui_fmt(t, "tui.kiosk.line", line, sizeof(line), "word", word, "action", action,
			(const char *)NULL);
	}
	w = text_width(line, t->ascii);
	if (w > r->w - 2)
		w = r->w - 2;
	tui_draw_text(t, r->y + r->h / 2, r->x + (r->w - w) / 2, r->w - 2, line, role, true);
}

/* Columns of the history strip: as many as the longest history, so the
 * rows keep the rest of the width for their words. */
int tui_kiosk_history_cols(const struct tui *t)
{
	int n = 1;

	for (int i = 0; i < t->cl->n; i++)
		if (t->cl->items[i].n_history > n)
			n = t->cl->items[i].n_history;
	return n < TUI_HISTORY_MAX ? n : TUI_HISTORY_MAX;
}

/* Draw an item's history strip, newest at the right. */
void tui_kiosk_draw_history(const struct tui *t, int y, int x, int w,
			    const struct check_item *it)
{
	int first = it->n_history > w ? it->n_history - w : 0;
	int pad = w - (it->n_history - first);

	/* Oldest left, newest right; a letter per run so colour is not needed. */
	for (int i = first; i < it->n_history; i++) {
		enum check_status st = it->history[i];
		const char *c = st == STATUS_OK ? (t->ascii ? "." : "·") :
				st == STATUS_WARN ? "w" : st == STATUS_FAIL ? "X" : "-";

		tui_draw_text(t, y, x + pad + (i - first), 1, c, tui_role_status(st), false);
	}
}

/* "Last check 10:04:05 · next in 4 min" (or "Checking now"). */
void tui_kiosk_run_info(const struct tui *t, char *buf, size_t len)
{
	char when[16], last[128], next[128], m[16];
	time_t s = (time_t)(t->run_end_wall_ms / 1000);
	struct tm tm;
	int64_t left;

	if (!t->run_done) {
		snprintf(buf, len, "%s", tui_str(t, "tui.kiosk.checking"));
		return;
	}
	if (!localtime_r(&s, &tm) || !strftime(when, sizeof(when), "%H:%M:%S", &tm))
		snprintf(when, sizeof(when), "?");
	tui_fmt(t, "tui.kiosk.last_run", last, sizeof(last), "time", when, (const char *)NULL);
	left = (t->kiosk_next_ms - clock_ms()) / 1000;
	if (left < 60) {
		snprintf(next, sizeof(next), "%s", tui_str(t, "tui.kiosk.next_soon"));
	} else {
		snprintf(m, sizeof(m), "%lld", (long long)((left + 59) / 60));
		tui_fmt(t, "tui.kiosk.next_run", next, sizeof(next), "min", m, (const char *)NULL);
	}
	snprintf(buf, len, "%s%s%s", last, t->ascii ? " - " : " · ", next);
}

/* Follow the hidden quit sequence; true once it is complete. */
bool tui_kiosk_quit_key(struct tui *t, int key, int64_t now_ms)
{
	static const int seq[] = { 0x18 /* Ctrl-X */, 'q', 'u', 'i', 't' };
	int n = (int)(sizeof(seq) / sizeof(seq[0]));

	if (t->quit_pos > 0 && now_ms - t->quit_ms > QUIT_WINDOW_MS)
		t->quit_pos = 0;
	if (key == seq[t->quit_pos]) {
		if (t->quit_pos == 0)
			t->quit_ms = now_ms;
		if (++t->quit_pos == n) {
			t->quit_pos = 0;
			return true;
		}
		return false;
	}
	t->quit_pos = key == seq[0] ? 1 : 0;
	if (t->quit_pos)
		t->quit_ms = now_ms;
	return false;
}
