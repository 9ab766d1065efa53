/* test_runner.c - the runner: parallelism, deadlines, prerequisites, cancel,
 * re-run and the event queue, with probes of known behaviour. */
#include <poll.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checklist.h"
#include "clock.h"
#include "config.h"
#include "runner.h"

static struct config cfg;

/* Sleep 1 s in small steps; honours cancel. */
static void run_second(struct probe_ctx *ctx, struct check_result *res)
{
	for (int i = 0; i < 20; i++) {
		if (probe_cancelled(ctx))
			return;
		clock_sleep_ms(50);
		probe_progress(ctx, i + 1, 20);
	}
	result_set(res, STATUS_OK, "t.ok");
}

/* Ignores its deadline entirely. */
static void run_hang(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	clock_sleep_ms(3000);
	result_set(res, STATUS_OK, "t.ok");
}

/* Polite but slow: stops when told, reporting itself cancelled. */
static void run_until_told(struct probe_ctx *ctx, struct check_result *res)
{
	while (!probe_cancelled(ctx))
		clock_sleep_ms(10);
	result_set(res, STATUS_SKIP, "check.cancelled");
}

static void run_fail(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_FAIL, "t.fail");
	result_metric(res, "answer", 42);
}

static void run_ok(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_OK, "t.ok");
}

static atomic_int okfirst_runs;

/* The prerequisite of t.reader: passes after a while, counting its runs. */
static void run_okfirst(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	clock_sleep_ms(100);
	atomic_fetch_add(&okfirst_runs, 1);
	result_set(res, STATUS_OK, "t.ok");
}

/* Passes only when its prerequisite has finished before it started. */
static void run_reads_prereq(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	if (atomic_load(&okfirst_runs) > 0) {
		result_set(res, STATUS_OK, "t.ok");
		result_metric(res, "prereq_runs", atomic_load(&okfirst_runs));
	} else {
		result_set(res, STATUS_FAIL, "t.noprereq");
	}
}

static int two_labels(const struct config *c, char labels[][PROBE_LABEL_MAX], int max)
{
	(void)c;
	if (max < 2)
		return 0;
	strcpy(labels[0], "a");
	strcpy(labels[1], "b");
	return 2;
}

/* Fails for label "a", passes for "b". */
static void run_by_label(struct probe_ctx *ctx, struct check_result *res)
{
	result_set(res, strcmp(ctx->label, "a") == 0 ? STATUS_FAIL : STATUS_OK, "t.lab");
}

/* Allocation on the thread of a run that is about to return fails: the
 * runner must deliver its result without allocating (see __wrap_malloc). */
static _Thread_local bool no_alloc;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);

/* The library's allocations (linked with --wrap, tests/core/CMakeLists.txt). */
void *__wrap_malloc(size_t n)
{
	return no_alloc ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return no_alloc ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return no_alloc ? NULL : __real_realloc(p, n);
}

/* Passes, and leaves its thread unable to allocate. */
static void run_ok_no_alloc(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	result_set(res, STATUS_OK, "t.ok");
	no_alloc = true;
}

/* Floods the queue with progress, then passes. */
static void run_chatty(struct probe_ctx *ctx, struct check_result *res)
{
	for (int i = 1; i <= 2000; i++)
		probe_progress(ctx, i, i); /* done == total: never rate-limited */
	result_set(res, STATUS_OK, "t.ok");
}

static atomic_int flip_runs;

/* Fails on its first run, passes on the next ones. */
static void run_flip(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	if (atomic_fetch_add(&flip_runs, 1) == 0)
		result_set(res, STATUS_FAIL, "t.fail");
	else
		result_set(res, STATUS_OK, "t.ok");
}

/* Takes half a second, then passes. */
static void run_half(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	clock_sleep_ms(500);
	result_set(res, STATUS_OK, "t.ok");
}

/* Waits for t.flip's result and takes its verdict, the way network.dns
 * names a failed router as the cause of its own failure. */
