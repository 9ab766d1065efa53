/* config_yaml.c - the generic walker: applies a YAML map to a struct by a
 * key table (config_keys.h), converting each value by its row's type and
 * reporting every problem as FILE:LINE:COLUMN: message in one pass.
 *
 * It knows no table of its own: config_keys.c (the rows) and config.c
 * (config_load_file) call it, never the other way round.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_load.h"
#include "guide_load.h"
#include "config.h"
#include "config_keys.h"

/* Standard serial rates (POSIX termios B-constants up to 230400). */
static const int std_bauds[] = {
	110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400,
};

/* Find the row whose path is exactly path. */
static const struct key_row *row_find(const struct key_row *rows, const char *path)
{
	for (const struct key_row *r = rows; r->path; r++)
		if (strcmp(r->path, path) == 0)
			return r;
	return NULL;
}

/* The last part of r's path when r is a key directly under prefix ("" at
 * the top of the table), else NULL. */
static const char *row_leaf(const struct key_row *r, const char *prefix, size_t pl)
{
	const char *leaf = r->path;

	if (pl) {
		if (strncmp(r->path, prefix, pl) != 0 || r->path[pl] != '.')
			return NULL;
		leaf = r->path + pl + 1;
	}
	return strchr(leaf, '.') ? NULL : leaf;
}

/* The closest known key directly under prefix, or NULL when none is close. */
static const char *row_suggest(const struct key_row *rows, const char *prefix,
			       const char *key)
{
	size_t pl = strlen(prefix);
	const char *best = NULL, *leaf;
	int best_d = 99;

	for (const struct key_row *r = rows; r->path; r++) {
		int d;

		if (!(leaf = row_leaf(r, prefix, pl)))
			continue;
		d = yt_edit_distance(key, leaf);
		if (d < best_d) {
			best_d = d;
			best = leaf;
		}
	}
	/* Close: a typo or two, or a third of the word. */
	if (best && (best_d <= 2 || (size_t)best_d * 3 <= strlen(key)) &&
	    (size_t)best_d < strlen(key))
		return best;
	/* Or a known key with something added: "baudrate" for "baud". */
	for (const struct key_row *r = rows; r->path; r++)
		if ((leaf = row_leaf(r, prefix, pl)) && strlen(leaf) >= 4 &&
		    strncmp(key, leaf, strlen(leaf)) == 0)
			return leaf;
	return NULL;
}

/* " (known keys: a, b, c)": the keys directly under prefix. */
static void row_list(const struct key_row *rows, const char *prefix, char *out, size_t len)
{
	size_t pl = strlen(prefix), o;
	int n = 0;

	o = (size_t)snprintf(out, len, " (known keys: ");
	for (const struct key_row *r = rows; r->path && o < len; r++) {
		const char *leaf = row_leaf(r, prefix, pl);

		if (leaf)
			o += (size_t)snprintf(out + o, len - o, "%s%s", n++ ? ", " : "", leaf);
	}
	if (o < len)
		snprintf(out + o, len - o, ")");
}

/* Remember which node set a top-level path (for cross-key checks). */
static void seen_add(struct load_ctx *ctx, const char *path, const struct yt_node *v)
{
	if (ctx->n_seen < (int)(sizeof(ctx->seen) / sizeof(ctx->seen[0]))) {
		ctx->seen[ctx->n_seen].path = path;
		ctx->seen[ctx->n_seen].node = v;
		ctx->n_seen++;
	}
}

/* The node that last set a top-table path, or NULL. */
const struct yt_node *config_seen(const struct load_ctx *ctx, const char *path)
{
	for (int i = ctx->n_seen - 1; i >= 0; i--)
		if (strcmp(ctx->seen[i].path, path) == 0)
			return ctx->seen[i].node;
	return NULL;
}

