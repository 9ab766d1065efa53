/* report.c - report writer (interim: one line a check; the full text, JSON
 * and Prometheus writers replace this file). */
#include "report.h"

#include <string.h>

bool report_format_parse(const char *s, enum report_format *out)
{
	if (strcmp(s, "text") == 0) *out = REPORT_TEXT;
	else if (strcmp(s, "json") == 0) *out = REPORT_JSON;
	else if (strcmp(s, "prometheus") == 0) *out = REPORT_PROMETHEUS;
	else return false;
	return true;
}

int report_write(FILE *out, enum report_format fmt, const struct checklist *cl,
		 const struct catalog *cat, const struct report_meta *meta)
{
	(void)fmt; (void)cat; (void)meta;
	for (int i = 0; i < cl->n; i++)
		fprintf(out, "%s %s %s\n", cl->items[i].id,
			status_name(cl->items[i].result.status), cl->items[i].result.code);
	return ferror(out) ? -1 : 0;
}

int report_save(const char *path, enum report_format fmt,
		const struct checklist *cl, const struct catalog *cat,
		const struct report_meta *meta)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = report_write(f, fmt, cl, cat, meta);
	return fclose(f) != 0 ? -1 : rc;
}
