/* makers_load.c - read the list of payment-terminal makers (config/makers.h),
 * every problem reported as FILE:LINE:COLUMN: message. */
#define _POSIX_C_SOURCE 200809L
#include "makers.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "load_common.h"

/* The three bytes of a prefix written "00:17:6F", "00-17-6F" or "00176F". */
static bool prefix_parse(const char *s, uint8_t out[3])
{
	int digits = 0;
	unsigned v = 0;

	for (const char *p = s; *p; p++) {
		if (*p == ':' || *p == '-') {
			if (digits % 2 || digits == 0 || digits == 6)
				return false;
			continue;
		}
		if (!isxdigit((unsigned char)*p) || digits == 6)
			return false;
		v = v << 4 | (unsigned)(isdigit((unsigned char)*p) ? *p - '0' :
					 tolower((unsigned char)*p) - 'a' + 10);
		digits++;
	}
	if (digits != 6)
		return false;
	out[0] = (uint8_t)(v >> 16);
	out[1] = (uint8_t)(v >> 8);
	out[2] = (uint8_t)v;
	return true;
}

/* A scalar of printable text that fits in len bytes with its terminator. */
static bool text_ok(const struct yt_node *v, size_t len)
{
	if (!v || v->kind != YT_SCALAR || v->len == 0 || v->len >= len)
		return false;
	for (size_t i = 0; i < v->len; i++)
		if ((unsigned char)v->value[i] < ' ' || v->value[i] == 0x7f)
			return false;
	return true;
}

/* One list of strings (vendor names or prefixes) of a maker. */
static void parse_list(struct yt_node *v, const char *where, struct maker *m,
		       bool prefixes, struct yt_errs *e)
{
	char s[64];

	if (v->kind != YT_SEQ) {
		yt_error_at(e, v, "%s: expected a list such as [\"%s\"], got %s", where,
			    prefixes ? "00:17:6F" : "PAX Computer Technology", yt_kind_name(v));
		return;
	}
	for (size_t i = 0; i < v->n_kids; i++) {
		struct yt_node *it = v->kids[i];

		if (prefixes) {
			if (m->n_prefixes == MAKER_PREFIXES_MAX) {
				yt_error_at(e, it, "%s: more than %d prefixes", where,
					    MAKER_PREFIXES_MAX);
				return;
			}
			if (it->kind != YT_SCALAR || it->len != strlen(it->value) ||
			    !prefix_parse(it->value, m->prefixes[m->n_prefixes]))
				yt_error_at(e, it, "%s: '%s' is not a MAC prefix such as "
					    "00:17:6F (three bytes in hex)", where,
					    yt_show(it, s, sizeof(s)));
			else
				m->n_prefixes++;
			continue;
		}
		if (m->n_vendors == MAKER_PATTERNS_MAX) {
			yt_error_at(e, it, "%s: more than %d names", where, MAKER_PATTERNS_MAX);
			return;
		}
		if (!text_ok(it, MAKER_PATTERN_MAX))
			yt_error_at(e, it, "%s: expected a registry name of 1 to %d characters, "
				    "got '%s'", where, MAKER_PATTERN_MAX - 1, yt_show(it, s, sizeof(s)));
		else
			memcpy(m->vendors[m->n_vendors++], it->value, it->len + 1);
	}
}

