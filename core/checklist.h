/* checklist.h - the list of checks to run and their live state.
 *
 * Built once from the probe registry and the config (per-host probes expand
 * to one item per host). Owned by one thread - the UI thread or the report
 * writer - which applies the runner's events to it; the runner keeps its own
 * copy of what it needs, so nothing here is shared between threads.
 */
#ifndef POSDOCTOR_CHECKLIST_H
#define POSDOCTOR_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "check.h"
#include "probe.h"

#define CHECK_ID_MAX       (PROBE_LABEL_MAX + 48)
#define CHECK_HISTORY_MAX  48

struct runner_event;
struct config;

struct check_item {
	const struct probe *probe;
	char id[CHECK_ID_MAX];          /* "network.host:acquirer" */
	char label[PROBE_LABEL_MAX];    /* "acquirer", "" for single checks */
	int instance;
	int timeout_ms;                 /* budget for one run */
	enum check_state state;
	int progress_done, progress_total;
	int64_t started_ms;             /* clock_ms() when it started running */
	struct check_result result;     /* valid once a run finished */
	unsigned runs;                  /* finished runs */
	/* Statuses of the last runs, oldest first (kiosk history strip). */
	int n_history;
	enum check_status history[CHECK_HISTORY_MAX];
};

struct checklist {
	int n;
	struct check_item *items;
};

/* Build from a NULL-terminated probe table. only: NULL or a comma list of
 * module names and check ids (base "network.host" or full
 * "network.host:acquirer"). Returns 0, or -1 with a message in err (unknown
 * name in only, out of memory). Prerequisites left out by `only` are treated
 * as met. */
int checklist_build(struct checklist *cl, const struct probe *const *probes,
		    const struct config *cfg, const char *only,
		    char *err, size_t errlen);
void checklist_free(struct checklist *cl);

/* Apply one runner event (owner thread). */
void checklist_apply(struct checklist *cl, const struct runner_event *ev);

int checklist_find(const struct checklist *cl, const char *id);
/* The one rule for "has a result": the item finished at least one run (it
 * keeps its last result while it runs again). Every count, order and worst
 * status - screen and report - goes by it. */
bool checklist_item_done(const struct check_item *it);
/* Worst status of the done items (skip < ok < warn < fail); STATUS_SKIP
 * when none is. */
enum check_status checklist_overall(const struct checklist *cl);
int checklist_count(const struct checklist *cl, enum check_state st);
/* Count of finished items with status st. */
int checklist_count_status(const struct checklist *cl, enum check_status st);
/* Exit code of SPEC §1 for the finished list: 0, 1 or 2. */
int checklist_exit_code(const struct checklist *cl);
/* Indexes ordered worst first (stable: registry order within a status). */
void checklist_order_worst_first(const struct checklist *cl, int *idx);

/* Texts for an item in language l (any thread, read-only catalog):
 * title from "title.<base id>" ({label} expands to the instance label);
 * summary from "summary.<code>@<base id>", else "summary.<code>", expanded
 * with the result's arguments and metrics; the code itself when both are
 * missing. Return the length written. */
size_t check_title(const struct catalog *cat, enum lang l,
		   const struct check_item *it, char *out, size_t len);
size_t check_summary(const struct catalog *cat, enum lang l,
		     const struct check_item *it, char *out, size_t len);
/* The arguments fix texts expand with: a copy of the item's result plus
 * {id}, {label} and {code} (unless the probe set them), so a site's own
 * fix can say "quote code {code}"; {blocker} names the blocking check by
 * its title in l. Malloc'd (free it); NULL on ENOMEM. */
struct check_result *check_fix_args(const struct catalog *cat, enum lang l,
				    const struct check_item *it);
/* Argument name of r in words of l, into out; 0 (out untouched) when the
 * raw value stays. With an argument "<name>_key" (result_error in
 * core/check.h): the catalogue's text of that key, expanded from r; in a
 * language the key has no text for, "<family>.other" or "error.unknown",
 * never English words (English keeps the raw words). Without one: the
 * text of "arg.<name>.<value>" (value lower-cased, other characters as
 * "_") when the catalogue has it in l. */
size_t check_arg_text(const struct catalog *cat, enum lang l, const struct check_result *r,
		      const char *name, char *out, size_t len);
/* The words for errno err in l (assets/strings/error.yaml), into out. */
void check_errno_text(const struct catalog *cat, enum lang l, int err, char *out, size_t len);
/* A UI/report string by key in l: the catalogue's, else the built-in
 * English (catalog_builtin), else the key itself (check_text) or NULL
 * (check_text_opt). */
const char *check_text(const struct catalog *cat, enum lang l, const char *key);
const char *check_text_opt(const struct catalog *cat, enum lang l, const char *key);

#endif
