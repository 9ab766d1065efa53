/* lan.c - the lan module's table of checks, and helpers both checks share. */
#include "lan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "paths.h"
#include "registry.h"
#include "sys_lease.h"

#define SOCK_WAIT_STEP_MS 20

/* Codes an unusable interface or a socket failure give, in both checks. */
#define LAN_IFACE_CODES \
	"lan.needs_privilege", "lan.no_interface", "lan.interface_down", "lan.noarp", \
	"check.error"

static const char *const codes_scan[] = {
	"lan.ok", "lan.address_clash", "lan.terminal_wrong_subnet", "lan.no_terminal",
	LAN_IFACE_CODES, NULL
};

static const char *const codes_terminal[] = {
	"lan.terminal_ok", "lan.terminal_missing", "lan.terminal_wrong_subnet",
	"lan.address_clash", "lan.terminal_moved", "lan.terminal_mac_changed",
	"lan.terminal_loss", "lan.ecr_refused", "lan.ecr_silent", "lan.terminal_dhcp_range",
	LAN_IFACE_CODES, NULL
};

/* With no link network.link says so; the lan checks are then blocked. */
static const char *const needs_link[] = { "network.link", NULL };

/* Budget of the scan: two passes over a /22 at the configured rate, or the
 * listening window, whichever is longer, plus a wait for the socket. */
static int lan_scan_budget(const struct config *cfg, int instance)
{
	int rate = cfg->lan.rate > 0 ? cfg->lan.rate : 400;
	int sweep = (int)(2LL * LAN_MAX_TARGETS * 1000 / rate) + 1000;

	(void)instance;
	return (sweep > cfg->lan.listen_ms ? sweep : cfg->lan.listen_ms) + 1500 +
	       LAN_SOCK_WAIT_MS;
}

/* Budget of one terminal: its ten requests, a sweep to find it by its MAC
 * when no address is given, the ECR port, a wait for the socket. */
static int lan_terminal_budget(const struct config *cfg, int instance)
{
	int b = 2500 + LAN_SOCK_WAIT_MS;

	if (instance >= 0 && instance < cfg->lan.n_terminals) {
		if (!cfg->lan.terminals[instance].address[0] || cfg->lan.terminals[instance].mac[0])
			b += lan_scan_budget(cfg, 0);
		if (cfg->lan.terminals[instance].port)
			b += 1500;
	}
	return b;
}

/* One lan.terminal instance per configured terminal. */
static int lan_terminal_instances(const struct config *cfg,
				  char labels[][PROBE_LABEL_MAX], int max)
{
	int n = 0;

	for (int i = 0; i < cfg->lan.n_terminals && i < CFG_MAX_TERMINALS && n < max; i++)
		snprintf(labels[n++], PROBE_LABEL_MAX, "%s", cfg->lan.terminals[i].name);
	return n;
}

static const struct probe probe_scan = {
	.id = "lan.scan", .module = "lan", .codes = codes_scan, .needs = needs_link,
	.timeout_ms = 8000, .budget_ms = lan_scan_budget,
	.run = lan_scan_run, .uses = PROBE_USES_ARP_SOCKET,
};

static const struct probe probe_terminal = {
	.id = "lan.terminal", .module = "lan", .codes = codes_terminal, .needs = needs_link,
	.timeout_ms = 6000, .budget_ms = lan_terminal_budget,
	.instances = lan_terminal_instances,
	.run = lan_terminal_run, .uses = PROBE_USES_ARP_SOCKET,
};

const struct probe *const lan_probes[] = { &probe_scan, &probe_terminal, NULL };

/* The judged interface, or why it cannot be swept. */
bool lan_iface_usable(const struct config *cfg, struct sys_iface *ifc,
		      struct check_result *res)
{
	sys_iface_judged(config_interface(cfg, cfg->lan.interface), ifc);
	result_arg(res, "interface", "%s", ifc->name[0] ? ifc->name : "-");
	result_metric_text(res, "interface", ifc->name);
	if (!ifc->exists) {
		result_set(res, STATUS_WARN, "lan.no_interface");
	} else if (ifc->loopback || ifc->noarp || !ifc->ethernet) {
		result_set(res, STATUS_SKIP, "lan.noarp");
	} else if (!ifc->up || !ifc->carrier || ifc->n_addrs == 0) {
		result_set(res, STATUS_WARN, "lan.interface_down");
	} else {
		return true;
	}
	result_detail(res, "interface %s: %s%s%s, %d IPv4 address(es)",
		      ifc->name[0] ? ifc->name : "(none)",
		      ifc->exists ? "exists" : "missing", ifc->up ? ", up" : ", down",
		      ifc->carrier ? ", carrier" : ", no carrier", ifc->n_addrs);
	return false;
}

