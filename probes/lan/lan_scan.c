/* lan_scan.c - lan.scan: every device on the shop LAN, which of them are
 * card terminals, a terminal set to another network, one address claimed by
 * two devices. */
#include "lan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

/* What the scan learnt about one MAC (all its addresses). */
struct mac_info {
	uint8_t mac[6];
	char vendor[ARP_VENDOR_MAX];
	const struct maker *maker;     /* NULL: not a terminal maker */
};

/* The analysis of one sweep. */
struct scan_view {
	struct mac_info *macs;
	int n_macs, n_terminals;
};

/* Index of mac in the view, adding it (vendor looked up once) when new. */
static int view_mac(struct scan_view *v, const struct maker_list *makers, const uint8_t mac[6])
{
	for (int i = 0; i < v->n_macs; i++)
		if (memcmp(v->macs[i].mac, mac, 6) == 0)
			return i;
	memcpy(v->macs[v->n_macs].mac, mac, 6);
	arp_oui_vendor(mac, v->macs[v->n_macs].vendor, ARP_VENDOR_MAX);
	v->macs[v->n_macs].maker = makers_match(makers, mac, v->macs[v->n_macs].vendor);
	v->n_terminals += v->macs[v->n_macs].maker != NULL;
	return v->n_macs++;
}

/* "mac (vendor)" of one MAC of the view. */
static void mac_label(const struct mac_info *m, char *out, size_t len)
{
	char mac[18];

	sys_mac_format(m->mac, mac);
	snprintf(out, len, "%s (%s)", mac, m->maker ? m->maker->name :
		 m->vendor[0] ? m->vendor : "?");
}

/* Whether configured terminal t was seen (by address or by MAC). */
static bool terminal_seen(const struct cfg_terminal *t, const struct lan_seen *seen)
{
	struct in_addr a;
	uint8_t mac[6];

	if (t->address[0] && inet_pton(AF_INET, t->address, &a) == 1)
		for (int i = 0; i < seen->n; i++)
			if (seen->d[i].ip == a.s_addr)
				return true;
	return t->mac[0] && sys_mac_parse(t->mac, mac) && lan_seen_find(seen, mac, 0) >= 0;
}

/* The first address claimed by two MACs: fills the args; false if none. */
static bool find_clash(const struct lan_seen *seen, struct scan_view *v,
		       const struct maker_list *makers, struct check_result *res)
{
	bool found = false;

	for (int i = 0; i < seen->n; i++) {
		char ip[16], list[ARG_VALUE_MAX], one[96];
		size_t o = 0;
		int n = 0;

		for (int j = 0; j < i; j++)
			if (seen->d[j].ip == seen->d[i].ip)
				goto next;   /* counted at its first entry */
		list[0] = '\0';
		for (int j = i; j < seen->n; j++) {
			if (seen->d[j].ip != seen->d[i].ip)
				continue;
			mac_label(&v->macs[view_mac(v, makers, seen->d[j].mac)], one, sizeof(one));
			o += (size_t)snprintf(list + o, o < sizeof(list) ? sizeof(list) - o : 0,
					      "%s%s", n ? ", " : "", one);
			n++;
		}
		if (n < 2)
			goto next;
		sys_ip_format(seen->d[i].ip, ip);
		result_detail(res, "address %s claimed by %d devices: %s", ip, n, list);
		if (!found) {
			result_arg(res, "clash_ip", "%s", ip);
			result_arg(res, "claimants", "%s", list);
		}
		found = true;
next:
		;
	}
	return found;
}

/* The first terminal heard with an address outside our subnet. */
static bool find_wrong_subnet(const struct lan_seen *seen, struct scan_view *v,
			      const struct maker_list *makers, const struct sys_iface *ifc,
			      struct check_result *res)
{
	bool found = false;

	for (int i = 0; i < seen->n; i++) {
		const struct mac_info *m = &v->macs[view_mac(v, makers, seen->d[i].mac)];
		char ip[16], label[96];

		if (!m->maker || (seen->d[i].ip & ifc->masks[0]) == (ifc->addrs[0] & ifc->masks[0]))
			continue;
		sys_ip_format(seen->d[i].ip, ip);
		mac_label(m, label, sizeof(label));
		result_detail(res, "terminal %s announces %s, outside this network", label, ip);
		if (!found) {
			result_arg(res, "terminal_ip", "%s", ip);
			result_arg(res, "terminal", "%s", label);
		}
		found = true;
	}
	return found;
}