/* One entry of makers: {name, vendors, prefixes}. */
static void parse_maker(struct yt_node *v, const char *where, struct maker_list *out,
			struct yt_errs *e)
{
	struct maker *m = &out->m[out->n];
	struct yt_node *name, *vendors, *prefixes;
	char s[64], w[64];

	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "%s: expected a map {name: ..., vendors: [...]}, got %s", where,
			    yt_kind_name(v));
		return;
	}
	yt_check_keys(v, where, e);
	for (size_t i = 0; i + 1 < v->n_kids; i += 2) {
		const struct yt_node *k = v->kids[i];

		if (!k->bad && strcmp(k->value, "name") != 0 && strcmp(k->value, "vendors") != 0 &&
		    strcmp(k->value, "prefixes") != 0)
			yt_error_at(e, k, "%s: unknown key '%s' (known: name, vendors, prefixes)",
				    where, yt_show(k, s, sizeof(s)));
	}
	memset(m, 0, sizeof(*m));
	name = load_map_get(v, "name");
	vendors = load_map_get(v, "vendors");
	prefixes = load_map_get(v, "prefixes");
	if (!name)
		yt_error_at(e, v, "%s: 'name' is missing (the maker's short name, such as PAX)",
			    where);
	else if (!text_ok(name, MAKER_NAME_MAX))
		yt_error_at(e, name, "%s.name: expected a name of 1 to %d characters, got '%s'",
			    where, MAKER_NAME_MAX - 1, yt_show(name, s, sizeof(s)));
	else
		memcpy(m->name, name->value, name->len + 1);
	snprintf(w, sizeof(w), "%s.vendors", where);
	if (vendors)
		parse_list(vendors, w, m, false, e);
	snprintf(w, sizeof(w), "%s.prefixes", where);
	if (prefixes)
		parse_list(prefixes, w, m, true, e);
	if (!vendors && !prefixes)
		yt_error_at(e, v, "%s: give 'vendors' (registry names) or 'prefixes' (MAC "
			    "prefixes), or both", where);
	if (m->name[0] && (m->n_vendors || m->n_prefixes))
		out->n++;
}

/* The whole file: {makers: [...]}. */
static void parse_root(struct yt_node *root, struct maker_list *out, struct yt_errs *e)
{
	struct yt_node *list;
	char where[32];

	if (!root) {
		yt_error(e, 1, 1, "empty file: expected makers: [{name: ..., vendors: [...]}]");
		return;
	}
	if (root->kind != YT_MAP) {
		yt_error_at(e, root, "expected a map with the key 'makers', got %s",
			    yt_kind_name(root));
		return;
	}
	yt_check_keys(root, "", e);
	list = load_map_get(root, "makers");
	if (!list || list->kind != YT_SEQ) {
		yt_error_at(e, list ? list : root, "'makers' must be a list of "
			    "{name: ..., vendors: [...], prefixes: [...]}");
		return;
	}
	for (size_t i = 0; i < list->n_kids; i++) {
		if (out->n == MAKERS_MAX) {
			yt_error_at(e, list->kids[i], "makers: more than %d makers", MAKERS_MAX);
			return;
		}
		snprintf(where, sizeof(where), "makers[%zu]", i);
		parse_maker(list->kids[i], where, out, e);
	}
}

/* Load a file of makers. */
int makers_load_file(const char *path, struct maker_list *out, FILE *errs)
{
	struct yt_errs e = { .file = path, .out = errs };
	struct yt_node *root = NULL;

	out->n = 0;
	if (yt_load_file(path, &root, &e) == 0)
		parse_root(root, out, &e);
	yt_free(root);
	yt_errs_flush(&e);
	return e.count;
}

/* Load makers from memory (tests, fuzzing). */
int makers_load_buffer(const char *buf, size_t len, const char *name,
		       struct maker_list *out, FILE *errs)
{
	struct yt_errs e = { .file = name, .out = errs };
	struct yt_node *root = NULL;

	out->n = 0;
	if (yt_load_buffer(buf, len, &root, &e) == 0)
		parse_root(root, out, &e);
	yt_free(root);
	yt_errs_flush(&e);
	return e.count;
}

/* Case-insensitive: whether hay contains needle. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* Which maker made the device, by prefix first, then by vendor name. */
const struct maker *makers_match(const struct maker_list *l, const uint8_t mac[6],
				 const char *vendor)
{
	for (int i = 0; i < l->n; i++)
		for (int j = 0; j < l->m[i].n_prefixes; j++)
			if (memcmp(l->m[i].prefixes[j], mac, 3) == 0)
				return &l->m[i];
	if (!vendor || !vendor[0])
		return NULL;
	for (int i = 0; i < l->n; i++)
		for (int j = 0; j < l->m[i].n_vendors; j++)
			if (contains_nocase(vendor, l->m[i].vendors[j]))
				return &l->m[i];
	return NULL;
}
