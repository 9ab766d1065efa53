#!/bin/bash
# fleet_dashboard: assets/grafana/posdoctor-dashboard.json parses, has the
# panels the fleet needs, and every metric named in every query (panels and
# variables) is a family that posdoctor really writes: the set comes from
# posdoctor runs on fixture faults (lib.sh fleet_emit), not from a list.
# A copy naming a metric posdoctor does not write must be caught.
set -u
. "$SOURCE_DIR/tests/fleet/lib.sh"
dash="$SOURCE_DIR/assets/grafana/posdoctor-dashboard.json"
names="$SOURCE_DIR/tests/fleet/promql_names.py"
work=$(mktemp -d /tmp/fleet-dash.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

mkdir "$work/emitted"
fleet_emit "$work/emitted" || fail "posdoctor did not write its textfiles"
for f in "$work"/emitted/*.prom; do
	python3 "$SOURCE_DIR/tests/report/prom_check.py" < "$f" || fail "$f: invalid textfile"
done
python3 "$names" emitted "$work"/emitted/*.prom > "$work/emitted.txt"
# The fixtures must have produced what they are for, or the check is empty.
for fam in posdoctor_info posdoctor_check_status posdoctor_loss_pct posdoctor_rtt_avg_ms \
	posdoctor_cert_days_left posdoctor_battery_pct posdoctor_undervoltage_events \
	posdoctor_run_timestamp_seconds; do
	grep -qx "$fam" "$work/emitted.txt" || fail "fixtures did not make $fam"
done

python3 "$names" dashboard "$dash" > "$work/used.txt" || fail "dashboard queries: $(cat "$work/used.txt")"
missing=$(comm -23 <(sort -u "$work/used.txt") <(sort -u "$work/emitted.txt"))
[ -z "$missing" ] || fail "the dashboard names metrics posdoctor does not write: $missing"
echo "dashboard uses: $(tr '\n' ' ' < "$work/used.txt")"

python3 - "$dash" <<'PY' || fail "dashboard structure"
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
titles = [p['title'] for p in d['panels']]
for want in ('Shops by worst status', 'Packet loss to the payment host',
             'Round-trip time to the payment host', 'Checks that fail most'):
    assert want in titles, f"no panel {want!r}"
assert d['uid'] and d['title']
ids = [p['id'] for p in d['panels']]
assert len(ids) == len(set(ids)), "panel ids repeat"
for p in d['panels']:
    assert p['datasource']['uid'] == '${datasource}', p['title']
    for t in p['targets']:
        assert t['datasource']['uid'] == '${datasource}', p['title']
PY

# Control: a panel that asks for a metric posdoctor does not write.
sed 's/posdoctor_rtt_max_ms/posdoctor_rtt_max_seconds/' "$dash" > "$work/bad.json"
python3 "$names" dashboard "$work/bad.json" > "$work/bad.txt"
[ -n "$(comm -23 <(sort -u "$work/bad.txt") <(sort -u "$work/emitted.txt"))" ] ||
	fail "a dashboard naming posdoctor_rtt_max_seconds passed the cross-check"
[ $failed = 0 ] && echo "ok: dashboard names only what posdoctor writes"
exit $failed
