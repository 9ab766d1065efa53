/* guide_load.h - fill a guidebook from the triage flows (the YAML files of
 * assets/guides/, and a site's own file: `guides:` in the config). Format
 * and rules: posdoctor.yaml(5), GUIDES. */
#ifndef POSDOCTOR_GUIDE_LOAD_H
#define POSDOCTOR_GUIDE_LOAD_H

#include <stdio.h>

#include "guide.h"

/* Load every *.yaml of <datadir>/guides in name order. Problems go to errs
 * as "FILE:LINE:COLUMN: message"; returns their count. */
int guides_load_dir(struct guidebook *gb, const char *datadir, FILE *errs);
/* One file of flows; a flow whose id is already loaded is replaced. Only
 * flows without problems are taken. */
int guides_load_file(struct guidebook *gb, const char *path, FILE *errs);

#endif
