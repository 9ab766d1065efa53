/* fuzz_icmp.c - what an ICMP socket hands network.host for each reply
 * (net_ping_reply_seq in probes/network/net_ping.c): bytes from the wire,
 * behind an IP header on the raw socket. Input: byte 0 bit 0 = raw socket,
 * bytes 1..4 the host's address, 5..6 our echo identifier (big-endian),
 * then the datagram. A reply it takes is an echo reply, from the host and
 * with our identifier when raw, and its sequence number is the one in the
 * ICMP header. */
#include <arpa/inet.h>
#include <string.h>

#include "fuzz.h"
#include "network.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *pkt = data + 7, *icmp;
	struct in_addr src;
	uint16_t id;
	size_t n;
	bool raw;
	int seq;

	if (size < 7)
		return 0;
	raw = data[0] & 1;
	memcpy(&src.s_addr, data + 1, 4);
	id = (uint16_t)(data[5] << 8 | data[6]);
	n = size - 7;
	seq = net_ping_reply_seq(pkt, n, raw, src, id);
	FUZZ_ASSERT(seq >= -1 && seq <= 65535);
	if (seq < 0)
		return 0;
	icmp = pkt;
	if (raw) {
		size_t hl = (size_t)(pkt[0] & 0x0f) * 4;

		FUZZ_ASSERT(pkt[0] >> 4 == 4 && hl >= 20 && n >= hl + 8);
		FUZZ_ASSERT(memcmp(pkt + 12, &src.s_addr, 4) == 0);
		icmp = pkt + hl;
		FUZZ_ASSERT((icmp[4] << 8 | icmp[5]) == id);
	}
	FUZZ_ASSERT(icmp[0] == 0 && icmp[1] == 0);
	FUZZ_ASSERT((icmp[6] << 8 | icmp[7]) == seq);
	return 0;
}
