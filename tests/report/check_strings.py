#!/usr/bin/env python3
"""Every report.* key the writers name in report/*.c is in
assets/strings/report.yaml with non-empty English and Simplified Chinese
texts, both with the same {placeholders}; and the file has no key the
writers do not use. A counted text names its base key: the file holds
<base>.one and <base>.many (core/text.c's plural rule)."""
import glob
import os
import re
import sys

import yaml

path = os.path.join(os.environ['SOURCE_DIR'], 'assets', 'strings', 'report.yaml')
with open(path, encoding='utf-8') as f:
    data = yaml.safe_load(f)
src = os.environ['SOURCE_DIR']
named = set()
for name in glob.glob(os.path.join(src, 'report', '*.c')):
    with open(name, encoding='utf-8') as f:
        named |= set(re.findall(r'"(report(?:\.[a-z_]+)+)"', f.read()))
wanted = []
for k in sorted(named):
    if k not in data and f"{k}.one" in data:
        wanted += [f"{k}.one", f"{k}.many"]
    else:
        wanted.append(k)
bad = []
for k in wanted:
    e = data.get(k)
    if not isinstance(e, dict):
        bad.append(f"{k}: missing")
        continue
    for lang in ('en', 'zh_CN'):
        if not isinstance(e.get(lang), str) or not e[lang].strip():
            bad.append(f"{k}: no {lang} text")
    if all(isinstance(e.get(x), str) for x in ('en', 'zh_CN')):
        ph = [sorted(set(re.findall(r'\{(\w+)\}', e[x]))) for x in ('en', 'zh_CN')]
        if ph[0] != ph[1]:
            bad.append(f"{k}: placeholders differ {ph}")
for k in data:
    if k not in wanted:
        bad.append(f"{k}: not used by the report writer")
if bad:
    print('\n'.join(bad))
    sys.exit(1)
