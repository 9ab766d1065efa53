/* arp_gateway.c - arp.gateway: who answers for the default gateway's address?
 *
 * One MAC is normal. Two or more physical MACs mean either a gateway plugged
 * into the LAN with two ports that answers from both (ARP flux, harmless) or
 * another device claiming to be the gateway (ARP spoofing). The two are told
 * apart by asking for another address those MACs use: the ports of one
 * machine answer for each other's addresses too, a spoofer and the real
 * gateway do not. First-hop redundancy MACs (VRRP, HSRP) are named, not
 * alarmed. The MAC is remembered between runs to notice a change.
 */
#include "arp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

#define MIN_WAIT_MS      10
#define MAX_REQUESTS     20
#define MAX_OTHER_IPS    SYS_IF_MAX_ADDRS
#define DEADLINE_MARGIN_MS 50
#define POLL_SLICE_MS    50
#define NEIGH_MAX        256    /* neighbour entries looked at */
#define NEIGH_WAIT_MS    300    /* for the kernel's table dump */

/* The kind of a gateway MAC. */
enum gw_kind { GW_PHYSICAL, GW_VRRP, GW_HSRP };

/* RFC 5798 §7.3: IPv4 VRRP virtual router MAC 00-00-5E-00-01-{VRID};
 * Cisco HSRP v1 00-00-0C-07-AC-{group}, v2 00-00-0C-9F-F{group:3 hex}. */
static enum gw_kind gw_mac_kind(const uint8_t m[6], int *group)
{
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x5e && m[3] == 0x00 && m[4] == 0x01) {
		*group = m[5];
		return GW_VRRP;
	}
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x0c && m[3] == 0x07 && m[4] == 0xac) {
		*group = m[5];
		return GW_HSRP;
	}
	if (m[0] == 0x00 && m[1] == 0x00 && m[2] == 0x0c && m[3] == 0x9f && (m[4] & 0xf0) == 0xf0) {
		*group = ((m[4] & 0x0f) << 8) | m[5];
		return GW_HSRP;
	}
	return GW_PHYSICAL;
}

/* Send requests for the addresses in ips over wait_ms and collect every
 * frame whose sender IP is one of them, into claims[i] for ips[i].
 * Returns the number of requests sent, or -1 on a socket error (errno). */
static int gw_ask(struct probe_ctx *ctx, struct arp_sock *s, uint32_t our_ip,
		  const uint32_t *ips, int n_ips, int n_req, int wait_ms,
		  struct arp_claims *claims, int64_t *first_us, bool *cut)
{
	int64_t start = clock_us(), end = start + (int64_t)wait_ms * 1000;
	int64_t limit = start + (int64_t)(probe_remaining_ms(ctx) - DEADLINE_MARGIN_MS) * 1000;
	int64_t spacing = (int64_t)wait_ms * 1000 / (2 * n_req);
	int sent = 0, next = 0, send_err = 0;

	if (end > limit) {
		end = limit;
		*cut = true;
	}
	while (!probe_cancelled(ctx)) {
		int64_t now = clock_us(), until;
		struct arp_frame f;
		int rc;

		while (next < n_req && start + next * spacing <= now) {
			for (int i = 0; i < n_ips; i++)
				if (arp_sock_send(s, our_ip, ips[i], NULL) == 0)
					sent++;
				else
					send_err = errno;
			next++;
			probe_progress(ctx, next, n_req);
		}
		if (now >= end)
			break;
		until = next < n_req ? start + next * spacing : end;
		if (until > end)
			until = end;
		if (until > now + POLL_SLICE_MS * 1000)
			until = now + POLL_SLICE_MS * 1000;
		rc = arp_sock_recv(s, until, &f);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		for (int i = 0; i < n_ips; i++) {
			if (f.spa != ips[i])
				continue;
			if (first_us && !*first_us)
				*first_us = f.at_us;
			arp_claims_add(&claims[i], f.sha, f.spa, false, f.at_us);
		}
	}
	if (probe_cancelled(ctx) || next < n_req)
		*cut = true;
	/* Not one request left: the silence means nothing. */
	if (sent == 0 && send_err) {
		errno = send_err;
		return -1;
	}
	return sent;
}

/* Other IPv4 addresses that the neighbour table links to the MACs in cl
 * (an address of theirs besides the gateway's); returns how many. */
