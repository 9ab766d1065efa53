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
#include "text.h"

/* A fix resolved for one check: texts in the report's language with every
 * {name} expanded from the check's result. Strings are malloc'd. */
struct report_fix {
	char *title;
	char *why;
	int n_steps;
	char *steps[FIX_MAX_STEPS];
	bool from_catalog;  /* false: the generic "no guided fix yet" text */
};

/* Writers, one a format, called by report.c only. Return 0, or -1 (errno
 * set). */
int report_write_text(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);
int report_write_json(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);
int report_write_prom(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta);

/* report_common.c: the report string key (check_text: catalogue, built-in
 * English, key) with its placeholders expanded from up to TEXT_MAX_PAIRS
 * name/value pairs, NULL after the last, values of any length:
 * report_fmt(cat, l, "report.count.ok", "n", "5", NULL). malloc'd, NULL on
 * ENOMEM. Plain strings: check_text(); a result's: catalog_expand_dup(). */
char *report_fmt(const struct catalog *cat, enum lang l, const char *key, ...);

/* Whether the check gets a fix: warn and fail always (a generic one when the
 * catalogue has none); skip only with a code that has a real fix other than
 * dep.blocked and check.cancelled. Fills *fx (free with report_fix_free).
 * Returns 1 with a fix, 0 without, -1 on ENOMEM. */
int report_fix_resolve(const struct catalog *cat, enum lang l,
		       const struct check_item *it, struct report_fix *fx);
void report_fix_free(struct report_fix *fx);

/* Order for the report: done items (checklist_item_done) worst first, then
 * the unfinished ones. idx must hold cl->n ints. */
void report_order(const struct checklist *cl, int *idx);

/* Write code point cp as UTF-8 to out. */
void report_utf8_put(FILE *out, uint32_t cp);
/* Shortest text that reads back as v ("40", "4.5", "0.1"); v finite. */
void report_number(double v, char *buf, size_t n);
/* started_at as ISO-8601 UTC: "2026-11-22T10:04:05Z". */
void report_time_iso(int64_t wall_ms, char *buf, size_t n);

/* report_wrap.c (text writer only): write s cleaned for a terminal:
 * invalid UTF-8, control characters and bidi overrides become U+FFFD,
 * tabs and newlines a space. */
void report_put_clean(FILE *out, const char *s);
/* One line of the text report: indent, then lead (a tag, "1.") in
 * lead_sgr and a space, then s (cleaned) in sgr; wrapped at width columns
 * (0: never) with continuation lines under the start of s
 * (core/text.c's text_wrap). SGR strings are NULL for no colour. */
void report_wrap(FILE *out, int width, const char *indent, const char *lead,
		 const char *lead_sgr, const char *sgr, const char *s);

#endif
