/* arp.c - the arp module's table of checks, and helpers both checks share. */
#include "arp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "registry.h"

/* RFC 5227 §1.1 timing constants (milliseconds). */
#define RFC_PROBE_WAIT_MS    1000
#define RFC_PROBE_MAX_MS     2000
#define RFC_ANNOUNCE_WAIT_MS 2000
#define RFC_PROBE_NUM        3

/* Codes an interface problem or a socket failure can give, in both checks. */
#define ARP_IFACE_CODES \
	"arp.needs_privilege", "arp.interface_missing", "arp.no_interface", \
	"arp.interface_down", "arp.no_carrier", "arp.no_address", "arp.noarp", \
	"arp.loopback", "check.error"

static const char *const codes_conflict[] = {
	"arp.ok", "arp.conflict", ARP_IFACE_CODES, NULL
};

static const char *const codes_gateway[] = {
	"arp.ok", "arp.gateway_multiple_macs", "arp.gateway_mac_changed",
	"arp.gateway_flux", "arp.gateway_redundant", "arp.gateway_no_answer",
	"arp.no_gateway", ARP_IFACE_CODES, NULL
};

/* Budget of the conflict check: its listening window plus set-up margin. */
static int arp_conflict_budget(const struct config *cfg, int instance)
{
	(void)instance;
	if (cfg->arp.mode == ARP_MODE_RFC)
		return RFC_PROBE_WAIT_MS + (RFC_PROBE_NUM - 1) * RFC_PROBE_MAX_MS +
		       RFC_ANNOUNCE_WAIT_MS + 1000;
	return (cfg->arp.wait_ms > 0 ? cfg->arp.wait_ms : 300) + 1000;
}

/* Budget of the gateway check: the request window, a second one to tell a
 * two-port gateway (ARP flux) from a spoofer, plus set-up margin. */
static int arp_gateway_budget(const struct config *cfg, int instance)
{
	(void)instance;
	return 2 * (cfg->arp.wait_ms > 0 ? cfg->arp.wait_ms : 300) + 1000;
}

/* One cause, one answer: with no link (cable, adapter down, no address)
 * network.link says so, and the ARP checks are blocked rather than repeating
 * it; a router that answers neither echo nor ARP is network.gateway's to
 * report, so the router identity check is blocked by it too. */
static const char *const needs_conflict[] = { "network.link", NULL };
static const char *const needs_gateway[] = { "network.link", "network.gateway", NULL };

static const struct probe probe_conflict = {
	.id = "arp.conflict", .module = "arp", .codes = codes_conflict,
	.needs = needs_conflict,
	.timeout_ms = 1300, .budget_ms = arp_conflict_budget,
	.run = arp_conflict_run, .uses = PROBE_USES_ARP_SOCKET,
};

static const struct probe probe_gateway = {
	.id = "arp.gateway", .module = "arp", .codes = codes_gateway,
	.needs = needs_gateway,
	.timeout_ms = 1600, .budget_ms = arp_gateway_budget,
	.run = arp_gateway_run, .uses = PROBE_USES_ARP_SOCKET,
};

const struct probe *const arp_probes[] = {
	&probe_conflict, &probe_gateway, NULL
};

/* Count a frame from mac claiming ip (one entry per MAC). */
struct arp_claim *arp_claims_add(struct arp_claims *cl, const uint8_t mac[6],
				 uint32_t ip, bool probe, int64_t at_us)
{
	struct arp_claim *c;

	for (int i = 0; i < cl->n; i++) {
		if (memcmp(cl->c[i].mac, mac, 6) == 0) {
			cl->c[i].frames++;
			return &cl->c[i];
		}
	}
	if (cl->n >= ARP_MAX_CLAIMS)
		return NULL;
	c = &cl->c[cl->n++];
	memset(c, 0, sizeof(*c));
	memcpy(c->mac, mac, 6);
	c->ip = ip;
	c->probe = probe;
	c->frames = 1;
	c->first_us = at_us;
	return c;
}

/* Interface name, our MAC and address: in every arp result. */
void arp_result_iface_facts(struct check_result *res, const struct sys_iface *ifc)
{
	char mac[18], ip[16];

	result_arg(res, "interface", "%s", ifc->name[0] ? ifc->name : "-");
	result_metric_text(res, "interface", ifc->name);
	if (ifc->exists && ifc->ethernet) {
		sys_mac_format(ifc->mac, mac);
		result_metric_text(res, "our_mac", mac);
	}
	if (ifc->n_addrs > 0) {
		sys_ip_format(ifc->addrs[0], ip);
		result_arg(res, "ip", "%s", ip);
		result_metric_text(res, "our_ip", ip);
	}
}

/* Status and code for an interface that cannot be checked. */
void arp_result_iface(struct check_result *res, const struct sys_iface *ifc,
		      enum arp_if_problem pb)
{
	static const struct {
		enum check_status st;
		const char *code;
	} map[] = {
		[ARP_IF_USABLE] = { STATUS_OK, "arp.ok" },
		[ARP_IF_MISSING] = { STATUS_WARN, "arp.interface_missing" },
		[ARP_IF_NONE] = { STATUS_WARN, "arp.no_interface" },
		[ARP_IF_LOOPBACK] = { STATUS_SKIP, "arp.loopback" },
		[ARP_IF_NOARP] = { STATUS_SKIP, "arp.noarp" },
		[ARP_IF_DOWN] = { STATUS_WARN, "arp.interface_down" },
		[ARP_IF_NO_CARRIER] = { STATUS_WARN, "arp.no_carrier" },
		[ARP_IF_NO_ADDRESS] = { STATUS_WARN, "arp.no_address" },
	};

	result_set(res, map[pb].st, map[pb].code);
	arp_result_iface_facts(res, ifc);
	result_detail(res, "interface %s: %s%s%s%s%s%s, %d IPv4 address(es)",
		      ifc->name[0] ? ifc->name : "(none)",
		      ifc->exists ? "exists" : "missing",
		      ifc->up ? ", up" : ", down",
		      ifc->carrier ? ", carrier" : ", no carrier",
		      ifc->noarp ? ", NOARP" : "",
		      ifc->loopback ? ", loopback" : "",
		      ifc->exists && !ifc->ethernet ? ", not Ethernet" : "",
		      ifc->n_addrs);
}

/* Status and code for a socket that could not be had or used. */
void arp_result_sock_error(struct check_result *res, int err, const char *what)
{
	char eb[24];

	if (err == EPERM || err == EACCES) {
		result_set(res, STATUS_SKIP, "arp.needs_privilege");
		result_arg(res, "capability", "%s", "cap_net_raw");
		result_detail(res, "no raw ARP socket: %s (needs CAP_NET_RAW)",
			      errno_text(err, eb, sizeof(eb)));
		return;
	}
	/* The interface went away or down while we used it. */
	if (err == ENETDOWN || err == ENXIO || err == ENODEV) {
		result_set(res, STATUS_WARN, "arp.interface_down");
		result_detail(res, "%s: %s", what, errno_text(err, eb, sizeof(eb)));
		return;
	}
	result_set(res, STATUS_FAIL, "check.error");
	{
		char key[64];

		result_error(res, errno_key(err, key, sizeof(key)), "%s: %s", what,
			     errno_text(err, eb, sizeof(eb)));
	}
}
