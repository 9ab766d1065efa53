#!/usr/bin/env python3
"""kiosk_screen.py - read a kiosk screen captured by tmux and say what it shows.

  kiosk_screen.py CAPTURE COLS KIOSK_C

CAPTURE is `tmux capture-pane -p -e -N` output (text with SGR escapes),
COLS the pane's width, KIOSK_C the source of tui/tui_kiosk.c (its block font
and symbols are read from there, so the decoder and the program share one
definition; the screen is decoded independently of the program's state).

Prints lines of NAME=VALUE for the test to check:
  big_rows   screen rows of the block letters (0: none on screen)
  pw         columns per pixel
  hh         half rows per pixel (1: half block characters)
  symbol     tick, cross, bang or none
  letters    the block letters decoded ('?' for a slot that is no glyph)
  beside     text on the block's middle row, right of the letters
  action     text of the row below the block
  gap_max    the most blank columns between an ellipsis ("…") that cuts a
             checklist row and the next text on that row (the history
             strip): how much width a cut row left unused
"""
import re
import sys
import unicodedata

GLYPH_W, GLYPH_H = 5, 5


def width(ch):
    """Display columns of one character."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def parse(path, cols):
    """Screen rows as lists of (char, reverse) cells, one per column."""
    rows = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        cells, rev = [], False
        for m in re.finditer(r"\x1b\[([0-9;:]*)m|\x1b[^\[]|(.)", line):
            if m.group(2) is None:
                if m.group(1) is None:
                    continue
                codes = (m.group(1) or "0").split(";")
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c in ("0", ""):
                        rev = False
                    elif c == "7":
                        rev = True
                    elif c == "27":
                        rev = False
                    elif c in ("38", "48") and i + 1 < len(codes):
                        i += 2 if codes[i + 1] == "5" else 4
                    i += 1
                continue
            ch = m.group(2)
            cells.append((ch, rev))
            if width(ch) == 2:
                cells.append(("", rev))
        rows.append(cells[:cols] + [(" ", False)] * (cols - len(cells)))
    return rows


def font(path):
    """The block font and the symbols from tui_kiosk.c: name -> 5 rows."""
    src = open(path, encoding="utf-8").read()
    glyphs = {}
    for m in re.finditer(r"\{ '(.)', \{ ((?:\"[ #]{5}\",? ?){5}) \} \}", src):
        glyphs[m.group(1)] = re.findall(r'"([ #]{5})"', m.group(2))
    for name in ("tick", "cross", "bang"):
        m = re.search(r"\b" + name + r"\[TUI_GLYPH_H\] = \{\s*((?:\"[ #]{5}\",?\s*){5})\}", src)
        if not m:
            sys.exit(f"kiosk_screen: no symbol {name} in {path}")
        glyphs[name] = re.findall(r'"([ #]{5})"', m.group(1))
    if len(glyphs) < 30:
        sys.exit(f"kiosk_screen: font not found in {path}")
    return glyphs


def text_of(row, x0=0, x1=None):
    """The characters of a row between two columns, trimmed."""
    return "".join(c for c, _ in row[x0:x1]).strip()


def main():
    rows = parse(sys.argv[1], int(sys.argv[2]))
    glyphs = font(sys.argv[3])
    # Lit pixels in half rows: reverse-video blanks of the top band (the
    # banner is first) light both halves of their cell, half block
    # characters one half or both.
    halves = {"█": (0, 1), "▀": (0,), "▄": (1,)}
    lit = set()
    for y, r in enumerate(rows[:14]):
        for x, (c, rev) in enumerate(r):
            for k in ((0, 1) if rev and c == " " else halves.get(c, ())):
                lit.add((x, 2 * y + k))
    out = {"big_rows": 0, "pw": 0, "symbol": "none", "letters": "", "beside": "",
           "action": ""}
    if lit:
        ys = [p[1] for p in lit]
        xs = [p[0] for p in lit]
        y0, y1, x0, x1 = min(ys), max(ys) + 1, min(xs), max(xs) + 1
        hh = max(1, (y1 - y0) // GLYPH_H)
        out["big_rows"] = (y1 + 1) // 2 - y0 // 2
        best = None
        # The pixel width is whichever decodes the most slots.
        for pw in (4, 3, 2, 1):
            slots = []
            for gx in range(x0, x1, (GLYPH_W + 1) * pw):
                found = "?"
                for name, g in glyphs.items():
                    if all(((gx + x * pw + j, y0 + y * hh + k) in lit) == (g[y][x] == "#")
                           for y in range(GLYPH_H) for x in range(GLYPH_W)
                           for k in range(hh) for j in range(pw)):
                        found = name
                        break
                slots.append(found)
            score = sum(s != "?" for s in slots)
            if best is None or score > best[0]:
                best = (score, pw, slots)
        _, pw, slots = best
        out["pw"] = pw
        out["hh"] = hh
        if slots and slots[0] in ("tick", "cross", "bang"):
            out["symbol"] = slots.pop(0)
            if slots and slots[0] == " ":
                slots.pop(0)
        out["letters"] = "".join(s if len(s) == 1 else "?" for s in slots)
        top, bottom = y0 // 2, (y1 + 1) // 2
        out["beside"] = text_of(rows[top + (bottom - top) // 2], x1)
        out["action"] = text_of(rows[bottom]) if bottom < len(rows) else ""
    # Checklist rows cut by an ellipsis: blank columns after the cut.
    gap_max = 0
    for r in rows:
        line = "".join(c for c, _ in r)
        if not re.match(r"\[(FAIL|WARN| OK |SKIP)\]", line):
            continue
        for x, (c, _) in enumerate(r):
            if c == "…":
                gap = 0
                while x + 1 + gap < len(r) and r[x + 1 + gap][0] == " ":
                    gap += 1
                if x + 1 + gap < len(r):   # text follows: the history strip
                    gap_max = max(gap_max, gap)
    out["gap_max"] = gap_max
    for k, v in out.items():
        print(f"{k}={v}")


if __name__ == "__main__":
    main()
