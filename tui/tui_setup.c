/* tui_setup.c - the setup screen: shop name, terminal id, payment host and
 * port, and how the card terminal is connected, in plain words; addresses
 * checked as they are typed by the rule --check-config uses
 * (config_address_problem), saved through config/config_setup.c, which
 * loads the result before it replaces anything. Opened on a first run (no
 * config file), by posdoctor --setup and by the c key; never in the kiosk.
 * Esc leaves without writing. UI thread only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_setup.h"
#include "serial_ports.h"
#include "text.h"
#include "tui_int.h"

enum field {
	F_SHOP,
	F_TID,
	F_HOST,
	F_PORT,
	F_CONN,
	F_TADDR,
	F_SAVE,
	F_COUNT
};

#define BODY_MAX 64     /* lines the form may need */

/* One line of the form as laid out for this width. */
struct form_line {
	enum field f;
	enum tui_role role;
	char text[512];
};

struct tui_setup {
	bool open;
	bool done;                      /* saved: the "where" page */
	enum field focus;
	struct config_setup s;
	char port_text[8];
	struct serial_portinfo ports[SERIAL_PORTS_MAX];
	int n_ports;
	bool port_listed;               /* s.serial_port is one of ports */
	int conn;                       /* 0..n_ports-1, then auto, network (and unlisted) */
	char path[CFG_PATH_MAX];        /* where it writes */
	char base[CFG_PATH_MAX];        /* what it starts from, "" none */
	char backup[CFG_PATH_MAX + 8];
	char err[1024];                 /* why the last save did not happen */
	bool tried;                     /* a save was tried: show every reason */
	int top;                        /* first body line shown */
	struct config *saved;           /* the config loaded back, for the loop */
};

/* Choices of the connection field after the ports. */
static int conn_auto(const struct tui_setup *g) { return g->n_ports; }
static int conn_network(const struct tui_setup *g) { return g->n_ports + 1; }
static int conn_unlisted(const struct tui_setup *g) { return g->n_ports + 2; }
static int conn_count(const struct tui_setup *g) { return g->n_ports + (g->port_listed ? 2 : 3); }

/* Allocate the setup state; -1 on ENOMEM. */
int tui_setup_init(struct tui *t)
{
	t->setup = calloc(1, sizeof(*t->setup));
	return t->setup ? 0 : -1;
}

/* Free the setup state (a config never handed over included). */
void tui_setup_free(struct tui *t)
{
	if (t->setup)
		free(t->setup->saved);
	free(t->setup);
	t->setup = NULL;
}

/* Whether the setup screen covers the checklist. */
bool tui_setup_active(const struct tui *t)
{
	return t->setup && t->setup->open;
}

/* The config the last save wrote, handed over once (caller frees). */
struct config *tui_setup_take(struct tui *t)
{
	struct config *c = t->setup ? t->setup->saved : NULL;

	if (c)
		t->setup->saved = NULL;
	return c;
}

/* Open the form, filled from the config in use; never in the kiosk. */
void tui_setup_open(struct tui *t)
{
	struct tui_setup *g = t->setup;

	if (!g || t->kiosk)
		return;
	memset(g, 0, sizeof(*g));
	g->open = true;
	config_setup_from(t->p->cfg, &g->s);
	snprintf(g->port_text, sizeof(g->port_text), "%d", g->s.port);
	config_setup_path(t->p->config_path, g->path, sizeof(g->path));
	if (access(g->path, F_OK) == 0)
		snprintf(g->base, sizeof(g->base), "%s", g->path);
	else if (t->p->cfg->source[0])
		snprintf(g->base, sizeof(g->base), "%s", t->p->cfg->source);
	g->n_ports = serial_sp_list(g->ports, SERIAL_PORTS_MAX);
	g->port_listed = true;
	if (g->s.terminal_network) {
		g->conn = conn_network(g);
	} else if (strcmp(g->s.serial_port, "auto") == 0) {
		g->conn = conn_auto(g);
	} else {
		g->port_listed = false;
		g->conn = conn_unlisted(g);
		for (int i = 0; i < g->n_ports; i++) {
			if (strcmp(g->ports[i].device, g->s.serial_port) == 0 ||
			    strcmp(g->ports[i].by_id, g->s.serial_port) == 0) {
				g->port_listed = true;
				g->conn = i;
			}
		}
	}
}

