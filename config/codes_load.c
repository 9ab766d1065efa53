/* codes_load.c - read the response-code tables, every problem reported as
 * FILE:LINE:COLUMN: message (format: posdoctor.yaml(5), CODE TABLES). */
#define _POSIX_C_SOURCE 200809L
#include "codes_load.h"

#include <stdlib.h>
#include <string.h>

#include "load_common.h"

#define MAX_CODES 256

/* Whether s is a table id: lower-case letters, digits, '_' (1-31 bytes). */
static bool valid_id(const struct yt_node *v)
{
	if (!v || v->kind != YT_SCALAR || v->len == 0 || v->len > 31)
		return false;
	for (size_t i = 0; i < v->len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", v->value[i]) || !v->value[i])
			return false;
	return true;
}

/* Index of word in words (NULL-terminated array of count), or -1. */
static int word_index(const struct yt_node *v, const char *(*word)(int), int count)
{
	if (!v || v->kind != YT_SCALAR)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(v->value, word(i)) == 0)
			return i;
	return -1;
}

static const char *retry_word(int i) { return code_retry_word((enum code_retry)i); }
static const char *call_word(int i) { return code_call_word((enum code_call)i); }

/* Report keys of map m that are not in known (NULL-terminated). */
static void unknown_keys(struct yt_node *m, const char *where, const char *const *known,
			 const char *list, struct yt_errs *e)
{
	char s[64];

	yt_check_keys(m, where, e);
	for (size_t i = 0; i + 1 < m->n_kids; i += 2) {
		const struct yt_node *k = m->kids[i];
		bool ok = false;

		if (k->bad)
			continue;
		for (int j = 0; known[j]; j++)
			ok |= strcmp(k->value, known[j]) == 0;
		if (!ok)
			yt_error_at(e, k, "%s%sunknown key '%s' (known: %s)", where, *where ? ": " : "",
				    yt_show(k, s, sizeof(s)), list);
	}
}

/* The table: {id: word, name: {en, zh_CN}}. */
static void parse_table_head(struct yt_node *v, struct code_table *t, struct yt_errs *e)
{
	static const char *const known[] = { "id", "name", NULL };
	struct yt_node *id, *name;
	char s[64];

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "table: expected a map {id: ..., name: {en: ..., zh_CN: ...}}, "
			    "got %s", yt_kind_name(v));
		return;
	}
	unknown_keys(v, "table", known, "id, name", e);
	id = load_map_get(v, "id");
	name = load_map_get(v, "name");
	if (!id)
		yt_error_at(e, v, "table: 'id' is missing (a short word such as cup)");
	else if (!valid_id(id))
		yt_error_at(e, id, "table.id: '%s' must be lower-case letters, digits or '_'",
			    yt_show(id, s, sizeof(s)));
	else
		t->id = strdup(id->value);
	if (!name)
		yt_error_at(e, v, "table: 'name' is missing");
	else
		load_tr_full(name, "table.name", &t->name, e);
}

/* classes: {A: {en, zh_CN}, ...}: one upper-case letter each. */
static void parse_classes(struct yt_node *v, struct code_table *t, struct yt_errs *e)
{
	char s[64], where[32];

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "classes: expected a map such as {A: {en: ..., zh_CN: ...}}, "
			    "got %s", yt_kind_name(v));
		return;
	}
	yt_check_keys(v, "classes", e);
	for (size_t i = 0; i + 1 < v->n_kids; i += 2) {
		const struct yt_node *k = v->kids[i];

		if (k->bad)
			continue;
		if (k->len != 1 || k->value[0] < 'A' || k->value[0] > 'Z') {
			yt_error_at(e, k, "classes: '%s' is not a class: use one capital letter",
				    yt_show(k, s, sizeof(s)));
			continue;
		}
		if (t->n_classes == CODEBOOK_MAX_CLASSES) {
			yt_error_at(e, k, "classes: more than %d", CODEBOOK_MAX_CLASSES);
			break;
		}
		snprintf(where, sizeof(where), "classes.%c", k->value[0]);
		t->class_id[t->n_classes] = k->value[0];
		load_tr_full(v->kids[i + 1], where, &t->class_text[t->n_classes], e);
		t->n_classes++;
	}
}

/* One code entry: class (when the table has classes), retry, call, meaning, advice. */
static void parse_code(struct yt_node *v, const char *code, struct code_table *t,
		       struct code_entry *ce, struct yt_errs *e)
{
	static const char *const known[] = { "class", "retry", "call", "meaning", "advice", NULL };
	struct yt_node *cls, *retry, *call, *meaning, *advice;
	char where[64], s[64];
	int i;

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "%s: expected a map with retry, call, meaning and advice, got %s",
			    code, yt_kind_name(v));
		return;
	}
	unknown_keys(v, code, known, "class, retry, call, meaning, advice", e);
	cls = load_map_get(v, "class");
	retry = load_map_get(v, "retry");
	call = load_map_get(v, "call");
	meaning = load_map_get(v, "meaning");
	advice = load_map_get(v, "advice");
	if (t->n_classes && !cls) {
		yt_error_at(e, v, "%s: 'class' is missing (this table has action classes)", code);
	} else if (cls && !t->n_classes) {
		yt_error_at(e, cls, "%s.class: this table defines no classes", code);
	} else if (cls) {
		if (cls->kind != YT_SCALAR || cls->len != 1 || !codebook_class(t, cls->value[0]))
			yt_error_at(e, cls, "%s.class: '%s' is not one of the table's classes", code,
				    yt_show(cls, s, sizeof(s)));
		else
			ce->cls = cls->value[0];
	}
	if (!retry)
		yt_error_at(e, v, "%s: 'retry' is missing (yes, later or no)", code);
	else if ((i = word_index(retry, retry_word, CODE_RETRY_COUNT)) < 0)
		yt_error_at(e, retry, "%s.retry: '%s' is not one of yes, later, no", code,
			    yt_show(retry, s, sizeof(s)));
	else
		ce->retry = (enum code_retry)i;
	if (!call)
		yt_error_at(e, v, "%s: 'call' is missing (nobody, issuer or acquirer)", code);
	else if ((i = word_index(call, call_word, CODE_CALL_COUNT)) < 0)
		yt_error_at(e, call, "%s.call: '%s' is not one of nobody, issuer, acquirer", code,
			    yt_show(call, s, sizeof(s)));
	else
		ce->call = (enum code_call)i;
	snprintf(where, sizeof(where), "%s.meaning", code);
	if (!meaning)
		yt_error_at(e, v, "%s: 'meaning' is missing", code);
	else
		load_tr_full(meaning, where, &ce->meaning, e);
	snprintf(where, sizeof(where), "%s.advice", code);
	if (!advice)
		yt_error_at(e, v, "%s: 'advice' is missing", code);
	else
		load_tr_full(advice, where, &ce->advice, e);
}

