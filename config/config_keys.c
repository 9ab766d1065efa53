/* config_keys.c - every config key of SPEC §4, one row each, and the few
 * values that need their own parser (framing, baud lists, payment hosts). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "config_keys.h"

/* offsetof and size of a field of struct config / struct cfg_host. */
#define CF(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)
#define HF(f) offsetof(struct cfg_host, f), sizeof(((struct cfg_host *)0)->f)
#define TF(f) offsetof(struct cfg_terminal, f), sizeof(((struct cfg_terminal *)0)->f)

#define SECTION(p)            { p, K_SECTION, 0, 0, 0, 0, NULL, NULL }
#define SECTION_FLAG(p, f)    { p, K_SECTION, CF(f), 0, 0, NULL, NULL }
#define STRING(p, f)          { p, K_STRING, CF(f), 0, 0, NULL, NULL }
#define WORD(p, f, w)         { p, K_STRING, CF(f), 0, 0, w, NULL }
#define PATH(p, f)            { p, K_PATH, CF(f), 0, 0, NULL, NULL }
#define HEX(p, f)             { p, K_HEX, CF(f), 0, 0, NULL, NULL }
#define INT(p, f, lo, hi)     { p, K_INT, CF(f), lo, hi, NULL, NULL }
#define NUMBER(p, f, lo, hi)  { p, K_NUMBER, CF(f), lo, hi, NULL, NULL }
#define BOOL(p, f)            { p, K_BOOL, CF(f), 0, 0, NULL, NULL }
#define ENUM(p, f, w)         { p, K_ENUM, CF(f), 0, 0, w, NULL }
#define USB_ID(p, f)          { p, K_USB_ID, CF(f), 0, 0, NULL, NULL }
#define BAUD(p, f)            { p, K_BAUD, CF(f), 0, 0, NULL, NULL }
#define CUSTOM(p, fn)         { p, K_CUSTOM, 0, 0, 0, 0, NULL, fn }

static const char *const w_language[] = { "auto", "en", "zh_CN", NULL };
/* In the order of the enums in config.h. */
static const char *const w_flow[] = { "none", "rtscts", "xonxoff", NULL };
static const char *const w_handshake[] = { "enq-ack", "stx-etx-lrc", "custom", NULL };
static const char *const w_protocol[] = { "enq-ack", "stx-etx-lrc", "custom", "zvt", "concert",
					  "auto", NULL };
static const char *const w_probe[] = { "auto", "icmp", "tcp", NULL };
static const char *const w_arp_mode[] = { "fast", "rfc", NULL };

static void set_framing(const struct key_row *row, void *base, const struct yt_node *v,
			struct load_ctx *ctx);
static void set_try_bauds(const struct key_row *row, void *base, const struct yt_node *v,
			  struct load_ctx *ctx);
static void set_hosts(const struct key_row *row, void *base, const struct yt_node *v,
		      struct load_ctx *ctx);
static void set_system_paths(const struct key_row *row, void *base, const struct yt_node *v,
			     struct load_ctx *ctx);
static void set_terminals(const struct key_row *row, void *base, const struct yt_node *v,
			  struct load_ctx *ctx);

