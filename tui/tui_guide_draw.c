/* tui_guide_draw.c - what the guided triage screens show: the symptom
 * list, the node being walked (with the failing check's fix, or a code's
 * explanation), the helpdesk card at an outcome that calls; the way-in row
 * under the checklist (the kiosk's code-lookup hint). UI thread only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "tui_guide_int.h"
#include "text.h"

/* Add wrapped text to the body; a prefix ("- ", "2. ") hangs before the
 * first line and the other lines are indented under the text. */
static void add_para(struct tui_guide *g, const struct tui *t, enum tui_role role,
		     const char *prefix, const char *text)
{
	struct text_line wl[48];
	int pw = prefix ? text_width(prefix, t->ascii) : 0, width = g->width - pw, n;

	if (width < 8) {
		width = g->width > 4 ? g->width : 4;
		pw = 0;
		prefix = NULL;
	}
	text = text ? text : "";
	n = text_wrap(text, width, t->ascii, wl, 48);
	for (int i = 0; i < n && i < 48 && g->n_lines < GDOC_MAX; i++) {
		struct gline *l = &g->lines[g->n_lines++];
		size_t head;

		l->role = role;
		snprintf(l->text, 64, "%*s%s", i == 0 && prefix ? 0 : pw, "",
			 i == 0 && prefix ? prefix : "");
		head = strlen(l->text);
		text_fitn(text + wl[i].off, wl[i].len, width, t->ascii, false, l->text + head,
			      sizeof(l->text) - head);
	}
}

/* An empty body line, never two in a row. */
static void add_gap(struct tui_guide *g)
{
	if (g->n_lines > 0 && g->n_lines < GDOC_MAX && g->lines[g->n_lines - 1].text[0])
		g->lines[g->n_lines++] = (struct gline){ ROLE_NORMAL, "" };
}

/* Add an option. */
static void add_opt(struct tui_guide *g, enum gopt_kind kind, int arg, const char *label)
{
	if (g->n_opts == GOPT_MAX)
		return;
	g->opts[g->n_opts].kind = kind;
	g->opts[g->n_opts].arg = arg;
	snprintf(g->opts[g->n_opts].label, sizeof(g->opts[0].label), "%s", label);
	g->n_opts++;
}

/* Body of the symptom list. */
static void build_menu(struct tui *t)
{
	struct tui_guide *g = t->guide;
	const struct guidebook *gb = t->p->guides;

	add_para(g, t, ROLE_NORMAL, NULL, tui_str(t, "guide.menu.intro"));
	for (int i = 0; i < gb->n_flows; i++)
		add_opt(g, GO_FLOW, i, tr(&gb->flows[i].title, t->lang));
}

/* The failing check and its fix, for a checks node that found one. */
static void build_found(struct tui *t, const struct guide_node *n)
{
	struct tui_guide *g = t->guide;
	const struct check_item *it = &t->cl->items[g->found];
	const struct fix *fx = catalog_fix(t->cat, it->result.code);
	struct check_result *args = check_fix_args(t->cat, t->lang, it);
	char title[256], summary[512], buf[1024], num[16];

	add_para(g, t, ROLE_NORMAL, NULL, tr(&n->text, t->lang));
	add_gap(g);
	check_title(t->cat, t->lang, it, title, sizeof(title));
	tui_fmt(t, "guide.found.title", buf, sizeof(buf), "check", title, (const char *)NULL);
	add_para(g, t, it->result.status == STATUS_FAIL ? ROLE_FAIL : ROLE_WARN, NULL, buf);
	check_summary(t->cat, t->lang, it, summary, sizeof(summary));
	add_para(g, t, ROLE_NORMAL, "  ", summary);
	if (fx) {
		add_gap(g);
		catalog_expand(tr(&fx->title, t->lang), args, buf, sizeof(buf));
		add_para(g, t, ROLE_TITLE, NULL, buf);
		for (int i = 0; i < fx->n_steps; i++) {
			snprintf(num, sizeof(num), "%d. ", i + 1);
			catalog_expand(tr(&fx->steps[i], t->lang), args, buf, sizeof(buf));
			add_para(g, t, ROLE_NORMAL, num, buf);
		}
	}
	free(args);
	add_opt(g, GO_WORKS, 0, tui_str(t, "guide.found.fixed"));
	add_opt(g, GO_STILL, 0, tui_str(t, "guide.step.still"));
}

