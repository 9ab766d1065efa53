/* runner.c - starts checks on worker threads, enforces deadlines, posts events.
 *
 * One supervisor thread owns scheduling: it starts every check whose
 * prerequisites are finished, skips those whose prerequisites failed, and
 * gives up on runs that overran their deadline by RUNNER_GRACE_MS. Each run
 * has its own detached worker thread. All shared state sits under one mutex;
 * the struct is reference-counted so that a worker abandoned after a timeout
 * can still finish (and find out its result is no longer wanted) after the
 * owner freed the runner.
 */
#include "runner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "probe.h"

#define DEFAULT_BUDGET_MS   10000
#define PROGRESS_EVERY_MS   50

const char *const runner_codes[] = {
	"dep.blocked", "check.timeout", "check.cancelled", "check.error", NULL
};

enum run_state {
	RS_IDLE,       /* not scheduled */
	RS_WAITING,    /* scheduled, prerequisites not finished yet */
	RS_RUNNING,    /* a worker is on it */
};

struct runner_job {
	struct runner *r;
	int index;
	atomic_bool cancel;
	bool abandoned;             /* under r->lock: result no longer wanted */
	struct probe_ctx ctx;
	int64_t started_ms;
	int64_t last_progress_ms;   /* under r->lock */
};

struct run_item {
	const struct probe *probe;
	char label[PROBE_LABEL_MAX];
	int instance;
	int budget_ms;
	int n_needs;
	int *needs;                 /* indexes of prerequisite items */
	enum run_state state;
	bool has_result;
	struct check_result last;   /* last finished result */
	struct runner_job *job;     /* while RS_RUNNING */
	int64_t abandon_at_ms;
};

struct runner {
	pthread_mutex_t lock;
	pthread_cond_t wake;        /* supervisor: something changed */
	int refs;                   /* owner + supervisor + live workers */
	bool closing;
	const struct config *cfg;
	int n;
	struct run_item *items;
	int efd;
	/* Event queue: a growable ring. */
	struct runner_event *q;
	size_t q_head, q_len, q_cap;
	pthread_t supervisor;
	bool supervisor_started;
};

static void runner_unref_locked(struct runner *r, bool *freed);

/* Append an event (lock held); coalesces progress updates of one item. */
static void queue_push(struct runner *r, const struct runner_event *ev)
{
	uint64_t one = 1;

	if (ev->kind == EV_PROGRESS && r->q_len > 0) {
		struct runner_event *last = &r->q[(r->q_head + r->q_len - 1) % r->q_cap];

		if (last->kind == EV_PROGRESS && last->index == ev->index) {
			*last = *ev;
			return;
		}
	}
	if (r->q_len == r->q_cap) {
		size_t cap = r->q_cap ? r->q_cap * 2 : 32;
		struct runner_event *nq = malloc(cap * sizeof(*nq));

		if (!nq)
			return; /* out of memory: the event is lost, not the program */
		for (size_t i = 0; i < r->q_len; i++)
			nq[i] = r->q[(r->q_head + i) % r->q_cap];
		free(r->q);
		r->q = nq;
		r->q_cap = cap;
		r->q_head = 0;
	}
	r->q[(r->q_head + r->q_len) % r->q_cap] = *ev;
	r->q_len++;
	if (write(r->efd, &one, sizeof(one)) < 0) {
		/* Counter saturated: it is readable anyway. */
	}
}

static void post_state(struct runner *r, int index, enum check_state st, int64_t started)
{
	struct runner_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_STATE;
	ev.index = index;
	ev.state = st;
	ev.started_ms = started;
	queue_push(r, &ev);
}

