/* test_codes.c - the response-code tables: every shipped table loads, ISO
 * 8583 covers 00-99, UnionPay has its action class on every code and its
 * terminal-side codes, every text is in English and Chinese (Chinese with
 * full-width punctuation), and broken tables give FILE:LINE:COLUMN errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "codebook.h"
#include "codes_load.h"
#include "zh_check.h"

/* The table with id, or fail. */
static const struct code_table *table(const struct codebook *cb, const char *id)
{
	for (int i = 0; i < cb->n_tables; i++)
		if (strcmp(cb->tables[i].id, id) == 0)
			return &cb->tables[i];
	fail_msg("table %s not loaded", id);
	return NULL;
}

/* Count problems of one translated text; print each. */
static int check_text(const char *what, const struct tr_text *t)
{
	int bad = 0;
	const char *why;

	for (int l = 0; l < LANG_COUNT; l++) {
		if (!t->text[l] || !t->text[l][0]) {
			printf("%s: no %s text\n", what, lang_code(l));
			bad++;
		}
	}
	if (t->text[LANG_ZH_CN] && (why = zh_problem(t->text[LANG_ZH_CN]))) {
		printf("%s: Chinese text has %s: %s\n", what, why, t->text[LANG_ZH_CN]);
		bad++;
	}
	return bad;
}

static void test_shipped_tables(void **state)
{
	const char *dir = getenv("POSDOCTOR_DATADIR");
	struct codebook cb;
	const struct code_table *iso, *cup;
	int bad = 0;
	char what[64];

	(void)state;
	memset(&cb, 0, sizeof(cb));
	assert_non_null(dir);
	assert_int_equal(codes_load_dir(&cb, dir, stdout), 0);
	iso = table(&cb, "iso8583");
	cup = table(&cb, "cup");
	/* ISO 8583: every two-digit code. */
	for (int i = 0; i < 100; i++) {
		char c[3];

		snprintf(c, sizeof(c), "%02d", i);
		if (!codebook_find(iso, c)) {
			printf("iso8583: code %s missing\n", c);
			bad++;
		}
	}
	assert_int_equal(iso->n_classes, 0);
	/* UnionPay: five classes, each code in one, the terminal-side codes. */
	assert_int_equal(cup->n_classes, 5);
	for (size_t i = 0; i < cup->n_codes; i++)
		if (!codebook_class(cup, cup->codes[i].cls)) {
			printf("cup: code %s has no class\n", cup->codes[i].code);
			bad++;
		}
	assert_int_equal(codebook_find(cup, "00")->cls, 'A');
	assert_int_equal(codebook_find(cup, "A0")->cls, 'B');
	assert_int_equal(codebook_find(cup, "77")->cls, 'D');
	assert_int_equal(codebook_find(cup, "97")->cls, 'D');
	assert_int_equal(codebook_find(cup, "98")->cls, 'E');
	assert_int_equal(codebook_find(cup, "99")->cls, 'B');
	assert_int_equal(codebook_find(cup, "51")->call, CODE_CALL_ISSUER);
	assert_int_equal(codebook_find(cup, "97")->call, CODE_CALL_ACQUIRER);
	assert_int_equal(codebook_find(iso, "51")->retry, CODE_RETRY_NO);
	/* Sign in again: the advice says so in both languages. */
	assert_non_null(strstr(codebook_find(cup, "A0")->advice.text[LANG_EN], "Sign the terminal in"));
	assert_non_null(strstr(codebook_find(cup, "A0")->advice.text[LANG_ZH_CN], "签到"));
	assert_non_null(strstr(codebook_find(cup, "77")->advice.text[LANG_ZH_CN], "签到"));
	for (int t = 0; t < cb.n_tables; t++) {
		const struct code_table *ct = &cb.tables[t];

		snprintf(what, sizeof(what), "%s name", ct->id);
		bad += check_text(what, &ct->name);
		for (int c = 0; c < ct->n_classes; c++) {
			snprintf(what, sizeof(what), "%s class %c", ct->id, ct->class_id[c]);
			bad += check_text(what, &ct->class_text[c]);
		}
		for (size_t i = 0; i < ct->n_codes; i++) {
			snprintf(what, sizeof(what), "%s %s meaning", ct->id, ct->codes[i].code);
			bad += check_text(what, &ct->codes[i].meaning);
			snprintf(what, sizeof(what), "%s %s advice", ct->id, ct->codes[i].code);
			bad += check_text(what, &ct->codes[i].advice);
		}
	}
	assert_int_equal(bad, 0);
	codebook_free(&cb);
}