const struct key_row config_rows[] = {
	SECTION("site"),
	STRING("site.name", site.name),
	STRING("site.terminal_id", site.terminal_id),
	STRING("site.helpdesk", site.helpdesk),
	WORD("language", language, w_language),

	SECTION("serial"),
	STRING("serial.port", serial.port),
	SECTION("serial.match"),
	USB_ID("serial.match.usb_vid", serial.usb_vid),
	USB_ID("serial.match.usb_pid", serial.usb_pid),
	BAUD("serial.baud", serial.baud),
	CUSTOM("serial.framing", set_framing),
	ENUM("serial.flow", serial.flow, w_flow),
	BOOL("serial.require_signals", serial.require_signals),
	ENUM("serial.handshake", serial.handshake, w_handshake),
	ENUM("serial.protocol", serial.handshake, w_protocol),
	STRING("serial.request", serial.request),
	HEX("serial.expect", serial.expect),
	INT("serial.timeout_ms", serial.timeout_ms, 10, 60000),
	INT("serial.retries", serial.retries, 0, 20),
	CUSTOM("serial.try_bauds", set_try_bauds),
	INT("serial.line_errors_warn", serial.line_errors_warn, 1, 1000),

	SECTION("network"),
	STRING("network.interface", network.interface),
	CUSTOM("network.hosts", set_hosts),
	ENUM("network.probe", network.probe, w_probe),
	INT("network.count", network.count, 1, 1000),
	INT("network.interval_ms", network.interval_ms, 10, 10000),
	INT("network.timeout_ms", network.timeout_ms, 10, 60000),
	SECTION("network.thresholds"),
	NUMBER("network.thresholds.loss_warn_pct", network.thresholds.loss_warn_pct, 0, 100),
	NUMBER("network.thresholds.loss_fail_pct", network.thresholds.loss_fail_pct, 0, 100),
	NUMBER("network.thresholds.rtt_warn_ms", network.thresholds.rtt_warn_ms, 0, 60000),
	NUMBER("network.thresholds.rtt_fail_ms", network.thresholds.rtt_fail_ms, 0, 60000),
	NUMBER("network.thresholds.jitter_warn_ms", network.thresholds.jitter_warn_ms, 0, 60000),
	NUMBER("network.thresholds.dns_warn_ms", network.thresholds.dns_warn_ms, 0, 60000),
	INT("network.thresholds.cert_warn_days", network.thresholds.cert_warn_days, 0, 3650),
	NUMBER("network.thresholds.clock_skew_warn_s", network.thresholds.clock_skew_warn_s,
	       0, 86400),
	INT("network.thresholds.wifi_warn_dbm", network.thresholds.wifi_warn_dbm, -120, 0),

	SECTION("arp"),
	STRING("arp.interface", arp.interface),
	INT("arp.probes", arp.probes, 1, 20),
	INT("arp.wait_ms", arp.wait_ms, 10, 10000),
	ENUM("arp.mode", arp.mode, w_arp_mode),

	SECTION("lan"),
	STRING("lan.interface", lan.interface),
	CUSTOM("lan.terminals", set_terminals),
	INT("lan.rate", lan.rate, 10, 500),
	INT("lan.listen_ms", lan.listen_ms, 200, 30000),

	SECTION("power"),
	STRING("power.sysfs_root", power.sysfs_root),
	STRING("power.kmsg", power.kmsg),
	SECTION_FLAG("power.ups", power.ups.configured),
	STRING("power.ups.host", power.ups.host),
	INT("power.ups.port", power.ups.port, 1, 65535),
	STRING("power.ups.name", power.ups.name),
	SECTION_FLAG("power.apcupsd", power.apcupsd.configured),
	STRING("power.apcupsd.host", power.apcupsd.host),
	INT("power.apcupsd.port", power.apcupsd.port, 1, 65535),
	SECTION("power.thresholds"),
	INT("power.thresholds.battery_warn_pct", power.thresholds.battery_warn_pct, 0, 100),
	INT("power.thresholds.battery_fail_pct", power.thresholds.battery_fail_pct, 0, 100),
	INT("power.thresholds.temp_warn_c", power.thresholds.temp_warn_c, 0, 150),

	SECTION("system"),
	STRING("system.root", system.root),
	STRING("system.kmsg", system.kmsg),
	STRING("system.ntp_server", system.ntp_server),
	CUSTOM("system.paths", set_system_paths),
	STRING("system.till_process", system.till_process),
	SECTION("system.thresholds"),
	NUMBER("system.thresholds.clock_offset_warn_s", system.thresholds.clock_offset_warn_s,
	       0.001, 86400),
	NUMBER("system.thresholds.clock_offset_fail_s", system.thresholds.clock_offset_fail_s,
	       0.001, 86400),
	INT("system.thresholds.disk_warn_pct", system.thresholds.disk_warn_pct, 0, 100),
	INT("system.thresholds.disk_fail_pct", system.thresholds.disk_fail_pct, 0, 100),
	INT("system.thresholds.memory_warn_pct", system.thresholds.memory_warn_pct, 0, 100),
	INT("system.thresholds.till_min_uptime_s", system.thresholds.till_min_uptime_s, 0, 86400),

	SECTION("kiosk"),
	INT("kiosk.rerun_every_s", kiosk.rerun_every_s, 10, 86400),

	PATH("fixes", fixes),
	PATH("guides", guides),
	{ NULL, K_SECTION, 0, 0, 0, 0, NULL, NULL },
};

