/* tui_setup_draw.c - the setup screen laid out for any size: each field's
 * label, value (its end, with a cursor), reason and hint as wrapped lines,
 * scrolled so the focused field stays in view; the file it writes to above
 * the keys; after a save, where it went. tui_setup.c takes the keys. UI
 * thread only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui_setup_int.h"

/* The connection choice as shown. */
static void conn_text(const struct tui *t, char *out, size_t len)
{
	const struct tui_setup *g = t->setup;

	if (g->conn == conn_auto(g)) {
		snprintf(out, len, "%s", tui_str(t, "tui.setup.conn.auto"));
	} else if (g->conn == conn_network(g)) {
		snprintf(out, len, "%s", tui_str(t, "tui.setup.conn.network"));
	} else if (g->conn >= g->n_ports) {
		tui_fmt(t, "tui.setup.conn.missing", out, len, "device", g->s.serial_port,
			(const char *)NULL);
	} else {
		const struct serial_portinfo *pi = &g->ports[g->conn];
		char id[16], what[2 * SERIAL_TEXT_MAX + 2];

		serial_port_usb_id(pi, id, sizeof(id));
		snprintf(what, sizeof(what), "%s%s%s", pi->manufacturer,
			 pi->manufacturer[0] && pi->product[0] ? " " : "", pi->product);
		if (id[0])
			tui_fmt(t, "tui.setup.conn.usb", out, len, "device", pi->device,
				"product", what[0] ? what : "-", "id", id, (const char *)NULL);
		else
			tui_fmt(t, "tui.setup.conn.builtin", out, len, "device", pi->device,
				(const char *)NULL);
	}
}

/* Append line (text wrapped to w columns) to the form. */
static void add_wrapped(struct form_line *lines, int *n, enum field f, enum tui_role role,
			const char *s, int w, bool ascii)
{
	struct text_line tl[16];
	int k = text_wrap(s, w, ascii, tl, 16);

	for (int i = 0; i < k && i < 16 && *n < BODY_MAX; i++) {
		size_t m = tl[i].len < sizeof(lines[0].text) - 1 ? tl[i].len
								  : sizeof(lines[0].text) - 1;

		m = text_utf8_whole(s + tl[i].off, m);
		lines[*n].f = f;
		lines[*n].role = role;
		memcpy(lines[*n].text, s + tl[i].off, m);
		lines[*n].text[m] = '\0';
		(*n)++;
	}
}

/* A value as shown in w columns: its end, with a cursor when focused. */
static void value_text(const struct tui *t, const char *v, bool focus, int w, char *out,
		       size_t len)
{
	size_t n = strlen(v), off = 0;

	while (off < n && text_width(v + off, t->ascii) + (focus ? 1 : 0) > w) {
		uint32_t cp;

		off += text_utf8_next(v + off, n - off, &cp);
	}
	snprintf(out, len, "%s%s", v + off, focus ? "_" : "");
}

/* Lay the form out for width w; returns the line count. */
static int form_lines(struct tui *t, struct form_line *lines, int w)
{
	static const char *const labels[F_COUNT] = {
		"tui.setup.shop", "tui.setup.terminal_id", "tui.setup.host", "tui.setup.port",
		"tui.setup.conn", "tui.setup.taddr", NULL,
	};
	static const char *const hints[F_COUNT] = {
		"tui.setup.shop.hint", "tui.setup.terminal_id.hint", "tui.setup.host.hint",
		"tui.setup.port.hint", "tui.setup.conn.hint", "tui.setup.taddr.hint", NULL,
	};
	struct tui_setup *g = t->setup;
	int n = 0;
	bool roomy = LINES >= 20;

	for (int i = 0; i < F_COUNT; i++) {
		enum field f = (enum field)i;
		bool focus = g->focus == f;
		char v[1024], why[512], shown[1024];
		size_t len;
		const char *reason;

		if (!setup_field_shown(g, f))
			continue;
		if (f == F_SAVE) {
			snprintf(v, sizeof(v), "[ %s ]", tui_str(t, "tui.setup.save"));
			add_wrapped(lines, &n, f, focus ? ROLE_SELECTED : ROLE_KEY, v, w, t->ascii);
			if (g->err[0])
				add_wrapped(lines, &n, f, ROLE_FAIL, g->err, w, t->ascii);
			break;
		}
		add_wrapped(lines, &n, f, focus ? ROLE_TITLE : ROLE_NORMAL, tui_str(t, labels[i]),
			    w, t->ascii);
		if (f == F_CONN) {
			char c[512];

			conn_text(t, c, sizeof(c));
			snprintf(v, sizeof(v), "%s %s %s", t->ascii ? "<" : "◀", c,
				 t->ascii ? ">" : "▶");
			add_wrapped(lines, &n, f, focus ? ROLE_SELECTED : ROLE_NORMAL, v, w, t->ascii);
		} else {
			value_text(t, setup_field_buf(g, f, &len), focus, w - 2, shown, sizeof(shown));
			if (n < BODY_MAX) {
				lines[n].f = f;
				lines[n].role = focus ? ROLE_SELECTED : ROLE_NORMAL;
				memcpy(lines[n].text, "  ", 2);
				text_copy(lines[n].text + 2, sizeof(lines[n].text) - 2, shown);
				n++;
			}
		}
		reason = setup_field_reason(t, f, why, sizeof(why));
		/* An empty field's reason waits for a save; a typed one shows at
		 * once. A mark as well as the colour (never colour alone). */
		if (reason && (g->tried || (setup_field_buf(g, f, &len) && setup_field_buf(g, f, &len)[0]))) {
			snprintf(v, sizeof(v), "%s %s", t->ascii ? "x" : "✗", reason);
			add_wrapped(lines, &n, f, ROLE_FAIL, v, w, t->ascii);
		} else if (!reason && (f == F_HOST || f == F_TADDR)) {
			snprintf(v, sizeof(v), "%s %s", t->ascii ? "+" : "✓",
				 tui_str(t, "tui.setup.valid"));
			add_wrapped(lines, &n, f, ROLE_OK, v, w, t->ascii);
		}
		if (focus)
			add_wrapped(lines, &n, f, ROLE_DIM, tui_str(t, hints[i]), w, t->ascii);
		if (roomy && n < BODY_MAX) {
			lines[n].f = f;
			lines[n].role = ROLE_NORMAL;
			lines[n].text[0] = '\0';
			n++;
		}
	}
	return n;
}

