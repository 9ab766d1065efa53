/* fuzz_config.c - posdoctor.yaml written by hand (config_load_file,
 * config/config_yaml.c): the input is the file. Every problem must come
 * out as "FILE:LINE:COLUMN: message" lines. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"

/* Whether every line of the error text is "FILE:LINE:COLUMN: message":
 * FILE is the config or a file it names (a fixes file, a CA file), so an
 * absolute path, as the config's own path is. */
static bool errors_well_formed(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *c;
		bool found = false;

		if (!nl || *p != '/')
			return false;
		/* The last ":N:N: " before the message (a path may hold colons). */
		for (c = p; c < nl && !found; c++) {
			unsigned long line, col;
			int used = 0;

			found = *c == ':' &&
				sscanf(c, ":%lu:%lu: %n", &line, &col, &used) == 2 &&
				used > 0 && c + used <= nl;
		}
		if (!found)
			return false;
		p = nl + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg = malloc(sizeof(*cfg));
	const char *path = fuzz_tmp_write("posdoctor.yaml", data, size);
	char *errs = NULL;
	size_t errlen = 0;
	FILE *out = open_memstream(&errs, &errlen);
	int n;

	if (!cfg || !out)
		abort();
	config_defaults(cfg);
	n = config_load_file(cfg, path, out);
	fclose(out);
	FUZZ_ASSERT(n >= 0);
	FUZZ_ASSERT((n == 0) == (errlen == 0));
	FUZZ_ASSERT(errors_well_formed(errs, errlen));
	free(errs);
	free(cfg);
	return 0;
}
