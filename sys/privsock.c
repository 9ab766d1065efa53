/* privsock.c - open raw sockets while privileged, drop CAP_NET_RAW, lend them.
 *
 * Raw sockets need CAP_NET_RAW only at socket() time. Opening a few at start-up
 * and dropping the capability at once keeps the privileged window to a few
 * system calls, before any thread or network input exists. Linux only.
 */
#include "privsock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One AF_PACKET socket per ARP check (arp.conflict, arp.gateway, lan.scan
 * and one lan.terminal at a time); one raw ICMP socket per concurrent host
 * or gateway check (more wait for a free one). */
static const int pool_size[PRIVSOCK_KINDS] = {
	[PRIVSOCK_PACKET_ARP] = 4,
	[PRIVSOCK_RAW_ICMP] = 17,   /* network.hosts (at most 16) + the gateway */
};
#define POOL_PER_KIND 17

struct slot {
	int fd;
	bool lent;
};

/* Lent fds taken back by privsock_revoke, still in their late borrowers'
 * hands: now the dead placeholder, closed when given back. */
#define ORPHANS_MAX 32

static struct slot pool[PRIVSOCK_KINDS][POOL_PER_KIND];
static int orphans[ORPHANS_MAX];
static int n_orphans;
static int dead_fd = -1;   /* a socket that sends and receives nothing */
static int opened[PRIVSOCK_KINDS];
static int open_errno[PRIVSOCK_KINDS];
static bool initialised;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

/* Open one socket of a kind; -1 with errno on failure. */
static int open_kind(enum privsock_kind k)
{
	switch (k) {
	case PRIVSOCK_PACKET_ARP:
		return socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP));
	case PRIVSOCK_RAW_ICMP:
		return socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	default:
		errno = EINVAL;
		return -1;
	}
}

/* Remove CAP_NET_RAW from the effective, permitted and inheritable sets;
 * -1 with errno when the kernel refused. */
static int drop_net_raw(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return -1;
	data[CAP_TO_INDEX(CAP_NET_RAW)].effective &= ~CAP_TO_MASK(CAP_NET_RAW);
	data[CAP_TO_INDEX(CAP_NET_RAW)].permitted &= ~CAP_TO_MASK(CAP_NET_RAW);
	data[CAP_TO_INDEX(CAP_NET_RAW)].inheritable &= ~CAP_TO_MASK(CAP_NET_RAW);
	return syscall(SYS_capset, &hdr, data) == 0 ? 0 : -1;
}

/* The kinds privsock_init() was asked for. */
static unsigned requested;

/* Receive nothing until a borrower attaches its own filter. */
static void filter_none(int fd)
{
	struct sock_filter none = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { 1, &none };

	setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

int privsock_init(unsigned kinds)
{
	int rc;

	pthread_mutex_lock(&pool_lock);
	if (initialised) {
		pthread_mutex_unlock(&pool_lock);
		return 0;
	}
	requested = kinds;
	for (int k = 0; k < PRIVSOCK_KINDS; k++) {
		if (!(kinds & (1u << k))) {
			open_errno[k] = ENOENT;
			continue;
		}
		for (int i = 0; i < pool_size[k]; i++) {
			int fd = open_kind((enum privsock_kind)k);

			if (fd < 0) {
				open_errno[k] = errno;
				break;
			}
			filter_none(fd);
			pool[k][opened[k]++].fd = fd;
		}
	}
	/* What a revoked borrower's fd becomes: poll never wakes for it,
	 * sends fail. Needs no privilege, only made when there is a pool. */
	if (opened[PRIVSOCK_PACKET_ARP] + opened[PRIVSOCK_RAW_ICMP] > 0)
		dead_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	rc = drop_net_raw();
	initialised = true;
	pthread_mutex_unlock(&pool_lock);
	return rc;
}

/* Read and discard whatever is queued on fd. */
static void drain(int fd)
{
	char buf[2048];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

int privsock_take(enum privsock_kind kind)
{
	int fd = -1, err = EBUSY;

	if ((unsigned)kind >= PRIVSOCK_KINDS) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool_lock);
#ifdef POSDOCTOR_CHECK_CODES
	/* Checking builds: a check whose descriptor does not declare the
	 * socket (probe.h: uses) would read as "no privilege" in a release. */
	if (initialised && !(requested & (1u << kind))) {
		fprintf(stderr, "privsock: a socket of kind %d was taken but no selected "
			"check declares it (struct probe .uses)\n", (int)kind);
		abort();
	}
#endif
	if (opened[kind] == 0)
		err = open_errno[kind] ? open_errno[kind] : EPERM;
	for (int i = 0; i < opened[kind]; i++) {
		if (!pool[kind][i].lent) {
			pool[kind][i].lent = true;
			fd = pool[kind][i].fd;
			break;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	if (fd < 0) {
		errno = err;
		return -1;
	}
	drain(fd);
	return fd;
}

/* The slot lending fd, or NULL (pool_lock held). */
static struct slot *lent_slot(int fd)
{
	for (int k = 0; k < PRIVSOCK_KINDS; k++)
		for (int i = 0; i < opened[k]; i++)
			if (pool[k][i].lent && pool[k][i].fd == fd)
				return &pool[k][i];
	return NULL;
}

/* Close fd if it is a revoked lend; whether it was (pool_lock held). */
static bool close_orphan(int fd)
{
	for (int i = 0; i < n_orphans; i++) {
		if (orphans[i] == fd) {
			orphans[i] = orphans[--n_orphans];
			close(fd);
			return true;
		}
	}
	return false;
}

void privsock_give(int fd)
{
	struct slot *sl;

	if (fd < 0)
		return;
	pthread_mutex_lock(&pool_lock);
	if (close_orphan(fd) || !lent_slot(fd)) {
		/* Revoked: the socket went back without us. */
		pthread_mutex_unlock(&pool_lock);
		return;
	}
	pthread_mutex_unlock(&pool_lock);
	/* Back to receiving nothing; emptied
	 * while still ours, so the next borrower's replies are never eaten. */
	filter_none(fd);
	drain(fd);
	pthread_mutex_lock(&pool_lock);
	sl = lent_slot(fd);
	if (sl)
		sl->lent = false;
	else
		close_orphan(fd); /* revoked meanwhile */
	pthread_mutex_unlock(&pool_lock);
}

void privsock_revoke(int fd)
{
	struct slot *sl;
	int fresh;

	pthread_mutex_lock(&pool_lock);
	sl = lent_slot(fd);
	/* The same socket under a new number stays in the pool; the old number
	 * becomes the dead placeholder (dup3 swaps it in one step, so a late
	 * borrower never finds the number closed and reused by someone else). */
	if (sl && (fresh = fcntl(fd, F_DUPFD_CLOEXEC, 0)) >= 0) {
		filter_none(fresh);
		drain(fresh);
		if (n_orphans < ORPHANS_MAX && dead_fd >= 0 &&
		    dup3(dead_fd, fd, O_CLOEXEC) >= 0)
			orphans[n_orphans++] = fd;
		/* else: the late borrower keeps its number on the same socket
		 * (its give() is then ignored and the number stays open). */
		sl->fd = fresh;
		sl->lent = false;
	}
	pthread_mutex_unlock(&pool_lock);
}

bool privsock_available(enum privsock_kind kind)
{
	bool ok;

	pthread_mutex_lock(&pool_lock);
	ok = (unsigned)kind < PRIVSOCK_KINDS && opened[kind] > 0;
	pthread_mutex_unlock(&pool_lock);
	return ok;
}