/* The "saved" page: where, the backup, and that the checks run again. */
static void draw_done(struct tui *t, int y0, int h, int w)
{
	struct tui_setup *g = t->setup;
	struct form_line *lines = calloc(BODY_MAX, sizeof(*lines));
	char s[1024];
	int n = 0;

	if (!lines)
		return;
	tui_fmt(t, "tui.setup.done.where", s, sizeof(s), "path", g->path, (const char *)NULL);
	add_wrapped(lines, &n, F_SAVE, ROLE_OK, s, w, t->ascii);
	if (g->backup[0]) {
		tui_fmt(t, "tui.setup.done.backup", s, sizeof(s), "path", g->backup,
			(const char *)NULL);
		add_wrapped(lines, &n, F_SAVE, ROLE_NORMAL, s, w, t->ascii);
	}
	add_wrapped(lines, &n, F_SAVE, ROLE_NORMAL, tui_str(t, "tui.setup.done.rerun"), w,
		    t->ascii);
	for (int i = 0; i < n && i < h; i++)
		tui_draw_text(t, y0 + i, 1, w, lines[i].text, lines[i].role, true);
	free(lines);
}

/* Paint the setup screen over the whole terminal. */
void tui_setup_draw(struct tui *t)
{
	struct tui_setup *g = t->setup;
	int rows = LINES, cols = COLS, body_h = rows - 3, w = cols - 2, n, first = -1, last = -1;
	struct tui_rect bar = { 0, 0, 1, cols }, foot = { rows - 1, 0, 1, cols };
	struct form_line *lines;
	char s[1024];
	int x = 1;

	tui_fill(t, &bar, ROLE_HEADER);
	tui_draw_text(t, 0, 1, cols - 2, tui_str(t, g->done ? "tui.setup.done.title"
							     : "tui.setup.title"),
		      ROLE_HEADER, true);
	tui_fill(t, &foot, ROLE_FOOTER);
	if (g->done) {
		draw_done(t, 2, rows - 3, w);
		tui_draw_text(t, rows - 1, 1, cols - 2, tui_str(t, "tui.setup.done.key"),
			      ROLE_FOOTER, true);
		return;
	}
	lines = calloc(BODY_MAX, sizeof(*lines));
	if (!lines)
		return;
	n = form_lines(t, lines, w);
	/* Keep the focused field's lines (and the save error) in view. */
	for (int i = 0; i < n; i++) {
		if (lines[i].f == g->focus) {
			if (first < 0)
				first = i;
			last = i;
		}
	}
	if (last - first + 1 > body_h)
		last = first + body_h - 1;
	if (first < g->top)
		g->top = first;
	if (last >= g->top + body_h)
		g->top = last - body_h + 1;
	if (g->top > n - body_h)
		g->top = n - body_h > 0 ? n - body_h : 0;
	if (first >= 0 && first < g->top)
		g->top = first;
	for (int i = 0; i < body_h && g->top + i < n; i++)
		tui_draw_text(t, 1 + i, 1, w, lines[g->top + i].text, lines[g->top + i].role, true);
	free(lines);
	/* The file's name matters most: a long path loses its start. */
	tui_fmt(t, "tui.setup.where", s, sizeof(s), "path", "", (const char *)NULL);
	{
		char tail[CFG_PATH_MAX + 8], shown[CFG_PATH_MAX + 16];
		int room = w - text_width(s, t->ascii);

		if (room > 2 && text_width(g->path, t->ascii) > room) {
			value_text(t, g->path, false, room - 1, tail, sizeof(tail));
			snprintf(shown, sizeof(shown), "%s%s", t->ascii ? "~" : "…", tail);
		} else {
			snprintf(shown, sizeof(shown), "%s", g->path);
		}
		tui_fmt(t, "tui.setup.where", s, sizeof(s), "path", shown, (const char *)NULL);
	}
	tui_draw_text(t, rows - 2, 1, w, s, ROLE_DIM, true);
	/* Footer: the keys that matter here. */
	{
		const char *keys[][2] = {
			{ "Esc", tui_str(t, "tui.setup.key.cancel") },
			{ "Enter", tui_str(t, "tui.setup.key.next") },
			{ t->ascii ? "Up/Dn" : "↑↓", tui_str(t, "tui.setup.key.move") },
			{ t->ascii ? "<>" : "←→", tui_str(t, "tui.setup.key.choose") },
		};

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			int kw = text_width(keys[i][0], t->ascii), lw = text_width(keys[i][1], t->ascii);

			if (x + kw + 1 + lw > cols - 1)
				break;
			tui_draw_text(t, rows - 1, x, kw, keys[i][0], ROLE_KEY, false);
			tui_draw_text(t, rows - 1, x + kw + 1, lw, keys[i][1], ROLE_FOOTER, false);
			x += kw + 1 + lw + 2;
		}
	}
}

