/* tui_text.c - UTF-8 decoding, column widths, clipping and wrapping. */
#include "tui_text.h"

#include <string.h>
#include <wchar.h>

/* Decode one UTF-8 sequence. */
int tui_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int need;

	if (n == 0) {
		*cp = 0;
		return 1;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		c = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		c = u[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if ((size_t)need >= n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((need == 2 && c < 0x800) || (need == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return need + 1;
}

/* Screen columns of one code point. */
int tui_cp_width(uint32_t cp, bool ascii)
{
	int w;

	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return -1;
	if (cp < 0x80)
		return 1;
	if (ascii)
		return -1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? -1 : w;
}

/* Screen columns of the first n bytes of s. */
int tui_text_widthn(const char *s, size_t n, bool ascii)
{
	int cols = 0;

	for (size_t i = 0; i < n && s[i];) {
		uint32_t cp;
		int w;

		i += (size_t)tui_utf8_next(s + i, n - i, &cp);
		w = tui_cp_width(cp, ascii);
		cols += w < 0 ? 1 : w;
	}
	return cols;
}

/* Screen columns of s. */
int tui_text_width(const char *s, bool ascii)
{
	return tui_text_widthn(s, strlen(s), ascii);
}

/* Clip the first n bytes of s to cols columns, sanitised. */
int tui_text_fitn(const char *s, size_t n, int cols, bool ascii, bool ellipsis,
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
	if (ellipsis && tui_text_widthn(s, n, ascii) > cols)
		cols--; /* room for the ellipsis (one column in both forms) */
	for (size_t i = 0; i < n && s[i];) {
		uint32_t cp;
		int len = tui_utf8_next(s + i, n - i, &cp);
		int w = tui_cp_width(cp, ascii);
		bool bad = w < 0 || (cp == 0xFFFD && len == 1);

		if (bad)
			w = 1;
		if (used + w > cols || o + (size_t)(bad ? 1 : len) + ell_len + 1 > outlen) {
			clipped = true;
			break;
		}
		if (bad) {
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, (size_t)len);
			o += (size_t)len;
		}
		used += w;
		i += (size_t)len;
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
int tui_text_fit(const char *s, int cols, bool ascii, bool ellipsis,
		 char *out, size_t outlen)
{
	return tui_text_fitn(s, strlen(s), cols, ascii, ellipsis, out, outlen);
}

/* Copy s with double-width characters as '?'. */
void tui_text_narrow(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s), o = 0;

	if (outlen == 0)
		return;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = tui_utf8_next(s + i, n - i, &cp);
		bool wide = tui_cp_width(cp, false) == 2;
		size_t need = wide ? 1 : (size_t)len;

		if (o + need + 1 > outlen)
			break;
		if (wide)
			out[o++] = '?';
		else
			memcpy(out + o, s + i, (size_t)len);
		o += wide ? 0 : (size_t)len;
		i += (size_t)len;
	}
	out[o] = '\0';
}

/* Whether a line may break before or after cp (CJK ideographs, kana,
 * full-width forms and CJK punctuation). */
static bool cp_breakable(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Add a line (counted always, stored when there is room). */
static void line_add(struct tui_line *lines, int max, int *count, size_t off, size_t len)
{
	if (*count < max) {
		lines[*count].off = off;
		lines[*count].len = len;
	}
	(*count)++;
}

/* Break s into lines of at most width columns. */
int tui_text_wrap(const char *s, int width, bool ascii, struct tui_line *lines, int max)
{
	size_t n = strlen(s), start = 0, i = 0, brk = 0;
	int count = 0, cols = 0;
	bool have_brk = false;

	if (width < 1)
		width = 1;
	while (i < n) {
		uint32_t cp;
		int len = tui_utf8_next(s + i, n - i, &cp);
		int w = tui_cp_width(cp, ascii);

		if (cp == '\n') {
			line_add(lines, max, &count, start, i - start);
			i += 1;
			start = i;
			cols = 0;
			have_brk = false;
			continue;
		}
		if (w < 0)
			w = 1;
		if (cols + w > width && cp != ' ' && i > start) {
			if (have_brk && brk > start) {
				/* Break at the last opportunity; skip the spaces there. */
				line_add(lines, max, &count, start, brk - start);
				start = brk;
				while (start < n && s[start] == ' ')
					start++;
				/* Recount: the columns between the new start and i. */
				cols = tui_text_widthn(s + start, i - start, ascii);
			} else {
				line_add(lines, max, &count, start, i - start);
				start = i;
				cols = 0;
			}
			have_brk = false;
			continue; /* re-examine cp on the new line */
		}
		if (cp == ' ') {
			brk = i;          /* break before the space */
			have_brk = true;
		} else if (cp_breakable(cp)) {
			if (i > start) {
				brk = i;  /* before an ideograph */
				have_brk = true;
			}
		}
		cols += w;
		i += (size_t)len;
		if (cp_breakable(cp) && i < n) {
			brk = i;          /* after an ideograph */
			have_brk = true;
		}
	}
	/* Trailing spaces never start a line of their own. */
	if (i > start || count == 0)
		line_add(lines, max, &count, start, i - start);
	return count;
}