/* The text buffer of a text field, or NULL. */
static char *field_buf(struct tui_setup *g, enum field f, size_t *len)
{
	switch (f) {
	case F_SHOP: *len = sizeof(g->s.shop); return g->s.shop;
	case F_TID: *len = sizeof(g->s.terminal_id); return g->s.terminal_id;
	case F_HOST: *len = sizeof(g->s.host); return g->s.host;
	case F_PORT: *len = sizeof(g->port_text); return g->port_text;
	case F_TADDR: *len = sizeof(g->s.terminal_address); return g->s.terminal_address;
	case F_CONN:
	case F_SAVE:
	case F_COUNT:
		break;
	}
	*len = 0;
	return NULL;
}

/* Whether field f is on the form now. */
static bool field_shown(const struct tui_setup *g, enum field f)
{
	return f != F_TADDR || g->conn == conn_network(g);
}

/* Why an address is not right, in the screen's language, or NULL. */
static const char *address_reason(const struct tui *t, const char *a, bool terminal,
				  char *out, size_t len)
{
	char host[CFG_HOST_MAX], port[16];

	switch (config_address_problem(a, host, sizeof(host), port, sizeof(port))) {
	case CFG_ADDR_OK:
		return NULL;
	case CFG_ADDR_EMPTY:
		return tui_str(t, terminal ? "tui.setup.why.empty_taddr" : "tui.setup.why.empty_host");
	case CFG_ADDR_URL:
		tui_fmt(t, "tui.setup.why.url", out, len, "host", host, (const char *)NULL);
		return out;
	case CFG_ADDR_PORT:
		tui_fmt(t, "tui.setup.why.port", out, len, "host", host, "port", port,
			(const char *)NULL);
		return out;
	case CFG_ADDR_BRACKETS:
		return tui_str(t, "tui.setup.why.brackets");
	case CFG_ADDR_PATH:
		tui_fmt(t, "tui.setup.why.path", out, len, "host", host, (const char *)NULL);
		return out;
	case CFG_ADDR_SPACE:
		return tui_str(t, "tui.setup.why.space");
	case CFG_ADDR_CONTROL:
		return tui_str(t, "tui.setup.why.control");
	}
	return NULL;
}

/* Why field f cannot be saved as it is, or NULL. */
static const char *field_reason(const struct tui *t, enum field f, char *out, size_t len)
{
	const struct tui_setup *g = t->setup;
	long port;

	switch (f) {
	case F_HOST:
		return address_reason(t, g->s.host, false, out, len);
	case F_TADDR:
		return field_shown(g, f) ? address_reason(t, g->s.terminal_address, true, out, len)
					 : NULL;
	case F_PORT:
		if (!g->port_text[0])
			return tui_str(t, "tui.setup.why.port_empty");
		port = strtol(g->port_text, NULL, 10);
		return port < 1 || port > 65535 ? tui_str(t, "tui.setup.why.port_range") : NULL;
	case F_SHOP:
	case F_TID:
	case F_CONN:
	case F_SAVE:
	case F_COUNT:
		break;
	}
	return NULL;
}

/* The first field that cannot be saved, or F_COUNT. */
static enum field first_bad(const struct tui *t)
{
	char buf[512];

	for (int f = 0; f < F_COUNT; f++)
		if (field_reason(t, (enum field)f, buf, sizeof(buf)))
			return (enum field)f;
	return F_COUNT;
}

/* Move the focus by delta over the fields shown. */
static void focus_move(struct tui_setup *g, int delta)
{
	int f = (int)g->focus;

	do
		f = (f + delta + F_COUNT) % F_COUNT;
	while (!field_shown(g, (enum field)f));
	g->focus = (enum field)f;
}

/* Save: every field right, then config_setup_save. */
static enum tui_action save(struct tui *t)
{
	struct tui_setup *g = t->setup;
	enum field bad = first_bad(t);
	char detail[768];
	const char *key = NULL;

	g->tried = true;
	g->err[0] = '\0';
	if (bad != F_COUNT) {
		g->focus = bad;
		snprintf(g->err, sizeof(g->err), "%s", tui_str(t, "tui.setup.err.fix_fields"));
		return ACT_REDRAW;
	}
	g->s.port = (int)strtol(g->port_text, NULL, 10);
	if (g->conn < g->n_ports)
		snprintf(g->s.serial_port, sizeof(g->s.serial_port), "%s", g->ports[g->conn].device);
	else if (g->conn == conn_auto(g))
		snprintf(g->s.serial_port, sizeof(g->s.serial_port), "auto");
	g->s.terminal_network = g->conn == conn_network(g);
	free(g->saved);
	g->saved = malloc(sizeof(*g->saved));
	if (!g->saved) {
		tui_fmt(t, "tui.setup.err.write", g->err, sizeof(g->err), "detail",
			"out of memory", (const char *)NULL);
		return ACT_REDRAW;
	}
	switch (config_setup_save(g->path, g->base[0] ? g->base : NULL, &g->s, g->saved,
				  detail, sizeof(detail), g->backup, sizeof(g->backup))) {
	case SETUP_SAVED:
		g->done = true;
		return ACT_SETUP_SAVED;
	case SETUP_BAD_FILE: key = "tui.setup.err.bad_file"; break;
	case SETUP_BAD_SHAPE: key = "tui.setup.err.bad_shape"; break;
	case SETUP_INVALID: key = "tui.setup.err.invalid"; break;
	case SETUP_WRITE_FAILED: key = "tui.setup.err.write"; break;
	}
	free(g->saved);
	g->saved = NULL;
	tui_fmt(t, key, g->err, sizeof(g->err), "detail", detail, (const char *)NULL);
	return ACT_REDRAW;
}