/* A code node: the prompt and field, or the explanation. */
static void build_code(struct tui *t, const struct guide_node *n)
{
	struct tui_guide *g = t->guide;
	char buf[1024], k[48];

	add_para(g, t, ROLE_NORMAL, NULL, tr(&n->text, t->lang));
	add_gap(g);
	snprintf(k, sizeof(k), "%s%s", g->input, g->looked_up ? "" : "_");
	tui_fmt(t, "guide.code.prompt", buf, sizeof(buf), "code", k, (const char *)NULL);
	add_para(g, t, ROLE_TITLE, NULL, buf);
	if (!g->looked_up) {
		add_para(g, t, ROLE_DIM, NULL, tui_str(t, "guide.code.type"));
		if (g->err[0])
			add_para(g, t, ROLE_WARN, NULL, g->err);
		return;
	}
	for (int i = 0; i < g->n_hits; i++) {
		const struct code_entry *e = g->hit_e[i];
		const struct tr_text *cls = codebook_class(g->hit_t[i], e->cls);

		add_gap(g);
		snprintf(buf, sizeof(buf), "%s%s%s%s%s", tr(&g->hit_t[i]->name, t->lang),
			 cls ? " [" : "", cls ? (char[2]){ e->cls, '\0' } : "", cls ? "] " : "",
			 cls ? tr(cls, t->lang) : "");
		add_para(g, t, ROLE_TITLE, NULL, buf);
		add_para(g, t, ROLE_NORMAL, "  ", tr(&e->meaning, t->lang));
		snprintf(k, sizeof(k), "code.retry.%s", code_retry_word(e->retry));
		snprintf(buf, sizeof(buf), "%s: %s", tui_str(t, "code.retry"), tui_str(t, k));
		add_para(g, t, ROLE_NORMAL, "  ", buf);
		snprintf(k, sizeof(k), "code.call.%s", code_call_word(e->call));
		snprintf(buf, sizeof(buf), "%s: %s", tui_str(t, "code.call"), tui_str(t, k));
		add_para(g, t, ROLE_NORMAL, "  ", buf);
		add_para(g, t, ROLE_NORMAL, "  ", tr(&e->advice, t->lang));
	}
	if (g->n_hits > 1) {
		add_gap(g);
		add_para(g, t, ROLE_DIM, NULL, tui_str(t, "code.both"));
	}
	if (g->n_hits == 0) {
		add_gap(g);
		tui_fmt(t, "code.unknown", buf, sizeof(buf), "code", g->input, (const char *)NULL);
		add_para(g, t, ROLE_WARN, NULL, buf);
		add_para(g, t, ROLE_NORMAL, NULL, tui_str(t, "code.unknown.advice"));
	}
	add_opt(g, GO_CODE_ON, 0, tui_str(t, "guide.code.go_on"));
}

