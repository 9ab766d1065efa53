/* tui_details.c - the details pane: what was found, why it matters, the
 * numbered fix steps, the facts a helpdesk asks for, and a sparkline.
 *
 * The pane is built as a list of wrapped lines (a "document"), then the
 * lines from the scroll offset on are drawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "clock.h"
#include "config.h"
#include "runner.h"
#include "tui_int.h"
#include "text.h"

#define DOC_MAX_LINES 400
#define DOC_LINE_MAX  512

struct doc_line {
	enum tui_role role;
	int indent;
	char text[DOC_LINE_MAX];
};

struct doc {
	int width;
	bool ascii;
	int n;
	struct doc_line *lines;
};

/* Add one paragraph, wrapped to the pane; prefix (a step number) hangs
 * before the first line and the rest is indented under the text. */
static void doc_para(struct doc *d, enum tui_role role, int indent, const char *prefix,
		     const char *text)
{
	struct text_line wl[64];
	int pw = prefix ? text_width(prefix, d->ascii) : 0;
	int width = d->width - indent - pw, n;

	if (width < 4) {
		width = d->width - indent;
		pw = 0;
		prefix = NULL;
	}
	n = text_wrap(text, width, d->ascii, wl, 64);
	if (n > 64)
		n = 64;
	for (int i = 0; i < n && d->n < DOC_MAX_LINES; i++) {
		struct doc_line *l = &d->lines[d->n++];
		size_t head;

		l->role = role;
		l->indent = indent;
		/* The prefix on the first line, spaces under it on the others. */
		snprintf(l->text, 64, "%*s%s", i == 0 && prefix ? 0 : pw, "",
			 i == 0 && prefix ? prefix : "");
		head = strlen(l->text);
		text_fitn(text + wl[i].off, wl[i].len, width, d->ascii, false,
			      l->text + head, sizeof(l->text) - head);
	}
}

/* An empty line, never two in a row and never first. */
static void doc_gap(struct doc *d)
{
	if (d->n > 0 && d->n < DOC_MAX_LINES && d->lines[d->n - 1].text[0])
		d->lines[d->n++] = (struct doc_line){ ROLE_NORMAL, 0, "" };
}

/* The label and unit of a metric for people, in the current language:
 * "metric.<name>" from assets/strings/metric.yaml, the unit from the
 * name's suffix ("rtt_avg_ms" -> "Answer time, average", "ms"); without a
 * catalogue text, the name without its suffix and with spaces. */
static void metric_label(const struct tui *t, const char *name, char *label, size_t len,
			 const char **unit)
{
	static const struct { const char *suffix, *unit, *unit_ascii, *word; } units[] = {
		{ "_ms", "ms", "ms", "metric.unit.ms" }, { "_pct", "%", "%", NULL },
		{ "_s", "s", "s", "metric.unit.s" }, { "_v", "V", "V", NULL },
		{ "_c", "°C", "C", NULL }, { "_dbm", "dBm", "dBm", NULL },
		{ "_days", "days", "days", "metric.unit.days" },
		{ "_baud", "baud", "baud", "metric.unit.baud" },
		{ "_bytes", "bytes", "bytes", "metric.unit.bytes" }, { "_mah", "mAh", "mAh", NULL },
		{ "_mb", "MB", "MB", NULL },
		{ "_w", "W", "W", NULL }, { "_a", "A", "A", NULL },
		{ "_mbps", "Mbit/s", "Mbit/s", NULL },
	};
	size_t nl = strlen(name);
	char key[METRIC_NAME_MAX + 16];
	const char *text;

	*unit = "";
	snprintf(label, len, "%s", name);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t sl = strlen(units[i].suffix);

		if (nl > sl && strcmp(name + nl - sl, units[i].suffix) == 0) {
			const char *w = units[i].word ? tui_str_opt(t, units[i].word) : NULL;

			*unit = w ? w : t->ascii ? units[i].unit_ascii : units[i].unit;
			if (nl - sl < len)
				label[nl - sl] = '\0';
			break;
		}
	}
	snprintf(key, sizeof(key), "metric.%s", name);
	text = tui_str_opt(t, key);
	if (text) {
		snprintf(label, len, "%s", text);
		return;
	}
	for (char *p = label; *p; p++)
		if (*p == '_')
			*p = ' ';
}

