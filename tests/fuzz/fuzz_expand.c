/* fuzz_expand.c - "{name}" placeholder expansion (catalog_expand in
 * core/catalog.c, catalog_expand_dup in core/catalog.c) of a template from a
 * fixes file against values from outside (a UPS name, a server's error
 * text). Input: the template, then name/value pairs, split at NUL bytes;
 * a name starting with '#' is a number metric, with '$' a text metric. */
#include <string.h>

#include "check.h"
#include "catalog.h"
#include "fuzz.h"
#include "report_int.h"

/* The next NUL-separated piece of the input, or NULL at its end. */
static const char *next_piece(const char **p, const char *end)
{
	const char *s = *p;

	if (s >= end)
		return NULL;
	*p = s + strlen(s) + 1;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_strndup(data, size), *full;
	const char *p = in, *end = in + size, *tmpl, *name, *value;
	struct check_result *r = malloc(sizeof(*r));
	char small[24], big[4096];
	size_t n;

	if (!r)
		abort();
	result_init(r);
	tmpl = next_piece(&p, end);
	while ((name = next_piece(&p, end)) != NULL && (value = next_piece(&p, end)) != NULL) {
		if (name[0] == '#')
			result_metric(r, name + 1, strtod(value, NULL));
		else if (name[0] == '$')
			result_metric_text(r, name + 1, value);
		else
			result_arg(r, name, "%s", value);
	}
	if (!tmpl)
		tmpl = "";
	n = catalog_expand(tmpl, r, small, sizeof(small));
	FUZZ_ASSERT(n < sizeof(small) && strlen(small) == n);
	n = catalog_expand(tmpl, r, big, sizeof(big));
	FUZZ_ASSERT(n < sizeof(big) && strlen(big) == n);
	FUZZ_ASSERT(catalog_expand(tmpl, NULL, small, sizeof(small)) < sizeof(small));
	/* catalog_expand_dup sizes its buffer so that nothing is ever cut. (When
	 * the text fills that buffer exactly, a broken UTF-8 sequence at its
	 * end is dropped as if cut: compare valid text only.) */
	full = catalog_expand_dup(tmpl, r);
	FUZZ_ASSERT(full != NULL);
	if (n + 1 < sizeof(big) && fuzz_utf8_valid((const unsigned char *)big, n))
		FUZZ_ASSERT(strcmp(full, big) == 0);
	free(full);
	free(r);
	free(in);
	return 0;
}
