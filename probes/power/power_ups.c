/* power_ups.c - power.ups: the UPS as NUT's upsd (or apcupsd) reports it.
 *
 * Honest verdicts: nothing listening, unknown UPS name, several UPSes and no
 * name, driver not connected, stale data and the driver's WAIT placeholder
 * each have their own code; only real "OL" data is called on line.
 */
#include "power.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

#define UPS_RUNNER_MARGIN_MS 100   /* left to the runner to collect the result */

/* NUT status words (docs/new-drivers.txt "Status data"; WAIT is upsd's
 * placeholder before the driver's first update; COMMLOST from apcupsd). */
static const struct { const char *word; unsigned flag; } ups_words[] = {
	{ "OL", UPS_OL }, { "OB", UPS_OB }, { "LB", UPS_LB }, { "HB", UPS_HB },
	{ "RB", UPS_RB }, { "CHRG", UPS_CHRG }, { "DISCHRG", UPS_DISCHRG },
	{ "BYPASS", UPS_BYPASS }, { "CAL", UPS_CAL }, { "OFF", UPS_OFF },
	{ "OVER", UPS_OVER }, { "TRIM", UPS_TRIM }, { "BOOST", UPS_BOOST },
	{ "FSD", UPS_FSD }, { "ALARM", UPS_ALARM }, { "WAIT", UPS_WAIT },
	{ "ECO", UPS_ECO }, { "COMMLOST", UPS_COMMLOST },
};

/* Turn ups.status words into flags, keeping the words we do not know. */
unsigned ups_status_parse(const char *status, char *unknown, size_t len)
{
	const char *p = status;
	unsigned flags = 0;
	size_t used = 0;

	if (len)
		unknown[0] = '\0';
	while (*p) {
		size_t wl;
		bool known = false;

		while (*p == ' ' || *p == '\t')
			p++;
		wl = strcspn(p, " \t");
		if (wl == 0)
			break;
		for (size_t i = 0; i < sizeof(ups_words) / sizeof(ups_words[0]); i++) {
			if (strlen(ups_words[i].word) == wl && strncmp(p, ups_words[i].word, wl) == 0) {
				flags |= ups_words[i].flag;
				known = true;
			}
		}
		if (!known && len && used + wl + 2 < len) {
			used += (size_t)snprintf(unknown + used, len - used, "%s%.*s",
						 used ? " " : "", (int)wl, p);
		}
		p += wl;
	}
	return flags;
}

/* Metrics and summary arguments from the numbers we have. */
static void ups_set_figures(const struct ups_reading *rd, struct check_result *res)
{
	result_arg(res, "ups", "%s", rd->name);
	result_arg(res, "status", "%s", rd->status[0] ? rd->status : "-");
	result_metric_text(res, "ups_status", rd->status);
	if (rd->charge_pct >= 0) {
		result_metric(res, "battery_pct", rd->charge_pct);
		result_arg(res, "battery", "%.0f%%", rd->charge_pct);
	} else {
		result_arg(res, "battery", "?");
	}
	if (rd->runtime_s >= 0) {
		result_metric(res, "battery_runtime_s", rd->runtime_s);
		result_arg(res, "runtime_min", "%.0f", rd->runtime_s / 60.0);
	} else {
		result_arg(res, "runtime_min", "?");
	}
	if (rd->input_v >= 0)
		result_metric(res, "input_voltage_v", rd->input_v);
	if (rd->load_pct >= 0) {
		result_metric(res, "ups_load_pct", rd->load_pct);
		result_arg(res, "load", "%.0f%%", rd->load_pct);
	} else {
		result_arg(res, "load", "?");
	}
	if (rd->unknown[0]) {
		result_arg(res, "unknown", "%s", rd->unknown);
		result_detail(res, "status words not known to posdoctor: %s", rd->unknown);
	}
	if (rd->alarm[0])
		result_arg(res, "alarm", "%s", rd->alarm);
}

