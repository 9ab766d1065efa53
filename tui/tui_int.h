/* tui_int.h - state shared by the files of tui/. UI thread only.
 *
 * tui.c owns the loop; tui_draw.c paints a frame from this state, calling
 * tui_details.c and tui_kiosk.c for their parts, all of them through the
 * primitives of tui_paint.c;
 * tui_keys.c changes it; tui_term.c sets up and restores the terminal;
 * tui_theme.c maps meanings to colours; tui_i18n.c finds UI strings.
 */
#ifndef POSDOCTOR_TUI_INT_H
#define POSDOCTOR_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "checklist.h"
#include "tui.h"
#include "tui_layout.h"

struct runner;
struct tui_guide;
struct tui_setup;
struct guide_walk;

/* Semantic colours; tui_theme.c holds their colour and monochrome forms. */
enum tui_role {
	ROLE_NORMAL,
	ROLE_HEADER,
	ROLE_HEADER_DIM,
	ROLE_TITLE,
	ROLE_DIM,
	ROLE_OK,
	ROLE_WARN,
	ROLE_FAIL,
	ROLE_SKIP,
	ROLE_RUN,
	ROLE_SELECTED,
	ROLE_KEY,
	ROLE_FOOTER,
	ROLE_NOTICE,
	ROLE_BANNER_OK,
	ROLE_BANNER_WARN,
	ROLE_BANNER_FAIL,
	ROLE_BANNER_RUN,
	ROLE_SPARK,
	ROLE_COUNT
};

/* What the loop should do after a key. */
enum tui_action {
	ACT_NONE,
	ACT_REDRAW,
	ACT_QUIT,
	ACT_RERUN_ONE,
	ACT_RERUN_ALL,
	ACT_SAVE,
	ACT_ORDER,     /* the order changed: say which */
	ACT_SETUP_SAVED,     /* the setup screen wrote the config: run with it */
	ACT_SETUP_CANCELLED, /* Esc on the setup screen: nothing written */
};

/* Where the kiosk banner's block letters went at the last draw (n 0:
 * none): top-left pixel, pixel size (columns, half rows), glyph slots,
 * whether the first is the symbol. Tests decode the letters from it. */
struct tui_big {
	int y, x, pw, hh, n;
	bool sym;
};

struct tui {
	const struct tui_params *p;   /* &pv: the setup screen swaps pv.cfg */
	struct tui_params pv;
	struct checklist *cl;
	const struct catalog *cat;
	struct runner *runner;
	enum lang lang;
	bool kiosk;
	bool ascii;            /* locale cannot show UTF-8 */
	bool no_cjk;           /* Linux console: English only */
	bool color;            /* colours in use */
	bool mouse;            /* mouse reports enabled */
	bool worst_first;      /* list order */
	bool focus_details;    /* Enter: keys scroll the details */
	bool help;             /* ? overlay */
	int *order;            /* display order: item indexes */
	int sel;               /* selected item index (not position) */
	bool sel_moved;        /* the user moved it: it no longer follows the worst row */
	int top;               /* first visible list position */
	int dscroll;           /* details scroll offset in lines */
	int dlines;            /* details lines at the last draw */
	int spin;              /* spinner frame */
	char notice[256];      /* persistent one-line notice */
	char msg[1024];        /* transient message (saved report path...) */
	int64_t msg_until_ms;
	int64_t run_wall_ms;   /* wall clock when the last run started */
	int64_t run_start_ms;  /* monotonic, same moment */
	int64_t run_end_wall_ms; /* wall clock when the last run finished, or 0 */
	bool run_done;         /* the last run has finished */
	int64_t kiosk_next_ms; /* monotonic time of the next kiosk re-run */
	int quit_pos;          /* kiosk: how much of the quit sequence was typed */
	int64_t quit_ms;       /* when its first key came */
	struct tui_layout lo;
	struct tui_big big;    /* kiosk banner letters (tui_kiosk.c) */
	int title_max;         /* widest title in columns, current language */
	struct tui_guide *guide; /* guided triage screens (tui_guide.c) */
	struct tui_setup *setup; /* the setup screen (tui_setup.c) */
	struct config *own_cfg;  /* a config the setup screen wrote, in use */
	int workers_left;        /* probes abandoned by runners already freed */
};

/* tui.c: state without a terminal (render tests use these too). */
int tui_state_init(struct tui *t, const struct tui_params *p);
void tui_state_free(struct tui *t);
/* The Linux console and non-UTF-8 locales have no CJK glyphs (fbterm
 * has): English there, with a one-line notice. */
