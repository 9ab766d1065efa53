/* fuzz_codes.c - response-code tables (codes_load_file, config/codes_load.c)
 * and the code a user types (code_normalise, core/codebook.c). The first
 * byte says how many of the next bytes are the typed code (0..15); the rest
 * is the table file. A table that loads must find each of its own codes,
 * each of which normalises to itself; a typed code either normalises to two
 * letters or digits or is refused with a reason. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "codebook.h"
#include "codes_load.h"
#include "fuzz.h"

/* The typed code: normalised and looked up in every table, or refused. */
static void check_typed(const struct codebook *cb, const char *typed)
{
	char code[CODE_MAX_LEN + 1], why[160];

	why[0] = '\0';
	if (code_normalise(typed, code, why, sizeof(why)) != 0) {
		FUZZ_ASSERT(why[0] != '\0');
		return;
	}
	FUZZ_ASSERT(strlen(code) == CODE_MAX_LEN);
	for (size_t i = 0; i < CODE_MAX_LEN; i++)
		FUZZ_ASSERT(isdigit((unsigned char)code[i]) || isupper((unsigned char)code[i]));
	for (int t = 0; t < cb->n_tables; t++)
		(void)codebook_find(&cb->tables[t], code);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codebook cb;
	size_t tlen;
	char *typed, *errs = NULL;
	size_t errlen = 0;
	const char *path;
	FILE *out;
	int n;

	if (size < 1)
		return 0;
	tlen = data[0] & 15;
	if (tlen > size - 1)
		tlen = size - 1;
	typed = fuzz_strndup(data + 1, tlen);
	path = fuzz_tmp_write("codes.yaml", data + 1 + tlen, size - 1 - tlen);
	memset(&cb, 0, sizeof(cb));
	out = open_memstream(&errs, &errlen);
	if (!out)
		abort();
	n = codes_load_file(&cb, path, out);
	fclose(out);
	FUZZ_ASSERT(n >= 0);
	FUZZ_ASSERT((n == 0) == (errlen == 0));
	FUZZ_ASSERT(fuzz_errors_well_formed(errs, errlen));
	FUZZ_ASSERT(cb.n_tables >= 0 && cb.n_tables <= CODEBOOK_MAX_TABLES);
	for (int t = 0; t < cb.n_tables; t++) {
		const struct code_table *tab = &cb.tables[t];

		FUZZ_ASSERT(tab->id && *tab->id);
		for (size_t i = 0; i < tab->n_codes; i++) {
			const struct code_entry *e = codebook_find(tab, tab->codes[i].code);
			char again[CODE_MAX_LEN + 1], why[160];

			FUZZ_ASSERT(e && strcmp(e->code, tab->codes[i].code) == 0);
			/* What the table accepts, a user can type. */
			FUZZ_ASSERT(code_normalise(e->code, again, why, sizeof(why)) == 0 &&
				    strcmp(again, e->code) == 0);
			if (tab->codes[i].cls)
				(void)codebook_class(tab, tab->codes[i].cls);
		}
	}
	check_typed(&cb, typed);
	codebook_free(&cb);
	free(typed);
	free(errs);
	return 0;
}
