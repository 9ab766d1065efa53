/* report.c - picks the writer, and the helpers every writer shares: report
 * strings with built-in English defaults, fix resolution, ordering, UTF-8
 * decoding and number formatting. */
#include "report_int.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Built-in English for every string the writers use, so a report stays
 * readable when the catalogue is missing or incomplete. The shipped texts
 * (both languages) live in assets/strings/report.yaml; status.* is in
 * core.yaml. */
static const struct {
	const char *key, *en;
} defaults[] = {
	{ "status.ok", "OK" },
	{ "status.warn", "Warning" },
	{ "status.fail", "Failed" },
	{ "status.skip", "Skipped" },
	{ "report.title", "posdoctor {version} report" },
	{ "report.site", "Site: {name}" },
	{ "report.terminal", "Terminal: {terminal_id}" },
	{ "report.time", "Time: {time} (took {seconds} s)" },
	{ "report.overall", "Overall: {status}" },
	{ "report.summary_code", "{summary} ({code})" },
	{ "report.fix", "Fix: {title}" },
	{ "report.why", "Why: {why}" },
	{ "report.no_fix.title", "No guided fix for this result yet" },
	{ "report.no_fix.why", "This result has no fix text in this version of posdoctor." },
	{ "report.no_fix.step",
	  "Call your helpdesk and tell them the check {id} and the code {code}." },
	{ "report.check_code", "Check {id}, code {code}" },
	{ "report.duration", "Took {ms} ms" },
	{ "report.samples", "Samples: {values}" },
	{ "report.unfinished", "Not finished yet" },
	{ "report.count.total.one", "{n} check" },
	{ "report.count.total.many", "{n} checks" },
	{ "report.count.line", "{total}: {parts}" },
	{ "report.count.sep", ", " },
	{ "report.count.ok", "{n} ok" },
	{ "report.count.warn.one", "{n} warning" },
	{ "report.count.warn.many", "{n} warnings" },
	{ "report.count.fail", "{n} failed" },
	{ "report.count.skip", "{n} skipped" },
	{ "report.count.unfinished", "{n} not finished" },
	{ "report.all_well", "All is well: every check passed." },
	{ "report.all_well_skipped",
	  "No problems found. Skipped checks did not apply here or could not run; see above why." },
	{ "report.problems", "Start with the first item above: failures come first, then warnings." },
	{ "report.no_checks", "No checks were selected." },
};

#define N_DEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

const char *const report_text_keys[] = {
	"status.ok", "status.warn", "status.fail", "status.skip",
	"report.title", "report.site", "report.terminal", "report.time",
	"report.overall", "report.summary_code", "report.fix", "report.why", "report.no_fix.title",
	"report.no_fix.why", "report.no_fix.step", "report.check_code",
	"report.duration", "report.samples", "report.unfinished",
	"report.count.total.one", "report.count.total.many", "report.count.line",
	"report.count.sep", "report.count.ok", "report.count.warn.one",
	"report.count.warn.many", "report.count.fail", "report.count.skip",
	"report.count.unfinished", "report.all_well", "report.all_well_skipped",
	"report.problems", "report.no_checks", NULL
};

bool report_format_parse(const char *s, enum report_format *out)
{
	if (!s)
		return false;
	if (strcmp(s, "text") == 0) *out = REPORT_TEXT;
	else if (strcmp(s, "json") == 0) *out = REPORT_JSON;
	else if (strcmp(s, "prometheus") == 0) *out = REPORT_PROMETHEUS;
	else return false;
	return true;
}

static locale_t c_numeric = (locale_t)0;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

/* The program's locale with LC_NUMERIC from "C"; made once, kept for the
 * life of the process (newlocale is not free: it reads LOCPATH). */
static void c_numeric_make(void)
{
	locale_t base = duplocale(LC_GLOBAL_LOCALE);

	if (base) {
		c_numeric = newlocale(LC_NUMERIC_MASK, "C", base);
		if (!c_numeric)
			freelocale(base);   /* newlocale failed and left base alone */
	}
}

int report_write(FILE *out, enum report_format fmt, const struct checklist *cl,
		 const struct catalog *cat, const struct report_meta *meta)
{
	locale_t old = (locale_t)0;
	int rc = -1, saved;

	/* Numbers in JSON and Prometheus need '.' whatever LC_NUMERIC says;
	 * the other categories stay as the program set them. */
	pthread_once(&c_numeric_once, c_numeric_make);
	if (c_numeric)
		old = uselocale(c_numeric);
	errno = 0;
	if (!out || !cl || !meta)
		errno = EINVAL;
	else if (fmt == REPORT_TEXT)
		rc = report_write_text(out, cl, cat, meta);
	else if (fmt == REPORT_JSON)
		rc = report_write_json(out, cl, cat, meta);
	else if (fmt == REPORT_PROMETHEUS)
		rc = report_write_prom(out, cl, cat, meta);
	else
		errno = EINVAL;
	if (rc == 0 && ferror(out)) {
		if (!errno)
			errno = EIO;
		rc = -1;
	}
	saved = errno;
	if (c_numeric)
		uselocale(old);
	errno = saved;
	return rc;
}

const char *report_default_text(const char *key)
{
	for (size_t i = 0; i < N_DEFAULTS; i++)
		if (strcmp(defaults[i].key, key) == 0)
			return defaults[i].en;
	return NULL;
}

const char *report_str(const struct catalog *cat, enum lang l, const char *key)
{
	const char *t = cat ? catalog_text(cat, l, key) : NULL;

	if (!t)
		t = report_default_text(key);
	return t ? t : key;
}

