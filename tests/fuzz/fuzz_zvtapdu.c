/* fuzz_zvtapdu.c - raw ZVT APDUs from a terminal on TCP (zvt_apdu_decode,
 * zvt_apdu_encode, zvt_apdu_is_reply; probes/serial/serial_zvt.c). The
 * stream is decoded APDU after APDU as serial.link reads it: each decoded
 * APDU encodes back to the very bytes it came from, a shorter prefix of it
 * is "more to come", and nothing is read past the input. */
#include <string.h>

#include "fuzz.h"
#include "serial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zvt_apdu *a = malloc(sizeof(*a));
	uint8_t *again = malloc(ZVT_APDU_MAX);
	size_t off = 0;

	if (!a || !again)
		abort();
	while (off < size) {
		int used = zvt_apdu_decode(data + off, size - off, a);
		size_t n;

		FUZZ_ASSERT(used >= -1 && used <= (int)(size - off));
		if (used <= 0)
			break;
		FUZZ_ASSERT(a->header == 3 || a->header == 5);
		FUZZ_ASSERT(a->header + a->len == (size_t)used);
		n = zvt_apdu_encode(a, again, ZVT_APDU_MAX);
		FUZZ_ASSERT(n == (size_t)used && memcmp(again, data + off, n) == 0);
		(void)zvt_apdu_is_reply(a);
		FUZZ_ASSERT(zvt_apdu_decode(data + off, (size_t)used - 1, a) == 0);
		off += (size_t)used;
	}
	free(a);
	free(again);
	return 0;
}
