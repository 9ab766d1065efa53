/* test_catalog_complete.c - every check has a translated title, every code a
 * check can emit has a fix and a summary, in English and Simplified Chinese,
 * with the same {placeholders}; every shipped entry is fully translated.
 *
 * Runs over the real registry and the real assets ($POSDOCTOR_DATADIR), so
 * each module that merges is covered without touching this file. Every
 * problem is printed, not just the first. A second case feeds a deliberately
 * incomplete catalogue to prove the checker finds what it must.
 */
#include <stdarg.h>
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
#include "probe.h"
#include "registry.h"
#include "runner.h"

struct problems {
	FILE *out;
	int n;
};

/* Print one problem and count it. */
static void problem(struct problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct problems *p, const char *fmt, ...)
{
	va_list ap;

	p->n++;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
	fputc('\n', p->out);
}

/* The sorted, de-duplicated "{name}" placeholders of s, as "a,b,c". */
static void placeholders(const char *s, char *out, size_t len)
{
	char names[32][64];
	int n = 0;
	size_t o = 0;

	for (const char *p = s ? s : ""; *p; p++) {
		const char *end;

		if (*p != '{' || !(end = strchr(p + 1, '}')) || end == p + 1 ||
		    end - p - 1 >= 64 || n == 32)
			continue;
		memcpy(names[n], p + 1, (size_t)(end - p - 1));
		names[n][end - p - 1] = '\0';
		n++;
		p = end;
	}
	qsort(names, (size_t)n, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i && strcmp(names[i], names[i - 1]) == 0)
			continue;
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", o ? "," : "", names[i]);
		if (o >= len)
			break;
	}
}

/* One translated field: present in every language, same placeholders. */
static void check_tr(struct problems *p, const char *what, const struct tr_text *t)
{
	char en[512], other[512];

	for (int l = 0; l < LANG_COUNT; l++)
		if (!t->text[l] || !t->text[l][0])
			problem(p, "%s: no %s text", what, lang_code(l));
	if (!t->text[LANG_EN])
		return;
	placeholders(t->text[LANG_EN], en, sizeof(en));
	for (int l = 1; l < LANG_COUNT; l++) {
		if (!t->text[l])
			continue;
		placeholders(t->text[l], other, sizeof(other));
		if (strcmp(en, other) != 0)
			problem(p, "%s: %s placeholders {%s} differ from the English {%s}", what,
				lang_code(l), other, en);
	}
}

/* A fix entry: title, at least one step, every field in every language. */
static void check_fix(struct problems *p, const struct fix *f)
{
	char what[160];
	bool any_why = false;

	snprintf(what, sizeof(what), "fix %s: title", f->code);
	check_tr(p, what, &f->title);
	for (int l = 0; l < LANG_COUNT; l++)
		any_why |= f->why.text[l] != NULL;
	if (any_why) {
		snprintf(what, sizeof(what), "fix %s: why", f->code);
		check_tr(p, what, &f->why);
	}
	if (f->n_steps == 0)
		problem(p, "fix %s: no steps", f->code);
	for (int i = 0; i < f->n_steps; i++) {
		snprintf(what, sizeof(what), "fix %s: step %d", f->code, i + 1);
		check_tr(p, what, &f->steps[i]);
	}
}

struct each_arg {
	struct problems *p;
};

static void each_text(const char *key, const struct tr_text *t, void *arg)
{
	char what[200];

	snprintf(what, sizeof(what), "string %s", key);
	check_tr(((struct each_arg *)arg)->p, what, t);
}

static void each_fix(const struct fix *f, void *arg)
{
	check_fix(((struct each_arg *)arg)->p, f);
}

/* A code must have a fix and a summary (for this probe, or general). */
static void check_code(struct problems *p, const struct catalog *cat, const char *code,
		       const char *probe_id)
{
	char key[200];
	const struct tr_text *t = NULL;

	if (!catalog_fix(cat, code))
		problem(p, "code %s%s%s: no fix entry", code, probe_id ? " of " : "",
			probe_id ? probe_id : "");
	if (probe_id) {
		snprintf(key, sizeof(key), "summary.%s@%s", code, probe_id);
		t = catalog_entry(cat, key);
	}
	if (!t) {
		snprintf(key, sizeof(key), "summary.%s", code);
		t = catalog_entry(cat, key);
	}
	if (!t) {
		problem(p, "code %s%s%s: no summary (summary.%s%s%s)", code,
			probe_id ? " of " : "", probe_id ? probe_id : "", code,
			probe_id ? " or summary." : "", probe_id ? code : "");
		return;
	}
	for (int l = 0; l < LANG_COUNT; l++)
		if (!t->text[l])
			problem(p, "code %s%s%s: summary %s has no %s text", code,
				probe_id ? " of " : "", probe_id ? probe_id : "", key, lang_code(l));
}