/* Apply every key of map m, reporting unknown and duplicate keys. */
void config_walk(const struct key_row *rows, void *base, const struct yt_node *m,
		 const char *prefix, const char *shown, struct load_ctx *ctx)
{
	char path[160], name[200], s[64];

	yt_check_keys((struct yt_node *)m, shown, &ctx->errs);
	for (size_t i = 0; i + 1 < m->n_kids; i += 2) {
		const struct yt_node *k = m->kids[i], *v = m->kids[i + 1];
		const struct key_row *row;

		if (k->bad)
			continue;
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", k->value);
		snprintf(name, sizeof(name), "%s%s%s", shown, *shown ? "." : "", k->value);
		row = strlen(k->value) < 64 ? row_find(rows, path) : NULL;
		if (!row) {
			const char *hint = row_suggest(rows, prefix, k->value);
			char known[400];

			if (hint)
				snprintf(known, sizeof(known), "; did you mean '%s'?", hint);
			else
				row_list(rows, prefix, known, sizeof(known));
			yt_error_at(&ctx->errs, k, "unknown key '%s'%s%s%s",
				    yt_show(k, s, sizeof(s)),
				    *shown ? " in " : " at the top level", shown, known);
			continue;
		}
		if (rows == ctx->top_rows)
			seen_add(ctx, row->path, v);
		config_apply(rows, row, base, v, name, ctx);
	}
}

/* Type error: "serial.baud: expected an integer, got 'fast'". */
static void type_error(struct load_ctx *ctx, const struct yt_node *v, const char *shown,
		       const char *expected)
{
	char s[64];

	if (v->kind == YT_SCALAR && !yt_is_null(v))
		yt_error_at(&ctx->errs, v, "%s: expected %s, got '%s'", shown, expected,
			    yt_show(v, s, sizeof(s)));
	else
		yt_error_at(&ctx->errs, v, "%s: expected %s, got %s", shown, expected,
			    yt_kind_name(v));
}

/* Parse a whole scalar as a decimal integer (optional sign). */
static bool parse_int(const struct yt_node *v, long long *out)
{
	char *end;

	if (v->kind != YT_SCALAR || v->len == 0 || v->len != strlen(v->value))
		return false;
	errno = 0;
	*out = strtoll(v->value, &end, 10);
	return errno == 0 && *end == '\0' && end != v->value &&
	       (v->value[0] == '-' || v->value[0] == '+' || (v->value[0] >= '0' && v->value[0] <= '9'));
}

/* Parse a finite decimal number. */
static bool parse_number(const struct yt_node *v, double *out)
{
	char *end;

	if (v->kind != YT_SCALAR || v->len == 0 || v->len != strlen(v->value))
		return false;
	for (const char *p = v->value; *p; p++)
		if (!strchr("0123456789+-.eE", *p))
			return false;
	errno = 0;
	*out = strtod(v->value, &end);
	return errno == 0 && *end == '\0' && isfinite(*out);
}

/* YAML 1.1 booleans people actually write. */
static bool parse_bool(const struct yt_node *v, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES",
					   "on", "On", "ON", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO",
					  "off", "Off", "OFF", NULL };

	if (v->kind != YT_SCALAR)
		return false;
	for (int i = 0; yes[i]; i++) {
		if (strcmp(v->value, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->value, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* "0x11ca" (hex) or a decimal 0..65535. */
static bool parse_usb_id(const struct yt_node *v, int *out)
{
	long long n;
	char *end;

	if (v->kind != YT_SCALAR || v->len != strlen(v->value))
		return false;
	if ((v->value[0] == '0') && (v->value[1] == 'x' || v->value[1] == 'X')) {
		if (!v->value[2] || v->len > 6)
			return false;
		n = strtoll(v->value + 2, &end, 16);
		if (*end || v->value[2] == '-' || v->value[2] == '+' || v->value[2] == ' ')
			return false;
	} else if (!parse_int(v, &n)) {
		return false;
	}
	if (n < 0 || n > 0xffff)
		return false;
	*out = (int)n;
	return true;
}

/* Hex bytes: pairs of hex digits, optionally separated by spaces. */
static bool valid_hex(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s == ' ') {
			if (digits % 2)
				return false;
			continue;
		}
		if (!strchr("0123456789abcdefABCDEF", *s))
			return false;
		digits++;
	}
	return digits % 2 == 0;
}

/* Whether b is a standard serial rate (also used for try_bauds). */
bool config_is_std_baud(int b)
{
	for (size_t i = 0; i < sizeof(std_bauds) / sizeof(std_bauds[0]); i++)
		if (std_bauds[i] == b)
			return true;
	return false;
}

/* Copy a string value into a char[size] field; errors when it does not fit. */
static void apply_string(const struct key_row *row, char *field, const struct yt_node *v,
			 const char *shown, struct load_ctx *ctx, const char *dir)
{
	char buf[CFG_PATH_MAX * 2];
	const char *text;

	if (v->kind != YT_SCALAR || yt_is_null(v) || v->len != strlen(v->value)) {
		type_error(ctx, v, shown, row->names ? "one of the words below" : "a string");
		return;
	}
	text = v->value;
	if (row->names) {
		bool ok = false;
		char list[256] = "";

		for (int i = 0; row->names[i]; i++) {
			ok |= strcmp(text, row->names[i]) == 0;
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", row->names[i]);
		}
		if (!ok) {
			char s[64];

			yt_error_at(&ctx->errs, v, "%s: '%s' is not one of %s", shown,
				    yt_show(v, s, sizeof(s)), list);
			return;
		}
	}
	if (dir && *dir && *text && text[0] != '/' && strcmp(text, "auto") != 0) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, text);
		text = buf;
	}
	if (row->type == K_HEX && !valid_hex(text)) {
		char s[64];

		yt_error_at(&ctx->errs, v, "%s: expected hex bytes such as \"06\" or \"02 41 03\", "
			    "got '%s'", shown, yt_show(v, s, sizeof(s)));
		return;
	}
	if (strlen(text) >= row->size) {
		yt_error_at(&ctx->errs, v, "%s: too long (%zu bytes, at most %zu)", shown,
			    strlen(text), row->size - 1);
		return;
	}
	memcpy(field, text, strlen(text) + 1);
}

