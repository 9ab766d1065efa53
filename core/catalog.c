/* catalog.c - translated strings and guided fixes, kept in memory. */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct text_entry {
	char *key;
	struct tr_text t;
};

struct catalog {
	struct text_entry *texts;
	size_t n_texts, cap_texts;
	struct fix *fixes;
	size_t n_fixes, cap_fixes;
};

static const char *const lang_codes[LANG_COUNT] = {
	[LANG_EN] = "en",
	[LANG_ZH_CN] = "zh_CN",
};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? lang_codes[l] : "en";
}

bool lang_parse(const char *s, enum lang *out)
{
	if (!s)
		return false;
	if (strcmp(s, "en") == 0 || strncmp(s, "en_", 3) == 0 ||
	    strncmp(s, "en-", 3) == 0 || strcmp(s, "C") == 0 ||
	    strncmp(s, "C.", 2) == 0 || strcmp(s, "POSIX") == 0) {
		*out = LANG_EN;
		return true;
	}
	/* zh, zh_CN, zh-CN, zh_CN.UTF-8, zh_SG: Simplified Chinese. */
	if (strcmp(s, "zh") == 0 || strncmp(s, "zh_CN", 5) == 0 ||
	    strncmp(s, "zh-CN", 5) == 0 || strncmp(s, "zh_SG", 5) == 0 ||
	    strncmp(s, "zh.", 3) == 0 || strncmp(s, "zh-Hans", 7) == 0) {
		*out = LANG_ZH_CN;
		return true;
	}
	return false;
}

enum lang lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	enum lang l;

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return lang_parse(v, &l) ? l : LANG_EN;
	}
	return LANG_EN;
}

struct catalog *catalog_new(void)
{
	return calloc(1, sizeof(struct catalog));
}

static void tr_free(struct tr_text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
	}
}

static void fix_free(struct fix *f)
{
	free(f->code);
	tr_free(&f->title);
	tr_free(&f->why);
	for (int i = 0; i < f->n_steps; i++)
		tr_free(&f->steps[i]);
	memset(f, 0, sizeof(*f));
}

void catalog_free(struct catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_texts; i++) {
		free(c->texts[i].key);
		tr_free(&c->texts[i].t);
	}
	for (size_t i = 0; i < c->n_fixes; i++)
		fix_free(&c->fixes[i]);
	free(c->texts);
	free(c->fixes);
	free(c);
}

static struct text_entry *text_find(const struct catalog *c, const char *key)
{
	for (size_t i = 0; i < c->n_texts; i++)
		if (strcmp(c->texts[i].key, key) == 0)
			return &c->texts[i];
	return NULL;
}

int catalog_set_text(struct catalog *c, const char *key, enum lang l, const char *text)
{
	struct text_entry *e = text_find(c, key);
	char *copy;

	if ((unsigned)l >= LANG_COUNT)
		return -1;
	if (!e) {
		if (c->n_texts == c->cap_texts) {
			size_t cap = c->cap_texts ? c->cap_texts * 2 : 64;
			struct text_entry *n = realloc(c->texts, cap * sizeof(*n));

			if (!n)
				return -1;
			c->texts = n;
			c->cap_texts = cap;
		}
		e = &c->texts[c->n_texts];
		memset(e, 0, sizeof(*e));
		e->key = strdup(key);
		if (!e->key)
			return -1;
		c->n_texts++;
	}
	copy = strdup(text);
	if (!copy)
		return -1;
	free(e->t.text[l]);
	e->t.text[l] = copy;
	return 0;
}

