/* test_guides.c - the triage flows: the shipped ones load without a
 * problem, cover the six symptoms in order, are fully translated, and only
 * name checks that exist; each broken fixture gives exactly its expected
 * FILE:LINE:COLUMN lines; a site file adds and replaces flows (also through
 * the `guides:` config key); a failing check steers the walk. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "guide.h"
#include "guide_load.h"
#include "registry.h"
#include "zh_check.h"

/* Count problems of one text, printing each. */
static int text_problems(const char *what, const struct tr_text *t)
{
	const char *why;
	int bad = 0;

	for (int l = 0; l < LANG_COUNT; l++)
		if (!t->text[l] || !t->text[l][0]) {
			printf("%s: no %s text\n", what, lang_code(l));
			bad++;
		}
	if (t->text[LANG_ZH_CN] && (why = zh_problem(t->text[LANG_ZH_CN]))) {
		printf("%s: Chinese text has %s: %s\n", what, why, t->text[LANG_ZH_CN]);
		bad++;
	}
	return bad;
}

/* Whether a pattern matches at least one check the registry can make. */
static bool pattern_names_a_check(const char *pattern)
{
	const struct probe *const *p = registry_probes();
	char id[160];

	for (int i = 0; p[i]; i++) {
		if (guide_pattern_match(pattern, p[i]->id))
			return true;
		snprintf(id, sizeof(id), "%s:acquirer", p[i]->id);
		if (p[i]->instances && guide_pattern_match(pattern, id))
			return true;
	}
	return false;
}

static void test_shipped_flows(void **state)
{
	static const char *const want[] = { "connecting", "card_read", "declined", "sign_in",
					    "screen", "other" };
	const char *dir = getenv("POSDOCTOR_DATADIR");
	struct guidebook gb = { 0, NULL };
	int bad = 0;
	char what[200];

	(void)state;
	assert_non_null(dir);
	assert_int_equal(guides_load_dir(&gb, dir, stdout), 0);
	assert_int_equal(gb.n_flows, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(gb.flows[i].id, want[i]);
	for (int i = 0; i < gb.n_flows; i++) {
		const struct guide_flow *f = &gb.flows[i];
		bool has_outcome = false, has_call = false;

		snprintf(what, sizeof(what), "%s title", f->id);
		bad += text_problems(what, &f->title);
		for (int j = 0; j < f->n_nodes; j++) {
			const struct guide_node *n = &f->nodes[j];

			snprintf(what, sizeof(what), "%s.%s", f->id, n->id);
			bad += text_problems(what, &n->text);
			for (int a = 0; a < n->n_answers; a++) {
				snprintf(what, sizeof(what), "%s.%s answer %d", f->id, n->id, a + 1);
				bad += text_problems(what, &n->answer[a]);
			}
			for (int c = 0; c < n->n_checks; c++)
				if (!pattern_names_a_check(n->checks[c])) {
					printf("%s.%s: '%s' names no check\n", f->id, n->id, n->checks[c]);
					bad++;
				}
			has_outcome |= n->kind == GUIDE_OUTCOME;
			has_call |= n->kind == GUIDE_OUTCOME && guide_outcome_calls(n->outcome);
		}
		assert_true(has_outcome);
		assert_true(has_call);  /* each flow ends at a clear point to call */
	}
	/* The declined flow asks for the code; card_read consults serial.link first. */
	{
		const struct guide_flow *d = guidebook_find(&gb, "declined");
		const struct guide_flow *c = guidebook_find(&gb, "card_read");
		const struct guide_node *first = &c->nodes[c->start];

		assert_int_equal(d->nodes[d->start].kind, GUIDE_CODE);
		assert_int_equal(first->kind, GUIDE_CHECKS);
		assert_true(guide_pattern_match(first->checks[0], "serial.link"));
	}
	/* The connecting flow says a terminal on its own SIM is out of sight. */
	{
		const struct guide_flow *f = guidebook_find(&gb, "connecting");
		int n = guide_node_index(f, "own_link");

		assert_true(n >= 0);
		assert_non_null(strstr(f->nodes[n].text.text[LANG_EN], "cannot see"));
	}
	assert_int_equal(bad, 0);
	guidebook_free(&gb);
}

/* A whole file as a string (static buffer). */
static const char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_broken_fixtures(void **state)
{
	static const char *const names[] = { "dangling", "unreachable", "missing_zh", "loop",
					     "two_kinds", "bad_fields" };
	const char *src = getenv("SOURCE_DIR");
	char dir[1024], old[1024];

	(void)state;
	assert_non_null(src);
	assert_non_null(getcwd(old, sizeof(old)));
	snprintf(dir, sizeof(dir), "%s/tests/guides/fixtures", src);
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct guidebook gb = { 0, NULL };
		char yaml[64], expected[64], out[4096];
		FILE *errs;
		int n;

		snprintf(yaml, sizeof(yaml), "%s.yaml", names[i]);
		snprintf(expected, sizeof(expected), "%s.expected", names[i]);
		memset(out, 0, sizeof(out));
		errs = fmemopen(out, sizeof(out) - 1, "w");
		n = guides_load_file(&gb, yaml, errs);
		fclose(errs);
		if (strcmp(out, slurp(expected)) != 0)
			fail_msg("%s: want\n%s\ngot\n%s", yaml, slurp(expected), out);
		assert_true(n > 0);
		/* A broken flow is not taken. */
		assert_null(guidebook_find(&gb, "f"));
		guidebook_free(&gb);
	}
	assert_int_equal(chdir(old), 0);
}

