/* catalog_load.c - fill the catalog from the strings and fixes YAML files
 * (SPEC §5), reporting every problem as FILE:LINE:COLUMN: message. */
#define _POSIX_C_SOURCE 200809L
#include "catalog_load.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_tree.h"

/* "en", "zh_CN" -> enum lang, or -1. */
static int lang_index(const char *code)
{
	for (int l = 0; l < LANG_COUNT; l++)
		if (strcmp(code, lang_code(l)) == 0)
			return l;
	return -1;
}

/* "en, zh_CN" for messages. */
static const char *lang_list(void)
{
	static const char list[] = "en, zh_CN";

	return list;
}

/* Free every language of t. */
static void tr_clear(struct tr_text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
	}
}

/* Parse {en: ..., zh_CN: ...} into t (strings copied). where names the
 * entry in messages ("net.loss_high.title"). Returns the problems found. */
static int tr_parse(struct yt_node *v, const char *where, struct tr_text *t,
		    struct yt_errs *e)
{
	int before = e->count;
	char s[64];

	if (v->bad)
		return 1;
	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "%s: expected a map of languages such as {en: \"...\", "
			    "zh_CN: \"...\"}, got %s", where, yt_kind_name(v));
		return 1;
	}
	yt_check_keys(v, where, e);
	for (size_t i = 0; i + 1 < v->n_kids; i += 2) {
		const struct yt_node *k = v->kids[i], *val = v->kids[i + 1];
		int l;

		if (k->bad)
			continue;
		l = lang_index(k->value);
		if (l < 0) {
			yt_error_at(e, k, "%s: unknown language '%s' (known: %s)", where,
				    yt_show(k, s, sizeof(s)), lang_list());
			continue;
		}
		if (val->bad)
			continue;
		if (val->kind != YT_SCALAR || yt_is_null(val) || val->len == 0) {
			yt_error_at(e, val, "%s.%s: expected a text, got %s", where, k->value,
				    val->kind == YT_SCALAR && val->len == 0 ? "an empty one"
									  : yt_kind_name(val));
			continue;
		}
		if (strlen(val->value) != val->len) {
			yt_error_at(e, val, "%s.%s: the text contains a NUL character", where,
				    k->value);
			continue;
		}
		free(t->text[l]);
		t->text[l] = strdup(val->value);
		if (!t->text[l])
			yt_error_at(e, val, "out of memory");
	}
	return e->count - before;
}

/* Check the root of a catalogue file: a map (or empty). */
static bool root_usable(struct yt_node *root, struct yt_errs *e, const char *what)
{
	if (!root || yt_is_null(root) || root->bad)
		return false;
	if (root->kind != YT_MAP) {
		yt_error_at(e, root, "the top level must be a map of %s, not %s", what,
			    yt_kind_name(root));
		return false;
	}
	yt_check_keys(root, "", e);
	return true;
}

/* Load a strings tree: key -> {en: ..., zh_CN: ...}. */
static void strings_from_tree(struct catalog *c, struct yt_node *root, struct yt_errs *e)
{
	if (!root_usable(root, e, "keys such as title.serial.port"))
		return;
	for (size_t i = 0; i + 1 < root->n_kids; i += 2) {
		const struct yt_node *k = root->kids[i];
		struct tr_text t;
		char shown[64];

		if (k->bad)
			continue;
		memset(&t, 0, sizeof(t));
		if (tr_parse(root->kids[i + 1], yt_show(k, shown, sizeof(shown)), &t, e) == 0) {
			for (int l = 0; l < LANG_COUNT; l++)
				if (t.text[l] && catalog_set_text(c, k->value, l, t.text[l]) != 0)
					yt_error_at(e, k, "out of memory");
		}
		tr_clear(&t);
	}
}

/* Parse one fix entry (title, why, steps) into f. Returns the problems. */
static int fix_parse(struct yt_node *v, const char *code, struct fix *f, struct yt_errs *e)
{
	int before = e->count;
	bool have_title = false, have_steps = false;
	char where[160], s[64];

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "%s: expected a map with title, why and steps, got %s", code,
			    yt_kind_name(v));
		return 1;
	}
	yt_check_keys(v, code, e);
	for (size_t i = 0; i + 1 < v->n_kids; i += 2) {
		const struct yt_node *k = v->kids[i];
		struct yt_node *val = v->kids[i + 1];

		if (k->bad)
			continue;
		snprintf(where, sizeof(where), "%s.%s", code, k->value);
		if (strcmp(k->value, "title") == 0) {
			have_title = true;
			tr_parse(val, where, &f->title, e);
		} else if (strcmp(k->value, "why") == 0) {
			tr_parse(val, where, &f->why, e);
		} else if (strcmp(k->value, "steps") == 0) {
			have_steps = true;
			if (val->kind != YT_SEQ) {
				yt_error_at(e, val, "%s: expected a list of steps (- {en: ..., "
					    "zh_CN: ...}), got %s", where, yt_kind_name(val));
				continue;
			}
			if (val->n_kids == 0)
				yt_error_at(e, val, "%s: the list is empty", where);
			for (size_t j = 0; j < val->n_kids; j++) {
				char sw[200];

				if (f->n_steps == FIX_MAX_STEPS) {
					yt_error_at(e, val->kids[j], "%s: more than %d steps", where,
						    FIX_MAX_STEPS);
					break;
				}
				snprintf(sw, sizeof(sw), "%s[%zu]", where, j);
				tr_parse(val->kids[j], sw, &f->steps[f->n_steps++], e);
			}
		} else {
			yt_error_at(e, k, "%s: unknown field '%s' (known: title, why, steps)", code,
				    yt_show(k, s, sizeof(s)));
		}
	}
	if (!have_title)
		yt_error_at(e, v, "%s: 'title' is missing", code);
	if (!have_steps)
		yt_error_at(e, v, "%s: 'steps' is missing", code);
	return e->count - before;
}

