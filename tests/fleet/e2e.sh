#!/bin/bash
# fleet_e2e: the whole fleet path with the real components on loopback.
# posdoctor (the real binary) writes its textfile from a fixture fault (a
# till on battery at 8 %: power.supply fails with power.battery_low);
# Debian's prometheus-node-exporter serves it (textfile collector only);
# prometheus scrapes it every second with the shipped rules loaded. Through
# Prometheus' HTTP API: the series exist with their labels (a site name
# with a quote, a backslash and Chinese survives every hop), the alerts for
# the failing check go pending then firing with summaries naming shop,
# check and code, checks that pass or skip raise none, every dashboard query
# runs, every metric the rules name exists, an old textfile raises the
# stale alert, and a fixed fault clears the failure alert.
#
# The shipped rules wait 1 to 30 minutes (for:, and a 10-minute window in
# the payments-at-risk expression); the test loads a copy in which minutes
# are seconds there - for: 5s, [10s:1s] - and nothing else differs
# (checked), and evaluates every second.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
for tool in prometheus prometheus-node-exporter; do
	if ! command -v $tool >/dev/null; then
		echo "$tool missing (Debian packages prometheus, prometheus-node-exporter): skipped"
		exit 77
	fi
done

work=$(mktemp -d /tmp/fleet-e2e.XXXXXX)
[ -d "$work" ] || { echo "FAIL: no work folder"; exit 1; }
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
die() { echo "FAIL: $*"; exit 1; }
api() { python3 "$HERE/api.py" get "$@"; }
api_wait() { python3 "$HERE/api.py" "$@"; }
# pyassert NAME FILE CODE: python CODE on the parsed JSON j of FILE; it
# raises (assert) on failure. SITE is the shop's name.
pyassert() {
	SITE="$SITE" python3 - "$2" "$3" <<'PY' || fail "$1"
import json, os, sys
j = json.load(open(sys.argv[1], encoding='utf-8'))
site = os.environ['SITE']
exec(sys.argv[2])
PY
}

# The shop: a quote, a backslash and Chinese in the site name.
SITE='Corner "Cafe" \ 角落'
mkdir "$work/textfile" "$work/data"
fixture_laptop "$work/sys"
printf "site: {name: '%s', terminal_id: T-0042}\npower: {sysfs_root: %s, kmsg: %s}\n" \
	"$SITE" "$work/sys" "$work/no-kmsg" > "$work/posdoctor.yaml"
collect() {
	"$POSDOCTOR" --once --format prometheus -c "$work/posdoctor.yaml" --only power \
		-o "$work/textfile/posdoctor.prom" 2> "$work/posdoctor.err"
}
collect
rc=$?
[ $rc = 2 ] || die "posdoctor exits $rc on the battery fixture (expected 2): $(cat "$work/posdoctor.err")"

# node_exporter: textfile collector only, on a port of our own.
NE=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NE" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$work/textfile" > "$work/ne.log" 2>&1 &
pids+=($!)
api_wait wait-text "http://127.0.0.1:$NE/metrics" '^posdoctor_check_status[{]' 20 || die "node_exporter does not serve posdoctor's file: $(tail -5 "$work/ne.log")"
api "http://127.0.0.1:$NE/metrics" > "$work/ne.metrics"
grep -q '^node_textfile_scrape_error 0$' "$work/ne.metrics" || fail "node_exporter could not read the file"

# The shipped rules with minutes made seconds, nothing else changed.
rules="$SOURCE_DIR/assets/prometheus/posdoctor.rules.yml"
sed -E -e 's/^( +for: ).*/\15s/' -e 's/\[10m:1m\]/[10s:1s]/' "$rules" > "$work/rules.yml"
grep -q '\[10s:1s\]) >= 10$' "$work/rules.yml" || die "the payments-at-risk window was not rendered"
diff <(grep -v '^ *for: ' "$rules" | sed 's/\[10m:1m\]/[10s:1s]/') \
	<(grep -v '^ *for: ' "$work/rules.yml") > /dev/null ||
	die "the rendered rules differ in more than for: and the window"
[ "$(grep -c '^ *for: 5s$' "$work/rules.yml")" = "$(grep -c '^ *for: ' "$rules")" ] ||
	die "not every for: rendered"

