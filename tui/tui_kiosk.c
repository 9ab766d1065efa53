/* tui_kiosk.c - the kiosk's banner (big block letters readable across a
 * shop), its history strip, the last/next run line, and the quit sequence.
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

/* Draw s in block letters centred in r, pixels pw columns wide. */
static void draw_big(const struct tui_rect *r, const char *s,
		     int pw, attr_t band)
{
	int len = (int)strlen(s);
	int w = len * (TUI_GLYPH_W + 1) * pw - pw;
	int x0 = r->x + (r->w - w) / 2, y0 = r->y + (r->h - TUI_GLYPH_H) / 2;
	attr_t pixel = band ^ A_REVERSE;

	for (int i = 0; i < len; i++) {
		const char *const *g = tui_kiosk_glyph(s[i]);

		for (int gy = 0; gy < TUI_GLYPH_H; gy++)
			for (int gx = 0; gx < TUI_GLYPH_W; gx++)
				if (g[gy][gx] == '#') {
					attrset(pixel);
					mvhline(y0 + gy, x0 + (i * (TUI_GLYPH_W + 1) + gx) * pw,
						' ', pw);
				}
	}
	attrset(A_NORMAL);
}

/* Draw the banner: block letters when they fit, plain words else. */
void tui_kiosk_draw_banner(struct tui *t)
{
	const struct tui_rect *r = &t->lo.banner;
	enum tui_role role;
	const char *s = tui_kiosk_banner_text(t, &role);
	int pw;

	if (r->h <= 0)
		return;
	tui_fill(t, r, role);
	/* Block letters for what the font has (English); plain text else. */
	pw = font_has_all(s) ? tui_layout_banner_scale((int)strlen(s), r->w, r->h) : 0;
	if (pw > 0) {
		draw_big(r, s, pw, tui_attr(t, role));
	} else {
		int w = text_width(s, t->ascii);

		if (w > r->w - 2)
			w = r->w - 2;
		tui_draw_text(t, r->y + r->h / 2, r->x + (r->w - w) / 2, r->w - 2, s, role, true);
	}
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