static void run_waits_flip(struct probe_ctx *ctx, struct check_result *res)
{
	struct check_result f;

	while (!probe_prereq(ctx, "t.flip", &f)) {
		if (probe_cancelled(ctx)) {
			result_set(res, STATUS_FAIL, "t.noprereq");
			return;
		}
		clock_sleep_ms(5);
	}
	result_set(res, f.status, f.status == STATUS_OK ? "t.ok" : "t.fail");
}

static const char *const needs_fail[] = { "t.fail", NULL };
static const char *const waits_flip[] = { "t.flip", NULL };
static const char *const needs_flip[] = { "t.flip", NULL };
static const char *const needs_dep1[] = { "t.dep1", NULL };
static const char *const needs_okfirst[] = { "t.okfirst", NULL };
static const char *const needs_lab[] = { "t.lab", NULL };

static const char *const t_codes[] = { "t.ok", "t.fail", "t.noprereq", "t.lab", NULL };

#define P(name, fn, ms, ...) \
	static const struct probe name = { .module = "t", .timeout_ms = ms, .run = fn, \
					   .codes = t_codes, __VA_ARGS__ }

P(p_sec1, run_second, 5000, .id = "t.sec1");
P(p_sec2, run_second, 5000, .id = "t.sec2");
P(p_sec3, run_second, 5000, .id = "t.sec3");
P(p_sec4, run_second, 5000, .id = "t.sec4");
P(p_hang, run_hang, 300, .id = "t.hang");
P(p_fail, run_fail, 1000, .id = "t.fail");
P(p_polite, run_until_told, 300, .id = "t.polite");
P(p_blocked, run_ok, 1000, .id = "t.blocked", .needs = needs_fail);
P(p_blocked2, run_ok, 1000, .id = "t.blocked2", .needs = needs_fail);
P(p_okfirst, run_okfirst, 1000, .id = "t.okfirst");
P(p_ok_other, run_ok, 1000, .id = "t.other");
P(p_reader, run_reads_prereq, 1000, .id = "t.reader", .needs = needs_okfirst);
P(p_lab, run_by_label, 1000, .id = "t.lab", .instances = two_labels);
P(p_labdep, run_ok, 1000, .id = "t.labdep", .instances = two_labels, .needs = needs_lab);
P(p_noalloc, run_ok_no_alloc, 1000, .id = "t.noalloc");
P(p_chatty1, run_chatty, 5000, .id = "t.chatty1");
P(p_chatty2, run_chatty, 5000, .id = "t.chatty2");
P(p_chatty3, run_chatty, 5000, .id = "t.chatty3");
P(p_flip, run_flip, 1000, .id = "t.flip");
P(p_dep1, run_ok, 1000, .id = "t.dep1", .needs = needs_flip);
P(p_dep2, run_ok, 1000, .id = "t.dep2", .needs = needs_dep1);
P(p_half, run_half, 2000, .id = "t.half", .needs = needs_okfirst);
P(p_waiter, run_waits_flip, 1000, .id = "t.waiter", .waits = waits_flip);

/* Run every check of list to completion (or until limit_ms), applying events. */
static int64_t run_all(struct checklist *cl, int limit_ms, int *left)
{
	struct runner *r = runner_new(cl, &cfg);
	int64_t t0 = clock_ms();

	assert_non_null(r);
	runner_start_all(r);
	while (clock_ms() - t0 < limit_ms) {
		struct pollfd pfd = { runner_event_fd(r), POLLIN, 0 };
		struct runner_event ev;

		while (runner_next_event(r, &ev))
			checklist_apply(cl, &ev);
		if (checklist_count(cl, STATE_DONE) == cl->n && runner_idle(r))
			break;
		poll(&pfd, 1, 100);
	}
	int64_t took = clock_ms() - t0;
	int l = runner_free(r);

	if (left)
		*left = l;
	return took;
}

static void build(struct checklist *cl, const struct probe *const *probes, const char *only)
{
	char err[128];

	assert_int_equal(checklist_build(cl, probes, &cfg, only, err, sizeof(err)), 0);
}

