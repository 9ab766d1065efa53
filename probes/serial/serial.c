/* serial.c - the serial module's table of checks: port, access, signals,
 * link. Each check chooses and opens the port itself (open, do, close). */
#include "registry.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "config.h"
#include "sys_proc.h"
#include "serial.h"

/* serial.port for a network terminal: its name must resolve. */
static void serial_tcp_port(struct probe_ctx *ctx, const struct serial_tcp_target *t,
			    struct check_result *res)
{
	struct sockaddr_storage sa;
	socklen_t len;

	if (!serial_tcp_resolve(ctx, t, &sa, &len, res))
		return;
	result_set(res, STATUS_OK, "serial.tcp_ok");
	serial_tcp_args(t, res);
	result_metric_text(res, "transport", "tcp");
	result_detail(res, "network terminal %s", t->shown);
}

/* serial.port: which port is the terminal's. */
static void serial_run_port(struct probe_ctx *ctx, struct check_result *res)
{
	struct serial_portinfo info;
	struct serial_tcp_target t;

	if (serial_tcp_target(ctx->cfg, &t)) {
		serial_tcp_port(ctx, &t, res);
		return;
	}
	if (!serial_port_choose(ctx->cfg, &info, res, true))
		return;
	result_set(res, STATUS_OK, "serial.ok");
	if (info.by_id[0])
		result_detail(res, "by-id %s", info.by_id);
	if (strcmp(info.driver, "cdc_acm") == 0 && sys_proc_running("ModemManager"))
		result_detail(res, "ModemManager is running and may probe this ttyACM port");
}

/* serial.access: can posdoctor open it without taking it from anyone. */
static void serial_run_access(struct probe_ctx *ctx, struct check_result *res)
{
	struct serial_portinfo info;
	struct serial_line ln;
	struct serial_tcp_target t;
	double ms;

	if (serial_tcp_target(ctx->cfg, &t)) {
		/* The TCP connect, closed again at once: nothing is sent. */
		if (!serial_tcp_open(ctx, &t, &ln, res, &ms))
			return;
		serial_sp_close(&ln);
		result_set(res, STATUS_OK, "serial.tcp_ok");
		serial_tcp_args(&t, res);
		result_detail(res, "connected to %s in %.1f ms", t.shown, ms);
		return;
	}
	if (!serial_port_choose(ctx->cfg, &info, res, false))
		return;
	if (!serial_port_open(ctx, &info, &ln, res, false))
		return;
	serial_sp_close(&ln);
	result_set(res, STATUS_OK, "serial.ok");
}

/* serial.signals: the modem lines the terminal drives (DSR, CTS, DCD, RI). */
static void serial_run_signals(struct probe_ctx *ctx, struct check_result *res)
{
	struct serial_portinfo info;
	struct serial_line ln;
	struct serial_tcp_target t;
	int bits = 0, err = 0;
	bool ok;

	if (serial_tcp_target(ctx->cfg, &t)) {
		/* No modem lines over TCP: nothing to connect for. */
		result_set(res, STATUS_SKIP, "serial.tcp_no_lines");
		serial_tcp_args(&t, res);
		return;
	}
	if (!serial_port_choose(ctx->cfg, &info, res, false))
		return;
	if (!serial_port_open(ctx, &info, &ln, res, false))
		return;
	ok = serial_sp_modem_lines(&ln, &bits) == 0;
	if (!ok)
		err = errno;
	serial_sp_close(&ln);
	if (!ok) {
		if (err == ENOTTY || err == EINVAL) {
			/* A pty (socat, ser2net) has no modem lines to read. */
			result_set(res, STATUS_SKIP, "serial.no_modem_lines");
		} else if (serial_port_errno_gone(err)) {
			result_set(res, STATUS_FAIL, "serial.hangup");
		} else {
			result_set(res, STATUS_FAIL, "serial.open_failed");
			result_errno(res, err);
		}
		return;
	}
	result_metric(res, "dsr", (bits & TIOCM_DSR) ? 1 : 0);
	result_metric(res, "cts", (bits & TIOCM_CTS) ? 1 : 0);
	result_metric(res, "dcd", (bits & TIOCM_CD) ? 1 : 0);
	result_metric(res, "ri", (bits & TIOCM_RI) ? 1 : 0);
	result_detail(res, "DSR=%d CTS=%d DCD=%d RI=%d", !!(bits & TIOCM_DSR),
		      !!(bits & TIOCM_CTS), !!(bits & TIOCM_CD), !!(bits & TIOCM_RI));
	if (!(bits & (TIOCM_DSR | TIOCM_CTS | TIOCM_CD)))
		result_set(res, ctx->cfg->serial.require_signals ? STATUS_FAIL : STATUS_WARN,
			   "serial.no_signals");
	else
		result_set(res, STATUS_OK, "serial.ok");
}

/* serial.signals may wait for the port while serial.link holds it: its
 * budget covers that wait. */
static int serial_signals_budget_ms(const struct config *cfg, int instance)
{
	return 3000 + serial_link_budget_ms(cfg, instance);
}

/* serial.ecr:<name>: the ECR exchange with a terminal of lan.terminals
 * that has a port, over TCP, as serial.link runs it for a tcp:// port.
 * It needs lan.terminal:<name>, so a terminal that is missing or whose
 * port refuses is reported there, once; the address is the one given, or
 * the one lan.terminal found by the terminal's MAC. */