/* The helpdesk card: who to call, terminal id, what failed, what was tried. */
static void build_card(struct tui *t, const struct guide_node *n)
{
	struct tui_guide *g = t->guide;
	const struct config *cfg = t->p->cfg;
	const struct guide_flow *f = g->walk.flow;
	char buf[1024], title[256], summary[512];
	bool any = false;

	add_gap(g);
	add_para(g, t, ROLE_TITLE, NULL, tui_str(t, "guide.card.title"));
	if (n->outcome == GUIDE_CALL_ISSUER)
		tui_fmt(t, "guide.card.call", buf, sizeof(buf), "who",
			tui_str(t, "guide.card.issuer"), (const char *)NULL);
	else
		tui_fmt(t, "guide.card.call", buf, sizeof(buf), "who",
			cfg->site.helpdesk[0] ? cfg->site.helpdesk
					      : tui_str(t, "guide.card.no_helpdesk"),
			(const char *)NULL);
	add_para(g, t, ROLE_WARN, NULL, buf);
	if (n->outcome == GUIDE_CALL_ISSUER && cfg->site.helpdesk[0]) {
		tui_fmt(t, "guide.card.helpdesk", buf, sizeof(buf), "helpdesk", cfg->site.helpdesk,
			(const char *)NULL);
		add_para(g, t, ROLE_NORMAL, NULL, buf);
	}
	tui_fmt(t, "guide.card.terminal", buf, sizeof(buf), "id",
		cfg->site.terminal_id[0] ? cfg->site.terminal_id : "-", (const char *)NULL);
	add_para(g, t, ROLE_NORMAL, NULL, buf);
	tui_fmt(t, "guide.card.symptom", buf, sizeof(buf), "symptom", tr(&f->title, t->lang),
		(const char *)NULL);
	add_para(g, t, ROLE_NORMAL, NULL, buf);
	add_para(g, t, ROLE_TITLE, NULL, tui_str(t, "guide.card.failed"));
	if (g->walk.code[0]) {
		const struct codebook *cb = t->p->codes;
		const struct code_entry *e = NULL;

		for (int i = 0; cb && i < cb->n_tables && !e; i++)
			e = codebook_find(&cb->tables[i], g->walk.code);
		tui_fmt(t, "guide.card.code", buf, sizeof(buf), "code", g->walk.code, "meaning",
			e ? tr(&e->meaning, t->lang) : "?", (const char *)NULL);
		add_para(g, t, ROLE_NORMAL, "- ", buf);
		any = true;
	}
	for (int i = 0; i < t->cl->n; i++) {
		const struct check_item *it = &t->cl->items[i];

		if (it->state != STATE_DONE || it->runs == 0 ||
		    (it->result.status != STATUS_FAIL && it->result.status != STATUS_WARN))
			continue;
		check_title(t->cat, t->lang, it, title, sizeof(title));
		check_summary(t->cat, t->lang, it, summary, sizeof(summary));
		snprintf(buf, sizeof(buf), "%s: %s (%s)", title, summary, it->result.code);
		add_para(g, t, ROLE_NORMAL, "- ", buf);
		any = true;
	}
	if (!any)
		add_para(g, t, ROLE_NORMAL, "- ", tui_str(t, "guide.card.nothing_failed"));
	add_para(g, t, ROLE_TITLE, NULL, tui_str(t, "guide.card.tried"));
	for (int i = 0; i < g->walk.n_path; i++) {
		const struct guide_step *s = &g->walk.path[i];
		const struct guide_node *sn = &f->nodes[s->node];

		if (s->automatic)
			continue;
		if (sn->kind == GUIDE_CHECKS) {
			/* "found serial.link, still not working": name the check. */
			char id[CHECK_ID_MAX];
			const char *comma = strchr(s->answer, ',');
			int item;

			if (strncmp(s->answer, "found ", 6) != 0 || !comma)
				continue;
			snprintf(id, sizeof(id), "%.*s", (int)(comma - s->answer - 6), s->answer + 6);
			item = checklist_find(t->cl, id);
			if (item < 0)
				continue;
			check_title(t->cat, t->lang, &t->cl->items[item], title, sizeof(title));
			tui_fmt(t, "guide.card.fix_tried", buf, sizeof(buf), "check", title,
				(const char *)NULL);
		} else if (sn->kind == GUIDE_QUESTION) {
			const char *a = s->answer;

			for (int j = 0; j < sn->n_answers; j++)
				if (sn->answer[j].text[LANG_EN] &&
				    strcmp(sn->answer[j].text[LANG_EN], s->answer) == 0)
					a = tr(&sn->answer[j], t->lang);
			snprintf(buf, sizeof(buf), "%s %s", tr(&sn->text, t->lang), a);
		} else if (sn->kind == GUIDE_STEP) {
			snprintf(buf, sizeof(buf), "%s", tr(&sn->text, t->lang));
		} else {
			continue;
		}
		add_para(g, t, ROLE_NORMAL, "- ", buf);
	}
}

