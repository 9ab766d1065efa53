/* load_common.c - helpers shared by the code-table and guide loaders. */
#define _POSIX_C_SOURCE 200809L
#include "load_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Every language of t freed. */
void load_tr_clear(struct tr_text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
	}
}

/* A translated field that must have every language. */
int load_tr_full(struct yt_node *v, const char *where, struct tr_text *t, struct yt_errs *e)
{
	int before = e->count;

	if (catalog_tr_parse(v, where, t, e) != 0)
		return e->count - before;
	for (int l = 0; l < LANG_COUNT; l++)
		if (!t->text[l])
			yt_error_at(e, v, "%s: the %s text is missing", where, lang_code(l));
	return e->count - before;
}

/* Look a key up in a map node. */
struct yt_node *load_map_get(const struct yt_node *m, const char *key)
{
	if (!m || m->kind != YT_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n_kids; i += 2)
		if (!m->kids[i]->bad && m->kids[i]->kind == YT_SCALAR &&
		    strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	return NULL;
}

struct each_in {
	int (*fn)(void *obj, const char *path, FILE *errs);
	void *obj;
	FILE *errs;
};

/* yt_each_yaml's callback: one file to its loader. */
static int each_in_one(const char *path, void *arg)
{
	struct each_in *e = arg;

	return e->fn(e->obj, path, e->errs);
}

/* fn(obj, path, errs) for each *.yaml of <datadir>/<sub>. */
int load_each_in(const char *datadir, const char *sub, FILE *errs,
		 int (*fn)(void *obj, const char *path, FILE *errs), void *obj)
{
	struct each_in e = { fn, obj, errs };
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/%s", datadir, sub);
	return yt_each_yaml(dir, errs, NULL, NULL, each_in_one, &e);
}