/* One item of network.hosts (a struct cfg_host). */
const struct key_row config_host_rows[] = {
	{ "name", K_STRING, HF(name), 0, 0, NULL, NULL },
	{ "address", K_STRING, HF(address), 0, 0, NULL, NULL },
	{ "port", K_INT, HF(port), 1, 65535, NULL, NULL },
	{ "https", K_BOOL, HF(https), 0, 0, NULL, NULL },
	{ "path", K_STRING, HF(path), 0, 0, NULL, NULL },
	{ "ca_file", K_PATH, HF(ca_file), 0, 0, NULL, NULL },
	{ NULL, K_SECTION, 0, 0, 0, 0, NULL, NULL },
};

/* One item of lan.terminals (a struct cfg_terminal). */
const struct key_row config_terminal_rows[] = {
	{ "name", K_STRING, TF(name), 0, 0, NULL, NULL },
	{ "address", K_STRING, TF(address), 0, 0, NULL, NULL },
	{ "mac", K_STRING, TF(mac), 0, 0, NULL, NULL },
	{ "port", K_INT, TF(port), 1, 65535, NULL, NULL },
	{ NULL, K_SECTION, 0, 0, 0, 0, NULL, NULL },
};

/* serial.framing: "8N1" = data bits 5-8, parity N/E/O/M/S, stop bits 1-2. */
static void set_framing(const struct key_row *row, void *base, const struct yt_node *v,
			struct load_ctx *ctx)
{
	struct config *cfg = base;
	const char *s = v->kind == YT_SCALAR ? v->value : "";
	char show[64];

	(void)row;
	if (v->kind == YT_SCALAR && v->len == 3 && s[0] >= '5' && s[0] <= '8' &&
	    strchr("NEOMS", s[1]) && (s[2] == '1' || s[2] == '2')) {
		cfg->serial.data_bits = s[0] - '0';
		cfg->serial.parity = s[1];
		cfg->serial.stop_bits = s[2] - '0';
		return;
	}
	if (v->kind == YT_SCALAR && !yt_is_null(v))
		yt_error_at(&ctx->errs, v, "serial.framing: expected data bits (5-8), parity "
			    "(N, E, O, M, S) and stop bits (1, 2) such as 8N1 or 7E1, got '%s'",
			    yt_show(v, show, sizeof(show)));
	else
		yt_error_at(&ctx->errs, v, "serial.framing: expected a framing such as 8N1, got %s",
			    yt_kind_name(v));
}

/* serial.try_bauds: a list of standard rates, no repeats, at most CFG_MAX_BAUDS. */
static void set_try_bauds(const struct key_row *row, void *base, const struct yt_node *v,
			  struct load_ctx *ctx)
{
	struct config *cfg = base;
	int bauds[CFG_MAX_BAUDS], n = 0, before = ctx->errs.count;
	char show[64];

	(void)row;
	if (v->kind != YT_SEQ) {
		yt_error_at(&ctx->errs, v, "serial.try_bauds: expected a list of rates such as "
			    "[9600, 19200], got %s", yt_kind_name(v));
		return;
	}
	for (size_t i = 0; i < v->n_kids; i++) {
		const struct yt_node *k = v->kids[i];
		char *end = NULL;
		long b = 0;

		if (k->bad)
			continue;
		if (k->kind == YT_SCALAR && k->len > 0 && k->len < 10 &&
		    k->value[0] >= '0' && k->value[0] <= '9')
			b = strtol(k->value, &end, 10);
		if (!end || *end) {
			yt_error_at(&ctx->errs, k, "serial.try_bauds[%zu]: expected an integer, got %s%s%s",
				    i, k->kind == YT_SCALAR ? "'" : "",
				    k->kind == YT_SCALAR ? yt_show(k, show, sizeof(show)) : yt_kind_name(k),
				    k->kind == YT_SCALAR ? "'" : "");
			continue;
		}
		if (!config_is_std_baud((int)b)) {
			yt_error_at(&ctx->errs, k, "serial.try_bauds[%zu]: %ld is not a standard rate "
				    "(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200...)", i, b);
			continue;
		}
		for (int j = 0; j < n; j++) {
			if (bauds[j] == b) {
				yt_error_at(&ctx->errs, k, "serial.try_bauds[%zu]: %ld is listed twice", i, b);
				b = 0;
				break;
			}
		}
		if (!b)
			continue;
		if (n == CFG_MAX_BAUDS) {
			yt_error_at(&ctx->errs, k, "serial.try_bauds: more than %d rates", CFG_MAX_BAUDS);
			break;
		}
		bauds[n++] = (int)b;
	}
	if (ctx->errs.count != before)
		return;
	memcpy(cfg->serial.try_bauds, bauds, sizeof(int) * (size_t)n);
	cfg->serial.n_try_bauds = n;
}

