/* lan_terminal.c - lan.terminal:<name>: one configured card terminal on the
 * shop LAN. Is it there (ten ARP requests: round trip and loss), with the
 * MAC it should have, in our network, alone on its address; does its ECR
 * port take a connection; and does its address look like one the router
 * hands out. */
#include "lan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

#define ROUNDS        10     /* ARP requests to the terminal */
#define ROUND_MS      100    /* between them */
#define ECR_WAIT_MS   1000   /* for the ECR port's answer */
#define NEIGH_WAIT_MS 200
#define LAST_ANSWER_MS 300   /* after the last request */

/* One round: when it was sent, and the first reply's round trip. */
struct round {
	int64_t sent_us;
	double rtt_ms;       /* < 0: no reply */
};

/* What the run found out about the terminal. */
struct term_state {
	uint32_t ip_cfg;             /* configured address, 0 when none */
	bool has_mac;
	uint8_t mac_cfg[6];
	uint32_t target;             /* address asked (configured or found by MAC) */
	struct round rounds[ROUNDS];
	int replies;
};

/* The address the kernel's neighbour table has for mac on ifindex, or 0. */
static uint32_t neigh_ip_of(int ifindex, const uint8_t mac[6])
{
	struct sys_neigh *list = calloc(256, sizeof(*list));
	uint32_t ip = 0;
	int n;

	if (!list)
		return 0;
	n = sys_neigh_list(ifindex, NEIGH_WAIT_MS, list, 256);
	for (int i = 0; i < n && !ip; i++)
		if (list[i].have_mac && memcmp(list[i].mac, mac, 6) == 0)
			ip = list[i].addr;
	free(list);
	return ip;
}

/* Ten requests for st->target, paced, hearing every frame meanwhile; then
 * listening until the configured window is over. */
static int ask_rounds(struct probe_ctx *ctx, struct arp_sock *s, const struct sys_iface *ifc,
		      struct term_state *st, int listen_ms, struct lan_seen *seen)
{
	int64_t start = clock_us(), end = start + (int64_t)listen_ms * 1000;
	int64_t last_answer = start + (int64_t)(ROUNDS * ROUND_MS + LAST_ANSWER_MS) * 1000;
	int64_t hard = start + (int64_t)(probe_remaining_ms(ctx) - 300) * 1000;
	struct arp_frame f;

