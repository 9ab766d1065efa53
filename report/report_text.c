/* report_text.c - the report for people: one block a check, worst first,
 * with guided fixes, in the chosen language. */
#include "report_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "guide.h"

/* SGR sequences (ECMA-48 §8.3.117), reset by report_wrap(); only used
 * when meta->color. */
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

/* The colour sgr when colour is on, else NULL. */
static const char *text_sgr(const struct text_ctx *c, const char *sgr)
{
	return c->meta->color ? sgr : NULL;
}

/* One line (wrapped): indent, optional lead, text s. */
static void text_out(const struct text_ctx *c, const char *indent, const char *lead,
		     const char *sgr, const char *s)
{
	report_wrap(c->out, c->meta->width, indent, lead, NULL, text_sgr(c, sgr), s);
}

/* One indented line from a malloc'd string (freed here); false on ENOMEM. */
static bool text_line(const struct text_ctx *c, const char *indent, char *s)
{
	if (!s)
		return false;
	text_out(c, indent, NULL, NULL, s);
	free(s);
	return true;
}

/* The tag line of an item: never colour alone, the tag says it too. */
static void text_tag_line(const struct text_ctx *c, const struct check_item *it,
			  const char *title)
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
	const char *tag = "[ ?? ]", *sgr = SGR_DIM;

	if (!checklist_item_done(it)) {
		tag = "[ .. ]";
	} else if (st < sizeof(tags) / sizeof(tags[0])) {
		tag = tags[st].tag;
		sgr = tags[st].sgr;
	}
	report_wrap(c->out, c->meta->width, "", tag, text_sgr(c, sgr),
		    text_sgr(c, SGR_BOLD), title);
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
	text_out(c, "", NULL, SGR_BOLD, s);
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

		snprintf(key, sizeof(key), "status.%s", status_name(checklist_overall(cl)));
		if (!text_line(c, "", report_fmt(c->cat, c->lang, "report.overall", "status",
						 check_text(c->cat, c->lang, key), NULL)))
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
	{
		char *s = report_fmt(c->cat, c->lang, "report.fix", "title", fx.title, NULL);

		if (!s) {
			report_fix_free(&fx);
			return false;
		}
		text_out(c, INDENT, NULL, SGR_BOLD, s);
		free(s);
	}
	if (fx.why[0])
		ok = text_line(c, INDENT, report_fmt(c->cat, c->lang, "report.why", "why",
						     fx.why, NULL));
	for (int i = 0; ok && i < fx.n_steps; i++) {
		char num[16];

		snprintf(num, sizeof(num), "%*d.", fx.n_steps >= 10 ? 2 : 1, i + 1);
		text_out(c, INDENT, num, NULL, fx.steps[i]);
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
	for (int i = 0; i < r->n_metrics && i < RESULT_MAX_METRICS; i++) {
		const struct metric *m = &r->metrics[i];
		char *line;

		if (!m->is_text)
			report_number(m->value, num, sizeof(num));
		if (asprintf(&line, "%.*s = %.*s", METRIC_NAME_MAX, m->name, METRIC_TEXT_MAX,
			     m->is_text ? m->text : num) < 0)
			return false;
		text_line(c, INDENT "  ", line);
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
			text_out(c, INDENT, "|", NULL, line);
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
	bool done = checklist_item_done(it);

	check_title(c->cat, c->lang, it, title, sizeof(title));
	text_tag_line(c, it, title);
	if (!done)
		return text_line(c, INDENT, strdup(check_text(c->cat, c->lang,
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
	const char *sep = check_text(c->cat, c->lang, "report.count.sep");
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
	int n_ok = checklist_count_status(cl, STATUS_OK);
	int n_warn = checklist_count_status(cl, STATUS_WARN);
	int n_fail = checklist_count_status(cl, STATUS_FAIL);
	int n_skip = checklist_count_status(cl, STATUS_SKIP);
	int n_unf = cl->n - n_ok - n_warn - n_fail - n_skip;
	char nb[5][16], total_s[16], key[48], *parts = NULL, *total, *line;
	const char *closing;
	bool ok = true;

	if (cl->n == 0)
		return text_line(c, "", strdup(check_text(c->cat, c->lang, "report.no_checks")));
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
					   text_plural_key("report.count.warn", n_warn,
							   key, sizeof(key)),
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
	total = report_fmt(c->cat, c->lang,
			   text_plural_key("report.count.total", cl->n, key, sizeof(key)),
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
		/* -q hides the skipped rows: no "see above" then. */
		closing = !n_skip ? "report.all_well" :
			  c->meta->verbosity < 0 ? "report.all_well_skipped_quiet" :
			  "report.all_well_skipped";
	return text_line(c, "", strdup(check_text(c->cat, c->lang, closing)));
}

/* A catalogue text in the report's language, or fallback. */
static const char *text_word(const struct text_ctx *c, const char *key, const char *fallback)
{
	const char *t = catalog_text(c->cat, c->lang, key);

	return t ? t : fallback;
}

/* "Code: 51" in the report's language (guide.code.prompt). */
static void text_code(const struct text_ctx *c, const char *code, char *out, size_t len)
{
	const char *tmpl = text_word(c, "guide.code.prompt", "Code: {code}");
	struct check_result *r = malloc(sizeof(*r));

	if (!r) {
		snprintf(out, len, "%s", code);
		return;
	}
	result_init(r);
	result_arg(r, "code", "%s", code);
	catalog_expand(tmpl, r, out, len);
	free(r);
}

/* The answer of one step in the report's language. Answers are recorded
 * language-neutral (tui/tui_guide.c: the English text of a question's
 * answer, or a fixed word such as "still not working"); shown here as the
 * reader reads them. An answer of no known form is shown as recorded. */
static void text_answer(const struct text_ctx *c, const struct guide_node *n,
			const char *ans, const char *code, char *out, size_t len)
{
	static const struct { const char *word, *key; bool prefix; } words[] = {
		{ "measured ok", "guide.auto.ok", false },
		{ "not measured", "guide.auto.unknown", false },
		{ "works now", "guide.step.works", false },
		{ "still not working", "guide.step.still", false },
		{ "fixed ", "guide.found.fixed", true },
		{ "found ", "guide.step.still", true },
	};

	for (int i = 0; i < n->n_answers; i++)
		if (n->answer[i].text[LANG_EN] && strcmp(n->answer[i].text[LANG_EN], ans) == 0) {
			snprintf(out, len, "%s", tr(&n->answer[i], c->lang));
			return;
		}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t wl = strlen(words[i].word);

		if (words[i].prefix ? strncmp(ans, words[i].word, wl) == 0 : strcmp(ans, words[i].word) == 0) {
			snprintf(out, len, "%s", text_word(c, words[i].key, ans));
			return;
		}
	}
	if (strncmp(ans, "code ", 5) == 0 && code[0]) {
		text_code(c, code, out, len);
		return;
	}
	snprintf(out, len, "%s", ans);
}

/* The guided triage walk: each step's question and answer, the code typed,
 * and the outcome, in the report's language. */
static void text_guide(struct text_ctx *c, const struct guide_walk *w)
{
	const char *colon = c->lang == LANG_ZH_CN ? "\xef\xbc\x9a" : ": ";   /* U+FF1A */
	char at[32], ans[512];

	fprintf(c->out, "\n%s%s%s\n", text_word(c, "guide.report.title", "Guided triage"), colon,
		tr(&w->flow->title, c->lang));
	for (int i = 0; i < w->n_path; i++) {
		const struct guide_node *n = &w->flow->nodes[w->path[i].node];

		report_time_iso(w->path[i].at_wall_ms, at, sizeof(at));
		text_answer(c, n, w->path[i].answer, w->code, ans, sizeof(ans));
		fprintf(c->out, "  %s  %s\n      %s%s\n", at, tr(&n->text, c->lang), ans,
			w->path[i].automatic ? " (posdoctor)" : "");
	}
	if (w->code[0]) {
		text_code(c, w->code, ans, sizeof(ans));
		fprintf(c->out, "  %s\n", ans);
	}
	if (w->finished) {
		char key[64];

		snprintf(key, sizeof(key), "guide.report.outcome.%s", guide_outcome_word(w->outcome));
		fprintf(c->out, "  %s%s%s\n", text_word(c, "guide.report.outcome", "Outcome"), colon,
			text_word(c, key, guide_outcome_word(w->outcome)));
	}
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
		bool problem = checklist_item_done(it) && (it->result.status == STATUS_WARN ||
							it->result.status == STATUS_FAIL);

		if (meta->verbosity < 0 && !problem)
			continue;
		ok = text_item(&c, it);
		putc('\n', out);
	}
	if (ok)
		ok = text_footer(&c, cl);
	if (ok && meta->guide && meta->guide->flow)
		text_guide(&c, meta->guide);
	free(idx);
	if (!ok) {
		errno = ENOMEM;
		return -1;
	}
	return ferror(out) ? -1 : 0;
}