/* Load text as a table file; return what the loader printed. */
static char *load_text(const char *text, int *problems)
{
	static char out[8192];
	char path[] = "/tmp/codes_test.XXXXXX";
	int fd = mkstemp(path);
	FILE *f, *errs;
	struct codebook cb;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	memset(&cb, 0, sizeof(cb));
	memset(out, 0, sizeof(out));
	errs = fmemopen(out, sizeof(out) - 1, "w");
	*problems = codes_load_file(&cb, path, errs);
	fclose(errs);
	codebook_free(&cb);
	unlink(path);
	/* Drop the temporary file name: "PATH:3:5: msg" -> ":3:5: msg". */
	for (char *p; (p = strstr(out, path)) != NULL;)
		memmove(p, p + strlen(path), strlen(p + strlen(path)) + 1);
	return out;
}

static void test_broken_tables(void **state)
{
	static const struct { const char *yaml, *want; } cases[] = {
		{ "table: {id: t, name: {en: T, zh_CN: 表}}\n"
		  "classes: {A: {en: a, zh_CN: 甲}}\n"
		  "codes:\n"
		  "  \"05\": {class: Q, retry: no, call: issuer, meaning: {en: m, zh_CN: 义},\n"
		  "         advice: {en: a, zh_CN: 办}}\n",
		  ":4:17: 05.class: 'Q' is not one of the table's classes" },
		{ "table: {id: t, name: {en: T, zh_CN: 表}}\n"
		  "codes:\n"
		  "  \"05\": {retry: no, call: issuer, meaning: {en: m},\n"
		  "         advice: {en: a, zh_CN: 办}}\n",
		  ":3:44: 05.meaning: the zh_CN text is missing" },
		{ "table: {id: t, name: {en: T, zh_CN: 表}}\n"
		  "codes:\n"
		  "  5: {retry: no, call: issuer, meaning: {en: m, zh_CN: 义}, advice: {en: a, zh_CN: 办}}\n",
		  ":3:3: codes: '5' is not a response code" },
		{ "table: {id: t, name: {en: T, zh_CN: 表}}\n"
		  "codes:\n"
		  "  \"05\": {retry: maybe, call: bank, meaning: {en: m, zh_CN: 义}, advice: {en: a, zh_CN: 办}}\n",
		  ":3:17: 05.retry: 'maybe' is not one of yes, later, no\n"
		  "-:3:30: 05.call: 'bank' is not one of nobody, issuer, acquirer" },
		{ "table: {name: {en: T, zh_CN: 表}}\n"
		  "codes: {\"00\": {retry: no, call: nobody, meaning: {en: m, zh_CN: 义}, advice: {en: a, zh_CN: 办}}}\n",
		  ":1:8: table: 'id' is missing" },
		{ "table: {id: t, name: {en: T, zh_CN: 表}}\n"
		  "codes:\n"
		  "  \"05\": {class: A, retry: no, call: issuer, meaning: {en: m, zh_CN: 义}, advice: {en: a, zh_CN: 办}}\n",
		  ":3:17: 05.class: this table defines no classes" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n;
		const char *out = load_text(cases[i].yaml, &n);
		char want[512];

		/* The second line of a two-problem case carries "-" for the path. */
		snprintf(want, sizeof(want), "%s", cases[i].want);
		for (char *p = want; (p = strstr(p, "\n-:")) != NULL; p++)
			memmove(p + 1, p + 2, strlen(p + 2) + 1);
		if (!strstr(out, want))
			fail_msg("case %zu: want\n%s\ngot\n%s", i, want, out);
		assert_true(n > 0);
	}
}

static void test_normalise(void **state)
{
	char out[3], why[200];

	(void)state;
	assert_int_equal(code_normalise("51", out, why, sizeof(why)), 0);
	assert_string_equal(out, "51");
	assert_int_equal(code_normalise("a0", out, why, sizeof(why)), 0);
	assert_string_equal(out, "A0");
	assert_int_equal(code_normalise("5", out, why, sizeof(why)), 0);
	assert_string_equal(out, "05");
	assert_int_equal(code_normalise("", out, why, sizeof(why)), -1);
	assert_int_equal(code_normalise("5 1", out, why, sizeof(why)), -1);
	assert_int_equal(code_normalise("5\x01", out, why, sizeof(why)), -1);
	assert_int_equal(code_normalise("A", out, why, sizeof(why)), -1);
	assert_int_equal(code_normalise("051", out, why, sizeof(why)), -1);
	assert_int_equal(code_normalise("\xe4\xb8\x80", out, why, sizeof(why)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tables),
		cmocka_unit_test(test_broken_tables),
		cmocka_unit_test(test_normalise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
