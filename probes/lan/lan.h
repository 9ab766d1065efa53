/* lan.h - the lan module's internals: the devices on the shop LAN, found
 * by an ARP sweep of our subnet and by listening to every ARP frame.
 *
 * Called from worker threads (inside a probe's run()); nothing here keeps
 * state between runs. ARP frames and sockets: probes/arp_wire.h.
 */
#ifndef POSDOCTOR_LAN_H
#define POSDOCTOR_LAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arp_wire.h"
#include "check.h"
#include "makers.h"
#include "probe.h"
#include "sys_net.h"

struct config;

#define LAN_SWEEP_MAX_PREFIX 22     /* larger subnets: configured addresses only */
#define LAN_MAX_DEVICES      1200   /* (MAC, address) pairs remembered in a run */
#define LAN_MAX_TARGETS      1024   /* a /22 */
#define LAN_SOCK_WAIT_MS     3000   /* longest wait for a pooled ARP socket */

/* One device heard: a MAC and the address it claimed. A device with two
 * addresses is two entries. */
struct lan_device {
	uint8_t mac[6];
	uint32_t ip;             /* network byte order */
	int frames;              /* ARP frames from it claiming ip */
	bool answered;           /* replied to one of our requests */
	bool announced;          /* sent a gratuitous ARP (sender = target) */
	int64_t first_us, last_us;
};

/* What a sweep heard. */
struct lan_seen {
	int n;
	bool full;               /* more pairs than LAN_MAX_DEVICES: some lost */
	int frames;              /* accepted frames */
	struct lan_device d[LAN_MAX_DEVICES];
};

/* What to sweep: requests to targets (paced at rate a second, a second pass
 * to those that did not answer), listening to every ARP frame until at
 * least listen_ms after the start. */
struct lan_plan {
	uint32_t our_ip;         /* sender address of our requests */
	const uint32_t *targets;
	int n_targets;
	int rate;
	int listen_ms;
	int passes;              /* 1 or 2 */
};

/* ---- lan_sweep.c ---- */

/* The addresses of our subnet worth asking (not the network, broadcast or
 * our own address), when it is no larger than LAN_SWEEP_MAX_PREFIX; else
 * only extra (configured addresses inside it). Returns how many (at most
 * max); *whole tells whether the whole subnet is in. */
int lan_targets(uint32_t ip, uint32_t mask, const uint32_t *extra, int n_extra,
		uint32_t *out, int max, bool *whole);
/* Sweep and listen on s as plan says, stopping early at the run's
 * deadline (keeping a margin) or when cancelled. 0, or -1 with errno when
 * the socket failed. */
int lan_sweep(struct probe_ctx *ctx, struct arp_sock *s, const struct lan_plan *plan,
	      struct lan_seen *seen);
/* Record one accepted frame in seen (frames of ours and probes with sender
 * 0.0.0.0 are not claims). Tests and the fuzz harness feed frames here. */
void lan_seen_add(struct lan_seen *seen, const struct arp_frame *f, bool answers_us);
/* Index of the entry (mac, ip), or -1. ip 0: the first entry of mac. */
int lan_seen_find(const struct lan_seen *seen, const uint8_t mac[6], uint32_t ip);

/* ---- lan.c: shared helpers ---- */

/* Interface the lan checks judge (lan.interface, network.interface, the
 * default route), and whether it can be swept: fills res and returns false
 * when not. */
bool lan_iface_usable(const struct config *cfg, struct sys_iface *ifc,
		      struct check_result *res);
/* Borrow an ARP socket listening to every ARP frame on ifc, waiting for a
 * free one within the run's time; on failure fills res
 * (skip/lan.needs_privilege, ...) and returns -1. */
int lan_sock_open(struct probe_ctx *ctx, struct arp_sock *s, const struct sys_iface *ifc,
		  struct check_result *res);
/* The terminal makers (assets/lan/terminal-makers.yaml); on a load error
 * the list is empty and the error lines go to res's details. */
void lan_makers_load(struct maker_list *makers, struct check_result *res);
/* "a.b.c.d/nn" of the subnet of ip/mask. */
void lan_subnet_format(uint32_t ip, uint32_t mask, char out[20]);
/* Interface, our address and subnet, and the DHCP lease (server) as
 * metrics, args and details, in every lan result. Returns whether our
 * address came from a DHCP lease. */
bool lan_result_facts(struct check_result *res, const struct sys_iface *ifc);

/* ---- lan_scan.c / lan_terminal.c ---- */
void lan_scan_run(struct probe_ctx *ctx, struct check_result *res);
void lan_terminal_run(struct probe_ctx *ctx, struct check_result *res);
/* TCP connect to ip:port within timeout_ms, nothing sent: 0 accepted,
 * ECONNREFUSED, ETIMEDOUT (silent), or another errno. */
int lan_tcp_try(uint32_t ip, int port, int timeout_ms, double *ms);

#endif