/* Whether map m has the key. */
static const struct yt_node *map_get(const struct yt_node *m, const char *key)
{
	for (size_t i = 0; i + 1 < m->n_kids; i += 2)
		if (!m->kids[i]->bad && m->kids[i]->kind == YT_SCALAR &&
		    strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	return NULL;
}

/* Classify a host address (config.h); host and port get the parts to
 * suggest. A URL, a port or a path written into the address are the usual
 * slips. */
enum cfg_addr_problem config_address_problem(const char *a, char *host, size_t len,
					     char *port, size_t port_len)
{
	const char *colon = strchr(a, ':'), *slash = strchr(a, '/');
	size_t digits = colon ? strspn(colon + 1, "0123456789") : 0;

	snprintf(host, len, "%s", a);
	snprintf(port, port_len, "%s", "");
	if (!a[0])
		return CFG_ADDR_EMPTY;
	if (strstr(a, "://")) {
		const char *h = strstr(a, "://") + 3;

		snprintf(host, len, "%.*s", (int)strcspn(h, ":/?#"), h);
		return CFG_ADDR_URL;
	}
	if (colon && !strchr(colon + 1, ':') && digits > 0 && colon[1 + digits] == '\0') {
		snprintf(host, len, "%.*s", (int)(colon - a), a);
		snprintf(port, port_len, "%s", colon + 1);
		return CFG_ADDR_PORT;
	}
	if (a[0] == '[')
		return CFG_ADDR_BRACKETS;
	if (slash) {
		snprintf(host, len, "%.*s", (int)(slash - a), a);
		return CFG_ADDR_PATH;
	}
	for (const char *p = a; *p; p++) {
		if (*p == ' ' || *p == '\t')
			return CFG_ADDR_SPACE;
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return CFG_ADDR_CONTROL;
	}
	return CFG_ADDR_OK;
}

/* What is wrong with a host address, with the fix spelled out (into why, len
 * bytes); NULL when it is a plain host name or IP address. */
static const char *host_address_problem(const char *a, char *why, size_t len)
{
	char host[CFG_HOST_MAX], port[16];

	switch (config_address_problem(a, host, sizeof(host), port, sizeof(port))) {
	case CFG_ADDR_OK:
	case CFG_ADDR_EMPTY:
		return NULL;
	case CFG_ADDR_URL:
		snprintf(why, len, "is a web address: write only '%s' here, the port under "
			 "port: and the path under path:", host);
		break;
	case CFG_ADDR_PORT:
		snprintf(why, len, "has a port: write only '%s' here and the port under "
			 "port: %s", host, port);
		break;
	case CFG_ADDR_BRACKETS:
		snprintf(why, len, "has brackets: write the IPv6 address without them and the "
			 "port under port:");
		break;
	case CFG_ADDR_PATH:
		snprintf(why, len, "has a path: write only '%s' here and the path (starting "
			 "with '/') under path:", host);
		break;
	case CFG_ADDR_SPACE:
		snprintf(why, len, "has a space: a host name or IP address has none "
			 "(write one address, without spaces)");
		break;
	case CFG_ADDR_CONTROL:
		snprintf(why, len, "has a control character: write a host name such as "
			 "pay.example.com or an IP address");
		break;
	}
	return why;
}

/* Check one host after its keys were applied: required keys, name syntax. */
static void host_validate(struct config *cfg, int idx, const struct yt_node *item,
			  const char *shown, struct load_ctx *ctx)
{
	struct cfg_host *h = &cfg->network.hosts[idx];
	const struct yt_node *name = map_get(item, "name");
	const struct yt_node *addr = map_get(item, "address");
	const struct yt_node *path = map_get(item, "path");
	char s[64], why[CFG_HOST_MAX + 96];

	if (!name) {
		yt_error_at(&ctx->errs, item, "%s: 'name' is missing (a short label such as "
			    "acquirer, used in check ids)", shown);
	} else if (h->name[0]) {
		for (const char *p = h->name; *p; p++) {
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_.-", *p)) {
				yt_error_at(&ctx->errs, name, "%s.name: '%s' may only use letters, "
					    "digits, '_', '.' and '-'", shown, yt_show(name, s, sizeof(s)));
				break;
			}
		}
		for (int j = 0; j < idx; j++)
			if (strcmp(cfg->network.hosts[j].name, h->name) == 0)
				yt_error_at(&ctx->errs, name, "%s.name: '%s' is already the name of "
					    "network.hosts[%d]", shown, yt_show(name, s, sizeof(s)), j);
	}
	if (!addr)
		yt_error_at(&ctx->errs, item, "%s: 'address' is missing (a host name or IP "
			    "address such as pay.example.com)", shown);
	else if (h->address[0] && host_address_problem(h->address, why, sizeof(why)))
		yt_error_at(&ctx->errs, addr, "%s.address: '%s' %s", shown,
			    yt_show(addr, s, sizeof(s)), why);
	if (h->ca_file[0] && access(h->ca_file, R_OK) != 0)
		yt_error_at(&ctx->errs, map_get(item, "ca_file"), "%s.ca_file: cannot read %s: %s",
			    shown, h->ca_file, strerror(errno));
	if (path && h->path[0] != '/')
		yt_error_at(&ctx->errs, path, "%s.path: must start with '/', got '%s'", shown,
			    yt_show(path, s, sizeof(s)));
	/* https: when not given, on for port 443 only. */
	if (!map_get(item, "https"))
		h->https = h->port == 443;
}