/* Body and options of the walk's current node. */
static void build_walk(struct tui *t)
{
	struct tui_guide *g = t->guide;
	const struct guide_node *n = guide_cur(g);

	switch (n->kind) {
	case GUIDE_QUESTION:
		add_para(g, t, ROLE_NORMAL, NULL, tr(&n->text, t->lang));
		for (int i = 0; i < n->n_answers; i++)
			add_opt(g, GO_ANSWER, i, tr(&n->answer[i], t->lang));
		break;
	case GUIDE_STEP:
		add_para(g, t, ROLE_NORMAL, NULL, tr(&n->text, t->lang));
		add_opt(g, GO_WORKS, 0, tui_str(t, "guide.step.works"));
		add_opt(g, GO_STILL, 0, tui_str(t, "guide.step.still"));
		break;
	case GUIDE_CHECKS:
		if (g->found >= 0)
			build_found(t, n);
		break;
	case GUIDE_CODE:
		build_code(t, n);
		break;
	case GUIDE_OUTCOME:
		add_para(g, t, n->outcome == GUIDE_SOLVED ? ROLE_OK : ROLE_NORMAL, NULL,
			 tr(&n->text, t->lang));
		if (guide_outcome_calls(n->outcome))
			build_card(t, n);
		add_opt(g, GO_CLOSE, 0, tui_str(t, "guide.outcome.done"));
		break;
	}
}

/* Lines and options of the current screen (for drawing, and for keys:
 * options must match the state even when no frame was drawn since). */
void tui_guide_build(struct tui *t)
{
	struct tui_guide *g = t->guide;

	if (g->width < 8)
		g->width = 78;
	g->n_lines = 0;
	g->n_opts = 0;
	if (g->screen == GS_MENU)
		build_menu(t);
	else
		build_walk(t);
	if (g->screen == GS_WALK && g->walk.finished && g->walk.outcome == GUIDE_SOLVED &&
	    guide_cur(g)->kind != GUIDE_OUTCOME) {
		g->n_lines = 0;
		g->n_opts = 0;
		add_para(g, t, ROLE_OK, NULL, tui_str(t, "guide.outcome.solved"));
		add_opt(g, GO_CLOSE, 0, tui_str(t, "guide.outcome.done"));
	}
}

/* One footer key hint; returns the next x. */
static int hint(const struct tui *t, int y, int x, int w, const char *key, const char *label)
{
	int kw = text_width(key, t->ascii), lw = text_width(label, t->ascii);

	if (x + kw + 1 + lw + 1 > w)
		return w;
	tui_draw_text(t, y, x, kw, key, ROLE_KEY, false);
	tui_draw_text(t, y, x + kw + 1, lw, label, ROLE_FOOTER, false);
	return x + kw + 1 + lw + 2;
}

