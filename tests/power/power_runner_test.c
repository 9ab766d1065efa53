/* power_runner_test.c - power.ups under the real runner against a TCP peer
 * that accepts and never answers (a listening socket of this test): the
 * probe ends by its own deadline with its own verdict (not the runner's
 * check.timeout), and a cancel stops it within a fraction of its budget. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "checklist.h"
#include "clock.h"
#include "config.h"
#include "registry.h"
#include "runner.h"

static struct config cfg;   /* must outlive the runner */

/* A loopback listener that never accepts: connects succeed, nothing answers. */
static int silent_listener(int *port)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* Run power.ups once; cancel after cancel_ms (< 0: never). Returns the
 * elapsed time and fills the item's result. */
static int64_t run_ups(int cancel_ms, struct check_result *out)
{
	struct checklist cl;
	struct runner *r;
	char err[128];
	int64_t t0 = clock_ms();
	bool cancelled = false;

	assert_int_equal(checklist_build(&cl, power_probes, &cfg, "power.ups", err, sizeof(err)), 0);
	assert_int_equal(cl.n, 1);
	r = runner_new(&cl, &cfg);
	assert_non_null(r);
	runner_start_all(r);
	while (clock_ms() - t0 < 10000) {
		struct runner_event ev;
		struct pollfd p = { runner_event_fd(r), POLLIN, 0 };

		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
		if (checklist_count(&cl, STATE_DONE) == cl.n && runner_idle(r))
			break;
		if (cancel_ms >= 0 && !cancelled && clock_ms() - t0 >= cancel_ms) {
			runner_cancel(r, -1);
			cancelled = true;
		}
		poll(&p, 1, 20);
	}
	*out = cl.items[0].result;
	assert_int_equal(runner_free(r), 0);
	checklist_free(&cl);
	return clock_ms() - t0;
}

static void ups_silent_peer_own_deadline(void **state)
{
	struct check_result res;
	int port, fd = silent_listener(&port);
	int64_t ms;

	(void)state;
	config_defaults(&cfg);
	cfg.power.ups.configured = true;
	cfg.power.ups.port = port;
	ms = run_ups(-1, &res);
	close(fd);
	/* power.ups has a 3000 ms budget: its own verdict, inside it. */
	assert_string_equal(res.code, "power.ups_error");
	assert_string_equal(result_find_arg(&res, "error"), "no answer in time");
	assert_true(ms >= 2000);
	assert_true(ms < 3000 + RUNNER_GRACE_MS);
}

static void ups_silent_peer_cancelled(void **state)
{
	struct check_result res;
	int port, fd = silent_listener(&port);
	int64_t ms;

	(void)state;
	config_defaults(&cfg);
	cfg.power.ups.configured = true;
	cfg.power.ups.port = port;
	ms = run_ups(300, &res);
	close(fd);
	/* Cancelled at 300 ms: stops in 100 ms slices, far before 3000 ms. */
	assert_true(ms < 1500);
	assert_int_not_equal(res.status, STATUS_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ups_silent_peer_own_deadline),
		cmocka_unit_test(ups_silent_peer_cancelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