/* Four independent 1 s checks run at the same time: well under 4 s. */
static void test_parallel(void **state)
{
	static const struct probe *const probes[] = { &p_sec1, &p_sec2, &p_sec3, &p_sec4, NULL };
	struct checklist cl;

	(void)state;
	build(&cl, probes, NULL);
	int64_t took = run_all(&cl, 10000, NULL);

	assert_int_equal(checklist_count(&cl, STATE_DONE), 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(cl.items[i].result.code, "t.ok");
	assert_true(took >= 950);
	assert_true(took < 2500);
	checklist_free(&cl);
}

/* A probe that ignores its 300 ms deadline is cut at deadline + grace. */
static void test_timeout(void **state)
{
	static const struct probe *const probes[] = { &p_hang, NULL };
	struct checklist cl;
	int left;

	(void)state;
	build(&cl, probes, NULL);
	int64_t took = run_all(&cl, 10000, &left);

	assert_int_equal(cl.items[0].state, STATE_DONE);
	assert_int_equal(cl.items[0].result.status, STATUS_FAIL);
	assert_string_equal(cl.items[0].result.code, "check.timeout");
	assert_true(took >= 300);
	assert_true(took < 300 + RUNNER_GRACE_MS + 1000); /* well before its 3 s */
	assert_int_equal(left, 1); /* the abandoned worker is still asleep */
	checklist_free(&cl);
}

/* A probe that stops at its deadline saying "cancelled" ran out of time:
 * that is a failure, never a harmless skip. */
static void test_deadline_is_timeout(void **state)
{
	static const struct probe *const probes[] = { &p_polite, NULL };
	struct checklist cl;
	int left;

	(void)state;
	build(&cl, probes, NULL);
	int64_t took = run_all(&cl, 5000, &left);

	assert_int_equal(cl.items[0].result.status, STATUS_FAIL);
	assert_string_equal(cl.items[0].result.code, "check.timeout");
	assert_int_equal(left, 0); /* it returned by itself, within the grace */
	assert_true(took < 300 + RUNNER_GRACE_MS + 1000);
	checklist_free(&cl);
}

/* A failed prerequisite blocks its dependants, naming the blocker. */
static void test_blocked(void **state)
{
	static const struct probe *const probes[] = { &p_fail, &p_blocked, &p_blocked2, NULL };
	struct checklist cl;

	(void)state;
	build(&cl, probes, NULL);
	run_all(&cl, 5000, NULL);
	assert_int_equal(cl.items[0].result.status, STATUS_FAIL);
	for (int i = 1; i < 3; i++) {
		assert_int_equal(cl.items[i].result.status, STATUS_SKIP);
		assert_string_equal(cl.items[i].result.code, "dep.blocked");
		assert_string_equal(result_find_arg(&cl.items[i].result, "blocker"), "t.fail");
	}
	assert_int_equal(checklist_overall(&cl), STATUS_FAIL);
	assert_int_equal(checklist_exit_code(&cl), 2);
	checklist_free(&cl);
}

/* Left out by --only, a prerequisite counts as met. */
static void test_only_skips_prereq(void **state)
{
	static const struct probe *const probes[] = { &p_fail, &p_blocked, NULL };
	struct checklist cl;

	(void)state;
	build(&cl, probes, "t.blocked");
	assert_int_equal(cl.n, 1);
	run_all(&cl, 5000, NULL);
	assert_string_equal(cl.items[0].result.code, "t.ok");
	checklist_free(&cl);
}

/* A dependant starts only after its prerequisite finished. */
static void test_prereq_result(void **state)
{
	static const struct probe *const probes[] = { &p_reader, &p_okfirst, NULL };
	struct checklist cl;

	(void)state;
	atomic_store(&okfirst_runs, 0);
	build(&cl, probes, NULL);
	run_all(&cl, 5000, NULL);
	assert_string_equal(cl.items[0].result.code, "t.ok");
	assert_true(cl.items[0].started_ms >= cl.items[1].started_ms + 100);
	checklist_free(&cl);
}

/* Per-instance prerequisites match by label. */
static void test_instances(void **state)
{
	static const struct probe *const probes[] = { &p_lab, &p_labdep, NULL };
	struct checklist cl;

	(void)state;
	build(&cl, probes, NULL);
	assert_int_equal(cl.n, 4);
	assert_string_equal(cl.items[0].id, "t.lab:a");
	assert_string_equal(cl.items[3].id, "t.labdep:b");
	run_all(&cl, 5000, NULL);
	int a = checklist_find(&cl, "t.labdep:a"), b = checklist_find(&cl, "t.labdep:b");

	assert_string_equal(cl.items[a].result.code, "dep.blocked");
	assert_string_equal(result_find_arg(&cl.items[a].result, "blocker"), "t.lab:a");
	assert_string_equal(cl.items[b].result.code, "t.ok");
	checklist_free(&cl);
}

/* Cancel stops a running check quickly; it ends as check.cancelled. */
static void test_cancel(void **state)
{
	static const struct probe *const probes[] = { &p_sec1, NULL };
	struct checklist cl;
	struct runner_event ev;

	(void)state;
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);
	int64_t t0 = clock_ms();

	runner_start_all(r);
	while (cl.items[0].state != STATE_RUNNING && clock_ms() - t0 < 2000) {
		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
		clock_sleep_ms(5);
	}
	runner_cancel(r, -1);
	while (cl.items[0].state != STATE_DONE && clock_ms() - t0 < 5000) {
		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
		clock_sleep_ms(5);
	}
	runner_free(r);
	assert_string_equal(cl.items[0].result.code, "check.cancelled");
	assert_true(clock_ms() - t0 < 900);
	checklist_free(&cl);
}