/* Load a fixes tree: code -> {title, why, steps}. */
static void fixes_from_tree(struct catalog *c, struct yt_node *root, struct yt_errs *e)
{
	if (!root_usable(root, e, "fix codes such as net.loss_high"))
		return;
	for (size_t i = 0; i + 1 < root->n_kids; i += 2) {
		const struct yt_node *k = root->kids[i];
		struct fix f;
		char shown[64];

		if (k->bad || root->kids[i + 1]->bad)
			continue;
		memset(&f, 0, sizeof(f));
		if (fix_parse(root->kids[i + 1], yt_show(k, shown, sizeof(shown)), &f, e) == 0) {
			f.code = strdup(k->value);
			if (f.code && catalog_put_fix(c, &f) == 0)
				continue;
			yt_error_at(e, k, "out of memory");
		}
		free(f.code);
		tr_clear(&f.title);
		tr_clear(&f.why);
		for (int j = 0; j < f.n_steps; j++)
			tr_clear(&f.steps[j]);
	}
}

/* Load one file with one of the tree loaders; returns its problems. */
static int load_one(struct catalog *c, const char *path, FILE *errs,
		    void (*from_tree)(struct catalog *, struct yt_node *, struct yt_errs *))
{
	struct yt_errs e = { .file = path, .out = errs };
	struct yt_node *root = NULL;

	yt_load_file(path, &root, &e);
	if (root)
		from_tree(c, root, &e);
	yt_free(root);
	yt_errs_flush(&e);
	return e.count;
}

/* One fixes file; its entries replace loaded ones with the same code. */
int catalog_load_fixes(struct catalog *c, const char *path, FILE *errs)
{
	return load_one(c, path, errs, fixes_from_tree);
}

/* One strings file; its keys replace loaded ones. */
int catalog_load_strings(struct catalog *c, const char *path, FILE *errs)
{
	return load_one(c, path, errs, strings_from_tree);
}

/* Whether file name (NAME.yaml) is not one of the n names in skip. */
static bool name_wanted(const char *name, const char *const *skip, size_t n)
{
	size_t stem = strlen(name) - 5;

	for (size_t i = 0; skip && i < n; i++)
		if (skip[i] && strlen(skip[i]) == stem && strncmp(name, skip[i], stem) == 0)
			return false;
	return true;
}

struct folder_job {
	struct catalog *c;
	int (*loader)(struct catalog *, const char *, FILE *);
	FILE *errs;
	const char *const *skip;
	size_t n_skip;
};

/* yt_each_yaml's filter: not a file of a skipped module. */
static bool folder_want(const char *name, void *arg)
{
	const struct folder_job *j = arg;

	return name_wanted(name, j->skip, j->n_skip);
}

/* yt_each_yaml's callback: one file into the catalogue. */
static int folder_one(const char *path, void *arg)
{
	const struct folder_job *j = arg;

	return j->loader(j->c, path, j->errs);
}

/* Load the *.yaml of dir in name order with loader: all of them but those
 * named in skip (n names). A missing folder is fine (no files); an
 * unreadable one is a problem. */
static int load_folder(struct catalog *c, const char *dir, FILE *errs,
		       int (*loader)(struct catalog *, const char *, FILE *),
		       const char *const *skip, size_t n_skip)
{
	struct folder_job j = { c, loader, errs, skip, n_skip };

	return yt_each_yaml(dir, errs, folder_want, &j, folder_one, &j);
}

/* The shipped catalogue but the files named in skip: strings first, then
 * fixes. */
int catalog_load_modules(struct catalog *c, const char *datadir, const char *const *skip,
			 size_t n_skip, FILE *errs)
{
	char dir[4096];
	int problems = 0;

	snprintf(dir, sizeof(dir), "%s/strings", datadir);
	problems += load_folder(c, dir, errs, catalog_load_strings, skip, n_skip);
	snprintf(dir, sizeof(dir), "%s/fixes", datadir);
	problems += load_folder(c, dir, errs, catalog_load_fixes, skip, n_skip);
	return problems;
}

/* The whole shipped catalogue (tests, tools). */
int catalog_load_dir(struct catalog *c, const char *datadir, FILE *errs)
{
	return catalog_load_modules(c, datadir, NULL, 0, errs);
}

/* The {en: ..., zh_CN: ...} parser for the other loaders of config/. */
int catalog_tr_parse(struct yt_node *v, const char *where, struct tr_text *t,
		     struct yt_errs *e)
{
	return tr_parse(v, where, t, e);
}
