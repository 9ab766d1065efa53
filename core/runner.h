/* runner.h - runs the checks of a checklist on worker threads.
 *
 * Independent checks start at once, each on its own worker thread; a check
 * starts when all its prerequisites finished (or is skipped with dep.blocked
 * when one failed). Each run has a deadline: when a probe overruns it by more
 * than RUNNER_GRACE_MS the runner gives up on it, reports fail/check.timeout
 * and abandons the thread (its late result is discarded). Every state change
 * is posted to one queue; the queue's eventfd becomes readable whenever it is
 * not empty.
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
/* Run one check again (its prerequisites' last results stand). */
int runner_start_one(struct runner *r, int index);
/* Ask running checks to stop (index -1: all); pending ones go back to pending
 * without running. Their runs end as skip/check.cancelled. */
void runner_cancel(struct runner *r, int index);

/* Readable (poll POLLIN) while events are queued. */
int runner_event_fd(const struct runner *r);
/* Pop one event; false when the queue is empty. Never blocks. */
bool runner_next_event(struct runner *r, struct runner_event *ev);
/* True when nothing is running or waiting to run. */
bool runner_idle(const struct runner *r);

/* Codes the runner itself emits (for the fixes completeness test). */
extern const char *const runner_codes[];

#endif
