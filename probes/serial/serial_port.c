/* serial_port.c - which port is the terminal's: ranking by evidence. */
#include "serial.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys_proc.h"
#include "sys_tty.h"

/* USB vendor ids (usb.ids): payment-terminal makers and USB-serial chips. */
static const struct { int vid; const char *name; } terminal_vendors[] = {
	{ 0x11ca, "Verifone" },
	{ 0x0b00, "Ingenico" },
	{ 0x079b, "Ingenico (Sagem)" },
	{ 0x2fb8, "PAX" },
	{ 0x1eab, "Newland" },
	{ 0x0ca6, "Castles" },
};
static const struct { int vid; const char *name; } serial_chips[] = {
	{ 0x0403, "FTDI adapter" },
	{ 0x067b, "PL2303 adapter" },
	{ 0x1a86, "CH340 adapter" },
	{ 0x10c4, "CP210x adapter" },
};

/* Evidence weights: a configured id beats a known maker beats a chip. */
enum {
	SCORE_VID_PID = 1000,
	SCORE_VID = 500,
	SCORE_TERMINAL = 100,
	SCORE_CHIP = 40,
	SCORE_USB = 20,
	SCORE_BY_ID = 10,
	SCORE_NATIVE = 5,
	SCORE_OTHER = 1,
};

/* Append a reason to why. */
static void why_add(char *why, size_t len, const char *reason)
{
	size_t used = strlen(why);

	snprintf(why + used, len - used, "%s%s", used ? ", " : "", reason);
}

/* Score one port; -1 when the configured USB id rules it out. */
static int port_score(const struct config *cfg, const struct serial_portinfo *pi,
		      char *why, size_t len)
{
	int score = 0;

	why[0] = '\0';
	if (cfg->serial.usb_vid >= 0) {
		if (pi->vid != cfg->serial.usb_vid)
			return -1;
		if (cfg->serial.usb_pid >= 0 && pi->pid != cfg->serial.usb_pid)
			return -1;
		score += cfg->serial.usb_pid >= 0 ? SCORE_VID_PID : SCORE_VID;
		why_add(why, len, "configured USB id");
	} else if (cfg->serial.usb_pid >= 0 && pi->pid != cfg->serial.usb_pid) {
		return -1;
	}
	for (size_t i = 0; i < sizeof(terminal_vendors) / sizeof(terminal_vendors[0]); i++)
		if (pi->vid == terminal_vendors[i].vid) {
			score += SCORE_TERMINAL;
			why_add(why, len, terminal_vendors[i].name);
		}
	for (size_t i = 0; i < sizeof(serial_chips) / sizeof(serial_chips[0]); i++)
		if (pi->vid == serial_chips[i].vid) {
			score += SCORE_CHIP;
			why_add(why, len, serial_chips[i].name);
		}
	if (strcmp(pi->transport, "usb") == 0) {
		score += SCORE_USB;
		if (score == SCORE_USB)
			why_add(why, len, "USB serial");
	} else if (strcmp(pi->transport, "native") == 0) {
		score += SCORE_NATIVE;
		why_add(why, len, "built-in port");
	} else {
		score += SCORE_OTHER;
		why_add(why, len, pi->transport);
	}
	if (pi->by_id[0]) {
		score += SCORE_BY_ID;
		why_add(why, len, "by-id name");
	}
	return score;
}

/* qsort order: best score first, then by path. */
static int cand_cmp(const void *a, const void *b)
{
	const struct serial_candidate *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->info.device, y->info.device);
}

/* Score and sort the candidates for "auto", best first. */
int serial_port_rank(const struct config *cfg, const struct serial_portinfo *list, int n,
		     struct serial_candidate *out)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		int s = port_score(cfg, &list[i], out[m].why, sizeof(out[m].why));

		if (s < 0)
			continue;
		out[m].info = list[i];
		out[m].score = s;
		m++;
	}
	qsort(out, (size_t)m, sizeof(*out), cand_cmp);
	return m;
}

/* "vid:pid" for display and metrics. */
void serial_port_usb_id(const struct serial_portinfo *pi, char *out, size_t len)
{
	if (pi->vid >= 0 && pi->pid >= 0)
		snprintf(out, len, "%04x:%04x", (unsigned)pi->vid & 0xffffu, (unsigned)pi->pid & 0xffffu);
	else
		snprintf(out, len, "%s", "");
}

/* Comma list of the ports there are, "none" when none. */
static void port_list_names(const struct serial_portinfo *list, int n, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < n && used + 1 < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "",
					 list[i].device);
	if (n == 0)
		snprintf(out, len, "none");
}

/* Whether a USB CH340/CP210x adapter is plugged in (sysfs) but none of the
 * listed ports comes from it: the brltty classic (it claims the adapter). */
static bool port_adapter_without_tty(const struct serial_portinfo *list, int n)
{
	static const int grabbed[] = { 0x1a86, 0x10c4 };

	for (size_t k = 0; k < sizeof(grabbed) / sizeof(grabbed[0]); k++) {
		bool has_tty = false;

		for (int i = 0; i < n; i++)
			has_tty |= list[i].vid == grabbed[k];
		if (!has_tty && sys_usb_present(NULL, grabbed[k], -1))
			return true;
	}
	return false;
}

