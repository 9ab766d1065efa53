#!/bin/bash
# fleet_manpage: posdoctor(1)'s PROMETHEUS METRICS section and the real
# output agree. Every family posdoctor writes is documented there with
# exactly the labels it carries (check measurements under the generic
# posdoctor_<metric> entry), and every family documented there is written.
set -u
. "$SOURCE_DIR/tests/fleet/lib.sh"
work=$(mktemp -d /tmp/fleet-man.XXXXXX)
trap 'rm -rf "$work"' EXIT

fixture_laptop "$work/sys"
printf 'site: {name: Man Shop, terminal_id: T-9}\npower: {sysfs_root: %s, kmsg: %s/none}\n' \
	"$work/sys" "$work" > "$work/c.yaml"
"$POSDOCTOR" --once --format prometheus -c "$work/c.yaml" --only power > "$work/out.prom" 2> "$work/err"
rc=$?
[ $rc = 2 ] || { echo "FAIL: posdoctor exits $rc: $(cat "$work/err")"; exit 1; }

python3 - "$SOURCE_DIR/man/posdoctor.1" "$work/out.prom" <<'PY'
import re, sys
man = open(sys.argv[1], encoding='utf-8').read()
parts = man.split('\n.SH PROMETHEUS METRICS\n', 1)
assert len(parts) == 2, "no PROMETHEUS METRICS section"
sec = parts[1].split('\n.SH ', 1)[0]
doc, generic = {}, None
for line in sec.split('\n'):
    m = re.fullmatch(r'\.B (posdoctor_[a-z_]+)\{([a-z_,]+)\}', line)
    if m:
        doc[m.group(1)] = set(m.group(2).split(','))
    m = re.fullmatch(r'\.BI posdoctor_ metric \{([a-z_,]+)\}', line)
    if m:
        generic = set(m.group(1).split(','))
assert doc and generic, "no family entries found in PROMETHEUS METRICS"
out = {}
helps = {}
for line in open(sys.argv[2], encoding='utf-8'):
    m = re.match(r'# HELP (\S+) (.*)', line)
    if m:
        helps[m.group(1)] = m.group(2)
        continue
    if line.startswith('#'):
        continue
    m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ', line)
    labels = set(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="', m.group(2) or ''))
    out.setdefault(m.group(1), labels)
bad = []
for fam, labels in sorted(out.items()):
    if helps[fam].startswith('posdoctor check metric '):
        if labels != generic:
            bad.append(f"{fam}: labels {sorted(labels)}, man says {sorted(generic)}")
    elif fam not in doc:
        bad.append(f"{fam} is written but not documented")
    elif labels != doc[fam]:
        bad.append(f"{fam}: labels {sorted(labels)}, man says {sorted(doc[fam])}")
for fam in doc:
    if fam not in out:
        bad.append(f"{fam} is documented but not written")
if bad:
    print("FAIL: " + "\nFAIL: ".join(bad))
    sys.exit(1)
print(f"ok: {len(doc)} documented families and the measurement families match the output")
PY