/* The verdict for one UPS reading, worst condition first. */
void ups_judge(const struct config *cfg, const struct ups_reading *rd,
	       struct check_result *res)
{
	unsigned f = rd->flags;
	bool empty = rd->status[0] == '\0';
	bool low_charge = (f & UPS_OB) && rd->charge_pct >= 0 &&
			  rd->charge_pct <= cfg->power.thresholds.battery_fail_pct;

	ups_set_figures(rd, res);
	result_detail(res, "%s %s: status \"%s\"", rd->source, rd->name, rd->status);
	if ((f & UPS_WAIT) || empty)
		result_set(res, STATUS_WARN, "power.ups_waiting");
	else if (f & UPS_COMMLOST)
		result_set(res, STATUS_WARN, "power.ups_driver_down");
	else if ((f & (UPS_FSD | UPS_LB)) || low_charge)
		result_set(res, STATUS_FAIL, "power.ups_low_battery");
	else if (f & UPS_OVER)
		result_set(res, STATUS_FAIL, "power.ups_overload");
	else if (f & UPS_OB)
		result_set(res, STATUS_WARN, "power.ups_on_battery");
	else if (f & UPS_RB)
		result_set(res, STATUS_WARN, "power.ups_replace_battery");
	else if ((f & (UPS_BYPASS | UPS_OFF | UPS_ALARM)) || !(f & UPS_OL))
		result_set(res, STATUS_WARN, "power.ups_attention");
	else
		result_set(res, STATUS_OK, "power.ok");
}

/* A number out of a NUT/apcupsd value ("87", "230.4"); -1 when garbage. */
static double ups_number(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || v < 0 || v > 1e7)
		return -1;
	return v;
}

/* Connection-level outcome -> the check's verdict. */
static void ups_set_unreachable(const char *host, int port, const struct nut_conn *c,
				bool configured, struct check_result *res)
{
	char eb[24], key[64];
	int err = c->sys_errno ? c->sys_errno : ECONNREFUSED;
	const char *why = c->err[0] ? c->err : errno_text(err, eb, sizeof(eb));

	result_arg(res, "host", "%s", host);
	result_arg(res, "port", "%d", port);
	result_error(res, c->err[0] ? (c->err_key[0] ? c->err_key : "error.unknown")
				    : errno_key(err, key, sizeof(key)), "%s", why);
	result_detail(res, "%s %s:%d: %s", configured ? "server" : "default server", host, port, why);
	/* Nobody asked for a UPS and none answers where one usually does:
	 * plainly, no UPS is set up (true with or without a config file). */
	result_set(res, configured ? STATUS_WARN : STATUS_SKIP,
		   configured ? "power.ups_unreachable" : "power.ups_not_set_up");
}

/* The error of a failed exchange: raw words and the phrase's key. */
static void ups_exchange_error(const struct nut_conn *c, enum nut_status st,
			       const char *garbage, struct check_result *res)
{
	char key[80];

	if (st == NUT_ERR)
		snprintf(key, sizeof(key), "error.nut.%s", c->err);
	else
		snprintf(key, sizeof(key), "%s",
			 st == NUT_TIMEOUT ? "error.ups.no_answer" :
			 st == NUT_CLOSED ? "error.ups.closed" :
			 c->err_key[0] ? c->err_key : "error.ups.garbage");
	result_error(res, key, "%s", c->err[0] ? c->err :
		     st == NUT_TIMEOUT ? "no answer in time" :
		     st == NUT_CLOSED ? "connection closed" : garbage);
}

