/* test_catalog_load.c - the strings and fixes loader: files in name order,
 * overrides, English fallback, and every problem at its FILE:LINE:COLUMN. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "catalog.h"
#include "catalog_load.h"

static char dir[] = "/tmp/catalog_load.XXXXXX";

/* Write text to dir/rel; returns the full path (static buffer). */
static const char *put(const char *rel, const char *text)
{
	static char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void rm(const char *rel)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	remove(path);
}

static int setup(void **state)
{
	char sub[600];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(sub, sizeof(sub), "%s/strings", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/fixes", dir);
	mkdir(sub, 0700);
	return 0;
}

static int teardown(void **state)
{
	static const char *const left[] = { "strings/a.yaml", "strings/b.yaml",
					     "strings/notes.txt", "fixes/a.yaml",
					     "strings/core.yaml", "fixes/b.yaml", "site.yaml",
					     "bad.yaml", "strings", "fixes" };

	(void)state;
	for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++)
		rm(left[i]);
	return rmdir(dir);
}

/* Load one fixes file and compare its messages, "F:" standing for its path. */
static void expect_fix_errors(const char *text, const char *expected)
{
	struct catalog *cat = catalog_new();
	const char *path = put("bad.yaml", text);
	char *msgs = NULL, want[4096];
	size_t len, o = 0;
	FILE *out = open_memstream(&msgs, &len);

	for (const char *p = expected; *p && o + 700 < sizeof(want); p++) {
		if (p[0] == 'F' && p[1] == ':' && (p == expected || p[-1] == '\n')) {
			o += (size_t)snprintf(want + o, sizeof(want) - o, "%s", path);
			continue;
		}
		want[o++] = *p;
	}
	want[o] = '\0';
	catalog_load_fixes(cat, path, out);
	fclose(out);
	assert_string_equal(msgs, want);
	free(msgs);
	catalog_free(cat);
}

/* Files load in name order (later ones win); other files are ignored;
 * a missing translation falls back to English. */
static void test_dir_order_and_fallback(void **state)
{
	struct catalog *cat = catalog_new();
	const struct fix *f;

	(void)state;
	put("strings/b.yaml", "greet: {en: \"Hello from b\", zh_CN: \"来自 b\"}\n");
	put("strings/a.yaml", "greet: {en: \"Hello from a\"}\nonly_en: {en: Alone}\n");
	put("strings/notes.txt", "this: [is not yaml\n");
	put("fixes/a.yaml",
	    "net.x:\n"
	    "  title: {en: \"Title\", zh_CN: \"标题\"}\n"
	    "  why: {en: \"Because: {reason}\"}\n"
	    "  steps:\n"
	    "    - {en: \"One\", zh_CN: \"一\"}\n"
	    "    - en: |\n        Two, a block\n      zh_CN: 二\n");
	assert_int_equal(catalog_load_dir(cat, dir, stderr), 0);
	assert_string_equal(catalog_text(cat, LANG_EN, "greet"), "Hello from b");
	assert_string_equal(catalog_text(cat, LANG_ZH_CN, "greet"), "来自 b");
	assert_string_equal(catalog_text(cat, LANG_ZH_CN, "only_en"), "Alone");
	assert_null(catalog_entry(cat, "only_en")->text[LANG_ZH_CN]);
	f = catalog_fix(cat, "net.x");
	assert_non_null(f);
	assert_int_equal(f->n_steps, 2);
	assert_string_equal(tr(&f->steps[1], LANG_EN), "Two, a block\n");
	assert_string_equal(tr(&f->why, LANG_ZH_CN), "Because: {reason}");

	/* A site's override replaces the whole entry. */
	assert_int_equal(catalog_load_fixes(cat, put("site.yaml",
		"net.x:\n  title: {en: \"Call Bob\"}\n  steps: [{en: \"Dial 555\"}]\n"), stderr), 0);
	f = catalog_fix(cat, "net.x");
	assert_string_equal(tr(&f->title, LANG_EN), "Call Bob");
	assert_int_equal(f->n_steps, 1);
	assert_null(f->why.text[LANG_EN]);
	catalog_free(cat);
}

/* Loading by module skips <module>.yaml in strings/ and fixes/ for the
 * modules named (a broken file of a skipped module is not even parsed),
 * and reads every other file in name order; a skipped name with no file is
 * fine; a site's override still applies. */
