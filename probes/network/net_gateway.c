/* net_gateway.c - network.gateway: a default route exists and the router it
 * names answers, to ICMP echo or, when it ignores pings, at least to ARP
 * asked during this check (an old neighbour entry proves nothing).
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"

#define NET_GW_PINGS        3
#define NET_GW_INTERVAL_MS  50
#define NET_GW_ARP_MARGIN_MS 500  /* beyond the kernel's DELAY + one probe */
/* ndm_confirmed counts in USER_HZ ticks (10 ms) rounded down, on top of
 * jiffies (up to 10 ms): a time read from it may be up to 20 ms late. So the
 * first packet goes out NET_GW_QUIET_MS after t0, and only a confirmation
 * that reads as later than t0 + NET_GW_AFTER_MS counts: one from before t0
 * cannot read so late, one caused by our packets cannot read so early. */
#define NET_GW_QUIET_MS      50
#define NET_GW_DEADLINE_NEAR_MS 60  /* the ARP loop stops 50 ms before */
#define NET_GW_AFTER_MS      25
#define NET_DISCARD_PORT    9     /* RFC 863: discard */

/* Echo the gateway a few times with the first ICMP method that opens. */
static bool net_gateway_ping(struct probe_ctx *ctx, struct in_addr gw,
			     struct check_result *res)
{
	static const enum net_ping_method order[] = { NET_PING_ICMP_DGRAM, NET_PING_ICMP_RAW };
	struct net_ping_opts o = { .dst = gw, .count = NET_GW_PINGS,
				   .interval_ms = NET_GW_INTERVAL_MS };
	struct net_ping_run *run;
	bool ok = false;
	int count, interval;

	net_probe_settings(ctx->cfg, &count, &interval, &o.timeout_ms);
	run = malloc(sizeof(*run));
	if (!run)
		return false;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int fd = net_ping_open(order[i]);

		if (fd < 0) {
			if (errno == EBUSY)
				result_detail(res, "raw ICMP sockets all in use by other checks: "
					      "asking ARP instead");
			continue;
		}
		net_ping_run(ctx, order[i], fd, &o, run);
		net_ping_close(order[i], fd);
		result_detail(res, "echo (%s): %d of %d answered", net_ping_method_name(order[i]),
			      run->received, run->sent);
		if (run->received > 0) {
			struct net_stats st;

			net_stats_compute(run->sent, run->received, run->rtt_ms, run->n_rtt, &st);
			result_metric(res, "gateway_rtt_ms", st.rtt_avg_ms);
			result_metric_text(res, "probe_method", net_ping_method_name(order[i]));
			ok = true;
		}
		break;
	}
	free(run);
	return ok;
}

/* Use gw once (an empty UDP datagram to the discard port): the kernel
 * resolves its MAC, or re-checks an entry it holds as STALE. */
static void net_gateway_nudge(struct in_addr gw)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = gw,
				  .sin_port = htons(NET_DISCARD_PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd >= 0) {
		(void)sendto(fd, "", 0, 0, (struct sockaddr *)&sa, sizeof(sa));
		close(fd);
	}
}

/* Name of a NUD_* state for the detail lines. */
static const char *net_gateway_nud_name(unsigned state)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ NUD_INCOMPLETE, "INCOMPLETE" }, { NUD_REACHABLE, "REACHABLE" },
		{ NUD_STALE, "STALE" }, { NUD_DELAY, "DELAY" }, { NUD_PROBE, "PROBE" },
		{ NUD_FAILED, "FAILED" }, { NUD_NOARP, "NOARP" },
		{ NUD_PERMANENT, "PERMANENT" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (state & names[i].bit)
			return names[i].name;
	return "NONE";
}

/* Wait for the router to answer ARP after t0 (just before we first sent):
 * only a REACHABLE entry confirmed since then counts. An old STALE entry
 * turns DELAY, then PROBE, when used; that is the kernel still asking, not
 * an answer, so the wait covers its DELAY time and one probe. */
