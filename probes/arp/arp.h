/* arp.h - the arp module's internals: interface facts, ARP frames, vendor
 * names, the remembered gateway MAC. What other modules share (frames,
 * sockets, vendor names) is declared in probes/arp_wire.h.
 *
 * Everything here is called from worker threads (inside a probe's run()),
 * and is safe to call from several at once. Linux-specific parts live in
 * arp_linux.c; the rest is portable.
 */
#ifndef POSDOCTOR_ARP_H
#define POSDOCTOR_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "probe.h"
#include "arp_wire.h"
#include "sys_net.h"

struct config;

#define ARP_MAX_CLAIMS   16     /* distinct MACs remembered in one window */

/* Why the chosen interface cannot be checked (ARP_IF_USABLE when it can). */
enum arp_if_problem {
	ARP_IF_USABLE,
	ARP_IF_MISSING,      /* configured name does not exist */
	ARP_IF_NONE,         /* auto found nothing to check */
	ARP_IF_LOOPBACK,
	ARP_IF_NOARP,        /* NOARP flag or not Ethernet-like */
	ARP_IF_DOWN,
	ARP_IF_NO_CARRIER,
	ARP_IF_NO_ADDRESS,
};

/* One MAC claiming an address within a window. */
struct arp_claim {
	uint8_t mac[6];
	uint32_t ip;        /* the address it claimed */
	int frames;         /* how many frames from it */
	bool probe;         /* it was itself probing (sender IP 0.0.0.0) */
	int64_t first_us;   /* when its first frame arrived */
};

struct arp_claims {
	int n;
	struct arp_claim c[ARP_MAX_CLAIMS];
};

/* ---- arp_linux.c: interface facts (sockets and frames: arp_wire.h) ---- */

/* The interface to check: the one every module judges (config_interface,
 * sys_iface_judged). */
void arp_iface_choose(const struct config *cfg, struct sys_iface *ifc);
/* Whether ifc can carry ARP probes, and if not, why. */
enum arp_if_problem arp_iface_problem(const struct sys_iface *ifc);

/* ---- arp.c: shared helpers ---- */

/* Record that mac claimed ip; returns the claim (new or existing), or NULL
 * when the table is full. */
struct arp_claim *arp_claims_add(struct arp_claims *cl, const uint8_t mac[6],
				 uint32_t ip, bool probe, int64_t at_us);
/* Fill res for an interface problem (status and code, interface arg). */
void arp_result_iface(struct check_result *res, const struct sys_iface *ifc,
		      enum arp_if_problem pb);
/* Fill res for a failed socket: skip/needs_privilege on EPERM/EACCES,
 * else check.error. */
void arp_result_sock_error(struct check_result *res, int err, const char *what);
/* Add the interface facts every arp result carries. */
void arp_result_iface_facts(struct check_result *res, const struct sys_iface *ifc);

/* ---- arp_conflict.c / arp_gateway.c ---- */
void arp_conflict_run(struct probe_ctx *ctx, struct check_result *res);
void arp_gateway_run(struct probe_ctx *ctx, struct check_result *res);

/* ---- arp_state.c: the gateway MAC remembered between runs ---- */

/* Folder of the state file: $XDG_STATE_HOME/posdoctor, else
 * ~/.local/state/posdoctor. False when neither can be named. */
bool arp_state_dir(char *out, size_t len);
/* The MAC remembered for (ifname, gw): 1 found, 0 none, -1 unreadable. */
int arp_state_get(const char *ifname, uint32_t gw, uint8_t mac[6]);
/* Remember mac for (ifname, gw), atomically (temp file + rename). 0 or -1
 * with errno. */
int arp_state_put(const char *ifname, uint32_t gw, const uint8_t mac[6]);

#endif