static void test_load_modules(void **state)
{
	static const char *const skip[] = { "b", "nofile" };
	struct catalog *cat = catalog_new();
	char *msgs = NULL;
	size_t len;
	FILE *out;

	(void)state;
	put("strings/core.yaml", "status.ok: {en: OK, zh_CN: 正常}\n");
	put("strings/a.yaml", "a.title: {en: \"A\"}\n");
	put("strings/b.yaml", "b.title: [this is not: yaml\n");
	put("fixes/a.yaml", "a.x:\n  title: {en: \"Fix A\"}\n  steps: [{en: \"Do A\"}]\n");
	put("fixes/b.yaml", "b.x: [broken\n");
	out = open_memstream(&msgs, &len);
	assert_int_equal(catalog_load_modules(cat, dir, skip, 2, out), 0);
	fclose(out);
	assert_string_equal(msgs, "");
	free(msgs);
	assert_string_equal(catalog_text(cat, LANG_EN, "status.ok"), "OK");
	assert_string_equal(catalog_text(cat, LANG_EN, "a.title"), "A");
	assert_null(catalog_entry(cat, "b.title"));
	assert_non_null(catalog_fix(cat, "a.x"));
	assert_int_equal(catalog_load_fixes(cat, put("site.yaml",
		"a.x:\n  title: {en: \"Call Bob\"}\n  steps: [{en: \"Dial 555\"}]\n"), stderr), 0);
	assert_string_equal(tr(&catalog_fix(cat, "a.x")->title, LANG_EN), "Call Bob");
	catalog_free(cat);
	/* The whole catalogue does read the broken files, and says so. */
	cat = catalog_new();
	out = open_memstream(&msgs, &len);
	assert_true(catalog_load_dir(cat, dir, out) >= 2);
	fclose(out);
	assert_non_null(strstr(msgs, "strings/b.yaml:"));
	assert_non_null(strstr(msgs, "fixes/b.yaml:"));
	free(msgs);
	catalog_free(cat);
	rm("strings/core.yaml");
	rm("strings/b.yaml");
	rm("fixes/b.yaml");
}

/* Each problem of a fixes file, at its position, all in one pass. */
static void test_fix_errors(void **state)
{
	(void)state;
	expect_fix_errors(
		"a.one:\n"
		"  title: {en: T, fr: Titre}\n"
		"  colour: red\n"
		"  steps:\n"
		"    - {en: S, zh_CN: [x]}\n"
		"    - just text\n"
		"a.two:\n"
		"  why: {en: W}\n"
		"a.three:\n"
		"  title: {en: T}\n"
		"  steps: {en: S}\n"
		"a.four: {title: {en: ~}, steps: [{en: \"\"}]}\n",
		"F:2:18: a.one.title: unknown language 'fr' (known: en, zh_CN)\n"
		"F:3:3: a.one: unknown field 'colour' (known: title, why, steps)\n"
		"F:5:22: a.one.steps[0].zh_CN: expected a text, got a list\n"
		"F:6:7: a.one.steps[1]: expected a map of languages such as {en: \"...\", "
		"zh_CN: \"...\"}, got a string\n"
		"F:8:3: a.two: 'title' is missing\n"
		"F:8:3: a.two: 'steps' is missing\n"
		"F:11:10: a.three.steps: expected a list of steps (- {en: ..., zh_CN: ...}), "
		"got a map\n"
		"F:12:22: a.four.title.en: expected a text, got nothing\n"
		"F:12:39: a.four.steps[0].en: expected a text, got an empty one\n");
}

/* The step limit, duplicate codes, a top level that is not a map, bad YAML. */
static void test_fix_limits(void **state)
{
	char text[2048];
	size_t o;

	(void)state;
	o = (size_t)snprintf(text, sizeof(text), "a.many:\n  title: {en: T}\n  steps:\n");
	for (int i = 0; i <= FIX_MAX_STEPS; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o, "    - {en: \"Step %d\"}\n", i);
	snprintf(text + o, sizeof(text) - o, "a.many: {title: {en: T}, steps: [{en: S}]}\n");
	expect_fix_errors(text, "F:16:7: a.many.steps: more than 12 steps\n"
			  "F:17:1: duplicate key 'a.many' (first at line 1, column 1)\n");
	expect_fix_errors("- a\n- b\n", "F:1:1: the top level must be a map of fix codes "
			  "such as net.loss_high, not a list\n");
	expect_fix_errors("a: {title: [}\n", "F:1:13: invalid YAML: did not find expected node "
			  "content (while parsing a flow node at line 1, column 13)\n");
	expect_fix_errors("", "");
}