static bool net_gateway_arp(struct probe_ctx *ctx, struct in_addr gw, const char *ifname,
			    int64_t t0, struct check_result *res)
{
	int64_t until = clock_ms() + sys_neigh_recheck_ms(ifname) + NET_GW_ARP_MARGIN_MS;
	struct sys_neigh n = { 0 };
	char mac[18];

	net_gateway_nudge(gw);
	for (;;) {
		int left = (int)(until - clock_ms()), rem = probe_remaining_ms(ctx) - 50;

		if (rem < left)
			left = rem;
		if (probe_cancelled(ctx) || left <= 0)
			break;
		/* The table read may wait; never past what the check has left. */
		if (sys_neigh_lookup(gw.s_addr, left < 500 ? left : 500, &n) && n.found) {
			if ((n.state & NUD_REACHABLE) && n.have_confirmed &&
			    n.asked_ms - n.confirmed_ago_ms > t0 + NET_GW_AFTER_MS) {
				sys_mac_format(n.mac, mac);
				result_metric_text(res, "gateway_mac", n.have_mac ? mac : "");
				result_metric_text(res, "probe_method", "arp");
				result_detail(res, "no echo reply; ARP answer from %s",
					      n.have_mac ? mac : "?");
				return true;
			}
			/* The kernel gave up, or never asks (static entry). */
			if (n.state & (NUD_FAILED | NUD_PERMANENT | NUD_NOARP))
				break;
			if (n.state & NUD_STALE)
				net_gateway_nudge(gw);
		}
		left = (int)(until - clock_ms());
		clock_sleep_ms(left < 50 ? (left > 0 ? left : 0) : 50);
	}
	if (n.found && n.have_confirmed && t0 > n.asked_ms - n.confirmed_ago_ms)
		result_detail(res, "no echo reply; ARP entry %s, last answer %lld ms before the check",
			      net_gateway_nud_name(n.state),
			      (long long)(t0 - (n.asked_ms - n.confirmed_ago_ms)));
	else if (n.found && n.have_confirmed)
		result_detail(res, "no echo reply; ARP entry %s, last answer as the check began",
			      net_gateway_nud_name(n.state));
	else
		result_detail(res, "no echo reply; no ARP answer (entry %s)",
			      n.found ? net_gateway_nud_name(n.state) : "none");
	return false;
}

/* network.gateway: a default route, and its router answering. */
void net_gateway_run(struct probe_ctx *ctx, struct check_result *res)
{
	struct sys_iface ifc;
	enum sys_iface_how how;
	struct sys_route rt;
	struct in_addr gwa;
	char gw[INET_ADDRSTRLEN];
	int64_t t0, start = clock_ms();

	/* The router of the interface every check judges (network.link's);
	 * when the default route runs over a tunnel beside it, that route's. */
	how = net_judged_iface(ctx->cfg, &ifc);
	if (!(ifc.exists && sys_route_default(ifc.name, &rt)) &&
	    !(how == SYS_IFACE_LAN && sys_route_default(NULL, &rt))) {
		result_arg(res, "iface", "%s", ifc.name[0] ? ifc.name : "-");
		result_metric_text(res, "interface", ifc.name);
		result_set(res, STATUS_FAIL, "net.no_gateway");
		return;
	}
	result_arg(res, "iface", "%s", rt.ifname);
	result_metric_text(res, "interface", rt.ifname);
	if (rt.gateway == 0) {
		/* "default dev ppp0": the link itself is the way out. */
		result_arg(res, "gateway", "%s", rt.ifname);
		result_metric_text(res, "gateway", "direct");
		result_set(res, STATUS_OK, "net.ok");
		return;
	}
	gwa.s_addr = rt.gateway;
	inet_ntop(AF_INET, &gwa, gw, sizeof(gw));
	result_arg(res, "gateway", "%s", gw);
	result_metric_text(res, "gateway", gw);
	t0 = clock_ms();
	clock_sleep_ms(NET_GW_QUIET_MS);
	if (net_gateway_ping(ctx, gwa, res) ||
	    net_gateway_arp(ctx, gwa, rt.ifname, t0, res)) {
		result_set(res, STATUS_OK, "net.ok");
		return;
	}
	/* The ARP wait ends well before the deadline: reaching it means the
	 * time ran out, which says nothing about the router. */
	if (probe_remaining_ms(ctx) <= NET_GW_DEADLINE_NEAR_MS) {
		result_set(res, STATUS_FAIL, "check.timeout");
		result_arg(res, "timeout_s", "%.1f", (double)(ctx->deadline_ms - start) / 1000.0);
		return;
	}
	if (probe_cancelled(ctx)) {
		result_set(res, STATUS_SKIP, "check.cancelled");
		return;
	}
	result_set(res, STATUS_FAIL, "net.gateway_unreachable");
}