/* Whether a key names a code as terminals show it: two digits or capitals. */
static bool valid_code(const struct yt_node *k)
{
	if (k->len != 2)
		return false;
	for (int i = 0; i < 2; i++)
		if (!((k->value[i] >= '0' && k->value[i] <= '9') ||
		      (k->value[i] >= 'A' && k->value[i] <= 'Z')))
			return false;
	return true;
}

/* codes: {"51": {...}, ...}. */
static void parse_codes(struct yt_node *v, struct code_table *t, struct yt_errs *e)
{
	char s[64];

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "codes: expected a map of codes such as \"51\": {...}, got %s",
			    yt_kind_name(v));
		return;
	}
	yt_check_keys(v, "codes", e);
	t->codes = calloc(MAX_CODES, sizeof(*t->codes));
	if (!t->codes) {
		yt_error_at(e, v, "out of memory");
		return;
	}
	for (size_t i = 0; i + 1 < v->n_kids; i += 2) {
		const struct yt_node *k = v->kids[i];
		struct code_entry *ce;

		if (k->bad || v->kids[i + 1]->bad)
			continue;
		if (!valid_code(k)) {
			yt_error_at(e, k, "codes: '%s' is not a response code: write two digits or "
				    "capital letters, quoted, such as \"05\" or \"A0\"",
				    yt_show(k, s, sizeof(s)));
			continue;
		}
		if (t->n_codes == MAX_CODES) {
			yt_error_at(e, k, "codes: more than %d", MAX_CODES);
			break;
		}
		ce = &t->codes[t->n_codes++];
		memcpy(ce->code, k->value, 3);
		parse_code(v->kids[i + 1], ce->code, t, ce, e);
	}
	if (t->n_codes == 0)
		yt_error_at(e, v, "codes: the table has no codes");
}

/* Free one table's contents. */
static void table_clear(struct code_table *t)
{
	struct codebook tmp;

	memset(&tmp, 0, sizeof(tmp));
	tmp.tables[0] = *t;
	tmp.n_tables = 1;
	codebook_free(&tmp);
	memset(t, 0, sizeof(*t));
}

/* Fill t from a file's tree. */
static void table_from_tree(struct yt_node *root, struct code_table *t, struct yt_errs *e)
{
	static const char *const known[] = { "table", "classes", "codes", NULL };
	struct yt_node *head, *classes, *codes;

	if (!root || yt_is_null(root) || root->bad) {
		yt_error(e, 1, 1, "the file is empty: expected table, classes and codes");
		return;
	}
	if (root->kind != YT_MAP) {
		yt_error_at(e, root, "the top level must be a map with table and codes, not %s",
			    yt_kind_name(root));
		return;
	}
	unknown_keys(root, "", known, "table, classes, codes", e);
	head = load_map_get(root, "table");
	classes = load_map_get(root, "classes");
	codes = load_map_get(root, "codes");
	if (!head)
		yt_error_at(e, root, "'table' is missing");
	else
		parse_table_head(head, t, e);
	if (classes)
		parse_classes(classes, t, e);
	if (!codes)
		yt_error_at(e, root, "'codes' is missing");
	else
		parse_codes(codes, t, e);
}

/* One table file. */
int codes_load_file(struct codebook *cb, const char *path, FILE *errs)
{
	struct yt_errs e = { .file = path, .out = errs };
	struct yt_node *root = NULL;
	struct code_table t;

	memset(&t, 0, sizeof(t));
	if (yt_load_file(path, &root, &e) == 0)
		table_from_tree(root, &t, &e);
	if (e.count == 0 && t.id) {
		int slot = cb->n_tables;

		for (int i = 0; i < cb->n_tables; i++)
			if (strcmp(cb->tables[i].id, t.id) == 0)
				slot = i;
		if (slot == CODEBOOK_MAX_TABLES) {
			yt_error(&e, 1, 1, "more than %d code tables", CODEBOOK_MAX_TABLES);
		} else {
			if (slot < cb->n_tables)
				table_clear(&cb->tables[slot]);
			else
				cb->n_tables++;
			cb->tables[slot] = t;
			memset(&t, 0, sizeof(t));
		}
	}
	table_clear(&t);
	yt_free(root);
	yt_errs_flush(&e);
	return e.count;
}

/* load_each_in's loader: one file. */
static int load_one(void *obj, const char *path, FILE *errs)
{
	return codes_load_file(obj, path, errs);
}

/* The shipped tables. */
int codes_load_dir(struct codebook *cb, const char *datadir, FILE *errs)
{
	return load_each_in(datadir, "codes", errs, load_one, cb);
}
