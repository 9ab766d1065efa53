/* report_prom.c - the Prometheus text exposition format, for node_exporter's
 * textfile collector: one family at a time, # HELP and # TYPE once each. */
#include "report_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Families this writer emits itself; a check metric with the same name is
 * renamed posdoctor_metric_<name> so no family is split or mixed. */
static const char *const reserved[] = {
	"posdoctor_check_status", "posdoctor_check_duration_seconds",
	"posdoctor_check_info", "posdoctor_overall_status",
	"posdoctor_run_duration_seconds", "posdoctor_run_timestamp_seconds",
	"posdoctor_checks", NULL
};

#define FAMILY_MAX (METRIC_NAME_MAX + 32)

/* Status as the number SPEC §3 gives it: ok 0, warn 1, fail 2, skip 3. */
static int prom_status_value(enum check_status st)
{
	switch (st) {
	case STATUS_OK: return 0;
	case STATUS_WARN: return 1;
	case STATUS_FAIL: return 2;
	case STATUS_SKIP: break;
	}
	return 3;
}

/* The family name for a check metric: posdoctor_<name> with every byte
 * outside [a-zA-Z0-9_:] made '_' (the prefix makes the first character
 * valid), and renamed when it clashes with one of ours. */
static void prom_family(const char *metric, char *out, size_t n)
{
	size_t o = (size_t)snprintf(out, n, "posdoctor_");

	for (const char *p = metric; *p && o + 1 < n; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '_' || ch == ':';

		out[o++] = ok ? ch : '_';
	}
	out[o] = '\0';
	for (int i = 0; reserved[i]; i++) {
		if (strcmp(out, reserved[i]) == 0) {
			char tmp[FAMILY_MAX];

			snprintf(tmp, sizeof(tmp), "posdoctor_metric_%s", out + strlen("posdoctor_"));
			snprintf(out, n, "%s", tmp);
			break;
		}
	}
}

/* A label value: backslash, double quote and newline escaped (the format's
 * only escapes); invalid UTF-8 and other control characters become U+FFFD. */
static void prom_label(FILE *out, const char *s)
{
	const char *p = s ? s : "";
	size_t n = strlen(p);

	putc('"', out);
	while (n > 0) {
		uint32_t cp;
		size_t k = text_utf8_next(p, n, &cp);

		if (cp == '\\')
			fputs("\\\\", out);
		else if (cp == '"')
			fputs("\\\"", out);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp < 0x20 || cp == 0x7F)
			report_utf8_put(out, 0xFFFD);
		else
			report_utf8_put(out, cp);
		p += k;
		n -= k;
	}
	putc('"', out);
}

/* A sample value: Go's ParseFloat spellings, NaN and +Inf/-Inf included. */
static void prom_value(FILE *out, double v)
{
	char buf[48];

	report_number(v, buf, sizeof(buf));
	fputs(buf, out);
}

/* # HELP and # TYPE lines of one gauge family. */
static void prom_head(FILE *out, const char *family, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", family, help, family);
}

/* One numeric metric of a finished check, with its family name. */
struct prom_sample {
	int item;
	const struct metric *m;
	char family[FAMILY_MAX];
	bool done;   /* written, or dropped as a duplicate */
};

/* Every numeric metric, grouped by family in order of first appearance;
 * within a family one sample a check (two names that sanitise alike keep
 * the first). Returns -1 on ENOMEM. */