/* Record a finished result for item i and post it (lock held). */
static void finish_item(struct runner *r, int i, const struct check_result *res,
			int64_t started)
{
	struct run_item *it = &r->items[i];
	struct runner_event *ev = malloc(sizeof(*ev));

	it->state = RS_IDLE;
	it->job = NULL;
	it->last = *res;
	it->has_result = true;
	if (!ev)
		return;
	memset(ev, 0, sizeof(*ev));
	ev->kind = EV_DONE;
	ev->index = i;
	ev->state = STATE_DONE;
	ev->started_ms = started;
	ev->result = *res;
	queue_push(r, ev);
	free(ev);
}

/* Whether item i's prerequisites have all finished; *blocker gets the index
 * of one that failed (or -1). Lock held. */
static bool needs_ready(const struct runner *r, int i, int *blocker)
{
	const struct run_item *it = &r->items[i];

	*blocker = -1;
	for (int k = 0; k < it->n_needs; k++) {
		const struct run_item *d = &r->items[it->needs[k]];

		if (d->state != RS_IDLE)
			return false;
		if (!d->has_result)
			continue;
		if (d->last.status == STATUS_FAIL ||
		    (d->last.status == STATUS_SKIP && strcmp(d->last.code, "dep.blocked") == 0)) {
			if (*blocker < 0)
				*blocker = it->needs[k];
		}
	}
	return true;
}

/* The id of item i as shown to people ("network.host:acquirer"). */
static void item_id(const struct run_item *it, char *buf, size_t n)
{
	if (it->label[0])
		snprintf(buf, n, "%s:%s", it->probe->id, it->label);
	else
		snprintf(buf, n, "%s", it->probe->id);
}

static void *worker_main(void *arg);

/* Start a worker for item i (lock held). */
static void start_item(struct runner *r, int i)
{
	struct run_item *it = &r->items[i];
	struct runner_job *job = calloc(1, sizeof(*job));
	pthread_attr_t attr;
	pthread_t t;
	struct check_result res;
	int64_t now = clock_ms();

	if (!job)
		goto fail;
	job->r = r;
	job->index = i;
	atomic_init(&job->cancel, false);
	job->started_ms = now;
	job->ctx.cfg = r->cfg;
	job->ctx.label = it->label;
	job->ctx.instance = it->instance;
	job->ctx.deadline_ms = now + it->budget_ms;
	job->ctx.job = job;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	r->refs++;
	if (pthread_create(&t, &attr, worker_main, job) != 0) {
		r->refs--;
		pthread_attr_destroy(&attr);
		free(job);
		goto fail;
	}
	pthread_attr_destroy(&attr);
	it->state = RS_RUNNING;
	it->job = job;
	it->abandon_at_ms = now + it->budget_ms + RUNNER_GRACE_MS;
	post_state(r, i, STATE_RUNNING, now);
	return;
fail:
	result_init(&res);
	result_set(&res, STATUS_FAIL, "check.error");
	result_arg(&res, "error", "%s", "could not start a worker thread");
	finish_item(r, i, &res, now);
}

/* One pass of scheduling (lock held): start what can start, skip what is
 * blocked, give up on overrun runs. Returns the next deadline, or -1. */
static int64_t schedule(struct runner *r)
{
	int64_t now = clock_ms(), next = -1;
	bool again = true;

	while (again) {
		again = false;
		for (int i = 0; i < r->n; i++) {
			struct run_item *it = &r->items[i];
			int blocker;

			if (it->state != RS_WAITING || !needs_ready(r, i, &blocker))
				continue;
			if (blocker >= 0) {
				struct check_result res;
				char id[CHECK_ID_MAX];

				result_init(&res);
				result_set(&res, STATUS_SKIP, "dep.blocked");
				item_id(&r->items[blocker], id, sizeof(id));
				result_arg(&res, "blocker", "%s", id);
				finish_item(r, i, &res, now);
				again = true; /* its dependants may now be ready */
			} else {
				start_item(r, i);
			}
		}
	}
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (it->state != RS_RUNNING)
			continue;
		if (now >= it->abandon_at_ms) {
			struct check_result res;
			int64_t started = it->job->started_ms;

			atomic_store(&it->job->cancel, true);
			it->job->abandoned = true;
			result_init(&res);
			result_set(&res, STATUS_FAIL, "check.timeout");
			result_arg(&res, "timeout_s", "%.1f", it->budget_ms / 1000.0);
			res.duration_ms = now - started;
			finish_item(r, i, &res, started);
			/* Dependants of this one can go on now. */
			return schedule(r);
		}
		if (next < 0 || it->abandon_at_ms < next)
			next = it->abandon_at_ms;
	}
	return next;
}

