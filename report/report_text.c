/* report_text.c - the report for people: one block a check, worst first,
 * with guided fixes, in the chosen language. */
#include "report_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

/* SGR sequences (ECMA-48 §8.3.117); only used when meta->color. */
#define SGR_RESET  "\033[0m"
#define SGR_BOLD   "\033[1m"
#define SGR_RED    "\033[1;31m"
#define SGR_GREEN  "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_CYAN   "\033[36m"
#define SGR_DIM    "\033[2m"

#define INDENT "       "   /* under the title: the width of "[FAIL] " */

struct text_ctx {
	FILE *out;
	const struct catalog *cat;
	const struct report_meta *meta;
	enum lang lang;
};

/* Write s as clean UTF-8 for a terminal: invalid bytes, control characters
 * (C0, DEL, C1: they could drive the terminal) and bidi overrides become
 * U+FFFD, tabs and newlines a space. */
static void text_put(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);

	while (n > 0) {
		uint32_t cp;
		size_t k = report_utf8_next(p, n, &cp);

		if (cp == '\t' || cp == '\n')
			cp = ' ';
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
			 (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			cp = 0xFFFD;   /* controls; bidi overrides could disguise text */
		report_utf8_put(out, cp);
		p += k;
		n -= k;
	}
}

/* Write s, wrapped in the colour sgr when colour is on. */
static void text_put_sgr(const struct text_ctx *c, const char *sgr, const char *s)
{
	if (c->meta->color)
		fputs(sgr, c->out);
	text_put(c->out, s);
	if (c->meta->color)
		fputs(SGR_RESET, c->out);
}

/* One indented line from a malloc'd string (freed here); false on ENOMEM. */
static bool text_line(const struct text_ctx *c, const char *indent, char *s)
{
	if (!s)
		return false;
	fputs(indent, c->out);
	text_put(c->out, s);
	putc('\n', c->out);
	free(s);
	return true;
}

/* The tag for an item: never colour alone, the text says it too. */
static void text_tag(const struct text_ctx *c, const struct check_item *it)
{
	static const struct {
		const char *tag, *sgr;
	} tags[] = {
		[STATUS_SKIP] = { "[SKIP]", SGR_CYAN },
		[STATUS_OK] = { "[ OK ]", SGR_GREEN },
		[STATUS_WARN] = { "[WARN]", SGR_YELLOW },
		[STATUS_FAIL] = { "[FAIL]", SGR_RED },
	};
	unsigned st = (unsigned)it->result.status;

	if (!report_item_done(it))
		text_put_sgr(c, SGR_DIM, "[ .. ]");
	else if (st < sizeof(tags) / sizeof(tags[0]))
		text_put_sgr(c, tags[st].sgr, tags[st].tag);
	else
		text_put_sgr(c, SGR_DIM, "[ ?? ]");
}

