/* fuzz_serial.c - bytes from a card terminal during the handshake
 * (proto_scan_feed, probes/serial/serial_proto.c), and hex byte strings
 * from the config (proto_hex_parse). The stream is fed whole and in the
 * pieces read() would hand out: both must count the same. */
#include <string.h>

#include "fuzz.h"
#include "serial.h"

/* Whether two scans counted the same things. */
static bool scans_equal(const struct proto_scan *a, const struct proto_scan *b)
{
	return a->acks == b->acks && a->naks == b->naks && a->eots == b->eots &&
	       a->enqs == b->enqs && a->frames_ok == b->frames_ok &&
	       a->frames_bad == b->frames_bad && a->garbage == b->garbage &&
	       a->first == b->first && a->first_is_garbage == b->first_is_garbage &&
	       a->last_len == b->last_len &&
	       memcmp(a->last, b->last, a->last_len) == 0 &&
	       proto_scan_in_frame(a) == proto_scan_in_frame(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_scan *whole = malloc(sizeof(*whole)), *parts = malloc(sizeof(*parts));
	uint8_t bytes[64], again[64];
	char *hex, text[256];
	size_t off = 0, step;
	int n;

	if (!whole || !parts)
		abort();
	if (size < 1) {
		free(whole);
		free(parts);
		return 0;
	}
	step = (size_t)(data[0] % 17) + 1;
	proto_scan_init(whole);
	proto_scan_init(parts);
	proto_scan_feed(whole, data + 1, size - 1);
	while (off < size - 1) {
		size_t k = size - 1 - off < step ? size - 1 - off : step;

		proto_scan_feed(parts, data + 1 + off, k);
		off += k;
	}
	FUZZ_ASSERT(scans_equal(whole, parts));
	FUZZ_ASSERT(whole->last_len <= PROTO_FRAME_MAX);
	FUZZ_ASSERT(proto_scan_errors(whole) >= 0);

	hex = fuzz_strndup(data + 1, size - 1);
	n = proto_hex_parse(hex, bytes, sizeof(bytes));
	FUZZ_ASSERT(n >= -1 && n <= (int)sizeof(bytes));
	if (n > 0) {
		/* What it read prints back and reads back the same. */
		proto_hex_format(bytes, (size_t)n, text, sizeof(text));
		FUZZ_ASSERT(proto_hex_parse(text, again, sizeof(again)) == n);
		FUZZ_ASSERT(memcmp(bytes, again, (size_t)n) == 0);
	}
	free(hex);
	free(whole);
	free(parts);
	return 0;
}
