/* net_host.c - network.host:<name>: latency, loss and jitter to one payment
 * host, by ICMP echo (unprivileged socket, else a borrowed raw socket) or TCP
 * connect timing. With probe: auto a host that ignores ICMP but accepts TCP
 * is measured over TCP instead of being called unreachable.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

#define NET_SILENT_AFTER 3        /* auto: ICMP probes lost before trying TCP */
#define NET_RESOLVE_MS   2000

/* Open the first ICMP method available here; its fd, or -1. When every
 * raw socket of the pool is lent to other checks, wait for one (the budget
 * counts NET_POOL_WAIT_MS); *busy says they stayed lent all that time. */
static int net_host_open_icmp(struct probe_ctx *ctx, enum net_ping_method *m, bool *busy)
{
	int64_t until = clock_ms() + NET_POOL_WAIT_MS;
	int fd;

	*busy = false;
	*m = NET_PING_ICMP_DGRAM;
	fd = net_ping_open(*m);
	if (fd >= 0)
		return fd;
	*m = NET_PING_ICMP_RAW;
	for (;;) {
		fd = net_ping_open(*m);
		if (fd >= 0 || errno != EBUSY)
			return fd;
		if (clock_ms() >= until || probe_cancelled(ctx)) {
			*busy = true;
			return -1;
		}
		clock_sleep_ms(20);
	}
}

/* Run the probes the config asks for; false (with res set) when no method
 * could run at all. */
static bool net_host_measure(struct probe_ctx *ctx, const struct net_ping_opts *base,
			     struct net_ping_run *run, struct check_result *res)
{
	enum cfg_probe_method want = ctx->cfg->network.probe;
	struct net_ping_opts o = *base;
	enum net_ping_method m;
	bool busy = false;
	int fd = -1;

	if (want != PROBE_METHOD_TCP)
		fd = net_host_open_icmp(ctx, &m, &busy);
	if (fd < 0 && busy) {
		/* Privilege is there, the sockets are in use: no setcap advice. */
		result_detail(res, "every raw ICMP socket stayed in use by other checks for %d ms: "
			      "measuring TCP port %d instead", NET_POOL_WAIT_MS, o.port);
		result_metric_text(res, "icmp_unavailable", "raw sockets busy");
	} else if (fd < 0 && want == PROBE_METHOD_ICMP) {
		result_set(res, STATUS_SKIP, "net.needs_privilege");
		result_arg(res, "what", "%s", "ICMP echo (ping)");
		return false;
	}
	if (fd >= 0) {
		if (want == PROBE_METHOD_AUTO)
			o.silent_after = o.count < NET_SILENT_AFTER ? o.count : NET_SILENT_AFTER;
		net_ping_run(ctx, m, fd, &o, run);
		net_ping_close(m, fd);
		if (!run->silent)
			return true;
		result_detail(res, "no ICMP echo reply to %d requests: measuring TCP port %d",
			      run->sent, o.port);
		result_metric(res, "icmp_probes_unanswered", run->sent);
	}
	net_ping_run(ctx, NET_PING_TCP, -1, base, run);
	return true;
}

/* Judge loss, latency and jitter against the thresholds (worst wins; at the
 * same level loss comes before latency before jitter). */
static void net_host_judge(const struct config *cfg, const struct net_stats *st,
			   struct check_result *res)
{
	const __typeof__(cfg->network.thresholds) *t = &cfg->network.thresholds;

	if (st->loss_ci_low_pct > t->loss_fail_pct) {
		result_set(res, STATUS_FAIL, "net.loss_high");
	} else if (st->rtt_avg_ms > t->rtt_fail_ms) {
		result_set(res, STATUS_FAIL, "net.latency_high");
	} else if (st->loss_ci_low_pct > t->loss_warn_pct) {
		result_set(res, STATUS_WARN, "net.loss_high");
	} else if (st->rtt_avg_ms > t->rtt_warn_ms) {
		result_set(res, STATUS_WARN, "net.latency_high");
	} else if (st->have_jitter && st->jitter_ms > t->jitter_warn_ms) {
		result_set(res, STATUS_WARN, "net.jitter_high");
	} else {
		result_set(res, STATUS_OK, "net.ok");
	}
	result_arg(res, "loss_warn_pct", "%g", t->loss_warn_pct);
	result_arg(res, "rtt_warn_ms", "%g", t->rtt_warn_ms);
	result_arg(res, "jitter_warn_ms", "%g", t->jitter_warn_ms);
}

