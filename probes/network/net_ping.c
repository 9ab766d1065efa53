/* net_ping.c - send timed probes to a host and collect the replies: ICMP echo
 * through an unprivileged ICMP socket or a borrowed raw socket, or TCP
 * connect timing. One poll loop sends at the interval, reads replies and
 * declares a probe lost once its adaptive grace has passed.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "privsock.h"

#define NET_ICMP_DATA 56          /* ping's default payload size */
#define NET_DEADLINE_MARGIN_MS 30 /* return this long before the deadline */

enum slot_state { SLOT_UNSENT, SLOT_PENDING, SLOT_GOT, SLOT_LOST };

struct slot {
	enum slot_state state;
	int64_t sent_us;
	double rtt_ms;
	int fd;                   /* TCP: the connecting socket, else -1 */
};

struct pinger {
	struct probe_ctx *ctx;
	enum net_ping_method method;
	int fd;
	uint16_t id;              /* raw ICMP: our echo identifier */
	const struct net_ping_opts *o;
	struct net_ping_run *out;
	struct slot *slots;
	double *rtts;             /* replies so far, for the grace */
	int n_rtts, grace_ms;
	int pending, lost;
};

/* Name of a method as the probe_method metric shows it. */
const char *net_ping_method_name(enum net_ping_method m)
{
	switch (m) {
	case NET_PING_ICMP_DGRAM: return "icmp";
	case NET_PING_ICMP_RAW: return "icmp-raw";
	case NET_PING_TCP: return "tcp";
	}
	return "?";
}

/* RFC 1071 Internet checksum. */
static uint16_t net_cksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		sum += (uint32_t)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* A process-wide distinct echo identifier for each raw-socket run. */
static uint16_t net_ping_next_id(void)
{
	static atomic_uint counter;

	return (uint16_t)((unsigned)getpid() * 31u + atomic_fetch_add(&counter, 1) * 7919u);
}

/* Open (or borrow) the socket a method sends with. */
int net_ping_open(enum net_ping_method method)
{
	int fd;

	switch (method) {
	case NET_PING_ICMP_DGRAM:
	case NET_PING_ICMP_RAW:
		/* The datagram socket is allowed when our gid is inside
		 * net.ipv4.ping_group_range; the raw one is borrowed. */
		fd = method == NET_PING_ICMP_DGRAM ?
		     socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMP) :
		     probe_take_socket(PRIVSOCK_RAW_ICMP);
		if (fd >= 0) {
			int one = 1;

			/* Replies carry the kernel's arrival time (as ping's do):
			 * a busy computer's delay in reading them is not the
			 * network's. Without it the read time is used. */
			(void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
		}
		return fd;
	case NET_PING_TCP:
		return -2;        /* one socket per probe */
	}
	errno = EINVAL;
	return -1;
}

/* Close or give back what net_ping_open returned. */
void net_ping_close(enum net_ping_method method, int fd)
{
	if (fd < 0)
		return;
	if (method == NET_PING_ICMP_RAW)
		probe_give_socket(fd);
	else
		close(fd);
}

/* Raw socket: accept only echo replies from dst carrying our identifier. */
static void net_ping_attach_filter(int fd, struct in_addr dst, uint16_t id)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 12),                 /* ip saddr */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ntohl(dst.s_addr), 0, 6),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),                 /* x = ihl*4 */
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),                  /* icmp type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_ECHOREPLY, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),                  /* icmp id */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };

	(void)setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* Send echo request seq; 0 or errno. */
static int net_ping_send_icmp(struct pinger *p, int seq)
{
	unsigned char pkt[sizeof(struct icmphdr) + NET_ICMP_DATA];
	struct icmphdr *h = (struct icmphdr *)pkt;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = p->o->dst };

	memset(pkt, 0, sizeof(pkt));
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(p->id);    /* the kernel sets it on ICMP sockets */
	h->un.echo.sequence = htons((uint16_t)seq);
	for (size_t i = sizeof(*h); i < sizeof(pkt); i++)
		pkt[i] = (unsigned char)i;
	if (p->method == NET_PING_ICMP_RAW)
		h->checksum = net_cksum(pkt, sizeof(pkt));
	if (sendto(p->fd, pkt, sizeof(pkt), MSG_DONTWAIT, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return errno;
	return 0;
}

/* Start a TCP connect for probe seq; 0 or errno. */
static int net_ping_send_tcp(struct pinger *p, int seq)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = p->o->dst,
				  .sin_port = htons((uint16_t)p->o->port) };
	struct linger lg = { 1, 0 };  /* close with RST: no TIME_WAIT, no FIN */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	p->slots[seq].fd = fd;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 || errno == EINPROGRESS)
		return 0;
	return errno;
}

