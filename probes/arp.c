/* arp.c - the arp module's table of checks. */
#include "registry.h"

#include <stddef.h>

const struct probe *const arp_probes[] = {
	NULL
};
