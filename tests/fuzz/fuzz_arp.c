/* fuzz_arp.c - a raw Ethernet frame off the packet socket
 * (arp_frame_parse), untagged and VLAN-tagged as the kernel reports. */
#include <string.h>

#include "arp.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t local[2][6] = {
		{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
		{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
	};
	uint8_t *buf = malloc(size ? size : 1);
	struct arp_drops drops;
	struct arp_frame f;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	memset(&drops, 0, sizeof(drops));
	for (int tagged = 0; tagged < 2; tagged++) {
		if (!arp_frame_parse(buf, size, tagged, local, 2, &f, &drops))
			continue;
		/* What passes is a request or reply from another host's own MAC. */
		FUZZ_ASSERT(!tagged);
		FUZZ_ASSERT(size >= ARP_FRAME_LEN);
		FUZZ_ASSERT(f.op == ARP_OP_REQUEST || f.op == ARP_OP_REPLY);
		FUZZ_ASSERT(memcmp(f.sha, f.eth_src, 6) == 0 && !(f.sha[0] & 1));
		FUZZ_ASSERT(memcmp(f.sha, local[0], 6) != 0 && memcmp(f.sha, local[1], 6) != 0);
	}
	free(buf);
	return 0;
}