/* Record a reply for seq at time now_us. */
static void net_ping_got(struct pinger *p, int seq, int64_t now_us)
{
	struct slot *s = &p->slots[seq];

	if (s->state == SLOT_LOST) {
		p->out->late++;
		return;
	}
	if (s->state != SLOT_PENDING)
		return;           /* a duplicate */
	s->state = SLOT_GOT;
	s->rtt_ms = (double)(now_us - s->sent_us) / 1000.0;
	p->rtts[p->n_rtts++] = s->rtt_ms;
	p->grace_ms = net_grace_ms(p->rtts, p->n_rtts, p->o->timeout_ms);
	p->pending--;
	p->out->received++;
}

/* Close a TCP probe's socket. */
static void net_ping_tcp_done(struct slot *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
}

/* The monotonic instant (clock_us) a datagram arrived, from its kernel
 * stamp in msg (SO_TIMESTAMPNS, CLOCK_REALTIME) and the two clocks read
 * now; now_us itself when there is no stamp or it is not in the last
 * second (the wall clock was set meanwhile). */
static int64_t net_ping_arrival_us(struct msghdr *msg, int64_t now_us, int64_t wall_ns)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		struct timespec ts;
		int64_t ago_ns;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS ||
		    c->cmsg_len < CMSG_LEN(sizeof(ts)))
			continue;
		memcpy(&ts, CMSG_DATA(c), sizeof(ts));
		ago_ns = wall_ns - ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
		if (ago_ns >= 0 && ago_ns < 1000000000)
			return now_us - ago_ns / 1000;
	}
	return now_us;
}

int net_ping_reply_seq(const unsigned char *buf, size_t n, bool raw,
		       struct in_addr src, uint16_t id)
{
	struct icmphdr h;

	if (raw) {
		struct iphdr ip;
		size_t hl;

		if (n < sizeof(ip))
			return -1;
		memcpy(&ip, buf, sizeof(ip));
		hl = ip.ihl * 4u;
		if (ip.version != 4 || hl < sizeof(ip) || n < hl + sizeof(h) ||
		    ip.protocol != IPPROTO_ICMP || ip.saddr != src.s_addr)
			return -1;
		buf += hl;
		n -= hl;
	}
	if (n < sizeof(h))
		return -1;
	memcpy(&h, buf, sizeof(h));
	if (h.type != ICMP_ECHOREPLY || h.code != 0)
		return -1;
	if (raw && ntohs(h.un.echo.id) != id)
		return -1;
	return ntohs(h.un.echo.sequence);
}

/* Read every queued ICMP reply. */
static void net_ping_read_icmp(struct pinger *p)
{
	unsigned char buf[1500];
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec)) + 64];
		struct cmsghdr align;
	} ctl;

	for (;;) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
		ssize_t n = recvmsg(p->fd, &msg, MSG_DONTWAIT);
		int64_t now = clock_us(), wall = clock_wall_ns();
		int seq;

		if (n < 0)
			return;
		seq = net_ping_reply_seq(buf, (size_t)n, p->method == NET_PING_ICMP_RAW,
					 p->o->dst, p->id);
		if (seq >= 0 && seq < p->o->count)
			net_ping_got(p, seq, net_ping_arrival_us(&msg, now, wall));
	}
}

/* Check the TCP probes that poll marked. */
static void net_ping_read_tcp(struct pinger *p, const struct pollfd *pfd,
			      const int *pseq, int n)
{
	int64_t now = clock_us();

	for (int i = 0; i < n; i++) {
		struct slot *s;
		int err = 0;
		socklen_t el = sizeof(err);

		if (!pfd[i].revents)
			continue;
		s = &p->slots[pseq[i]];
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
			err = errno;
		if (err == 0 || err == ECONNREFUSED) {
			/* A RST is an answer too: the host is there, the port shut. */
			if (err == ECONNREFUSED)
				p->out->refused++;
			net_ping_got(p, pseq[i], now);
		} else if (s->state == SLOT_PENDING) {
			/* Unreachable, and so on: lost, no need to wait. */
			s->state = SLOT_LOST;
			p->pending--;
			p->lost++;
			if (!p->out->err)
				p->out->err = err;
		}
		net_ping_tcp_done(s);
	}
}

/* Declare pending probes lost once their grace is over; returns the earliest
 * expiry still ahead (µs), or INT64_MAX. */
static int64_t net_ping_expire(struct pinger *p, int64_t now, int sent)
{
	int64_t next = INT64_MAX;

	for (int i = 0; i < sent; i++) {
		struct slot *s = &p->slots[i];
		int64_t until;

		if (s->state != SLOT_PENDING)
			continue;
		until = s->sent_us + (int64_t)p->grace_ms * 1000;
		if (now >= until) {
			s->state = SLOT_LOST;
			p->pending--;
			p->lost++;
			net_ping_tcp_done(s);
		} else if (until < next) {
			next = until;
		}
	}
	return next;
}

/* Send probe seq now. */
static void net_ping_send(struct pinger *p, int seq)
{
	struct slot *s = &p->slots[seq];
	int err;

	s->sent_us = clock_us();
	err = p->method == NET_PING_TCP ? net_ping_send_tcp(p, seq) : net_ping_send_icmp(p, seq);
	p->out->sent++;
	if (err) {
		/* No route, filtered locally...: lost at once. */
		s->state = SLOT_LOST;
		p->lost++;
		net_ping_tcp_done(s);
		if (!p->out->err)
			p->out->err = err;
		return;
	}
	s->state = SLOT_PENDING;
	p->pending++;
}

