/* tui_guide.c - the guided triage screens: the symptom list ("What does the
 * card terminal show?"), a walk through one flow (questions, steps, the fix
 * of a check posdoctor found failing, a response-code lookup), and at an
 * outcome that calls, the helpdesk card. The walk is kept for the saved
 * reports. UI thread only; the flows come from config/guide_load.c. This
 * file walks and takes keys; tui_guide_draw.c builds and paints the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tui_guide_int.h"

/* Allocate the guide state; -1 on ENOMEM. */
int tui_guide_init(struct tui *t)
{
	t->guide = calloc(1, sizeof(*t->guide));
	return t->guide ? 0 : -1;
}

/* Free the guide state. */
void tui_guide_free(struct tui *t)
{
	free(t->guide);
	t->guide = NULL;
}

/* Whether the guide screens cover the checklist. */
bool tui_guide_active(const struct tui *t)
{
	return t->guide && t->guide->screen != GS_CLOSED;
}

/* The walk for saved reports, or NULL when none was started. */
const struct guide_walk *tui_guide_walk(const struct tui *t)
{
	return t->guide && t->guide->walked ? &t->guide->walk : NULL;
}

/* Open the symptom list (t key or the row). */
void tui_guide_open(struct tui *t)
{
	if (!t->guide || !t->p->guides || t->p->guides->n_flows == 0)
		return;
	t->guide->screen = GS_MENU;
	t->guide->sel = 0;
	t->guide->scroll = 0;
}

/* Advance over nodes that posdoctor answers itself (checks that passed or
 * measured nothing); stop at anything the shop must see. */
static void settle(struct tui *t)
{
	struct tui_guide *g = t->guide;
	int guard = 0;

	g->found = -1;
	g->looked_up = false;
	g->input[0] = '\0';
	g->err[0] = '\0';
	g->sel = 0;
	g->scroll = 0;
	while (!g->walk.finished && guide_cur(g)->kind == GUIDE_CHECKS && guard++ < GUIDE_MAX_PATH) {
		const struct guide_node *n = guide_cur(g);
		int worst;
		enum guide_verdict v = guide_consult(n, t->cl, &worst);

		if (v == GUIDE_FOUND) {
			g->found = worst;
			return;
		}
		guide_walk_answer(&g->walk, v == GUIDE_ALL_OK ? "measured ok" : "not measured",
				  v == GUIDE_ALL_OK ? n->ok : n->next, clock_wall_ms(), true);
	}
}

/* Start walking flow i of the book. */
static void start_flow(struct tui *t, int i)
{
	struct tui_guide *g = t->guide;

	guide_walk_start(&g->walk, &t->p->guides->flows[i]);
	g->walked = true;
	g->screen = GS_WALK;
	settle(t);
}

/* Record an answer and go on. */
static void answer(struct tui *t, const char *text, int next)
{
	guide_walk_answer(&t->guide->walk, text, next, clock_wall_ms(), false);
	settle(t);
}

/* Step back over automatic answers to the last thing the shop answered. */
static void back(struct tui *t)
{
	struct tui_guide *g = t->guide;

	if (g->screen == GS_MENU) {
		g->screen = GS_CLOSED;
		return;
	}
	if (g->looked_up) {
		g->looked_up = false;
		return;
	}
	for (;;) {
		if (!guide_walk_back(&g->walk)) {
			g->screen = GS_MENU;
			g->sel = 0;
			return;
		}
		if (!g->walk.path[g->walk.n_path].automatic)
			break;
	}
	if (guide_cur(g)->kind == GUIDE_CODE)
		g->walk.code[0] = '\0';
	settle(t);
}

/* Look the typed code up in every table. */
static void lookup(struct tui *t)
{
	struct tui_guide *g = t->guide;
	const struct codebook *cb = t->p->codes;
	char code[CODE_MAX_LEN + 1], why[200];

	g->err[0] = '\0';
	if (code_normalise(g->input, code, why, sizeof(why)) != 0) {
		tui_fmt(t, "guide.code.bad", g->err, sizeof(g->err), "why", why, (const char *)NULL);
		return;
	}
	snprintf(g->input, sizeof(g->input), "%s", code);
	g->n_hits = 0;
	for (int i = 0; cb && i < cb->n_tables; i++) {
		const struct code_entry *e = codebook_find(&cb->tables[i], code);

		if (e) {
			g->hit_t[g->n_hits] = &cb->tables[i];
			g->hit_e[g->n_hits++] = e;
		}
	}
	g->looked_up = true;
	g->sel = 0;
}

