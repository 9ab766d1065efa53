/* guide.h - guided triage flows: from the symptom the card terminal shows to
 * an outcome (solved; call the card's bank; call the acquirer's helpdesk;
 * call for repair), cheapest step first.
 *
 * A flow is a small graph of nodes: a question (answers lead to nodes), a
 * step to do, a set of checks to consult (a failing one is shown first; all
 * passing skips what posdoctor measured), a response-code lookup (the code's
 * "who to call" picks the branch), and outcomes. Loaded and validated by
 * config/guide_load.c from the YAML files of assets/guides/ (and a site's
 * own file); read-only afterwards, so any thread may read it. The walk
 * state (struct guide_walk) belongs to its front end's thread.
 */
#ifndef POSDOCTOR_GUIDE_H
#define POSDOCTOR_GUIDE_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "checklist.h"
#include "codebook.h"

#define GUIDE_MAX_ANSWERS 8
#define GUIDE_MAX_CHECKS  8
#define GUIDE_MAX_PATH    64

enum guide_kind { GUIDE_QUESTION, GUIDE_STEP, GUIDE_CHECKS, GUIDE_CODE, GUIDE_OUTCOME };

enum guide_outcome {
	GUIDE_SOLVED,
	GUIDE_CALL_ISSUER,      /* the card's bank: the customer calls it */
	GUIDE_CALL_ACQUIRER,    /* the acquirer's helpdesk: the shop calls */
	GUIDE_CALL_REPAIR,      /* the helpdesk, for a repair or replacement */
	GUIDE_OUTCOME_COUNT
};

struct guide_node {
	char *id;
	enum guide_kind kind;
	struct tr_text text;                    /* ask / do / say / code prompt */
	int n_answers;                          /* question */
	struct tr_text answer[GUIDE_MAX_ANSWERS];
	int answer_next[GUIDE_MAX_ANSWERS];
	int next;                               /* step, checks: still failing / nothing found */
	int ok;                                 /* checks: every consulted check passed */
	int n_checks;                           /* checks: id patterns */
	char *checks[GUIDE_MAX_CHECKS];
	int on_call[CODE_CALL_COUNT];           /* code: branch by who to call */
	int on_unknown;                         /* code: in no table */
	enum guide_outcome outcome;             /* outcome */
};

struct guide_flow {
	char *id;                               /* "card_read" */
	int order;                              /* place in the symptom list */
	struct tr_text title;
	int start;
	int n_nodes;
	struct guide_node *nodes;
};

struct guidebook {
	int n_flows;
	struct guide_flow *flows;               /* sorted by order, then id */
};

/* Words of the YAML ("call_acquirer"); outcome words for reports. */
const char *guide_outcome_word(enum guide_outcome o);
bool guide_outcome_parse(const char *s, enum guide_outcome *out);
/* Whether an outcome asks the shop to call someone. */
bool guide_outcome_calls(enum guide_outcome o);

void guidebook_free(struct guidebook *gb);
void guide_flow_clear(struct guide_flow *f);
/* Add f (taken over) or replace the flow with the same id; keeps the order. */
int guidebook_put(struct guidebook *gb, struct guide_flow *f);
const struct guide_flow *guidebook_find(const struct guidebook *gb, const char *id);
/* Index of node id in f, or -1. */
int guide_node_index(const struct guide_flow *f, const char *id);

/* Whether a check id matches a pattern: "serial.link", "serial.*",
 * "network.host:*" (every host), "*" (every check). */
bool guide_pattern_match(const char *pattern, const char *check_id);
/* Whether a pattern is well formed (for the loader). */
bool guide_pattern_valid(const char *pattern);

/* What the checklist says about a checks node. */
enum guide_verdict {
	GUIDE_FOUND,     /* a matching check is warn or fail: show its fix first */
	GUIDE_ALL_OK,    /* every matching check finished ok: skip what was measured */
	GUIDE_UNKNOWN,   /* nothing matching has a result (not run, skipped, running) */
};
/* The verdict, and in *worst the index (in cl) of the worst failing check. */
enum guide_verdict guide_consult(const struct guide_node *n, const struct checklist *cl,
				 int *worst);

/* One walk through a flow: the nodes visited and the answers given. */
struct guide_step {
	int node;
	char answer[96];          /* language-neutral: "Every card fails", "still not working", "code 51" */
	int64_t at_wall_ms;       /* when the answer was given */
	bool automatic;           /* taken by posdoctor from its own results, not asked */
};

struct guide_walk {
	const struct guide_flow *flow;
	int at;                   /* current node */
	int n_path;
	struct guide_step path[GUIDE_MAX_PATH];
	bool finished;
	enum guide_outcome outcome;
	char code[CODE_MAX_LEN + 1];    /* the response code typed, "" if none */
};

void guide_walk_start(struct guide_walk *w, const struct guide_flow *f);
/* Record the answer at the current node and move to next (-1: finish with
 * outcome solved, as "it works now" after a step). automatic: posdoctor
 * answered from its results (a checks node), nobody was asked. */
void guide_walk_answer(struct guide_walk *w, const char *answer, int next, int64_t wall_ms,
		       bool automatic);
/* Go back one node (Esc); false at the start. */
bool guide_walk_back(struct guide_walk *w);

#endif