/* network.hosts: a list of maps, each a payment host. */
static void set_hosts(const struct key_row *row, void *base, const struct yt_node *v,
		      struct load_ctx *ctx)
{
	struct config *cfg = base;
	char shown[40];

	(void)row;
	if (yt_is_null(v)) {
		cfg->network.n_hosts = 0;
		return;
	}
	if (v->kind != YT_SEQ) {
		yt_error_at(&ctx->errs, v, "network.hosts: expected a list of hosts "
			    "(- {name: ..., address: ...}), got %s", yt_kind_name(v));
		return;
	}
	cfg->network.n_hosts = 0;
	for (size_t i = 0; i < v->n_kids; i++) {
		const struct yt_node *item = v->kids[i];
		struct cfg_host *h;

		snprintf(shown, sizeof(shown), "network.hosts[%zu]", i);
		if (item->bad)
			continue;
		if (item->kind != YT_MAP) {
			yt_error_at(&ctx->errs, item, "%s: expected a map such as {name: acquirer, "
				    "address: pay.example.com}, got %s", shown, yt_kind_name(item));
			continue;
		}
		if (cfg->network.n_hosts == CFG_MAX_HOSTS) {
			yt_error_at(&ctx->errs, item, "network.hosts: more than %d hosts",
				    CFG_MAX_HOSTS);
			return;
		}
		h = &cfg->network.hosts[cfg->network.n_hosts];
		memset(h, 0, sizeof(*h));
		h->port = 443;
		snprintf(h->path, sizeof(h->path), "/");
		config_walk(config_host_rows, h, item, "", shown, ctx);
		host_validate(cfg, cfg->network.n_hosts, item, shown, ctx);
		cfg->network.n_hosts++;
	}
}

/* system.paths: a list of absolute folder paths, at most CFG_MAX_PATHS. */
static void set_system_paths(const struct key_row *row, void *base, const struct yt_node *v,
			     struct load_ctx *ctx)
{
	struct config *cfg = base;
	int n = 0, before = ctx->errs.count;
	char show[64];

