/* network.c - the network module's table of checks (SPEC §2).
 *
 * network.link      the interface carrying the default route
 * network.gateway   the default route and the router answering
 * network.dns       the system resolver, per configured host name
 * network.host:<n>  latency, loss and jitter to each configured host
 * network.https:<n> one HTTPS request to each host with https: true
 */
#include "network.h"

#include "clock.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "registry.h"

/* Time allowed for a host's name lookup inside host/https (the dns check
 * has already shown the resolver answers). */
#define NET_RESOLVE_ALLOWANCE_MS 2000

/* stop() for sys_resolve: the run was cancelled or its time is up. */
static bool net_resolve_stop(void *arg)
{
	struct probe_ctx *ctx = arg;

	return probe_cancelled(ctx) || probe_remaining_ms(ctx) <= 0;
}

/* Resolve within timeout_ms and the check's deadline (see network.h). */
int net_resolve(struct probe_ctx *ctx, const char *name, int timeout_ms,
		struct in_addr *out, double *took_ms)
{
	int64_t until = clock_ms() + timeout_ms;

	if (until > ctx->deadline_ms)
		until = ctx->deadline_ms;
	return sys_resolve(name, until, net_resolve_stop, ctx, &out->s_addr, took_ms);
}

/* Wait (polling, within the check's deadline) for check id's result when it
 * is in this run; false when it is not, or gave none in time. */
bool net_wait_result(struct probe_ctx *ctx, const char *id, struct check_result *out)
{
	if (!probe_in_run(ctx, id))
		return false;
	while (!probe_prereq(ctx, id, out)) {
		if (probe_cancelled(ctx) || probe_remaining_ms(ctx) <= 100)
			return false;
		clock_sleep_ms(20);
	}
	return true;
}

/* Mark res as caused by check id (instance label when per-instance): skip,
 * dep.blocked naming it, keeping what was measured and the own code. */
void net_blame(const struct probe_ctx *ctx, const char *id, struct check_result *res)
{
	result_metric_text(res, "own_code", res->code);
	result_set(res, STATUS_SKIP, "dep.blocked");
	if (ctx->label[0])
		result_arg(res, "blocker", "%s:%s", id, ctx->label);
	else
		result_arg(res, "blocker", "%s", id);
}

/* Label of configured host i. */
void net_host_label(const struct config *cfg, int i, char *buf, size_t len)
{
	if (cfg->network.hosts[i].name[0])
		snprintf(buf, len, "%s", cfg->network.hosts[i].name);
	else
		snprintf(buf, len, "host%d", i + 1);
}

const struct cfg_host *net_host_for_ctx(const struct probe_ctx *ctx)
{
	char label[PROBE_LABEL_MAX];

	for (int i = 0; i < ctx->cfg->network.n_hosts && i < CFG_MAX_HOSTS; i++) {
		net_host_label(ctx->cfg, i, label, sizeof(label));
		if (strcmp(label, ctx->label) == 0)
			return &ctx->cfg->network.hosts[i];
	}
	return NULL;
}

/* One network.host instance per configured host. */
static int net_host_instances(const struct config *cfg,
			      char labels[][PROBE_LABEL_MAX], int max)
{
	int n = 0;

	for (int i = 0; i < cfg->network.n_hosts && i < CFG_MAX_HOSTS && n < max; i++)
		net_host_label(cfg, i, labels[n++], PROBE_LABEL_MAX);
	return n;
}

/* network.payment_host appears only when no payment host is configured:
 * a run that never checked the way to it must not read "All good". */
static int net_nohost_instances(const struct config *cfg,
				char labels[][PROBE_LABEL_MAX], int max)
{
	if (cfg->network.n_hosts > 0 || max < 1)
		return 0;
	labels[0][0] = '\0';
	return 1;
}

/* network.payment_host: say plainly that the internet path was not checked. */
static void net_nohost_run(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_WARN, "net.no_payment_host");
}

/* One network.https instance per host with https: true. */
static int net_https_instances(const struct config *cfg,
			       char labels[][PROBE_LABEL_MAX], int max)
{
	int n = 0;

	for (int i = 0; i < cfg->network.n_hosts && i < CFG_MAX_HOSTS && n < max; i++)
		if (cfg->network.hosts[i].https)
			net_host_label(cfg, i, labels[n++], PROBE_LABEL_MAX);
	return n;
}

/* The probe settings clamped to what the engine accepts. */
void net_probe_settings(const struct config *cfg, int *count, int *interval, int *timeout)
{
	const int c = cfg->network.count, i = cfg->network.interval_ms;
	const int t = cfg->network.timeout_ms;

	*count = c < 1 ? 1 : c > NET_PING_MAX ? NET_PING_MAX : c;
	*interval = i < 10 ? 10 : i > 60000 ? 60000 : i;
	*timeout = t < 250 ? 250 : t > 60000 ? 60000 : t;
}

/* host: name lookup + waiting for a lent raw socket + (auto: a silent ICMP
 * pilot) + count × interval + the last probe's grace + a margin. */
static int net_host_budget(const struct config *cfg, int instance)
{
	int count, interval, timeout;
	long b;

	(void)instance;
	net_probe_settings(cfg, &count, &interval, &timeout);
	b = NET_RESOLVE_ALLOWANCE_MS + NET_POOL_WAIT_MS + (long)count * interval + timeout + 500;
	if (cfg->network.probe == PROBE_METHOD_AUTO)
		b += 3L * interval + timeout;
	return (int)b;
}

