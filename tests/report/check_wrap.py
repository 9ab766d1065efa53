#!/usr/bin/env python3
"""Checks a wrapped text report on stdin: strict UTF-8, every line at most
argv[1] screen columns (East Asian wide and fullwidth count two, ANSI SGR
sequences none), and no line starting with closing Chinese punctuation."""
import re
import sys
import unicodedata

width = int(sys.argv[1])
text = sys.stdin.buffer.read().decode('utf-8')
bad = []
for n, line in enumerate(text.split('\n'), 1):
    plain = re.sub(r'\x1b\[[0-9;]*m', '', line)
    cols = sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in plain)
    if cols > width:
        bad.append(f"line {n}: {cols} columns: {plain!r}")
    if plain.strip()[:1] in tuple('，。、；：？！）」』》】'):
        bad.append(f"line {n} starts with closing punctuation: {plain!r}")
if bad:
    print('\n'.join(bad))
    print(text)
    sys.exit(1)
