/* runner.h - runs the checks of a checklist on worker threads.
 *
 * Independent checks start at once, each on its own worker thread; a check
 * starts when all its prerequisites finished (or is skipped with dep.blocked
 * when one failed). Each run has a deadline: when a probe overruns it by more
 * than RUNNER_GRACE_MS the runner gives up on it, reports fail/check.timeout
 * and abandons the thread (its late result is discarded; what it holds is
 * reclaimed, core/probe.h probe_hold). Every state change is posted without
 * allocating: each check has one event slot holding its latest state,
 * progress and result, so events of one check coalesce and none is ever
 * dropped. The eventfd is readable while any slot has something to deliver.
 * Completion is runner state (runner_idle), never a count of events.
 *
 * All functions are for one owner thread (UI or report writer) unless noted.
 * Worker threads block SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGPIPE, SIGQUIT
 * and the job-control signals: they reach the UI thread only.
 */
#ifndef POSDOCTOR_RUNNER_H
#define POSDOCTOR_RUNNER_H

#include <stdbool.h>

#include "check.h"
#include "checklist.h"
#include "runner_event.h"

#define RUNNER_GRACE_MS 250

struct runner;

/* The runner copies what it needs of cl (probe, label, instance, budget);
 * cfg must outlive the runner and every abandoned worker (keep it for the
 * life of the process). NULL on ENOMEM. */
struct runner *runner_new(const struct checklist *cl, const struct config *cfg);
/* Stops waiting for workers (cancels them) and frees; abandoned workers
 * finish on their own. Returns how many workers were still inside a probe:
 * while any are, keep cfg and global library state (libcurl) alive. */
int runner_free(struct runner *r);

/* Run every check (again). Checks already running are left to finish. */
int runner_start_all(struct runner *r);
/* Run one check again (its prerequisites' last results stand), then every
 * check that depends on it, directly or not, so none keeps a verdict (a
 * dep.blocked) from the old result. A dependant still running is run again
 * when it finishes. */
int runner_start_one(struct runner *r, int index);
/* Ask running checks to stop (index -1: all); pending ones end without
 * running. Their runs end as skip/check.cancelled; one that does not stop
 * within RUNNER_GRACE_MS is abandoned as such. */
void runner_cancel(struct runner *r, int index);

/* Readable (poll POLLIN) while events wait to be delivered. */
int runner_event_fd(const struct runner *r);
/* Take one event; false when none waits. Never blocks. Per check, events
 * come in the order they happened, coalesced: a check's latest state and
 * progress, and its latest result (EV_DONE) before anything of a later run.
 * A check that ran twice between two calls may deliver one EV_DONE. */
bool runner_next_event(struct runner *r, struct runner_event *ev);
/* True when nothing is running or waiting to run. Once true, every result
 * is already waiting in the queue: drain it once more and the checklist is
 * final. This is how a front end knows a run is over. */
bool runner_idle(const struct runner *r);

/* Codes the runner itself emits (for the fixes completeness test). */
extern const char *const runner_codes[];

#endif
