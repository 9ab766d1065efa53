/* fuzz_lrcframe.c - STX..ETX LRC frames from a Concert or generic ECR
 * terminal (proto_lrc_decode, probes/serial/serial_zvt.c): the decoder
 * agrees with the stream scanner (proto_scan_feed) on the first frame, and
 * a frame read with a right LRC builds back to the same bytes. */
#include <string.h>

#include "fuzz.h"
#include "serial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_lrc_frame *f = malloc(sizeof(*f));
	struct proto_scan *s = malloc(sizeof(*s));
	uint8_t *again = malloc(PROTO_FRAME_MAX + 8);
	int used;

	if (!f || !s || !again)
		abort();
	used = proto_lrc_decode(data, size, f);
	FUZZ_ASSERT(used >= -1 && used <= (int)size);
	if (used > 0) {
		size_t start = 0;

		while (data[start] != PROTO_STX)
			start++;
		proto_scan_init(s);
		proto_scan_feed(s, data + start, (size_t)used - start);
		FUZZ_ASSERT(s->frames_ok + s->frames_bad == 1);
		FUZZ_ASSERT((s->frames_ok == 1) == f->lrc_ok);
		if (f->lrc_ok) {
			size_t n = proto_frame_build(f->payload, f->len, again, PROTO_FRAME_MAX + 8);

			FUZZ_ASSERT(n == (size_t)used - start);
			FUZZ_ASSERT(memcmp(again, data + start, n) == 0);
		}
	}
	free(f);
	free(s);
	free(again);
	return 0;
}
