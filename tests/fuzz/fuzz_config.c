/* fuzz_config.c - posdoctor.yaml written by hand (config_load_file,
 * config/config_yaml.c): the input is the file. Every problem must come
 * out as "FILE:LINE:COLUMN: message" lines. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"

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
	FUZZ_ASSERT(fuzz_errors_well_formed(errs, errlen));
	free(errs);
	free(cfg);
	return 0;
}
