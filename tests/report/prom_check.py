#!/usr/bin/env python3
"""Strict checker for the Prometheus text exposition format (0.0.4) as
node_exporter's textfile collector reads it. Reads stdin; exits 1 with a
message on the first problem. Beyond the syntax: every sample of a family
has the same label names (node_exporter drops a file whose families mix
them), and no value carries binary floating-point noise (more than 15
significant digits, as in 0.30000000000000004). With --dump, prints one JSON object a sample
({"name":..., "labels":{...}, "value":...}) for the caller to assert on."""
import json
import math
import re
import sys

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL_NAME = r'[a-zA-Z_][a-zA-Z0-9_]*'
# A label value: any UTF-8 but a bare backslash, quote or newline.
LABEL_VALUE = r'"(?:[^"\\\n]|\\\\|\\"|\\n)*"'
LABEL = LABEL_NAME + '=' + LABEL_VALUE
SAMPLE = re.compile(r'^(' + NAME + r')(?:\{(' + LABEL + r'(?:,' + LABEL + r')*)?\})? (\S+)$')
HELP = re.compile(r'^# HELP (' + NAME + r') (.*)$')
TYPE = re.compile(r'^# TYPE (' + NAME + r') (counter|gauge|histogram|summary|untyped)$')
VALUE = re.compile(r'^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$')


def fail(lineno, msg, line):
    print(f"line {lineno}: {msg}: {line!r}")
    sys.exit(1)


def unescape(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == '\\':
            out.append({'\\': '\\', '"': '"', 'n': '\n'}[v[i + 1]])
            i += 2
        else:
            out.append(v[i])
            i += 1
    return ''.join(out)


def significant_digits(value):
    """Significant digits of a decimal sample value (0 for NaN/Inf)."""
    m = re.match(r'^[+-]?(\d*)\.?(\d*)(?:[eE].*)?$', value)
    if not m:
        return 0
    digits = (m.group(1) + m.group(2)).lstrip('0')
    if '.' not in value and 'e' not in value.lower():
        digits = digits.rstrip('0')   # 1796458339000 is exact
    return len(digits)


def parse_labels(text):
    labels = {}
    for m in re.finditer(r'(' + LABEL_NAME + r')=(' + LABEL_VALUE + r')', text or ''):
        if m.group(1) in labels:
            return None
        labels[m.group(1)] = unescape(m.group(2)[1:-1])
    return labels


def main():
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        print(f"not UTF-8: {e}")
        sys.exit(1)
    if text and not text.endswith('\n'):
        print("last line lacks a newline")
        sys.exit(1)
    helps, types, closed, seen = set(), {}, set(), set()
    label_names = {}
    current = None
    samples = []
    for n, line in enumerate(text.split('\n')[:-1], 1):
        if line == '':
            fail(n, 'empty line', line)
        if line.startswith('#'):
            m = HELP.match(line)
            if m:
                fam = m.group(1)
                if fam in helps:
                    fail(n, 'second HELP for family', line)
                if fam in closed or (current and current != fam and fam in types):
                    fail(n, 'HELP after the family ended', line)
                helps.add(fam)
                if current and current != fam:
                    closed.add(current)
                current = fam
                continue
            m = TYPE.match(line)
            if m:
                fam = m.group(1)
                if fam in types:
                    fail(n, 'second TYPE for family', line)
                if fam in closed:
                    fail(n, 'TYPE after the family ended', line)
                if current and current != fam:
                    closed.add(current)
                types[fam] = m.group(2)
                current = fam
                continue
            fail(n, 'bad comment line (only HELP and TYPE are used)', line)
        m = SAMPLE.match(line)
        if not m:
            fail(n, 'not a valid sample line', line)
        name, labels_text, value = m.groups()
        if not VALUE.match(value):
            fail(n, 'bad value', line)
        if name != current:
            if name in closed or name in types:
                fail(n, 'samples of a family are not together', line)
            if current:
                closed.add(current)
            current = name
        if name not in types:
            fail(n, 'sample before its TYPE line', line)
        labels = parse_labels(labels_text)
        if labels is None:
            fail(n, 'repeated label name', line)
        names = tuple(sorted(labels))
        if label_names.setdefault(name, names) != names:
            fail(n, f'label names differ within the family (first {list(label_names[name])})', line)
        if significant_digits(value) > 15:
            fail(n, 'floating-point noise: more than 15 significant digits', line)
        key = (name, tuple(sorted(labels.items())))
        if key in seen:
            fail(n, 'duplicate series', line)
        seen.add(key)
        v = float(value.replace('Inf', 'inf'))
        samples.append({'name': name, 'labels': labels,
                        'value': None if math.isnan(v) else (str(v) if math.isinf(v) else v)})
    for fam in helps:
        if fam not in types:
            print(f"family {fam} has HELP but no TYPE")
            sys.exit(1)
    if '--dump' in sys.argv:
        json.dump(samples, sys.stdout)


main()
