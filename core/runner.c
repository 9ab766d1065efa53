/* runner.c - starts checks on worker threads, enforces deadlines, posts events.
 *
 * One supervisor thread owns scheduling: it starts every check whose
 * prerequisites are finished, skips those whose prerequisites failed, and
 * gives up on runs that overran their deadline by RUNNER_GRACE_MS. Each run
 * has its own detached worker thread. Events go to one preallocated slot per
 * check and a ring of the checks with something to deliver (each check at
 * most once in it): posting never allocates, so no result can be lost to a
 * failed malloc. All shared state sits under one mutex;
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

/* Something a run holds (core/probe.h probe_hold). */
struct job_hold {
	void (*reclaim)(uintptr_t key);
	uintptr_t key;
};

struct runner_job {
	struct runner *r;
	int index;
	atomic_bool cancel;
	bool abandoned;             /* under r->lock: result no longer wanted */
	struct probe_ctx ctx;
	int64_t started_ms;
	int64_t last_progress_ms;   /* under r->lock */
	int n_holds;                /* under r->lock */
	struct job_hold holds[PROBE_HOLDS_MAX];
};

/* What waits to be delivered for one check (bits of ev_slot.pending). A
 * result always goes first: a state or progress posted before it is
 * superseded by it, one posted after it belongs to the next run. */
#define EVP_DONE     1u
#define EVP_STATE    2u
#define EVP_PROGRESS 4u

struct ev_slot {
	unsigned pending;           /* EVP_* */
	bool queued;                /* in the ring */
	enum check_state state;     /* EVP_STATE */
	int64_t state_started_ms;
	int progress_done, progress_total; /* EVP_PROGRESS */
	int64_t progress_started_ms;
};

struct run_item {
	const struct probe *probe;
	char label[PROBE_LABEL_MAX];
	int instance;
	int budget_ms;
	int n_needs;
	int n_after;                /* n_needs, then the checks it waits for */
	int *needs;                 /* indexes of prerequisite items, then of
				     * the items it waits for (probe->waits) */
	enum run_state state;
	bool again;                 /* run again when this run ends */
	bool mark;                  /* scratch for runner_start_one */
	bool has_result;
	struct check_result last;   /* last finished result (EVP_DONE delivers it) */
	int64_t last_started_ms;
	struct runner_job *job;     /* while RS_RUNNING */
	int64_t abandon_at_ms;
	struct ev_slot ev;
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
	/* Checks with events to deliver, oldest first; n places. */
	int *ring;
	int ring_head, ring_len;
	pthread_t supervisor;
	bool supervisor_started;
};

/* The job of the run on this worker thread (NULL on other threads). */
static _Thread_local struct runner_job *current_job;

static void runner_unref_locked(struct runner *r, bool *freed);

/* Note that item i has events to deliver (lock held). Never allocates. */
static void slot_post(struct runner *r, int i, unsigned what)
{
	struct ev_slot *s = &r->items[i].ev;
	uint64_t one = 1;

	if (what == EVP_DONE)
		s->pending &= ~(EVP_STATE | EVP_PROGRESS); /* superseded */
	else if (what == EVP_STATE)
		s->pending &= ~EVP_PROGRESS;               /* a new state resets it */
	s->pending |= what;
	if (s->queued)
		return;
	s->queued = true;
	r->ring[(r->ring_head + r->ring_len) % r->n] = i;
	if (r->ring_len++ == 0 && write(r->efd, &one, sizeof(one)) < 0) {
		/* Counter saturated: it is readable anyway. */
	}
}

static void post_state(struct runner *r, int index, enum check_state st, int64_t started)
{
	struct ev_slot *s = &r->items[index].ev;

	s->state = st;
	s->state_started_ms = started;
	slot_post(r, index, EVP_STATE);
}

/* Item i should run again (lock held); false when it already waits. */
static bool want_item(struct runner *r, int i);
/* Give back what a job holds (lock held). */
static void reclaim_holds(struct runner_job *job);

/* Record a finished result for item i and post it (lock held). Never
 * allocates, so the result is never lost. */