static void test_site_file(void **state)
{
	const char *dir = getenv("POSDOCTOR_DATADIR"), *src = getenv("SOURCE_DIR");
	struct guidebook gb = { 0, NULL };
	char path[1024];

	(void)state;
	assert_int_equal(guides_load_dir(&gb, dir, stdout), 0);
	snprintf(path, sizeof(path), "%s/tests/guides/fixtures/site_guides.yaml", src);
	assert_int_equal(guides_load_file(&gb, path, stdout), 0);
	assert_int_equal(gb.n_flows, 7);
	assert_string_equal(gb.flows[5].id, "other");
	assert_string_equal(gb.flows[5].title.text[LANG_EN], "Something else (Corner Cafe)");
	assert_int_equal(gb.flows[5].n_nodes, 1);
	assert_string_equal(gb.flows[6].id, "printer");
	guidebook_free(&gb);
}

/* Write a config naming a guides file; load it; return the problems. */
static int load_config_with(const char *guides, char *out, size_t len)
{
	char path[] = "/tmp/guides_cfg.XXXXXX";
	int fd = mkstemp(path);
	struct config cfg;
	FILE *f, *errs;
	int n;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "guides: %s\n", guides);
	fclose(f);
	config_defaults(&cfg);
	memset(out, 0, len);
	errs = fmemopen(out, len - 1, "w");
	n = config_load_file(&cfg, path, errs);
	fclose(errs);
	unlink(path);
	return n;
}

