/* power_texts.h - check that a result's summary and fix texts expand fully
 * (every {placeholder} they use is an argument or metric of the result). */
#ifndef POWER_TEXTS_H
#define POWER_TEXTS_H

#include <stddef.h>

#include "catalog.h"
#include "check.h"

/* The shipped catalogue from $POSDOCTOR_DATADIR (NULL when it fails). */
struct catalog *power_texts_load(void);
/* Expand the summary of (probe id, res) and its fix in every language. Writes the English summary to summary and any problem ("no
 * fix", "{name} left in zh_CN step 2") to problems. Returns the problem
 * count. */
int power_texts_check(const struct catalog *cat, const char *probe_id,
		      const struct check_result *res, char *summary, size_t slen,
		      char *problems, size_t plen);

#endif
