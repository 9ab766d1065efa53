/* report_common.c - what every report writer shares: report strings with
 * their placeholders, fix resolution, the order of the checks, and number,
 * time and UTF-8 output. Uses nothing of the writers or of report.c. */
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* A report string with its placeholders filled from name, value pairs. */
char *report_fmt(const struct catalog *cat, enum lang l, const char *key, ...)
{
	va_list ap;
	char *s;

	va_start(ap, key);
	s = text_vformat_dup(check_text(cat, l, key), ap);
	va_end(ap);
	return s;
}

/* Free the texts of a resolved fix. */
void report_fix_free(struct report_fix *fx)
{
	free(fx->title);
	free(fx->why);
	for (int i = 0; i < fx->n_steps; i++)
		free(fx->steps[i]);
	memset(fx, 0, sizeof(*fx));
}

/* The fix a check gets in the report, expanded from its result. */
int report_fix_resolve(const struct catalog *cat, enum lang l,
		       const struct check_item *it, struct report_fix *fx)
{
	const struct check_result *res = &it->result;
	const struct fix *f = catalog_fix(cat, res->code);
	struct check_result *r;

	memset(fx, 0, sizeof(*fx));
	if (!checklist_item_done(it))
		return 0;
	if (res->status == STATUS_OK)
		return 0;
	if (res->status == STATUS_SKIP &&
	    (!f || strcmp(res->code, "dep.blocked") == 0 ||
	     strcmp(res->code, "check.cancelled") == 0))
		return 0;
	r = check_fix_args(cat, l, it);
	if (!r)
		return -1;
	if (f) {
		fx->from_catalog = true;
		fx->title = catalog_expand_dup(tr(&f->title, l), r);
		fx->why = catalog_expand_dup(tr(&f->why, l), r);
		for (int i = 0; i < f->n_steps && i < FIX_MAX_STEPS; i++) {
			char *step = catalog_expand_dup(tr(&f->steps[i], l), r);

			if (!step)
				goto nomem;
			if (!*step) {
				free(step);   /* no text in any language: no empty step */
				continue;
			}
			fx->steps[fx->n_steps++] = step;
		}
		/* A fix with no step at all still says whom to call. */
		if (fx->n_steps == 0) {
			fx->steps[0] = catalog_expand_dup(check_text(cat, l, "report.no_fix.step"), r);
			if (!fx->steps[0])
				goto nomem;
			fx->n_steps = 1;
		}
	} else {
		fx->title = catalog_expand_dup(check_text(cat, l, "report.no_fix.title"), r);
		fx->why = catalog_expand_dup(check_text(cat, l, "report.no_fix.why"), r);
		fx->steps[0] = catalog_expand_dup(check_text(cat, l, "report.no_fix.step"), r);
		fx->n_steps = 1;
		if (!fx->steps[0])
			goto nomem;
	}
	if (!fx->title || !fx->why)
		goto nomem;
	free(r);
	return 1;
nomem:
	free(r);
	report_fix_free(fx);
	errno = ENOMEM;
	return -1;
}

/* Done items worst first, then the unfinished ones. */
void report_order(const struct checklist *cl, int *idx)
{
	int *tmp = malloc((size_t)(cl->n > 0 ? cl->n : 1) * sizeof(int));
	int k = 0;

	if (!tmp) {
		/* Registry order, finished first: still a complete report. */
		for (int i = 0; i < cl->n; i++)
			if (checklist_item_done(&cl->items[i]))
				idx[k++] = i;
		for (int i = 0; i < cl->n; i++)
			if (!checklist_item_done(&cl->items[i]))
				idx[k++] = i;
		return;
	}
	checklist_order_worst_first(cl, tmp);
	for (int i = 0; i < cl->n; i++)
		if (checklist_item_done(&cl->items[tmp[i]]))
			idx[k++] = tmp[i];
	for (int i = 0; i < cl->n; i++)
		if (!checklist_item_done(&cl->items[tmp[i]]))
			idx[k++] = tmp[i];
	free(tmp);
}

/* One code point as UTF-8 on out. */
void report_utf8_put(FILE *out, uint32_t cp)
{
	char buf[4];

	fwrite(buf, 1, text_utf8_put(cp, buf), out);
}

/* The shortest text that reads back as v. */
void report_number(double v, char *buf, size_t n)
{
	if (!isfinite(v)) {
		snprintf(buf, n, "%s", isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (v == 0) {
		snprintf(buf, n, "0");   /* also -0 */
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(long long)v) {
		snprintf(buf, n, "%lld", (long long)v);
		return;
	}
	/* At most 15 significant digits (every such decimal survives a trip
	 * through a double), then the fewest that read back the same: a sum
	 * like 0.1 + 0.0781 prints as 0.1781, not 0.17810000000000004. */
	{
		char first[48];
		double r;

		snprintf(first, sizeof(first), "%.15g", v);
		r = strtod(first, NULL);
		for (int prec = 1; prec < 15; prec++) {
			snprintf(buf, n, "%.*g", prec, r);
			if (strtod(buf, NULL) == r)
				return;
		}
		snprintf(buf, n, "%s", first);
	}
}

/* A wall-clock moment as ISO-8601 UTC. */
void report_time_iso(int64_t wall_ms, char *buf, size_t n)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "1970-01-01T00:00:00Z");
}
