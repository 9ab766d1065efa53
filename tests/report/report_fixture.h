/* report_fixture.h - a checklist of known, awkward results for the report
 * writer tests, rendered to memory and checked by real parsers. */
#ifndef POSDOCTOR_REPORT_FIXTURE_H
#define POSDOCTOR_REPORT_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "checklist.h"
#include "config.h"
#include "report.h"

struct fixture {
	struct config cfg;
	struct catalog *cat;
	struct checklist cl;
	struct report_meta meta;
};

/* A host label with a backslash, a newline, a control byte and an invalid
 * byte: the third instance of beta.host. */
#define FIXTURE_ODD_LABEL "o\\d\nd\x01\xff"

/* The argument of alpha.two: every C0 control, DEL, Chinese, invalid UTF-8. */
extern const char fixture_tricky_what[];

/* Build the checklist and catalogue; every check finished unless
 * leave_unfinished (then alpha.two and beta.host:备用 are still running). */
void fixture_setup(struct fixture *fx, bool leave_unfinished);
void fixture_teardown(struct fixture *fx);
/* Finish only the items whose ids are listed (NULL-terminated), each with
 * status ok; the rest stay pending. */
void fixture_setup_only(struct fixture *fx, const char *const *ok_ids);

/* Render into a malloc'd NUL-terminated buffer; asserts success. */
char *fixture_render(struct fixture *fx, enum report_format fmt, size_t *len);

/* Run python3 SCRIPT ARGS... (script under tests/report) with input on
 * stdin; returns its exit status, printing its output when non-zero. */
int fixture_python(const char *input, size_t len, const char *script, const char *arg);

/* Whether s holds valid UTF-8 only (strict: no overlongs or surrogates). */
bool fixture_valid_utf8(const char *s, size_t len);

#endif
