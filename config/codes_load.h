/* codes_load.h - fill a codebook from the response-code tables
 * (the YAML files of assets/codes/; format in posdoctor.yaml(5), CODE TABLES). */
#ifndef POSDOCTOR_CODES_LOAD_H
#define POSDOCTOR_CODES_LOAD_H

#include <stdio.h>

#include "codebook.h"

/* Load every *.yaml of <datadir>/codes in name order. Problems go to errs
 * as "FILE:LINE:COLUMN: message"; returns their count. */
int codes_load_dir(struct codebook *cb, const char *datadir, FILE *errs);
/* One table file; a table whose id is already loaded is replaced. */
int codes_load_file(struct codebook *cb, const char *path, FILE *errs);

#endif