PP=$(free_port)
printf '%s\n' "global: {scrape_interval: 1s, evaluation_interval: 1s}" \
	"rule_files: ['$work/rules.yml']" \
	"scrape_configs:" \
	"  - job_name: node" \
	"    static_configs: [{targets: ['127.0.0.1:$NE']}]" > "$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
	--web.listen-address="127.0.0.1:$PP" > "$work/prom.log" 2>&1 &
pids+=($!)
P="http://127.0.0.1:$PP"
# Watch the alerts of the failing check from now on, so that a short
# pending phase cannot pass unseen while the series are checked.
api_wait wait-alert "$P" PosdoctorOnBattery power.supply firing 60 > "$work/battery.states" 2>&1 &
watcher=$!
pids+=($watcher)
api_wait wait-alert "$P" PosdoctorPaymentsAtRisk power.supply firing 60 > "$work/risk.states" 2>&1 &
watcher2=$!
pids+=($watcher2)
api_wait wait-series "$P" 'posdoctor_check_status{id="power.supply"}' 40 ||
	die "Prometheus has no posdoctor series: $(tail -5 "$work/prom.log")"

# The series and their labels, as Prometheus stored them.
version=$("$POSDOCTOR" --version | head -1 | awk '{print $NF}')
api "$P/api/v1/query" 'query={__name__=~"posdoctor_.*"}' > "$work/all.json"
pyassert "series and labels" "$work/all.json" "
r = j['data']['result']
def one(name, **lab):
    got = [s for s in r if s['metric']['__name__'] == name and all(s['metric'].get(k) == v for k, v in lab.items())]
    assert len(got) == 1, (name, lab, [s['metric'] for s in r if s['metric']['__name__'] == name])
    return got[0]
s = one('posdoctor_check_status', id='power.supply')
assert s['metric'] == {'__name__': 'posdoctor_check_status', 'id': 'power.supply', 'module': 'power',
    'code': 'power.battery_low', 'site': site, 'terminal': 'T-0042',
    'instance': '127.0.0.1:$NE', 'job': 'node'}, s['metric']
assert s['value'][1] == '2', s
assert one('posdoctor_check_status', id='power.board')['value'][1] == '3'
assert one('posdoctor_info', version='$version', site=site, terminal='T-0042')['value'][1] == '1'
assert one('posdoctor_battery_pct', id='power.supply', site=site)['value'][1] == '8'
assert one('posdoctor_overall_status', site=site)['value'][1] == '2'
one('posdoctor_run_timestamp_seconds', site=site)
assert all(x['metric'].get('site') == site and x['metric'].get('terminal') == 'T-0042' for x in r), 'a series without the shop'
print('ok: series and labels')
"

# wait_state NAME ID STATE SECONDS: poll until alert NAME for check ID is
# in STATE; the states seen on the way go to $work/states.
wait_state() { api_wait wait-alert "$P" "$@" > "$work/states"; }
wait "$watcher" || fail "on-battery alert never fired: $(cat "$work/battery.states")"
wait "$watcher2" || fail "payments-at-risk alert never fired: $(cat "$work/risk.states")"
keep=()
for p in "${pids[@]}"; do [ "$p" = "$watcher" ] || [ "$p" = "$watcher2" ] || keep+=("$p"); done
pids=("${keep[@]}")   # the watchers are reaped: never signal their numbers again
read -r -a st < "$work/battery.states"
case " ${st[*]} " in
*" pending firing "*) echo "ok: on-battery alert: ${st[*]} s" ;;
*) fail "on-battery alert not pending before firing: ${st[*]}" ;;
esac
# Payments at risk waits in its expression (10 s here): quiet, then firing.
read -r -a st < "$work/risk.states"
if [ "${st[0]}" = none ] && [ "${st[1]}" = firing ] && [ "${st[2]%.*}" -ge 8 ]; then
	echo "ok: payments-at-risk alert: ${st[*]} s"
else
	fail "payments-at-risk alert not quiet for its window, then firing: ${st[*]}"
