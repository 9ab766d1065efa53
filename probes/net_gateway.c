/* net_gateway.c - network.gateway: a default route exists and the router it
 * names answers, to ICMP echo or, when it ignores pings, at least to ARP.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"

#define NET_GW_PINGS        3
#define NET_GW_INTERVAL_MS  50
#define NET_GW_ARP_WAIT_MS  1000
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

		if (fd < 0)
			continue;
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

/* Make the kernel resolve gw's MAC (one empty UDP datagram to the discard
 * port) and wait for a confirmed neighbour entry. */
static bool net_gateway_arp(struct probe_ctx *ctx, struct in_addr gw,
			    struct check_result *res)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = gw,
				  .sin_port = htons(NET_DISCARD_PORT) };
	int64_t until = clock_ms() + NET_GW_ARP_WAIT_MS;
	char mac[24];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd >= 0) {
		(void)sendto(fd, "", 0, 0, (struct sockaddr *)&sa, sizeof(sa));
		close(fd);
	}
	while (!probe_cancelled(ctx) && probe_remaining_ms(ctx) > 100) {
		if (net_neigh_confirmed(gw, mac, sizeof(mac))) {
			result_metric_text(res, "gateway_mac", mac);
			result_metric_text(res, "probe_method", "arp");
			result_detail(res, "no echo reply; ARP entry %s", mac);
			return true;
		}
		if (clock_ms() >= until)
			break;
		clock_sleep_ms(50);
	}
	return false;
}

/* network.gateway: a default route, and its router answering. */
void net_gateway_run(struct probe_ctx *ctx, struct check_result *res)
{
	struct net_route rt;
	char gw[INET_ADDRSTRLEN];

	if (!net_route_default(&rt)) {
		result_set(res, STATUS_FAIL, "net.no_gateway");
		return;
	}
	result_arg(res, "iface", "%s", rt.ifname);
	if (rt.gateway.s_addr == 0) {
		/* "default dev ppp0": the link itself is the way out. */
		result_arg(res, "gateway", "%s", rt.ifname);
		result_metric_text(res, "gateway", "direct");
		result_set(res, STATUS_OK, "net.ok");
		return;
	}
	inet_ntop(AF_INET, &rt.gateway, gw, sizeof(gw));
	result_arg(res, "gateway", "%s", gw);
	result_metric_text(res, "gateway", gw);
	if (net_gateway_ping(ctx, rt.gateway, res) || net_gateway_arp(ctx, rt.gateway, res)) {
		result_set(res, STATUS_OK, "net.ok");
		return;
	}
	if (probe_cancelled(ctx)) {
		result_set(res, STATUS_SKIP, "check.cancelled");
		return;
	}
	result_set(res, STATUS_FAIL, "net.gateway_unreachable");
}
