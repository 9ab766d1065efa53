/* tui_draw.c - paints the header, the checklist, the footer and overlays.
 *
 * Everything is drawn from the model on each frame (erase, draw, one
 * doupdate): curses sends only the cells that changed. Every string goes
 * through text_fit, so nothing ever crosses the edge of its box.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"
#include "tui_int.h"
#include "text.h"

/* A symbol in UTF-8, or its ASCII stand-in when the locale cannot show it. */
static const char *sym(const struct tui *t, const char *utf8, const char *ascii)
{
	return t->ascii ? ascii : utf8;
}

/* Recompute the display order: worst first, or module order. */
void tui_order_update(struct tui *t)
{
	if (t->worst_first || t->kiosk) {
		checklist_order_worst_first(t->cl, t->order);
	} else {
		for (int i = 0; i < t->cl->n; i++)
			t->order[i] = i;
	}
	/* Until the user picks a row, the selection is the worst one: the
	 * first failure is selected, and so on screen, at every size. */
	if (!t->sel_moved && t->cl->n > 0 && t->worst_first) {
		if (t->sel != t->order[0])
			t->dscroll = 0;
		t->sel = t->order[0];
	}
}

/* Position of the selected item in the display order. */
int tui_sel_pos(const struct tui *t)
{
	for (int i = 0; i < t->cl->n; i++)
		if (t->order[i] == t->sel)
			return i;
	return 0;
}

/* The verdict in words and its colour, from the counts. */
static const char *verdict(const struct tui *t, enum tui_role *role)
{
	const struct checklist *cl = t->cl;
	bool busy = checklist_count(cl, STATE_DONE) < cl->n;
	enum check_status worst = checklist_overall(cl);

	*role = tui_role_status(worst);
	if (worst == STATUS_FAIL)
		return tui_str(t, "tui.verdict.fail");
	if (busy) {
		*role = ROLE_RUN;
		return tui_str(t, "tui.verdict.running");
	}
	/* No payment host set up: the way to it was never checked, so no
	 * verdict may say that payments work (network.payment_host). */
	for (int i = 0; i < cl->n; i++)
		if (cl->items[i].state == STATE_DONE &&
		    strcmp(cl->items[i].result.code, "net.no_payment_host") == 0)
			return tui_str(t, "tui.verdict.unchecked");
	if (worst == STATUS_WARN)
		return tui_str(t, "tui.verdict.warn");
	if (checklist_count_status(cl, STATUS_OK) == 0) {
		*role = ROLE_SKIP;
		return tui_str(t, "tui.verdict.none");
	}
	return tui_str(t, "tui.verdict.ok");
}

/* Append one "{n} ..." count to buf when n > 0. */
static void count_part(const struct tui *t, char *buf, size_t len, const char *key, int n)
{
	char num[16], part[128];
	size_t used = strlen(buf);

	if (n <= 0)
		return;
	snprintf(num, sizeof(num), "%d", n);
	tui_fmt(t, key, part, sizeof(part), "n", num, (const char *)NULL);
	snprintf(buf + used, len - used, "%s%s", used ? sym(t, " · ", " - ") : "", part);
}

/* "5 ok · 1 warning · 1 failed · 2 running"; brief: only what needs
 * attention or is not done yet ("1 warning · 1 failed · 2 running"). */
static void counts_text(const struct tui *t, char *buf, size_t len, bool brief)
{
	const struct checklist *cl = t->cl;
	int warn = checklist_count_status(cl, STATUS_WARN);
	char key[48];

	buf[0] = '\0';
	if (!brief)
		count_part(t, buf, len, "tui.count.ok", checklist_count_status(cl, STATUS_OK));
	count_part(t, buf, len, text_plural_key("tui.count.warn", warn, key, sizeof(key)), warn);
	count_part(t, buf, len, "tui.count.fail", checklist_count_status(cl, STATUS_FAIL));
	if (!brief)
		count_part(t, buf, len, "tui.count.skip", checklist_count_status(cl, STATUS_SKIP));
	count_part(t, buf, len, "tui.count.run", checklist_count(cl, STATE_RUNNING));
	count_part(t, buf, len, "tui.count.pending", checklist_count(cl, STATE_PENDING));
}

