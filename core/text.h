/* text.h - the one text layer: UTF-8, screen columns, clipping, wrapping,
 * "{name}" placeholders, the plural rule and a bounded copy.
 *
 * Pure functions (no curses, no catalogue): any thread. tui/ and report/
 * measure, clip and wrap with these; core/catalog.c expands with them.
 * "ascii" means the terminal cannot show UTF-8: every non-ASCII character
 * is then shown as '?'. Control characters are never shown as they are.
 */
#ifndef POSDOCTOR_TEXT_H
#define POSDOCTOR_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A line of wrapped text: a byte range of the source string. */
struct text_line {
	size_t off, len;
};

/* Decode one UTF-8 sequence at s (n bytes left): returns the bytes used,
 * at least 1. Invalid input (overlong forms, surrogates, > U+10FFFF, a cut
 * sequence) gives U+FFFD for one byte. */
size_t text_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Encode cp as UTF-8 into out (room for 4 bytes); returns the bytes. */
size_t text_utf8_put(uint32_t cp, char *out);
/* The longest prefix of the n bytes at s that ends on a whole character
 * (for truncating without cutting a sequence in half). */
size_t text_utf8_whole(const char *s, size_t n);

/* Whether cp is a C0 or C1 control character or DEL. */
bool text_cp_control(uint32_t cp);
/* Screen columns of cp: -1 for a control character or one the terminal
 * cannot show (ascii: anything past ASCII; a UTF-8 locale whose wcwidth()
 * does not know it); else wcwidth(), and outside a UTF-8 locale 2 for the
 * East Asian Wide and Fullwidth blocks (Unicode UAX #11), 1 for the rest. */
int text_cp_width(uint32_t cp, bool ascii);
/* Whether a line may break before or after cp (CJK ideographs, kana,
 * Hangul, full-width forms). */
bool text_cp_breakable(uint32_t cp);
/* Closing punctuation that must not begin a line (，。：and the like). */
bool text_cp_closing(uint32_t cp);

/* Columns the first n bytes of s take once sanitised (a character that
 * cannot be shown takes one, as its '?'). */
int text_widthn(const char *s, size_t n, bool ascii);
int text_width(const char *s, bool ascii);
/* Copy the first n bytes of s into out, sanitised ('?' for what cannot be
 * shown) and clipped to cols columns; a double-width character that would
 * cross the edge is left out. With ellipsis, clipped text ends in "…"
 * ("~" in ascii). Returns the columns used; out always ends in NUL. */
int text_fitn(const char *s, size_t n, int cols, bool ascii, bool ellipsis,
	      char *out, size_t outlen);
int text_fit(const char *s, int cols, bool ascii, bool ellipsis,
	     char *out, size_t outlen);
/* Copy s with every double-width character replaced by '?' (for a
 * terminal without CJK glyphs). */
void text_narrow(const char *s, char *out, size_t outlen);
/* Wrap s into lines of at most width columns: breaks at spaces, before and
 * after CJK characters (never before closing punctuation), inside words
 * longer than a line, and at '\n'. Spaces at a break belong to neither
 * line. Fills at most max lines; returns how many the whole text needs
 * (at least 1). */
int text_wrap(const char *s, int width, bool ascii, struct text_line *lines, int max);

/* The value of placeholder name (len bytes, not NUL-terminated), or NULL
 * to leave "{name}" as it is. buf (buflen bytes) may hold a formatted
 * value. */
typedef const char *(*text_lookup_fn)(void *arg, const char *name, size_t len,
				      char *buf, size_t buflen);
/* Expand the "{name}" placeholders of tmpl into out: truncated to len-1
 * bytes, never inside a UTF-8 character. Returns the length written. */
size_t text_expand(const char *tmpl, text_lookup_fn fn, void *arg,
		   char *out, size_t len);
/* The same, whole, malloc'd; NULL on ENOMEM. */
char *text_expand_dup(const char *tmpl, text_lookup_fn fn, void *arg);
/* Expand from NULL-terminated name, value pairs (all const char *; a NULL
 * value expands to ""), at most TEXT_MAX_PAIRS of them. */
#define TEXT_MAX_PAIRS 8
size_t text_vformat(const char *tmpl, char *out, size_t len, va_list ap);
char *text_vformat_dup(const char *tmpl, va_list ap);

/* The plural rule for every counted text: key "<base>.one" when n is 1,
 * else "<base>.many" (languages without plurals give both the same text).
 * Writes the key into buf and returns buf. */
const char *text_plural_key(const char *base, long n, char *buf, size_t len);

/* A measured number for people: integers plainly ("40"), others with one
 * decimal ("4.5"), "n/a" for NaN and infinities. (Machine formats want
 * every digit: report_number() in report/.) */
void text_number(double v, char *buf, size_t n);

/* Bounded copy: src (NULL: "") into dst of size n, cut on a whole UTF-8
 * character, always terminated (when n > 0). Returns true when it all
 * fitted. */
bool text_copy(char *dst, size_t n, const char *src);

#endif
