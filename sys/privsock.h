/* privsock.h - raw sockets opened while CAP_NET_RAW is held, lent out later.
 *
 * privsock_init() runs once in main before any thread starts: it opens a
 * small pool of AF_PACKET (ETH_P_ARP) and raw ICMP sockets if the process
 * may, then drops CAP_NET_RAW from its effective and permitted sets for good.
 * Probes borrow a socket for one run and give it back; a run the runner gave
 * up on has it revoked (core/probe.h probe_hold). Any thread after init.
 */
#ifndef POSDOCTOR_PRIVSOCK_H
#define POSDOCTOR_PRIVSOCK_H

#include <stdbool.h>

enum privsock_kind {
	PRIVSOCK_PACKET_ARP,   /* socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP)) */
	PRIVSOCK_RAW_ICMP,     /* socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) */
	PRIVSOCK_KINDS
};

#define PRIVSOCK_ALL ((1u << PRIVSOCK_KINDS) - 1)

/* Open the pool for the kinds in the mask (1u << kind; PRIVSOCK_ALL) and drop
 * CAP_NET_RAW. Only the kinds the selected checks use: closing a packet
 * socket costs an RCU grace period at exit. Safe to call more than once.
 * Returns -1 (errno set) when the capability could not be dropped. */
int privsock_init(unsigned kinds);
/* Borrow an unused socket of that kind: its fd, or -1 with errno EPERM when
 * the process had no privilege to open one, EBUSY when all are lent out. The
 * socket is drained and its filter receives nothing until the borrower
 * attaches its own. Never bind() a packet socket: rebinding waits for an RCU
 * grace period (~10 ms); filter on the interface index instead. */
int privsock_take(enum privsock_kind kind);
/* Give it back (never close it yourself). */
void privsock_give(int fd);
/* Take a lent socket back from a borrower that may still be using it (a
 * run abandoned at its deadline): the pool keeps the socket under a new
 * number and the borrower's number becomes a dead socket (poll never wakes,
 * sends fail) until the borrower gives it back, which then only closes it.
 * Any thread; nothing when fd is not lent. */
void privsock_revoke(int fd);
/* Whether init could open sockets of that kind. */
bool privsock_available(enum privsock_kind kind);

#endif