/* Every check the completeness rule covers; returns the problems found. */
static int catalog_check(const struct catalog *cat, const struct probe *const *probes,
			 const char *const *extra_codes, FILE *out)
{
	struct problems p = { out, 0 };
	struct each_arg a = { &p };
	char key[160];

	for (int i = 0; probes[i]; i++) {
		const struct probe *pr = probes[i];
		const struct tr_text *t;

		snprintf(key, sizeof(key), "title.%s", pr->id);
		t = catalog_entry(cat, key);
		if (!t)
			problem(&p, "check %s: no title (%s)", pr->id, key);
		for (int l = 0; t && l < LANG_COUNT; l++)
			if (!t->text[l])
				problem(&p, "check %s: title has no %s text", pr->id, lang_code(l));
		if (!pr->codes || !pr->codes[0])
			problem(&p, "check %s: declares no codes", pr->id);
		for (int c = 0; pr->codes && pr->codes[c]; c++)
			check_code(&p, cat, pr->codes[c], pr->id);
	}
	for (int c = 0; extra_codes && extra_codes[c]; c++)
		check_code(&p, cat, extra_codes[c], NULL);
	catalog_each_text(cat, each_text, &a);
	catalog_each_fix(cat, each_fix, &a);
	return p.n;
}

/* The real thing: registry + shipped assets. */
static void test_shipped_catalog_complete(void **state)
{
	const char *dir = getenv("POSDOCTOR_DATADIR");
	struct catalog *cat = catalog_new();
	int load, n, probes = 0;

	(void)state;
	while (registry_probes()[probes])
		probes++;
	assert_non_null(dir);
	assert_non_null(cat);
	load = catalog_load_dir(cat, dir, stdout);
	n = catalog_check(cat, registry_probes(), runner_codes, stdout);
	printf("%d check(s) registered; %d load problem(s), %d completeness problem(s)\n",
	       probes, load, n);
	assert_int_equal(load, 0);
	assert_int_equal(n, 0);
	/* The core's own entries are there (not vacuously complete). */
	assert_non_null(catalog_fix(cat, "dep.blocked"));
	assert_non_null(catalog_entry(cat, "status.ok"));
	catalog_free(cat);
}

/* Write text to dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *const broken_codes[] = { "x.ok", "x.bad", NULL };
static const char *const broken_extra[] = { "x.runner", NULL };
static const struct probe broken_probe = { .id = "x.one", .module = "x",
					   .codes = broken_codes };
static const struct probe silent_probe = { .id = "x.two", .module = "x" };
static const struct probe *const broken_probes[] = { &broken_probe, &silent_probe, NULL };

/* The checker finds each kind of gap in a deliberately incomplete catalogue. */
static void test_checker_finds_gaps(void **state)
{
	char dir[] = "/tmp/catalog_complete.XXXXXX", sub[600], *msgs = NULL;
	struct catalog *cat = catalog_new();
	size_t len;
	FILE *out;
	int n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/strings", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/fixes", dir);
	mkdir(sub, 0700);
	put(dir, "strings/x.yaml",
	    "title.x.one: {en: \"One\"}\n"                             /* no zh_CN */
	    "summary.x.ok: {en: \"{n} fine\", zh_CN: \"{m} 正常\"}\n"  /* placeholders */
	    "summary.x.bad@x.one: {en: \"Bad\", zh_CN: \"坏\"}\n"
	    "stray: {zh_CN: \"孤\"}\n");                                /* no en */
	put(dir, "fixes/x.yaml",
	    "x.ok:\n  title: {en: OK, zh_CN: 好}\n  steps:\n    - {en: \"Nothing\"}\n"
	    "x.bad:\n  title: {en: Bad}\n  why: {zh_CN: 因为}\n"
	    "  steps:\n    - {en: \"Call {who}\", zh_CN: \"致电\"}\n");
	assert_int_equal(catalog_load_dir(cat, dir, stderr), 0);
	out = open_memstream(&msgs, &len);
	n = catalog_check(cat, broken_probes, broken_extra, out);
	fclose(out);
	printf("%s", msgs);
	assert_non_null(strstr(msgs, "check x.one: title has no zh_CN text\n"));
	assert_non_null(strstr(msgs, "check x.two: no title (title.x.two)\n"));
	assert_non_null(strstr(msgs, "check x.two: declares no codes\n"));
	assert_non_null(strstr(msgs, "code x.runner: no fix entry\n"));
	assert_non_null(strstr(msgs, "code x.runner: no summary (summary.x.runner)\n"));
	assert_non_null(strstr(msgs, "string summary.x.ok: zh_CN placeholders {m} differ "
			       "from the English {n}\n"));
	assert_non_null(strstr(msgs, "string stray: no en text\n"));
	assert_non_null(strstr(msgs, "fix x.ok: step 1: no zh_CN text\n"));
	assert_non_null(strstr(msgs, "fix x.bad: title: no zh_CN text\n"));
	assert_non_null(strstr(msgs, "fix x.bad: why: no en text\n"));
	assert_non_null(strstr(msgs, "fix x.bad: step 1: zh_CN placeholders {} differ from "
			       "the English {who}\n"));
	/* The per-check summary counts for x.bad: no complaint about it. */
	assert_null(strstr(msgs, "code x.bad of x.one: no summary"));
	assert_int_equal(n, 12);
	free(msgs);
	catalog_free(cat);
	for (int i = 0; i < 4; i++) {
		static const char *const rel[] = { "strings/x.yaml", "fixes/x.yaml",
						   "strings", "fixes" };

		snprintf(sub, sizeof(sub), "%s/%s", dir, rel[i]);
		assert_int_equal(remove(sub), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_catalog_complete),
		cmocka_unit_test(test_checker_finds_gaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
