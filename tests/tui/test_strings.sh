#!/bin/bash
# tui_strings: every UI string the code asks for is in
# assets/strings/tui.yaml in English and Simplified Chinese, and every key
# of the file is used. (The built-in English is generated from the file at
# build time; tests/catalog/test_catalog_load.c checks it.)
set -eu
cd "$SOURCE_DIR"
python3 - <<'PY'
import glob, re, sys, yaml

doc = yaml.safe_load(open("assets/strings/tui.yaml", encoding="utf-8"))
bad = []
for key, val in doc.items():
    if not key.startswith("tui."):
        bad.append(f"{key}: keys of tui.yaml start with tui.")
    for lang in ("en", "zh_CN"):
        if not isinstance(val, dict) or not str(val.get(lang, "")).strip():
            bad.append(f"{key}: no {lang} text")
    if isinstance(val, dict) and val.get("en") is not None and val.get("zh_CN") is not None:
        ph = lambda s: sorted(re.findall(r"\{(\w+)\}", str(s)))
        if ph(val["en"]) != ph(val["zh_CN"]):
            bad.append(f"{key}: placeholders differ between en and zh_CN")

src = {f: open(f, encoding="utf-8").read() for f in glob.glob("tui/*.c")}
used = set()
for name, text in src.items():
    used |= set(re.findall(r'"(tui(?:\.[a-z_]+)+)"', text))
# A counted text names its base key; the file holds <base>.one/.many.
for key in list(used):
    if key not in doc and f"{key}.one" in doc:
        used.discard(key)
        used |= {f"{key}.one", f"{key}.many"}
# Keys built at run time: tui.kiosk.code.<code>, tui.kiosk.<fail|warn>.<module>.
for key in sorted(used):
    if key not in doc:
        bad.append(f"{key}: used in tui/ but missing from tui.yaml")
dynamic = ("tui.kiosk.code.", "tui.kiosk.fail.", "tui.kiosk.warn.")
for key in doc:
    if key not in used and not key.startswith(dynamic):
        bad.append(f"{key}: in tui.yaml but never used")

for b in bad:
    print("FAIL:", b)
print(f"{len(doc)} strings, {len(used)} used by name, {len(bad)} problems")
sys.exit(1 if bad else 0)
PY
