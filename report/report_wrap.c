/* report_wrap.c - lines of the text report: cleaned for a terminal, and
 * wrapped at the terminal's width in screen columns (Chinese characters
 * take two), never inside a character, by core/text.c's rules. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#define SGR_RESET "\033[0m"

/* Whether a code point must not be shown as is: C0, DEL, C1 controls
 * (they could drive the terminal) and bidi overrides (they could disguise
 * the text). */
static bool wrap_unsafe(uint32_t cp)
{
	return text_cp_control(cp) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* s cleaned for a terminal: unsafe characters as U+FFFD. */
void report_put_clean(FILE *out, const char *s)
{
	const char *p = s ? s : "";
	size_t n = strlen(p);

	while (n > 0) {
		uint32_t cp;
		size_t k = text_utf8_next(p, n, &cp);

		if (cp == '\t' || cp == '\n')
			cp = ' ';
		else if (wrap_unsafe(cp))
			cp = 0xFFFD;
		report_utf8_put(out, cp);
		p += k;
		n -= k;
	}
}

/* Write n bytes at p, in colour sgr if set. */
static void wrap_piece(FILE *out, const char *sgr, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (sgr)
		fputs(sgr, out);
	fwrite(p, 1, n, out);
	if (sgr)
		fputs(SGR_RESET, out);
}

/* The cleaned text of s, malloc'd; NULL on ENOMEM. */
static char *wrap_clean(const char *s)
{
	char *clean = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&clean, &n);

	if (!m)
		return NULL;
	report_put_clean(m, s);
	if (fclose(m) != 0) {
		free(clean);
		return NULL;
	}
	return clean;
}

/* One report line, wrapped under its start at width columns. */
void report_wrap(FILE *out, int width, const char *indent, const char *lead,
		 const char *lead_sgr, const char *sgr, const char *s)
{
	int hang = (int)strlen(indent) + (lead && *lead ? (int)strlen(lead) + 1 : 0);
	/* Too narrow to be worth wrapping (a pipe has no width at all). */
	int avail = width - hang >= 8 ? width - hang : 0;
	char *clean = avail ? wrap_clean(s) : NULL;
	struct text_line *lines = NULL;
	int n = 0;

	fputs(indent, out);
	if (lead && *lead) {
		wrap_piece(out, lead_sgr, lead, strlen(lead));
		putc(' ', out);
	}
	if (clean) {
		n = text_wrap(clean, avail, false, NULL, 0);
		lines = malloc((size_t)n * sizeof(*lines));
	}
	if (!lines) {
		/* No wrapping (or no memory for it): one line, still clean. */
		if (sgr)
			fputs(sgr, out);
		report_put_clean(out, s);
		if (sgr)
			fputs(SGR_RESET, out);
		putc('\n', out);
		free(clean);
		return;
	}
	text_wrap(clean, avail, false, lines, n);
	for (int i = 0; i < n; i++) {
		size_t len = lines[i].len;

		while (len > 0 && clean[lines[i].off + len - 1] == ' ')
			len--;
		if (i > 0)
			fprintf(out, "\n%*s", hang, "");
		wrap_piece(out, sgr, clean + lines[i].off, len);
	}
	putc('\n', out);
	free(lines);
	free(clean);
}