/* A typed character: into the focused text field. */
enum tui_action tui_setup_char(struct tui *t, unsigned long wc)
{
	struct tui_setup *g = t->setup;
	size_t len, used;
	char *buf = field_buf(g, g->focus, &len);
	char enc[8];
	size_t n;

	if (g->done) {
		g->open = false;
		return ACT_REDRAW;
	}
	if (g->focus == F_CONN && wc == ' ') {
		g->conn = (g->conn + 1) % conn_count(g);
		return ACT_REDRAW;
	}
	if (!buf || wc > 0x10ffff || text_cp_control((uint32_t)wc) ||
	    (t->ascii && wc > 0x7e) || text_cp_width((uint32_t)wc, t->ascii) < 1)
		return ACT_NONE;
	if (g->focus == F_PORT && (wc < '0' || wc > '9'))
		return ACT_NONE;
	n = text_utf8_put((uint32_t)wc, enc);
	used = strlen(buf);
	if (used + n + 1 > len)
		return ACT_NONE;
	memcpy(buf + used, enc, n);
	buf[used + n] = '\0';
	g->err[0] = '\0';
	return ACT_REDRAW;
}

/* Remove the last character of the focused text field (all: clear it). */
static void erase_back(struct tui_setup *g, bool all)
{
	size_t len, used, cut = 0;
	char *buf = field_buf(g, g->focus, &len);

	if (!buf)
		return;
	used = strlen(buf);
	/* The last whole character starts where the walk last stopped. */
	for (size_t i = 0; i < used && !all;) {
		uint32_t cp;

		cut = i;
		i += text_utf8_next(buf + i, used - i, &cp);
	}
	buf[all ? 0 : cut] = '\0';
}

/* A key (not a typed character) on the setup screen. */
enum tui_action tui_setup_key(struct tui *t, int key)
{
	struct tui_setup *g = t->setup;

	if (key == KEY_RESIZE || key == KEY_MOUSE)
		return key == KEY_RESIZE ? ACT_REDRAW : ACT_NONE;
	if (g->done) {
		g->open = false;
		return ACT_REDRAW;
	}
	switch (key) {
	case 27: /* Esc: nothing written */
		g->open = false;
		return ACT_SETUP_CANCELLED;
	case '\t':
	case KEY_DOWN:
		focus_move(g, 1);
		return ACT_REDRAW;
	case KEY_BTAB:
	case KEY_UP:
		focus_move(g, -1);
		return ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (g->focus == F_SAVE)
			return save(t);
		focus_move(g, 1);
		return ACT_REDRAW;
	case KEY_LEFT:
	case KEY_RIGHT:
		if (g->focus == F_CONN) {
			int n = conn_count(g);

			g->conn = (g->conn + (key == KEY_RIGHT ? 1 : n - 1)) % n;
		}
		return ACT_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		erase_back(g, false);
		return ACT_REDRAW;
	case 21: /* Ctrl-U */
		erase_back(g, true);
		return ACT_REDRAW;
	}
	return ACT_NONE;
}

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

		if (!field_shown(g, f))
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
			value_text(t, field_buf(g, f, &len), focus, w - 2, shown, sizeof(shown));
			if (n < BODY_MAX) {
				lines[n].f = f;
				lines[n].role = focus ? ROLE_SELECTED : ROLE_NORMAL;
				memcpy(lines[n].text, "  ", 2);
				text_copy(lines[n].text + 2, sizeof(lines[n].text) - 2, shown);
				n++;
			}
		}
		reason = field_reason(t, f, why, sizeof(why));
		/* An empty field's reason waits for a save; a typed one shows at
		 * once. A mark as well as the colour (never colour alone). */
		if (reason && (g->tried || (field_buf(g, f, &len) && field_buf(g, f, &len)[0]))) {
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

/* Where the last save wrote (for the loop's footer message). */
const char *tui_setup_path(const struct tui *t)
{
	return t->setup ? t->setup->path : "";
}
