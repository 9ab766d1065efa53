/* report_json.c - the SPEC §3 JSON report: one object, valid RFC 8259 JSON
 * in UTF-8 whatever the results hold. */
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "guide.h"

/* A JSON string (RFC 8259 §7): quotes, backslash and every control
 * character escaped, invalid UTF-8 replaced by U+FFFD, other text as is.
 * At most n bytes of s are read. */
static void json_str_n(FILE *out, const char *s, size_t n)
{
	const char *p = s ? s : "";

	if (!s)
		n = 0;
	putc('"', out);
	while (n > 0 && *p) {
		uint32_t cp;
		size_t k = text_utf8_next(p, n, &cp);

		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			/* DEL and U+2028/9 too: safe to paste into JavaScript. */
			if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				report_utf8_put(out, cp);
		}
		p += k;
		n -= k;
	}
	putc('"', out);
}

/* A JSON string from a NUL-terminated C string. */
static void json_str(FILE *out, const char *s)
{
	json_str_n(out, s, s ? strlen(s) : 0);
}

/* Public wrapper of json_str for other front ends. */
void report_json_string(FILE *out, const char *s)
{
	json_str(out, s);
}

/* A JSON number; NaN and infinities have none, so null. */
static void json_num(FILE *out, double v)
{
	char buf[48];

	if (!isfinite(v)) {
		fputs("null", out);
		return;
	}
	report_number(v, buf, sizeof(buf));
	fputs(buf, out);
}

/* "metrics": numbers as numbers, texts as strings. */
static void json_metrics(FILE *out, const struct check_result *r)
{
	fputs("\"metrics\": {", out);
	for (int i = 0; i < r->n_metrics && i < RESULT_MAX_METRICS; i++) {
		const struct metric *m = &r->metrics[i];

		fputs(i ? ", " : "", out);
		json_str_n(out, m->name, sizeof(m->name));
		fputs(": ", out);
		if (m->is_text)
			json_str_n(out, m->text, sizeof(m->text));
		else
			json_num(out, m->value);
	}
	putc('}', out);
}

/* "detail": the probe's detail lines as an array of strings. */
static void json_detail(FILE *out, const struct check_result *r)
{
	const char *p = r->detail;
	const char *end = p + strnlen(r->detail, sizeof(r->detail));
	bool first = true;

	fputs("\"detail\": [", out);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		fputs(first ? "" : ", ", out);
		json_str_n(out, p, len);
		first = false;
		p += len + (nl ? 1 : 0);
	}
	putc(']', out);
}

/* "fix": title, why, steps; returns -1 on ENOMEM. */
static int json_fix(FILE *out, const struct catalog *cat, enum lang l,
		    const struct check_item *it)
{
	struct report_fix fx;
	int has = report_fix_resolve(cat, l, it, &fx);

	if (has <= 0)
		return has;
	fputs(",\n      \"fix\": {\"title\": ", out);
	json_str(out, fx.title);
	fputs(", \"why\": ", out);
	json_str(out, fx.why);
	fputs(", \"steps\": [", out);
	for (int i = 0; i < fx.n_steps; i++) {
		fputs(i ? ", " : "", out);
		json_str(out, fx.steps[i]);
	}
	fprintf(out, "], \"generic\": %s}", fx.from_catalog ? "false" : "true");
	report_fix_free(&fx);
	return 0;
}

