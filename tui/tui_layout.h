/* tui_layout.h - where each part of the screen goes, for any size.
 *
 * Pure arithmetic (no curses): testable on its own. Side by side when the
 * terminal is wide, stacked when narrow, a "too small" notice below
 * TUI_MIN_COLS x TUI_MIN_ROWS.
 */
#ifndef POSDOCTOR_TUI_LAYOUT_H
#define POSDOCTOR_TUI_LAYOUT_H

#include <stdbool.h>

#define TUI_MIN_COLS        40
#define TUI_MIN_ROWS        12
#define TUI_WIDE_COLS       120   /* list and details side by side from here */
#define TUI_SUMMARY_COLS    56    /* rows show the summary from this width */
#define TUI_TAG_COLS        6     /* "[FAIL]" */
#define TUI_HISTORY_MAX     24    /* kiosk strip: runs shown per check */

struct tui_rect {
	int y, x, h, w;
};

struct tui_layout {
	int rows, cols;
	bool too_small;
	bool side_by_side;
	struct tui_rect banner;    /* kiosk only; h 0 otherwise */
	struct tui_rect header;
	struct tui_rect list;
	struct tui_rect sep;       /* vertical (w 1) or horizontal (h 1) rule */
	struct tui_rect details;
	struct tui_rect notice;    /* h 0 or 1 */
	struct tui_rect footer;    /* h 0 (kiosk) or 1 */
};

/* Columns of one checklist row: x offsets inside the list and widths. A
 * width of 0 means the part is not shown at this size. */
struct tui_row_cols {
	int tag_x;
	int title_x, title_w;
	int summary_x, summary_w;
	int hist_x, hist_w;
};

/* Lay out a rows x cols screen showing n_items checks. */
void tui_layout_compute(int rows, int cols, bool kiosk, bool notice, int n_items,
			struct tui_layout *lo);
/* Split a list row of width w; title_max is the widest title in columns,
 * hist the kiosk history length (0 outside the kiosk). */
void tui_layout_row(int w, int title_max, int hist, struct tui_row_cols *rc);
/* First visible row so that row sel is in view (keeps top when it can). */
int tui_layout_scroll(int sel, int top, int visible, int n);
/* Columns per pixel of the kiosk's block font for n glyphs in a w x h
 * banner, the largest that fits with the action line below (and a margin
 * row above whole-row pixels); *hh: half rows per pixel, 4, 2, or 1 (half
 * blocks, only when half is true). 0 when none fits: plain text then. */
int tui_layout_banner_fit(int n, int w, int h, bool half, int *hh);
/* Screen rows the block font takes at hh half rows per pixel. */
int tui_layout_glyph_rows(int hh);

/* Block font geometry (tui_kiosk.c draws it). */
#define TUI_GLYPH_W 5
#define TUI_GLYPH_H 5

#endif