static void *supervisor_main(void *arg)
{
	struct runner *r = arg;
	bool freed;

	pthread_mutex_lock(&r->lock);
	while (!r->closing) {
		int64_t next = schedule(r);

		if (next < 0) {
			pthread_cond_wait(&r->wake, &r->lock);
		} else {
			struct timespec ts;
			int64_t now = clock_ms();
			int64_t wait = next - now;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (wait < 1)
				wait = 1;
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&r->wake, &r->lock, &ts);
		}
	}
	runner_unref_locked(r, &freed);
	if (!freed)
		pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* A code the probe did not declare has no tested fix or summary: in
 * sanitizer builds (CI) that is a bug to stop at. */
static void check_declared(const struct probe *p, const struct check_result *res)
{
#ifdef POSDOCTOR_CHECK_CODES
	for (int i = 0; p->codes && p->codes[i]; i++)
		if (strcmp(p->codes[i], res->code) == 0)
			return;
	for (int i = 0; runner_codes[i]; i++)
		if (strcmp(runner_codes[i], res->code) == 0)
			return;
	fprintf(stderr, "posdoctor: %s emitted undeclared code '%s'\n", p->id, res->code);
	abort();
#else
	(void)p;
	(void)res;
#endif
}

static void *worker_main(void *arg)
{
	struct runner_job *job = arg;
	struct runner *r = job->r;
	struct run_item *it = &r->items[job->index];
	struct check_result res;
	bool freed;

	result_init(&res);
	result_set(&res, STATUS_FAIL, "check.error");
	it->probe->run(&job->ctx, &res);
	res.duration_ms = clock_ms() - job->started_ms;

	pthread_mutex_lock(&r->lock);
	if (!job->abandoned && !r->closing) {
		if (atomic_load(&job->cancel)) {
			result_init(&res);
			result_set(&res, STATUS_SKIP, "check.cancelled");
			res.duration_ms = clock_ms() - job->started_ms;
		} else if (strcmp(res.code, "check.cancelled") == 0) {
			/* probe_cancelled() is also true past the deadline: a probe
			 * that stopped for that ran out of time, it was not
			 * cancelled (and must never read as a harmless skip). */
			result_init(&res);
			result_set(&res, STATUS_FAIL, "check.timeout");
			result_arg(&res, "timeout_s", "%.1f", it->budget_ms / 1000.0);
			res.duration_ms = clock_ms() - job->started_ms;
		}
		check_declared(it->probe, &res);
		finish_item(r, job->index, &res, job->started_ms);
		pthread_cond_signal(&r->wake);
	}
	free(job);
	runner_unref_locked(r, &freed);
	if (!freed)
		pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Drop one reference (lock held). On the last one, unlock and free. */
static void runner_unref_locked(struct runner *r, bool *freed)
{
	*freed = false;
	if (--r->refs > 0)
		return;
	pthread_mutex_unlock(&r->lock);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->wake);
	for (int i = 0; i < r->n; i++)
		free(r->items[i].needs);
	free(r->items);
	free(r->q);
	close(r->efd);
	free(r);
	*freed = true;
}