/* Local time of a wall-clock moment, "10:04:05". */
static void wall_time(int64_t wall_ms, char *buf, size_t len)
{
	time_t s = (time_t)(wall_ms / 1000);
	struct tm tm;

	if (!localtime_r(&s, &tm) || strftime(buf, len, "%H:%M:%S", &tm) == 0)
		snprintf(buf, len, "?");
}

/* Header: site, terminal id, clock; then the verdict and the counts. */
static void draw_header(struct tui *t)
{
	const struct tui_rect *r = &t->lo.header;
	const struct config *cfg = t->p->cfg;
	char line[768], term[160], clock_s[16], counts[512];
	enum tui_role vrole;
	const char *v = verdict(t, &vrole);
	int x, cw, right;

	tui_fill(t, r, ROLE_HEADER);
	wall_time(clock_wall_ms(), clock_s, sizeof(clock_s));
	tui_fmt(t, "tui.header.terminal", term, sizeof(term), "id",
		cfg->site.terminal_id[0] ? cfg->site.terminal_id : "-", (const char *)NULL);
	snprintf(line, sizeof(line), " posdoctor %s %s %s", sym(t, "│", "|"),
		 cfg->site.name[0] ? cfg->site.name : tui_str(t, "tui.header.nosite"),
		 sym(t, "│", "|"));
	cw = text_width(clock_s, t->ascii) + 1;
	tui_draw_text(t, r->y, 0, r->w - cw, line, ROLE_HEADER, true);
	x = text_width(line, t->ascii) + 1;
	if (x < r->w - cw)
		tui_draw_text(t, r->y, x, r->w - cw - x, term, ROLE_HEADER, true);
	if (r->w > cw)
		tui_draw_text(t, r->y, r->w - cw, cw, clock_s, ROLE_HEADER, false);

	/* Line 2: the verdict in words (bold, coloured) then the counts. */
	snprintf(line, sizeof(line), " %s ", v);
	tui_draw_text(t, r->y + 1, 0, r->w, line, vrole, true);
	x = text_width(line, t->ascii);
	right = r->w;
	if (t->kiosk) {
		char info[256];
		int iw;

		tui_kiosk_run_info(t, info, sizeof(info));
		iw = text_width(info, t->ascii) + 1;
		if (x + iw + 8 < r->w) {
			tui_draw_text(t, r->y + 1, r->w - iw, iw, info, ROLE_HEADER, false);
			right = r->w - iw - 1;
		}
	}
	/* The counts when they fit whole, else the brief ones (what needs
	 * attention); narrow screens keep the verdict alone (the rows' tags
	 * carry the same information). */
	counts_text(t, counts, sizeof(counts), false);
	if (x + 1 + text_width(counts, t->ascii) > right)
		counts_text(t, counts, sizeof(counts), true);
	if (counts[0] && x + 1 + text_width(counts, t->ascii) <= right)
		tui_draw_text(t, r->y + 1, x + 1, right - x - 1, counts, ROLE_HEADER_DIM, false);
}

/* The status tag of an item: "[ OK ]", "[WARN]", ..., a spinner while it
 * runs, blank while it waits. */
static const char *item_tag(const struct tui *t, const struct check_item *it,
			    enum tui_role *role)
{
	static const char *const frames[] = {
		"[.   ]", "[ .  ]", "[  . ]", "[   .]", "[  . ]", "[ .  ]"
	};

	if (it->state == STATE_RUNNING) {
		*role = ROLE_RUN;
		return frames[t->spin % 6];
	}
	if (it->state == STATE_PENDING && it->runs == 0) {
		*role = ROLE_DIM;
		return "[    ]";
	}
	*role = tui_role_status(it->result.status);
	switch (it->result.status) {
	case STATUS_OK: return "[ OK ]";
	case STATUS_WARN: return "[WARN]";
	case STATUS_FAIL: return "[FAIL]";
	case STATUS_SKIP: break;
	}
	return "[SKIP]";
}

