/* tui_guide_int.h - state of the guided triage screens, shared by
 * tui_guide.c (walk and keys) and tui_guide_draw.c (what is on screen).
 * UI thread only; tui/ private. */
#ifndef POSDOCTOR_TUI_GUIDE_INT_H
#define POSDOCTOR_TUI_GUIDE_INT_H

#include "codebook.h"
#include "guide.h"
#include "tui_int.h"

#define GDOC_MAX  200
#define GOPT_MAX  (GUIDE_MAX_ANSWERS + 2)

enum gscreen { GS_CLOSED, GS_MENU, GS_WALK };

/* What choosing an option does. */
enum gopt_kind { GO_FLOW, GO_ANSWER, GO_WORKS, GO_STILL, GO_CODE_ON, GO_CLOSE };

struct gopt {
	enum gopt_kind kind;
	int arg;
	char label[256];
};

struct gline {
	enum tui_role role;
	char text[512];
};

struct tui_guide {
	enum gscreen screen;
	int sel;                    /* selected option */
	int scroll;                 /* body scroll, lines */
	bool walked;                /* a walk was started: it goes into reports */
	struct guide_walk walk;
	int found;                  /* checks node: the failing item, or -1 */
	int row_y;                  /* screen line of the way-in row, -1 when none */
	char input[8];              /* code node: what was typed */
	char err[256];
	int n_hits;                 /* code node: 0 before Enter, else tables hit (+1 for none) */
	bool looked_up;
	const struct code_table *hit_t[CODEBOOK_MAX_TABLES];
	const struct code_entry *hit_e[CODEBOOK_MAX_TABLES];
	/* Built per frame. */
	struct gline lines[GDOC_MAX];
	int n_lines, width;
	struct gopt opts[GOPT_MAX];
	int n_opts;
};


/* The node the walk stands on. */
static inline const struct guide_node *guide_cur(const struct tui_guide *g)
{
	return &g->walk.flow->nodes[g->walk.at];
}

/* tui_guide_draw.c: lines and options of the current screen (for drawing,
 * and for keys: options must match the state even when no frame was drawn
 * since the last key). */
void tui_guide_build(struct tui *t);

#endif