/* Put the run's figures into the result. */
static void net_host_report(const struct net_ping_run *run, const struct net_stats *st,
			    int grace_ms, struct check_result *res)
{
	result_metric_text(res, "probe_method", net_ping_method_name(run->method));
	result_metric(res, "probes_sent", run->sent);
	result_metric(res, "probes_received", run->received);
	result_metric(res, "loss_pct", st->loss_pct);
	result_metric(res, "loss_ci_low_pct", st->loss_ci_low_pct);
	result_metric(res, "loss_ci_high_pct", st->loss_ci_high_pct);
	if (st->have_rtt) {
		result_metric(res, "rtt_min_ms", st->rtt_min_ms);
		result_metric(res, "rtt_avg_ms", st->rtt_avg_ms);
		result_metric(res, "rtt_max_ms", st->rtt_max_ms);
		result_metric(res, "rtt_p95_ms", st->rtt_p95_ms);
		result_metric(res, "grace_ms", grace_ms);
	}
	if (st->have_jitter) {
		result_metric(res, "jitter_ms", st->jitter_ms);
		result_metric(res, "jitter_rfc3550_ms", st->jitter_rfc3550_ms);
	}
	if (run->late)
		result_metric(res, "probes_late", run->late);
	if (run->method == NET_PING_TCP)
		result_metric(res, "tcp_refused", run->refused);
	/* The sparkline shows the most recent replies. */
	for (int i = run->n_rtt > RESULT_MAX_SAMPLES ? run->n_rtt - RESULT_MAX_SAMPLES : 0;
	     i < run->n_rtt; i++)
		result_sample(res, run->rtt_ms[i]);
	result_detail(res, "%s: %d sent, %d received, %d lost; loss 95%% interval %.1f-%.1f%%",
		      net_ping_method_name(run->method), run->sent, run->received,
		      run->sent - run->received, st->loss_ci_low_pct, st->loss_ci_high_pct);
	if (run->err) {
		char eb[32];

		result_detail(res, "send error: %s", errno_text(run->err, eb, sizeof(eb)));
	}
}

/* network.host:<name>: loss, latency and jitter to one host. */
void net_host_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct cfg_host *h = net_host_for_ctx(ctx);
	int64_t start = clock_ms();
	struct net_ping_opts o;
	struct net_ping_run *run;
	struct net_stats st;
	char a[INET_ADDRSTRLEN];
	double took;
	int rc;

	if (!h) {
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.check.no_host", "no host named '%s' in the config",
			     ctx->label);
		return;
	}
	result_arg(res, "host", "%s", h->address);
	memset(&o, 0, sizeof(o));
	rc = net_resolve(ctx, h->address, NET_RESOLVE_MS, &o.dst, &took);
	if (rc != 0) {
		net_dns_explain(ctx, h->address, rc, res);
		return;
	}
	inet_ntop(AF_INET, &o.dst, a, sizeof(a));
	result_arg(res, "address", "%s", a);
	result_metric_text(res, "address", a);
	o.port = h->port > 0 && h->port < 65536 ? h->port : 443;
	net_probe_settings(ctx->cfg, &o.count, &o.interval_ms, &o.timeout_ms);
	result_arg(res, "port", "%d", o.port);
	run = calloc(1, sizeof(*run));
	if (!run) {
		result_set(res, STATUS_FAIL, "check.error");
		result_errno(res, ENOMEM);
		return;
	}
	if (!net_host_measure(ctx, &o, run, res)) {
		free(run);
		return;
	}
	if (run->cancelled) {
		result_set(res, STATUS_SKIP, "check.cancelled");
		free(run);
		return;
	}
	net_stats_compute(run->sent, run->received, run->rtt_ms, run->n_rtt, &st);
	net_host_report(run, &st, net_grace_ms(run->rtt_ms, run->n_rtt, o.timeout_ms), res);
	result_arg(res, "method", "%s", net_ping_method_name(run->method));
	if (run->timed_out) {
		/* Running out of time says nothing about the line: no verdict. */
		result_set(res, STATUS_FAIL, "check.timeout");
		result_arg(res, "timeout_s", "%.1f", (double)(ctx->deadline_ms - start) / 1000.0);
		result_detail(res, "the check ran out of time after %d of %d probes; "
			      "%d still awaited an answer and are not counted",
			      run->sent + run->in_flight, o.count, run->in_flight);
	} else if (run->received == 0)
		/* The card terminal on the shop's network (the setup screen's
		 * entry, config/config_setup.h) is not the payment host: its own
		 * fix. */
		result_set(res, STATUS_FAIL, strcmp(ctx->label, "terminal") == 0
			   ? "net.terminal_unreachable" : "net.host_unreachable");
	else
		net_host_judge(ctx->cfg, &st, res);
	free(run);
}
