/* fuzz_catalog.c - the fixes and strings catalogues (catalog_load_fixes,
 * catalog_load_strings in config/catalog_load.c): a site's override fixes
 * file is YAML written by hand. The first byte picks which loader reads the
 * rest; what loads is then looked up and expanded like a report does. */
#include <stdio.h>
#include <string.h>

#include "catalog_load.h"
#include "check.h"
#include "fuzz.h"

/* Expand every fix text of one loaded entry (catalog_each_fix). */
static void expand_fix(const struct fix *f, void *arg)
{
	const struct check_result *r = arg;
	char out[512];

	for (int l = 0; l < LANG_COUNT; l++) {
		catalog_expand(tr(&f->title, (enum lang)l), r, out, sizeof(out));
		catalog_expand(tr(&f->why, (enum lang)l), r, out, sizeof(out));
		for (int i = 0; i < f->n_steps; i++)
			catalog_expand(tr(&f->steps[i], (enum lang)l), r, out, sizeof(out));
	}
}

/* Expand every text of one loaded key (catalog_each_text). */
static void expand_text(const char *key, const struct tr_text *t, void *arg)
{
	const struct check_result *r = arg;
	char out[512];

	FUZZ_ASSERT(key && *key);
	for (int l = 0; l < LANG_COUNT; l++)
		catalog_expand(tr(t, (enum lang)l), r, out, sizeof(out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog *c;
	struct check_result *r;
	const char *path;
	FILE *devnull;
	bool fixes;

	if (size < 1)
		return 0;
	fixes = data[0] & 1;
	path = fuzz_tmp_write(fixes ? "fixes.yaml" : "strings.yaml", data + 1, size - 1);
	c = catalog_new();
	r = malloc(sizeof(*r));
	devnull = fopen("/dev/null", "we");
	if (!c || !r || !devnull)
		abort();
	FUZZ_ASSERT((fixes ? catalog_load_fixes(c, path, devnull)
			   : catalog_load_strings(c, path, devnull)) >= 0);
	result_init(r);
	result_arg(r, "host", "%s", "pay.example.com");
	result_metric(r, "loss_pct", 12.5);
	catalog_each_fix(c, expand_fix, r);
	catalog_each_text(c, expand_text, r);
	fclose(devnull);
	free(r);
	catalog_free(c);
	return 0;
}
