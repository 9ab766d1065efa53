/* test_catalog.c - catalog lookups, English fallback, template expansion,
 * language selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "check.h"
#include "checklist.h"
#include "probe.h"

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

/* A finished item of a made-up check with result code code. */
static struct check_item *item_new(const struct probe *p, const char *code)
{
	struct check_item *it = calloc(1, sizeof(*it));

	assert_non_null(it);
	it->probe = p;
	snprintf(it->id, sizeof(it->id), "%s", p->id);
	result_init(&it->result);
	result_set(&it->result, STATUS_FAIL, code);
	it->state = STATE_DONE;
	it->runs = 1;
	return it;
}

/* "1 name", "2 names": the .one form when the first number is 1, in each
 * language; without a .one entry the text is used for every count. */
static void test_summary_plural(void **state)
{
	static const struct probe p = { .id = "x.dns", .module = "x" };
	struct catalog *c = catalog_new();
	struct check_item *it = item_new(&p, "x.ok");
	char out[256];

	(void)state;
	catalog_set_text(c, "summary.x.ok@x.dns", LANG_EN, "{names} names looked up in {ms} ms");
	catalog_set_text(c, "summary.x.ok@x.dns.one", LANG_EN, "{names} name looked up in {ms} ms");
	catalog_set_text(c, "summary.x.ok@x.dns", LANG_ZH_CN, "已解析 {names} 个域名");
	result_metric(&it->result, "names", 1);
	result_metric(&it->result, "ms", 40);
	check_summary(c, LANG_EN, it, out, sizeof(out));
	assert_string_equal(out, "1 name looked up in 40 ms");
	check_summary(c, LANG_ZH_CN, it, out, sizeof(out));
	assert_string_equal(out, "已解析 1 个域名");
	result_metric(&it->result, "names", 2);
	check_summary(c, LANG_EN, it, out, sizeof(out));
	assert_string_equal(out, "2 names looked up in 40 ms");
	free(it);
	catalog_free(c);
}

/* {error} in words of the language: the key's text, the family's
 * "other", "error.unknown", never English words in Chinese; English keeps
 * the raw words only when it has no phrase. Fixed-set values likewise. */
static void test_error_words(void **state)
{
	static const struct probe p = { .id = "x.host", .module = "x" };
	struct catalog *c = catalog_new();
	struct check_item *it = item_new(&p, "x.failed");
	char out[256];

	(void)state;
	catalog_set_text(c, "summary.x.failed", LANG_EN, "Cannot reach {host}: {error} ({method})");
	catalog_set_text(c, "summary.x.failed", LANG_ZH_CN, "无法连接 {host}：{error}（{method}）");
	catalog_set_text(c, "error.errno.ETIMEDOUT", LANG_EN, "no answer in time");
	catalog_set_text(c, "error.errno.ETIMEDOUT", LANG_ZH_CN, "超时没有应答");
	catalog_set_text(c, "error.curl.other", LANG_ZH_CN, "安全连接失败");
	catalog_set_text(c, "error.unknown", LANG_ZH_CN, "意外错误");
	catalog_set_text(c, "arg.method.icmp", LANG_EN, "ping");
	catalog_set_text(c, "arg.method.icmp", LANG_ZH_CN, "测试包");
	result_arg(&it->result, "host", "%s", "pay.acquirer.test");
	result_arg(&it->result, "method", "%s", "icmp");
	result_errno(&it->result, ETIMEDOUT);
	assert_string_equal(result_find_arg(&it->result, "error_key"), "error.errno.ETIMEDOUT");
	/* The raw words stay in the result (the JSON report's metrics). */
	assert_string_equal(result_find_metric(&it->result, "error")->text, "Connection timed out");
	check_summary(c, LANG_ZH_CN, it, out, sizeof(out));
	assert_string_equal(out, "无法连接 pay.acquirer.test：超时没有应答（测试包）");
	check_summary(c, LANG_EN, it, out, sizeof(out));
	assert_string_equal(out, "Cannot reach pay.acquirer.test: no answer in time (ping)");
	result_error(&it->result, "error.curl.99", "%s", "Some future failure");
	check_summary(c, LANG_ZH_CN, it, out, sizeof(out));
	assert_string_equal(out, "无法连接 pay.acquirer.test：安全连接失败（测试包）");
	check_summary(c, LANG_EN, it, out, sizeof(out));
	assert_string_equal(out, "Cannot reach pay.acquirer.test: Some future failure (ping)");
	result_error(&it->result, "error.nosuch.thing", "%s", "words nobody translated");
	check_summary(c, LANG_ZH_CN, it, out, sizeof(out));
	assert_string_equal(out, "无法连接 pay.acquirer.test：意外错误（测试包）");
	check_errno_text(c, LANG_ZH_CN, ETIMEDOUT, out, sizeof(out));
	assert_string_equal(out, "超时没有应答");
	free(it);
	catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_fix_override),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_result_tables),
		cmocka_unit_test(test_summary_plural),
		cmocka_unit_test(test_error_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
