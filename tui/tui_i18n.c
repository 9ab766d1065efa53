/* tui_i18n.c - UI strings: the catalogue's (assets/strings/tui.yaml) in the
 * current language, else its built-in English (generated from the same
 * file at build time, see core/catalog.h), so the screen stays readable
 * when the assets folder is incomplete.
 */
#include <stdarg.h>

#include "text.h"
#include "tui_int.h"

/* A UI string: the catalogue's, else the built-in English, else NULL. */
const char *tui_str_opt(const struct tui *t, const char *key)
{
	return check_text_opt(t->cat, t->lang, key);
}

/* A UI string, or the key itself when there is none. */
const char *tui_str(const struct tui *t, const char *key)
{
	return check_text(t->cat, t->lang, key);
}

/* A UI string with its {placeholders} filled from name, value pairs. */
size_t tui_fmt(const struct tui *t, const char *key, char *out, size_t len, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, len);
	n = text_vformat(tui_str(t, key), out, len, ap);
	va_end(ap);
	return n;
}