/* Header: version, site, terminal, time and overall status. */
static bool text_header(const struct text_ctx *c, const struct checklist *cl)
{
	const struct config *cfg = c->meta->cfg;
	char when[64], secs[32], *s;
	time_t t = (time_t)(c->meta->started_wall_ms / 1000);
	struct tm tm;

	s = report_fmt(c->cat, c->lang, "report.title", "version",
		       c->meta->version ? c->meta->version : "?", NULL);
	if (!s)
		return false;
	if (c->meta->color)
		fputs(SGR_BOLD, c->out);
	text_put(c->out, s);
	if (c->meta->color)
		fputs(SGR_RESET, c->out);
	putc('\n', c->out);
	free(s);
	if (cfg && cfg->site.name[0] &&
	    !text_line(c, "", report_fmt(c->cat, c->lang, "report.site", "name",
					 cfg->site.name, NULL)))
		return false;
	if (cfg && cfg->site.terminal_id[0] &&
	    !text_line(c, "", report_fmt(c->cat, c->lang, "report.terminal",
					 "terminal_id", cfg->site.terminal_id, NULL)))
		return false;
	/* Local time for people, with the offset so it is never ambiguous. */
	if (!localtime_r(&t, &tm) || strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		report_time_iso(c->meta->started_wall_ms, when, sizeof(when));
	snprintf(secs, sizeof(secs), "%.1f", (double)c->meta->duration_ms / 1000.0);
	if (!text_line(c, "", report_fmt(c->cat, c->lang, "report.time", "time", when,
					 "seconds", secs, NULL)))
		return false;
	if (cl->n > 0) {
		char key[32];

		snprintf(key, sizeof(key), "status.%s", status_name(report_overall(cl)));
		if (!text_line(c, "", report_fmt(c->cat, c->lang, "report.overall", "status",
						 report_str(c->cat, c->lang, key), NULL)))
			return false;
	}
	putc('\n', c->out);
	return true;
}

/* The fix under a warn/fail check: title, why, numbered steps. */
static bool text_fix(const struct text_ctx *c, const struct check_item *it)
{
	struct report_fix fx;
	int has = report_fix_resolve(c->cat, c->lang, it, &fx);
	bool ok = true;

	if (has <= 0)
		return has == 0;
	fputs(INDENT, c->out);
	{
		char *s = report_fmt(c->cat, c->lang, "report.fix", "title", fx.title, NULL);

		if (!s) {
			report_fix_free(&fx);
			return false;
		}
		text_put_sgr(c, SGR_BOLD, s);
		free(s);
	}
	putc('\n', c->out);
	if (fx.why[0])
		ok = text_line(c, INDENT, report_fmt(c->cat, c->lang, "report.why", "why",
						     fx.why, NULL));
	for (int i = 0; ok && i < fx.n_steps; i++) {
		fprintf(c->out, "%s%*d. ", INDENT, fx.n_steps >= 10 ? 2 : 1, i + 1);
		text_put(c->out, fx.steps[i]);
		putc('\n', c->out);
	}
	report_fix_free(&fx);
	return ok;
}

/* Verbose extras: id and code, metrics, detail lines, samples, duration. */
static bool text_verbose(const struct text_ctx *c, const struct check_item *it)
{
	const struct check_result *r = &it->result;
	char num[48], ms[32];

	if (!text_line(c, INDENT, report_fmt(c->cat, c->lang, "report.check_code",
					     "id", it->id, "code", r->code, NULL)))
		return false;
	for (int i = 0; i < r->n_metrics; i++) {
		const struct metric *m = &r->metrics[i];

		fputs(INDENT "  ", c->out);
		text_put(c->out, m->name);
		fputs(" = ", c->out);
		if (m->is_text) {
			text_put(c->out, m->text);
		} else {
			report_number(m->value, num, sizeof(num));
			fputs(num, c->out);
		}
		putc('\n', c->out);
	}
	/* Detail lines as the probe wrote them, one per line. */
	{
		const char *p = r->detail;
		const char *end = p + strnlen(r->detail, sizeof(r->detail));

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			char *line = strndup(p, len);

			if (!line)
				return false;
			fputs(INDENT "| ", c->out);
			text_put(c->out, line);
			putc('\n', c->out);
			free(line);
			p += len + (nl ? 1 : 0);
		}
	}
	if (r->n_samples > 0) {
		char vals[RESULT_MAX_SAMPLES * 26] = "";
		size_t o = 0;

		for (int i = 0; i < r->n_samples && i < RESULT_MAX_SAMPLES; i++) {
			report_number(r->samples[i], num, sizeof(num));
			o += (size_t)snprintf(vals + o, sizeof(vals) - o, "%s%s",
					      i ? " " : "", num);
			if (o >= sizeof(vals))
				break;
		}
		if (!text_line(c, INDENT, report_fmt(c->cat, c->lang, "report.samples",
						     "values", vals, NULL)))
			return false;
	}
	snprintf(ms, sizeof(ms), "%lld", (long long)r->duration_ms);
	return text_line(c, INDENT, report_fmt(c->cat, c->lang, "report.duration",
					       "ms", ms, NULL));
}

/* One block: tag and title, summary, fix, verbose extras. */
static bool text_item(const struct text_ctx *c, const struct check_item *it)
{
	char title[1024];
	char *summary;
	bool done = report_item_done(it);

	check_title(c->cat, c->lang, it, title, sizeof(title));
	text_tag(c, it);
	putc(' ', c->out);
	text_put_sgr(c, SGR_BOLD, title);
	putc('\n', c->out);
	if (!done)
		return text_line(c, INDENT, strdup(report_str(c->cat, c->lang,
							      "report.unfinished")));
	summary = malloc(RESULT_DETAIL_MAX * 4);
	if (!summary)
		return false;
	check_summary(c->cat, c->lang, it, summary, RESULT_DETAIL_MAX * 4);
	/* Anything but ok names its code too: what the helpdesk asks for. */
	if (it->result.status != STATUS_OK && strcmp(summary, it->result.code) != 0) {
		char *with = report_fmt(c->cat, c->lang, "report.summary_code", "summary", summary,
					"code", it->result.code, NULL);

		free(summary);
		summary = with;
	}
	if (!text_line(c, INDENT, summary))
		return false;
	if (!text_fix(c, it))
		return false;
	return c->meta->verbosity > 0 ? text_verbose(c, it) : true;
}