/* Resolve the prerequisites of every item to indexes. */
static int resolve_needs(struct runner *r)
{
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];
		const char *const *needs = it->probe->needs;

		if (!needs)
			continue;
		it->needs = calloc((size_t)r->n, sizeof(int));
		if (!it->needs)
			return -1;
		for (int k = 0; needs[k]; k++) {
			for (int j = 0; j < r->n; j++) {
				const struct run_item *d = &r->items[j];

				if (j == i || strcmp(d->probe->id, needs[k]) != 0)
					continue;
				/* An instanced prerequisite matches our own label. */
				if (d->label[0] && it->label[0] && strcmp(d->label, it->label) != 0)
					continue;
				it->needs[it->n_needs++] = j;
			}
		}
	}
	return 0;
}

struct runner *runner_new(const struct checklist *cl, const struct config *cfg)
{
	struct runner *r = calloc(1, sizeof(*r));
	pthread_condattr_t ca;
	sigset_t block, old;

	if (!r)
		return NULL;
	r->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	r->items = calloc(cl->n ? (size_t)cl->n : 1, sizeof(*r->items));
	if (r->efd < 0 || !r->items)
		goto fail;
	r->n = cl->n;
	r->cfg = cfg;
	/* Room for a state, a progress and a result per check: a full run's
	 * events never need memory while it runs. */
	r->q_cap = (size_t)(cl->n > 0 ? cl->n : 1) * 4;
	r->q = malloc(r->q_cap * sizeof(*r->q));
	if (!r->q)
		goto fail;
	for (int i = 0; i < cl->n; i++) {
		struct run_item *it = &r->items[i];

		it->probe = cl->items[i].probe;
		snprintf(it->label, sizeof(it->label), "%s", cl->items[i].label);
		it->instance = cl->items[i].instance;
		it->budget_ms = cl->items[i].timeout_ms > 0 ? cl->items[i].timeout_ms
							    : DEFAULT_BUDGET_MS;
	}
	if (resolve_needs(r) < 0)
		goto fail;
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->wake, &ca);
	pthread_condattr_destroy(&ca);
	r->refs = 2; /* owner + supervisor */

	/* Workers inherit the supervisor's mask, which inherits ours: block the
	 * signals that belong to the UI thread while creating it. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGPIPE);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGTTIN);
	sigaddset(&block, SIGTTOU);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	if (pthread_create(&r->supervisor, NULL, supervisor_main, r) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->wake);
		goto fail;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	r->supervisor_started = true;
	return r;
fail:
	if (r->items)
		for (int i = 0; i < r->n; i++)
			free(r->items[i].needs);
	free(r->items);
	free(r->q);
	if (r->efd >= 0)
		close(r->efd);
	free(r);
	return NULL;
}

int runner_free(struct runner *r)
{
	bool freed;
	int left;

	if (!r)
		return 0;
	pthread_mutex_lock(&r->lock);
	r->closing = true;
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (it->state == RS_RUNNING && it->job) {
			atomic_store(&it->job->cancel, true);
			it->job->abandoned = true;
			it->job = NULL;
		}
	}
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->supervisor, NULL);
	pthread_mutex_lock(&r->lock);
	left = r->refs - 1; /* workers still inside a probe */
	runner_unref_locked(r, &freed);
	if (!freed)
		pthread_mutex_unlock(&r->lock);
	return left;
}

/* Schedule item i (lock held). */
static void want_item(struct runner *r, int i)
{
	struct run_item *it = &r->items[i];

	if (it->state != RS_IDLE)
		return;
	it->state = RS_WAITING;
	post_state(r, i, STATE_PENDING, 0);
}

int runner_start_all(struct runner *r)
{
	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < r->n; i++)
		want_item(r, i);
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	return 0;
}

int runner_start_one(struct runner *r, int index)
{
	if (index < 0 || index >= r->n)
		return -1;
	pthread_mutex_lock(&r->lock);
	want_item(r, index);
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	return 0;
}