static void serial_run_ecr(struct probe_ctx *ctx, struct check_result *res)
{
	const struct cfg_terminal *t = NULL;
	struct serial_tcp_target tg;
	struct check_result pr;
	const struct metric *ip;
	const char *host = NULL;

	for (int i = 0; i < ctx->cfg->lan.n_terminals && i < CFG_MAX_TERMINALS; i++)
		if (ctx->cfg->lan.terminals[i].port &&
		    strcmp(ctx->cfg->lan.terminals[i].name, ctx->label) == 0)
			t = &ctx->cfg->lan.terminals[i];
	if (!t) {
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "no terminal %s with a port in the configuration",
			   ctx->label);
		return;
	}
	if (t->address[0]) {
		host = t->address;
	} else if (probe_prereq(ctx, "lan.terminal", &pr) &&
		   (ip = result_find_metric(&pr, "terminal_ip")) && ip->is_text && ip->text[0]) {
		host = ip->text;
	} else {
		/* Known by its MAC only, and lan.terminal is not in this run. */
		result_set(res, STATUS_SKIP, "dep.blocked");
		result_arg(res, "blocker", "lan.terminal:%s", t->name);
		return;
	}
	serial_tcp_target_at(host, t->port, &tg);
	/* Not the module's port: no wait behind serial.link's search. */
	tg.no_lock = true;
	serial_link_run_tcp(ctx, res, &tg);
}

/* One serial.ecr instance per terminal of lan.terminals with a port. */
static int serial_ecr_instances(const struct config *cfg, char labels[][PROBE_LABEL_MAX],
				int max)
{
	int n = 0;

	for (int i = 0; i < cfg->lan.n_terminals && i < CFG_MAX_TERMINALS && n < max; i++)
		if (cfg->lan.terminals[i].port)
			snprintf(labels[n++], PROBE_LABEL_MAX, "%s", cfg->lan.terminals[i].name);
	return n;
}

#define SERIAL_PORT_CODES \
	"serial.ok", "serial.port_missing", "serial.port_ambiguous", \
	"serial.no_ports", "serial.not_a_port", "serial.brltty", "serial.not_used", \
	"serial.tcp_ok", "serial.tcp_unresolved", "check.error"
#define SERIAL_ACCESS_CODES \
	SERIAL_PORT_CODES, "serial.permission_denied", "serial.port_busy", \
	"serial.port_locked", "serial.modemmanager", "serial.open_failed", \
	"serial.bad_setting", "serial.hangup", "serial.tcp_refused", "serial.tcp_timeout", \
	"check.timeout"

static const char *const codes_port[] = { SERIAL_PORT_CODES, NULL };
static const char *const codes_access[] = { SERIAL_ACCESS_CODES, NULL };
static const char *const codes_signals[] = {
	SERIAL_ACCESS_CODES, "serial.no_signals", "serial.no_modem_lines",
	"serial.tcp_no_lines", NULL
};
static const char *const codes_link[] = {
	SERIAL_ACCESS_CODES, "serial.no_response", "serial.baud_mismatch",
	"serial.line_errors", "serial.nak", "serial.framing_mismatch",
	"serial.protocol_mismatch", "serial.unknown_protocol", "serial.no_app_reply",
	"serial.tcp_silent", "serial.tcp_garbage", "serial.tcp_closed", "serial.tcp_nak", NULL
};
static const char *const codes_ecr[] = {
	"serial.tcp_ok", "serial.tcp_unresolved", "serial.tcp_refused", "serial.tcp_timeout",
	"serial.tcp_silent", "serial.tcp_garbage", "serial.tcp_closed", "serial.tcp_nak",
	"serial.protocol_mismatch", "serial.bad_setting", "serial.open_failed", "check.timeout",
	"check.error", NULL
};
static const char *const needs_lan_terminal[] = { "lan.terminal", NULL };
static const char *const needs_port[] = { "serial.port", NULL };
static const char *const needs_access[] = { "serial.access", NULL };

static const struct probe probe_port = {
	.id = "serial.port", .module = "serial", .codes = codes_port,
	.timeout_ms = 3000, .run = serial_run_port,
};
static const struct probe probe_access = {
	.id = "serial.access", .module = "serial", .needs = needs_port,
	.codes = codes_access, .timeout_ms = 3000, .run = serial_run_access,
};
static const struct probe probe_signals = {
	.id = "serial.signals", .module = "serial", .needs = needs_access,
	.codes = codes_signals, .timeout_ms = 3000, .budget_ms = serial_signals_budget_ms,
	.run = serial_run_signals,
};
static const struct probe probe_link = {
	.id = "serial.link", .module = "serial", .needs = needs_access,
	.codes = codes_link, .timeout_ms = 10000, .budget_ms = serial_link_budget_ms,
	.run = serial_link_run,
};

static const struct probe probe_ecr = {
	.id = "serial.ecr", .module = "serial", .needs = needs_lan_terminal,
	.codes = codes_ecr, .timeout_ms = 10000, .budget_ms = serial_link_budget_ms,
	.instances = serial_ecr_instances, .run = serial_run_ecr,
};

const struct probe *const serial_probes[] = {
	&probe_port, &probe_access, &probe_signals, &probe_link, &probe_ecr, NULL
};