/* https: lookup, connect, TLS handshake and the response, each up to the
 * probe timeout, plus a margin. */
int net_https_request_ms(const struct config *cfg)
{
	int count, interval, timeout;

	net_probe_settings(cfg, &count, &interval, &timeout);
	return NET_RESOLVE_ALLOWANCE_MS + 4 * timeout + 1000;
}

/* https: the request (net_https_request_ms), and room to wait for the same
 * host's network.host result when the request fails (it may be the cause). */
static int net_https_budget(const struct config *cfg, int instance)
{
	int req = net_https_request_ms(cfg), host = net_host_budget(cfg, instance) + 500;

	return host > req ? host : req;
}

/* gateway: a few echo requests (their grace), then the kernel re-checking
 * the router's ARP entry (its DELAY time and one probe), plus margins. */
static int net_gateway_budget(const struct config *cfg, int instance)
{
	int count, interval, timeout;
	struct sys_iface ifc;

	(void)instance;
	net_probe_settings(cfg, &count, &interval, &timeout);
	net_judged_iface(cfg, &ifc);
	return timeout + 500 + sys_neigh_recheck_ms(ifc.name) + 1000;
}

/* dns: its lookups (5 s at most), and room to wait for network.gateway's
 * result when no nameserver answers (a failed router may be why). */
static int net_dns_budget(const struct config *cfg, int instance)
{
	int gw = net_gateway_budget(cfg, instance) + 500;

	return gw > 5000 ? gw : 5000;
}

static const char *const needs_link[] = { "network.link", NULL };
static const char *const needs_link_dns[] = { "network.link", "network.dns", NULL };
/* Read to name the cause of a failure (net_wait_result): a router that is
 * down explains a silent resolver; loss on the way to a host explains a
 * failed HTTPS request to it; a clock system.clock found wrong explains a
 * clock skew or a certificate "not yet valid". */
static const char *const waits_gateway[] = { "network.gateway", NULL };
static const char *const waits_host[] = { "network.host", "system.clock", NULL };

static const char *const codes_nohost[] = { "net.no_payment_host", NULL };
static const char *const codes_link[] = {
	"net.ok", "net.no_link", "net.no_address", "net.self_assigned",
	"net.wifi_weak", "net.no_interface", "net.no_adapter", NULL
};
static const char *const codes_gateway[] = {
	"net.ok", "net.no_gateway", "net.gateway_unreachable", "check.cancelled",
	"check.timeout", NULL
};
/* Why a name did not resolve (net_dns_explain), in every check that looks
 * one up. */
#define NET_DNS_CODES \
	"net.dns_failed", "net.dns_no_such_name", "net.dns_refused", \
	"net.dns_no_answer", "net.dns_no_server"

static const char *const codes_dns[] = {
	"net.ok", NET_DNS_CODES, "net.dns_slow", "net.no_hosts",
	"net.dns_not_used", "dep.blocked", "check.cancelled", NULL
};
static const char *const codes_host[] = {
	"net.ok", "net.host_unreachable", "net.terminal_unreachable", "net.loss_high",
	"net.latency_high", "net.jitter_high", NET_DNS_CODES, "net.needs_privilege",
	"check.cancelled", "check.timeout", "check.error", NULL
};
static const char *const codes_https[] = {
	"net.ok", "net.tls_failed", "net.cert_expired", "net.cert_expiring",
	"net.clock_skew", "net.clock_wrong", "net.http_error", "net.http_no_answer",
	"net.connect_failed", "net.https_lossy", "dep.blocked",
	NET_DNS_CODES, "check.cancelled", "check.error", NULL
};

static const struct probe probe_link = {
	.id = "network.link", .module = "network", .codes = codes_link,
	.timeout_ms = 2000, .run = net_link_run,
};
static const struct probe probe_gateway = {
	.id = "network.gateway", .module = "network", .codes = codes_gateway,
	.needs = needs_link, .budget_ms = net_gateway_budget, .run = net_gateway_run,
	.uses = PROBE_USES_ICMP_SOCKET,
};
static const struct probe probe_dns = {
	.id = "network.dns", .module = "network", .codes = codes_dns,
	.needs = needs_link, .waits = waits_gateway, .timeout_ms = 5000,
	.budget_ms = net_dns_budget,
	.run = net_dns_run,
};
static const struct probe probe_host = {
	.id = "network.host", .module = "network", .codes = codes_host,
	.needs = needs_link_dns, .budget_ms = net_host_budget,
	.instances = net_host_instances, .run = net_host_run,
	.uses = PROBE_USES_ICMP_SOCKET,
};
static const struct probe probe_nohost = {
	.id = "network.payment_host", .module = "network", .codes = codes_nohost,
	.timeout_ms = 1000, .instances = net_nohost_instances, .run = net_nohost_run,
};
/* Not after network.host: many payment hosts drop ICMP yet serve HTTPS. */
static const struct probe probe_https = {
	.id = "network.https", .module = "network", .codes = codes_https,
	.needs = needs_link_dns, .waits = waits_host, .budget_ms = net_https_budget,
	.instances = net_https_instances, .run = net_https_run,
};

const struct probe *const network_probes[] = {
	&probe_link, &probe_gateway, &probe_dns, &probe_host, &probe_https, &probe_nohost, NULL
};