static void test_config_key(void **state)
{
	const char *src = getenv("SOURCE_DIR");
	char path[1024], out[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/guides/fixtures/site_guides.yaml", src);
	assert_int_equal(load_config_with(path, out, sizeof(out)), 0);
	snprintf(path, sizeof(path), "%s/tests/guides/fixtures/dangling.yaml", src);
	assert_int_equal(load_config_with(path, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "dangling.yaml:11:17: flow f: node 'a': answers[1].next"));
}

/* One finished item for a fake checklist. */
static void item(struct check_item *it, const char *id, enum check_status st)
{
	memset(it, 0, sizeof(*it));
	snprintf(it->id, sizeof(it->id), "%s", id);
	it->state = STATE_DONE;
	it->runs = 1;
	result_init(&it->result);
	result_set(&it->result, st, st == STATUS_OK ? "serial.ok" : "serial.no_response");
}

static void test_probes_steer(void **state)
{
	const char *dir = getenv("POSDOCTOR_DATADIR");
	struct guidebook gb = { 0, NULL };
	struct check_item items[4];
	struct checklist cl = { 4, items };
	const struct guide_flow *f;
	const struct guide_node *n;
	struct guide_walk w;
	int worst;

	(void)state;
	assert_int_equal(guides_load_dir(&gb, dir, stdout), 0);
	f = guidebook_find(&gb, "card_read");
	n = &f->nodes[f->start];
	item(&items[0], "serial.port", STATUS_OK);
	item(&items[1], "serial.access", STATUS_OK);
	item(&items[2], "serial.signals", STATUS_OK);
	item(&items[3], "serial.link", STATUS_FAIL);
	assert_int_equal(guide_consult(n, &cl, &worst), GUIDE_FOUND);
	assert_int_equal(worst, 3);
	/* All passing: the walk skips to the ok branch (here the same question). */
	item(&items[3], "serial.link", STATUS_OK);
	assert_int_equal(guide_consult(n, &cl, &worst), GUIDE_ALL_OK);
	/* A skipped check measured nothing. */
	item(&items[3], "serial.link", STATUS_SKIP);
	assert_int_equal(guide_consult(n, &cl, &worst), GUIDE_UNKNOWN);
	items[3].state = STATE_RUNNING;
	assert_int_equal(guide_consult(n, &cl, &worst), GUIDE_UNKNOWN);

	/* Connecting: with the serial link measured fine, the cable step is skipped. */
	f = guidebook_find(&gb, "connecting");
	n = &f->nodes[guide_node_index(f, "serial_checks")];
	item(&items[3], "serial.link", STATUS_OK);
	assert_int_equal(guide_consult(n, &cl, &worst), GUIDE_ALL_OK);
	assert_string_equal(f->nodes[n->ok].id, "network_checks");
	assert_string_equal(f->nodes[n->next].id, "reseat_cable");

	/* A walk records each answer and ends at an outcome. */
	f = guidebook_find(&gb, "card_read");
	guide_walk_start(&w, f);
	guide_walk_answer(&w, "nothing found", f->nodes[w.at].next, 1000, true);
	assert_string_equal(f->nodes[w.at].id, "which_cards");
	guide_walk_answer(&w, "1", f->nodes[w.at].answer_next[0], 2000, false);
	assert_string_equal(f->nodes[w.at].id, "look_at_card");
	assert_true(guide_walk_back(&w));
	assert_string_equal(f->nodes[w.at].id, "which_cards");
	guide_walk_answer(&w, "2", f->nodes[w.at].answer_next[1], 3000, false);
	while (!w.finished)
		guide_walk_answer(&w, "still_failing", f->nodes[w.at].next, 4000, false);
	assert_int_equal(w.outcome, GUIDE_CALL_REPAIR);
	assert_int_equal(w.n_path, 5);  /* checks, question, clean, interference, restart */
	assert_string_equal(w.path[1].answer, "2");
	assert_true(w.path[1].at_wall_ms == 3000);
	guidebook_free(&gb);
}

static void test_patterns(void **state)
{
	(void)state;
	assert_true(guide_pattern_match("*", "power.ups"));
	assert_true(guide_pattern_match("serial.*", "serial.link"));
	assert_false(guide_pattern_match("serial.*", "network.link"));
	assert_true(guide_pattern_match("network.host:*", "network.host:acquirer"));
	assert_true(guide_pattern_match("network.host", "network.host:acquirer"));
	assert_false(guide_pattern_match("network.host", "network.https:acquirer"));
	assert_false(guide_pattern_match("network.host:a", "network.host:b"));
	assert_true(guide_pattern_valid("network.host:*"));
	assert_false(guide_pattern_valid("ser*ial"));
	assert_false(guide_pattern_valid("bad pattern"));
	assert_false(guide_pattern_valid(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_flows),
		cmocka_unit_test(test_broken_fixtures),
		cmocka_unit_test(test_site_file),
		cmocka_unit_test(test_config_key),
		cmocka_unit_test(test_probes_steer),
		cmocka_unit_test(test_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
