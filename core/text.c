/* text.c - UTF-8 decoding, column widths, clipping, wrapping, placeholder
 * expansion and the plural rule, for every front end. */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decode one UTF-8 sequence. */
size_t text_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len;

	if (n == 0) {
		*cp = 0;
		return 1;
	}
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Encode one code point. */
size_t text_utf8_put(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The longest prefix that does not end inside a UTF-8 sequence. */
size_t text_utf8_whole(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = n, need;

	while (k > 0 && (u[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0 || !(u[k - 1] & 0x80))
		return n;
	need = u[k - 1] >= 0xF0 ? 4 : u[k - 1] >= 0xE0 ? 3 : u[k - 1] >= 0xC0 ? 2 : 1;
	return n - (k - 1) < need ? k - 1 : n;
}

/* C0, DEL and C1 controls. */
bool text_cp_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

/* East Asian Wide and Fullwidth blocks of Unicode UAX #11. */
static bool cp_east_asian_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Screen columns of one code point. */
int text_cp_width(uint32_t cp, bool ascii)
{
	int w;

	if (text_cp_control(cp))
		return -1;
	if (cp < 0x80)
		return 1;
	if (ascii)
		return -1;
	w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* A UTF-8 locale that does not know cp cannot show it either; any
	 * other locale knows no width at all (a report written to a pipe). */
	if (MB_CUR_MAX > 1)
		return -1;
	return cp_east_asian_wide(cp) ? 2 : 1;
}

/* CJK ideographs, kana, Hangul, full-width forms and CJK punctuation. */
bool text_cp_breakable(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Chinese line breaking: no comma, stop or closing bracket starts a line. */
bool text_cp_closing(uint32_t cp)
{
	static const uint32_t closing[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
		0xFF09, 0x300D, 0x300F, 0x300B, 0x3011, 0x201D, 0x2019,
	};

	for (size_t i = 0; i < sizeof(closing) / sizeof(closing[0]); i++)
		if (closing[i] == cp)
			return true;
	return false;
}

/* Screen columns of the first n bytes of s. */
int text_widthn(const char *s, size_t n, bool ascii)
{
	int cols = 0;

	for (size_t i = 0; i < n && s[i];) {
		uint32_t cp;
		int w;

		i += text_utf8_next(s + i, n - i, &cp);
		w = text_cp_width(cp, ascii);
		cols += w < 0 ? 1 : w;
	}
	return cols;
}

/* Screen columns of s. */
int text_width(const char *s, bool ascii)
{
	return text_widthn(s, strlen(s), ascii);
}

/* Clip the first n bytes of s to cols columns, sanitised. */
int text_fitn(const char *s, size_t n, int cols, bool ascii, bool ellipsis,
	      char *out, size_t outlen)
{
	const char *ell = ascii ? "~" : "\xE2\x80\xA6";
	size_t o = 0, ell_len = strlen(ell);
	int used = 0;
	bool clipped = false;

	if (outlen == 0)
		return 0;
	if (cols <= 0) {
		out[0] = '\0';
		return 0;
	}
	if (ellipsis && text_widthn(s, n, ascii) > cols)
		cols--; /* room for the ellipsis (one column in both forms) */
	for (size_t i = 0; i < n && s[i];) {
		uint32_t cp;
		size_t len = text_utf8_next(s + i, n - i, &cp);
		int w = text_cp_width(cp, ascii);
		bool bad = w < 0 || (cp == 0xFFFD && len == 1);

		if (bad)
			w = 1;
		if (used + w > cols || o + (bad ? 1 : len) + ell_len + 1 > outlen) {
			clipped = true;
			break;
		}
		if (bad) {
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, len);
			o += len;
		}
		used += w;
		i += len;
	}
	if (clipped && ellipsis && o + ell_len + 1 <= outlen) {
		memcpy(out + o, ell, ell_len);
		o += ell_len;
		used++;
	}
	out[o] = '\0';
	return used;
}

/* Clip s to cols columns, sanitised. */
int text_fit(const char *s, int cols, bool ascii, bool ellipsis, char *out, size_t outlen)
{
	return text_fitn(s, strlen(s), cols, ascii, ellipsis, out, outlen);
}

/* Copy s with double-width characters as '?'. */
void text_narrow(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s), o = 0;

	if (outlen == 0)
		return;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_utf8_next(s + i, n - i, &cp);
		bool wide = text_cp_width(cp, false) == 2;
		size_t need = wide ? 1 : len;

		if (o + need + 1 > outlen)
			break;
		if (wide)
			out[o++] = '?';
		else
			memcpy(out + o, s + i, len);
		o += wide ? 0 : len;
		i += len;
	}
	out[o] = '\0';
}

/* Add a line (counted always, stored when there is room). */
static void line_add(struct text_line *lines, int max, int *count, size_t off, size_t len)
{
	if (*count < max) {
		lines[*count].off = off;
		lines[*count].len = len;
	}
	(*count)++;
}

/* Whether a line may break between the characters a and b. */
static bool may_break_between(uint32_t a, int wa, uint32_t b, int wb)
{
	if (b == ' ')
		return true;
	if (a == ' ' || text_cp_closing(b))
		return false;
	return text_cp_breakable(a) || wa == 2 || text_cp_breakable(b) || wb == 2;
}

/* Break s into lines of at most width columns. */
int text_wrap(const char *s, int width, bool ascii, struct text_line *lines, int max)
{
	size_t n = strlen(s), start = 0, i = 0, brk = 0;
	uint32_t prev = ' ';
	int count = 0, cols = 0, prev_w = 1;

	if (width < 1)
		width = 1;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_next(s + i, n - i, &cp);
		int w = text_cp_width(cp, ascii);

		if (w < 0)
			w = 1;
		if (cp == '\n') {
			line_add(lines, max, &count, start, i - start);
			start = ++i;
			cols = 0;
			brk = 0;
			prev = ' ';
			continue;
		}
		if (i > start && may_break_between(prev, prev_w, cp, w))
			brk = i;
		if (cols + w > width && cp != ' ' && i > start) {
			/* Break at the last opportunity, else before cp; the spaces
			 * there belong to neither line. */
			size_t end = brk > start ? brk : i;

			while (end > start && s[end - 1] == ' ')
				end--;
			line_add(lines, max, &count, start, end - start);
			start = brk > start ? brk : i;
			while (start < n && s[start] == ' ')
				start++;
			cols = text_widthn(s + start, i > start ? i - start : 0, ascii);
			brk = 0;
			if (start >= i) {
				i = start;
				prev = ' ';
			}
			continue; /* re-examine from the new line's start */
		}
		cols += w;
		i += len;
		prev = cp;
		prev_w = w;
	}
	/* Trailing spaces never make a line of their own. */
	if (i > start || count == 0)
		line_add(lines, max, &count, start, i - start);
	return count;
}