/* The one-line summary of an item, or its running state. */
static void item_summary(const struct tui *t, const struct check_item *it,
			 char *buf, size_t len)
{
	char a[24], b[24];

	if (it->state == STATE_RUNNING) {
		int64_t secs = (clock_ms() - it->started_ms) / 1000;

		if (secs >= 10) {
			snprintf(a, sizeof(a), "%lld", (long long)secs);
			tui_fmt(t, "tui.state.slow", buf, len, "s", a, (const char *)NULL);
		} else if (it->progress_total > 0) {
			snprintf(a, sizeof(a), "%d", it->progress_done);
			snprintf(b, sizeof(b), "%d", it->progress_total);
			tui_fmt(t, "tui.state.progress", buf, len, "done", a, "total", b,
				(const char *)NULL);
		} else {
			snprintf(buf, len, "%s", tui_str(t, "tui.state.running"));
		}
		return;
	}
	if (it->runs == 0) {
		snprintf(buf, len, "%s", tui_str(t, "tui.state.pending"));
		return;
	}
	check_summary(t->cat, t->lang, it, buf, len);
}

/* The checklist rows. */
static void draw_list(struct tui *t)
{
	const struct tui_rect *r = &t->lo.list;
	struct tui_row_cols rc;
	int n = t->cl->n, pos;

	if (r->h <= 0)
		return;
	if (n == 0) {
		tui_draw_text(t, r->y, 1, r->w - 1, tui_str(t, "tui.empty"), ROLE_DIM, true);
		return;
	}
	tui_layout_row(r->w, t->title_max, t->kiosk ? tui_kiosk_history_cols(t) : 0, &rc);
	pos = tui_sel_pos(t);
	t->top = tui_layout_scroll(pos, t->top, r->h, n);
	for (int row = 0; row < r->h && t->top + row < n; row++) {
		int idx = t->order[t->top + row];
		const struct check_item *it = &t->cl->items[idx];
		bool sel = idx == t->sel && !t->kiosk;
		char title[512], summary[1024];
		enum tui_role tag_role;
		const char *tag = item_tag(t, it, &tag_role);
		int y = r->y + row;

		if (sel) {
			struct tui_rect line = { y, r->x, 1, r->w };

			tui_fill(t, &line, ROLE_SELECTED);
		}
		tui_draw_text(t, y, r->x + rc.tag_x, TUI_TAG_COLS, tag, tag_role, false);
		check_title(t->cat, t->lang, it, title, sizeof(title));
		tui_draw_text(t, y, r->x + rc.title_x, rc.title_w, title,
			      sel ? ROLE_SELECTED : ROLE_NORMAL, true);
		if (rc.summary_w > 0) {
			item_summary(t, it, summary, sizeof(summary));
			tui_draw_text(t, y, r->x + rc.summary_x, rc.summary_w, summary,
				      sel ? ROLE_SELECTED : ROLE_DIM, true);
		}
		if (rc.hist_w > 0)
			tui_kiosk_draw_history(t, y, r->x + rc.hist_x, rc.hist_w, it);
	}
}

/* One key hint in the footer; returns the next x. */
static int footer_key(const struct tui *t, int x, int w, const char *key, const char *label)
{
	int kw = text_width(key, t->ascii), lw = text_width(label, t->ascii);

	if (x + kw + 1 + lw + 1 > w)
		return w;
	tui_draw_text(t, t->lo.footer.y, x, kw, key, ROLE_KEY, false);
	tui_draw_text(t, t->lo.footer.y, x + kw + 1, lw, label, ROLE_FOOTER, false);
	return x + kw + 1 + lw + 2;
}

/* The footer's message, whole: a long one (a saved report's path at 40 or
 * 80 columns) wraps upwards over the rows above the footer, at most
 * MSG_ROWS of them, rather than being cut. */
