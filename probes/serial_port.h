/* serial_port.h - choosing the port and opening it, shared by the checks.
 *
 * Each check is a separate run (open, do, close), so every check that needs
 * the port chooses and opens it itself through these helpers; a failure
 * fills the result with the same code serial.port / serial.access would
 * give. Worker threads (inside run()).
 */
#ifndef POSDOCTOR_SERIAL_PORT_H
#define POSDOCTOR_SERIAL_PORT_H

#include <stdbool.h>

#include "check.h"
#include "config.h"
#include "probe.h"
#include "serial_sp.h"

#define SERIAL_PORTS_MAX 32

/* A port with the evidence that it is the terminal's. */
struct serial_candidate {
	struct serial_portinfo info;
	int score;
	char why[96];       /* "Verifone vendor id, by-id name" */
};

/* Score every port in list (n entries) for cfg; out gets them best first.
 * Ports that the configured usb_vid/usb_pid rule out are dropped. Returns
 * how many remain. */
int serial_port_rank(const struct config *cfg, const struct serial_portinfo *list, int n,
		     struct serial_candidate *out);

/* The port the checks use: the configured path, or the best candidate for
 * "auto". On failure fills res (serial.port_missing, serial.port_ambiguous,
 * serial.no_ports, serial.not_a_port, serial.brltty, check.error when out
 * of memory) and returns false. On
 * success sets the "port" arg and the port's metrics. */
bool serial_port_choose(const struct config *cfg, struct serial_portinfo *info,
			struct check_result *res, bool verbose);

/* Scan holders, open, configure with the config's settings (talk: the check
 * will send and read; without it a port that may be shared unseen is left
 * as it was found). On failure fills
 * res (serial.port_busy, serial.port_locked, serial.modemmanager,
 * serial.brltty, serial.permission_denied, serial.open_failed,
 * serial.bad_setting, check.timeout when the port lock did not come) and returns false. */
bool serial_port_open(struct probe_ctx *ctx, const struct serial_portinfo *info,
		      struct serial_line *ln, struct check_result *res, bool talk);

/* Settings from the config at rate baud. */
void serial_port_settings(const struct config *cfg, int baud, struct serial_settings *s);

/* "vid:pid" as 4+4 hex digits, "" when not USB. */
void serial_port_usb_id(const struct serial_portinfo *pi, char *out, size_t len);

/* Whether an errno means the device went away (unplug, hang-up). */
bool serial_port_errno_gone(int err);

/* Size of a buffer for errno_text() ("error N"). */
#define SERIAL_ERRTEXT_MAX 24


#endif
