/* test_registry.c - the descriptors are the single truth: every
 * prerequisite a check names is a registered check, no check needs itself
 * (directly or through others: the runner would wait for ever), and no two
 * checks share an id. The registry is the real one of posdoctor-test (every
 * module plus test.*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "registry.h"

#define MAX_PROBES 128

/* Index of the probe with id in probes, or -1. */
static int find_probe(const struct probe *const *probes, const char *id)
{
	for (int i = 0; probes[i]; i++)
		if (strcmp(probes[i]->id, id) == 0)
			return i;
	return -1;
}

/* Depth-first walk along needs and waits (a check waiting for one that
 * waits for it would wait until its deadline); whether a loop comes back to
 * a probe on the path (colour 1). */
static bool loops(const struct probe *const *probes, int i, int *colour)
{
	const char *const *lists[2] = { probes[i]->needs, probes[i]->waits };

	if (colour[i] == 1)
		return true;
	if (colour[i] == 2)
		return false;
	colour[i] = 1;
	for (int l = 0; l < 2; l++) {
		for (int k = 0; lists[l] && lists[l][k]; k++) {
			int j = find_probe(probes, lists[l][k]);

			if (j >= 0 && loops(probes, j, colour))
				return true;
		}
	}
	colour[i] = 2;
	return false;
}

/* The first fault in the table's ids and prerequisites, written to msg;
 * false when there is none. */
static bool needs_fault(const struct probe *const *probes, char *msg, size_t len)
{
	int colour[MAX_PROBES] = { 0 }, n = 0;

	while (probes[n])
		n++;
	assert_true(n <= MAX_PROBES);
	for (int i = 0; i < n; i++) {
		const char *const *lists[2] = { probes[i]->needs, probes[i]->waits };
		static const char *const verbs[2] = { "needs", "waits for" };

		if (find_probe(probes, probes[i]->id) != i) {
			snprintf(msg, len, "two checks are called %s", probes[i]->id);
			return true;
		}
		for (int l = 0; l < 2; l++) {
			for (int k = 0; lists[l] && lists[l][k]; k++) {
				if (find_probe(probes, lists[l][k]) < 0) {
					snprintf(msg, len, "%s %s %s, which is no registered check",
						 probes[i]->id, verbs[l], lists[l][k]);
					return true;
				}
				if (strcmp(lists[l][k], probes[i]->id) == 0) {
					snprintf(msg, len, "%s %s itself", probes[i]->id, verbs[l]);
					return true;
				}
			}
		}
	}
	for (int i = 0; i < n; i++) {
		if (loops(probes, i, colour)) {
			snprintf(msg, len, "the prerequisites of %s loop back to it", probes[i]->id);
			return true;
		}
	}
	return false;
}

/* Every module's table as registered. */
static void test_registry_needs(void **state)
{
	const struct probe *const *probes = registry_probes();
	char msg[256];
	int with_needs = 0;

	(void)state;
	if (needs_fault(probes, msg, sizeof(msg)))
		fail_msg("%s", msg);
	for (int i = 0; probes[i]; i++)
		with_needs += probes[i]->needs != NULL;
	assert_true(with_needs >= 5); /* serial and network chains at least */
	/* The checks that wait for another's result to name it as their cause
	 * say so (re-running that one re-runs them: core/runner.c). */
	assert_string_equal(probes[find_probe(probes, "network.dns")]->waits[0], "network.gateway");
	assert_string_equal(probes[find_probe(probes, "network.https")]->waits[0], "network.host");
}

static void run_none(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	(void)res;
}

static const char *const needs_typo[] = { "network.lnk", NULL };
static const char *const needs_b[] = { "x.b", NULL };
static const char *const needs_a[] = { "x.a", NULL };
static const struct probe p_link = { .id = "network.link", .module = "network", .run = run_none };
static const struct probe p_typo = {
	.id = "network.dns", .module = "network", .needs = needs_typo, .run = run_none
};
static const struct probe p_a = { .id = "x.a", .module = "x", .needs = needs_b, .run = run_none };
static const struct probe p_wa = { .id = "x.a", .module = "x", .waits = needs_b, .run = run_none };
static const struct probe p_wtypo = {
	.id = "network.dns", .module = "network", .waits = needs_typo, .run = run_none
};
static const struct probe p_b = { .id = "x.b", .module = "x", .needs = needs_a, .run = run_none };

/* The check itself finds a misspelt prerequisite and a loop. */
static void test_faults_found(void **state)
{
	static const struct probe *const typo[] = { &p_link, &p_typo, NULL };
	static const struct probe *const loop[] = { &p_link, &p_a, &p_b, NULL };
	static const struct probe *const twice[] = { &p_link, &p_link, NULL };
	static const struct probe *const good[] = { &p_link, &p_a, NULL };
	static const struct probe *const wtypo[] = { &p_link, &p_wtypo, NULL };
	static const struct probe *const wloop[] = { &p_link, &p_wa, &p_b, NULL };
	char msg[256];

	(void)state;
	assert_true(needs_fault(wtypo, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "waits for network.lnk"));
	assert_true(needs_fault(wloop, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "loop"));
	assert_true(needs_fault(typo, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "network.lnk"));
	assert_true(needs_fault(loop, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "loop"));
	assert_true(needs_fault(twice, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "network.link"));
	/* x.a needs x.b, which this table lacks. */
	assert_true(needs_fault(good, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "x.b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_needs),
		cmocka_unit_test(test_faults_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
