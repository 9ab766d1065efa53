/* arp_linux.c - AF_PACKET sockets with a classic BPF filter, and ARP frames
 * on the wire. Linux only.
 *
 * The socket comes from the privsock pool (opened before CAP_NET_RAW was
 * dropped); everything else here needs no privilege.
 */
#include "arp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "privsock.h"

/* IEEE 802.3 / RFC 826 field offsets in an Ethernet + ARP frame. */
#define OFF_ETHTYPE 12
#define OFF_HTYPE   14
#define OFF_PTYPE   16
#define OFF_HLEN    18
#define OFF_PLEN    19
#define OFF_OP      20
#define OFF_SHA     22
#define OFF_SPA     28
#define OFF_THA     32
#define OFF_TPA     38

#define ETHTYPE_ARP  0x0806   /* IEEE 802 EtherType for ARP */
#define ETHTYPE_IPV4 0x0800
#define ARP_HTYPE_ETHER 1     /* RFC 826 / IANA hardware type Ethernet */

#define SOCK_WAIT_STEP_MS 10
#define SOCK_WAIT_TRIES   50   /* at most half a second */

static const uint8_t broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Why ifc cannot be checked, most basic reason first. */
enum arp_if_problem arp_iface_problem(const struct sys_iface *ifc)
{
	if (!ifc->exists)
		return ifc->name[0] ? ARP_IF_MISSING : ARP_IF_NONE;
	if (ifc->loopback)
		return ARP_IF_LOOPBACK;
	if (ifc->noarp || !ifc->ethernet)
		return ARP_IF_NOARP;
	if (!ifc->up)
		return ARP_IF_DOWN;
	if (!ifc->carrier)
		return ARP_IF_NO_CARRIER;
	if (ifc->n_addrs == 0)
		return ARP_IF_NO_ADDRESS;
	return ARP_IF_USABLE;
}

/* The interface every module judges (sys/sys_net.h has the rule). */
void arp_iface_choose(const struct config *cfg, struct sys_iface *ifc)
{
	sys_iface_judged(config_interface(cfg, cfg->arp.interface), ifc);
}

/* Append one instruction; false when the program is full. */
static bool bpf_put(struct sock_filter *prog, int *n, struct sock_filter ins)
{
	if (*n >= ARP_BPF_MAX)
		return false;
	prog[(*n)++] = ins;
	return true;
}

/* Build the classic BPF program that keeps only frames we judge. */
int arp_bpf_build(struct sock_filter *prog, int ifindex, const uint32_t *ips,
		  int n_ips, bool with_probes)
{
	int n = 0, len, drop, accept;

	if (n_ips < 0 || n_ips > SYS_IF_MAX_ADDRS || ifindex < 0 ||
	    (n_ips == 0 && with_probes))
		return -1;
	/* Length first: the interface (2), 14 fixed checks, 1 spa load + n_ips
	 * compares, then the probe part (1 + 1 + n_ips), then drop and accept.
	 * With no address (any sender) the fixed checks fall through to accept,
	 * which then comes before drop. */
	len = (ifindex ? 2 : 0) + 14 + (n_ips ? 1 + n_ips : 0) +
	      (with_probes ? 2 + n_ips : 0) + 2;
	drop = n_ips ? len - 2 : len - 1;
	accept = n_ips ? len - 1 : len - 2;
#define AT(target) ((uint8_t)((target) - n - 1))
	/* Only frames that arrived on our interface (the socket stays unbound:
	 * rebinding a packet socket waits for an RCU grace period, twice). */
	if (ifindex) {
		bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_IFINDEX));
		bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ifindex, 0, AT(drop)));
	}
	/* Our own transmissions are looped back to packet sockets: never them. */
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, AT(drop), 0));
	/* VLAN-tagged frames belong to another network. */
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, AT(drop)));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_ETHTYPE));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHTYPE_ARP, 0, AT(drop)));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_HTYPE));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARP_HTYPE_ETHER, 0, AT(drop)));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, OFF_PTYPE));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHTYPE_IPV4, 0, AT(drop)));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_HLEN));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 0, AT(drop)));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_PLEN));
	bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 4, 0, AT(drop)));
	/* Sender IP is one we watch: accept. */
	if (n_ips)
		bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_SPA));
	for (int i = 0; i < n_ips; i++)
		bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			ntohl(ips[i]), AT(accept), 0));
	if (with_probes) {
		/* RFC 5227 §2.1.1: a probe (sender 0.0.0.0) for our address. */
		bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, AT(drop)));
		bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_TPA));
		for (int i = 0; i < n_ips; i++)
			bpf_put(prog, &n, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				ntohl(ips[i]), AT(accept), 0));
	}
	if (!n_ips)
		bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff));
	bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0));
	if (n_ips)
		bpf_put(prog, &n, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff));