void tui_pick_language(struct tui *t);

/* tui_theme.c */
void tui_theme_init(struct tui *t);
attr_t tui_attr(const struct tui *t, enum tui_role role);
short tui_pair(const struct tui *t, enum tui_role role);
enum tui_role tui_role_status(enum check_status st);

/* tui_i18n.c: a UI string in the current language ("tui.*" keys); the key
 * itself when unknown (tui_str_opt: NULL). */
const char *tui_str(const struct tui *t, const char *key);
const char *tui_str_opt(const struct tui *t, const char *key);
/* Expand key's "{name}" placeholders from NULL-terminated name, value pairs
 * (all const char *, at most TEXT_MAX_PAIRS). Truncates on a whole UTF-8
 * character (core/text.c). */
size_t tui_fmt(const struct tui *t, const char *key, char *out, size_t len, ...);

/* tui_paint.c: s clipped to w columns at y, x (sanitised, '?' for what
 * the terminal cannot show); a box filled with blanks. */
void tui_draw_text(const struct tui *t, int y, int x, int w, const char *s,
		   enum tui_role role, bool ellipsis);
void tui_fill(const struct tui *t, const struct tui_rect *r, enum tui_role role);

/* tui_draw.c */
void tui_draw(struct tui *t);
void tui_order_update(struct tui *t);
int tui_sel_pos(const struct tui *t);

/* tui_details.c: the details of item into r, from the scroll offset on
 * (sets t->dlines). */
void tui_draw_details(struct tui *t, const struct tui_rect *r, int item);

/* tui_kiosk.c */
void tui_kiosk_draw_banner(struct tui *t);
void tui_kiosk_draw_history(const struct tui *t, int y, int x, int w,
			    const struct check_item *it);
const char *tui_kiosk_banner_text(const struct tui *t, enum tui_role *role);
/* The one-word verdict for the banner's role ("PROBLEM"). */
const char *tui_kiosk_banner_word(const struct tui *t, enum tui_role role);
/* The symbol glyph for the banner's role (tick, cross, !), NULL if none. */
const char *const *tui_kiosk_symbol(enum tui_role role);
/* Columns the history strips need: the longest history, at least 1. */
int tui_kiosk_history_cols(const struct tui *t);
void tui_kiosk_run_info(const struct tui *t, char *buf, size_t len);
/* A kiosk key: true when the quit sequence was completed. */
bool tui_kiosk_quit_key(struct tui *t, int key, int64_t now_ms);
/* Rows of the block-font glyph of c ('#' lit), NULL when none. */
const char *const *tui_kiosk_glyph(char c);

/* tui_keys.c */
enum tui_action tui_key_at(struct tui *t, int key, int64_t now_ms);
enum tui_action tui_mouse(struct tui *t);

/* tui_guide.c: the guided triage screens over the checklist. */
int tui_guide_init(struct tui *t);
void tui_guide_free(struct tui *t);
bool tui_guide_active(const struct tui *t);
void tui_guide_open(struct tui *t);
enum tui_action tui_guide_key(struct tui *t, int key);
void tui_guide_draw(struct tui *t);
void tui_guide_reserve_row(struct tui *t);
void tui_guide_draw_row(struct tui *t);
bool tui_guide_row_at(const struct tui *t, int y);
const struct guide_walk *tui_guide_walk(const struct tui *t);

/* tui_setup.c: the setup screen over the checklist. tui_setup_char takes
 * a typed character (a code point), tui_setup_key every other key. */
int tui_setup_init(struct tui *t);
void tui_setup_free(struct tui *t);
bool tui_setup_active(const struct tui *t);
void tui_setup_open(struct tui *t);
enum tui_action tui_setup_char(struct tui *t, unsigned long wc);
enum tui_action tui_setup_key(struct tui *t, int key);
void tui_setup_draw(struct tui *t);
/* The config the last save wrote, handed over once (caller frees), and
 * where it went. */
struct config *tui_setup_take(struct tui *t);
const char *tui_setup_path(const struct tui *t);

/* tui_term.c */
int tui_term_start(struct tui *t, char *err, size_t errlen);
void tui_term_stop(void);
void tui_term_resize(void);
void tui_term_suspend(void);
/* Restore the terminal from a signal handler (async-signal-safe). */
void tui_term_emergency(void);

#endif
