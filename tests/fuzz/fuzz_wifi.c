/* fuzz_wifi.c - /proc/net/wireless text (sys_wifi_parse). */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "sys_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "wlan0", "wlp2s0", "" };
	char *text = malloc(size ? size : 1);
	struct sys_wifi w;

	if (!text)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (sys_wifi_parse(text, size, names[i], &w) && w.level_valid)
			FUZZ_ASSERT(w.level_dbm < 0 && w.level_dbm > -150);
		if (!isnan(w.quality))
			FUZZ_ASSERT(!(w.quality <= 70) || w.quality_pct <= 100.0);
	}
	free(text);
	return 0;
}
