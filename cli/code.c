/* code.c - the --code front end: what a response code shown by the card
 * terminal means and what to do, from the tables in assets/codes/ (text or
 * JSON, in the chosen language). Exit 0 for a known code, 1 for a code in
 * no table, 3 for input that is not a code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "codebook.h"
#include "codes_load.h"
#include "paths.h"

/* A string of the catalogue with one {name} placeholder filled, into buf. */
static const char *fill(const struct app *app, const char *key, const char *name,
			const char *value, char *buf, size_t len)
{
	const char *t = catalog_text(app->cat, app->lang, key);
	char ph[40];
	const char *at;

	if (!t)
		t = key;
	snprintf(ph, sizeof(ph), "{%s}", name ? name : "");
	at = name ? strstr(t, ph) : NULL;
	if (!at)
		snprintf(buf, len, "%s", t);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(at - t), t, value, at + strlen(ph));
	return buf;
}

/* A catalogue string with no placeholder. */
static const char *str(const struct app *app, const char *key)
{
	const char *t = catalog_text(app->cat, app->lang, key);

	return t ? t : key;
}

/* What the user typed, made printable for an error message. */
static void show_input(const char *in, char *out, size_t len)
{
	size_t o = 0, n = strlen(in);

	for (size_t i = 0; i < n && o + 8 < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (i == 24) {
			o += (size_t)snprintf(out + o, len - o, "...");
			break;
		}
		if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\')
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o < len ? o : len - 1] = '\0';
}

/* "class C: failed, do not retry" for an entry of a classed table, else "". */
static const char *class_line(const struct app *app, const struct code_table *t,
			      const struct code_entry *ce, char *buf, size_t len)
{
	const struct tr_text *ct = codebook_class(t, ce->cls);
	char tmp[400], cls[2] = { ce->cls, '\0' };

	if (!ct) {
		buf[0] = '\0';
		return buf;
	}
	fill(app, "code.class", "class", cls, tmp, sizeof(tmp));
	/* Second placeholder: {text}. */
	{
		const char *at = strstr(tmp, "{text}");

		if (at)
			snprintf(buf, len, "%.*s%s%s", (int)(at - tmp), tmp, tr(ct, app->lang), at + 6);
		else
			snprintf(buf, len, "%s", tmp);
	}
	return buf;
}

/* The key of a retry / call word in the strings. */
static const char *retry_key(enum code_retry r, char *buf, size_t len)
{
	snprintf(buf, len, "code.retry.%s", code_retry_word(r));
	return buf;
}

static const char *call_key(enum code_call c, char *buf, size_t len)
{
	snprintf(buf, len, "code.call.%s", code_call_word(c));
	return buf;
}

struct hit {
	const struct code_table *t;
	const struct code_entry *ce;
};

/* The helpdesk and terminal lines (text). */
static void text_helpdesk(FILE *out, const struct app *app)
{
	char buf[512];

	if (app->cfg.site.helpdesk[0])
		fprintf(out, "%s\n", fill(app, "code.helpdesk", "helpdesk", app->cfg.site.helpdesk,
					  buf, sizeof(buf)));
	else
		fprintf(out, "%s\n", str(app, "code.helpdesk.unknown"));
	if (app->cfg.site.terminal_id[0])
		fprintf(out, "%s\n", fill(app, "code.terminal", "terminal_id",
					  app->cfg.site.terminal_id, buf, sizeof(buf)));
}

/* The answer for people. */
static void write_text(FILE *out, const struct app *app, const char *code,
		       const struct hit *hits, int n)
{
	bool call_acquirer = n == 0;
	const char *sep = app->lang == LANG_ZH_CN ? "：" : ": ";
	char buf[1024], k[64];

	fprintf(out, "%s\n", fill(app, "code.title", "code", code, buf, sizeof(buf)));
	for (int i = 0; i < n; i++) {
		const struct code_entry *ce = hits[i].ce;

		fprintf(out, "\n%s", tr(&hits[i].t->name, app->lang));
		if (ce->cls)
			fprintf(out, (app->lang == LANG_ZH_CN ? "，%s" : ", %s"),
				class_line(app, hits[i].t, ce, buf, sizeof(buf)));
		fprintf(out, "\n");
		fprintf(out, "  %s%s%s\n", str(app, "code.meaning"), sep, tr(&ce->meaning, app->lang));
		fprintf(out, "  %s%s%s\n", str(app, "code.retry"), sep,
			str(app, retry_key(ce->retry, k, sizeof(k))));
		fprintf(out, "  %s%s%s\n", str(app, "code.call"), sep,
			str(app, call_key(ce->call, k, sizeof(k))));
		fprintf(out, "  %s%s%s\n", str(app, "code.advice"), sep, tr(&ce->advice, app->lang));
		call_acquirer |= ce->call == CODE_CALL_ACQUIRER;
	}
	if (n > 1)
		fprintf(out, "\n%s\n", str(app, "code.both"));
	if (n == 0) {
		fprintf(out, "\n%s\n", fill(app, "code.unknown", "code", code, buf, sizeof(buf)));
		fprintf(out, "%s\n", str(app, "code.unknown.advice"));
	}
	if (call_acquirer) {
		fprintf(out, "\n");
		text_helpdesk(out, app);
	}
}