int catalog_put_fix(struct catalog *c, struct fix *fix)
{
	for (size_t i = 0; i < c->n_fixes; i++) {
		if (strcmp(c->fixes[i].code, fix->code) == 0) {
			fix_free(&c->fixes[i]);
			c->fixes[i] = *fix;
			memset(fix, 0, sizeof(*fix));
			return 0;
		}
	}
	if (c->n_fixes == c->cap_fixes) {
		size_t cap = c->cap_fixes ? c->cap_fixes * 2 : 64;
		struct fix *n = realloc(c->fixes, cap * sizeof(*n));

		if (!n)
			return -1;
		c->fixes = n;
		c->cap_fixes = cap;
	}
	c->fixes[c->n_fixes++] = *fix;
	memset(fix, 0, sizeof(*fix));
	return 0;
}

const char *catalog_text(const struct catalog *c, enum lang l, const char *key)
{
	const struct text_entry *e = c ? text_find(c, key) : NULL;

	if (!e)
		return NULL;
	if ((unsigned)l < LANG_COUNT && e->t.text[l])
		return e->t.text[l];
	return e->t.text[LANG_EN];
}

const struct tr_text *catalog_entry(const struct catalog *c, const char *key)
{
	const struct text_entry *e = c ? text_find(c, key) : NULL;

	return e ? &e->t : NULL;
}

const struct fix *catalog_fix(const struct catalog *c, const char *code)
{
	if (!c || !code)
		return NULL;
	for (size_t i = 0; i < c->n_fixes; i++)
		if (strcmp(c->fixes[i].code, code) == 0)
			return &c->fixes[i];
	return NULL;
}

const char *tr(const struct tr_text *t, enum lang l)
{
	if (!t)
		return "";
	if ((unsigned)l < LANG_COUNT && t->text[l])
		return t->text[l];
	return t->text[LANG_EN] ? t->text[LANG_EN] : "";
}

/* Format a metric's number: integers plainly, others with one decimal. */
static void format_number(double v, char *buf, size_t n)
{
	if (!isfinite(v)) {
		snprintf(buf, n, "%s", "n/a");
		return;
	}
	if (v <= -1e15 || v >= 1e15)
		snprintf(buf, n, "%g", v);
	else if (v == (double)(long long)v)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "%.1f", v);
}

size_t catalog_expand(const char *tmpl, const struct check_result *r,
		      char *out, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return 0;
	for (const char *p = tmpl ? tmpl : ""; *p && o + 1 < len; p++) {
		const char *end;
		char name[64], num[48];
		const char *val = NULL;

		if (*p == '{' && (end = strchr(p + 1, '}')) != NULL &&
		    (size_t)(end - p - 1) < sizeof(name) && end > p + 1) {
			memcpy(name, p + 1, (size_t)(end - p - 1));
			name[end - p - 1] = '\0';
			if (r) {
				val = result_find_arg(r, name);
				if (!val) {
					const struct metric *m = result_find_metric(r, name);

					if (m && m->is_text) {
						val = m->text;
					} else if (m) {
						format_number(m->value, num, sizeof(num));
						val = num;
					}
				}
			}
			if (val) {
				size_t vl = strlen(val);

				if (vl > len - 1 - o)
					vl = len - 1 - o;
				memcpy(out + o, val, vl);
				o += vl;
				p = end;
				continue;
			}
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	/* Never cut a UTF-8 sequence in half when truncating. */
	if (o + 1 >= len) {
		size_t k = o;

		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)out[k - 1] & 0x80)) {
			unsigned char lead = (unsigned char)out[k - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

			if (o - (k - 1) < need) {
				o = k - 1;
				out[o] = '\0';
			}
		}
	}
	return o;
}

void catalog_each_text(const struct catalog *c,
		       void (*fn)(const char *key, const struct tr_text *t, void *arg),
		       void *arg)
{
	for (size_t i = 0; i < c->n_texts; i++)
		fn(c->texts[i].key, &c->texts[i].t, arg);
}

void catalog_each_fix(const struct catalog *c,
		      void (*fn)(const struct fix *f, void *arg), void *arg)
{
	for (size_t i = 0; i < c->n_fixes; i++)
		fn(&c->fixes[i], arg);
}
