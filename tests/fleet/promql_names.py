#!/usr/bin/env python3
"""Metric names in PromQL expressions, for the fleet tests' cross-checks.

  promql_names.py dashboard FILE.json     names in every query of a Grafana dashboard
  promql_names.py rules FILE.json         names in /api/v1/rules output (queries and
                                          query templates of annotations)
  promql_names.py emitted FILE.prom...    family names in posdoctor textfiles

Prints one name a line, sorted. Exits 1 when a query names no metric or a
dashboard has no query (so a broken extraction cannot pass silently)."""
import json
import re
import sys

KEYWORDS = {'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool',
            'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2'}
AGGREGATIONS = {'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count',
                'count_values', 'bottomk', 'topk', 'quantile'}
LIST_KEYWORDS = {'by', 'without', 'on', 'ignoring', 'group_left', 'group_right'}
TOKEN = re.compile(r'''\s+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|'''
                   r'''(?P<num>0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[a-z]*)|'''
                   r'''(?P<id>[a-zA-Z_:][a-zA-Z0-9_:]*)|(?P<p>[{}()\[\],]|[^\s\w{}()\[\],"'`]+)''')


def names(expr):
    """Metric names selected by a PromQL expression."""
    toks = []
    pos = 0
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"cannot lex {expr[pos:]!r}")
        pos = m.end()
        if m.group('id'):
            toks.append(('id', m.group('id')))
        elif m.group('p'):
            toks.append(('p', m.group('p')))
        elif m.group('num'):
            toks.append(('num', m.group('num')))
    out = set()
    brace = square = 0
    skip_list = 0   # depth of a by (...) style label list
    i = 0
    while i < len(toks):
        kind, val = toks[i]
        nxt = toks[i + 1][1] if i + 1 < len(toks) else None
        if kind == 'p':
            if val == '{':
                brace += 1
            elif val == '}':
                brace -= 1
            elif val == '[':
                square += 1
            elif val == ']':
                square -= 1
            elif val == '(' and skip_list:
                skip_list += 1
            elif val == ')' and skip_list:
                skip_list -= 1
                if skip_list == 1:
                    skip_list = 0
        elif kind == 'id' and not brace and not square and not skip_list:
            low = val.lower()
            if low in LIST_KEYWORDS and nxt == '(':
                skip_list = 1
            elif low in KEYWORDS:
                pass
            elif nxt == '(' or (low in AGGREGATIONS and nxt in ('by', 'without')):
                pass   # a function or an aggregation
            else:
                out.add(val)
        i += 1
    return out


def grafana_exprs(dash):
    """(where, expr) of every query of a dashboard, Grafana variables given
    values Prometheus accepts."""
    found = []

    def walk(panel, where):
        for t in panel.get('targets', []):
            if 'expr' in t:
                found.append((f"{where} / {t.get('refId', '?')}", t['expr']))
        for p in panel.get('panels', []):
            walk(p, f"{where} / {p.get('title', '?')}")
    for p in dash.get('panels', []):
        walk(p, p.get('title', '?'))
    for v in dash.get('templating', {}).get('list', []):
        q = v.get('query')
        if v.get('type') == 'query':
            q = q.get('query') if isinstance(q, dict) else q
            m = re.fullmatch(r'\s*label_values\((.*),\s*\w+\)\s*', q or '')
            found.append((f"variable {v.get('name')}", m.group(1) if m else q))
    return found


def grafana_fill(expr):
    """Grafana's variables replaced by values a plain Prometheus takes."""
    for k, v in (('$__range', '1h'), ('$__rate_interval', '1m'), ('$__interval', '1m'),
                 ('${site:regex}', '.*'), ('$site', '.*')):
        expr = expr.replace(k, v)
    return expr


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    got = set()
    if mode == 'dashboard':
        dash = json.load(open(files[0], encoding='utf-8'))
        exprs = grafana_exprs(dash)
        if not exprs:
            print("no queries in the dashboard")
            sys.exit(1)
        for where, e in exprs:
            n = names(grafana_fill(e))
            if not n:
                print(f"{where}: no metric in {e!r}")
                sys.exit(1)
            got |= n
    elif mode == 'exprs':
        dash = json.load(open(files[0], encoding='utf-8'))
        for where, e in grafana_exprs(dash):
            print(grafana_fill(e))
        return
    elif mode == 'rules':
        data = json.load(open(files[0], encoding='utf-8'))
        rules = [r for g in data['data']['groups'] for r in g['rules']]
        if not rules:
            print("no rules")
            sys.exit(1)
        for r in rules:
            n = names(r['query'])
            if not n:
                print(f"{r['name']}: no metric in {r['query']!r}")
                sys.exit(1)
            got |= n
            for text in r.get('annotations', {}).values():
                for q in re.findall(r'printf "((?:[^"\\]|\\.)*)"', text):
                    got |= names(q.replace('\\"', '"').replace('%q', '"x"'))
    elif mode == 'emitted':
        for f in files:
            for line in open(f, encoding='utf-8'):
                m = re.match(r'# TYPE (\S+) ', line)
                if m:
                    got.add(m.group(1))
    for n in sorted(got):
        print(n)


main()