/* Out-of-range message for numbers: "network.count: 0 is out of range 1..1000". */
static void range_error(struct load_ctx *ctx, const struct yt_node *v, const char *shown,
			const struct key_row *row)
{
	yt_error_at(&ctx->errs, v, "%s: %s is out of range %g..%g", shown, v->value,
		    row->min, row->max);
}

/* Convert v by row's type and store it, or report why not. */
void config_apply(const struct key_row *rows, const struct key_row *row, void *base,
		  const struct yt_node *v, const char *shown, struct load_ctx *ctx)
{
	char *field = (char *)base + row->offset;
	long long n;
	double d;
	bool b;
	int id;

	if (v->bad)
		return;
	switch (row->type) {
	case K_SECTION:
		if (row->size == sizeof(bool))
			*(bool *)field = true;
		if (yt_is_null(v))
			return;        /* "serial:" with every key commented out */
		if (v->kind != YT_MAP) {
			type_error(ctx, v, shown, "a map of keys");
			return;
		}
		config_walk(rows, base, v, row->path, shown, ctx);
		return;
	case K_STRING:
	case K_HEX:
		apply_string(row, field, v, shown, ctx, NULL);
		return;
	case K_PATH:
		apply_string(row, field, v, shown, ctx, ctx->dir);
		return;
	case K_INT:
	case K_BAUD:
		if (!parse_int(v, &n)) {
			type_error(ctx, v, shown, "an integer");
		} else if (row->type == K_BAUD && (n > 10000000 || !config_is_std_baud((int)n))) {
			yt_error_at(&ctx->errs, v, "%s: %s is not a standard rate (1200, 2400, "
				    "4800, 9600, 19200, 38400, 57600, 115200...)", shown, v->value);
		} else if (row->type == K_INT && (n < row->min || n > row->max)) {
			range_error(ctx, v, shown, row);
		} else {
			*(int *)field = (int)n;
		}
		return;
	case K_NUMBER:
		if (!parse_number(v, &d))
			type_error(ctx, v, shown, "a number");
		else if (d < row->min || d > row->max)
			range_error(ctx, v, shown, row);
		else
			*(double *)field = d;
		return;
	case K_BOOL:
		if (!parse_bool(v, &b))
			type_error(ctx, v, shown, "true or false");
		else
			*(bool *)field = b;
		return;
	case K_ENUM: {
		char list[256] = "", s[64];

		for (int i = 0; row->names[i]; i++) {
			if (v->kind == YT_SCALAR && strcmp(v->value, row->names[i]) == 0) {
				*(int *)field = i;
				return;
			}
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", row->names[i]);
		}
		if (v->kind == YT_SCALAR && !yt_is_null(v))
			yt_error_at(&ctx->errs, v, "%s: '%s' is not one of %s", shown,
				    yt_show(v, s, sizeof(s)), list);
		else
			yt_error_at(&ctx->errs, v, "%s: expected one of %s, got %s", shown, list,
				    yt_kind_name(v));
		return;
	}
	case K_USB_ID:
		if (!parse_usb_id(v, &id))
			type_error(ctx, v, shown, "a USB id such as 0x11ca (0x0000..0xffff)");
		else
			*(int *)field = id;
		return;
	case K_CUSTOM:
		row->set(row, base, v, ctx);
		return;
	}
}