static int gw_other_ips(int ifindex, uint32_t gw, const struct arp_claims *cl,
			uint32_t out[MAX_OTHER_IPS])
{
	struct sys_neigh all[NEIGH_MAX];
	int n = 0, n_all = sys_neigh_list(ifindex, NEIGH_WAIT_MS, all, NEIGH_MAX);

	for (int e = 0; e < n_all && n < MAX_OTHER_IPS; e++) {
		if (all[e].addr == gw)
			continue;
		for (int i = 0; i < cl->n; i++) {
			if (memcmp(cl->c[i].mac, all[e].mac, 6) == 0) {
				out[n++] = all[e].addr;
				break;
			}
		}
	}
	return n;
}

/* Whether every physical gateway MAC is linked to the others by answering
 * for one other address too (the ports of one machine: ARP flux). */
static bool gw_is_flux(const struct arp_claims *gwc, const bool *physical,
		       const struct arp_claims *other, int n_other)
{
	int group[ARP_MAX_CLAIMS];
	bool changed = true;

	for (int i = 0; i < gwc->n; i++)
		group[i] = i;
	/* Join MACs that both answered for one other address, until stable. */
	while (changed) {
		changed = false;
		for (int k = 0; k < n_other; k++) {
			int g = -1;

			for (int i = 0; i < gwc->n; i++) {
				bool in = false;

				for (int j = 0; j < other[k].n && !in; j++)
					in = memcmp(other[k].c[j].mac, gwc->c[i].mac, 6) == 0;
				if (!in || !physical[i])
					continue;
				if (g < 0)
					g = group[i];
				else if (group[i] != g) {
					int old = group[i];

					for (int m = 0; m < gwc->n; m++)
						if (group[m] == old)
							group[m] = g;
					changed = true;
				}
			}
		}
	}
	for (int i = 0, g = -1; i < gwc->n; i++) {
		if (!physical[i])
			continue;
		if (g < 0)
			g = group[i];
		else if (group[i] != g)
			return false;
	}
	return true;
}

/* "mac (vendor)" list of the claims into out. */
static void gw_list(const struct arp_claims *cl, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < cl->n && used + 1 < len; i++) {
		char mac[18], vendor[ARP_VENDOR_MAX];
		int w;

		sys_mac_format(cl->c[i].mac, mac);
		arp_oui_vendor(cl->c[i].mac, vendor, sizeof(vendor));
		w = snprintf(out + used, len - used, "%s%s%s%s%s", i ? ", " : "", mac,
			     vendor[0] ? " (" : "", vendor, vendor[0] ? ")" : "");
		if (w > 0)
			used = used + (size_t)w < len ? used + (size_t)w : len - 1;
	}
}

/* Compare with the remembered MAC and remember the current one. Returns true
 * when it changed (res then says so). */
static bool gw_check_memory(struct check_result *res, const char *ifname, uint32_t gw,
			    const struct arp_claims *cl)
{
	uint8_t old[6];
	int rc = arp_state_get(ifname, gw, old);
	char old_s[18], vendor[ARP_VENDOR_MAX], eb[24];

	if (rc == 1) {
		/* Still the one we knew: nothing to write (spares SD cards). */
		for (int i = 0; i < cl->n; i++)
			if (memcmp(cl->c[i].mac, old, 6) == 0)
				return false;
		sys_mac_format(old, old_s);
		arp_oui_vendor(old, vendor, sizeof(vendor));
		result_set(res, STATUS_WARN, "arp.gateway_mac_changed");
		result_arg(res, "old_mac", "%s", old_s);
		result_arg(res, "old_vendor", "%s", vendor[0] ? vendor : "?");
		result_metric_text(res, "old_gateway_mac", old_s);
		result_detail(res, "remembered gateway MAC %s %s, now %s", old_s,
			      vendor[0] ? vendor : "(unknown vendor)",
			      result_find_arg(res, "mac"));
	} else if (rc < 0) {
		result_detail(res, "could not read the remembered gateway MAC: %s",
			      errno_text(errno, eb, sizeof(eb)));
	}
	if (arp_state_put(ifname, gw, cl->c[0].mac) != 0)
		result_detail(res, "could not remember the gateway MAC: %s",
			      errno_text(errno, eb, sizeof(eb)));
	return rc == 1;
}

