/* probe.h - the descriptor every check registers, and the context run() gets.
 *
 * A probe is a const descriptor in a registry table (probes/registry.c), the
 * way tmux registers its commands. run() is called on a worker thread; it
 * fills a check_result and never formats for a screen.
 */
#ifndef POSDOCTOR_PROBE_H
#define POSDOCTOR_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "privsock.h"

struct config;
struct probe_ctx;

/* What a check needs from the process before any thread starts, declared in
 * its descriptor (cli/main.c prepares exactly what the selected checks use). */
enum probe_use {
	PROBE_USES_ARP_SOCKET  = 1u << 0,   /* a packet socket from sys/privsock */
	PROBE_USES_ICMP_SOCKET = 1u << 1,   /* a raw ICMP socket from sys/privsock */
};

#define PROBE_LABEL_MAX     64
#define PROBE_MAX_INSTANCES 16

struct probe {
	const char *id;            /* "network.host" (base id, without ":label") */
	const char *module;        /* "network" */
	/* Prerequisites by base id, NULL-terminated (or NULL). A prerequisite
	 * that is itself per-instance matches the instance with the same label.
	 * When a prerequisite ends `fail` (or was itself blocked) this check is
	 * `skip` with code dep.blocked and never runs; re-running it re-runs
	 * this check after it. tests/core/test_registry.c checks that every
	 * name is a registered probe and that no chain loops back. */
	const char *const *needs;
	/* Checks whose finished result this one may wait for and read while it
	 * runs (probe_prereq) to name the cause of its own failure, by base id
	 * like needs. They do not block it; but re-running one of them re-runs
	 * this check too, so no verdict drawn from an old result stays. Reading
	 * a check named in neither list is a bug (caught in checked builds). */
	const char *const *waits;
	/* Every code run() can emit, NULL-terminated: a test checks that each has
	 * a fix entry and a summary in every language. */
	const char *const *codes;
	int timeout_ms;            /* default budget for one run */
	/* Optional: budget computed from config (count * interval...). */
	int (*budget_ms)(const struct config *cfg, int instance);
	/* Optional: per-instance checks ("network.host:acquirer"). Fills labels,
	 * returns how many (0: the check does not appear). NULL: one instance. */
	int (*instances)(const struct config *cfg,
			 char labels[][PROBE_LABEL_MAX], int max);
	void (*run)(struct probe_ctx *ctx, struct check_result *res);
	unsigned uses;             /* enum probe_use bits */
};

struct runner_job;

/* What run() gets. Read-only but for the calls below. */
struct probe_ctx {
	const struct config *cfg;
	const char *label;          /* instance label, "" for single checks */
	int instance;               /* index of the instance (host index...) */
	int64_t deadline_ms;        /* clock_ms() by which run() must return */
	struct runner_job *job;     /* runner-private */
};

/* Worker thread (inside run()). */
bool probe_cancelled(const struct probe_ctx *ctx);
/* Milliseconds left before the deadline, never negative. */
int probe_remaining_ms(const struct probe_ctx *ctx);
/* Report progress ("12 of 20 sent"); posted to the queue, rate-limited. */
void probe_progress(struct probe_ctx *ctx, int done, int total);

/* Things a run holds that the next run needs (the serial module's port lock,
 * a pooled raw socket). A run that overruns its deadline is abandoned while
 * its thread may still be inside run(): the runner then calls reclaim(key)
 * from its own thread, so the thing is free again for the next run. reclaim
 * must be safe on any thread and leave the late owner's own release harmless
 * (a port lock keyed by ticket, a socket replaced in the pool). It runs with
 * the runner's lock held: it may take its own lock, never call the runner.
 *
 * Worker thread: register a hold right after taking the thing; when the run
 * was already abandoned, reclaim runs at once. Returns 0, or -1 when not on
 * a worker thread (nothing to protect: tests, --list-ports) or when
 * PROBE_HOLDS_MAX are already held. What a run still holds when run()
 * returns is reclaimed then. */
#define PROBE_HOLDS_MAX 8
int probe_hold(void (*reclaim)(uintptr_t key), uintptr_t key);
/* Worker thread: unregister before giving the thing back; afterwards the
 * runner never calls reclaim for it. A no-op once reclaimed. */
void probe_unhold(void (*reclaim)(uintptr_t key), uintptr_t key);
/* privsock_take as a hold of this run: revoked (privsock_revoke) when the
 * run is abandoned, so the pool has it again for the next run. Any thread. */
int probe_take_socket(enum privsock_kind kind);
/* Give back what probe_take_socket lent (privsock_give). Any thread. */
void probe_give_socket(int fd);
/* Copy of a finished prerequisite's result (same label if per-instance).
 * False when it is not in the checklist or not done. */
bool probe_prereq(const struct probe_ctx *ctx, const char *id,
		  struct check_result *out);
/* Whether check id (same label if per-instance) is in this run's checklist
 * at all, so a check may wait for its result (probe_prereq) in order to
 * name it as the cause of its own failure. */
bool probe_in_run(const struct probe_ctx *ctx, const char *id);

#endif