/* Append s (freed) to the closing line's list of parts. */
static bool text_count_part(const struct text_ctx *c, char **parts, char *s)
{
	const char *sep = report_str(c->cat, c->lang, "report.count.sep");
	size_t have = *parts ? strlen(*parts) : 0;
	char *n;

	if (!s)
		return false;
	n = realloc(*parts, have + strlen(sep) + strlen(s) + 1);
	if (!n) {
		free(s);
		return false;
	}
	if (have) {
		strcpy(n + have, sep);
		have += strlen(sep);
	}
	strcpy(n + have, s);
	*parts = n;
	free(s);
	return true;
}

/* Closing lines: "7 checks: 5 ok, 1 warning, 1 failed" and a plain
 * sentence saying what to do (or that all is well). */
static bool text_footer(const struct text_ctx *c, const struct checklist *cl)
{
	int n_ok = 0, n_warn = 0, n_fail = 0, n_skip = 0, n_unf = 0;
	char nb[5][16], total_s[16], *parts = NULL, *total, *line;
	const char *closing;
	bool ok = true;

	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (!report_item_done(it))
			n_unf++;
		else if (it->result.status == STATUS_OK)
			n_ok++;
		else if (it->result.status == STATUS_WARN)
			n_warn++;
		else if (it->result.status == STATUS_FAIL)
			n_fail++;
		else
			n_skip++;
	}
	if (cl->n == 0)
		return text_line(c, "", strdup(report_str(c->cat, c->lang, "report.no_checks")));
	snprintf(nb[0], sizeof(nb[0]), "%d", n_ok);
	snprintf(nb[1], sizeof(nb[1]), "%d", n_warn);
	snprintf(nb[2], sizeof(nb[2]), "%d", n_fail);
	snprintf(nb[3], sizeof(nb[3]), "%d", n_skip);
	snprintf(nb[4], sizeof(nb[4]), "%d", n_unf);
	snprintf(total_s, sizeof(total_s), "%d", cl->n);
	if (n_ok)
		ok = ok && text_count_part(c, &parts, report_fmt(c->cat, c->lang,
					   "report.count.ok", "n", nb[0], NULL));
	if (n_warn)
		ok = ok && text_count_part(c, &parts, report_fmt(c->cat, c->lang,
					   n_warn == 1 ? "report.count.warn.one"
						       : "report.count.warn.many",
					   "n", nb[1], NULL));
	if (n_fail)
		ok = ok && text_count_part(c, &parts, report_fmt(c->cat, c->lang,
					   "report.count.fail", "n", nb[2], NULL));
	if (n_skip)
		ok = ok && text_count_part(c, &parts, report_fmt(c->cat, c->lang,
					   "report.count.skip", "n", nb[3], NULL));
	if (n_unf)
		ok = ok && text_count_part(c, &parts, report_fmt(c->cat, c->lang,
					   "report.count.unfinished", "n", nb[4], NULL));
	total = report_fmt(c->cat, c->lang, cl->n == 1 ? "report.count.total.one"
						       : "report.count.total.many",
			   "n", total_s, NULL);
	line = ok && total ? report_fmt(c->cat, c->lang, "report.count.line", "total", total,
					"parts", parts ? parts : "", NULL) : NULL;
	free(total);
	free(parts);
	if (!text_line(c, "", line))
		return false;
	if (n_fail || n_warn)
		closing = "report.problems";
	else if (n_unf)
		return true;
	else
		closing = n_skip ? "report.all_well_skipped" : "report.all_well";
	return text_line(c, "", strdup(report_str(c->cat, c->lang, closing)));
}

int report_write_text(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta)
{
	struct text_ctx c = { out, cat, meta, meta->lang };
	int *idx = malloc((size_t)(cl->n > 0 ? cl->n : 1) * sizeof(int));
	bool ok = true;

	if (!idx) {
		errno = ENOMEM;
		return -1;
	}
	report_order(cl, idx);
	/* Quiet: no header, only the problems, then the closing lines. */
	if (meta->verbosity >= 0)
		ok = text_header(&c, cl);
	for (int i = 0; ok && i < cl->n; i++) {
		const struct check_item *it = &cl->items[idx[i]];
		bool problem = report_item_done(it) && (it->result.status == STATUS_WARN ||
							it->result.status == STATUS_FAIL);

		if (meta->verbosity < 0 && !problem)
			continue;
		ok = text_item(&c, it);
		putc('\n', out);
	}
	if (ok)
		ok = text_footer(&c, cl);
	free(idx);
	if (!ok) {
		errno = ENOMEM;
		return -1;
	}
	return ferror(out) ? -1 : 0;
}