	for (int r = 0; r < ROUNDS; r++)
		st->rounds[r].rtt_ms = -1;
	if (end < last_answer)
		end = last_answer;
	for (int r = 0; r < ROUNDS + 1; r++) {
		int64_t until = r < ROUNDS ? start + (int64_t)(r + 1) * ROUND_MS * 1000 : end;
		int rc;

		if (probe_cancelled(ctx) || clock_us() >= hard)
			break;
		if (r < ROUNDS) {
			st->rounds[r].sent_us = clock_us();
			if (arp_sock_send(s, ifc->addrs[0], st->target, NULL) != 0 &&
			    errno != ENOBUFS && errno != EAGAIN)
				return -1;
			probe_progress(ctx, r + 1, ROUNDS);
		}
		if (until > hard)
			until = hard;
		while ((rc = arp_sock_recv(s, until, &f)) > 0) {
			bool reply = f.op == ARP_OP_REPLY && f.tpa == ifc->addrs[0];

			lan_seen_add(seen, &f, reply);
			/* ARP replies carry no sequence number: each one answers the
			 * oldest round still unanswered, so a reply delayed past the
			 * next request counts as late, not as two rounds' worth. */
			if (reply && f.spa == st->target) {
				for (int k = 0; k < ROUNDS; k++) {
					if (!st->rounds[k].sent_us || st->rounds[k].sent_us > f.at_us)
						break;
					if (st->rounds[k].rtt_ms < 0) {
						st->rounds[k].rtt_ms = (double)(f.at_us -
							st->rounds[k].sent_us) / 1000.0;
						st->replies++;
						break;
					}
				}
			}
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* "mac (maker or vendor)" of a MAC; *is_terminal: a terminal maker's. */
static void mac_label(const uint8_t mac[6], const struct maker_list *makers, char *out,
		      size_t len, char *vendor, size_t vlen)
{
	const struct maker *m;
	char s[18];

	arp_oui_vendor(mac, vendor, vlen);
	m = makers_match(makers, mac, vendor);
	sys_mac_format(mac, s);
	snprintf(out, len, "%s (%s)", s, m ? m->name : vendor[0] ? vendor : "?");
}

/* Round-trip and loss metrics of the rounds. */
static double rounds_metrics(const struct term_state *st, struct check_result *res)
{
	double sum = 0, max = 0;
	int n = 0, sent = 0;

	for (int r = 0; r < ROUNDS; r++) {
		if (!st->rounds[r].sent_us)
			continue;
		sent++;
		if (st->rounds[r].rtt_ms < 0)
			continue;
		sum += st->rounds[r].rtt_ms;
		max = st->rounds[r].rtt_ms > max ? st->rounds[r].rtt_ms : max;
		n++;
		result_sample(res, st->rounds[r].rtt_ms);
	}
	result_metric(res, "arp_sent", sent);
	result_metric(res, "arp_received", n);
	if (n) {
		result_metric(res, "rtt_avg_ms", sum / n);
		result_metric(res, "rtt_max_ms", max);
	}
	result_metric(res, "loss_pct", sent ? 100.0 * (sent - n) / sent : 100.0);
	result_arg(res, "loss", "%.0f", sent ? 100.0 * (sent - n) / sent : 100.0);
	return sent ? 100.0 * (sent - n) / sent : 100.0;
}

/* The verdict, worst finding first. */
static void judge(struct probe_ctx *ctx, const struct cfg_terminal *t, struct term_state *st,
		  const struct sys_iface *ifc, bool dhcp, const struct lan_seen *seen,
		  const struct maker_list *makers, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	uint32_t net = ifc->addrs[0] & ifc->masks[0];
	char label[96], vendor[ARP_VENDOR_MAX], ip[16], list[ARG_VALUE_MAX];
	int owners[8], n_owners = 0, primary = -1, elsewhere = -1;
	double loss;
	size_t o = 0;

	/* Who claims the target address; where the configured MAC is. */
	for (int i = 0; i < seen->n; i++) {
		if (st->target && seen->d[i].ip == st->target && n_owners < 8)
			owners[n_owners++] = i;
		if (st->has_mac && memcmp(seen->d[i].mac, st->mac_cfg, 6) == 0 &&
		    seen->d[i].ip != st->target && elsewhere < 0)
			elsewhere = i;
	}
	list[0] = '\0';
	for (int k = 0; k < n_owners; k++) {
		const struct lan_device *d = &seen->d[owners[k]];

		mac_label(d->mac, makers, label, sizeof(label), vendor, sizeof(vendor));
		o += (size_t)snprintf(list + o, o < sizeof(list) ? sizeof(list) - o : 0, "%s%s",
				      k ? ", " : "", label);
		if (primary < 0 || (st->has_mac && memcmp(d->mac, st->mac_cfg, 6) == 0) ||
		    (d->answered && !seen->d[primary].answered))
			primary = owners[k];
	}
	if (st->target) {
		sys_ip_format(st->target, ip);
		result_arg(res, "terminal_ip", "%s", ip);
		result_metric_text(res, "terminal_ip", ip);
	} else {
		/* Only its MAC is known, and it was not heard. */
		result_arg(res, "terminal_ip", "%s", t->mac);
	}
	loss = rounds_metrics(st, res);
	if (n_owners >= 2) {
		result_arg(res, "clash_ip", "%s", ip);
		result_arg(res, "claimants", "%s", list);
		result_detail(res, "address %s claimed by %d devices: %s", ip, n_owners, list);
		result_set(res, STATUS_FAIL, "lan.address_clash");
		return;
	}
	if (primary < 0 && elsewhere >= 0) {
		/* Not at its address: the configured MAC speaks from another. */
		const struct lan_device *d = &seen->d[elsewhere];

		mac_label(d->mac, makers, label, sizeof(label), vendor, sizeof(vendor));
		result_arg(res, "mac", "%s", label);
		sys_ip_format(d->ip, ip);
		result_arg(res, "seen_ip", "%s", ip);
		result_metric_text(res, "seen_ip", ip);
		if ((d->ip & ifc->masks[0]) != net) {
			result_arg(res, "terminal_ip", "%s", ip);
			result_set(res, STATUS_FAIL, "lan.terminal_wrong_subnet");
		} else {
			result_set(res, STATUS_FAIL, "lan.terminal_moved");
		}
		return;
	}
	if (primary < 0) {
		result_set(res, STATUS_FAIL, "lan.terminal_missing");
		if (!st->target)
			result_detail(res, "MAC %s not heard on %s", t->mac, ifc->name);
		return;
	}
	mac_label(seen->d[primary].mac, makers, label, sizeof(label), vendor, sizeof(vendor));
	result_arg(res, "mac", "%s", label);
	{
		char macs[18];

		sys_mac_format(seen->d[primary].mac, macs);
		result_metric_text(res, "mac", macs);
	}
	result_metric_text(res, "vendor", vendor[0] ? vendor : "?");
	if ((st->target & ifc->masks[0]) != net) {
		result_set(res, STATUS_FAIL, "lan.terminal_wrong_subnet");
		return;
	}
	if (t->port) {
		double ms;
		int err = lan_tcp_try(st->target, t->port, ECR_WAIT_MS, &ms);
		char eb[24];

		result_arg(res, "port", "%d", t->port);
		result_metric(res, "ecr_port", t->port);
		if (err == 0) {
			result_metric(res, "ecr_connect_ms", ms);
			result_metric_text(res, "ecr", "open");
		} else {
			result_metric_text(res, "ecr", err == ECONNREFUSED ? "refused" : "silent");
			result_detail(res, "ECR port %d: %s after %.0f ms", t->port,
				      errno_text(err, eb, sizeof(eb)), ms);
			result_set(res, STATUS_FAIL, err == ECONNREFUSED ? "lan.ecr_refused" :
				   "lan.ecr_silent");
			return;
		}
	}
	if (loss >= cfg->network.thresholds.loss_fail_pct && loss > 0) {
		result_set(res, STATUS_FAIL, "lan.terminal_loss");
		return;
	}
	if (st->has_mac && memcmp(seen->d[primary].mac, st->mac_cfg, 6) != 0) {
		result_arg(res, "expected_mac", "%s", t->mac);
		result_set(res, STATUS_WARN, "lan.terminal_mac_changed");
		return;
	}
	if (loss >= cfg->network.thresholds.loss_warn_pct && loss > 0) {
		result_set(res, STATUS_WARN, "lan.terminal_loss");
		return;
	}
	/* A fixed address in the subnet our own DHCP lease came from may be
	 * one the router also hands out: said as a possibility, never a fact. */
	if (dhcp && st->ip_cfg) {
		result_set(res, STATUS_WARN, "lan.terminal_dhcp_range");
		return;
	}
	result_set(res, STATUS_OK, "lan.terminal_ok");
}

/* Sweep our subnet for the terminal's MAC (or hear it announce itself).
 * On a socket failure fills res, closes s and returns -1. */
static int find_by_mac(struct probe_ctx *ctx, struct arp_sock *s, const struct sys_iface *ifc,
		       const struct term_state *st, struct lan_seen *seen,
		       struct check_result *res)
{
	uint32_t *targets = malloc(LAN_MAX_TARGETS * sizeof(*targets));
	struct lan_plan plan = { ifc->addrs[0], targets, 0, ctx->cfg->lan.rate,
				 ctx->cfg->lan.listen_ms, 2 };
	uint32_t known = neigh_ip_of(ifc->ifindex, st->mac_cfg);
	char eb[24];
	bool whole;

	if (!targets) {
		arp_sock_close(s);
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "out of memory");
		return -1;
	}
	/* The kernel may know its address already: ask that one first. */
	plan.n_targets = lan_targets(ifc->addrs[0], ifc->masks[0], &known, known ? 1 : 0,
				     targets, LAN_MAX_TARGETS, &whole);
	if (known && whole) {
		for (int i = 0; i < plan.n_targets; i++)
			if (targets[i] == known) {
				targets[i] = targets[0];
				targets[0] = known;
			}
	}
	if (lan_sweep(ctx, s, &plan, seen) != 0) {
		int err = errno;

		free(targets);
		arp_sock_close(s);
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "ARP sweep: %s", errno_text(err, eb, sizeof(eb)));
		return -1;
	}
	free(targets);
	return 0;
}

/* lan.terminal:<name>. */
void lan_terminal_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const struct cfg_terminal *t;
	struct term_state st;
	struct maker_list *makers = NULL;
	struct lan_seen *seen = NULL;
	struct sys_iface ifc;
	struct arp_sock s;
	struct in_addr a;
	bool dhcp;
	char eb[24];

