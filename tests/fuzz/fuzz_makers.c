/* fuzz_makers.c - the list of payment-terminal makers (makers_load_buffer),
 * YAML that a site may edit by hand, and a lookup in what loaded. */
#include <string.h>

#include "fuzz.h"
#include "makers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct maker_list l;
	static const uint8_t mac[6] = { 0x00, 0x17, 0x6f, 1, 2, 3 };
	int problems = makers_load_buffer((const char *)data, size, "fuzz.yaml", &l, NULL);

	FUZZ_ASSERT(problems >= 0);
	FUZZ_ASSERT(l.n >= 0 && l.n <= MAKERS_MAX);
	for (int i = 0; i < l.n; i++) {
		FUZZ_ASSERT(memchr(l.m[i].name, '\0', sizeof(l.m[i].name)) != NULL);
		FUZZ_ASSERT(l.m[i].name[0] != '\0');
		FUZZ_ASSERT(l.m[i].n_vendors + l.m[i].n_prefixes > 0);
	}
	(void)makers_match(&l, mac, "PAX Computer Technology(Shenzhen)");
	return 0;
}