/* Say which of several MACs was the gateway on earlier runs: most likely
 * the real one, and the other the device to look for. */
static void gw_note_known(struct check_result *res, const char *ifname, uint32_t gw,
			  const struct arp_claims *cl)
{
	uint8_t old[6];
	char mac[18];

	if (arp_state_get(ifname, gw, old) != 1)
		return;
	sys_mac_format(old, mac);
	for (int i = 0; i < cl->n; i++) {
		if (memcmp(cl->c[i].mac, old, 6) == 0) {
			result_arg(res, "known_mac", "%s", mac);
			result_detail(res, "%s answered for the gateway on earlier runs too; "
				      "the other MAC is new", mac);
			return;
		}
	}
}

/* Find the interface and its gateway; false when res already says why not.
 * The router is the default route's through the judged interface; when
 * the default route runs over a link beside it without ARP (a VPN tunnel,
 * mobile data), that link is named as the reason there is nothing to ask. */
static bool gw_target(const struct config *cfg, struct check_result *res,
		      struct sys_iface *ifc, uint32_t *gw)
{
	struct sys_route rt;
	enum arp_if_problem pb;

	arp_iface_choose(cfg, ifc);
	pb = arp_iface_problem(ifc);
	if (pb != ARP_IF_USABLE) {
		arp_result_iface(res, ifc, pb);
		return false;
	}
	if (sys_route_default(ifc->name, &rt) && rt.gateway) {
		*gw = rt.gateway;
		return true;
	}
	if (!config_interface(cfg, cfg->arp.interface) && sys_route_default(NULL, &rt) &&
	    rt.gateway && strcmp(rt.ifname, ifc->name) != 0) {
		struct sys_iface via;

		sys_iface_query(rt.ifname, &via);
		pb = arp_iface_problem(&via);
		if (pb != ARP_IF_USABLE) {
			arp_result_iface(res, &via, pb);
			return false;
		}
	}
	result_set(res, STATUS_WARN, "arp.no_gateway");
	arp_result_iface_facts(res, ifc);
	result_detail(res, "no default route through %s", ifc->name);
	return false;
}

/* The address we speak from: ours in the gateway's subnet, else the first. */
static uint32_t gw_our_ip(const struct sys_iface *ifc, uint32_t gw)
{
	for (int i = 0; i < ifc->n_addrs; i++)
		if ((ifc->addrs[i] & ifc->masks[i]) == (gw & ifc->masks[i]))
			return ifc->addrs[i];
	return ifc->addrs[0];
}

