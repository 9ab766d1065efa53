#!/usr/bin/env python3
"""shot_check.py - does a kiosk screenshot show the expected banner text?

  shot_check.py SHOT.png REF.png NCHARS
  shot_check.py --ref REF.png NCHARS     (only check 2: the reference is ready)

REF.png is a reference rendering made by the test: the same terminal and
font, drawing the expected text (NCHARS double-width characters) at the top
left on a coloured background. The check:
  1. SHOT has a banner: a band of one colour across its top, at least 7
     text rows high (REF gives the size of a text cell), with ink in it;
  2. REF's glyphs are real, distinct glyphs (not NCHARS identical boxes, the
     look of a missing font), each with ink;
  3. the verdict is big: above the band's last text row, solid blocks of
     ink (whole cells, rows of at least one cell width of one colour) span
     at least 5 text rows: the block-letter symbol;
  4. the ink of the band's last text row (the action line) has the size and
     shape of REF's text (masks compared pixel by pixel, so the same
     characters in the same font).
Exit 0 when all hold; otherwise 1 with the reason on stdout.
"""
import struct
import sys
import zlib


def read_png(path, max_rows):
    """The first max_rows rows of an 8-bit RGB/RGBA PNG: (width, rows of (r,g,b))."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, [], 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"{path}: PNG type {ctype}/{depth} not handled")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    raw = zlib.decompressobj().decompress(b"".join(idat), (width * bpp + 1) * (max_rows + 1))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(min(max_rows, height, len(raw) // (stride + 1))):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ft == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, rows


def dist(p, q):
    return max(abs(p[0] - q[0]), abs(p[1] - q[1]), abs(p[2] - q[2]))


def most_common(pixels):
    counts = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get)


def ink_mask(rows, bg, x0, x1, y0, y1):
    """Pixels nearer the text colour (the one farthest from the background
    bg in the box) than bg: set of (x, y), and their bounding box."""
    ink = set()
    far = max((dist(rows[y][x], bg) for y in range(y0, y1) for x in range(x0, x1)), default=0)
    limit = max(far // 2, 24)
    for y in range(y0, y1):
        for x in range(x0, x1):
            if dist(rows[y][x], bg) > limit:
                ink.add((x, y))
    if not ink:
        return ink, None
    xs = [p[0] for p in ink]
    ys = [p[1] for p in ink]
    return ink, (min(xs), min(ys), max(xs) + 1, max(ys) + 1)


def banner(rows, width):
    """The band of one colour across the top (below the terminal's padding):
    (colour, y0, y1, x0, x1)."""
    bg = most_common([p for r in rows[:12] for p in r])
    wide = lambda y: sum(1 for p in rows[y] if p == bg) * 2 >= width
    y0 = 0
    while y0 < min(8, len(rows)) and not wide(y0):
        y0 += 1
    y1 = y0
    while y1 < len(rows) and wide(y1):
        y1 += 1
    mid = rows[(y0 + y1) // 2] if y1 > y0 else rows[0]
    xs = [x for x in range(width) if mid[x] == bg] or [0]
    return bg, y0, y1, min(xs), max(xs) + 1


def reference(rrows, rwidth, n):
    """Check 2 on the reference: its ink, ink box and per-character glyphs."""
    # The text's cells are the box of its background colour.
    # (the most common colour of the top rows other than the screen's).
    screen = rrows[-1][-1]
    top = [p for r in rrows[2:10] for p in r if p != screen]
    if not top:
        fail("reference not drawn yet")
    rbg = most_common(top)
    cells = [(x, y) for y in range(len(rrows)) for x in range(rwidth) if rrows[y][x] == rbg]
    cx0, cy0 = min(c[0] for c in cells), min(c[1] for c in cells)
    cx1, cy1 = max(c[0] for c in cells) + 1, max(c[1] for c in cells) + 1
    rink, rbox = ink_mask(rrows, rbg, cx0, cx1, cy0, cy1)
    if not rink:
        fail("reference rendering has no ink")
    slot = (cx1 - cx0) // n
    glyphs = []
    for i in range(n):
        g = frozenset((x - cx0 - i * slot, y - cy0) for (x, y) in rink
                      if cx0 + i * slot <= x < cx0 + (i + 1) * slot)
        if len(g) < 10:
            fail(f"reference glyph {i + 1} of {n} is empty: font without the character?")
        glyphs.append(g)
    for i in range(n):
        for j in range(i + 1, n):
            if len(glyphs[i] ^ glyphs[j]) < 0.2 * min(len(glyphs[i]), len(glyphs[j])):
                fail(f"reference glyphs {i + 1} and {j + 1} look the same: "
                     "missing-glyph boxes, not characters")

    return rink, rbox, glyphs, (cx0, cx1, cy0, cy1)


def solid_row(row, x0, x1, bg, run):
    """Whether row holds run pixels in a row of one colour other than bg
    (a lit block-letter pixel: a whole cell in reverse video)."""
    n, prev = 0, None
    for x in range(x0, x1):
        p = row[x]
        if p == prev and dist(p, bg) > 64:
            n += 1
            if n >= run:
                return True
        else:
            n = 1
            prev = p
    return False


def fail(msg):
    print(msg)
    sys.exit(1)


def main():
    ref_only = sys.argv[1] == "--ref"
    if ref_only:
        shot, ref, n = None, sys.argv[2], int(sys.argv[3])
    else:
        shot, ref, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rwidth, rrows = read_png(ref, 120)
    rink, rbox, glyphs, (cx0, cx1, cy0, cy1) = reference(rrows, rwidth, n)
    if ref_only:
        print(f"reference: {n} distinct glyphs, {len(rink)} ink px")
        return
    width, srows = read_png(shot, 700)

    # 1. The screenshot's banner, in text rows of the reference's cells.
    cell_h, cell_w = cy1 - cy0, (cx1 - cx0) // (2 * n)
    bg, y0, y1, x0, x1 = banner(srows, width)
    if y1 - y0 < 7 * cell_h - 2:
        fail(f"banner {bg} is {y1 - y0} px high: {(y1 - y0) / cell_h:.1f} text rows, need 7")
    # 3. Block letters: rows with a solid run of a cell's width, spread
    # over 5 text rows above the action line.
    ty0 = y1 - cell_h
    solid = [y for y in range(y0, ty0) if solid_row(srows[y], x0, x1, bg, cell_w)]
    span = (max(solid) - min(solid) + 1) if solid else 0
    if span < 5 * cell_h - 2 or len(solid) < 4 * cell_h:
        fail(f"no big verdict: block pixels span {span} px ({len(solid)} rows), "
             f"need 5 text rows of {cell_h} px")
    sink, sbox = ink_mask(srows, bg, x0, x1, ty0, y1)
    if len(sink) < 50:
        fail(f"banner {bg}: its action line is blank: {len(sink)} ink pixels")

    # 4. The action line's ink against the reference's, aligned on their boxes.
    sw, sh = sbox[2] - sbox[0], sbox[3] - sbox[1]
    rw, rh = rbox[2] - rbox[0], rbox[3] - rbox[1]
    if abs(sw - rw) > 2 or abs(sh - rh) > 2:
        fail(f"banner ink is {sw}x{sh} px, the reference text {rw}x{rh} px")
    # Aligned on the ink boxes (within a pixel), the whole text and then
    # each character on its own: one wrong character in five must fail.
    rn = {(x - rbox[0], y - rbox[1]) for (x, y) in rink}
    best, shift = -1.0, (0, 0)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            sn = {(x - sbox[0] + dx, y - sbox[1] + dy) for (x, y) in sink}
            iou = len(sn & rn) / len(sn | rn)
            if iou > best:
                best, shift = iou, (dx, dy)
    if best < 0.9:
        fail(f"banner ink matches the reference text at {best:.0%} (need 90%)")
    sn = {(x - sbox[0] + shift[0], y - sbox[1] + shift[1]) for (x, y) in sink}
    slot = (cx1 - cx0) // n
    left = cx0 - rbox[0]
    for i in range(n):
        lo, hi = left + i * slot, left + (i + 1) * slot
        a = {p for p in sn if lo <= p[0] < hi}
        b = {p for p in rn if lo <= p[0] < hi}
        iou = len(a & b) / max(1, len(a | b))
        if iou < 0.8:
            fail(f"character {i + 1} of {n} matches the reference at {iou:.0%} (need 80%)")
    print(f"banner {bg} {y1 - y0} px high ({(y1 - y0) // cell_h} rows of {cell_h} px), "
          f"block letters {span} px high; action line {len(sink)} ink px; "
          f"{n} distinct glyphs; match {best:.0%}")


if __name__ == "__main__":
    main()
