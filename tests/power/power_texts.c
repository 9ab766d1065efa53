/* power_texts.c - expand a result's texts and report leftovers (tests). */
#include "power_texts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_load.h"
#include "checklist.h"
#include "registry.h"

/* Load assets/strings and assets/fixes. */
struct catalog *power_texts_load(void)
{
	const char *dir = getenv("POSDOCTOR_DATADIR");
	struct catalog *cat = catalog_new();

	if (!cat || !dir || catalog_load_dir(cat, dir, stderr) != 0) {
		catalog_free(cat);
		return NULL;
	}
	return cat;
}

/* Note one problem. */
static int texts_problem(char *problems, size_t plen, const char *what,
			 const char *where, enum lang l, int step)
{
	size_t used = strlen(problems);

	if (used < plen)
		snprintf(problems + used, plen - used, "%s%s in %s %s %d", used ? "; " : "",
			 what, lang_code(l), where, step);
	return 1;
}

/* Expand t and report a "{" left over. */
static int texts_expand(const char *t, const struct check_result *res, char *problems,
			size_t plen, const char *where, enum lang l, int step)
{
	char out[2048];

	if (!t || !*t)
		return texts_problem(problems, plen, "missing text", where, l, step);
	catalog_expand(t, res, out, sizeof(out));
	if (strchr(out, '{'))
		return texts_problem(problems, plen, out, where, l, step);
	return 0;
}

/* Expand every text of the result in every language. */
int power_texts_check(const struct catalog *cat, const char *probe_id,
		      const struct check_result *res, char *summary, size_t slen,
		      char *problems, size_t plen)
{
	/* The modules whose tests use this helper. */
	const struct probe *const *const tables[] = { power_probes, system_probes };
	struct check_item it;
	int n = 0;

	problems[0] = '\0';
	summary[0] = '\0';
	memset(&it, 0, sizeof(it));
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct probe *const *p = tables[t]; *p; p++)
			if (strcmp((*p)->id, probe_id) == 0)
				it.probe = *p;
	if (!it.probe)
		return texts_problem(problems, plen, "no such check", probe_id, LANG_EN, 0);
	it.result = *res;
	for (int l = 0; l < LANG_COUNT; l++) {
		char out[1024];
		const struct fix *f = catalog_fix(cat, res->code);

		check_summary(cat, (enum lang)l, &it, out, sizeof(out));
		if (l == LANG_EN)
			snprintf(summary, slen, "%s", out);
		if (strchr(out, '{') || strcmp(out, res->code) == 0)
			n += texts_problem(problems, plen, out, "summary", (enum lang)l, 0);
		if (!f) {
			n += texts_problem(problems, plen, "no fix", res->code, (enum lang)l, 0);
			continue;
		}
		n += texts_expand(f->title.text[l], res, problems, plen, "title", (enum lang)l, 0);
		n += texts_expand(f->why.text[l], res, problems, plen, "why", (enum lang)l, 0);
		for (int i = 0; i < f->n_steps; i++)
			n += texts_expand(f->steps[i].text[l], res, problems, plen, "step", (enum lang)l, i + 1);
	}
	return n;
}
