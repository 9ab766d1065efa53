/* catalog.h - translated strings and guided fixes, looked up by key.
 *
 * Filled by config/catalog_load.c from assets/strings/ and assets/fixes/ (and
 * a site's override file); read-only afterwards, so any thread may look up.
 * Lookups fall back to English when the chosen language has no text.
 */
#ifndef POSDOCTOR_CATALOG_H
#define POSDOCTOR_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

enum lang {
	LANG_EN,
	LANG_ZH_CN,
	LANG_COUNT
};

const char *lang_code(enum lang l);              /* "en", "zh_CN" */
bool lang_parse(const char *s, enum lang *out);  /* "en", "zh_CN", "zh-CN", "zh" */
/* From LC_ALL, LC_MESSAGES, LANG (first set and non-empty); else English. */
enum lang lang_from_env(void);

/* One translated text: text[l] may be NULL (missing translation). */
struct tr_text {
	char *text[LANG_COUNT];
};

#define FIX_MAX_STEPS 12

struct fix {
	char *code;
	struct tr_text title;
	struct tr_text why;
	int n_steps;
	struct tr_text steps[FIX_MAX_STEPS];
};

struct catalog;

struct catalog *catalog_new(void);
void catalog_free(struct catalog *c);

/* Loader side (config/). Both replace an existing entry with the same key:
 * later files override earlier ones. Strings are copied. Returns -1 on ENOMEM. */
int catalog_set_text(struct catalog *c, const char *key, enum lang l, const char *text);
/* Takes ownership of every string in *fix; fix->code must be set. */
int catalog_put_fix(struct catalog *c, struct fix *fix);

/* Lookup side: any thread, after loading. */
/* Text for key in l, else English, else NULL. */
const char *catalog_text(const struct catalog *c, enum lang l, const char *key);
/* Built-in English for key (front-end keys: tui.*, report.*, status.*),
 * NULL when it has none: keeps screens and reports readable when the
 * assets are missing (see check_text). Generated at build time
 * from the YAML of assets/strings by tools/strings_gen.c: no hand-kept copy. */
const char *catalog_builtin(const char *key);
/* Raw entry (NULL when the key is absent): for completeness tests. */
const struct tr_text *catalog_entry(const struct catalog *c, const char *key);
const struct fix *catalog_fix(const struct catalog *c, const char *code);
/* Text of one translated field, English fallback, "" when absent. */
const char *tr(const struct tr_text *t, enum lang l);

/* Expand "{name}" placeholders from r's args, then its metrics (numbers
 * printed with up to 1 decimal), into out. Unknown names stay as "{name}".
 * Returns the length written (truncated to len-1). */
size_t catalog_expand(const char *tmpl, const struct check_result *r,
		      char *out, size_t len);
/* The same, whole (no truncation), malloc'd; NULL on ENOMEM. */
char *catalog_expand_dup(const char *tmpl, const struct check_result *r);

/* Iterate keys (for tests): calls fn for each text key / fix code. */
void catalog_each_text(const struct catalog *c,
		       void (*fn)(const char *key, const struct tr_text *t, void *arg),
		       void *arg);
void catalog_each_fix(const struct catalog *c,
		      void (*fn)(const struct fix *f, void *arg), void *arg);

#endif