/* A failed exchange after connecting: ERR codes get their own verdicts. */
static void ups_set_exchange_error(const struct nut_conn *c, enum nut_status st,
				   const char *name, struct check_result *res)
{
	result_arg(res, "ups", "%s", name);
	if (st == NUT_ERR && strcmp(c->err, "UNKNOWN-UPS") == 0) {
		result_arg(res, "available", "-");   /* filled when LIST UPS works */
		result_set(res, STATUS_WARN, "power.ups_unknown_name");
		return;
	}
	if (st == NUT_ERR && strcmp(c->err, "DRIVER-NOT-CONNECTED") == 0) {
		result_set(res, STATUS_WARN, "power.ups_driver_down");
		return;
	}
	if (st == NUT_ERR && strcmp(c->err, "DATA-STALE") == 0) {
		result_set(res, STATUS_WARN, "power.ups_stale");
		return;
	}
	ups_exchange_error(c, st, "reply is not the NUT protocol", res);
	result_set(res, STATUS_WARN, "power.ups_error");
}

/* Join UPS names into the "available" argument. */
static void ups_list_names(const struct nut_ups *ups, int n, struct check_result *res)
{
	char list[ARG_VALUE_MAX] = "";
	size_t used = 0;

	for (int i = 0; i < n && used < sizeof(list); i++) {
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", ups[i].name);
		result_detail(res, "UPS %s: %s", ups[i].name, ups[i].desc);
	}
	result_arg(res, "available", "%s", n ? list : "-");
	result_metric(res, "ups_count", n);
}

/* Read the UPS's variables from upsd into rd (when NUT_OK). */
static void ups_fill_reading(const struct nut_var *vars, int n, const char *name,
			     struct ups_reading *rd)
{
	const char *s = nut_var_find(vars, n, "ups.status");

	memset(rd, 0, sizeof(*rd));
	snprintf(rd->source, sizeof(rd->source), "nut");
	text_copy(rd->name, sizeof(rd->name), name);
	text_copy(rd->status, sizeof(rd->status), s ? s : "");
	snprintf(rd->alarm, sizeof(rd->alarm), "%s",
		 nut_var_find(vars, n, "ups.alarm") ? nut_var_find(vars, n, "ups.alarm") : "");
	rd->flags = ups_status_parse(rd->status, rd->unknown, sizeof(rd->unknown));
	rd->charge_pct = ups_number(nut_var_find(vars, n, "battery.charge"));
	rd->runtime_s = ups_number(nut_var_find(vars, n, "battery.runtime"));
	rd->input_v = ups_number(nut_var_find(vars, n, "input.voltage"));
	rd->load_pct = ups_number(nut_var_find(vars, n, "ups.load"));
}

/* The NUT half of the check, done by deadline_ms (clock_ms()). */
static void ups_check_nut(struct probe_ctx *ctx, int64_t deadline_ms, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *host = cfg->power.ups.host[0] ? cfg->power.ups.host : "127.0.0.1";
	int port = cfg->power.ups.port > 0 ? cfg->power.ups.port : 3493;
	bool auto_name = !cfg->power.ups.name[0] || strcmp(cfg->power.ups.name, "auto") == 0;
	struct nut_ups ups[NUT_MAX_UPS];
	struct nut_var *vars = NULL;
	struct ups_reading rd;
	struct nut_conn c;
	char name[POWER_NAME_MAX];
	int64_t t0 = clock_ms();
	enum nut_status st;
	int n_ups = 0, n_vars = 0;

	st = nut_connect(&c, host, port, deadline_ms, ctx);
	if (st != NUT_OK) {
		ups_set_unreachable(host, port, &c, cfg->power.ups.configured, res);
		return;
	}
	result_arg(res, "host", "%s", host);
	result_arg(res, "port", "%d", port);
	text_copy(name, sizeof(name), cfg->power.ups.name);
	if (auto_name) {
		st = nut_list_ups(&c, ups, NUT_MAX_UPS, &n_ups);
		if (st != NUT_OK) {
			ups_set_exchange_error(&c, st, "auto", res);
			goto out;
		}
		ups_list_names(ups, n_ups, res);
		if (n_ups == 0) {
			result_set(res, cfg->power.ups.configured ? STATUS_WARN : STATUS_SKIP,
				   "power.ups_none");
			goto out;
		}
		if (n_ups > 1) {
			result_set(res, STATUS_WARN, "power.ups_ambiguous");
			goto out;
		}
		text_copy(name, sizeof(name), ups[0].name);
	}
	vars = calloc(NUT_MAX_VARS, sizeof(*vars));
	if (!vars) {
		result_errno(res, ENOMEM);
		result_set(res, STATUS_WARN, "power.ups_error");
		goto out;
	}
	st = nut_list_vars(&c, name, vars, NUT_MAX_VARS, &n_vars);
	if (st != NUT_OK) {
		ups_set_exchange_error(&c, st, name, res);
		if (st == NUT_ERR && strcmp(c.err, "UNKNOWN-UPS") == 0 &&
		    nut_list_ups(&c, ups, NUT_MAX_UPS, &n_ups) == NUT_OK)
			ups_list_names(ups, n_ups, res);
		result_detail(res, "upsd %s:%d: %s", host, port, st == NUT_ERR ? c.err : "no data");
		goto out;
	}
	ups_fill_reading(vars, n_vars, name, &rd);
	ups_judge(cfg, &rd, res);
out:
	result_metric(res, "ups_read_ms", (double)(clock_ms() - t0));
	free(vars);
	nut_close(&c);
}