/* Draw the guide screen over the whole terminal. */
void tui_guide_draw(struct tui *t)
{
	struct tui_guide *g = t->guide;
	int rows = t->lo.rows, cols = t->lo.cols, y, body_h, opt_h;
	struct tui_rect head = { 0, 0, 1, cols }, foot = { rows - 1, 0, 1, cols };
	char buf[1024];

	g->width = cols - 2;
	tui_guide_build(t);
	if (g->sel >= g->n_opts)
		g->sel = g->n_opts ? g->n_opts - 1 : 0;

	tui_fill(t, &head, ROLE_HEADER);
	snprintf(buf, sizeof(buf), " posdoctor %s %s", t->ascii ? "|" : "\xe2\x94\x82",
		 g->screen == GS_MENU ? tui_str(t, "guide.menu.title")
				      : tr(&g->walk.flow->title, t->lang));
	tui_draw_text(t, 0, 0, cols, buf, ROLE_HEADER, true);

	opt_h = g->n_opts;
	body_h = rows - 3 - (opt_h ? opt_h + 1 : 0);
	if (body_h < 1) {
		body_h = 1;
		opt_h = rows - 4 > 0 ? rows - 4 : 0;
	}
	if (g->scroll > g->n_lines - body_h)
		g->scroll = g->n_lines - body_h > 0 ? g->n_lines - body_h : 0;
	y = 2;
	for (int i = g->scroll; i < g->n_lines && y < 2 + body_h; i++, y++)
		tui_draw_text(t, y, 1, cols - 2, g->lines[i].text, g->lines[i].role, true);
	y = rows - 1 - opt_h;
	for (int i = 0; i < g->n_opts && i < opt_h; i++, y++) {
		bool sel = i == g->sel;

		if (sel) {
			struct tui_rect line = { y, 0, 1, cols };

			tui_fill(t, &line, ROLE_SELECTED);
		}
		snprintf(buf, sizeof(buf), " %d  %s", i + 1, g->opts[i].label);
		tui_draw_text(t, y, 1, cols - 2, buf, sel ? ROLE_SELECTED : ROLE_NORMAL, true);
	}

	tui_fill(t, &foot, ROLE_FOOTER);
	if (t->msg[0] && clock_ms() < t->msg_until_ms) {
		tui_draw_text(t, rows - 1, 1, cols - 1, t->msg, ROLE_FOOTER, true);
		return;
	}
	{
		int x = 1;

		x = hint(t, rows - 1, x, cols, t->ascii ? "1-9" : "1-9/\xe2\x86\x91\xe2\x86\x93",
			 tui_str(t, "guide.key.choose"));
		x = hint(t, rows - 1, x, cols, "Enter", tui_str(t, "guide.key.ok"));
		x = hint(t, rows - 1, x, cols, "Esc", tui_str(t, "guide.key.back"));
		x = hint(t, rows - 1, x, cols, "s", tui_str(t, "guide.key.save"));
		hint(t, rows - 1, x, cols, "q", tui_str(t, "guide.key.close"));
	}
}

/* Take one line from the bottom of the checklist for the way in (or, in
 * the kiosk, the code-lookup hint); call before the list is drawn. */
void tui_guide_reserve_row(struct tui *t)
{
	struct tui_layout *lo = &t->lo;

	t->guide->row_y = -1;
	if (!t->kiosk && !(t->p->guides && t->p->guides->n_flows > 0))
		return;
	if (lo->list.h > t->cl->n && lo->list.h >= 2) {
		/* Room to spare under the rows. */
		lo->list.h--;
		t->guide->row_y = lo->list.y + lo->list.h;
	} else if (!lo->side_by_side && lo->sep.h == 1 && lo->details.h >= 3 &&
		   lo->sep.y == lo->list.y + lo->list.h) {
		/* Stacked: every row is needed; the details give up a line. */
		t->guide->row_y = lo->sep.y;
		lo->sep.y++;
		lo->details.y++;
		lo->details.h--;
	} else if (lo->list.h >= 3) {
		lo->list.h--;
		t->guide->row_y = lo->list.y + lo->list.h;
	}
}

/* Draw the row under the checklist (after tui_guide_reserve_row). */
void tui_guide_draw_row(struct tui *t)
{
	const struct tui_rect *l = &t->lo.list;
	char buf[512];

	if (t->guide->row_y < 0)
		return;
	snprintf(buf, sizeof(buf), "%s %s", t->ascii ? ">" : "\xe2\x96\xb8",
		 tui_str(t, t->kiosk ? "guide.kiosk_hint" : "guide.row"));
	tui_draw_text(t, t->guide->row_y, l->x + 1, l->w - 1, buf, ROLE_KEY, true);
}

/* Whether screen line y is the way-in row (a click there opens the guide). */
bool tui_guide_row_at(const struct tui *t, int y)
{
	return t->guide && !t->kiosk && t->guide->row_y >= 0 && y == t->guide->row_y;
}

