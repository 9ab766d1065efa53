/* report.h - render a finished checklist for people and machines.
 *
 * For --once and for reports saved from the full-screen UI. Reads only the
 * checklist, config and catalog; owner thread.
 */
#ifndef POSDOCTOR_REPORT_H
#define POSDOCTOR_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "catalog.h"
#include "checklist.h"

struct config;
struct guide_walk;

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_PROMETHEUS,
};

struct report_meta {
	const char *version;          /* "1.0.0" */
	int64_t started_wall_ms;      /* clock_wall_ms() when the run started */
	int64_t duration_ms;
	const struct config *cfg;     /* site name, terminal id */
	enum lang lang;
	int verbosity;                /* -1 quiet, 0 normal, 1 verbose */
	bool color;                   /* ANSI colour in text (a terminal) */
	int width;                    /* wrap text at this many columns; 0: never */
	const struct guide_walk *guide; /* a triage walk to include, or NULL */
};

bool report_format_parse(const char *s, enum report_format *out);

/* Write the report to out. Text: one block a check, worst first, fixes
 * under warn/fail (and under skips whose code has a real fix), -v/-q from
 * meta->verbosity, ANSI colour only when meta->color. JSON: the SPEC §3
 * object; checks not finished (state != STATE_DONE) are listed by id in
 * "unfinished". Prometheus: node_exporter textfile format. Numbers are
 * written with '.' whatever the locale. Returns 0, or -1 with errno set
 * (a write error, ENOMEM, EINVAL for a NULL argument). */
int report_write(FILE *out, enum report_format fmt, const struct checklist *cl,
		 const struct catalog *cat, const struct report_meta *meta);

/* Write to path atomically: a temp file in the same folder, fsync, rename;
 * mode 0644. A symlink is kept and the file it points to replaced. Returns
 * 0, or -1 with errno set (the old file, if any, is untouched, and no temp
 * file is left). */
int report_save(const char *path, enum report_format fmt,
		const struct checklist *cl, const struct catalog *cat,
		const struct report_meta *meta);

/* Write s as a JSON string (RFC 8259): quoted, escaped, invalid UTF-8
 * replaced. For other front ends that print JSON (cli/code.c). */
void report_json_string(FILE *out, const char *s);

#endif