/* Re-running one check gives a second result; history records both. */
static void test_rerun_and_eventfd(void **state)
{
	static const struct probe *const probes[] = { &p_fail, &p_okfirst, NULL };
	struct checklist cl;
	struct runner_event ev;
	struct pollfd pfd;

	(void)state;
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);
	int64_t t0 = clock_ms();

	pfd.fd = runner_event_fd(r);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 0); /* nothing queued yet */
	runner_start_all(r);
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	while (checklist_count(&cl, STATE_DONE) < 2 && clock_ms() - t0 < 5000) {
		poll(&pfd, 1, 100);
		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
	}
	assert_false(runner_next_event(r, &ev));
	assert_int_equal(poll(&pfd, 1, 0), 0); /* drained: not readable */
	runner_start_one(r, 0);
	while (cl.items[0].runs < 2 && clock_ms() - t0 < 5000) {
		poll(&pfd, 1, 100);
		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
	}
	runner_free(r);
	assert_int_equal(cl.items[0].runs, 2);
	assert_int_equal(cl.items[0].n_history, 2);
	assert_int_equal(cl.items[1].runs, 1);
	checklist_free(&cl);
}

/* Progress events reach the checklist while a check runs. */
static void test_progress(void **state)
{
	static const struct probe *const probes[] = { &p_sec1, NULL };
	struct checklist cl;
	struct runner_event ev;
	int max_done = 0;

	(void)state;
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);
	int64_t t0 = clock_ms();

	runner_start_all(r);
	while (cl.items[0].state != STATE_DONE && clock_ms() - t0 < 5000) {
		while (runner_next_event(r, &ev)) {
			checklist_apply(&cl, &ev);
			if (ev.kind == EV_PROGRESS) {
				assert_int_equal(ev.progress_total, 20);
				assert_true(ev.progress_done >= max_done);
				max_done = ev.progress_done;
			}
		}
		clock_sleep_ms(20);
	}
	runner_free(r);
	assert_true(max_done > 1);
	checklist_free(&cl);
}