/* Record the chosen port in res. */
static void port_describe_result(const struct serial_portinfo *pi, struct check_result *res)
{
	char id[16];

	result_arg(res, "port", "%s", pi->device);
	result_metric_text(res, "transport", pi->transport);
	serial_port_usb_id(pi, id, sizeof(id));
	if (id[0])
		result_metric_text(res, "usb_id", id);
	if (pi->product[0])
		result_metric_text(res, "product", pi->product);
	if (pi->manufacturer[0])
		result_metric_text(res, "manufacturer", pi->manufacturer);
	if (pi->driver[0])
		result_metric_text(res, "driver", pi->driver);
	result_arg(res, "by_id", "%s", pi->by_id);
}

/* Fill res for "nothing to use": brltty, missing, or no ports at all. */
static void port_none(const struct config *cfg, const struct serial_portinfo *list, int n,
		      bool configured, struct check_result *res)
{
	char names[ARG_VALUE_MAX];

	port_list_names(list, n, names, sizeof(names));
	result_arg(res, "available", "%s", names);
	result_metric(res, "ports_found", n);
	if (port_adapter_without_tty(list, n) && sys_proc_running("brltty")) {
		result_set(res, STATUS_FAIL, "serial.brltty");
		result_arg(res, "holder", "brltty");
		return;
	}
	if (configured || cfg->serial.usb_vid >= 0 || cfg->serial.usb_pid >= 0) {
		result_set(res, STATUS_FAIL, "serial.port_missing");
		if (!configured) {
			if (cfg->serial.usb_pid >= 0)
				result_arg(res, "port", "USB %04x:%04x",
					   (unsigned)(cfg->serial.usb_vid & 0xffff),
					   (unsigned)cfg->serial.usb_pid);
			else
				result_arg(res, "port", "USB %04x:*",
					   (unsigned)(cfg->serial.usb_vid & 0xffff));
		}
		return;
	}
	result_set(res, STATUS_SKIP, "serial.no_ports");
}

/* Choose with the scratch lists given (list and cand: SERIAL_PORTS_MAX). */
static bool port_choose_from(const struct config *cfg, struct serial_portinfo *info,
			     struct check_result *res, bool verbose,
			     struct serial_portinfo *list, struct serial_candidate *cand)
{
	int n, m, tied = 1;

	/* The terminal is on the network (the setup screen says so): no
	 * serial line to judge. */
	if (strcmp(cfg->serial.port, "none") == 0) {
		result_set(res, STATUS_SKIP, "serial.not_used");
		return false;
	}
	if (strcmp(cfg->serial.port, "auto") != 0 && cfg->serial.port[0]) {
		result_arg(res, "port", "%s", cfg->serial.port);
		if (serial_sp_describe(cfg->serial.port, info) == 0) {
			port_describe_result(info, res);
			return true;
		}
		if (errno == ENOTTY) {
			result_set(res, STATUS_FAIL, "serial.not_a_port");
			return false;
		}
		n = serial_sp_list(list, SERIAL_PORTS_MAX);
		port_none(cfg, list, n, true, res);
		return false;
	}
	n = serial_sp_list(list, SERIAL_PORTS_MAX);
	m = serial_port_rank(cfg, list, n, cand);
	if (verbose)
		for (int i = 0; i < m; i++)
			result_detail(res, "candidate %s score %d (%s)", cand[i].info.device,
				      cand[i].score, cand[i].why);
	result_metric(res, "ports_found", n);
	if (m == 0) {
		port_none(cfg, list, n, false, res);
		return false;
	}
	while (tied < m && cand[tied].score == cand[0].score)
		tied++;
	if (tied > 1) {
		char names[ARG_VALUE_MAX];

		names[0] = '\0';
		for (int i = 0, used = 0; i < tied && used + 1 < (int)sizeof(names); i++)
			used += snprintf(names + used, sizeof(names) - (size_t)used, "%s%s",
					 i ? ", " : "", cand[i].info.device);
		result_set(res, STATUS_FAIL, "serial.port_ambiguous");
		result_arg(res, "candidates", "%s", names);
		result_metric(res, "candidates_tied", tied);
		return false;
	}
	*info = cand[0].info;
	result_arg(res, "why", "%s", cand[0].why);
	port_describe_result(info, res);
	return true;
}

/* The configured port, or the best-evidenced one for "auto". */
bool serial_port_choose(const struct config *cfg, struct serial_portinfo *info,
			struct check_result *res, bool verbose)
{
	struct serial_portinfo *list = calloc(SERIAL_PORTS_MAX, sizeof(*list));
	struct serial_candidate *cand = calloc(SERIAL_PORTS_MAX, sizeof(*cand));
	bool ok = false;

	if (list && cand) {
		ok = port_choose_from(cfg, info, res, verbose, list, cand);
	} else {
		result_set(res, STATUS_FAIL, "check.error");
		result_errno(res, ENOMEM);
	}
	free(list);
	free(cand);
	return ok;
}

/* Line settings from the config at one rate. */
void serial_port_settings(const struct config *cfg, int baud, struct serial_settings *s)
{
	s->baud = baud;
	s->data_bits = cfg->serial.data_bits;
	s->parity = cfg->serial.parity;
	s->stop_bits = cfg->serial.stop_bits;
	s->flow = cfg->serial.flow;
}

/* Errors that mean the device went away rather than misbehaved. */
bool serial_port_errno_gone(int err)
{
	return err == EIO || err == ENXIO || err == ENODEV || err == EPIPE || err == ECONNRESET;
}

