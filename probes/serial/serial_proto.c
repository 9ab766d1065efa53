/* serial_proto.c - ENQ/ACK bytes and STX-ETX-LRC frames. */
#include "serial.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { SCAN_IDLE, SCAN_FRAME, SCAN_LRC };

/* Start classifying a fresh stream of received bytes. */
void proto_scan_init(struct proto_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->first = -1;
	s->state = SCAN_IDLE;
}

/* Count one byte that fits nothing: runs of them count once. */
static void scan_garbage(struct proto_scan *s)
{
	if (!s->in_garbage)
		s->garbage++;
	s->in_garbage = true;
}

/* One byte outside a frame. */
static void scan_idle_byte(struct proto_scan *s, uint8_t b)
{
	switch (b) {
	case PROTO_STX:
		s->state = SCAN_FRAME;
		s->lrc = 0;
		s->flen = 0;
		s->in_garbage = false;
		return;
	case PROTO_ACK: s->acks++; break;
	case PROTO_NAK: s->naks++; break;
	case PROTO_EOT: s->eots++; break;
	case PROTO_ENQ: s->enqs++; break;
	default:
		scan_garbage(s);
		return;
	}
	s->in_garbage = false;
}

/* Classify n more bytes: control codes, frames (LRC checked), garbage. */
void proto_scan_feed(struct proto_scan *s, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = b[i];

		if (s->first < 0) {
			s->first = c;
			s->first_is_garbage = c != PROTO_STX && c != PROTO_ACK && c != PROTO_NAK &&
					      c != PROTO_EOT && c != PROTO_ENQ;
		}
		switch (s->state) {
		case SCAN_IDLE:
			scan_idle_byte(s, c);
			break;
		case SCAN_FRAME:
			s->lrc ^= c;
			if (c == PROTO_ETX) {
				s->state = SCAN_LRC;
			} else if (s->flen >= sizeof(s->frame)) {
				s->frames_bad++;      /* runaway: no ETX in sight */
				s->state = SCAN_IDLE;
			} else {
				s->frame[s->flen++] = c;
			}
			break;
		case SCAN_LRC:
			if (c == s->lrc) {
				s->frames_ok++;
				memcpy(s->last, s->frame, s->flen);
				s->last_len = s->flen;
			} else {
				s->frames_bad++;
			}
			s->state = SCAN_IDLE;
			break;
		}
	}
}

/* Whether a frame is open (STX seen, LRC not yet). */
bool proto_scan_in_frame(const struct proto_scan *s)
{
	return s->state != SCAN_IDLE;
}

/* Line errors seen: bad LRCs, NAKs, garbage runs. */
int proto_scan_errors(const struct proto_scan *s)
{
	return s->frames_bad + s->naks + s->garbage;
}

/* Longitudinal redundancy check: XOR of the bytes. */
uint8_t proto_lrc(const uint8_t *b, size_t n)
{
	uint8_t x = 0;

	for (size_t i = 0; i < n; i++)
		x ^= b[i];
	return x;
}

/* Frame a payload as STX payload ETX LRC. */
size_t proto_frame_build(const uint8_t *payload, size_t n, uint8_t *out, size_t cap)
{
	if (cap < n + 3)
		return 0;
	out[0] = PROTO_STX;
	if (n)
		memcpy(out + 1, payload, n);
	out[n + 1] = PROTO_ETX;
	out[n + 2] = proto_lrc(out + 1, n + 1);   /* after STX, through ETX */
	return n + 3;
}

/* Value of one hex digit, -1 when c is not one. */
static int hex_digit(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Hex text from the config to bytes. */
int proto_hex_parse(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = hex; *p; p++) {
		int d;

		if (isspace((unsigned char)*p) || *p == ',' || *p == ':')
			continue;
		if (*p == '0' && (p[1] == 'x' || p[1] == 'X') && hi < 0) {
			p++;
			continue;
		}
		d = hex_digit((unsigned char)*p);
		if (d < 0)
			return -1;
		if (hi < 0) {
			hi = d;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	return hi < 0 ? (int)n : -1;
}

/* Bytes to "05 06" for the detail log. */
void proto_hex_format(const uint8_t *b, size_t n, char *out, size_t cap)
{
	size_t used = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (used + 3 + 4 >= cap) {
			snprintf(out + used, cap - used, "...");
			return;
		}
		used += (size_t)snprintf(out + used, cap - used, i ? " %02x" : "%02x", b[i]);
	}
}
