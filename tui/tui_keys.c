/* tui_keys.c - what each key and mouse click does to the screen state. */
#include "tui_int.h"

/* Move the selection by delta positions in the current order. */
static void select_move(struct tui *t, int delta)
{
	int n = t->cl->n, pos;

	if (n == 0)
		return;
	tui_order_update(t);
	pos = tui_sel_pos(t) + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= n)
		pos = n - 1;
	if (t->order[pos] != t->sel) {
		t->sel = t->order[pos];
		t->dscroll = 0;
	}
	t->sel_moved = true;
}

/* Scroll the details pane by delta lines. */
static void details_scroll(struct tui *t, int delta)
{
	t->dscroll += delta;
	if (t->dscroll > t->dlines - t->lo.details.h)
		t->dscroll = t->dlines - t->lo.details.h;
	if (t->dscroll < 0)
		t->dscroll = 0;
}

/* Switch English <-> Chinese; never on a console that cannot show Chinese. */
static void toggle_lang(struct tui *t)
{
	if (t->no_cjk)
		return;
	t->lang = t->lang == LANG_EN ? LANG_ZH_CN : LANG_EN;
	/* A message still showing is in the other language: drop it. */
	t->msg[0] = '\0';
	t->msg_until_ms = 0;
}

/* Keys of the kiosk: only the language, a re-run, and the hidden quit. */
static enum tui_action kiosk_key(struct tui *t, int key, int64_t now_ms)
{
	if (tui_kiosk_quit_key(t, key, now_ms))
		return ACT_QUIT;
	if (t->quit_pos > 0)
		return ACT_NONE;
	switch (key) {
	case 'l':
	case 'L':
		toggle_lang(t);
		return ACT_REDRAW;
	case 'R':
		return ACT_RERUN_ALL;
	case KEY_RESIZE:
		return ACT_REDRAW;
	}
	return ACT_NONE;
}

/* Apply one key pressed at now_ms; says what the loop should do. */
enum tui_action tui_key_at(struct tui *t, int key, int64_t now_ms)
{
	int page = t->focus_details ? t->lo.details.h - 1 : t->lo.list.h - 1;

	if (t->kiosk)
		return kiosk_key(t, key, now_ms);
	if (page < 1)
		page = 1;
	if (tui_setup_active(t))
		return tui_setup_key(t, key);
	if (t->help) {
		t->help = false;
		return key == 'q' ? ACT_QUIT : ACT_REDRAW;
	}
	if (tui_guide_active(t))
		return tui_guide_key(t, key);
	switch (key) {
	case 't':
	case 'T':
		tui_guide_open(t);
		return ACT_REDRAW;
	case 'c':
	case 'C':
		tui_setup_open(t);
		return ACT_REDRAW;
	case 'q':
	case 'Q':
		return ACT_QUIT;
	case KEY_UP:
	case 'k':
		if (t->focus_details)
			details_scroll(t, -1);
		else
			select_move(t, -1);
		return ACT_REDRAW;
	case KEY_DOWN:
	case 'j':
		if (t->focus_details)
			details_scroll(t, 1);
		else
			select_move(t, 1);
		return ACT_REDRAW;
	case KEY_PPAGE:
		if (t->focus_details)
			details_scroll(t, -page);
		else
			select_move(t, -page);
		return ACT_REDRAW;
	case KEY_NPAGE:
	case ' ':
		if (t->focus_details)
			details_scroll(t, page);
		else
			select_move(t, page);
		return ACT_REDRAW;
	case KEY_HOME:
	case 'g':
		if (t->focus_details)
			t->dscroll = 0;
		else
			select_move(t, -t->cl->n);
		return ACT_REDRAW;
	case KEY_END:
	case 'G':
		if (t->focus_details)
			details_scroll(t, t->dlines);
		else
			select_move(t, t->cl->n);
		return ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->focus_details = !t->focus_details;
		return ACT_REDRAW;
	case KEY_RIGHT:
		t->focus_details = true;
		return ACT_REDRAW;
	case 27: /* Esc */
	case KEY_LEFT:
	case KEY_BACKSPACE:
		t->focus_details = false;
		return ACT_REDRAW;
	case 'r':
		return ACT_RERUN_ONE;
	case 'R':
		return ACT_RERUN_ALL;
	case 'l':
	case 'L':
		toggle_lang(t);
		return ACT_REDRAW;
	case 's':
	case 'S':
		return ACT_SAVE;
	case 'o':
	case 'O':
		t->worst_first = !t->worst_first;
		return ACT_ORDER;
	case '?':
	case KEY_F(1):
		t->help = true;
		return ACT_REDRAW;
	case KEY_MOUSE:
		return tui_mouse(t);
	case KEY_RESIZE:
		return ACT_REDRAW;
	}
	return ACT_NONE;
}

/* Apply one mouse report: a click selects, the wheel scrolls. */
enum tui_action tui_mouse(struct tui *t)
{
	MEVENT ev;
	const struct tui_rect *l = &t->lo.list, *d = &t->lo.details;

	if (getmouse(&ev) != OK || t->lo.too_small)
		return ACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (t->focus_details)
			details_scroll(t, -3);
		else
			select_move(t, -1);
		return ACT_REDRAW;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (t->focus_details)
			details_scroll(t, 3);
		else
			select_move(t, 1);
		return ACT_REDRAW;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return ACT_NONE;
	if (tui_guide_row_at(t, ev.y)) {
		tui_guide_open(t);
		return ACT_REDRAW;
	}
	if (ev.y >= l->y && ev.y < l->y + l->h && ev.x >= l->x && ev.x < l->x + l->w) {
		int pos = t->top + (ev.y - l->y);

		if (pos < t->cl->n) {
			tui_order_update(t);
			if (t->order[pos] != t->sel)
				t->dscroll = 0;
			t->sel = t->order[pos];
			t->sel_moved = true;
			t->focus_details = false;
		}
		return ACT_REDRAW;
	}
	if (ev.y >= d->y && ev.y < d->y + d->h && ev.x >= d->x && ev.x < d->x + d->w) {
		t->focus_details = true;
		return ACT_REDRAW;
	}
	return ACT_NONE;
}