/* Where expansion writes: a fixed buffer (truncating) or a stream. */
struct sink {
	char *out;
	size_t o, len;
	FILE *f;
};

/* Write n bytes of s to the sink. */
static void sink_put(struct sink *k, const char *s, size_t n)
{
	if (k->f) {
		fwrite(s, 1, n, k->f);
		return;
	}
	if (n > k->len - 1 - k->o)
		n = k->len - 1 - k->o;
	memcpy(k->out + k->o, s, n);
	k->o += n;
}

/* Expand tmpl into the sink: literal text as is, each known placeholder
 * as its value. */
static void expand_into(const char *tmpl, text_lookup_fn fn, void *arg, struct sink *k)
{
	for (const char *p = tmpl ? tmpl : ""; *p; p++) {
		const char *end = *p == '{' ? strchr(p + 1, '}') : NULL;
		const char *val = NULL;
		char buf[64];

		if (end && end > p + 1)
			val = fn(arg, p + 1, (size_t)(end - p - 1), buf, sizeof(buf));
		if (val) {
			sink_put(k, val, strlen(val));
			p = end;
		} else {
			sink_put(k, p, 1);
		}
	}
}

/* Expand placeholders into out, truncated on a whole character. */
size_t text_expand(const char *tmpl, text_lookup_fn fn, void *arg, char *out, size_t len)
{
	struct sink k = { out, 0, len, NULL };

	if (len == 0)
		return 0;
	expand_into(tmpl, fn, arg, &k);
	if (k.o + 1 >= len)
		k.o = text_utf8_whole(out, k.o);
	out[k.o] = '\0';
	return k.o;
}

/* Expand placeholders, whole, into a malloc'd string. */
char *text_expand_dup(const char *tmpl, text_lookup_fn fn, void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	struct sink k = { NULL, 0, 0, open_memstream(&buf, &len) };

	if (!k.f)
		return NULL;
	expand_into(tmpl, fn, arg, &k);
	if (fclose(k.f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Name, value pairs taken from a va_list. */
struct pairs {
	int n;
	const char *name[TEXT_MAX_PAIRS], *value[TEXT_MAX_PAIRS];
};

/* Collect NULL-terminated name, value pairs. */
static void pairs_collect(struct pairs *pp, va_list ap)
{
	const char *name;

	pp->n = 0;
	while (pp->n < TEXT_MAX_PAIRS && (name = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);

		pp->name[pp->n] = name;
		pp->value[pp->n++] = v ? v : "";
	}
}

/* text_lookup_fn over struct pairs. */
static const char *pairs_lookup(void *arg, const char *name, size_t len,
				char *buf, size_t buflen)
{
	const struct pairs *pp = arg;

	(void)buf;
	(void)buflen;
	for (int i = 0; i < pp->n; i++)
		if (strlen(pp->name[i]) == len && strncmp(pp->name[i], name, len) == 0)
			return pp->value[i];
	return NULL;
}

/* Expand tmpl from name, value pairs into out. */
size_t text_vformat(const char *tmpl, char *out, size_t len, va_list ap)
{
	struct pairs pp;

	pairs_collect(&pp, ap);
	return text_expand(tmpl, pairs_lookup, &pp, out, len);
}

/* Expand tmpl from name, value pairs into a malloc'd string. */
char *text_vformat_dup(const char *tmpl, va_list ap)
{
	struct pairs pp;

	pairs_collect(&pp, ap);
	return text_expand_dup(tmpl, pairs_lookup, &pp);
}

/* "<base>.one" or "<base>.many". */
const char *text_plural_key(const char *base, long n, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%s", base, n == 1 ? "one" : "many");
	return buf;
}

/* A number for people: integers plainly, others with one decimal. */
void text_number(double v, char *buf, size_t n)
{
	if (!isfinite(v))
		snprintf(buf, n, "%s", "n/a");
	else if (v <= -1e15 || v >= 1e15)
		snprintf(buf, n, "%g", v);
	else if (v == (double)(long long)v)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "%.1f", v);
}

/* Bounded copy, cut on a whole character. */
bool text_copy(char *dst, size_t n, const char *src)
{
	size_t len;

	if (n == 0)
		return false;
	if (!src)
		src = "";
	len = strnlen(src, n);
	if (len < n) {
		memcpy(dst, src, len + 1);
		return true;
	}
	len = text_utf8_whole(src, n - 1);
	memcpy(dst, src, len);
	dst[len] = '\0';
	return false;
}
