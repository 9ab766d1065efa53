/* net_dns_reply.c - reading a DNS server's reply (RFC 1035 §4.1): bytes in,
 * a plain struct out, no state and no allocation, so that any datagram a
 * server (or anyone on the path) sends is judged safely. The DNS check uses
 * the reply code to tell "no such name" from "server refused".
 */
#include "network.h"

#include <string.h>

#define NET_DNS_HDR 12
/* A name is at most 255 bytes (RFC 1035 §2.3.4): with one-byte labels that
 * is at most 128 labels; more jumps than that is a pointer loop. */
#define NET_DNS_MAX_HOPS 128

/* Skip the (possibly compressed) name at *pos; false when it runs past the
 * end, uses a reserved label type or loops. */
static bool net_dns_skip_name(const unsigned char *m, size_t len, size_t *pos)
{
	size_t p = *pos, end = 0;
	int hops = 0;
	bool jumped = false;

	for (;;) {
		unsigned char l;

		if (p >= len || hops++ > NET_DNS_MAX_HOPS)
			return false;
		l = m[p];
		if (l == 0) {
			*pos = jumped ? end : p + 1;
			return true;
		}
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len)
				return false;
			to = ((size_t)(l & 0x3f) << 8) | m[p + 1];
			if (!jumped) {
				end = p + 2;
				jumped = true;
			}
			/* Only backwards: a forward pointer can only be a trick. */
			if (to >= p)
				return false;
			p = to;
			continue;
		}
		if (l & 0xc0)              /* 0x40, 0x80: reserved (RFC 6891) */
			return false;
		p += 1 + (size_t)l;
	}
}

/* Read 16 bits in network order at m[p]. */
static unsigned net_dns_u16(const unsigned char *m, size_t p)
{
	return ((unsigned)m[p] << 8) | m[p + 1];
}

int net_dns_parse_reply(const unsigned char *msg, size_t len, struct net_dns_reply *out)
{
	size_t pos = NET_DNS_HDR;

	memset(out, 0, sizeof(*out));
	if (!msg || len < NET_DNS_HDR)
		return -1;
	out->id = (uint16_t)net_dns_u16(msg, 0);
	out->is_response = (msg[2] & 0x80) != 0;
	out->opcode = (msg[2] >> 3) & 0x0f;
	out->truncated = (msg[2] & 0x02) != 0;
	out->rcode = msg[3] & 0x0f;
	out->qdcount = net_dns_u16(msg, 4);
	out->ancount = net_dns_u16(msg, 6);
	/* The header alone carries the verdict; the sections are read only
	 * to count the IPv4 answers, and a cut reply keeps what was read. */
	for (unsigned i = 0; i < out->qdcount; i++) {
		if (!net_dns_skip_name(msg, len, &pos) || pos + 4 > len) {
			out->cut = true;
			return 0;
		}
		pos += 4;
	}
	for (unsigned i = 0; i < out->ancount; i++) {
		unsigned type, klass, rdlen;

		if (!net_dns_skip_name(msg, len, &pos) || pos + 10 > len) {
			out->cut = true;
			return 0;
		}
		type = net_dns_u16(msg, pos);
		klass = net_dns_u16(msg, pos + 2);
		rdlen = net_dns_u16(msg, pos + 8);
		pos += 10;
		if (pos + rdlen > len) {
			out->cut = true;
			return 0;
		}
		if (type == 1 && klass == 1 && rdlen == 4) {
			if (out->n_a++ == 0)
				memcpy(&out->first_a, msg + pos, 4);
		}
		pos += rdlen;
	}
	return 0;
}

enum net_dns_outcome net_dns_outcome_of(const struct net_dns_reply *r)
{
	if (!r->is_response || r->opcode != 0)
		return NET_DNS_GARBLED;
	switch (r->rcode) {
	case 0:
		/* NOERROR with no IPv4 address: the name exists without one
		 * (NODATA), which for us is as good as no such name. A cut
		 * reply (TC) may hold the address we could not read. */
		if (r->n_a > 0 || r->truncated)
			return NET_DNS_FOUND;
		return NET_DNS_NO_ADDRESS;
	case 3:
		return NET_DNS_NXDOMAIN;
	case 2:
		return NET_DNS_SERVFAIL;
	case 5:
		return NET_DNS_REFUSED;
	default:
		return NET_DNS_OTHER_ERROR;
	}
}

const char *net_dns_outcome_name(enum net_dns_outcome o)
{
	static const char *const names[] = {
		[NET_DNS_SILENT] = "no answer", [NET_DNS_FOUND] = "found",
		[NET_DNS_NO_ADDRESS] = "no IPv4 address (NODATA)",
		[NET_DNS_NXDOMAIN] = "no such name (NXDOMAIN)",
		[NET_DNS_SERVFAIL] = "server failure (SERVFAIL)",
		[NET_DNS_REFUSED] = "refused (REFUSED)",
		[NET_DNS_OTHER_ERROR] = "error reply", [NET_DNS_GARBLED] = "unreadable reply",
	};

	return (unsigned)o < sizeof(names) / sizeof(names[0]) && names[o] ? names[o] : "?";
}
