/* tui_text.h - text measured in screen columns (wcwidth), not bytes.
 *
 * Pure functions (no curses): any thread, testable on their own. "ascii"
 * means the terminal's locale cannot show UTF-8: every non-ASCII character
 * is shown as '?'. Control characters are always shown as '?'.
 */
#ifndef POSDOCTOR_TUI_TEXT_H
#define POSDOCTOR_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A line of wrapped text: a byte range of the source string. */
struct tui_line {
	size_t off, len;
};

/* Decode one UTF-8 sequence at s (not at its end); returns the bytes used,
 * at least 1. Invalid input gives U+FFFD for one byte. */
int tui_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Screen columns of cp: 0 (combining), 1 or 2; -1 when not printable. */
int tui_cp_width(uint32_t cp, bool ascii);
/* Columns the first n bytes of s take once sanitised. */
int tui_text_widthn(const char *s, size_t n, bool ascii);
int tui_text_width(const char *s, bool ascii);
/* Copy the first n bytes of s into out, sanitised and clipped to cols
 * columns; a double-width character that would cross the edge is left out.
 * With ellipsis, clipped text ends in "…" ("~" in ascii). Returns the
 * columns used. out always ends in NUL. */
int tui_text_fitn(const char *s, size_t n, int cols, bool ascii, bool ellipsis,
		  char *out, size_t outlen);
int tui_text_fit(const char *s, int cols, bool ascii, bool ellipsis,
		 char *out, size_t outlen);
/* Copy s with every double-width character replaced by '?' (for a
 * terminal without CJK glyphs). */
void tui_text_narrow(const char *s, char *out, size_t outlen);
/* Wrap s into lines of at most width columns: breaks at spaces, between
 * CJK characters, inside words longer than a line, and at '\n'. Fills at
 * most max lines; returns how many lines the whole text needs. */
int tui_text_wrap(const char *s, int width, bool ascii, struct tui_line *lines, int max);

#endif
