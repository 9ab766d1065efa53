/* fuzz_sntp.c - a time server's reply (sys_sntp_parse) to a fixed request:
 * whatever comes back, an accepted reply echoes the request and gives
 * finite times, and the offset arithmetic stays finite. The first 8 bytes
 * of the input, when there are 56 or more, are the request's own
 * timestamp, so matching replies are reachable. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "sys_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t fixed[8] = { 0xe9, 0x2a, 0x5b, 0x80, 0x40, 0, 0, 0 };
	const uint8_t *origin = fixed, *reply = data;
	struct sys_sntp_reply r;
	enum sys_sntp_error e;

	if (size >= 8 + SNTP_PACKET_LEN) {
		origin = data;
		reply = data + 8;
		size -= 8;
	}
	e = sys_sntp_parse(reply, size, origin, &r);
	FUZZ_ASSERT(e == SNTP_OK || e == SNTP_BAD_REPLY || e == SNTP_KISS);
	FUZZ_ASSERT(strlen(r.refid) == 4 || e == SNTP_BAD_REPLY);
	if (e == SNTP_OK) {
		double off, delay;

		FUZZ_ASSERT(memcmp(reply + 24, origin, 8) == 0);
		FUZZ_ASSERT(r.mode == 4 && r.stratum >= 1 && r.stratum <= 15);
		FUZZ_ASSERT(isfinite(r.receive_s) && isfinite(r.transmit_s));
		sys_sntp_compute(sys_ntp_to_unix(origin), r.receive_s, r.transmit_s,
				 sys_ntp_to_unix(origin) + 0.01, &off, &delay);
		FUZZ_ASSERT(isfinite(off) && isfinite(delay));
	}
	return 0;
}
