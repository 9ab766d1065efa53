/* fuzz_dns.c - a DNS server's reply to the direct question network.dns
 * asks each nameserver (net_dns_parse_reply in
 * probes/network/net_dns_reply.c): any bytes from the wire. A reply it
 * takes has counts that agree with what it found, and an outcome with a
 * name. */
#include "fuzz.h"
#include "network.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_dns_reply r;
	enum net_dns_outcome o;

	if (net_dns_parse_reply(data, size, &r) != 0)
		return 0;
	FUZZ_ASSERT(r.n_a >= 0 && (unsigned)r.n_a <= r.ancount);
	FUZZ_ASSERT(r.rcode <= 15 && r.opcode <= 15);
	o = net_dns_outcome_of(&r);
	FUZZ_ASSERT(net_dns_outcome_name(o) != NULL);
	return 0;
}
