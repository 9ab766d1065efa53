/* sys_time.h - the kernel's clock discipline state (Linux: adjtimex) and one
 * SNTP exchange (RFC 4330) with a time server. Any thread; no globals. */
#ifndef POSDOCTOR_SYS_TIME_H
#define POSDOCTOR_SYS_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the kernel says about its own clock. */
struct sys_ntp_state {
	bool read;              /* the call worked */
	int error;              /* errno when not */
	bool unsynced;          /* STA_UNSYNC set, or the state is TIME_ERROR */
	long maxerror_us;       /* the kernel's maximum error estimate */
	long esterror_us;       /* its estimated error */
	long offset_us;         /* the last offset the kernel was told of */
};

/* Read the kernel's clock state without changing anything. */
void sys_ntp_read(struct sys_ntp_state *st);

#define SNTP_PACKET_LEN 48

/* A parsed server reply (RFC 4330 §4), times as Unix seconds. */
struct sys_sntp_reply {
	int leap, version, mode, stratum;
	char refid[8];            /* kiss code or reference id, printable */
	double receive_s;         /* T2: when the server got the request */
	double transmit_s;        /* T3: when the server sent the reply */
};

/* Why an exchange gave no time. */
enum sys_sntp_error {
	SNTP_OK,
	SNTP_RESOLVE,          /* the name did not resolve */
	SNTP_SOCKET,           /* socket/send failed (errno in sys_errno) */
	SNTP_NO_ANSWER,        /* nothing came back by the deadline */
	SNTP_BAD_REPLY,        /* a reply that is not a usable server answer */
	SNTP_KISS,             /* stratum 0: the server refuses (refid says why) */
};

/* One measurement: offset > 0 means the local clock is behind the server. */
struct sys_sntp_result {
	enum sys_sntp_error error;
	int sys_errno;
	double offset_ms;
	double delay_ms;          /* the round trip, less the server's time */
	int samples;              /* exchanges answered (the best one kept) */
	struct sys_sntp_reply reply;
};

/* Exchanges at most, and a round trip short enough to stop at. */
#define SNTP_SAMPLES       4
#define SNTP_GOOD_DELAY_MS 2.0

/* Unix seconds to the 64-bit NTP timestamp of the packet (era 0). */
void sys_ntp_from_unix(double unix_s, uint8_t out[8]);
/* The 64-bit NTP timestamp at p to Unix seconds (era 0, or era 1 for
 * timestamps whose top bit is clear, RFC 4330 §3). */
double sys_ntp_to_unix(const uint8_t p[8]);
/* Fill a client request (mode 3, version 4) whose transmit time is t1. */
void sys_sntp_request(uint8_t pkt[SNTP_PACKET_LEN], double t1_unix_s);
/* Check and parse a reply of len bytes to the request whose transmit
 * timestamp bytes were sent as origin; SNTP_OK, SNTP_BAD_REPLY or
 * SNTP_KISS. */
enum sys_sntp_error sys_sntp_parse(const uint8_t *buf, size_t len,
				   const uint8_t origin[8], struct sys_sntp_reply *out);
/* Offset and delay (ms) from the four times t1..t4 (RFC 4330 §5). */
void sys_sntp_compute(double t1, double t2, double t3, double t4,
		      double *offset_ms, double *delay_ms);
/* Ask host (a name or IPv4 literal) on UDP port, by deadline_ms
 * (clock_ms()); stop() may end the wait early. Up to SNTP_SAMPLES
 * exchanges back to back, the quickest kept (sys_time_linux.c). */
void sys_sntp_query(const char *host, int port, int64_t deadline_ms,
		    bool (*stop)(void *arg), void *arg, struct sys_sntp_result *out);

#endif