/* arp.gateway: who answers for the gateway, and is it the one we knew. */
void arp_gateway_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct sys_iface ifc;
	struct arp_sock s;
	struct arp_claims gwc, other[MAX_OTHER_IPS];
	bool physical[ARP_MAX_CLAIMS];
	uint32_t gw, others[MAX_OTHER_IPS];
	int64_t start_us, first_us = 0;
	int wait = cfg->arp.wait_ms < MIN_WAIT_MS ? MIN_WAIT_MS : cfg->arp.wait_ms;
	int n_req = cfg->arp.probes < 1 ? 1 : cfg->arp.probes > MAX_REQUESTS ? MAX_REQUESTS
									  : cfg->arp.probes;
	int sent, n_phys = 0, n_virtual = 0, n_other = 0, group = 0;
	bool cut = false;
	char gw_s[16], list[ARG_VALUE_MAX];

	if (!gw_target(cfg, res, &ifc, &gw))
		return;
	sys_ip_format(gw, gw_s);
	if (arp_sock_open(&s, &ifc, &gw, 1, false) != 0) {
		arp_result_sock_error(res, errno, "ARP socket");
		arp_result_iface_facts(res, &ifc);
		result_arg(res, "gateway", "%s", gw_s);
		return;
	}
	memset(&gwc, 0, sizeof(gwc));
	start_us = clock_us();
	sent = gw_ask(ctx, &s, gw_our_ip(&ifc, gw), &gw, 1, n_req, wait, &gwc, &first_us, &cut);
	if (sent < 0)
		goto sock_error;

	arp_result_iface_facts(res, &ifc);
	result_arg(res, "gateway", "%s", gw_s);
	result_metric(res, "requests_sent", sent);
	result_metric(res, "gateway_macs", gwc.n);
	/* Never a verdict from a window the deadline or a cancel cut short. */
	if (cut) {
		arp_sock_close(&s);
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.check.cut_short", "%s",
				     "stopped before the listening window ended");
		return;
	}
	if (gwc.n == 0) {
		arp_sock_close(&s);
		result_set(res, STATUS_FAIL, "arp.gateway_no_answer");
		return;
	}
	result_metric(res, "answer_ms", (double)(first_us - start_us) / 1000.0);
	for (int i = 0; i < gwc.n; i++) {
		enum gw_kind k = gw_mac_kind(gwc.c[i].mac, &group);
		char mac[18], vendor[ARP_VENDOR_MAX];

		physical[i] = k == GW_PHYSICAL;
		n_phys += physical[i];
		n_virtual += !physical[i];
		sys_mac_format(gwc.c[i].mac, mac);
		arp_oui_vendor(gwc.c[i].mac, vendor, sizeof(vendor));
		if (i == 0) {
			result_arg(res, "mac", "%s", mac);
			result_arg(res, "vendor", "%s", vendor[0] ? vendor : "?");
			result_metric_text(res, "gateway_mac", mac);
			result_metric_text(res, "gateway_vendor", vendor[0] ? vendor : "unknown");
		}
		result_detail(res, "gateway %s answered from %s %s: %d frame(s), first after %.1f ms%s",
			      gw_s, mac, vendor[0] ? vendor : "(unknown vendor)", gwc.c[i].frames,
			      (double)(gwc.c[i].first_us - start_us) / 1000.0,
			      k == GW_VRRP ? " (VRRP virtual router)" :
			      k == GW_HSRP ? " (HSRP virtual router)" : "");
		if (k != GW_PHYSICAL) {
			result_arg(res, "protocol", "%s", k == GW_VRRP ? "VRRP" : "HSRP");
			result_arg(res, "group", "%d", group);
		}
	}
	gw_list(&gwc, list, sizeof(list));
	result_arg(res, "macs", "%s", list);

	if (n_phys >= 2) {
		/* Two machines, or one machine with two ports? Ask for the other
		 * addresses the neighbour table links to those MACs. */
		memset(other, 0, sizeof(other));
		n_other = gw_other_ips(ifc.ifindex, gw, &gwc, others);
		if (n_other > 0 &&
		    (arp_sock_refilter(&s, others, n_other, false) != 0 ||
		     gw_ask(ctx, &s, gw_our_ip(&ifc, gw), others, n_other, n_req, wait,
			    other, NULL, &cut) < 0))
			goto sock_error;
		arp_sock_close(&s);
		/* Same rule as the first window: a cut window gives no verdict,
		 * neither the alarm nor a clean "flux". */
		if (cut) {
			result_set(res, STATUS_FAIL, "check.error");
			result_error(res, "error.check.cut_short", "%s",
				     "stopped before the listening window ended");
			return;
		}
		for (int k = 0; k < n_other; k++) {
			char ip[16], l[ARG_VALUE_MAX];

			sys_ip_format(others[k], ip);
			gw_list(&other[k], l, sizeof(l));
			result_detail(res, "%s answered from: %s", ip, other[k].n ? l : "(nobody)");
		}
		if (n_other > 0 && gw_is_flux(&gwc, physical, other, n_other)) {
			result_set(res, STATUS_OK, "arp.gateway_flux");
			gw_check_memory(res, ifc.name, gw, &gwc);
			return;
		}
		result_set(res, STATUS_FAIL, "arp.gateway_multiple_macs");
		gw_note_known(res, ifc.name, gw, &gwc);
		if (n_other == 0)
			result_detail(res, "%s", "no other address of these MACs is known, so one "
				      "machine with two ports cannot be told from a spoofer");
		return;
	}
	arp_sock_close(&s);
	result_set(res, STATUS_OK, n_virtual ? "arp.gateway_redundant" : "arp.ok");
	gw_check_memory(res, ifc.name, gw, &gwc);
	return;

sock_error:
	{
		int err = errno;

		arp_sock_close(&s);
		arp_result_sock_error(res, err, "ARP on the gateway");
		arp_result_iface_facts(res, &ifc);
		result_arg(res, "gateway", "%s", gw_s);
	}
}