/* The poll loop; returns when every probe is answered or lost. */
static void net_ping_loop(struct pinger *p)
{
	const struct net_ping_opts *o = p->o;
	int64_t start = clock_us(), next_send = start;
	int sent = 0;
	struct pollfd *pfd = calloc((size_t)o->count + 1, sizeof(*pfd));
	int *pseq = calloc((size_t)o->count + 1, sizeof(*pseq));

	if (!pfd || !pseq) {
		p->out->err = ENOMEM;
		goto out;
	}
	for (;;) {
		int64_t now = clock_us(), wake, expiry;
		int n = 0, wait_ms;
		bool held;

		/* The deadline first: probe_cancelled() is true past it too. */
		if (probe_remaining_ms(p->ctx) <= NET_DEADLINE_MARGIN_MS) {
			p->out->timed_out = true;
			break;
		}
		if (probe_cancelled(p->ctx)) {
			p->out->cancelled = true;
			break;
		}
		/* While no reply came, a silence test sends only its pilot. */
		held = o->silent_after > 0 && p->out->received == 0 && sent >= o->silent_after;
		if (sent < o->count && now >= next_send && !held) {
			net_ping_send(p, sent++);
			next_send += (int64_t)o->interval_ms * 1000;
			probe_progress(p->ctx, sent, o->count);
			continue;
		}
		expiry = net_ping_expire(p, now, sent);
		if (o->silent_after > 0 && p->out->received == 0 && p->lost >= o->silent_after) {
			p->out->silent = true;
			break;
		}
		if (sent == o->count && p->pending == 0)
			break;
		wake = expiry;
		if (sent < o->count && !held && next_send < wake)
			wake = next_send;
		wait_ms = wake == INT64_MAX ? 1000 : (int)((wake - now + 999) / 1000);
		if (wait_ms > probe_remaining_ms(p->ctx) - NET_DEADLINE_MARGIN_MS)
			wait_ms = probe_remaining_ms(p->ctx) - NET_DEADLINE_MARGIN_MS;
		if (wait_ms > 100)
			wait_ms = 100;    /* look at the cancel flag now and then */
		if (wait_ms < 0)
			wait_ms = 0;
		if (p->method == NET_PING_TCP) {
			for (int i = 0; i < sent; i++) {
				if (p->slots[i].state != SLOT_PENDING || p->slots[i].fd < 0)
					continue;
				pfd[n] = (struct pollfd){ p->slots[i].fd, POLLOUT, 0 };
				pseq[n++] = i;
			}
		} else {
			pfd[n++] = (struct pollfd){ p->fd, POLLIN, 0 };
		}
		if (poll(pfd, (nfds_t)n, wait_ms) <= 0)
			continue;
		if (p->method == NET_PING_TCP)
			net_ping_read_tcp(p, pfd, pseq, n);
		else
			net_ping_read_icmp(p);
	}
out:
	free(pfd);
	free(pseq);
}

/* Send the probes and collect the replies (see network.h). */
void net_ping_run(struct probe_ctx *ctx, enum net_ping_method method, int fd,
		  const struct net_ping_opts *opts, struct net_ping_run *out)
{
	struct pinger p;
	struct net_ping_opts o = *opts;

	memset(out, 0, sizeof(*out));
	out->method = method;
	if (o.count > NET_PING_MAX)
		o.count = NET_PING_MAX;
	if (o.count < 1)
		o.count = 1;
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.method = method;
	p.fd = fd;
	p.o = &o;
	p.out = out;
	p.grace_ms = o.timeout_ms;
	p.slots = calloc((size_t)o.count, sizeof(*p.slots));
	p.rtts = calloc((size_t)o.count, sizeof(*p.rtts));
	if (!p.slots || !p.rtts) {
		out->err = ENOMEM;
		free(p.slots);
		free(p.rtts);
		return;
	}
	for (int i = 0; i < o.count; i++)
		p.slots[i].fd = -1;
	if (method == NET_PING_ICMP_RAW) {
		p.id = net_ping_next_id();
		net_ping_attach_filter(fd, o.dst, p.id);
	} else if (method == NET_PING_ICMP_DGRAM) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = o.dst };

		/* Only replies from dst reach a connected ICMP socket. */
		(void)connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	net_ping_loop(&p);
	for (int i = 0; i < o.count; i++) {
		/* Cut short: a probe still waiting for its grace was not lost, it
		 * was never given the chance; it does not count as sent. */
		if (p.slots[i].state == SLOT_PENDING) {
			out->sent--;
			out->in_flight++;
		}
		net_ping_tcp_done(&p.slots[i]);
		if (p.slots[i].state == SLOT_GOT && out->n_rtt < NET_PING_MAX)
			out->rtt_ms[out->n_rtt++] = p.slots[i].rtt_ms;
	}
	free(p.slots);
	free(p.rtts);
}