/* A pooled ARP socket that hears every ARP frame on ifc. */
int lan_sock_open(struct probe_ctx *ctx, struct arp_sock *s, const struct sys_iface *ifc,
		  struct check_result *res)
{
	int64_t give_up = clock_ms() + LAN_SOCK_WAIT_MS;
	char eb[24];

	/* The pool is shared with the arp checks and the other terminals:
	 * wait for a free socket a little longer than arp_sock_open does. */
	while (arp_sock_open(s, ifc, NULL, 0, false) != 0) {
		int err = errno;

		if (err == EPERM || err == EACCES) {
			result_set(res, STATUS_SKIP, "lan.needs_privilege");
			result_arg(res, "capability", "%s", "cap_net_raw");
			result_detail(res, "no raw ARP socket: %s (needs CAP_NET_RAW)",
				      errno_text(err, eb, sizeof(eb)));
			return -1;
		}
		if (err != EBUSY || clock_ms() >= give_up || probe_cancelled(ctx)) {
			result_set(res, STATUS_FAIL, "check.error");
			result_arg(res, "error", "ARP socket: %s", errno_text(err, eb, sizeof(eb)));
			return -1;
		}
		clock_sleep_ms(SOCK_WAIT_STEP_MS);
	}
	return 0;
}

/* The shipped list of terminal makers; a broken one is said in details. */
void lan_makers_load(struct maker_list *makers, struct check_result *res)
{
	const char *dir = paths_datadir();
	char path[1024], *msgs = NULL;
	size_t len = 0;
	FILE *errs;

	makers->n = 0;
	if (!dir) {
		result_detail(res, "terminal makers: no assets folder found");
		return;
	}
	snprintf(path, sizeof(path), "%s/lan/terminal-makers.yaml", dir);
	errs = open_memstream(&msgs, &len);
	if (makers_load_file(path, makers, errs) != 0)
		makers->n = 0;
	if (errs)
		fclose(errs);
	if (msgs && msgs[0])
		result_detail(res, "terminal makers not loaded: %s", msgs);
	free(msgs);
}

/* Network address and prefix of ip/mask. */
void lan_subnet_format(uint32_t ip, uint32_t mask, char out[20])
{
	char a[16];

	sys_ip_format(ip & mask, a);
	snprintf(out, 20, "%s/%d", a, sys_prefix_len(mask));
}

/* Facts every lan result carries: where we are, and our DHCP lease. */
bool lan_result_facts(struct check_result *res, const struct sys_iface *ifc)
{
	struct sys_lease lease;
	char ip[16], subnet[20], mac[18];

	sys_ip_format(ifc->addrs[0], ip);
	lan_subnet_format(ifc->addrs[0], ifc->masks[0], subnet);
	sys_mac_format(ifc->mac, mac);
	result_arg(res, "ip", "%s", ip);
	result_arg(res, "subnet", "%s", subnet);
	result_metric_text(res, "our_ip", ip);
	result_metric_text(res, "our_mac", mac);
	result_metric_text(res, "subnet", subnet);
	if (!sys_lease_find(NULL, ifc->name, ifc->ifindex, ifc->addrs[0], &lease)) {
		result_metric_text(res, "address_source", "static or unknown");
		result_detail(res, "no DHCP lease for %s on %s found (address set by hand, or "
			      "by a DHCP client whose files are not read)", ip, ifc->name);
		return false;
	}
	sys_ip_format(lease.server, ip);
	result_metric_text(res, "address_source", "dhcp");
	result_metric_text(res, "dhcp_server", ip);
	result_arg(res, "dhcp_server", "%s", ip);
	result_detail(res, "this computer's address came from the DHCP server %s "
		      "(%s lease in %s)", ip, lease.client, lease.path);
	return true;
}