static void draw_footer_msg(struct tui *t, const struct tui_rect *r)
{
	enum { MSG_ROWS = 4 };
	struct text_line lines[MSG_ROWS];
	int n = text_wrap(t->msg, r->w - 1, t->ascii, lines, MSG_ROWS);
	int top;

	if (n > MSG_ROWS)
		n = MSG_ROWS;
	if (n > r->y + 1)
		n = r->y + 1;
	top = r->y - (n - 1);
	for (int i = 0; i < n; i++) {
		struct tui_rect row = { top + i, r->x, 1, r->w };
		char part[sizeof(t->msg)];

		tui_fill(t, &row, ROLE_FOOTER);
		text_fitn(t->msg + lines[i].off, lines[i].len, r->w - 1, t->ascii, false,
			  part, sizeof(part));
		tui_draw_text(t, top + i, 1, r->w - 1, part, ROLE_FOOTER, i == n - 1);
	}
}

/* Footer: the keys, or a message (a saved report's path) while it lasts.
 * "q quit" keeps its place at the right edge whatever the width. */
static void draw_footer(struct tui *t)
{
	const struct tui_rect *r = &t->lo.footer;
	const char *quit = tui_str(t, "tui.key.quit");
	int x = 1, qw = 2 + text_width(quit, t->ascii) + 1, w;

	if (r->h <= 0)
		return;
	tui_fill(t, r, ROLE_FOOTER);
	if (t->msg[0] && clock_ms() < t->msg_until_ms) {
		draw_footer_msg(t, r);
		return;
	}
	footer_key(t, r->w - qw, r->w + 1, "q", quit);
	w = r->w - qw;
	if (t->focus_details) {
		x = footer_key(t, x, w, sym(t, "↑↓", "Up/Dn"), tui_str(t, "tui.key.scroll"));
		x = footer_key(t, x, w, "Esc", tui_str(t, "tui.key.back"));
	} else {
		x = footer_key(t, x, w, sym(t, "↑↓", "j/k"), tui_str(t, "tui.key.move"));
		x = footer_key(t, x, w, "Enter", tui_str(t, "tui.key.enter"));
	}
	x = footer_key(t, x, w, "?", tui_str(t, "tui.key.help"));
	x = footer_key(t, x, w, "r", tui_str(t, "tui.key.rerun"));
	if (!t->no_cjk)
		x = footer_key(t, x, w, "l", tui_str(t, "tui.key.lang"));
	x = footer_key(t, x, w, "s", tui_str(t, "tui.key.save"));
	x = footer_key(t, x, w, "R", tui_str(t, "tui.key.rerun_all"));
	x = footer_key(t, x, w, "o", tui_str(t, "tui.key.order"));
	footer_key(t, x, w, "c", tui_str(t, "tui.key.setup"));
}

/* The rule between the list and the details. */
static void draw_sep(const struct tui *t)
{
	const struct tui_rect *r = &t->lo.sep;

	if (r->h <= 0 || r->w <= 0)
		return;
	attrset(tui_attr(t, ROLE_DIM));
	if (r->w == 1)
		mvvline(r->y, r->x, ACS_VLINE, r->h);
	else
		mvhline(r->y, r->x, ACS_HLINE, r->w);
	attrset(A_NORMAL);
	/* Kiosk: name the history strip on the rule, ending above it. */
	if (t->kiosk && r->h == 1) {
		const char *legend = tui_str(t, "tui.kiosk.history");
		int lw = text_width(legend, t->ascii) + 2;
		struct tui_row_cols rc;

		tui_layout_row(t->lo.list.w, t->title_max, tui_kiosk_history_cols(t), &rc);
		if (rc.hist_w > 0 && lw < r->w / 2) {
			char buf[256];

			snprintf(buf, sizeof(buf), " %s ", legend);
			tui_draw_text(t, r->y, r->x + r->w - lw, lw, buf, ROLE_DIM, false);
		}
	}
}

