/* serial_proto.h - the framing of payment-terminal handshakes.
 *
 * ENQ/ACK/NAK/EOT single bytes (ASCII control codes, ISO 646) and
 * STX payload ETX LRC frames, LRC = XOR of every byte after STX up to and
 * including ETX (Ingenico Concert, PAX, Verifone). Pure functions: any
 * thread.
 */
#ifndef POSDOCTOR_SERIAL_PROTO_H
#define POSDOCTOR_SERIAL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ASCII control characters (ISO 646 / ECMA-6). */
#define PROTO_STX 0x02
#define PROTO_ETX 0x03
#define PROTO_EOT 0x04
#define PROTO_ENQ 0x05
#define PROTO_ACK 0x06
#define PROTO_NAK 0x15

#define PROTO_FRAME_MAX 512

/* Incremental classifier of received bytes. */
struct proto_scan {
	int acks, naks, eots, enqs;
	int frames_ok, frames_bad;   /* STX..ETX LRC with a right / wrong LRC */
	int garbage;                 /* runs of bytes that fit no frame */
	int first;                   /* first byte seen, -1 before any */
	bool first_is_garbage;       /* the first thing heard was garbage */
	/* parser state */
	int state;
	uint8_t lrc;
	size_t flen;
	uint8_t frame[PROTO_FRAME_MAX];   /* payload of the frame being read */
	uint8_t last[PROTO_FRAME_MAX];    /* payload of the last good frame */
	size_t last_len;
	bool in_garbage;
};

void proto_scan_init(struct proto_scan *s);
void proto_scan_feed(struct proto_scan *s, const uint8_t *b, size_t n);
/* Whether a frame was started but not finished. */
bool proto_scan_in_frame(const struct proto_scan *s);
/* Errors counted so far: bad frames, NAKs and garbage runs. */
int proto_scan_errors(const struct proto_scan *s);

/* XOR of n bytes (payload followed by ETX). */
uint8_t proto_lrc(const uint8_t *b, size_t n);
/* STX payload ETX LRC into out; returns its length, 0 when cap is short. */
size_t proto_frame_build(const uint8_t *payload, size_t n, uint8_t *out, size_t cap);

/* Parse hex bytes ("05 01", "0501", "0x05,0x01"); returns the count, or -1
 * on a bad digit, an odd count of digits, or more than cap bytes. */
int proto_hex_parse(const char *hex, uint8_t *out, size_t cap);
/* "05 01 ..." (at most cap-1 chars, "..." when cut). */
void proto_hex_format(const uint8_t *b, size_t n, char *out, size_t cap);

#endif
