/* tui_theme.c - one semantic colour table with a monochrome column.
 *
 * Status is never shown by colour alone (every row has a text tag), and the
 * palette avoids red/green pairs: ok is teal/cyan, warn orange/yellow, fail
 * red with bold, so colour-blind users still see three different things.
 */
#include <stdlib.h>
#include <string.h>

#include "tui_int.h"

#define DEF -1   /* the terminal's default colour */

struct theme_row {
	short fg8, bg8;     /* 8-colour terminals (TERM=linux) */
	short fg256, bg256; /* 256-colour terminals */
	attr_t attr;        /* added to the colour */
	attr_t mono;        /* no colour at all */
};

static const struct theme_row theme[ROLE_COUNT] = {
	[ROLE_NORMAL]      = { DEF, DEF, DEF, DEF, A_NORMAL, A_NORMAL },
	[ROLE_HEADER]      = { COLOR_WHITE, COLOR_BLUE, 255, 24, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_HEADER_DIM]  = { COLOR_WHITE, COLOR_BLUE, 252, 24, A_NORMAL, A_REVERSE },
	[ROLE_TITLE]       = { DEF, DEF, DEF, DEF, A_BOLD, A_BOLD | A_UNDERLINE },
	[ROLE_DIM]         = { DEF, DEF, 245, DEF, A_NORMAL, A_DIM },
	[ROLE_OK]          = { COLOR_CYAN, DEF, 37, DEF, A_NORMAL, A_NORMAL },
	[ROLE_WARN]        = { COLOR_YELLOW, DEF, 214, DEF, A_BOLD, A_BOLD },
	[ROLE_FAIL]        = { COLOR_RED, DEF, 197, DEF, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_SKIP]        = { DEF, DEF, 245, DEF, A_NORMAL, A_DIM },
	[ROLE_RUN]         = { COLOR_MAGENTA, DEF, 111, DEF, A_NORMAL, A_NORMAL },
	[ROLE_SELECTED]    = { DEF, DEF, DEF, DEF, A_REVERSE, A_REVERSE },
	[ROLE_KEY]         = { COLOR_YELLOW, COLOR_BLUE, 229, 24, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_FOOTER]      = { COLOR_WHITE, COLOR_BLUE, 252, 24, A_NORMAL, A_REVERSE },
	[ROLE_NOTICE]      = { COLOR_BLACK, COLOR_YELLOW, 16, 222, A_NORMAL, A_BOLD },
	[ROLE_BANNER_OK]   = { COLOR_BLACK, COLOR_CYAN, 16, 37, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_BANNER_WARN] = { COLOR_BLACK, COLOR_YELLOW, 16, 214, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_BANNER_FAIL] = { COLOR_WHITE, COLOR_RED, 231, 160, A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_BANNER_RUN]  = { COLOR_WHITE, COLOR_BLUE, 231, 25, A_BOLD, A_REVERSE },
	[ROLE_SPARK]       = { COLOR_CYAN, DEF, 37, DEF, A_NORMAL, A_NORMAL },
};

static bool use_256;
static bool default_bg;

/* Decide on colour and set up the colour pairs of the theme. */
void tui_theme_init(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");

	t->color = !t->p->no_color && !(nc && *nc) && has_colors();
	if (!t->color || start_color() == ERR || COLORS < 8 || COLOR_PAIRS < ROLE_COUNT + 1) {
		t->color = false;
		return;
	}
	use_256 = COLORS >= 256;
	default_bg = use_default_colors() == OK;
	for (int r = 1; r < ROLE_COUNT; r++) {
		short fg = use_256 ? theme[r].fg256 : theme[r].fg8;
		short bg = use_256 ? theme[r].bg256 : theme[r].bg8;

		if (!default_bg) {
			if (fg == DEF)
				fg = COLOR_WHITE;
			if (bg == DEF)
				bg = COLOR_BLACK;
		}
		init_pair((short)r, fg, bg);
	}
}

/* The colour pair of role (0 without colour). */
short tui_pair(const struct tui *t, enum tui_role role)
{
	return t->color && role > ROLE_NORMAL && role < ROLE_COUNT ? (short)role : 0;
}

/* The curses attributes that draw role. */
attr_t tui_attr(const struct tui *t, enum tui_role role)
{
	if ((unsigned)role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	if (!t->color)
		return theme[role].mono;
	return COLOR_PAIR(tui_pair(t, role)) | theme[role].attr;
}

/* The colour role of a status. */
enum tui_role tui_role_status(enum check_status st)
{
	switch (st) {
	case STATUS_OK: return ROLE_OK;
	case STATUS_WARN: return ROLE_WARN;
	case STATUS_FAIL: return ROLE_FAIL;
	case STATUS_SKIP: break;
	}
	return ROLE_SKIP;
}
