/* fuzz_route.c - /proc/net/route text (sys_route_parse). */
#include <string.h>

#include "fuzz.h"
#include "sys_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	struct sys_route r;

	if (!text)
		abort();
	memcpy(text, data, size);   /* not terminated: the parser takes a length */
	if (sys_route_parse(text, size, NULL, &r)) {
		FUZZ_ASSERT(memchr(r.ifname, '\0', sizeof(r.ifname)) != NULL);
		FUZZ_ASSERT(r.ifname[0] != '\0');
	}
	if (sys_route_parse(text, size, "eth0", &r))
		FUZZ_ASSERT(strcmp(r.ifname, "eth0") == 0);
	free(text);
	return 0;
}
