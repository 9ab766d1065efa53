/* fuzz_lease.c - DHCP lease files (sys_lease_parse, both formats). The
 * first byte picks the format and the interface asked for. */
#include <string.h>

#include "fuzz.h"
#include "sys_lease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sys_lease_format fmt;
	const char *ifname;
	struct sys_lease l;
	char *text;

	if (size < 1)
		return 0;
	fmt = data[0] & 1 ? SYS_LEASE_DHCLIENT : SYS_LEASE_KEYVAL;
	ifname = data[0] & 2 ? NULL : "eth0";
	text = malloc(size - 1 ? size - 1 : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);   /* not terminated: it takes a length */
	if (sys_lease_parse(text, size - 1, fmt, ifname, &l)) {
		/* A lease always names our address and its server. */
		FUZZ_ASSERT(l.address != 0 && l.server != 0);
	}
	free(text);
	return 0;
}
