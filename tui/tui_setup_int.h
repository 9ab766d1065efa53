/* tui_setup_int.h - state shared by tui_setup.c (fields, keys, saving)
 * and tui_setup_draw.c (laying out and painting the form). UI thread only.
 */
#ifndef POSDOCTOR_TUI_SETUP_INT_H
#define POSDOCTOR_TUI_SETUP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "config_setup.h"
#include "serial_ports.h"
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
static inline int conn_auto(const struct tui_setup *g) { return g->n_ports; }
static inline int conn_network(const struct tui_setup *g) { return g->n_ports + 1; }
static inline int conn_unlisted(const struct tui_setup *g) { return g->n_ports + 2; }
static inline int conn_count(const struct tui_setup *g) { return g->n_ports + (g->port_listed ? 2 : 3); }

/* tui_setup.c: a text field's buffer (NULL for the others), whether a
 * field is on the form now, and why it cannot be saved as it is (NULL:
 * it can), in the screen's language. */
char *setup_field_buf(struct tui_setup *g, enum field f, size_t *len);
bool setup_field_shown(const struct tui_setup *g, enum field f);
const char *setup_field_reason(const struct tui *t, enum field f, char *out, size_t len);

#endif
