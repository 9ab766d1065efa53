/* load_common.h - helpers shared by the YAML loaders of config/ (private). */
#ifndef POSDOCTOR_LOAD_COMMON_H
#define POSDOCTOR_LOAD_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "catalog.h"
#include "yaml_tree.h"

/* Parse {en: ..., zh_CN: ...} into t (config/catalog_load.c); where names
 * the field in messages. Returns the problems found. */
int catalog_tr_parse(struct yt_node *v, const char *where, struct tr_text *t,
		     struct yt_errs *e);
/* Like catalog_tr_parse, and also reports each language that is missing
 * (at v). Returns the problems found. */
int load_tr_full(struct yt_node *v, const char *where, struct tr_text *t, struct yt_errs *e);
/* Free every language of t. */
void load_tr_clear(struct tr_text *t);
/* The value of key in map m (NULL when absent or m is not a map). */
struct yt_node *load_map_get(const struct yt_node *m, const char *key);
/* Call fn(obj, path, errs) for each *.yaml of <datadir>/<sub> in byte order
 * of names (yt_each_yaml). Returns the sum of fn's results (problems). */
int load_each_in(const char *datadir, const char *sub, FILE *errs,
		 int (*fn)(void *obj, const char *path, FILE *errs), void *obj);

#endif