void runner_cancel(struct runner *r, int index)
{
	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (index >= 0 && i != index)
			continue;
		if (it->state == RS_RUNNING && it->job) {
			atomic_store(&it->job->cancel, true);
		} else if (it->state == RS_WAITING) {
			struct check_result res;

			result_init(&res);
			result_set(&res, STATUS_SKIP, "check.cancelled");
			finish_item(r, i, &res, 0);
		}
	}
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
}

int runner_event_fd(const struct runner *r)
{
	return r->efd;
}

bool runner_next_event(struct runner *r, struct runner_event *ev)
{
	bool got = false;

	pthread_mutex_lock(&r->lock);
	if (r->q_len > 0) {
		*ev = r->q[r->q_head];
		r->q_head = (r->q_head + 1) % r->q_cap;
		r->q_len--;
		got = true;
	}
	if (r->q_len == 0) {
		uint64_t v;

		/* Empty: clear the eventfd so poll sleeps until the next post. */
		if (read(r->efd, &v, sizeof(v)) < 0 && errno != EAGAIN) {
			/* Nothing to do: the fd stays readable and we come back. */
		}
	}
	pthread_mutex_unlock(&r->lock);
	return got;
}

bool runner_idle(const struct runner *r)
{
	bool idle = true;
	struct runner *m = (struct runner *)r;

	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < r->n; i++)
		if (r->items[i].state != RS_IDLE)
			idle = false;
	pthread_mutex_unlock(&m->lock);
	return idle;
}

bool probe_cancelled(const struct probe_ctx *ctx)
{
	return ctx->job && (atomic_load(&ctx->job->cancel) ||
			    clock_ms() >= ctx->deadline_ms);
}

int probe_remaining_ms(const struct probe_ctx *ctx)
{
	int64_t left = ctx->deadline_ms - clock_ms();

	return left > 0 ? (int)(left > INT32_MAX ? INT32_MAX : left) : 0;
}

void probe_progress(struct probe_ctx *ctx, int done, int total)
{
	struct runner_job *job = ctx->job;
	struct runner *r;
	int64_t now = clock_ms();

	if (!job)
		return;
	r = job->r;
	pthread_mutex_lock(&r->lock);
	if (!job->abandoned && !r->closing &&
	    (now - job->last_progress_ms >= PROGRESS_EVERY_MS || done >= total)) {
		struct runner_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = EV_PROGRESS;
		ev.index = job->index;
		ev.state = STATE_RUNNING;
		ev.progress_done = done;
		ev.progress_total = total;
		ev.started_ms = job->started_ms;
		job->last_progress_ms = now;
		queue_push(r, &ev);
	}
	pthread_mutex_unlock(&r->lock);
}

bool probe_prereq(const struct probe_ctx *ctx, const char *id, struct check_result *out)
{
	struct runner_job *job = ctx->job;
	struct runner *r;
	bool found = false;

	if (!job)
		return false;
	r = job->r;
	pthread_mutex_lock(&r->lock);
	for (int j = 0; j < r->n && !found; j++) {
		const struct run_item *d = &r->items[j];

		if (strcmp(d->probe->id, id) != 0 || d->state != RS_IDLE || !d->has_result)
			continue;
		if (d->label[0] && ctx->label[0] && strcmp(d->label, ctx->label) != 0)
			continue;
		*out = d->last;
		found = true;
	}
	pthread_mutex_unlock(&r->lock);
	return found;
}

bool probe_in_run(const struct probe_ctx *ctx, const char *id)
{
	struct runner_job *job = ctx->job;
	struct runner *r;
	bool found = false;

	if (!job)
		return false;
	r = job->r;
	pthread_mutex_lock(&r->lock);
	for (int j = 0; j < r->n && !found; j++) {
		const struct run_item *d = &r->items[j];

		if (strcmp(d->probe->id, id) != 0)
			continue;
		if (d->label[0] && ctx->label[0] && strcmp(d->label, ctx->label) != 0)
			continue;
		found = true;
	}
	pthread_mutex_unlock(&r->lock);
	return found;
}
