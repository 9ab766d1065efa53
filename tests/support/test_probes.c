/* test_probes.c - the test.* module, built only into posdoctor-test.
 *
 * Checks of known behaviour for end-to-end tests of the runner, the reports
 * and the full-screen UI. Environment knobs (read at run time):
 *   POSDOCTOR_TEST_SLOW_MS   how long test.slow takes (default 1500)
 *   POSDOCTOR_TEST_HANG=1    test.hang ignores its deadline (else it skips)
 *   POSDOCTOR_TEST_HANG_BUDGET_MS  test.hang's budget (default 1000)
 *   POSDOCTOR_TEST_FAIL=0    test.fail passes instead
 *   POSDOCTOR_TEST_FAIL_FILE=PATH  test.fail fails only while PATH exists
 *                            (a fault fixed between a run and its re-run)
 *   POSDOCTOR_TEST_CRASH=segv|abort  test.quick crashes its worker thread
 *                            (the UI must still restore the terminal)
 *   POSDOCTOR_TEST_HANG=1    also: the first run of testlock.serial hangs
 *                            holding the serial module's port lock
 * testlock.serial is a module of its own (--only testlock), so that `--only
 * test` screens keep their rows.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "probe.h"
#include "registry.h"
#include "serial.h"

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

static void run_quick(struct probe_ctx *ctx, struct check_result *res)
{
	const char *crash = getenv("POSDOCTOR_TEST_CRASH");

	(void)ctx;
	if (crash && strcmp(crash, "segv") == 0)
		raise(SIGSEGV);
	if (crash && strcmp(crash, "abort") == 0)
		abort();
	result_set(res, STATUS_OK, "test.ok");
	result_metric(res, "answer_ms", 42);
	result_arg(res, "what", "%s", "quick");
}

/* Sleeps in steps, reporting progress and honouring cancel. */
static void run_slow(struct probe_ctx *ctx, struct check_result *res)
{
	int total = env_int("POSDOCTOR_TEST_SLOW_MS", 1500), steps = 10;

	for (int i = 1; i <= steps; i++) {
		if (probe_cancelled(ctx)) {
			result_set(res, STATUS_SKIP, "check.cancelled");
			return;
		}
		clock_sleep_ms(total / steps);
		result_sample(res, 10.0 + i);
		probe_progress(ctx, i, steps);
	}
	result_set(res, STATUS_OK, "test.ok");
	result_arg(res, "what", "%s", "slow");
	result_metric(res, "slept_ms", total);
}

static void run_warn(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_WARN, "test.warn");
	result_metric(res, "loss_pct", 4.5);
	result_arg(res, "what", "%s", "warning \"quoted\" \\ 中文");
}

static void run_fail(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	const char *file = getenv("POSDOCTOR_TEST_FAIL_FILE");
	bool failing = file && *file ? access(file, F_OK) == 0
				     : env_int("POSDOCTOR_TEST_FAIL", 1) != 0;

	if (failing) {
		result_set(res, STATUS_FAIL, "test.fail");
		result_detail(res, "tx 05");
		result_detail(res, "rx 15");
	} else {
		result_set(res, STATUS_OK, "test.ok");
	}
	result_arg(res, "what", "%s", "fail");
}

static void run_after_fail(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_OK, "test.ok");
	result_arg(res, "what", "%s", "after fail");
}

/* Ignores its deadline on purpose: the runner must cut it. */
static void run_hang(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	if (!env_int("POSDOCTOR_TEST_HANG", 0)) {
		result_set(res, STATUS_SKIP, "test.skip");
		return;
	}
	clock_sleep_ms(60000);
	result_set(res, STATUS_OK, "test.ok");
}

/* Takes the serial module's port lock like every serial check. With
 * POSDOCTOR_TEST_HANG=1 its first run in the process then hangs, holding
 * the lock past its deadline: the runner must cut it and give the lock back,
 * so the re-run gets the port and reports. */
static void run_serial_lock(struct probe_ctx *ctx, struct check_result *res)
{
	static atomic_int runs;
	bool hang = atomic_fetch_add(&runs, 1) == 0 && env_int("POSDOCTOR_TEST_HANG", 0);
	int64_t t0 = clock_ms();
	uintptr_t ticket = serial_sp_lock(ctx->deadline_ms);

	result_metric(res, "lock_wait_ms", (double)(clock_ms() - t0));
	if (!ticket) {
		result_set(res, STATUS_FAIL, "test.fail");
		result_arg(res, "what", "%s", "the serial port lock did not come");
		return;
	}
	if (hang)
		clock_sleep_ms(env_int("POSDOCTOR_TEST_HANG_MS", 3000));
	serial_sp_unlock(ticket);
	result_set(res, STATUS_OK, "test.ok");
	result_arg(res, "what", "%s", "serial port lock");
}

/* test.hang's budget: long ones show that Ctrl-C need not wait for it. */
static int hang_budget_ms(const struct config *cfg, int instance)
{
	(void)cfg;
	(void)instance;
	return env_int("POSDOCTOR_TEST_HANG_BUDGET_MS", 1000);
}

static const char *const codes_test[] = {
	"test.ok", "test.warn", "test.fail", "test.skip", NULL
};
static const char *const needs_fail[] = { "test.fail", NULL };

static const struct probe probe_quick = {
	.id = "test.quick", .module = "test", .codes = codes_test,
	.timeout_ms = 1000, .run = run_quick,
};
static const struct probe probe_slow = {
	.id = "test.slow", .module = "test", .codes = codes_test,
	.timeout_ms = 20000, .run = run_slow,
};
static const struct probe probe_warn = {
	.id = "test.warn", .module = "test", .codes = codes_test,
	.timeout_ms = 1000, .run = run_warn,
};
static const struct probe probe_fail = {
	.id = "test.fail", .module = "test", .codes = codes_test,
	.timeout_ms = 1000, .run = run_fail,
};
static const struct probe probe_after_fail = {
	.id = "test.after_fail", .module = "test", .codes = codes_test,
	.needs = needs_fail, .timeout_ms = 1000, .run = run_after_fail,
};
static const struct probe probe_hang = {
	.id = "test.hang", .module = "test", .codes = codes_test,
	.timeout_ms = 1000, .budget_ms = hang_budget_ms, .run = run_hang,
};

static const struct probe probe_serial_lock = {
	.id = "testlock.serial", .module = "testlock", .codes = codes_test,
	.timeout_ms = 300, .run = run_serial_lock,
};

const struct probe *const test_probes[] = {
	&probe_quick, &probe_slow, &probe_warn, &probe_fail, &probe_after_fail,
	&probe_hang, &probe_serial_lock, NULL
};
