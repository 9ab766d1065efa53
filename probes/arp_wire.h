/* arp_wire.h - ARP on the wire and MAC vendor names, shared by the modules
 * that look at the shop LAN (arp, lan). Implemented in probes/arp/
 * (arp_linux.c, arp_oui.c); a module using it links pd_probe_arp.
 *
 * Called from worker threads (inside a probe's run()); safe to call from
 * several at once.
 */
#ifndef POSDOCTOR_ARP_WIRE_H
#define POSDOCTOR_ARP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys_net.h"

#define ARP_MAX_LOCAL    64     /* our own MACs (every local interface) */
#define ARP_VENDOR_MAX   64
#define ARP_FRAME_LEN    42     /* Ethernet header 14 + ARP for IPv4 28 */

/* RFC 826 / IANA: ARP opcodes. */
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY   2

/* One received ARP frame that passed every sanity test. */
struct arp_frame {
	uint16_t op;
	uint8_t eth_src[6];
	uint8_t sha[6];
	uint32_t spa;       /* network byte order */
	uint8_t tha[6];
	uint32_t tpa;
	int64_t at_us;      /* clock_us() when it was read */
};

/* Why a frame was dropped in user space (counted, listed in details). */
struct arp_drops {
	int own_mac;        /* sent by one of our own interfaces */
	int spoofed_src;    /* Ethernet source differs from the ARP sender */
	int vlan;           /* VLAN-tagged, or for another host */
	int malformed;      /* short, not Ethernet/IPv4 ARP, bad sender MAC */
};

/* An AF_PACKET socket borrowed from the privsock pool, bound and filtered. */
struct arp_sock {
	int fd;
	int ifindex;
	uint8_t mac[6];
	int n_local;
	uint8_t local[ARP_MAX_LOCAL][6];   /* every MAC of this host */
	struct arp_drops drops;
};

/* Classic BPF program accepting Ethernet/IPv4 ARP frames that arrived on
 * interface ifindex (0: any), untagged, not our own outgoing ones, whose
 * sender IP is one of ips (n_ips 0: any sender), or (when with_probes) a
 * probe (sender 0.0.0.0) whose target is one of ips. Fills prog (room for
 * ARP_BPF_MAX instructions) and returns its length, or -1. */
#define ARP_BPF_MAX 64
struct sock_filter;
int arp_bpf_build(struct sock_filter *prog, int ifindex, const uint32_t *ips,
		  int n_ips, bool with_probes);

/* Borrow a socket, filter it to ifc (by index, in the BPF program: no
 * bind), attach the filter. Returns 0, or -1 with errno (EPERM: no
 * CAP_NET_RAW). */
int arp_sock_open(struct arp_sock *s, const struct sys_iface *ifc,
		  const uint32_t *ips, int n_ips, bool with_probes);
/* Replace the filter (new addresses to watch). */
int arp_sock_refilter(struct arp_sock *s, const uint32_t *ips, int n_ips,
		      bool with_probes);
/* Give the socket back to the pool. */
void arp_sock_close(struct arp_sock *s);
/* Send one ARP request: sender IP spa (0 for an RFC 5227 probe), target IP
 * tpa; broadcast unless dst is given. Returns 0 or -1 with errno. */
int arp_sock_send(struct arp_sock *s, uint32_t spa, uint32_t tpa,
		  const uint8_t *dst);
/* Wait until the monotonic time until_us for one acceptable frame.
 * Returns 1 with *f filled, 0 at the time limit, -1 on error (errno). */
int arp_sock_recv(struct arp_sock *s, int64_t until_us, struct arp_frame *f);

/* Parse one raw Ethernet frame (len bytes) into f. vlan_tagged, outgoing:
 * from the socket's auxiliary data. Returns true when the frame is a sane
 * Ethernet/IPv4 ARP frame from another host; else counts why in drops. */
bool arp_frame_parse(const uint8_t *buf, size_t len, bool vlan_tagged,
		     const uint8_t local[][6], int n_local,
		     struct arp_frame *f, struct arp_drops *drops);
/* Build one request frame into buf (ARP_FRAME_LEN bytes). */
void arp_frame_build(uint8_t buf[ARP_FRAME_LEN], const uint8_t src[6],
		     const uint8_t *dst, uint32_t spa, uint32_t tpa);

/* Vendor of mac into out: the longest registered prefix from the system's
 * OUI lists, then the shipped list; "locally administered" for such MACs;
 * "" when unknown. Reads only the lists, in a small buffer, searching for
 * this MAC's key (no table is built); safe from any thread. */
void arp_oui_vendor(const uint8_t mac[6], char *out, size_t len);
/* Tidy a registry's organisation name in place: quotes, spaces and legal
 * suffixes ("Co.,Ltd.", "Inc.") removed. */
void arp_oui_trim(char *name);
/* Search explicit files instead of the system ones (tests), in order; NULL
 * entries are skipped. Call before the first lookup. */
void arp_oui_use_files(const char *const *paths, int n);

#endif