/* A text metric's value for people: an error in words (result_error), a
 * value of a fixed set from "metric.<name>.<value>", else as measured
 * (addresses, names, product strings). */
static const char *metric_value(const struct tui *t, const struct check_item *it,
				const struct metric *m, char *buf, size_t len)
{
	char key[METRIC_NAME_MAX + METRIC_TEXT_MAX + 16];
	const char *text;
	size_t o;

	if ((strcmp(m->name, "error") == 0 || strcmp(m->name, "resolver_error") == 0) &&
	    check_arg_text(t->cat, t->lang, &it->result, "error", buf, len) > 0)
		return buf;
	o = (size_t)snprintf(key, sizeof(key), "metric.%s.", m->name);
	for (const char *p = m->text; *p && o + 1 < sizeof(key); p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;

		key[o++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
	}
	key[o] = '\0';
	text = tui_str_opt(t, key);
	return text ? text : m->text;
}

/* Sparkline of the samples, one character per sample (the last that fit). */
static void sparkline(const struct check_result *r, bool ascii, int width,
		      char *buf, size_t len, double *lo, double *hi)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char ramp[] = "_.-:=+*#";
	int first = r->n_samples > width ? r->n_samples - width : 0;
	size_t o = 0;

	*lo = *hi = r->samples[first];
	for (int i = first; i < r->n_samples; i++) {
		if (r->samples[i] < *lo)
			*lo = r->samples[i];
		if (r->samples[i] > *hi)
			*hi = r->samples[i];
	}
	for (int i = first; i < r->n_samples && o + 4 < len; i++) {
		int k = *hi > *lo ? (int)((r->samples[i] - *lo) / (*hi - *lo) * 7.0 + 0.5) : 3;

		if (k < 0)
			k = 0;
		if (k > 7)
			k = 7;
		if (ascii) {
			buf[o++] = ramp[k];
		} else {
			memcpy(buf + o, bars[k], 3);
			o += 3;
		}
	}
	buf[o] = '\0';
}

/* What was found: the summary in words. */
static void doc_found(struct doc *d, const struct tui *t, const struct check_item *it)
{
	const struct check_result *r = &it->result;
	char line[DOC_LINE_MAX];

	doc_para(d, ROLE_TITLE, 0, NULL, tui_str(t, "tui.details.found"));
	check_summary(t->cat, t->lang, it, line, sizeof(line));
	doc_para(d, tui_role_status(r->status), 2, NULL, line);
}

/* The measured numbers and the sparkline, after the fix: a shop owner reads
 * what to do first, a technician scrolls on for the figures. */
static void doc_metrics(struct doc *d, const struct tui *t, const struct check_item *it)
{
	const struct check_result *r = &it->result;
	char line[DOC_LINE_MAX], label[128], num[ARG_VALUE_MAX];
	const char *unit;

	doc_gap(d);
	if (r->n_metrics == 0)
		doc_para(d, ROLE_DIM, 2, NULL, tui_str(t, "tui.details.no_metrics"));
	for (int i = 0; i < r->n_metrics; i++) {
		const struct metric *m = &r->metrics[i];

		metric_label(t, m->name, label, sizeof(label), &unit);
		if (m->is_text) {
			tui_fmt(t, "tui.details.pair", line, sizeof(line), "label", label,
				"value", metric_value(t, it, m, num, sizeof(num)),
				(const char *)NULL);
		} else {
			char value[ARG_VALUE_MAX + 64];

			text_number(m->value, num, sizeof(num));
			snprintf(value, sizeof(value), "%s%s%s", num,
				 unit[0] && strcmp(unit, "%") != 0 ? " " : "", unit);
			tui_fmt(t, "tui.details.pair", line, sizeof(line), "label", label,
				"value", value, (const char *)NULL);
		}
		doc_para(d, ROLE_NORMAL, 2, NULL, line);
	}
	if (r->n_samples > 1) {
		char spark[RESULT_MAX_SAMPLES * 3 + 1], a[48], b[48], n[16];
		double lo, hi;

		sparkline(r, t->ascii, d->width - 2, spark, sizeof(spark), &lo, &hi);
		text_number(lo, a, sizeof(a));
		text_number(hi, b, sizeof(b));
		snprintf(n, sizeof(n), "%d", r->n_samples);
		tui_fmt(t, "tui.details.samples", line, sizeof(line), "n", n, "min", a, "max", b,
			(const char *)NULL);
		doc_para(d, ROLE_DIM, 2, NULL, line);
		doc_para(d, ROLE_SPARK, 2, NULL, spark);
	}
}

