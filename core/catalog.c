/* catalog.c - translated strings and guided fixes, kept in memory. */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct text_entry {
	char *key;
	struct tr_text t;
};

/* An open-addressing index over the keys of an array (texts or fixes):
 * a slot holds an element's index + 1, 0 when empty. Its size is a power
 * of two at least twice the count of elements, so a lookup is a hash and a
 * compare or two, not a walk over every key (a screen redraw looks up
 * hundreds of texts). The arrays keep their order of insertion. */
struct key_index {
	size_t *slots;
	size_t size;
};

struct catalog {
	struct text_entry *texts;
	size_t n_texts, cap_texts;
	struct key_index text_ix;
	struct fix *fixes;
	size_t n_fixes, cap_fixes;
	struct key_index fix_ix;
};

/* The key of element i of an indexed array. */
typedef const char *(*key_at_fn)(const void *arr, size_t i);

static const char *text_key_at(const void *arr, size_t i)
{
	return ((const struct text_entry *)arr)[i].key;
}

static const char *fix_key_at(const void *arr, size_t i)
{
	return ((const struct fix *)arr)[i].code;
}

/* FNV-1a of a key. */
static size_t key_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding key, or the empty slot where it would go; NULL when the
 * index is still empty. */
static size_t *index_slot(const struct key_index *ix, const void *arr, key_at_fn key_at,
			  const char *key)
{
	size_t mask, h;

	if (!ix->size)
		return NULL;
	mask = ix->size - 1;
	h = key_hash(key) & mask;
	while (ix->slots[h] && strcmp(key_at(arr, ix->slots[h] - 1), key) != 0)
		h = (h + 1) & mask;
	return &ix->slots[h];
}

/* Room in the index for n + 1 elements of arr (n present), rebuilt larger
 * when needed. Returns 0, or -1 on ENOMEM (the index is left as it was). */
static int index_reserve(struct key_index *ix, const void *arr, key_at_fn key_at, size_t n)
{
	struct key_index bigger;

	if (ix->size >= 2 * (n + 1))
		return 0;
	bigger.size = ix->size ? ix->size : 256;
	while (bigger.size < 2 * (n + 1))
		bigger.size *= 2;
	bigger.slots = calloc(bigger.size, sizeof(*bigger.slots));
	if (!bigger.slots)
		return -1;
	for (size_t i = 0; i < n; i++)
		*index_slot(&bigger, arr, key_at, key_at(arr, i)) = i + 1;
	free(ix->slots);
	*ix = bigger;
	return 0;
}

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
	free(c->text_ix.slots);
	free(c->fix_ix.slots);
	free(c);
}

/* arr (n used of *cap elements, elem bytes each) with room for one more:
 * doubled when full. NULL on ENOMEM (arr is then left as it was). */
static void *grow(void *arr, size_t n, size_t *cap, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 64;
	void *bigger;

	if (n < *cap)
		return arr;
	bigger = realloc(arr, ncap * elem);
	if (bigger)
		*cap = ncap;
	return bigger;
}

static struct text_entry *text_find(const struct catalog *c, const char *key)
{
	size_t *slot = index_slot(&c->text_ix, c->texts, text_key_at, key);

	return slot && *slot ? &c->texts[*slot - 1] : NULL;
}

static struct fix *fix_find(const struct catalog *c, const char *code)
{
	size_t *slot = index_slot(&c->fix_ix, c->fixes, fix_key_at, code);

	return slot && *slot ? &c->fixes[*slot - 1] : NULL;
}

int catalog_set_text(struct catalog *c, const char *key, enum lang l, const char *text)
{
	struct text_entry *e = text_find(c, key);
	char *copy;

	if ((unsigned)l >= LANG_COUNT)
		return -1;
	if (!e) {
		struct text_entry *t;

		if (index_reserve(&c->text_ix, c->texts, text_key_at, c->n_texts) != 0)
			return -1;
		t = grow(c->texts, c->n_texts, &c->cap_texts, sizeof(*t));
		if (!t)
			return -1;
		c->texts = t;
		e = &c->texts[c->n_texts];
		memset(e, 0, sizeof(*e));
		e->key = strdup(key);
		if (!e->key)
			return -1;
		c->n_texts++;
		*index_slot(&c->text_ix, c->texts, text_key_at, key) = c->n_texts;
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
	struct fix *f = fix_find(c, fix->code);

	if (f) {
		fix_free(f);
		*f = *fix;
		memset(fix, 0, sizeof(*fix));
		return 0;
	}
	if (index_reserve(&c->fix_ix, c->fixes, fix_key_at, c->n_fixes) != 0)
		return -1;
	f = grow(c->fixes, c->n_fixes, &c->cap_fixes, sizeof(*f));
	if (!f)
		return -1;
	c->fixes = f;
	f = &c->fixes[c->n_fixes++];
	*f = *fix;
	memset(fix, 0, sizeof(*fix));
	*index_slot(&c->fix_ix, c->fixes, fix_key_at, f->code) = c->n_fixes;
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
	return fix_find(c, code);
}

const char *tr(const struct tr_text *t, enum lang l)
{
	if (!t)
		return "";
	if ((unsigned)l < LANG_COUNT && t->text[l])
		return t->text[l];
	return t->text[LANG_EN] ? t->text[LANG_EN] : "";
}

/* text_lookup_fn over a result: its arguments, then its metrics. */
static const char *result_lookup(void *arg, const char *name, size_t len,
				 char *buf, size_t buflen)
{
	const struct check_result *r = arg;
	const struct metric *m;
	char key[64];
	const char *val;

	if (!r || len >= sizeof(key))
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	val = result_find_arg(r, key);
	if (val)
		return val;
	m = result_find_metric(r, key);
	if (!m)
		return NULL;
	if (m->is_text)
		return m->text;
	text_number(m->value, buf, buflen);
	return buf;
}

/* Expand a template from a result into a fixed buffer. */
size_t catalog_expand(const char *tmpl, const struct check_result *r,
		      char *out, size_t len)
{
	return text_expand(tmpl, result_lookup, (void *)r, out, len);
}

/* Expand a template from a result, whole and malloc'd. */
char *catalog_expand_dup(const char *tmpl, const struct check_result *r)
{
	return text_expand_dup(tmpl, result_lookup, (void *)r);
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
