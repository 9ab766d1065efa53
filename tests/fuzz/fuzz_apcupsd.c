/* fuzz_apcupsd.c - apcupsd's NIS answer to "status": 2-byte big-endian
 * length frames of "KEY : value" lines, read by apcupsd_read_status()
 * (probes/power/power_apcupsd.c) from a socket whose far end holds the
 * input and then closes. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "fuzz.h"
#include "power.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ups_reading rd;
	struct nut_conn *c;
	enum nut_status st;
	int sv[2];
	size_t off = 0;

	if (size > 60000)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	while (off < size) {
		ssize_t w = write(sv[1], data + off, size - off);

		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->fd = sv[0];
	c->deadline_ms = clock_ms() + 2000;
	st = apcupsd_read_status(c, &rd);
	FUZZ_ASSERT(st == NUT_OK || st == NUT_GARBAGE || st == NUT_CLOSED);
	if (st == NUT_OK)
		FUZZ_ASSERT(rd.status[0] != '\0');
	FUZZ_ASSERT(memchr(rd.status, '\0', sizeof(rd.status)) != NULL);
	FUZZ_ASSERT(memchr(rd.unknown, '\0', sizeof(rd.unknown)) != NULL);
	close(sv[0]);
	close(sv[1]);
	free(c);
	return 0;
}