static void test_only_unknown(void **state)
{
	static const struct probe *const probes[] = { &p_fail, &p_lab, NULL };
	struct checklist cl;
	char err[128];

	(void)state;
	assert_int_equal(checklist_build(&cl, probes, &cfg, "t.fail,nosuch", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nosuch"));
	assert_int_equal(checklist_build(&cl, probes, &cfg, "t", err, sizeof(err)), 0);
	assert_int_equal(cl.n, 3);
	checklist_free(&cl);
	assert_int_equal(checklist_build(&cl, probes, &cfg, "t.lab:b", err, sizeof(err)), 0);
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.items[0].label, "b");
	checklist_free(&cl);
}

/* Run until the runner is idle (or limit_ms), applying every event. */
static void wait_idle(struct runner *r, struct checklist *cl, int limit_ms)
{
	int64_t t0 = clock_ms();

	for (;;) {
		struct pollfd pfd = { runner_event_fd(r), POLLIN, 0 };
		struct runner_event ev;
		bool idle = runner_idle(r);

		while (runner_next_event(r, &ev))
			checklist_apply(cl, &ev);
		if (idle || clock_ms() - t0 > limit_ms)
			break;
		poll(&pfd, 1, 50);
	}
}

/* A result posted by a thread that cannot allocate still arrives, and the
 * run is seen to end. */
static void test_done_without_memory(void **state)
{
	static const struct probe *const probes[] = { &p_noalloc, NULL };
	struct checklist cl;

	(void)state;
	build(&cl, probes, NULL);
	run_all(&cl, 3000, NULL);
	assert_int_equal(cl.items[0].state, STATE_DONE);
	assert_string_equal(cl.items[0].result.code, "t.ok");
	checklist_free(&cl);
}

/* Thousands of events posted while nobody reads: the queue neither grows
 * nor drops a result. Each check delivers at most a state, a progress and
 * its result, the result last, and the run reads as ended. */
static void test_full_queue_keeps_done(void **state)
{
	static const struct probe *const probes[] = {
		&p_chatty1, &p_chatty2, &p_chatty3, &p_fail, NULL
	};
	struct checklist cl;
	struct runner_event ev;
	struct pollfd pfd;
	int64_t t0 = clock_ms();
	int events = 0, dones[4] = { 0 };

	(void)state;
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);

	assert_non_null(r);
	runner_start_all(r);
	while (!runner_idle(r) && clock_ms() - t0 < 5000)
		clock_sleep_ms(10); /* read nothing while it runs */
	assert_true(runner_idle(r));
	pfd.fd = runner_event_fd(r);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 1);
	while (runner_next_event(r, &ev)) {
		checklist_apply(&cl, &ev);
		events++;
		if (ev.kind == EV_DONE)
			dones[ev.index]++;
		else
			assert_int_equal(dones[ev.index], 0); /* nothing after the result */
	}
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_true(events <= 4 * 3);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(dones[i], 1);
		assert_int_equal(cl.items[i].state, STATE_DONE);
		assert_int_equal(cl.items[i].runs, 1);
	}
	assert_string_equal(cl.items[0].result.code, "t.ok");
	assert_string_equal(cl.items[3].result.code, "t.fail");
	runner_free(r);
	checklist_free(&cl);
}

/* Re-running a check re-runs what depends on it, directly or not: no
 * dep.blocked stays after its blocker passed. Others are left alone. */
static void test_rerun_dependants(void **state)
{
	static const struct probe *const probes[] = { &p_dep2, &p_flip, &p_dep1, &p_ok_other, NULL };
	struct checklist cl;

	(void)state;
	atomic_store(&flip_runs, 0);
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);

	runner_start_all(r);
	wait_idle(r, &cl, 3000);
	assert_string_equal(cl.items[1].result.code, "t.fail");
	assert_string_equal(cl.items[2].result.code, "dep.blocked");
	assert_string_equal(cl.items[0].result.code, "dep.blocked");
	assert_string_equal(result_find_arg(&cl.items[0].result, "blocker"), "t.dep1");

	runner_start_one(r, 1);
	assert_false(runner_idle(r));
	wait_idle(r, &cl, 3000);
	runner_free(r);
	assert_string_equal(cl.items[1].result.code, "t.ok");
	assert_string_equal(cl.items[2].result.code, "t.ok");
	assert_string_equal(cl.items[0].result.code, "t.ok");
	assert_int_equal(cl.items[0].runs, 2);
	assert_int_equal(cl.items[2].runs, 2);
	assert_int_equal(cl.items[3].runs, 1);
	checklist_free(&cl);
}

/* A check that waits for another's result (waits, not needs) is not
 * blocked by its failure, and re-running that other check re-runs it too:
 * its verdict, drawn from the old result, does not stay. */
