/* serial_zvt.c - ZVT transport frames and STX..ETX LRC frame decoding.
 *
 * A ZVT frame on a serial line: DLE STX, the APDU (class, instruction,
 * length, data) with every 0x10 sent twice, DLE ETX, then a CRC-16 of the
 * APDU and ETX, low byte first. The receiver answers ACK (06) or NAK (15).
 */
#include "serial.h"

#include <string.h>

enum { Z_IDLE, Z_DLE, Z_DATA, Z_DATA_DLE, Z_CRC_LO, Z_CRC_HI };

/* One byte into the CRC register: CCITT polynomial bit-reversed. */
static uint16_t zvt_crc_step(uint16_t crc, uint8_t byte)
{
	crc ^= byte;
	for (int k = 0; k < 8; k++)
		crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0x8408) : (uint16_t)(crc >> 1);
	return crc;
}

/* CRC-16 of n bytes, register starting at 0. */
uint16_t zvt_crc(const uint8_t *b, size_t n)
{
	uint16_t crc = 0;

	for (size_t i = 0; i < n; i++)
		crc = zvt_crc_step(crc, b[i]);
	return crc;
}

/* CRC of an APDU followed by ETX (what a frame carries). */
static uint16_t zvt_crc_apdu(const uint8_t *apdu, size_t n)
{
	return zvt_crc_step(zvt_crc(apdu, n), PROTO_ETX);
}

/* Frame an APDU for the serial line. */
size_t zvt_frame_build(const uint8_t *apdu, size_t n, uint8_t *out, size_t cap)
{
	uint16_t crc = zvt_crc_apdu(apdu, n);
	size_t k = 0;

	if (cap < 6)
		return 0;
	out[k++] = PROTO_DLE;
	out[k++] = PROTO_STX;
	for (size_t i = 0; i < n; i++) {
		if (k + (apdu[i] == PROTO_DLE ? 2 : 1) + 4 > cap)
			return 0;
		out[k++] = apdu[i];
		if (apdu[i] == PROTO_DLE)
			out[k++] = PROTO_DLE;
	}
	if (k + 4 > cap)
		return 0;
	out[k++] = PROTO_DLE;
	out[k++] = PROTO_ETX;
	out[k++] = (uint8_t)(crc & 0xff);
	out[k++] = (uint8_t)(crc >> 8);
	return k;
}

/* Status enquiry 05 01, length 3, password 00 00 00 (BCD). */
size_t zvt_status_enquiry(uint8_t *out, size_t cap)
{
	static const uint8_t apdu[] = { 0x05, 0x01, 0x03, 0x00, 0x00, 0x00 };

	if (cap < sizeof(apdu))
		return 0;
	memcpy(out, apdu, sizeof(apdu));
	return sizeof(apdu);
}

/* The only APDUs posdoctor sends. */
bool zvt_apdu_is_allowed(const uint8_t *apdu, size_t n)
{
	if (n < 3)
		return false;
	return (apdu[0] == 0x05 && apdu[1] == 0x01) || (apdu[0] == 0x80 && apdu[1] == 0x00);
}

/* Start reading a fresh stream. */
void zvt_scan_init(struct zvt_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->state = Z_IDLE;
}

/* Count a byte that fits nothing (runs count once). */
static void zvt_garbage(struct zvt_scan *s)
{
	if (!s->in_garbage)
		s->garbage++;
	s->in_garbage = true;
}

/* A frame is complete: check it and sort it. Returns 1 when good. */
static int zvt_frame_end(struct zvt_scan *s, uint8_t crc_hi)
{
	uint16_t got = (uint16_t)(s->crc_lo | crc_hi << 8);

	s->state = Z_IDLE;
	if (got != zvt_crc_apdu(s->apdu, s->len)) {
		s->frames_bad++;
		return 0;
	}
	s->frames_ok++;
	memcpy(s->last, s->apdu, s->len);
	s->last_len = s->len;
	if (s->len >= 2 && s->apdu[0] == 0x80 && s->apdu[1] == 0x00)
		s->app_acks++;
	else if (s->len >= 1 && s->apdu[0] == 0x84)
		s->app_errors++;
	else if (s->len >= 2 && s->apdu[0] == 0x06 && (s->apdu[1] == 0x0f || s->apdu[1] == 0x1e))
		s->ends++;
	return 1;
}

/* One byte outside a frame. */
static void zvt_idle_byte(struct zvt_scan *s, uint8_t c)
{
	switch (c) {
	case PROTO_ACK: s->acks++; s->in_garbage = false; break;
	case PROTO_NAK: s->naks++; s->in_garbage = false; break;
	case PROTO_DLE: s->state = Z_DLE; break;
	default: zvt_garbage(s); break;
	}
}

