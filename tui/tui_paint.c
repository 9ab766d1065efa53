/* tui_paint.c - the two primitives every screen paints with: clipped text
 * and filled boxes. tui_draw.c, tui_details.c and tui_kiosk.c all use them;
 * this file uses none of those, so the arrows run one way.
 */
#include "text.h"
#include "tui_int.h"

/* Draw s at y, x in at most w columns. */
void tui_draw_text(const struct tui *t, int y, int x, int w, const char *s,
		   enum tui_role role, bool ellipsis)
{
	char buf[1024], narrow[1024];

	if (w <= 0 || !s)
		return;
	/* No CJK glyphs (Linux console): double-width characters in data
	 * (a host name, a device's answer) show as '?'. */
	if (t->no_cjk && !t->ascii) {
		text_narrow(s, narrow, sizeof(narrow));
		s = narrow;
	}
	text_fit(s, w, t->ascii, ellipsis, buf, sizeof(buf));
	attrset(tui_attr(t, role));
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
}

/* Paint r with blanks in role's colours. */
void tui_fill(const struct tui *t, const struct tui_rect *r, enum tui_role role)
{
	attrset(tui_attr(t, role));
	for (int y = r->y; y < r->y + r->h; y++)
		mvhline(y, r->x, ' ', r->w);
	attrset(A_NORMAL);
}
