#!/bin/bash
# codes_cli: `posdoctor --code` answers every code of every shipped table in
# English and Chinese, as text and as JSON that matches the table; an
# unknown code says so and points to the helpdesk (exit 1); input that is
# not a code is refused with a clear message and exit 3.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
unset POSDOCTOR_CONFIG
export XDG_CONFIG_HOME="$work/xdg"
printf 'site: {helpdesk: "Acme helpdesk 400-000-0000", terminal_id: T-0042}\n' > site.yaml
: > empty.yaml

python3 - "$POSDOCTOR" "$SOURCE_DIR" <<'PY'
import concurrent.futures, glob, json, subprocess, sys, yaml

prog, src = sys.argv[1], sys.argv[2]
bad = []
tables = {}
for path in sorted(glob.glob(f"{src}/assets/codes/*.yaml")):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    tables[doc["table"]["id"]] = doc
assert set(tables) >= {"iso8583", "cup"}, tables.keys()

def run(*args):
    return subprocess.run([prog, "-c", "site.yaml", *args], capture_output=True)

codes = sorted({c for t in tables.values() for c in t["codes"]})
# Every code, both languages, JSON and text: two at a time (two cores).
jobs = [(code, lang, fmt) for code in codes for lang in ("en", "zh_CN") for fmt in ("json", "text")]
def job(j):
    code, lang, fmt = j
    arg = code if fmt == "json" else code.lower()
    return j, run("--code", arg, "--lang", lang, "--format", fmt)
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = dict(pool.map(job, jobs))
for code in codes:
    holders = [tid for tid, t in sorted(tables.items()) if code in t["codes"]]
    for lang in ("en", "zh_CN"):
        r = results[(code, lang, "json")]
        if r.returncode != 0:
            bad.append(f"{code} {lang} json: exit {r.returncode} {r.stderr!r}")
            continue
        j = json.loads(r.stdout)
        got = [t["table"] for t in j["tables"]]
        if j["code"] != code or not j["known"] or got != holders or j["language"] != lang:
            bad.append(f"{code} {lang}: json says {j['code']} known={j['known']} tables={got}")
        for t in j["tables"]:
            want = tables[t["table"]]["codes"][code]
            for field in ("meaning", "advice"):
                if t[field] != want[field][lang]:
                    bad.append(f"{code} {lang} {t['table']}: {field} differs from the table")
            # YAML 1.1: the words yes and no read as booleans.
            wr = want["retry"]
            wr = ("yes" if wr else "no") if isinstance(wr, bool) else wr
            if t["retry"] != wr:
                bad.append(f"{code} {lang} {t['table']}: retry {t['retry']} != {wr}")
            if t["call"] != want["call"]:
                bad.append(f"{code} {lang} {t['table']}: call {t['call']} != {want['call']}")
            if "class" in want and t["class"] != want["class"]:
                bad.append(f"{code} {lang}: class {t['class']} != {want['class']}")
            if lang == "zh_CN" and any(x in t["meaning"] + t["advice"] for x in (",", ";", "(")):
                bad.append(f"{code}: Chinese text with ASCII punctuation")
        r = results[(code, lang, "text")]
        text = r.stdout.decode()
        if r.returncode != 0 or code not in text:
            bad.append(f"{code} {lang} text: exit {r.returncode}")
        for tid in holders:
            if tables[tid]["codes"][code]["meaning"][lang] not in text:
                bad.append(f"{code} {lang} text: {tid} meaning missing")
        if len(holders) > 1 and ("UnionPay" if lang == "en" else "银联") not in text:
            bad.append(f"{code} {lang} text: no note on which table applies")

# The helpdesk: named when a code says to call the acquirer.
r = run("--code", "97")
if b"Acme helpdesk 400-000-0000" not in r.stdout or b"T-0042" not in r.stdout:
    bad.append(f"97: helpdesk or terminal id missing: {r.stdout!r}")

# Unknown codes: exit 1, say so, point to the helpdesk.
for lang, words in (("en", ("is in none of the tables", "helpdesk")), ("zh_CN", ("都没有代码", "客服"))):
    r = run("--code", "ZZ", "--lang", lang)
    out = r.stdout.decode()
    if r.returncode != 1 or not all(w in out for w in words) or "Acme helpdesk" not in out:
        bad.append(f"ZZ {lang}: exit {r.returncode}: {out!r}")
    r = run("--code", "B9", "--lang", lang, "--format", "json")
    j = json.loads(r.stdout)
    if r.returncode != 1 or j["known"] or j["tables"] or not j["note"] or j["helpdesk"] != "Acme helpdesk 400-000-0000":
        bad.append(f"B9 {lang} json: exit {r.returncode}: {j}")
# Without a helpdesk in the config: where to find the number.
r = subprocess.run([prog, "-c", "empty.yaml", "--code", "ZZ"], capture_output=True)
if r.returncode != 1 or b"site.helpdesk" not in r.stdout:
    bad.append(f"ZZ without helpdesk: {r.stdout!r}")

# Not a code: exit 3, a message naming --code, nothing on stdout.
for arg, why in ((b"", b"empty"), (b"5 1", b"a space"), (b"x" * 300, b"too long"),
                 (b"\x01\x02", b"not a letter or digit"), (b"\x1b[2J", b"not a letter"),
                 (b"051", b"too long"), (b"A", b"single letter"), (b"\xe4\xb8\x80", b"not a letter"),
                 (b"5-", b"a sign")):
    r = subprocess.run([prog.encode(), b"-c", b"site.yaml", b"--code", arg], capture_output=True)
    if r.returncode != 3 or r.stdout or b"--code" not in r.stderr or why not in r.stderr \
            or b"\x1b" in r.stderr or len(r.stderr) > 400:
        bad.append(f"--code {arg[:20]!r}: exit {r.returncode}, stderr {r.stderr[:200]!r}")
r = run("--code", "51", "--format", "prometheus")
if r.returncode != 3:
    bad.append(f"--format prometheus: exit {r.returncode}")

for b in bad:
    print(b)
print(f"{len(codes)} codes checked, {len(bad)} problems")
sys.exit(1 if bad else 0)
PY