/* Why it matters, and the numbered steps of the guided fix. */
static void doc_fix(struct doc *d, const struct tui *t, const struct check_item *it)
{
	const struct fix *f = catalog_fix(t->cat, it->result.code);
	char text[2048], num[16];
	struct check_result *args;

	if (!f) {
		char code[RESULT_CODE_MAX];

		if (it->result.status == STATUS_OK)
			return;
		snprintf(code, sizeof(code), "%s", it->result.code);
		doc_gap(d);
		tui_fmt(t, "tui.details.no_fix", text, sizeof(text), "code", code,
			(const char *)NULL);
		doc_para(d, ROLE_DIM, 2, NULL, text);
		return;
	}
	args = check_fix_args(t->cat, t->lang, it);
	if (!args)
		return;
	if (f->why.text[LANG_EN]) {
		doc_gap(d);
		doc_para(d, ROLE_TITLE, 0, NULL, tui_str(t, "tui.details.why"));
		catalog_expand(tr(&f->why, t->lang), args, text, sizeof(text));
		doc_para(d, ROLE_NORMAL, 2, NULL, text);
	}
	doc_gap(d);
	doc_para(d, ROLE_TITLE, 0, NULL, tui_str(t, "tui.details.steps"));
	if (f->title.text[LANG_EN]) {
		catalog_expand(tr(&f->title, t->lang), args, text, sizeof(text));
		doc_para(d, ROLE_NORMAL, 2, NULL, text);
	}
	if (f->n_steps == 0)
		doc_para(d, ROLE_NORMAL, 2, NULL, tui_str(t, "tui.details.nothing"));
	for (int i = 0; i < f->n_steps; i++) {
		snprintf(num, sizeof(num), "%d. ", i + 1);
		catalog_expand(tr(&f->steps[i], t->lang), args, text, sizeof(text));
		doc_para(d, ROLE_NORMAL, 2, num, text);
	}
	free(args);
}

/* The facts a helpdesk asks for: site, terminal, check, code, numbers. */
static void doc_helpdesk(struct doc *d, const struct tui *t, const struct check_item *it)
{
	const struct config *cfg = t->p->cfg;
	const struct check_result *r = &it->result;
	char line[DOC_LINE_MAX], when[32];
	int64_t wall = clock_wall_ms() - (clock_ms() - it->started_ms) + r->duration_ms;
	time_t s = (time_t)(wall / 1000);
	struct tm tm;
	size_t o;

	doc_gap(d);
	doc_para(d, ROLE_TITLE, 0, NULL, tui_str(t, "tui.details.helpdesk"));
#define FACT(key, fmt, ...) do { \
		char value_[DOC_LINE_MAX]; \
		snprintf(value_, sizeof(value_), fmt, __VA_ARGS__); \
		tui_fmt(t, "tui.details.pair", line, sizeof(line), "label", tui_str(t, key), \
			"value", value_, (const char *)NULL); \
		doc_para(d, ROLE_NORMAL, 2, NULL, line); \
	} while (0)
	FACT("tui.fact.site", "%s", cfg->site.name[0] ? cfg->site.name : "-");
	FACT("tui.fact.terminal", "%s", cfg->site.terminal_id[0] ? cfg->site.terminal_id : "-");
	FACT("tui.fact.check", "%s", it->id);
	FACT("tui.fact.code", "%s", r->code);
	{
		char key[32];

		snprintf(key, sizeof(key), "status.%s", status_name(r->status));
		FACT("tui.fact.status", "%s", check_text(t->cat, t->lang, key));
	}
	if (localtime_r(&s, &tm) && strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm))
		FACT("tui.fact.time", "%s", when);
	FACT("tui.fact.duration", "%lld %s", (long long)r->duration_ms,
	     tui_str_opt(t, "metric.unit.ms") ? tui_str_opt(t, "metric.unit.ms") : "ms");
	FACT("tui.fact.version", "%s", t->p->version ? t->p->version : "?");
