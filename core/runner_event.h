/* runner_event.h - one state change of one check, as the runner posts it
 * (core/runner.c) and the checklist applies it (core/checklist.c).
 *
 * Its own header so that the checklist needs nothing else of the runner:
 * runner.h includes checklist.h, never the other way round.
 */
#ifndef POSDOCTOR_RUNNER_EVENT_H
#define POSDOCTOR_RUNNER_EVENT_H

#include <stdint.h>

#include "check.h"

enum runner_event_kind {
	EV_STATE,     /* state changed: pending or running */
	EV_PROGRESS,  /* still running, progress_done of progress_total */
	EV_DONE,      /* finished: result is valid */
};

struct runner_event {
	enum runner_event_kind kind;
	int index;                    /* item index in the checklist */
	enum check_state state;
	int progress_done, progress_total;
	int64_t started_ms;
	struct check_result result;   /* EV_DONE only */
};

#endif
