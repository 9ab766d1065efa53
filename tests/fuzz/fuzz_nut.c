/* fuzz_nut.c - upsd's replies to posdoctor's three NUT commands (LIST UPS,
 * LIST VAR, GET VAR), read by the real client in probes/power/power_nut.c
 * from a socket whose far end holds the input and then closes. The first
 * byte picks the command; the rest is what "upsd" says. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "fuzz.h"
#include "power.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nut_conn *c;
	int sv[2], n = 0;
	size_t off = 0;
	uint8_t cmd;

	if (size < 1)
		return 0;
	cmd = data[0] % 3;
	data++;
	size--;
	if (size > 60000)       /* stays inside the socket's buffer */
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	while (off < size) {
		ssize_t w = write(sv[1], data + off, size - off);

		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);   /* upsd hangs up after its reply */
	c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->fd = sv[0];
	c->deadline_ms = clock_ms() + 2000;
	if (cmd == 0) {
		struct nut_ups ups[NUT_MAX_UPS];
		enum nut_status st = nut_list_ups(c, ups, NUT_MAX_UPS, &n);

		FUZZ_ASSERT(n >= 0 && n <= NUT_MAX_UPS);
		if (st == NUT_ERR)
			FUZZ_ASSERT(memchr(c->err, '\0', sizeof(c->err)) != NULL);
	} else if (cmd == 1) {
		struct nut_var *vars = calloc(NUT_MAX_VARS, sizeof(*vars));

		if (!vars)
			abort();
		(void)nut_list_vars(c, "shop", vars, NUT_MAX_VARS, &n);
		FUZZ_ASSERT(n >= 0 && n <= NUT_MAX_VARS);
		if (n > 0)
			(void)nut_var_find(vars, n, "ups.status");
		free(vars);
	} else {
		char value[NUT_VALUE_MAX];

		if (nut_get_var(c, "shop", "ups.status", value, sizeof(value)) == NUT_OK) {
			char unknown[96];

			(void)ups_status_parse(value, unknown, sizeof(unknown));
		}
	}
	close(sv[0]);
	close(sv[1]);
	free(c);
	return 0;
}