/* A JSON string, or null for an empty one. */
static void json_or_null(FILE *out, const char *s)
{
	if (s && *s)
		report_json_string(out, s);
	else
		fputs("null", out);
}

/* The answer for scripts: one JSON object. */
static void write_json(FILE *out, const struct app *app, const char *code,
		       const struct hit *hits, int n)
{
	char buf[1024], k[64];

	fputs("{\"code\": ", out);
	report_json_string(out, code);
	fprintf(out, ", \"known\": %s, \"language\": \"%s\",\n \"tables\": [", n ? "true" : "false",
		lang_code(app->lang));
	for (int i = 0; i < n; i++) {
		const struct code_entry *ce = hits[i].ce;
		const struct tr_text *ct = codebook_class(hits[i].t, ce->cls);
		char cls[2] = { ce->cls, '\0' };

		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"table\": ", out);
		report_json_string(out, hits[i].t->id);
		fputs(", \"table_name\": ", out);
		report_json_string(out, tr(&hits[i].t->name, app->lang));
		fputs(", \"class\": ", out);
		json_or_null(out, cls);
		fputs(", \"class_text\": ", out);
		json_or_null(out, ct ? tr(ct, app->lang) : NULL);
		fputs(",\n   \"meaning\": ", out);
		report_json_string(out, tr(&ce->meaning, app->lang));
		fprintf(out, ", \"retry\": \"%s\", \"retry_text\": ", code_retry_word(ce->retry));
		report_json_string(out, str(app, retry_key(ce->retry, k, sizeof(k))));
		fprintf(out, ",\n   \"call\": \"%s\", \"call_text\": ", code_call_word(ce->call));
		report_json_string(out, str(app, call_key(ce->call, k, sizeof(k))));
		fputs(",\n   \"advice\": ", out);
		report_json_string(out, tr(&ce->advice, app->lang));
		fputs("}", out);
	}
	fputs(n ? "\n ],\n" : "],\n", out);
	fputs(" \"note\": ", out);
	if (n > 1)
		report_json_string(out, str(app, "code.both"));
	else if (n == 0) {
		snprintf(buf, sizeof(buf), "%s", "");
		fill(app, "code.unknown", "code", code, buf, sizeof(buf));
		size_t l = strlen(buf);

		snprintf(buf + l, sizeof(buf) - l, " %s", str(app, "code.unknown.advice"));
		report_json_string(out, buf);
	} else
		fputs("null", out);
	fputs(",\n \"helpdesk\": ", out);
	json_or_null(out, app->cfg.site.helpdesk);
	fputs(", \"terminal_id\": ", out);
	json_or_null(out, app->cfg.site.terminal_id);
	fputs("}\n", out);
}

/* --code CODE: validate, look up in every table, print. */
int app_code(struct app *app, const char *input)
{
	struct codebook cb;
	struct hit hits[CODEBOOK_MAX_TABLES];
	char code[CODE_MAX_LEN + 1], why[200], shown[128];
	const char *dir;
	int n = 0, rc;

	if (code_normalise(input, code, why, sizeof(why)) != 0) {
		show_input(input, shown, sizeof(shown));
		fprintf(stderr, "posdoctor: --code '%s': %s; give the code the terminal shows, "
			"such as 51 or A0\n", shown, why);
		return 3;
	}
	if (app->format == REPORT_PROMETHEUS) {
		fprintf(stderr, "posdoctor: --code prints text or json, not prometheus\n");
		return 3;
	}
	if (app->output) {
		fprintf(stderr, "posdoctor: --code prints on standard output; -o is for reports\n");
		return 3;
	}
	dir = paths_datadir();
	memset(&cb, 0, sizeof(cb));
	if (!dir || codes_load_dir(&cb, dir, stderr) != 0) {
		if (!dir)
			fprintf(stderr, "posdoctor: cannot find the assets folder (codes/); "
				"set POSDOCTOR_DATADIR or reinstall\n");
		codebook_free(&cb);
		return 3;
	}
	for (int i = 0; i < cb.n_tables; i++) {
		const struct code_entry *ce = codebook_find(&cb.tables[i], code);

		if (ce) {
			hits[n].t = &cb.tables[i];
			hits[n].ce = ce;
			n++;
		}
	}
	if (app->format == REPORT_JSON)
		write_json(stdout, app, code, hits, n);
	else
		write_text(stdout, app, code, hits, n);
	rc = n ? 0 : 1;
	if (fflush(stdout) != 0)
		rc = 3;
	codebook_free(&cb);
	return rc;
}