/* One detail line a device: address, MAC, vendor, how it was heard. */
static void list_devices(const struct lan_seen *seen, struct scan_view *v,
			 const struct maker_list *makers, struct check_result *res)
{
	for (int i = 0; i < seen->n; i++) {
		const struct lan_device *d = &seen->d[i];
		const struct mac_info *m = &v->macs[view_mac(v, makers, d->mac)];
		char ip[16], mac[18];

		sys_ip_format(d->ip, ip);
		sys_mac_format(d->mac, mac);
		result_detail(res, "%-15s %s %s%s%s%s", ip, mac, m->vendor[0] ? m->vendor : "?",
			      m->maker ? " [terminal: " : "", m->maker ? m->maker->name : "",
			      d->answered ? (m->maker ? "]" : "") :
			      d->announced ? (m->maker ? "] (announced)" : " (announced)") :
			      (m->maker ? "] (heard)" : " (heard)"));
	}
}

/* lan.scan: sweep, then judge what was heard. */
void lan_scan_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct maker_list *makers = NULL;
	struct lan_seen *seen = NULL;
	struct scan_view v = { 0 };
	struct sys_iface ifc;
	struct arp_sock s;
	struct lan_plan plan;
	uint32_t targets[LAN_MAX_TARGETS], extra[CFG_MAX_TERMINALS];
	int n_extra = 0, expected = 0, found_cfg = 0;
	bool whole, clash, wrong;
	int64_t t0;
	char eb[24];

	if (!lan_iface_usable(cfg, &ifc, res))
		return;
	seen = malloc(sizeof(*seen));
	makers = malloc(sizeof(*makers));
	v.macs = calloc(LAN_MAX_DEVICES, sizeof(*v.macs));
	if (!seen || !makers || !v.macs) {
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "out of memory");
		goto out;
	}
	for (int i = 0; i < cfg->lan.n_terminals; i++) {
		struct in_addr a;

		if (cfg->lan.terminals[i].address[0] &&
		    inet_pton(AF_INET, cfg->lan.terminals[i].address, &a) == 1)
			extra[n_extra++] = a.s_addr;
	}
	plan.our_ip = ifc.addrs[0];
	plan.targets = targets;
	plan.n_targets = lan_targets(ifc.addrs[0], ifc.masks[0], extra, n_extra, targets,
				     LAN_MAX_TARGETS, &whole);
	plan.rate = cfg->lan.rate;
	plan.listen_ms = cfg->lan.listen_ms;
	plan.passes = 2;
	if (lan_sock_open(ctx, &s, &ifc, res) != 0)
		goto out;
	t0 = clock_ms();
	if (lan_sweep(ctx, &s, &plan, seen) != 0) {
		int err = errno;

		arp_sock_close(&s);
		result_set(res, STATUS_FAIL, "check.error");
		result_arg(res, "error", "ARP sweep: %s", errno_text(err, eb, sizeof(eb)));
		goto out;
	}
	arp_sock_close(&s);
	result_metric(res, "sweep_ms", (double)(clock_ms() - t0));
	result_metric(res, "addresses_asked", plan.n_targets);
	lan_makers_load(makers, res);
	lan_result_facts(res, &ifc);
	for (int i = 0; i < seen->n; i++)
		view_mac(&v, makers, seen->d[i].mac);
	result_metric(res, "devices", v.n_macs);
	result_metric(res, "terminals", v.n_terminals);
	result_arg(res, "devices", "%d", v.n_macs);
	result_arg(res, "terminals", "%d", v.n_terminals);
	if (!whole)
		result_detail(res, "network %s is larger than /%d: only the %d configured "
			      "address(es) in it were asked; other devices were only heard",
			      result_find_arg(res, "subnet"), LAN_SWEEP_MAX_PREFIX, plan.n_targets);
	if (seen->full)
		result_detail(res, "more than %d device addresses: the rest were not counted",
			      LAN_MAX_DEVICES);
	for (int i = 0; i < cfg->lan.n_terminals; i++) {
		expected++;
		found_cfg += terminal_seen(&cfg->lan.terminals[i], seen);
	}
	clash = find_clash(seen, &v, makers, res);
	wrong = find_wrong_subnet(seen, &v, makers, &ifc, res);
	if (clash)
		result_set(res, STATUS_WARN, "lan.address_clash");
	else if (wrong)
		result_set(res, STATUS_WARN, "lan.terminal_wrong_subnet");
	else if (expected > 0 && found_cfg == 0 && v.n_terminals == 0)
		result_set(res, STATUS_WARN, "lan.no_terminal");
	else
		result_set(res, STATUS_OK, "lan.ok");
	result_arg(res, "expected", "%d", expected);
	list_devices(seen, &v, makers, res);
	result_detail(res, "%d ARP frames heard; dropped: %d own, %d spoofed source, "
		      "%d tagged, %d malformed", seen->frames, s.drops.own_mac,
		      s.drops.spoofed_src, s.drops.vlan, s.drops.malformed);
out:
	free(seen);
	free(makers);
	free(v.macs);
}