static void test_rerun_waiters(void **state)
{
	static const struct probe *const probes[] = { &p_waiter, &p_flip, &p_ok_other, NULL };
	struct checklist cl;

	(void)state;
	atomic_store(&flip_runs, 0);
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);

	runner_start_all(r);
	wait_idle(r, &cl, 3000);
	assert_string_equal(cl.items[1].result.code, "t.fail");
	assert_string_equal(cl.items[0].result.code, "t.fail"); /* ran, read it */

	runner_start_one(r, 1);
	wait_idle(r, &cl, 3000);
	runner_free(r);
	assert_string_equal(cl.items[1].result.code, "t.ok");
	assert_string_equal(cl.items[0].result.code, "t.ok");
	assert_int_equal(cl.items[0].runs, 2);
	assert_int_equal(cl.items[2].runs, 1);
	checklist_free(&cl);
}

/* A dependant still running when its prerequisite is re-run runs again
 * after the prerequisite's new result. */
static void test_rerun_running_dependant(void **state)
{
	static const struct probe *const probes[] = { &p_okfirst, &p_half, NULL };
	struct checklist cl;
	struct runner_event ev;
	int64_t t0 = clock_ms();

	(void)state;
	build(&cl, probes, NULL);
	struct runner *r = runner_new(&cl, &cfg);

	runner_start_all(r);
	while (cl.items[1].state != STATE_RUNNING && clock_ms() - t0 < 3000) {
		while (runner_next_event(r, &ev))
			checklist_apply(&cl, &ev);
		clock_sleep_ms(5);
	}
	assert_int_equal(cl.items[1].state, STATE_RUNNING);
	runner_start_one(r, 0);
	wait_idle(r, &cl, 5000);
	runner_free(r);
	assert_int_equal(cl.items[0].runs, 2);
	assert_int_equal(cl.items[1].runs, 2);
	/* The second run of t.half started after the second t.okfirst. */
	assert_true(cl.items[1].started_ms >= cl.items[0].started_ms + 100);
	checklist_free(&cl);
}

extern const struct probe *const test_probes[];

/* A run that hangs holding the serial module's port lock is cut at its
 * deadline, and the lock is given back: the re-run of the same check gets
 * the port at once and reports. */
static void test_hung_lock_holder(void **state)
{
	struct checklist cl;
	int64_t t0;
	int left;

	(void)state;
	setenv("POSDOCTOR_TEST_HANG", "1", 1);
	setenv("POSDOCTOR_TEST_HANG_MS", "4000", 1);
	build(&cl, test_probes, "testlock");
	assert_int_equal(cl.n, 1);
	struct runner *r = runner_new(&cl, &cfg);

	t0 = clock_ms();
	runner_start_all(r);
	wait_idle(r, &cl, 3000);
	assert_int_equal(cl.items[0].result.status, STATUS_FAIL);
	assert_string_equal(cl.items[0].result.code, "check.timeout");
	assert_true(clock_ms() - t0 < 300 + RUNNER_GRACE_MS + 500);

	t0 = clock_ms();
	runner_start_one(r, 0);
	wait_idle(r, &cl, 3000);
	assert_int_equal(cl.items[0].runs, 2);
	assert_string_equal(cl.items[0].result.code, "test.ok");
	assert_true(result_find_metric(&cl.items[0].result, "lock_wait_ms")->value < 100);
	assert_true(clock_ms() - t0 < 300);
	left = runner_free(r);
	assert_int_equal(left, 1); /* the hung run is still asleep */
	unsetenv("POSDOCTOR_TEST_HANG");
	checklist_free(&cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_deadline_is_timeout),
		cmocka_unit_test(test_blocked),
		cmocka_unit_test(test_only_skips_prereq),
		cmocka_unit_test(test_prereq_result),
		cmocka_unit_test(test_instances),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_rerun_and_eventfd),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_only_unknown),
		cmocka_unit_test(test_done_without_memory),
		cmocka_unit_test(test_full_queue_keeps_done),
		cmocka_unit_test(test_rerun_dependants),
		cmocka_unit_test(test_rerun_waiters),
		cmocka_unit_test(test_rerun_running_dependant),
		cmocka_unit_test(test_hung_lock_holder),
	};

	config_defaults(&cfg);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