/* One element of "checks". Returns -1 on ENOMEM. */
static int json_check(FILE *out, const struct catalog *cat, enum lang l,
		      const struct check_item *it)
{
	const struct check_result *r = &it->result;
	char title[1024], *summary = malloc(RESULT_DETAIL_MAX * 4);

	if (!summary)
		return -1;
	check_title(cat, l, it, title, sizeof(title));
	check_summary(cat, l, it, summary, RESULT_DETAIL_MAX * 4);
	fputs("    {\n      \"id\": ", out);
	json_str(out, it->id);
	fputs(", \"module\": ", out);
	json_str(out, it->probe ? it->probe->module : "");
	fputs(", \"label\": ", out);
	json_str(out, it->label);
	fputs(",\n      \"title\": ", out);
	json_str(out, title);
	fputs(", \"status\": ", out);
	json_str(out, status_name(r->status));
	fputs(", \"code\": ", out);
	json_str_n(out, r->code, sizeof(r->code));
	fputs(",\n      \"summary\": ", out);
	json_str(out, summary);
	free(summary);
	fprintf(out, ",\n      \"duration_ms\": %lld,\n      ", (long long)r->duration_ms);
	json_metrics(out, r);
	fputs(",\n      ", out);
	json_detail(out, r);
	fputs(",\n      \"samples\": [", out);
	for (int i = 0; i < r->n_samples && i < RESULT_MAX_SAMPLES; i++) {
		fputs(i ? ", " : "", out);
		json_num(out, r->samples[i]);
	}
	putc(']', out);
	if (json_fix(out, cat, l, it) != 0)
		return -1;
	fputs("\n    }", out);
	return 0;
}

/* "guide": the triage walk: flow, outcome, code, and each answer in order. */
static void json_guide(FILE *out, const struct guide_walk *w)
{
	char at[32];

	fputs(",\n  \"guide\": {\"flow\": ", out);
	json_str(out, w->flow->id);
	fputs(", \"outcome\": ", out);
	if (w->finished)
		json_str(out, guide_outcome_word(w->outcome));
	else
		fputs("null", out);
	fputs(", \"code\": ", out);
	if (w->code[0])
		json_str(out, w->code);
	else
		fputs("null", out);
	fputs(",\n    \"path\": [", out);
	for (int i = 0; i < w->n_path; i++) {
		report_time_iso(w->path[i].at_wall_ms, at, sizeof(at));
		fputs(i ? ",\n      {\"node\": " : "\n      {\"node\": ", out);
		json_str(out, w->flow->nodes[w->path[i].node].id);
		fputs(", \"answer\": ", out);
		json_str(out, w->path[i].answer);
		fputs(", \"at\": ", out);
		json_str(out, at);
		fprintf(out, ", \"automatic\": %s}", w->path[i].automatic ? "true" : "false");
	}
	fputs(w->n_path ? "\n    ]}" : "]}", out);
}

int report_write_json(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta)
{
	const struct config *cfg = meta->cfg;
	int *idx = malloc((size_t)(cl->n > 0 ? cl->n : 1) * sizeof(int));
	char when[32];
	bool first = true;

	if (!idx) {
		errno = ENOMEM;
		return -1;
	}
	report_order(cl, idx);
	report_time_iso(meta->started_wall_ms, when, sizeof(when));
	fputs("{\n  \"tool\": \"posdoctor\", \"version\": ", out);
	json_str(out, meta->version ? meta->version : "");
	fputs(",\n  \"started_at\": ", out);
	json_str(out, when);
	fprintf(out, ", \"duration_ms\": %lld,\n  \"site\": {\"name\": ", (long long)meta->duration_ms);
	json_str(out, cfg ? cfg->site.name : "");
	fputs(", \"terminal_id\": ", out);
	json_str(out, cfg ? cfg->site.terminal_id : "");
	fputs("},\n  \"language\": ", out);
	json_str(out, lang_code(meta->lang));
	fputs(",\n  \"overall\": ", out);
	json_str(out, status_name(checklist_overall(cl)));
	fputs(",\n  \"checks\": [", out);
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[idx[i]];

		if (!checklist_item_done(it))
			continue;
		fputs(first ? "\n" : ",\n", out);
		first = false;
		if (json_check(out, cat, meta->lang, it) != 0) {
			free(idx);
			errno = ENOMEM;
			return -1;
		}
	}
	fputs(first ? "],\n  \"unfinished\": [" : "\n  ],\n  \"unfinished\": [", out);
	first = true;
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[idx[i]];

		if (checklist_item_done(it))
			continue;
		fputs(first ? "" : ", ", out);
		first = false;
		json_str(out, it->id);
	}
	putc(']', out);
	if (meta->guide && meta->guide->flow)
		json_guide(out, meta->guide);
	fputs("\n}\n", out);
	free(idx);
	return ferror(out) ? -1 : 0;
}
