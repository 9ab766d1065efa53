/* catalog_load.c - strings and fixes loader (interim: loads nothing; the
 * YAML loader replaces this file). */
#include "catalog_load.h"

int catalog_load_dir(struct catalog *c, const char *datadir, FILE *errs)
{
	(void)c; (void)datadir; (void)errs;
	return 0;
}

int catalog_load_fixes(struct catalog *c, const char *path, FILE *errs)
{
	(void)c; (void)path; (void)errs;
	return 0;
}

int catalog_load_strings(struct catalog *c, const char *path, FILE *errs)
{
	(void)c; (void)path; (void)errs;
	return 0;
}
