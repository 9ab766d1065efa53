/* guide.c - guided triage flows in memory, check consulting, and walks. */
#include "guide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_words[GUIDE_OUTCOME_COUNT] = {
	"solved", "call_issuer", "call_acquirer", "call_repair",
};

/* YAML word of an outcome. */
const char *guide_outcome_word(enum guide_outcome o)
{
	return (unsigned)o < GUIDE_OUTCOME_COUNT ? outcome_words[o] : "solved";
}

/* Parse an outcome word. */
bool guide_outcome_parse(const char *s, enum guide_outcome *out)
{
	for (int i = 0; i < GUIDE_OUTCOME_COUNT; i++)
		if (strcmp(s, outcome_words[i]) == 0) {
			*out = (enum guide_outcome)i;
			return true;
		}
	return false;
}

/* Every outcome but solved means a phone call. */
bool guide_outcome_calls(enum guide_outcome o)
{
	return o != GUIDE_SOLVED;
}

/* Free every language of t. */
static void tr_clear(struct tr_text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
	}
}

/* Free one flow's contents. */
void guide_flow_clear(struct guide_flow *f)
{
	for (int i = 0; i < f->n_nodes; i++) {
		struct guide_node *n = &f->nodes[i];

		free(n->id);
		tr_clear(&n->text);
		for (int a = 0; a < n->n_answers; a++)
			tr_clear(&n->answer[a]);
		for (int c = 0; c < n->n_checks; c++)
			free(n->checks[c]);
	}
	free(f->nodes);
	free(f->id);
	tr_clear(&f->title);
	memset(f, 0, sizeof(*f));
}

/* Free the whole book. */
void guidebook_free(struct guidebook *gb)
{
	if (!gb)
		return;
	for (int i = 0; i < gb->n_flows; i++)
		guide_flow_clear(&gb->flows[i]);
	free(gb->flows);
	gb->flows = NULL;
	gb->n_flows = 0;
}

/* Symptom-list order: order, then id. */
static int flow_cmp(const void *a, const void *b)
{
	const struct guide_flow *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Add or replace a flow (the site's file replaces a shipped one by id). */
int guidebook_put(struct guidebook *gb, struct guide_flow *f)
{
	struct guide_flow *nf;

	for (int i = 0; i < gb->n_flows; i++) {
		if (strcmp(gb->flows[i].id, f->id) == 0) {
			guide_flow_clear(&gb->flows[i]);
			gb->flows[i] = *f;
			memset(f, 0, sizeof(*f));
			qsort(gb->flows, (size_t)gb->n_flows, sizeof(*gb->flows), flow_cmp);
			return 0;
		}
	}
	nf = realloc(gb->flows, (size_t)(gb->n_flows + 1) * sizeof(*nf));
	if (!nf)
		return -1;
	gb->flows = nf;
	gb->flows[gb->n_flows++] = *f;
	memset(f, 0, sizeof(*f));
	qsort(gb->flows, (size_t)gb->n_flows, sizeof(*gb->flows), flow_cmp);
	return 0;
}

/* A flow by id, or NULL. */
const struct guide_flow *guidebook_find(const struct guidebook *gb, const char *id)
{
	for (int i = 0; gb && i < gb->n_flows; i++)
		if (strcmp(gb->flows[i].id, id) == 0)
			return &gb->flows[i];
	return NULL;
}

/* A node by id, or -1. */
int guide_node_index(const struct guide_flow *f, const char *id)
{
	for (int i = 0; i < f->n_nodes; i++)
		if (f->nodes[i].id && strcmp(f->nodes[i].id, id) == 0)
			return i;
	return -1;
}

/* "*" matches all; a trailing "*" matches any rest; else exact, and a
 * pattern without ":" also matches every labelled instance of that check. */
bool guide_pattern_match(const char *pattern, const char *check_id)
{
	size_t pl = strlen(pattern);

	if (pl && pattern[pl - 1] == '*')
		return strncmp(pattern, check_id, pl - 1) == 0;
	if (strcmp(pattern, check_id) == 0)
		return true;
	return !strchr(pattern, ':') && strncmp(pattern, check_id, pl) == 0 &&
	       check_id[pl] == ':';
}

/* Letters, digits, '_', '-', '.', ':' and one final '*'. */
bool guide_pattern_valid(const char *p)
{
	size_t n = strlen(p);

	if (n == 0 || n > 100)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (c == '*' && i == n - 1)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.' || c == ':' || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* Consult the checklist for a checks node. */
enum guide_verdict guide_consult(const struct guide_node *n, const struct checklist *cl,
				 int *worst)
{
	int n_ok = 0, n_matched = 0, best = -1;

	*worst = -1;
	for (int i = 0; cl && i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];
		bool match = false;

		for (int c = 0; c < n->n_checks && !match; c++)
			match = guide_pattern_match(n->checks[c], it->id);
		if (!match)
			continue;
		n_matched++;
		if (it->state != STATE_DONE || it->runs == 0)
			continue;   /* not finished: neither ok nor found */
		if (it->result.status == STATUS_FAIL || it->result.status == STATUS_WARN) {
			if (best < 0 || (it->result.status == STATUS_FAIL &&
					 cl->items[best].result.status != STATUS_FAIL))
				best = i;
		} else if (it->result.status == STATUS_OK) {
			n_ok++;
		}
	}
	if (best >= 0) {
		*worst = best;
		return GUIDE_FOUND;
	}
	/* All ok: every matching check ran and passed (a skip measured nothing). */
	return n_matched > 0 && n_ok == n_matched ? GUIDE_ALL_OK : GUIDE_UNKNOWN;
}

/* Begin at the flow's start node. */
void guide_walk_start(struct guide_walk *w, const struct guide_flow *f)
{
	memset(w, 0, sizeof(*w));
	w->flow = f;
	w->at = f ? f->start : -1;
}

/* Record the answer and move on; an outcome node finishes the walk. */
void guide_walk_answer(struct guide_walk *w, const char *answer, int next, int64_t wall_ms,
		       bool automatic)
{
	struct guide_step *s;

	if (!w->flow || w->finished)
		return;
	if (w->n_path < GUIDE_MAX_PATH) {
		s = &w->path[w->n_path++];
		s->node = w->at;
		snprintf(s->answer, sizeof(s->answer), "%s", answer);
		s->at_wall_ms = wall_ms;
		s->automatic = automatic;
	}
	if (next < 0) {
		w->finished = true;
		w->outcome = GUIDE_SOLVED;
		return;
	}
	w->at = next;
	if (w->flow->nodes[next].kind == GUIDE_OUTCOME) {
		w->finished = true;
		w->outcome = w->flow->nodes[next].outcome;
	}
}

/* Step back to the node of the last answer, forgetting that answer. */
bool guide_walk_back(struct guide_walk *w)
{
	if (!w->flow || w->n_path == 0)
		return false;
	w->n_path--;
	w->at = w->path[w->n_path].node;
	w->finished = false;
	return true;
}
