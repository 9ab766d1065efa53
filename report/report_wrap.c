/* report_wrap.c - lines of the text report: cleaned for a terminal, and
 * wrapped at the terminal's width in screen columns (Chinese characters
 * take two), never inside a character. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define SGR_RESET "\033[0m"

/* Whether a code point must not be shown as is: C0, DEL, C1 controls
 * (they could drive the terminal) and bidi overrides (they could disguise
 * the text). */
static bool wrap_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int report_cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w >= 0)
		return w;
	/* Not a UTF-8 locale: the East Asian Wide and Fullwidth blocks of
	 * Unicode UAX #11 take two columns, the rest one. */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

/* Closing punctuation that must not begin a line (Chinese line breaking:
 * no comma or full stop at the start of a line). */
static bool wrap_no_break_before(uint32_t cp)
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

void report_put_clean(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);

	while (n > 0) {
		uint32_t cp;
		size_t k = report_utf8_next(p, n, &cp);

		if (cp == '\t' || cp == '\n')
			cp = ' ';
		else if (wrap_unsafe(cp))
			cp = 0xFFFD;
		report_utf8_put(out, cp);
		p += k;
		n -= k;
	}
}

/* Write bytes [p, end) without trailing spaces, in colour sgr if set. */
static void wrap_piece(FILE *out, const char *sgr, const char *p, const char *end)
{
	while (end > p && end[-1] == ' ')
		end--;
	if (end == p)
		return;
	if (sgr)
		fputs(sgr, out);
	fwrite(p, 1, (size_t)(end - p), out);
	if (sgr)
		fputs(SGR_RESET, out);
}

/* Where the line starting at p must end to fit avail columns: the last
 * break (before a space, before or after a wide character) that fits, else
 * the last character that fits, else one character. NULL: the rest fits. */
static const char *wrap_cut(const char *p, const char *end, int avail)
{
	const char *q = p, *brk = NULL;
	int cols = 0;

	while (q < end) {
		uint32_t cp;
		size_t k = report_utf8_next((const unsigned char *)q, (size_t)(end - q), &cp);
		int w = report_cp_width(cp);

		if (q > p && (cp == ' ' || (w == 2 && !wrap_no_break_before(cp))))
			brk = q;
		if (cols + w > avail)
			return brk ? brk : q > p ? q : q + k;
		cols += w;
		q += k;
		if (w == 2 && q < end && *q != ' ') {
			uint32_t next;

			report_utf8_next((const unsigned char *)q, (size_t)(end - q), &next);
			if (!wrap_no_break_before(next))
				brk = q;
		}
	}
	return NULL;
}

void report_wrap(FILE *out, int width, const char *indent, const char *lead,
		 const char *lead_sgr, const char *sgr, const char *s)
{
	char *clean = NULL;
	size_t n = 0;
	int hang = (int)strlen(indent) + (lead && *lead ? (int)strlen(lead) + 1 : 0);
	/* Too narrow to be worth wrapping (a pipe has no width at all). */
	int avail = width - hang >= 8 ? width - hang : 0;
	const char *p, *end;
	FILE *m;

	fputs(indent, out);
	if (lead && *lead) {
		wrap_piece(out, lead_sgr, lead, lead + strlen(lead));
		putc(' ', out);
	}
	m = avail ? open_memstream(&clean, &n) : NULL;
	if (m) {
		report_put_clean(m, s);
		if (fclose(m) != 0) {
			free(clean);
			m = NULL;
		}
	}
	if (!m) {
		/* No wrapping (or no memory for it): one line, still clean. */
		if (sgr)
			fputs(sgr, out);
		report_put_clean(out, s);
		if (sgr)
			fputs(SGR_RESET, out);
		putc('\n', out);
		return;
	}
	p = clean;
	end = clean + n;
	while (p < end) {
		const char *cut = wrap_cut(p, end, avail);

		if (!cut) {
			wrap_piece(out, sgr, p, end);
			break;
		}
		wrap_piece(out, sgr, p, cut);
		fprintf(out, "\n%*s", hang, "");
		p = cut;
		while (p < end && *p == ' ')
			p++;
	}
	putc('\n', out);
	free(clean);
}
