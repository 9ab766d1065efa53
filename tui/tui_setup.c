/* tui_setup.c - the setup screen: shop name, terminal id, payment host and
 * port, and how the card terminal is connected, in plain words; addresses
 * checked as they are typed by the rule --check-config uses
 * (config_address_problem), saved through config/config_setup.c, which
 * loads the result before it replaces anything. Opened on a first run (no
 * config file), by posdoctor --setup and by the c key; never in the kiosk.
 * Esc leaves without writing. This file holds the fields and takes the
 * keys; tui_setup_draw.c lays the form out and paints it. UI thread only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"
#include "tui_setup_int.h"

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
char *setup_field_buf(struct tui_setup *g, enum field f, size_t *len)
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
bool setup_field_shown(const struct tui_setup *g, enum field f)
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
const char *setup_field_reason(const struct tui *t, enum field f, char *out, size_t len)
{
	const struct tui_setup *g = t->setup;
	long port;

	switch (f) {
	case F_HOST:
		return address_reason(t, g->s.host, false, out, len);
	case F_TADDR:
		return setup_field_shown(g, f) ? address_reason(t, g->s.terminal_address, true, out, len)
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
		if (setup_field_reason(t, (enum field)f, buf, sizeof(buf)))
			return (enum field)f;
	return F_COUNT;
}

/* Move the focus by delta over the fields shown. */
static void focus_move(struct tui_setup *g, int delta)
{
	int f = (int)g->focus;

	do
		f = (f + delta + F_COUNT) % F_COUNT;
	while (!setup_field_shown(g, (enum field)f));
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
	char *buf = setup_field_buf(g, g->focus, &len);
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
	char *buf = setup_field_buf(g, g->focus, &len);

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

/* Where the last save wrote (for the loop's footer message). */
const char *tui_setup_path(const struct tui *t)
{
	return t->setup ? t->setup->path : "";
}