#undef FACT
	/* Measured numbers by their exact names, as the report has them, for
	 * an English-speaking helpdesk; in other languages the labelled
	 * numbers above say it all (and the JSON report has the names). */
	o = 0;
	if (t->lang != LANG_EN)
		goto detail;
	line[0] = '\0';
	for (int i = 0; i < r->n_metrics && o + 1 < sizeof(line); i++) {
		const struct metric *m = &r->metrics[i];
		char num[METRIC_TEXT_MAX];

		if (m->is_text)
			snprintf(num, sizeof(num), "%s", m->text);
		else
			text_number(m->value, num, sizeof(num));
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s=%s", o ? ", " : "",
				      m->name, num);
		if (o >= sizeof(line))
			o = sizeof(line) - 1;
	}
	if (line[0])
		doc_para(d, ROLE_NORMAL, 2, NULL, line);
detail:
	if (r->detail[0] && t->lang == LANG_EN) {
		doc_gap(d);
		doc_para(d, ROLE_TITLE, 0, NULL, tui_str(t, "tui.details.detail"));
		doc_para(d, ROLE_DIM, 2, NULL, r->detail);
	}
}

/* Draw the details of item into r from the scroll offset on. */
void tui_draw_details(struct tui *t, const struct tui_rect *r, int item)
{
	static struct doc_line lines[DOC_MAX_LINES];
	struct doc d = { r->w - 1, t->ascii, 0, lines };
	const struct check_item *it;
	char title[512];
	int x = r->x + 1;

	if (item < 0 || item >= t->cl->n || r->w < 4 || r->h < 1)
		return;
	it = &t->cl->items[item];
	check_title(t->cat, t->lang, it, title, sizeof(title));
	doc_para(&d, ROLE_TITLE, 0, NULL, title);
	if (it->runs == 0 || it->state == STATE_RUNNING) {
		doc_para(&d, ROLE_DIM, 2, NULL, tui_str(t, it->runs == 0 && it->state != STATE_RUNNING
							   ? "tui.details.pending"
							   : "tui.details.running"));
	}
	if (it->runs > 0) {
		doc_gap(&d);
		doc_found(&d, t, it);
		doc_fix(&d, t, it);
		doc_metrics(&d, t, it);
		doc_helpdesk(&d, t, it);
	}
	t->dlines = d.n;
	if (t->dscroll > d.n - r->h)
		t->dscroll = d.n - r->h;
	if (t->dscroll < 0)
		t->dscroll = 0;
	for (int i = 0; i < r->h && t->dscroll + i < d.n; i++) {
		const struct doc_line *l = &lines[t->dscroll + i];

		tui_draw_text(t, r->y + i, x + l->indent, d.width - l->indent, l->text,
			      l->role, false);
	}
	/* A hint that there is more below. */
	if (t->dscroll + r->h < d.n)
		tui_draw_text(t, r->y + r->h - 1, r->x + r->w - 1, 1,
			      t->ascii ? "v" : "↓", t->focus_details ? ROLE_WARN : ROLE_DIM, false);
}
