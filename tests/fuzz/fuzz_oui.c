/* fuzz_oui.c - the vendor registry (arp_oui_vendor, probes/arp/arp_oui.c):
 * the IEEE lists and arp-scan's list are files another package installs, in
 * three layouts (oui.txt "(hex)"/"(base 16)" lines, oui.csv, arp-scan's
 * "PREFIX<TAB>Name"). Byte 0 picks the layout (bit 0: .csv name), bytes
 * 1..6 are the MAC looked up, the rest is the file. The name found must be
 * a NUL-terminated string that fits, with nothing arp_oui_trim would still
 * remove. */
#include <stdio.h>
#include <string.h>

#include "arp.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char txt[4096], csv[4096];
	const char *files[1];
	char out[256], again[256];   /* a registry name is kept up to 255 bytes */
	uint8_t mac[6];
	const char *path;
	bool is_csv;

	if (size < 7)
		return 0;
	is_csv = data[0] & 1;
	memcpy(mac, data + 1, 6);
	path = fuzz_tmp_write(is_csv ? "oui.csv" : "oui.txt", data + 7, size - 7);
	snprintf(is_csv ? csv : txt, sizeof(txt), "%s", path);
	files[0] = is_csv ? csv : txt;
	arp_oui_use_files(files, 1);
	memset(out, 'x', sizeof(out));
	arp_oui_vendor(mac, out, sizeof(out));
	FUZZ_ASSERT(memchr(out, '\0', sizeof(out)) != NULL);
	memcpy(again, out, sizeof(out));
	arp_oui_trim(again);
	FUZZ_ASSERT(strcmp(again, out) == 0);
	/* A short buffer still gets a terminated string. */
	arp_oui_vendor(mac, out, 5);
	FUZZ_ASSERT(memchr(out, '\0', 5) != NULL);
	arp_oui_use_files(NULL, 0);
	return 0;
}
