/* sys_time_linux.c - the kernel clock state (adjtimex) and one SNTP exchange
 * (RFC 4330): a 48-byte request, one reply checked against it. */
#include "sys_time.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sys_resolve.h"

/* Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
#define NTP_UNIX_DELTA 2208988800.0
#define NTP_ERA_S      4294967296.0

/* Read the kernel's clock state: modes 0 changes nothing. */
void sys_ntp_read(struct sys_ntp_state *st)
{
	struct timex tx;
	int state;

	memset(st, 0, sizeof(*st));
	memset(&tx, 0, sizeof(tx));
	state = adjtimex(&tx);
	if (state < 0) {
		st->error = errno;
		return;
	}
	st->read = true;
	st->unsynced = state == TIME_ERROR || (tx.status & STA_UNSYNC);
	st->maxerror_us = tx.maxerror;
	st->esterror_us = tx.esterror;
	/* The offset is in nanoseconds when STA_NANO is set. */
	st->offset_us = (tx.status & STA_NANO) ? tx.offset / 1000 : tx.offset;
}

/* The wall clock as Unix seconds with its fraction. */
static double wall_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Unix seconds to a big-endian NTP timestamp. */
void sys_ntp_from_unix(double unix_s, uint8_t out[8])
{
	double ntp = unix_s + NTP_UNIX_DELTA;
	uint64_t secs, frac;

	while (ntp >= NTP_ERA_S)
		ntp -= NTP_ERA_S;
	if (ntp < 0)
		ntp = 0;
	secs = (uint64_t)ntp;
	frac = (uint64_t)((ntp - (double)secs) * NTP_ERA_S);
	if (frac > 0xffffffffu)
		frac = 0xffffffffu;
	for (int i = 0; i < 4; i++) {
		out[i] = (uint8_t)(secs >> (24 - 8 * i));
		out[4 + i] = (uint8_t)(frac >> (24 - 8 * i));
	}
}

/* A big-endian NTP timestamp to Unix seconds (era 1 when the top bit is
 * clear: RFC 4330 §3, times after 2036). */
double sys_ntp_to_unix(const uint8_t p[8])
{
	uint32_t secs = 0, frac = 0;
	double s;

	for (int i = 0; i < 4; i++) {
		secs = secs << 8 | p[i];
		frac = frac << 8 | p[4 + i];
	}
	s = (double)secs + (double)frac / NTP_ERA_S;
	if (!(secs & 0x80000000u))
		s += NTP_ERA_S;
	return s - NTP_UNIX_DELTA;
}

/* A client request: LI 0, version 4, mode 3, transmit time t1. */
void sys_sntp_request(uint8_t pkt[SNTP_PACKET_LEN], double t1_unix_s)
{
	memset(pkt, 0, SNTP_PACKET_LEN);
	pkt[0] = (0 << 6) | (4 << 3) | 3;
	sys_ntp_from_unix(t1_unix_s, pkt + 40);
}

/* Check a reply against the request (RFC 4330 §5: mode 4, the originate
 * timestamp echoing our transmit, a non-zero transmit time, stratum 1-15
 * or a kiss-o'-death). */
