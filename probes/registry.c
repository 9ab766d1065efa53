/* registry.c - one table of modules; each module owns its list of checks.
 * Compiled once per binary: the test binary adds the test.* module. */
#include "registry.h"

#include <stddef.h>

static const struct probe *const *const module_tables[] = {
	serial_probes, network_probes, arp_probes, power_probes, system_probes,
#ifdef POSDOCTOR_TEST_PROBES
	test_probes,
#endif
};

#define N_MODULES (sizeof(module_tables) / sizeof(module_tables[0]))
#define MAX_PROBES 64

const struct probe *const *registry_probes(void)
{
	static const struct probe *all[MAX_PROBES + 1];
	static int filled;

	/* Built on first use; main calls this before any thread starts. */
	if (!filled) {
		size_t n = 0;

		for (size_t m = 0; m < N_MODULES; m++)
			for (size_t i = 0; module_tables[m][i] && n < MAX_PROBES; i++)
				all[n++] = module_tables[m][i];
		all[n] = NULL;
		filled = 1;
	}
	return all;
}
