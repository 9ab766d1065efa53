/* report_int.h - helpers shared by the report writers (report/ only).
 *
 * Same thread rules as report.h: the owner thread of the checklist.
 */
#ifndef POSDOCTOR_REPORT_INT_H
#define POSDOCTOR_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

/* A fix resolved for one check: texts in the report's language with every
 * {name} expanded from the check's result. Strings are malloc'd. */
struct report_fix {
	char *title;
	char *why;
	int n_steps;
	char *steps[FIX_MAX_STEPS];
	bool from_catalog;  /* false: the generic "no guided fix yet" text */
};

/* Writers, one a format. Return 0, or -1 (errno set). */
int report_write_text(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);
int report_write_json(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);
int report_write_prom(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);

/* A report string by key: the catalogue's text in l, else the built-in
 * English text, else the key itself. */
const char *report_str(const struct catalog *cat, enum lang l, const char *key);
/* Built-in English text for a report.* / status.* key, NULL when unknown. */
const char *report_default_text(const char *key);
/* Every key report_str() knows a default for, NULL-terminated (tests). */
extern const char *const report_text_keys[];

/* Expand tmpl against r with no truncation; malloc'd, NULL on ENOMEM. */
char *report_expand(const char *tmpl, const struct check_result *r);
/* Expand a report string template with up to 8 name/value pairs, NULL
 * after the last, values of any length: report_fmt(cat, l,
 * "report.count.ok", "n", "5", NULL). malloc'd, NULL on ENOMEM. */
char *report_fmt(const struct catalog *cat, enum lang l, const char *key, ...);

/* Whether the check gets a fix: warn and fail always (a generic one when the
 * catalogue has none); skip only with a code that has a real fix other than
 * dep.blocked and check.cancelled. Fills *fx (free with report_fix_free).
 * Returns 1 with a fix, 0 without, -1 on ENOMEM. */
int report_fix_resolve(const struct catalog *cat, enum lang l,
		       const struct check_item *it, struct report_fix *fx);
void report_fix_free(struct report_fix *fx);

/* Whether the item is finished (state done) and goes in the report body. */
bool report_item_done(const struct check_item *it);
/* Worst status of finished items (skip < ok < warn < fail). */
enum check_status report_overall(const struct checklist *cl);
/* Order for the report: finished items worst first, then unfinished ones.
 * idx must hold cl->n ints. */
void report_order(const struct checklist *cl, int *idx);

/* Decode one UTF-8 character at s (n bytes left, n > 0): returns the bytes
 * consumed (1..4) and the code point, or U+FFFD for an invalid sequence
 * (consuming one byte). Rejects overlong forms, surrogates, > U+10FFFF. */
size_t report_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);
/* Write code point cp as UTF-8 to out. */
void report_utf8_put(FILE *out, uint32_t cp);
/* Screen columns of cp: wcwidth(), else 2 for East Asian wide blocks. */
int report_cp_width(uint32_t cp);
/* Write s cleaned for a terminal: invalid UTF-8, control characters and
 * bidi overrides become U+FFFD, tabs and newlines a space. */
void report_put_clean(FILE *out, const char *s);
/* One line of the text report: indent, then lead (a tag, "1.") in
 * lead_sgr and a space, then s (cleaned) in sgr; wrapped at width columns
 * (0: never) with continuation lines under the start of s. SGR strings
 * are NULL for no colour. */
void report_wrap(FILE *out, int width, const char *indent, const char *lead,
		 const char *lead_sgr, const char *sgr, const char *s);
/* Shortest text that reads back as v ("40", "4.5", "0.1"); v finite. */
void report_number(double v, char *buf, size_t n);
/* started_at as ISO-8601 UTC: "2026-11-22T10:04:05Z". */
void report_time_iso(int64_t wall_ms, char *buf, size_t n);

#endif