/* Strings files: the same rules for each entry. */
static void test_string_errors(void **state)
{
	struct catalog *cat = catalog_new();
	char *msgs = NULL, want[1024];
	size_t len;
	FILE *out = open_memstream(&msgs, &len);
	const char *path = put("bad.yaml", "k1: {en: A, de: B}\nk2: plain\nk3: {en: {x: 1}}\n"
			       "k4: {en: ok, zh_CN: 好}\n");

	(void)state;
	assert_int_equal(catalog_load_strings(cat, path, out), 3);
	fclose(out);
	snprintf(want, sizeof(want),
		 "%s:1:13: k1: unknown language 'de' (known: en, zh_CN)\n"
		 "%s:2:5: k2: expected a map of languages such as {en: \"...\", zh_CN: \"...\"}, "
		 "got a string\n"
		 "%s:3:10: k3.en: expected a text, got a map\n", path, path, path);
	assert_string_equal(msgs, want);
	free(msgs);
	/* Good entries of a file with problems still load; bad ones do not. */
	assert_string_equal(catalog_text(cat, LANG_ZH_CN, "k4"), "好");
	assert_null(catalog_entry(cat, "k2"));
	catalog_free(cat);
}

/* A missing file, and a datadir without strings/: named or tolerated. */
static void test_missing(void **state)
{
	struct catalog *cat = catalog_new();
	char *msgs = NULL;
	size_t len;
	FILE *out = open_memstream(&msgs, &len);

	(void)state;
	assert_int_equal(catalog_load_fixes(cat, "/nonexistent/fixes.yaml", out), 1);
	assert_int_equal(catalog_load_dir(cat, "/nonexistent", out), 0);
	fclose(out);
	assert_string_equal(msgs, "/nonexistent/fixes.yaml:0:0: cannot open: "
			    "No such file or directory\n");
	free(msgs);
	catalog_free(cat);
}

/* Counts of the shipped keys under the built-in prefixes, and problems. */
struct builtin_check {
	int keys, bad;
};

/* One shipped key: a front-end key has built-in English equal to the
 * file's; any other key has none. */
static void builtin_one(const char *key, const struct tr_text *t, void *arg)
{
	struct builtin_check *bc = arg;
	const char *b = catalog_builtin(key);
	bool front = strncmp(key, "tui.", 4) == 0 || strncmp(key, "report.", 7) == 0 ||
		     strncmp(key, "status.", 7) == 0;

	if (!front) {
		if (b) {
			fprintf(stderr, "%s: built in, but not a front-end key\n", key);
			bc->bad++;
		}
		return;
	}
	bc->keys++;
	if (!b || !t->text[LANG_EN] || strcmp(b, t->text[LANG_EN]) != 0) {
		fprintf(stderr, "%s: built-in English differs from the YAML\n", key);
		bc->bad++;
	}
}

/* The built-in English (generated at build time by tools/strings_gen.c)
 * is exactly the shipped YAML's, key for key; unknown keys have none. */
static void test_builtin_is_the_yaml(void **state)
{
	struct catalog *c = catalog_new();
	struct builtin_check bc = { 0, 0 };
	char assets[4096];

	(void)state;
	assert_non_null(getenv("SOURCE_DIR"));
	snprintf(assets, sizeof(assets), "%s/assets", getenv("SOURCE_DIR"));
	assert_int_equal(catalog_load_dir(c, assets, stderr), 0);
	catalog_each_text(c, builtin_one, &bc);
	catalog_free(c);
	assert_int_equal(bc.bad, 0);
	assert_true(bc.keys > 100);
	assert_null(catalog_builtin("tui.no.such.key"));
	assert_null(catalog_builtin(""));
	assert_null(catalog_builtin(NULL));
	assert_string_equal(catalog_builtin("status.fail"), "Failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir_order_and_fallback),
		cmocka_unit_test(test_load_modules),
		cmocka_unit_test(test_fix_errors),
		cmocka_unit_test(test_fix_limits),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_builtin_is_the_yaml),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
