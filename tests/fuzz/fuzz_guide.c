/* fuzz_guide.c - triage flows (guides_load_file, config/guide_load.c): a
 * site's own guide file is YAML written by hand. Every problem must come out
 * as "FILE:LINE:COLUMN: message"; a flow that loads must be the sound graph
 * the loader promises (core/guide.h): every link inside the flow, and a walk
 * that always answers "the first choice" ends at an outcome or comes back
 * to where it was (a loop the user leaves by another answer). */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "guide.h"
#include "guide_load.h"

/* Whether a link is a node of f, or -1 (finish) where allowed. */
static bool link_ok(const struct guide_flow *f, int to, bool may_finish)
{
	return (to >= 0 && to < f->n_nodes) || (may_finish && to == -1);
}

/* The graph checks of one loaded flow, then a walk through it. */
static void check_flow(const struct guide_flow *f)
{
	static const char *const ids[] = {
		"serial.link", "network.host:acquirer", "network.https:acquirer",
		"power.ups", "arp.conflict", "",
	};
	struct guide_walk *w = malloc(sizeof(*w));

	if (!w)
		abort();
	FUZZ_ASSERT(f->id && *f->id && f->n_nodes > 0);
	FUZZ_ASSERT(link_ok(f, f->start, false));
	for (int i = 0; i < f->n_nodes; i++) {
		const struct guide_node *n = &f->nodes[i];

		FUZZ_ASSERT(n->id && *n->id && guide_node_index(f, n->id) == i);
		FUZZ_ASSERT(n->n_answers >= 0 && n->n_answers <= GUIDE_MAX_ANSWERS);
		FUZZ_ASSERT(n->n_checks >= 0 && n->n_checks <= GUIDE_MAX_CHECKS);
		for (int a = 0; a < n->n_answers; a++)
			FUZZ_ASSERT(link_ok(f, n->answer_next[a], true));
		for (int c = 0; c < n->n_checks; c++) {
			FUZZ_ASSERT(guide_pattern_valid(n->checks[c]));
			for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
				(void)guide_pattern_match(n->checks[c], ids[k]);
		}
		if (n->kind == GUIDE_STEP || n->kind == GUIDE_CHECKS)
			FUZZ_ASSERT(link_ok(f, n->next, true));
		if (n->kind == GUIDE_CHECKS)
			FUZZ_ASSERT(link_ok(f, n->ok, true));
		if (n->kind == GUIDE_CODE) {
			for (int c = 0; c < CODE_CALL_COUNT; c++)
				FUZZ_ASSERT(link_ok(f, n->on_call[c], true));
			FUZZ_ASSERT(link_ok(f, n->on_unknown, true));
		}
		if (n->kind == GUIDE_OUTCOME)
			FUZZ_ASSERT(n->outcome >= 0 && n->outcome < GUIDE_OUTCOME_COUNT);
	}
	/* Walk the first choice everywhere, further than a path can hold. */
	guide_walk_start(w, f);
	for (int step = 0; step < 2 * GUIDE_MAX_PATH && !w->finished; step++) {
		const struct guide_node *n = &f->nodes[w->at];
		int next = -1;

		switch (n->kind) {
		case GUIDE_QUESTION:
			next = n->n_answers > 0 ? n->answer_next[0] : -1;
			break;
		case GUIDE_STEP:
		case GUIDE_CHECKS:
			next = n->next;
			break;
		case GUIDE_CODE:
			next = n->on_unknown;
			break;
		case GUIDE_OUTCOME:
			next = -1;
			break;
		}
		guide_walk_answer(w, "first", next, step, false);
		FUZZ_ASSERT(w->n_path >= 0 && w->n_path <= GUIDE_MAX_PATH);
		FUZZ_ASSERT(w->finished || (w->at >= 0 && w->at < f->n_nodes));
		if (step % 3 == 2)
			(void)guide_walk_back(w);
	}
	while (guide_walk_back(w))
		FUZZ_ASSERT(w->at >= 0 && w->at < f->n_nodes);
	free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guidebook gb = { 0 };
	const char *path = fuzz_tmp_write("guide.yaml", data, size);
	char *errs = NULL;
	size_t errlen = 0;
	FILE *out = open_memstream(&errs, &errlen);
	int n;

	if (!out)
		abort();
	n = guides_load_file(&gb, path, out);
	fclose(out);
	FUZZ_ASSERT(n >= 0);
	FUZZ_ASSERT((n == 0) == (errlen == 0));
	FUZZ_ASSERT(fuzz_errors_well_formed(errs, errlen));
	for (int i = 0; i < gb.n_flows; i++) {
		check_flow(&gb.flows[i]);
		FUZZ_ASSERT(guidebook_find(&gb, gb.flows[i].id) == &gb.flows[i]);
	}
	guidebook_free(&gb);
	free(errs);
	return 0;
}