/* "Terminal too small": the whole screen, wrapped to fit. */
static void draw_too_small(struct tui *t)
{
	char msg[512], c[16], r[16];
	struct text_line lines[8];
	int n;

	snprintf(c, sizeof(c), "%d", t->lo.cols);
	snprintf(r, sizeof(r), "%d", t->lo.rows);
	tui_fmt(t, "tui.too_small", msg, sizeof(msg), "cols", c, "rows", r, (const char *)NULL);
	n = text_wrap(msg, t->lo.cols, t->ascii, lines, 8);
	if (n > 8)
		n = 8;
	for (int i = 0; i < n && i < t->lo.rows; i++) {
		char buf[512];

		text_fitn(msg + lines[i].off, lines[i].len, t->lo.cols, t->ascii, false,
			      buf, sizeof(buf));
		tui_draw_text(t, i, 0, t->lo.cols, buf, ROLE_WARN, false);
	}
}

/* The ? overlay: a box listing every key. */
static void draw_help(struct tui *t)
{
	static const char *const keys[] = {
		"tui.help.move", "tui.help.enter", "tui.help.scroll", "tui.help.rerun",
		"tui.help.rerun_all", "tui.help.lang", "tui.help.save", "tui.help.order",
		"tui.help.setup", "tui.help.mouse", "guide.help", "tui.help.quit", "",
		"tui.help.close",
	};
	int n = (int)(sizeof(keys) / sizeof(keys[0]));
	int w = 0, h, y0, x0;

	for (int i = 0; i < n; i++) {
		int kw = keys[i][0] ? text_width(tui_str(t, keys[i]), t->ascii) : 0;

		if (kw > w)
			w = kw;
	}
	w += 4;
	if (w > t->lo.cols)
		w = t->lo.cols;
	h = n + 3;
	if (h > t->lo.rows)
		h = t->lo.rows;
	y0 = (t->lo.rows - h) / 2;
	x0 = (t->lo.cols - w) / 2;
	{
		struct tui_rect box = { y0, x0, h, w };

		tui_fill(t, &box, ROLE_NORMAL);
	}
	attrset(tui_attr(t, ROLE_TITLE));
	mvhline(y0, x0, ACS_HLINE, w);
	mvhline(y0 + h - 1, x0, ACS_HLINE, w);
	mvvline(y0, x0, ACS_VLINE, h);
	mvvline(y0, x0 + w - 1, ACS_VLINE, h);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x0 + w - 1, ACS_URCORNER);
	mvaddch(y0 + h - 1, x0, ACS_LLCORNER);
	mvaddch(y0 + h - 1, x0 + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	tui_draw_text(t, y0, x0 + 2, w - 4, tui_str(t, "tui.help.title"), ROLE_TITLE, true);
	for (int i = 0; i < n && 2 + i < h - 1; i++)
		if (keys[i][0])
			tui_draw_text(t, y0 + 2 + i, x0 + 2, w - 4, tui_str(t, keys[i]),
				      ROLE_NORMAL, true);
}

/* Widest title in the current language, for the title column. */
static void measure_titles(struct tui *t)
{
	t->title_max = 0;
	for (int i = 0; i < t->cl->n; i++) {
		char title[512];
		int w;

		check_title(t->cat, t->lang, &t->cl->items[i], title, sizeof(title));
		w = text_width(title, t->ascii);
		if (w > t->title_max)
			t->title_max = w;
	}
}

/* Draw one whole frame from the model. */
void tui_draw(struct tui *t)
{
	erase();
	tui_layout_compute(LINES, COLS, t->kiosk, t->notice[0] != '\0', t->cl->n, &t->lo);
	if (t->lo.too_small) {
		draw_too_small(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (tui_setup_active(t)) {
		tui_setup_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (tui_guide_active(t)) {
		tui_guide_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	tui_order_update(t);
	measure_titles(t);
	tui_guide_reserve_row(t);
	if (t->kiosk)
		tui_kiosk_draw_banner(t);
	draw_header(t);
	draw_list(t);
	tui_guide_draw_row(t);
	draw_sep(t);
	if (t->lo.details.h > 0 && t->cl->n > 0)
		tui_draw_details(t, &t->lo.details, t->kiosk ? t->order[0] : t->sel);
	if (t->lo.notice.h > 0)
		tui_draw_text(t, t->lo.notice.y, 0, t->lo.cols, t->notice, ROLE_NOTICE, true);
	draw_footer(t);
	if (t->help)
		draw_help(t);
	wnoutrefresh(stdscr);
	doupdate();
}
