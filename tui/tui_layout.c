/* tui_layout.c - screen geometry for every terminal size. */
#include "tui_layout.h"

#include <string.h>

/* Set a rectangle. */
static struct tui_rect rect(int y, int x, int h, int w)
{
	struct tui_rect r = { y, x, h < 0 ? 0 : h, w < 0 ? 0 : w };

	return r;
}

/* Kiosk banner height: block letters and the action line below them (two
 * rows per pixel from 36 rows, one from 20 with a margin row above, half
 * a row from 16); a line of words below that. */
static int banner_rows(int rows)
{
	if (rows >= 36)
		return 2 * TUI_GLYPH_H + 2;
	if (rows >= 20)
		return TUI_GLYPH_H + 2;
	if (rows >= 16)
		return (TUI_GLYPH_H + 1) / 2 + 1;
	return 1;
}

void tui_layout_compute(int rows, int cols, bool kiosk, bool notice, int n_items,
			struct tui_layout *lo)
{
	int y = 0, body_h, bottom;

	memset(lo, 0, sizeof(*lo));
	lo->rows = rows;
	lo->cols = cols;
	if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS) {
		lo->too_small = true;
		return;
	}
	if (kiosk) {
		lo->banner = rect(0, 0, banner_rows(rows), cols);
		y = lo->banner.h;
	}
	lo->header = rect(y, 0, 2, cols);
	y += 2;
	lo->footer = rect(rows - 1, 0, kiosk ? 0 : 1, cols);
	bottom = kiosk ? rows : rows - 1;
	if (notice) {
		lo->notice = rect(bottom - 1, 0, 1, cols);
		bottom--;
	}
	body_h = bottom - y;
	if (cols >= TUI_WIDE_COLS && !kiosk) {
		int lw = cols * 55 / 100;

		if (lw < TUI_MIN_COLS)
			lw = TUI_MIN_COLS;
		lo->side_by_side = true;
		lo->list = rect(y, 0, body_h, lw);
		lo->sep = rect(y, lw, body_h, 1);
		lo->details = rect(y, lw + 1, body_h, cols - lw - 1);
		return;
	}
	/* Stacked: the list gets what it needs up to about half the body
	 * (the kiosk list gets more: its rows are the point). */
	{
		int want = n_items > 0 ? n_items : 1;
		int cap = kiosk ? body_h * 2 / 3 : body_h / 2;
		int lh;

		if (cap < 3)
			cap = 3;
		lh = want < cap ? want : cap;
		if (lh > body_h)
			lh = body_h;
		/* No room for details worth reading (the kiosk's need a title
		 * and a few lines): the list fills all. */
		if (body_h - lh - 1 < (kiosk ? 5 : 3))
			lh = body_h;
		lo->list = rect(y, 0, lh, cols);
		if (lh < body_h) {
			lo->sep = rect(y + lh, 0, 1, cols);
			lo->details = rect(y + lh + 1, 0, body_h - lh - 1, cols);
		}
	}
}

/* Split a list row into tag, title, summary and history columns. */
void tui_layout_row(int w, int title_max, int hist, struct tui_row_cols *rc)
{
	int rest;

	memset(rc, 0, sizeof(*rc));
	rc->tag_x = 0;
	rc->title_x = TUI_TAG_COLS + 1;
	rest = w - rc->title_x;
	if (hist > 0 && w >= 60) {
		rc->hist_w = hist < TUI_HISTORY_MAX ? hist : TUI_HISTORY_MAX;
		rc->hist_x = w - rc->hist_w;
		rest -= rc->hist_w + 1;
	}
	if (rest < 1) {
		rc->title_w = rest > 0 ? rest : 0;
		return;
	}
	if (w < TUI_SUMMARY_COLS) {
		rc->title_w = rest;
		return;
	}
	/* Title column: as wide as the widest title, at most 45% of the rest. */
	rc->title_w = title_max + 1;
	if (rc->title_w > rest * 45 / 100)
		rc->title_w = rest * 45 / 100;
	if (rc->title_w < 12)
		rc->title_w = 12;
	rc->summary_x = rc->title_x + rc->title_w + 1;
	rc->summary_w = rest - rc->title_w - 1;
	if (rc->summary_w < 1) {
		rc->summary_w = 0;
		rc->summary_x = 0;
		rc->title_w = rest;
	}
}

/* First visible row that keeps the selection in view. */
int tui_layout_scroll(int sel, int top, int visible, int n)
{
	if (visible < 1 || n <= 0)
		return 0;
	if (sel < 0)
		sel = 0;
	if (sel < top)
		top = sel;
	if (sel >= top + visible)
		top = sel - visible + 1;
	if (top > n - visible)
		top = n - visible;
	if (top < 0)
		top = 0;
	return top;
}

/* Pixel size for n glyphs of the block font in a w x h banner, the
 * largest that fits; 0 when none does. */
int tui_layout_banner_fit(int n, int w, int h, bool half, int *hh)
{
	/* Half rows x columns per pixel, largest first; a terminal cell is
	 * about twice as tall as wide, so 1x1, 2x2 and 4x4 are square. */
	static const int sizes[][2] = {
		{ 4, 4 }, { 4, 3 }, { 4, 2 }, { 2, 2 }, { 2, 1 }, { 1, 1 }
	};

	*hh = 0;
	if (n <= 0)
		return 0;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int ph = sizes[i][0], pw = sizes[i][1];

		if (ph == 1 && !half)
			continue;
		/* The action line below; a margin row above whole-row pixels;
		 * one blank pixel between glyphs, a column of margin each side. */
		if (tui_layout_glyph_rows(ph) + 1 + (ph > 1) > h)
			continue;
		if (n * (TUI_GLYPH_W + 1) * pw - pw + 2 <= w) {
			*hh = ph;
			return pw;
		}
	}
	return 0;
}

/* Screen rows of the block font at hh half rows per pixel. */
int tui_layout_glyph_rows(int hh)
{
	return (TUI_GLYPH_H * hh + 1) / 2;
}
