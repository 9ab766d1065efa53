/* fuzz_sysfs.c - values read from sysfs and procfs files: integers
 * (sys_parse_long, behind sys_read_long) and MAC addresses
 * (sys_mac_parse), and the bounded text reader itself (sys_read_text on a
 * file of the input's bytes: NULs, no newline, longer than the buffer). */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "sys_file.h"
#include "sys_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size), text[64], back[18];
	const char *path;
	uint8_t mac[6];
	long v;
	int n;

	if (sys_parse_long(s, &v)) {
		char *end;

		/* What it accepted reads back as the same number. */
		FUZZ_ASSERT(strtol(s, &end, 10) == v);
	}
	if (sys_mac_parse(s, mac)) {
		sys_mac_format(mac, back);
		FUZZ_ASSERT(strncasecmp(back, s, 17) == 0);
	}
	path = fuzz_tmp_write("value", data, size);
	n = sys_read_text(path, text, sizeof(text));
	FUZZ_ASSERT(n >= 0 && (size_t)n < sizeof(text) && strlen(text) == (size_t)n);
	if (sys_read_long(path, &v))
		FUZZ_ASSERT(sys_parse_long(text, &v));
	free(s);
	return 0;
}
