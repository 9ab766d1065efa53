/* fuzz_lan.c - ARP frames off the wire into the lan module's device table
 * (arp_frame_parse, then lan_seen_add), 42 bytes a frame: whatever the
 * frames, the table stays consistent. */
#include <string.h>

#include "fuzz.h"
#include "lan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t local[1][6] = { { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 } };
	static struct lan_seen seen;
	struct arp_drops drops;

	memset(&seen, 0, offsetof(struct lan_seen, d));
	memset(&drops, 0, sizeof(drops));
	for (size_t off = 0; off < size; off += ARP_FRAME_LEN) {
		size_t len = size - off < ARP_FRAME_LEN ? size - off : ARP_FRAME_LEN;
		uint8_t buf[ARP_FRAME_LEN];
		struct arp_frame f;

		memcpy(buf, data + off, len);
		if (!arp_frame_parse(buf, len, false, local, 1, &f, &drops))
			continue;
		f.at_us = (int64_t)off;
		lan_seen_add(&seen, &f, f.op == ARP_OP_REPLY);
	}
	FUZZ_ASSERT(seen.n >= 0 && seen.n <= LAN_MAX_DEVICES);
	for (int i = 0; i < seen.n; i++) {
		/* One entry per (MAC, address), never for a probe's 0.0.0.0. */
		FUZZ_ASSERT(seen.d[i].ip != 0 && seen.d[i].frames > 0);
		FUZZ_ASSERT(lan_seen_find(&seen, seen.d[i].mac, seen.d[i].ip) == i);
	}
	return 0;
}