enum sys_sntp_error sys_sntp_parse(const uint8_t *buf, size_t len,
				   const uint8_t origin[8], struct sys_sntp_reply *out)
{
	static const uint8_t zero[8];

	memset(out, 0, sizeof(*out));
	if (!buf || len < SNTP_PACKET_LEN)
		return SNTP_BAD_REPLY;
	out->leap = buf[0] >> 6;
	out->version = (buf[0] >> 3) & 7;
	out->mode = buf[0] & 7;
	out->stratum = buf[1];
	for (int i = 0; i < 4; i++) {
		unsigned char c = buf[12 + i];

		out->refid[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	out->refid[4] = '\0';
	if (out->mode != 4 || out->version < 1 || out->version > 4)
		return SNTP_BAD_REPLY;
	if (memcmp(buf + 24, origin, 8) != 0 || memcmp(buf + 40, zero, 8) == 0)
		return SNTP_BAD_REPLY;
	if (out->stratum == 0)
		return SNTP_KISS;
	if (out->stratum > 15 || out->leap == 3)
		return SNTP_BAD_REPLY;
	out->receive_s = sys_ntp_to_unix(buf + 32);
	out->transmit_s = sys_ntp_to_unix(buf + 40);
	return SNTP_OK;
}

/* RFC 4330 §5: d = (T4 - T1) - (T3 - T2), t = ((T2 - T1) + (T3 - T4)) / 2. */
void sys_sntp_compute(double t1, double t2, double t3, double t4,
		      double *offset_ms, double *delay_ms)
{
	*delay_ms = ((t4 - t1) - (t3 - t2)) * 1000.0;
	*offset_ms = ((t2 - t1) + (t3 - t4)) / 2.0 * 1000.0;
}

/* Wait for a reply to the request on fd; SNTP_OK with the four times. */
static enum sys_sntp_error sntp_wait(int fd, const uint8_t *req, double t1,
				     int64_t deadline_ms, bool (*stop)(void *arg),
				     void *arg, struct sys_sntp_result *out)
{
	uint8_t buf[512];
	enum sys_sntp_error last = SNTP_NO_ANSWER;

	for (;;) {
		int64_t left = deadline_ms - clock_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		double t4;
		enum sys_sntp_error e;

		if (left <= 0 || (stop && stop(arg)))
			return last;
		if (poll(&p, 1, left > 50 ? 50 : (int)left) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		t4 = wall_now_s();
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			out->sys_errno = errno;
			return SNTP_SOCKET;
		}
		e = sys_sntp_parse(buf, (size_t)n, req + 40, &out->reply);
		if (e == SNTP_OK) {
			sys_sntp_compute(t1, out->reply.receive_s, out->reply.transmit_s, t4,
					 &out->offset_ms, &out->delay_ms);
			return SNTP_OK;
		}
		/* A stray or forged datagram: keep waiting for the real one. */
		last = e;
		if (e == SNTP_KISS)
			return e;
	}
}

/* One request and its reply on the connected fd, waiting until
 * deadline_ms; fills out on SNTP_OK. */
static enum sys_sntp_error sntp_exchange(int fd, int64_t deadline_ms, bool (*stop)(void *arg),
					 void *arg, struct sys_sntp_result *out)
{
	uint8_t req[SNTP_PACKET_LEN];
	double t1 = wall_now_s();

	sys_sntp_request(req, t1);
	if (send(fd, req, sizeof(req), 0) != (ssize_t)sizeof(req)) {
		out->sys_errno = errno;
		return SNTP_SOCKET;
	}
	return sntp_wait(fd, req, t1, deadline_ms, stop, arg, out);
}

/* SNTP exchanges with host:port (see sys_time.h): the first answer, then
 * up to SNTP_SAMPLES - 1 more right after it, keeping the one with the
 * shortest round trip (a reply held up on one leg skews the offset by
 * half the hold-up; the quickest exchange is the truest, as ntpdate's
 * four samples). Later samples wait only a few round trips: a server that
 * limits its rate costs no time. */
void sys_sntp_query(const char *host, int port, int64_t deadline_ms,
		    bool (*stop)(void *arg), void *arg, struct sys_sntp_result *out)
{
	struct sockaddr_in sa;
	struct sys_sntp_result more;
	uint32_t addr;
	double took;
	int fd;

	memset(out, 0, sizeof(*out));
	if (sys_resolve(host, deadline_ms, stop, arg, &addr, &took) != 0) {
		out->error = SNTP_RESOLVE;
		return;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		out->error = SNTP_SOCKET;
		out->sys_errno = errno;
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = addr;
	/* connect() makes the kernel drop datagrams from any other peer. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		out->error = SNTP_SOCKET;
		out->sys_errno = errno;
		close(fd);
		return;
	}
	out->error = sntp_exchange(fd, deadline_ms, stop, arg, out);
	out->samples = out->error == SNTP_OK;
	for (int i = 1; i < SNTP_SAMPLES && out->error == SNTP_OK &&
	     out->delay_ms > SNTP_GOOD_DELAY_MS; i++) {
		int64_t wait = (int64_t)(out->delay_ms * 4) + 20, until = clock_ms() + wait;

		memset(&more, 0, sizeof(more));
		if (until > deadline_ms)
			until = deadline_ms;
		if (sntp_exchange(fd, until, stop, arg, &more) != SNTP_OK)
			break;
		out->samples++;
		if (more.delay_ms < out->delay_ms) {
			more.samples = out->samples;
			*out = more;
		}
	}
	close(fd);
}