	(void)row;
	if (v->kind != YT_SEQ) {
		yt_error_at(&ctx->errs, v, "system.paths: expected a list of folders such as "
			    "[/var/lib/till], got %s", yt_kind_name(v));
		return;
	}
	for (size_t i = 0; i < v->n_kids; i++) {
		const struct yt_node *k = v->kids[i];

		if (k->bad)
			continue;
		if (k->kind != YT_SCALAR || k->len == 0 || k->value[0] != '/') {
			yt_error_at(&ctx->errs, k, "system.paths[%zu]: expected an absolute path "
				    "such as /var/lib/till, got %s%s%s", i,
				    k->kind == YT_SCALAR ? "'" : "",
				    k->kind == YT_SCALAR ? yt_show(k, show, sizeof(show)) : yt_kind_name(k),
				    k->kind == YT_SCALAR ? "'" : "");
			continue;
		}
		if (k->len >= CFG_PATH_MAX) {
			yt_error_at(&ctx->errs, k, "system.paths[%zu]: longer than %d bytes", i,
				    CFG_PATH_MAX - 1);
			continue;
		}
		if (n == CFG_MAX_PATHS) {
			yt_error_at(&ctx->errs, k, "system.paths: more than %d folders", CFG_MAX_PATHS);
			break;
		}
		snprintf(cfg->system.paths[n++], CFG_PATH_MAX, "%s", k->value);
	}
	if (ctx->errs.count != before)
		return;
	cfg->system.n_paths = n;
}

/* Whether s is a MAC address written as six hex pairs with ':' or '-'. */
static bool mac_text_ok(const char *s)
{
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? (s[i] != ':' && s[i] != '-') :
				 !strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	}
	return s[17] == '\0';
}