/* Read bytes; returns the good frames that ended in them. */
int zvt_scan_feed(struct zvt_scan *s, const uint8_t *b, size_t n)
{
	int good = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = b[i];

		switch (s->state) {
		case Z_IDLE:
			zvt_idle_byte(s, c);
			break;
		case Z_DLE:
			if (c == PROTO_STX) {
				s->state = Z_DATA;
				s->len = 0;
				s->in_garbage = false;
			} else {
				zvt_garbage(s);         /* a lone DLE */
				s->state = Z_IDLE;
				zvt_idle_byte(s, c);
			}
			break;
		case Z_DATA:
			if (c == PROTO_DLE) {
				s->state = Z_DATA_DLE;
			} else if (s->len >= sizeof(s->apdu)) {
				s->frames_bad++;        /* runaway: no DLE ETX in sight */
				s->state = Z_IDLE;
			} else {
				s->apdu[s->len++] = c;
			}
			break;
		case Z_DATA_DLE:
			if (c == PROTO_ETX) {
				s->state = Z_CRC_LO;
			} else if (c == PROTO_DLE && s->len < sizeof(s->apdu)) {
				s->apdu[s->len++] = c;  /* a doubled DLE is one data byte */
				s->state = Z_DATA;
			} else {
				s->frames_bad++;        /* DLE followed by neither DLE nor ETX */
				s->state = Z_IDLE;
			}
			break;
		case Z_CRC_LO:
			s->crc_lo = c;
			s->state = Z_CRC_HI;
			break;
		case Z_CRC_HI:
			good += zvt_frame_end(s, c);
			break;
		}
	}
	return good;
}

/* Whether a frame is open. */
bool zvt_scan_in_frame(const struct zvt_scan *s)
{
	return s->state != Z_IDLE;
}

/* Whether the APDU's length byte (or FF + two bytes, little endian) fits. */
static bool zvt_length_fits(const uint8_t *apdu, size_t n)
{
	size_t want;

	if (n < 3)
		return false;
	if (apdu[2] != 0xff)
		return n == 3u + apdu[2];
	if (n < 5)
		return false;
	want = (size_t)apdu[3] | (size_t)apdu[4] << 8;
	return n == 5 + want;
}

/* Decode the first frame in b. */
int zvt_frame_decode(const uint8_t *b, size_t n, struct zvt_frame *f)
{
	struct zvt_scan s;

	memset(f, 0, sizeof(*f));
	zvt_scan_init(&s);
	for (size_t i = 0; i < n; i++) {
		int bad = s.frames_bad, ok = s.frames_ok, state = s.state;

		zvt_scan_feed(&s, b + i, 1);
		if (state == Z_CRC_HI) {            /* a frame ended, good or not */
			f->len = s.len;
			memcpy(f->apdu, s.apdu, s.len);
			f->crc_ok = s.frames_ok > ok;
			f->length_ok = zvt_length_fits(f->apdu, f->len);
			return (int)(i + 1);
		}
		if (s.frames_bad > bad)
			return -1;
	}
	return 0;
}

/* Decode the first STX..ETX LRC frame in b. */
int proto_lrc_decode(const uint8_t *b, size_t n, struct proto_lrc_frame *f)
{
	size_t i = 0, k = 0;
	uint8_t lrc = 0;

	memset(f, 0, sizeof(*f));
	while (i < n && b[i] != PROTO_STX)
		i++;
	if (i == n)
		return 0;
	for (i++; i < n; i++) {
		lrc ^= b[i];
		if (b[i] == PROTO_ETX) {
			if (i + 1 >= n)
				return 0;
			f->len = k;
			f->lrc_ok = b[i + 1] == lrc;
			return (int)(i + 2);
		}
		if (k >= sizeof(f->payload))
			return -1;
		f->payload[k++] = b[i];
	}
	return 0;
}

/* Decode the first raw APDU in b (ZVT over TCP/IP: no transport layer). */
int zvt_apdu_decode(const uint8_t *b, size_t n, struct zvt_apdu *a)
{
	size_t header, len;

	memset(a, 0, sizeof(*a));
	if (n < 3)
		return 0;
	if (b[2] != 0xff) {
		header = 3;
		len = b[2];
	} else {
		if (n < 5)
			return 0;
		header = 5;
		len = (size_t)b[3] | (size_t)b[4] << 8;
	}
	if (len > ZVT_APDU_MAX - header)
		return -1;
	if (n < header + len)
		return 0;
	a->cls = b[0];
	a->instr = b[1];
	a->header = header;
	a->len = len;
	memcpy(a->data, b + header, len);
	return (int)(header + len);
}

/* Write a decoded APDU back in the same length form (3 or 5 header bytes). */
size_t zvt_apdu_encode(const struct zvt_apdu *a, uint8_t *out, size_t cap)
{
	size_t k = 0;

	if ((a->header != 3 && a->header != 5) || (a->header == 3 && a->len >= 0xff) ||
	    a->len > ZVT_APDU_MAX - a->header || cap < a->header + a->len)
		return 0;
	out[k++] = a->cls;
	out[k++] = a->instr;
	if (a->header == 3) {
		out[k++] = (uint8_t)a->len;
	} else {
		out[k++] = 0xff;
		out[k++] = (uint8_t)(a->len & 0xff);
		out[k++] = (uint8_t)(a->len >> 8);
	}
	memcpy(out + k, a->data, a->len);
	return k + a->len;
}

/* The messages a terminal sends the ECR in a status dialogue. */
bool zvt_apdu_is_reply(const struct zvt_apdu *a)
{
	switch (a->cls) {
	case 0x80: return a->instr == 0x00;                       /* acknowledgement */
	case 0x84: return true;                                   /* refused, with reason */
	case 0x04: return a->instr == 0x0f || a->instr == 0xff;   /* status, intermediate */
	case 0x06: return a->instr == 0x0f || a->instr == 0x1e || /* completion, abort */
			  a->instr == 0xd1 || a->instr == 0xd3;   /* print line, text block */
	}
	return false;
}