/* The apcupsd half of the check. */
static void ups_check_apcupsd(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const char *host = cfg->power.apcupsd.host[0] ? cfg->power.apcupsd.host : "127.0.0.1";
	int port = cfg->power.apcupsd.port > 0 ? cfg->power.apcupsd.port : 3551;
	struct ups_reading rd;
	struct nut_conn c;
	int64_t t0 = clock_ms();
	enum nut_status st = apcupsd_read(&c, host, port, ctx->deadline_ms - UPS_RUNNER_MARGIN_MS,
					  ctx, &rd);

	result_arg(res, "host", "%s", host);
	result_arg(res, "port", "%d", port);
	if (st == NUT_UNREACHABLE) {
		ups_set_unreachable(host, port, &c, true, res);
		return;
	}
	if (st != NUT_OK) {
		result_arg(res, "ups", "%s", "apcupsd");
		ups_exchange_error(&c, st, "reply is not the NIS protocol", res);
		result_set(res, STATUS_WARN, "power.ups_error");
		return;
	}
	ups_judge(cfg, &rd, res);
	result_metric(res, "ups_read_ms", (double)(clock_ms() - t0));
}

/* power.ups: NUT, apcupsd or both; the worse verdict wins. */
void power_ups_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	bool use_nut = cfg->power.ups.configured || !cfg->power.apcupsd.configured;
	bool use_apc = cfg->power.apcupsd.configured;
	/* Leave the runner a margin to collect the result. */
	int64_t now = clock_ms(), end = ctx->deadline_ms - UPS_RUNNER_MARGIN_MS;
	struct check_result *other;

	/* With apcupsd to ask too, NUT gets at most half of the time left, so
	 * a firewalled NUT host cannot starve apcupsd. */
	if (use_nut)
		ups_check_nut(ctx, use_apc && end > now ? now + (end - now) / 2 : end, res);
	if (!use_apc)
		return;
	if (!use_nut) {
		ups_check_apcupsd(ctx, res);
		return;
	}
	/* Both servers configured: the worse verdict wins, both are detailed. */
	other = calloc(1, sizeof(*other));
	if (!other)
		return;
	result_init(other);
	ups_check_apcupsd(ctx, other);
	if (status_rank(other->status) > status_rank(res->status)) {
		struct check_result *tmp = malloc(sizeof(*tmp));

		if (tmp) {
			*tmp = *res;
			*res = *other;
			*other = *tmp;
			free(tmp);
		}
	}
	for (const char *p = other->detail; *p; ) {
		size_t l = strcspn(p, "\n");

		result_detail(res, "%.*s", (int)l, p);
		p += l + (p[l] == '\n');
	}
	free(other);
}