	if (ctx->instance < 0 || ctx->instance >= cfg->lan.n_terminals) {
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "no terminal %d in the configuration", ctx->instance);
		return;
	}
	t = &cfg->lan.terminals[ctx->instance];
	result_arg(res, "name", "%s", t->name);
	memset(&st, 0, sizeof(st));
	if (t->address[0] && inet_pton(AF_INET, t->address, &a) == 1)
		st.ip_cfg = a.s_addr;
	st.has_mac = t->mac[0] && sys_mac_parse(t->mac, st.mac_cfg);
	if (!lan_iface_usable(cfg, &ifc, res))
		return;
	seen = calloc(1, sizeof(*seen));
	makers = malloc(sizeof(*makers));
	if (!seen || !makers) {
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "out of memory");
		goto out;
	}
	if (lan_sock_open(ctx, &s, &ifc, res) != 0)
		goto out;
	st.target = st.ip_cfg;
	if (!st.target && st.has_mac)
		st.target = neigh_ip_of(ifc.ifindex, st.mac_cfg);
	if (!st.target && st.has_mac) {
		/* Only its MAC is known: sweep our subnet to find it. */
		int i;

		if (find_by_mac(ctx, &s, &ifc, &st, seen, res) != 0)
			goto out;
		/* Its address in our subnet, else any it was heard with. */
		for (i = 0; i < seen->n; i++)
			if (memcmp(seen->d[i].mac, st.mac_cfg, 6) == 0 &&
			    (seen->d[i].ip & ifc.masks[0]) == (ifc.addrs[0] & ifc.masks[0]))
				break;
		if (i == seen->n)
			i = lan_seen_find(seen, st.mac_cfg, 0);
		if (i >= 0)
			st.target = seen->d[i].ip;
	}
	if (st.target && ask_rounds(ctx, &s, &ifc, &st, cfg->lan.listen_ms, seen) != 0) {
		int err = errno;

		arp_sock_close(&s);
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "ARP: %s", errno_text(err, eb, sizeof(eb)));
		goto out;
	}
	/* Nothing at its address: is it somewhere else (a new address)? */
	if (st.target && st.replies == 0 && st.has_mac && lan_seen_find(seen, st.mac_cfg, 0) < 0 &&
	    find_by_mac(ctx, &s, &ifc, &st, seen, res) != 0)
		goto out;
	arp_sock_close(&s);
	lan_makers_load(makers, res);
	dhcp = lan_result_facts(res, &ifc);
	judge(ctx, t, &st, &ifc, dhcp, seen, makers, res);
	if (t->address[0])
		result_arg(res, "address", "%s", t->address);
	result_arg(res, "expected_mac", "%s", t->mac[0] ? t->mac : "-");
out:
	free(seen);
	free(makers);
}