char *report_expand(const char *tmpl, const struct check_result *r)
{
	size_t braces = 0, len;
	char *out;

	if (!tmpl)
		tmpl = "";
	for (const char *p = tmpl; *p; p++)
		braces += *p == '{';
	/* Each placeholder expands to at most one argument value or one
	 * metric text (number text is shorter): no truncation. */
	len = strlen(tmpl) + 1 + braces * (ARG_VALUE_MAX > METRIC_TEXT_MAX ?
					   ARG_VALUE_MAX : METRIC_TEXT_MAX);
	out = malloc(len);
	if (out)
		catalog_expand(tmpl, r, out, len);
	return out;
}

char *report_fmt(const struct catalog *cat, enum lang l, const char *key, ...)
{
	const char *names[8], *values[8];
	const char *tmpl = report_str(cat, l, key);
	int n = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	va_list ap;

	va_start(ap, key);
	while (n < 8 && (names[n] = va_arg(ap, const char *)) != NULL) {
		values[n] = va_arg(ap, const char *);
		if (!values[n])
			values[n] = "";
		n++;
	}
	va_end(ap);
	/* Values can be long (a fix's why in Chinese): no fixed-size buffer. */
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (const char *p = tmpl; *p; p++) {
		const char *end = *p == '{' ? strchr(p + 1, '}') : NULL;
		int k = 0;

		for (; end && k < n; k++)
			if (strlen(names[k]) == (size_t)(end - p - 1) &&
			    strncmp(p + 1, names[k], (size_t)(end - p - 1)) == 0)
				break;
		if (end && k < n) {
			fputs(values[k], f);
			p = end;
		} else {
			putc(*p, f);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void report_fix_free(struct report_fix *fx)
{
	free(fx->title);
	free(fx->why);
	for (int i = 0; i < fx->n_steps; i++)
		free(fx->steps[i]);
	memset(fx, 0, sizeof(*fx));
}

int report_fix_resolve(const struct catalog *cat, enum lang l,
		       const struct check_item *it, struct report_fix *fx)
{
	const struct check_result *res = &it->result;
	const struct fix *f = catalog_fix(cat, res->code);
	struct check_result *r;

	memset(fx, 0, sizeof(*fx));
	if (!report_item_done(it))
		return 0;
	if (res->status == STATUS_OK)
		return 0;
	if (res->status == STATUS_SKIP &&
	    (!f || strcmp(res->code, "dep.blocked") == 0 ||
	     strcmp(res->code, "check.cancelled") == 0))
		return 0;
	r = check_fix_args(it);
	if (!r)
		return -1;
	if (f) {
		fx->from_catalog = true;
		fx->title = report_expand(tr(&f->title, l), r);
		fx->why = report_expand(tr(&f->why, l), r);
		for (int i = 0; i < f->n_steps && i < FIX_MAX_STEPS; i++) {
			char *step = report_expand(tr(&f->steps[i], l), r);

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
			fx->steps[0] = report_expand(report_str(cat, l, "report.no_fix.step"), r);
			if (!fx->steps[0])
				goto nomem;
			fx->n_steps = 1;
		}
	} else {
		fx->title = report_expand(report_str(cat, l, "report.no_fix.title"), r);
		fx->why = report_expand(report_str(cat, l, "report.no_fix.why"), r);
		fx->steps[0] = report_expand(report_str(cat, l, "report.no_fix.step"), r);
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

bool report_item_done(const struct check_item *it)
{
	return it->state == STATE_DONE;
}

enum check_status report_overall(const struct checklist *cl)
{
	enum check_status worst = STATUS_SKIP;

	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (report_item_done(it) &&
		    status_rank(it->result.status) > status_rank(worst))
			worst = it->result.status;
	}
	return worst;
}

void report_order(const struct checklist *cl, int *idx)
{
	int *tmp = malloc((size_t)(cl->n > 0 ? cl->n : 1) * sizeof(int));
	int k = 0;

	if (!tmp) {
		/* Registry order, finished first: still a complete report. */
		for (int i = 0; i < cl->n; i++)
			if (report_item_done(&cl->items[i]))
				idx[k++] = i;
		for (int i = 0; i < cl->n; i++)
			if (!report_item_done(&cl->items[i]))
				idx[k++] = i;
		return;
	}
	checklist_order_worst_first(cl, tmp);
	for (int i = 0; i < cl->n; i++)
		if (report_item_done(&cl->items[tmp[i]]))
			idx[k++] = tmp[i];
	for (int i = 0; i < cl->n; i++)
		if (!report_item_done(&cl->items[tmp[i]]))
			idx[k++] = tmp[i];
	free(tmp);
}

size_t report_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

void report_utf8_put(FILE *out, uint32_t cp)
{
	if (cp < 0x80) {
		putc((int)cp, out);
	} else if (cp < 0x800) {
		putc((int)(0xC0 | (cp >> 6)), out);
		putc((int)(0x80 | (cp & 0x3F)), out);
	} else if (cp < 0x10000) {
		putc((int)(0xE0 | (cp >> 12)), out);
		putc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
		putc((int)(0x80 | (cp & 0x3F)), out);
	} else {
		putc((int)(0xF0 | (cp >> 18)), out);
		putc((int)(0x80 | ((cp >> 12) & 0x3F)), out);
		putc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
		putc((int)(0x80 | (cp & 0x3F)), out);
	}
}

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
	/* The fewest digits that read back as the same double. */
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void report_time_iso(int64_t wall_ms, char *buf, size_t n)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "1970-01-01T00:00:00Z");
}