#undef AT
	return n == len ? n : -1;
}

/* Attach a new filter and drop what the old one let in. */
int arp_sock_refilter(struct arp_sock *s, const uint32_t *ips, int n_ips,
		      bool with_probes)
{
	struct sock_filter prog[ARP_BPF_MAX];
	struct sock_fprog fprog;
	int n = arp_bpf_build(prog, s->ifindex, ips, n_ips, with_probes);
	char junk[64];

	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	fprog.len = (unsigned short)n;
	fprog.filter = prog;
	if (setsockopt(s->fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) != 0)
		return -1;
	/* Frames queued under the old filter are not what we now watch. */
	while (recv(s->fd, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	return 0;
}

/* Borrow a pooled ARP socket and set it up for ifc. */
int arp_sock_open(struct arp_sock *s, const struct sys_iface *ifc,
		  const uint32_t *ips, int n_ips, bool with_probes)
{
	int one = 1, err;

	memset(s, 0, sizeof(*s));
	/* All pooled sockets lent out (other checks, a re-run): wait a little,
	 * within the margin every arp budget keeps. */
	for (int tries = 0; (s->fd = probe_take_socket(PRIVSOCK_PACKET_ARP)) < 0; tries++) {
		if (errno != EBUSY || tries >= SOCK_WAIT_TRIES)
			return -1;
		clock_sleep_ms(SOCK_WAIT_STEP_MS);
	}
	s->ifindex = ifc->ifindex;
	memcpy(s->mac, ifc->mac, 6);
	s->n_local = sys_local_macs(s->local, ARP_MAX_LOCAL);
	/* The filter names the interface; frames are sent to it by index. */
	if (arp_sock_refilter(s, ips, n_ips, with_probes) != 0)
		goto fail;
	if (setsockopt(s->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) != 0)
		goto fail;
	return 0;
fail:
	err = errno;
	arp_sock_close(s);
	errno = err;
	return -1;
}

/* Return the socket to the pool, options as they were. */
void arp_sock_close(struct arp_sock *s)
{
	int zero = 0;

	if (s->fd < 0)
		return;
	setsockopt(s->fd, SOL_PACKET, PACKET_AUXDATA, &zero, sizeof(zero));
	probe_give_socket(s->fd);
	s->fd = -1;
}

/* One ARP request (RFC 826), or an RFC 5227 probe when spa is 0. */
void arp_frame_build(uint8_t buf[ARP_FRAME_LEN], const uint8_t src[6],
		     const uint8_t *dst, uint32_t spa, uint32_t tpa)
{
	static const uint8_t zero[6];

	memcpy(buf, dst ? dst : broadcast_mac, 6);
	memcpy(buf + 6, src, 6);
	buf[OFF_ETHTYPE] = ETHTYPE_ARP >> 8;
	buf[OFF_ETHTYPE + 1] = ETHTYPE_ARP & 0xff;
	buf[OFF_HTYPE] = 0;
	buf[OFF_HTYPE + 1] = ARP_HTYPE_ETHER;
	buf[OFF_PTYPE] = ETHTYPE_IPV4 >> 8;
	buf[OFF_PTYPE + 1] = ETHTYPE_IPV4 & 0xff;
	buf[OFF_HLEN] = 6;
	buf[OFF_PLEN] = 4;
	buf[OFF_OP] = 0;
	buf[OFF_OP + 1] = ARP_OP_REQUEST;
	memcpy(buf + OFF_SHA, src, 6);
	memcpy(buf + OFF_SPA, &spa, 4);
	/* RFC 5227 §2.1.1: target hardware address ignored, SHOULD be zero. */
	memcpy(buf + OFF_THA, zero, 6);
	memcpy(buf + OFF_TPA, &tpa, 4);
}

/* Put one request on the wire of our interface. */
int arp_sock_send(struct arp_sock *s, uint32_t spa, uint32_t tpa,
		  const uint8_t *dst)
{
	uint8_t frame[ARP_FRAME_LEN];
	struct sockaddr_ll sll;

	arp_frame_build(frame, s->mac, dst, spa, tpa);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = s->ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, dst ? dst : broadcast_mac, 6);
	if (sendto(s->fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
		   sizeof(sll)) != (ssize_t)sizeof(frame))
		return -1;
	return 0;
}

/* Whether mac is one of the local ones. */
static bool is_local(const uint8_t local[][6], int n_local, const uint8_t mac[6])
{
	for (int i = 0; i < n_local; i++)
		if (memcmp(local[i], mac, 6) == 0)
			return true;
	return false;
}

/* Sanity-check one received frame; count why when it is dropped. */
bool arp_frame_parse(const uint8_t *buf, size_t len, bool vlan_tagged,
		     const uint8_t local[][6], int n_local,
		     struct arp_frame *f, struct arp_drops *drops)
{
	static const uint8_t zero[6];
	uint16_t op;

	if (vlan_tagged) {
		drops->vlan++;
		return false;
	}
	if (len < ARP_FRAME_LEN ||
	    ((buf[OFF_ETHTYPE] << 8) | buf[OFF_ETHTYPE + 1]) != ETHTYPE_ARP ||
	    ((buf[OFF_HTYPE] << 8) | buf[OFF_HTYPE + 1]) != ARP_HTYPE_ETHER ||
	    ((buf[OFF_PTYPE] << 8) | buf[OFF_PTYPE + 1]) != ETHTYPE_IPV4 ||
	    buf[OFF_HLEN] != 6 || buf[OFF_PLEN] != 4) {
		drops->malformed++;
		return false;
	}
	op = (uint16_t)((buf[OFF_OP] << 8) | buf[OFF_OP + 1]);
	/* A sender MAC that is group (multicast) or all zeros is not a host. */
	if ((op != ARP_OP_REQUEST && op != ARP_OP_REPLY) ||
	    (buf[OFF_SHA] & 0x01) || memcmp(buf + OFF_SHA, zero, 6) == 0) {
		drops->malformed++;
		return false;
	}
	if (memcmp(buf + 6, buf + OFF_SHA, 6) != 0) {
		drops->spoofed_src++;
		return false;
	}
	if (is_local(local, n_local, buf + OFF_SHA)) {
		drops->own_mac++;
		return false;
	}
	f->op = op;
	memcpy(f->eth_src, buf + 6, 6);
	memcpy(f->sha, buf + OFF_SHA, 6);
	memcpy(&f->spa, buf + OFF_SPA, 4);
	memcpy(f->tha, buf + OFF_THA, 6);
	memcpy(&f->tpa, buf + OFF_TPA, 4);
	return true;
}

/* Wait for the next frame worth judging, until a time limit. */
int arp_sock_recv(struct arp_sock *s, int64_t until_us, struct arp_frame *f)
{
	for (;;) {
		int64_t left_us = until_us - clock_us();
		struct pollfd pfd = { s->fd, POLLIN, 0 };
		uint8_t buf[256];
		union {
			struct cmsghdr align;
			char space[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		} ctl;
		struct sockaddr_ll from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr msg;
		bool tagged = false;
		ssize_t n;
		int rc;

		if (left_us <= 0)
			return 0;
		/* Round up so that a wait never spins on a sub-millisecond rest. */
		rc = poll(&pfd, 1, (int)((left_us + 999) / 1000));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;   /* re-check the time limit */
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctl.space;
		msg.msg_controllen = sizeof(ctl.space);
		n = recvmsg(s->fd, &msg, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -1;
		if (from.sll_pkttype == PACKET_OUTGOING || from.sll_ifindex != s->ifindex)
			continue;
		/* The kernel strips the tag of a frame for a VLAN this host does
		 * not have before protocol sockets see it, and marks it as for
		 * another host: PACKET_OTHERHOST is how such a frame shows. */
		if (from.sll_pkttype == PACKET_OTHERHOST)
			tagged = true;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			struct tpacket_auxdata aux;

			if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
				continue;
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if ((aux.tp_status & TP_STATUS_VLAN_VALID) || aux.tp_vlan_tci)
				tagged = true;
		}
		if (!arp_frame_parse(buf, (size_t)n, tagged, s->local, s->n_local,
				     f, &s->drops))
			continue;
		f->at_us = clock_us();
		return 1;
	}
}