/* Go on from an explained code: the first table's "who to call" picks. */
static void code_go_on(struct tui *t)
{
	struct tui_guide *g = t->guide;
	const struct guide_node *n = guide_cur(g);
	char ans[64];
	int next = g->n_hits ? n->on_call[g->hit_e[0]->call] : n->on_unknown;

	memcpy(g->walk.code, g->input, sizeof(g->walk.code));
	g->walk.code[sizeof(g->walk.code) - 1] = '\0';
	snprintf(ans, sizeof(ans), "code %s%s", g->input, g->n_hits ? "" : " (in no table)");
	answer(t, ans, next);
}

/* The English text of an answer, for the report (language-neutral). */
static void answer_text(const struct guide_node *n, int i, char *buf, size_t len)
{
	snprintf(buf, len, "%s", n->answer[i].text[LANG_EN] ? n->answer[i].text[LANG_EN] : "?");
}

/* Carry out option i. */
static enum tui_action choose(struct tui *t, int i)
{
	struct tui_guide *g = t->guide;
	const struct gopt *o;
	char buf[256];

	if (i < 0 || i >= g->n_opts)
		return ACT_NONE;
	o = &g->opts[i];
	switch (o->kind) {
	case GO_FLOW:
		start_flow(t, o->arg);
		break;
	case GO_ANSWER:
		answer_text(guide_cur(g), o->arg, buf, sizeof(buf));
		answer(t, buf, guide_cur(g)->answer_next[o->arg]);
		break;
	case GO_WORKS:
		if (g->found >= 0) {
			snprintf(buf, sizeof(buf), "fixed %s", t->cl->items[g->found].id);
			answer(t, buf, -1);
		} else {
			answer(t, "works now", -1);
		}
		break;
	case GO_STILL:
		if (g->found >= 0) {
			snprintf(buf, sizeof(buf), "found %s, still not working",
				 t->cl->items[g->found].id);
			answer(t, buf, guide_cur(g)->next);
		} else {
			answer(t, "still not working", guide_cur(g)->next);
		}
		break;
	case GO_CODE_ON:
		code_go_on(t);
		break;
	case GO_CLOSE:
		g->screen = GS_CLOSED;
		break;
	}
	return ACT_REDRAW;
}

/* Keys of the guide screens. */
enum tui_action tui_guide_key(struct tui *t, int key)
{
	struct tui_guide *g = t->guide;
	bool typing = g->screen == GS_WALK && !g->walk.finished && guide_cur(g)->kind == GUIDE_CODE &&
		      !g->looked_up;

	tui_guide_build(t);
	if (g->sel >= g->n_opts)
		g->sel = g->n_opts ? g->n_opts - 1 : 0;
	if (typing) {
		size_t n = strlen(g->input);

		if (key >= 32 && key < 127 && key != ' ' && n + 1 < sizeof(g->input)) {
			g->input[n] = (char)key;
			g->input[n + 1] = '\0';
			g->err[0] = '\0';
			return ACT_REDRAW;
		}
		if ((key == KEY_BACKSPACE || key == 127 || key == 8) && n > 0) {
			g->input[n - 1] = '\0';
			return ACT_REDRAW;
		}
		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			lookup(t);
			return ACT_REDRAW;
		}
		if (key == 27 || key == KEY_LEFT || key == KEY_BACKSPACE || key == 127 || key == 8) {
			back(t);
			return ACT_REDRAW;
		}
		return key == KEY_RESIZE ? ACT_REDRAW : ACT_NONE;
	}
	switch (key) {
	case KEY_UP:
	case 'k':
		if (g->sel > 0)
			g->sel--;
		return ACT_REDRAW;
	case KEY_DOWN:
	case 'j':
		if (g->sel + 1 < g->n_opts)
			g->sel++;
		return ACT_REDRAW;
	case KEY_PPAGE:
		g->scroll = g->scroll > 5 ? g->scroll - 5 : 0;
		return ACT_REDRAW;
	case KEY_NPAGE:
		g->scroll += 5;
		return ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return choose(t, g->sel);
	case 27:
	case KEY_LEFT:
	case KEY_BACKSPACE:
	case 127:
		back(t);
		return ACT_REDRAW;
	case 'q':
	case 'Q':
		g->screen = GS_CLOSED;
		return ACT_REDRAW;
	case 's':
	case 'S':
		return ACT_SAVE;
	case 'l':
	case 'L':
		if (!t->no_cjk)
			t->lang = t->lang == LANG_EN ? LANG_ZH_CN : LANG_EN;
		return ACT_REDRAW;
	case KEY_RESIZE:
		return ACT_REDRAW;
	}
	if (key >= '1' && key <= '9')
		return choose(t, key - '1');
	return ACT_NONE;
}

