/* fuzz_zvt.c - bytes from a ZVT terminal (zvt_scan_feed, zvt_frame_decode,
 * probes/serial/serial_zvt.c). The stream is fed whole and in the pieces
 * read() would hand out: both must count the same; a frame the decoder
 * reads whole with a right CRC builds back to the same bytes. */
#include <string.h>

#include "fuzz.h"
#include "serial.h"

/* Whether two scans counted the same things. */
static bool zscans_equal(const struct zvt_scan *a, const struct zvt_scan *b)
{
	return a->acks == b->acks && a->naks == b->naks && a->frames_ok == b->frames_ok &&
	       a->frames_bad == b->frames_bad && a->garbage == b->garbage &&
	       a->app_acks == b->app_acks && a->app_errors == b->app_errors &&
	       a->ends == b->ends && a->last_len == b->last_len &&
	       memcmp(a->last, b->last, a->last_len) == 0 &&
	       zvt_scan_in_frame(a) == zvt_scan_in_frame(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zvt_scan *whole = malloc(sizeof(*whole)), *parts = malloc(sizeof(*parts));
	struct zvt_frame *f = malloc(sizeof(*f));
	uint8_t *again = malloc(2 * ZVT_APDU_MAX + 8);
	size_t off = 0, step;
	int used;

	if (!whole || !parts || !f || !again)
		abort();
	if (size >= 1) {
		step = (size_t)(data[0] % 13) + 1;
		zvt_scan_init(whole);
		zvt_scan_init(parts);
		zvt_scan_feed(whole, data + 1, size - 1);
		while (off < size - 1) {
			size_t k = size - 1 - off < step ? size - 1 - off : step;

			zvt_scan_feed(parts, data + 1 + off, k);
			off += k;
		}
		FUZZ_ASSERT(zscans_equal(whole, parts));
		FUZZ_ASSERT(whole->last_len <= ZVT_APDU_MAX);
		used = zvt_frame_decode(data + 1, size - 1, f);
		FUZZ_ASSERT(used >= -1 && used <= (int)(size - 1));
		if (used > 0 && f->crc_ok) {
			size_t n = zvt_frame_build(f->apdu, f->len, again, 2 * ZVT_APDU_MAX + 8);

			/* The frame is the last n bytes of what was used. */
			FUZZ_ASSERT(n > 0 && n <= (size_t)used);
			FUZZ_ASSERT(memcmp(again, data + 1 + (size_t)used - n, n) == 0);
		}
	}
	free(whole);
	free(parts);
	free(f);
	free(again);
	return 0;
}