static int prom_metrics(FILE *out, const struct checklist *cl)
{
	struct prom_sample *s;
	size_t n = 0, cap = 0;

	for (int i = 0; i < cl->n; i++)
		if (checklist_item_done(&cl->items[i]))
			cap += (size_t)cl->items[i].result.n_metrics;
	s = calloc(cap ? cap : 1, sizeof(*s));
	if (!s)
		return -1;
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (!checklist_item_done(it))
			continue;
		for (int k = 0; k < it->result.n_metrics && k < RESULT_MAX_METRICS; k++) {
			const struct metric *m = &it->result.metrics[k];

			if (m->is_text || !m->name[0])
				continue;   /* text metrics are not gauges */
			s[n].item = i;
			s[n].m = m;
			prom_family(m->name, s[n].family, sizeof(s[n].family));
			n++;
		}
	}
	for (size_t a = 0; a < n; a++) {
		char help[FAMILY_MAX + 32];
		int last_item = -1;

		if (s[a].done)
			continue;
		/* HELP escapes only backslash and newline; the name has neither. */
		snprintf(help, sizeof(help), "posdoctor check metric %s",
			 s[a].family + strlen("posdoctor_"));
		prom_head(out, s[a].family, help);
		for (size_t b = a; b < n; b++) {
			if (s[b].done || strcmp(s[b].family, s[a].family) != 0)
				continue;
			s[b].done = true;
			if (s[b].item == last_item)
				continue;   /* same check, same family: keep the first */
			last_item = s[b].item;
			fprintf(out, "%s{id=", s[b].family);
			prom_label(out, cl->items[s[b].item].id);
			fputs("} ", out);
			prom_value(out, s[b].m->value);
			putc('\n', out);
		}
	}
	free(s);
	return 0;
}

int report_write_prom(FILE *out, const struct checklist *cl,
		      const struct catalog *cat, const struct report_meta *meta)
{
	(void)cat;
	prom_head(out, "posdoctor_check_status",
		  "Status of each finished check: 0 ok, 1 warn, 2 fail, 3 skip");
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (!checklist_item_done(it))
			continue;
		fputs("posdoctor_check_status{id=", out);
		prom_label(out, it->id);
		fputs(",module=", out);
		prom_label(out, it->probe ? it->probe->module : "");
		fprintf(out, "} %d\n", prom_status_value(it->result.status));
	}
	prom_head(out, "posdoctor_check_info",
		  "Always 1; labels give the code of each finished check's outcome");
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (!checklist_item_done(it))
			continue;
		fputs("posdoctor_check_info{id=", out);
		prom_label(out, it->id);
		fputs(",module=", out);
		prom_label(out, it->probe ? it->probe->module : "");
		fputs(",code=", out);
		prom_label(out, it->result.code);
		fputs(",status=", out);
		prom_label(out, status_name(it->result.status));
		fputs("} 1\n", out);
	}
	prom_head(out, "posdoctor_check_duration_seconds",
		  "How long each finished check took, in seconds");
	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (!checklist_item_done(it))
			continue;
		fputs("posdoctor_check_duration_seconds{id=", out);
		prom_label(out, it->id);
		fputs("} ", out);
		prom_value(out, (double)it->result.duration_ms / 1000.0);
		putc('\n', out);
	}
	if (prom_metrics(out, cl) != 0) {
		errno = ENOMEM;
		return -1;
	}
	prom_head(out, "posdoctor_overall_status",
		  "Worst status of the run: 0 ok, 1 warn, 2 fail, 3 skip (nothing ran)");
	fprintf(out, "posdoctor_overall_status %d\n", prom_status_value(checklist_overall(cl)));
	prom_head(out, "posdoctor_checks", "Checks in the run by status");
	{
		static const enum check_status sts[] = {
			STATUS_OK, STATUS_WARN, STATUS_FAIL, STATUS_SKIP
		};
		int unfinished = cl->n;

		for (unsigned s = 0; s < sizeof(sts) / sizeof(sts[0]); s++) {
			int n = checklist_count_status(cl, sts[s]);

			unfinished -= n;
			fprintf(out, "posdoctor_checks{status=\"%s\"} %d\n", status_name(sts[s]), n);
		}
		fprintf(out, "posdoctor_checks{status=\"unfinished\"} %d\n", unfinished);
	}
	prom_head(out, "posdoctor_run_duration_seconds", "How long the whole run took, in seconds");
	fputs("posdoctor_run_duration_seconds ", out);
	prom_value(out, (double)meta->duration_ms / 1000.0);
	putc('\n', out);
	prom_head(out, "posdoctor_run_timestamp_seconds",
		  "When the run started, in seconds since the Unix epoch");
	fputs("posdoctor_run_timestamp_seconds ", out);
	prom_value(out, (double)meta->started_wall_ms / 1000.0);
	putc('\n', out);
	if (ferror(out)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