fi
api "$P/api/v1/alerts" > "$work/alerts.json"
pyassert "alert summaries" "$work/alerts.json" "
a = {(x['labels']['alertname'], x['labels'].get('id', '')): x for x in j['data']['alerts']}
risk = a[('PosdoctorPaymentsAtRisk', 'power.supply')]
assert risk['annotations']['summary'] == site + ': check power.supply fails (power.battery_low)', risk
assert 'posdoctor --once --only power.supply' in risk['annotations']['description'], risk
assert risk['labels']['site'] == site and risk['labels']['terminal'] == 'T-0042', risk
bat = a[('PosdoctorOnBattery', 'power.supply')]
assert bat['labels']['code'] == 'power.battery_low', bat
assert bat['annotations']['summary'] == site + ': check power.supply runs on battery (power.battery_low)', bat
# Skipped checks and the rest of the rules stay quiet.
others = sorted(k for k in a if k not in {('PosdoctorPaymentsAtRisk', 'power.supply'), ('PosdoctorOnBattery', 'power.supply')})
assert not others, others
print('ok: alerts name the shop, the check and the code; nothing else fires')
"

# Every dashboard query runs on this Prometheus; the worst-status table
# shows the shop failing.
python3 "$HERE/promql_names.py" exprs "$SOURCE_DIR/assets/grafana/posdoctor-dashboard.json" > "$work/exprs.txt"
[ -s "$work/exprs.txt" ] || fail "no dashboard queries"
n=0
while IFS= read -r q; do
	n=$((n + 1))
	api "$P/api/v1/query" "query=$q" > "$work/dq.json" 2> "$work/dq.err" ||
		fail "dashboard query rejected: $q: $(cat "$work/dq.err")"
done < "$work/exprs.txt"
echo "ok: $n dashboard queries run"
q=$(grep -m1 '^sort_desc(max by (site, terminal, instance)' "$work/exprs.txt")
api "$P/api/v1/query" "query=$q" > "$work/worst.json"
pyassert "worst status panel" "$work/worst.json" "
r = j['data']['result']
assert len(r) == 1 and r[0]['value'][1] == '2' and r[0]['metric']['site'] == site, r
"

# Every metric the loaded rules name (queries and annotation templates) is
# written by posdoctor (fixture runs) or by node_exporter (its real output).
api "$P/api/v1/rules" > "$work/rules.json"
python3 "$HERE/promql_names.py" rules "$work/rules.json" > "$work/rule-names.txt" ||
	fail "rules: $(cat "$work/rule-names.txt")"
mkdir "$work/emitted"
fleet_emit "$work/emitted" || fail "fixture runs for the emitted families"
python3 "$HERE/promql_names.py" emitted "$work"/emitted/*.prom "$work/ne.metrics" | sort -u > "$work/known.txt"
missing=$(comm -23 <(sort -u "$work/rule-names.txt") "$work/known.txt")
if [ -z "$missing" ] && [ -s "$work/rule-names.txt" ]; then
	echo "ok: the rules name only written metrics: $(tr '\n' ' ' < "$work/rule-names.txt")"
else
	fail "the rules name metrics nobody writes: $missing"
fi

# A textfile an hour old (the timer stopped): the stale alert, naming the
# shop through posdoctor_info.
touch -d "@$(( $(date +%s) - 3600 ))" "$work/textfile/posdoctor.prom"
wait_state PosdoctorCollectorStale "" firing 40 || fail "stale-collector alert never fired"
api "$P/api/v1/alerts" > "$work/alerts.json"
pyassert "stale summary" "$work/alerts.json" "
s = [x for x in j['data']['alerts'] if x['labels']['alertname'] == 'PosdoctorCollectorStale'][0]
assert s['labels']['site'] == site and s['labels']['file'].endswith('/posdoctor.prom'), s
assert s['annotations']['summary'].startswith(site + \": posdoctor's report is 1h\"), s
print('ok: stale collector named by shop')
"

# Mains back and the battery full: the next run clears the failure.
echo 1 > "$work/sys/class/power_supply/AC/online"
echo Full > "$work/sys/class/power_supply/BAT0/status"
echo 100 > "$work/sys/class/power_supply/BAT0/capacity"
collect
rc=$?
[ $rc = 0 ] || fail "posdoctor exits $rc with mains back (expected 0): $(cat "$work/posdoctor.err")"
wait_state PosdoctorPaymentsAtRisk power.supply none 30 || fail "payments-at-risk alert did not clear"
wait_state PosdoctorCollectorStale "" none 30 || fail "stale alert did not clear after a fresh run"
[ $fails = 0 ] && echo "ok: fleet end to end"
exit $((fails > 0))
