/* load_common.c - helpers shared by the code-table and guide loaders. */
#define _POSIX_C_SOURCE 200809L
#include "load_common.h"

#include <dirent.h>
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

/* qsort order of names: bytes, as ls in the C locale. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each *.yaml of dir, in name order. */
int load_each_yaml(const char *dir, FILE *errs, int (*fn)(const char *path, void *arg),
		   void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int problems = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		fprintf(errs, "%s:0:0: cannot open folder: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char **nn;

		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(de->d_name))) {
			names = nn ? nn : names;
			fprintf(errs, "%s:0:0: out of memory\n", dir);
			problems++;
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[4096];

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) < (int)sizeof(path))
			problems += fn(path, arg);
		free(names[i]);
	}
	free(names);
	return problems;
}
