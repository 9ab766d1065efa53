/* fuzz_neigh.c - a netlink neighbour-table reply (RTM_NEWNEIGH messages),
 * as sys/sys_net_linux.c walks what recv() returned. */
#include <string.h>

#include "fuzz.h"
#include "sys_net.h"

/* take(): check what the walk hands out, keep going. */
static bool take_all(const struct sys_neigh *e, void *arg)
{
	int *n = arg;

	FUZZ_ASSERT(e->found);
	(*n)++;
	return true;
}

/* take(): stop at the first entry. */
static bool take_first(const struct sys_neigh *e, void *arg)
{
	(void)e;
	(void)arg;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: a read past the end is an ASan report. */
	uint8_t *buf = malloc(size ? size : 1);
	int n = 0, st;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	st = sys_neigh_parse(buf, size, take_all, &n);
	FUZZ_ASSERT(st >= -1 && st <= 1);
	/* A message holds at least a header and an ndmsg. */
	FUZZ_ASSERT((size_t)n * 28 <= size);
	(void)sys_neigh_parse(buf, size, take_first, NULL);
	free(buf);
	return 0;
}
