#!/usr/bin/env python3
"""Every key named on stdin (one a line) is in assets/strings/report.yaml
with non-empty English and Simplified Chinese texts, both with the same
{placeholders}; and the file has no key the writer does not use."""
import os
import re
import sys

import yaml

path = os.path.join(os.environ['SOURCE_DIR'], 'assets', 'strings', 'report.yaml')
with open(path, encoding='utf-8') as f:
    data = yaml.safe_load(f)
wanted = [k for k in sys.stdin.read().split('\n') if k]
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
