/* test_catalog.c - catalog lookups, English fallback, template expansion,
 * language selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "check.h"

static void test_fallback(void **state)
{
	struct catalog *c = catalog_new();

	(void)state;
	assert_int_equal(catalog_set_text(c, "k", LANG_EN, "hello"), 0);
	assert_string_equal(catalog_text(c, LANG_ZH_CN, "k"), "hello");
	assert_int_equal(catalog_set_text(c, "k", LANG_ZH_CN, "你好"), 0);
	assert_string_equal(catalog_text(c, LANG_ZH_CN, "k"), "你好");
	assert_string_equal(catalog_text(c, LANG_EN, "k"), "hello");
	/* A later file replaces the text. */
	assert_int_equal(catalog_set_text(c, "k", LANG_EN, "hi"), 0);
	assert_string_equal(catalog_text(c, LANG_EN, "k"), "hi");
	assert_null(catalog_text(c, LANG_EN, "missing"));
	catalog_free(c);
}

static void test_fix_override(void **state)
{
	struct catalog *c = catalog_new();
	struct fix f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.code = strdup("x.y");
	f.title.text[LANG_EN] = strdup("Shipped");
	f.n_steps = 1;
	f.steps[0].text[LANG_EN] = strdup("Step");
	assert_int_equal(catalog_put_fix(c, &f), 0);
	memset(&f, 0, sizeof(f));
	f.code = strdup("x.y");
	f.title.text[LANG_EN] = strdup("Site's own");
	f.title.text[LANG_ZH_CN] = strdup("本店");
	assert_int_equal(catalog_put_fix(c, &f), 0);
	const struct fix *got = catalog_fix(c, "x.y");

	assert_non_null(got);
	assert_string_equal(tr(&got->title, LANG_EN), "Site's own");
	assert_string_equal(tr(&got->title, LANG_ZH_CN), "本店");
	assert_int_equal(got->n_steps, 0);
	assert_null(catalog_fix(c, "x.z"));
	catalog_free(c);
}

static void test_expand(void **state)
{
	struct check_result *r = malloc(sizeof(*r));
	char out[64];

	(void)state;
	result_init(r);
	result_arg(r, "host", "%s", "pay.example.com");
	result_metric(r, "loss_pct", 38.25);
	result_metric(r, "probes_sent", 20);
	result_metric_text(r, "probe_method", "icmp");
	catalog_expand("{loss_pct}% of {probes_sent} to {host} lost ({probe_method}) {nope}",
		       r, out, sizeof(out));
	assert_string_equal(out, "38.2% of 20 to pay.example.com lost (icmp) {nope}");
	/* Truncation never leaves half a UTF-8 character. */
	catalog_expand("丢包丢包丢包", r, out, 8);
	assert_string_equal(out, "丢包");
	result_metric(r, "bad", NAN);
	result_metric(r, "huge", 1e300);
	catalog_expand("{bad} {huge}", r, out, sizeof(out));
	assert_string_equal(out, "n/a 1e+300");
	catalog_expand("{", r, out, sizeof(out));
	assert_string_equal(out, "{");
	catalog_expand("{}", r, out, sizeof(out));
	assert_string_equal(out, "{}");
	free(r);
}

static void test_lang(void **state)
{
	enum lang l;

	(void)state;
	assert_true(lang_parse("zh_CN.UTF-8", &l));
	assert_int_equal(l, LANG_ZH_CN);
	assert_true(lang_parse("en_GB.UTF-8", &l));
	assert_int_equal(l, LANG_EN);
	assert_false(lang_parse("fr_FR.UTF-8", &l));
	setenv("LANG", "zh_CN.UTF-8", 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	assert_int_equal(lang_from_env(), LANG_ZH_CN);
	setenv("LC_MESSAGES", "de_DE.UTF-8", 1);
	assert_int_equal(lang_from_env(), LANG_EN); /* unknown: English */
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	assert_int_equal(lang_from_env(), LANG_ZH_CN);
}

static void test_result_tables(void **state)
{
	struct check_result *r = malloc(sizeof(*r));
	char name[16];

	(void)state;
	result_init(r);
	for (int i = 0; i < RESULT_MAX_METRICS; i++) {
		snprintf(name, sizeof(name), "m%d", i);
		assert_int_equal(result_metric(r, name, i), 0);
	}
	assert_int_equal(result_metric(r, "one_too_many", 1), -1);
	assert_int_equal(result_metric(r, "m3", 33), 0); /* replace still works */
	assert_true(result_find_metric(r, "m3")->value == 33);
	for (int i = 0; i < 500; i++)
		result_detail(r, "line %d with some text to fill the buffer", i);
	assert_true(strlen(r->detail) < sizeof(r->detail));
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_fix_override),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_result_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
