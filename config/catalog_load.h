/* catalog_load.h - fill a catalog from YAML (assets/strings, assets/fixes). */
#ifndef POSDOCTOR_CATALOG_LOAD_H
#define POSDOCTOR_CATALOG_LOAD_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"

/* Load every *.yaml of <datadir>/strings and <datadir>/fixes, in name order.
 * Problems go to errs as "FILE:LINE:COLUMN: message"; returns their count. */
int catalog_load_dir(struct catalog *c, const char *datadir, FILE *errs);

/* Like catalog_load_dir, but without the files <name>.yaml (in strings/ and
 * fixes/) for the n_skip names in skip: the texts of modules a run does not
 * check and of a front end it does not show ("arp", "tui", ...) are not
 * parsed. Every other file is, a site's or a test's own included. */
int catalog_load_modules(struct catalog *c, const char *datadir, const char *const *skip,
			 size_t n_skip, FILE *errs);

/* One fixes file (SPEC §5); entries replace those already loaded (a site's
 * override file). Returns the number of problems. */
int catalog_load_fixes(struct catalog *c, const char *path, FILE *errs);

/* One strings file: a map of key -> {en: ..., zh_CN: ...}. */
int catalog_load_strings(struct catalog *c, const char *path, FILE *errs);

#endif