static void finish_item(struct runner *r, int i, const struct check_result *res,
			int64_t started)
{
	struct run_item *it = &r->items[i];

	it->state = RS_IDLE;
	it->job = NULL;
	it->last = *res;
	it->last_started_ms = started;
	it->has_result = true;
	slot_post(r, i, EVP_DONE);
	if (it->again) {
		/* A prerequisite was re-run while this one ran. */
		it->again = false;
		want_item(r, i);
	}
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
	result_error(&res, "error.check.no_thread", "%s", "could not start a worker thread");
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
			struct runner_job *job = it->job;
			int64_t started = job->started_ms;

			result_init(&res);
			if (atomic_exchange(&job->cancel, true)) {
				/* Asked to stop and did not within the grace. */
				result_set(&res, STATUS_SKIP, "check.cancelled");
			} else {
				result_set(&res, STATUS_FAIL, "check.timeout");
				result_arg(&res, "timeout_s", "%.1f", it->budget_ms / 1000.0);
			}
			job->abandoned = true;
			reclaim_holds(job);
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
			struct timespec ts = clock_ms_timespec(next);

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

	current_job = job;
	result_init(&res);
	result_set(&res, STATUS_FAIL, "check.error");
	it->probe->run(&job->ctx, &res);
	res.duration_ms = clock_ms() - job->started_ms;

	pthread_mutex_lock(&r->lock);
	current_job = NULL;
	/* What the probe did not give back (or an abandoned run still held). */
	reclaim_holds(job);
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

static void reclaim_holds(struct runner_job *job)
{
	for (int k = 0; k < job->n_holds; k++)
		job->holds[k].reclaim(job->holds[k].key);
	job->n_holds = 0;
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
	free(r->ring);
	close(r->efd);
	free(r);
	*freed = true;
}

/* Append to item i's list the items named in ids (base ids; an instanced
 * one matches item i's own label), each once. */
static void resolve_ids(struct runner *r, int i, const char *const *ids)
{
	struct run_item *it = &r->items[i];

	for (int k = 0; ids && ids[k]; k++) {
		for (int j = 0; j < r->n; j++) {
			const struct run_item *d = &r->items[j];
			bool dup = false;

			if (j == i || strcmp(d->probe->id, ids[k]) != 0)
				continue;
			if (d->label[0] && it->label[0] && strcmp(d->label, it->label) != 0)
				continue;
			for (int m = 0; m < it->n_after && !dup; m++)
				dup = it->needs[m] == j;
			if (!dup)
				it->needs[it->n_after++] = j;
		}
	}
}

/* Resolve the prerequisites of every item, then what it waits for, to
 * indexes. */
static int resolve_needs(struct runner *r)
{
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (!it->probe->needs && !it->probe->waits)
			continue;
		it->needs = calloc((size_t)r->n, sizeof(int));
		if (!it->needs)
			return -1;
		resolve_ids(r, i, it->probe->needs);
		it->n_needs = it->n_after;
		resolve_ids(r, i, it->probe->waits);
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
	/* The ring holds each check at most once: n places never run out. */
	r->ring = calloc(cl->n ? (size_t)cl->n : 1, sizeof(*r->ring));
	if (!r->ring)
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
	free(r->ring);
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
			reclaim_holds(it->job);
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

static bool want_item(struct runner *r, int i)
{
	struct run_item *it = &r->items[i];

	if (it->state != RS_IDLE)
		return false;
	it->state = RS_WAITING;
	post_state(r, i, STATE_PENDING, 0);
	return true;
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

/* Mark every item that depends on item index, directly or not: needs it,
 * or waits for its result (lock held). */
static void mark_dependants(struct runner *r, int index)
{
	bool changed = true;

	for (int i = 0; i < r->n; i++)
		r->items[i].mark = i == index;
	while (changed) {
		changed = false;
		for (int i = 0; i < r->n; i++) {
			struct run_item *it = &r->items[i];

			for (int k = 0; k < it->n_after && !it->mark; k++) {
				if (r->items[it->needs[k]].mark) {
					it->mark = true;
					changed = true;
				}
			}
		}
	}
}

int runner_start_one(struct runner *r, int index)
{
	if (index < 0 || index >= r->n)
		return -1;
	pthread_mutex_lock(&r->lock);
	want_item(r, index);
	/* Its dependants wait for it (needs_ready), then run on its new
	 * result; one running now runs again when it ends. */
	mark_dependants(r, index);
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (i == index || !it->mark)
			continue;
		if (it->state == RS_RUNNING)
			it->again = true;
		else
			want_item(r, i);
	}
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	return 0;
}

void runner_cancel(struct runner *r, int index)
{
	int64_t now = clock_ms();

	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < r->n; i++) {
		struct run_item *it = &r->items[i];

		if (index >= 0 && i != index)
			continue;
		it->again = false;
		if (it->state == RS_RUNNING && it->job) {
			atomic_store(&it->job->cancel, true);
			/* A probe that does not listen is cut soon, not at its
			 * deadline: Ctrl-C must not wait for a stuck check. */
			if (it->abandon_at_ms > now + RUNNER_GRACE_MS)
				it->abandon_at_ms = now + RUNNER_GRACE_MS;
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
	if (r->ring_len > 0) {
		int i = r->ring[r->ring_head];
		struct run_item *it = &r->items[i];
		struct ev_slot *s = &it->ev;

		memset(ev, 0, sizeof(*ev));
		ev->index = i;
		if (s->pending & EVP_DONE) {
			ev->kind = EV_DONE;
			ev->state = STATE_DONE;
			ev->started_ms = it->last_started_ms;
			ev->result = it->last;
			s->pending &= ~EVP_DONE;
		} else if (s->pending & EVP_STATE) {
			ev->kind = EV_STATE;
			ev->state = s->state;
			ev->started_ms = s->state_started_ms;
			s->pending &= ~EVP_STATE;
		} else {
			ev->kind = EV_PROGRESS;
			ev->state = STATE_RUNNING;
			ev->progress_done = s->progress_done;
			ev->progress_total = s->progress_total;
			ev->started_ms = s->progress_started_ms;
			s->pending &= ~EVP_PROGRESS;
		}
		if (!s->pending) {
			s->queued = false;
			r->ring_head = (r->ring_head + 1) % r->n;
			r->ring_len--;
		}
		got = true;
	}
	if (r->ring_len == 0) {
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
		struct ev_slot *s = &r->items[job->index].ev;

		s->progress_done = done;
		s->progress_total = total;
		s->progress_started_ms = job->started_ms;
		job->last_progress_ms = now;
		slot_post(r, job->index, EVP_PROGRESS);
	}
	pthread_mutex_unlock(&r->lock);
}

int probe_hold(void (*reclaim)(uintptr_t key), uintptr_t key)
{
	struct runner_job *job = current_job;
	struct runner *r;
	int rc = 0;

	if (!job)
		return -1;
	r = job->r;
	pthread_mutex_lock(&r->lock);
	if (job->abandoned)
		reclaim(key); /* given up on already: the next run may need it */
	else if (job->n_holds < PROBE_HOLDS_MAX)
		job->holds[job->n_holds++] = (struct job_hold){ reclaim, key };
	else
		rc = -1;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

void probe_unhold(void (*reclaim)(uintptr_t key), uintptr_t key)
{
	struct runner_job *job = current_job;
	struct runner *r;

	if (!job)
		return;
	r = job->r;
	pthread_mutex_lock(&r->lock);
	for (int k = 0; k < job->n_holds; k++) {
		if (job->holds[k].reclaim == reclaim && job->holds[k].key == key) {
			job->holds[k] = job->holds[--job->n_holds];
			break;
		}
	}
	pthread_mutex_unlock(&r->lock);
}

/* A check reads only results it declared (needs or waits): otherwise
 * re-running the one it read would leave its verdict stale. In sanitizer
 * builds (CI) an undeclared read is a bug to stop at. */
static void check_reads(const struct probe *p, const char *id)
{
#ifdef POSDOCTOR_CHECK_CODES
	for (int i = 0; p->needs && p->needs[i]; i++)
		if (strcmp(p->needs[i], id) == 0)
			return;
	for (int i = 0; p->waits && p->waits[i]; i++)
		if (strcmp(p->waits[i], id) == 0)
			return;
	fprintf(stderr, "posdoctor: %s reads %s, named in neither its needs nor its waits\n",
		p->id, id);
	abort();
#else
	(void)p;
	(void)id;
#endif
}

/* Whether check id is in this run (same label when per-instance) and,
 * when finished is asked, done with a result, which goes into out (may be
 * NULL). Takes the runner's lock. */
static bool probe_find(const struct probe_ctx *ctx, const char *id, bool finished,
		       struct check_result *out)
{
	struct runner_job *job = ctx->job;
	struct runner *r;
	bool found = false;

	if (!job)
		return false;
	r = job->r;
	check_reads(r->items[job->index].probe, id);
	pthread_mutex_lock(&r->lock);
	for (int j = 0; j < r->n && !found; j++) {
		const struct run_item *d = &r->items[j];

		if (strcmp(d->probe->id, id) != 0)
			continue;
		if (finished && (d->state != RS_IDLE || !d->has_result))
			continue;
		if (d->label[0] && ctx->label[0] && strcmp(d->label, ctx->label) != 0)
			continue;
		if (out)
			*out = d->last;
		found = true;
	}
	pthread_mutex_unlock(&r->lock);
	return found;
}

/* Copy of a finished check's result in this run (see probe.h). */
bool probe_prereq(const struct probe_ctx *ctx, const char *id, struct check_result *out)
{
	return probe_find(ctx, id, true, out);
}

/* Whether check id is in this run at all (see probe.h). */
bool probe_in_run(const struct probe_ctx *ctx, const char *id)
{
	return probe_find(ctx, id, false, NULL);
}

/* The hold of a pooled socket: the pool takes it back. */
static void revoke_socket(uintptr_t fd)
{
	privsock_revoke((int)fd);
}

int probe_take_socket(enum privsock_kind kind)
{
	int fd = privsock_take(kind);

	if (fd >= 0)
		probe_hold(revoke_socket, (uintptr_t)fd);
	return fd;
}

void probe_give_socket(int fd)
{
	if (fd < 0)
		return;
	probe_unhold(revoke_socket, (uintptr_t)fd);
	privsock_give(fd);
}