/* Whether s is an IPv4 address in dotted-quad form (four numbers 0..255). */
static bool ipv4_text_ok(const char *s)
{
	int parts = 0;

	while (parts < 4) {
		int v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		parts++;
		if (parts < 4 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

/* Check one terminal after its keys were applied: a name (or a default),
 * an address or a MAC, both well formed. */
static void terminal_validate(struct config *cfg, int idx, const struct yt_node *item,
			      const char *shown, struct load_ctx *ctx)
{
	struct cfg_terminal *t = &cfg->lan.terminals[idx];
	const struct yt_node *name = map_get(item, "name");
	const struct yt_node *addr = map_get(item, "address");
	const struct yt_node *mac = map_get(item, "mac");
	char s[64];

	if (!name || !t->name[0])
		snprintf(t->name, sizeof(t->name), "terminal%d", idx + 1);
	for (const char *p = t->name; name && *p; p++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-", *p)) {
			yt_error_at(&ctx->errs, name, "%s.name: '%s' may only use letters, "
				    "digits, '_', '.' and '-'", shown, yt_show(name, s, sizeof(s)));
			break;
		}
	}
	for (int j = 0; j < idx; j++)
		if (strcmp(cfg->lan.terminals[j].name, t->name) == 0)
			yt_error_at(&ctx->errs, name ? name : item, "%s.name: '%s' is already the "
				    "name of lan.terminals[%d]", shown, t->name, j);
	if (!addr && !mac)
		yt_error_at(&ctx->errs, item, "%s: give the terminal's 'address' (such as "
			    "192.168.1.50) or its 'mac' (such as 00:17:6f:12:34:56), or both",
			    shown);
	if (addr && t->address[0] && !ipv4_text_ok(t->address))
		yt_error_at(&ctx->errs, addr, "%s.address: '%s' is not an IPv4 address such as "
			    "192.168.1.50", shown, yt_show(addr, s, sizeof(s)));
	if (mac && t->mac[0] && !mac_text_ok(t->mac))
		yt_error_at(&ctx->errs, mac, "%s.mac: '%s' is not a MAC address such as "
			    "00:17:6f:12:34:56", shown, yt_show(mac, s, sizeof(s)));
	for (char *p = t->mac; *p; p++)
		*p = *p == '-' ? ':' : (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
}

/* lan.terminals: a list of maps, each a card terminal on the shop LAN. */
static void set_terminals(const struct key_row *row, void *base, const struct yt_node *v,
			  struct load_ctx *ctx)
{
	struct config *cfg = base;
	char shown[40];

	(void)row;
	cfg->lan.n_terminals = 0;
	if (yt_is_null(v))
		return;
	if (v->kind != YT_SEQ) {
		yt_error_at(&ctx->errs, v, "lan.terminals: expected a list of terminals "
			    "(- {name: ..., address: ...}), got %s", yt_kind_name(v));
		return;
	}
	for (size_t i = 0; i < v->n_kids; i++) {
		const struct yt_node *item = v->kids[i];
		struct cfg_terminal *t;

		snprintf(shown, sizeof(shown), "lan.terminals[%zu]", i);
		if (item->bad)
			continue;
		if (item->kind != YT_MAP) {
			yt_error_at(&ctx->errs, item, "%s: expected a map such as {name: counter, "
				    "address: 192.168.1.50}, got %s", shown, yt_kind_name(item));
			continue;
		}
		if (cfg->lan.n_terminals == CFG_MAX_TERMINALS) {
			yt_error_at(&ctx->errs, item, "lan.terminals: more than %d terminals",
				    CFG_MAX_TERMINALS);
			return;
		}
		t = &cfg->lan.terminals[cfg->lan.n_terminals];
		memset(t, 0, sizeof(*t));
		config_walk(config_terminal_rows, t, item, "", shown, ctx);
		terminal_validate(cfg, cfg->lan.n_terminals, item, shown, ctx);
		cfg->lan.n_terminals++;
	}
}

/* Report when a warn threshold is past its fail threshold. */
static void check_order(struct load_ctx *ctx, const char *lo_path, double lo,
			const char *hi_path, double hi)
{
	const struct yt_node *lo_n = config_seen(ctx, lo_path);
	const struct yt_node *hi_n = config_seen(ctx, hi_path);
	const struct yt_node *at = hi_n ? hi_n : lo_n;

	if (at && lo > hi)
		yt_error_at(&ctx->errs, at, "%s (%g) must not be below %s (%g)", hi_path, hi,
			    lo_path, lo);
}

/* Whether a host name is made of labels of letters, digits, '-' and '_'. */
static bool host_name_ok(const char *h)
{
	size_t label = 0, n = strlen(h);

	if (n == 0 || n > 253 || h[0] == '.' || h[n - 1] == '.')
		return false;
	for (const char *p = h; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

/* Split "tcp://HOST:PORT" (config.h). */
int config_tcp_address(const char *value, char *host, size_t len, int *port, char *why,
		       size_t why_len)
{
	const char *h, *colon, *hend;
	char buf[CFG_HOST_MAX], *end = NULL;
	unsigned char addr[16];
	long pn;

	host[0] = '\0';
	*port = 0;
	if (!strstr(value, "://"))
		return 0;
	if (strncasecmp(value, "tcp://", 6) != 0) {
		snprintf(why, why_len, "'%.*s' is not known: write a device such as /dev/ttyUSB0, "
			 "or a network terminal as tcp://HOST:PORT (tcp://192.168.1.50:20007)",
			 (int)(strstr(value, "://") - value + 3), value);
		return -1;
	}
	h = value + 6;
	if (h[0] == '[') {
		hend = strchr(h, ']');
		if (!hend || (size_t)(hend - h - 1) >= sizeof(buf)) {
			snprintf(why, why_len, "an IPv6 address needs its closing ']': "
				 "tcp://[2001:db8::1]:20007");
			return -1;
		}
		snprintf(buf, sizeof(buf), "%.*s", (int)(hend - h - 1), h + 1);
		if (inet_pton(AF_INET6, buf, addr) != 1) {
			snprintf(why, why_len, "'%s' is not an IPv6 address", buf);
			return -1;
		}
		colon = hend + 1;
		if (*colon != ':')
			colon = NULL;
	} else {
		colon = strrchr(h, ':');
		if (colon && memchr(h, ':', (size_t)(colon - h))) {
			snprintf(why, why_len, "write an IPv6 address in brackets, then the port: "
				 "tcp://[2001:db8::1]:20007");
			return -1;
		}
		hend = colon ? colon : h + strlen(h);
		if ((size_t)(hend - h) >= sizeof(buf))
			hend = h + sizeof(buf) - 1;
		snprintf(buf, sizeof(buf), "%.*s", (int)(hend - h), h);
		if (!buf[0]) {
			snprintf(why, why_len, "the terminal's address is missing: "
				 "tcp://192.168.1.50:20007");
			return -1;
		}
		if (strspn(buf, "0123456789.") == strlen(buf) ?
		    inet_pton(AF_INET, buf, addr) != 1 : !host_name_ok(buf)) {
			snprintf(why, why_len, "'%s' is neither an IPv4 address (192.168.1.50) nor "
				 "a host name", buf);
			return -1;
		}
	}
	if (!colon || !colon[1]) {
		snprintf(why, why_len, "the port is missing: add ':' and the terminal's ECR port "
			 "(ZVT uses 20007), such as tcp://%s%s%s:20007", h[0] == '[' ? "[" : "",
			 buf, h[0] == '[' ? "]" : "");
		return -1;
	}
	errno = 0;
	pn = colon[1] >= '0' && colon[1] <= '9' ? strtol(colon + 1, &end, 10) : -1;
	if (!end || *end || errno || pn < 1 || pn > 65535) {
		snprintf(why, why_len, "the port must be a number from 1 to 65535 with nothing "
			 "after it, got '%s'", colon + 1);
		return -1;
	}
	snprintf(host, len, "%s", buf);
	*port = (int)pn;
	return 1;
}

/* Checks between keys: thresholds in order, hex request for custom. */
void config_check_cross(struct load_ctx *ctx)
{
	const struct config *c = ctx->cfg;
	const struct yt_node *req = config_seen(ctx, "serial.request");
	const struct yt_node *hs = config_seen(ctx, "serial.handshake");
	const struct yt_node *pr = config_seen(ctx, "serial.protocol");
	const struct yt_node *sp = config_seen(ctx, "serial.port");
	char s[64], s2[64], host[CFG_HOST_MAX], why[CFG_HOST_MAX + 160];
	int port;

	if (sp && config_tcp_address(c->serial.port, host, sizeof(host), &port, why,
				     sizeof(why)) < 0)
		yt_error_at(&ctx->errs, sp, "serial.port: %s", why);
	check_order(ctx, "network.thresholds.loss_warn_pct", c->network.thresholds.loss_warn_pct,
		    "network.thresholds.loss_fail_pct", c->network.thresholds.loss_fail_pct);
	check_order(ctx, "network.thresholds.rtt_warn_ms", c->network.thresholds.rtt_warn_ms,
		    "network.thresholds.rtt_fail_ms", c->network.thresholds.rtt_fail_ms);
	check_order(ctx, "system.thresholds.clock_offset_warn_s",
		    c->system.thresholds.clock_offset_warn_s, "system.thresholds.clock_offset_fail_s",
		    c->system.thresholds.clock_offset_fail_s);
	check_order(ctx, "system.thresholds.disk_fail_pct", c->system.thresholds.disk_fail_pct,
		    "system.thresholds.disk_warn_pct", c->system.thresholds.disk_warn_pct);
	check_order(ctx, "power.thresholds.battery_fail_pct",
		    c->power.thresholds.battery_fail_pct, "power.thresholds.battery_warn_pct",
		    c->power.thresholds.battery_warn_pct);
	if (hs && pr && strcmp(yt_show(hs, s, sizeof(s)), yt_show(pr, s2, sizeof(s2))) != 0)
		yt_error_at(&ctx->errs, pr, "serial.protocol: '%s' differs from serial.handshake "
			    "'%s' (the older name of the same setting): keep only serial.protocol",
			    s2, s);
	/* A named protocol implies its usual framing unless one is given:
	 * ZVT 8N2, Concert 7E1 (native RS-232). */
	if (!config_seen(ctx, "serial.framing") &&
	    (c->serial.handshake == HANDSHAKE_ZVT || c->serial.handshake == HANDSHAKE_CONCERT)) {
		bool zvt = c->serial.handshake == HANDSHAKE_ZVT;

		ctx->cfg->serial.data_bits = zvt ? 8 : 7;
		ctx->cfg->serial.parity = zvt ? 'N' : 'E';
		ctx->cfg->serial.stop_bits = zvt ? 2 : 1;
	}
	if (req && c->serial.handshake == HANDSHAKE_CUSTOM) {
		int digits = 0;
		bool ok = true;

		for (const char *p = c->serial.request; *p; p++) {
			if (*p == ' ') {
				ok &= digits % 2 == 0;
			} else if (strchr("0123456789abcdefABCDEF", *p)) {
				digits++;
			} else {
				ok = false;
			}
		}
		if (!ok || digits % 2)
			yt_error_at(&ctx->errs, req, "serial.request: with handshake: custom, "
				    "expected hex bytes such as \"05\" or \"02 41 03\", got '%s'",
				    yt_show(req, s, sizeof(s)));
	}
}
