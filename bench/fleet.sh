#!/bin/bash
# bench/fleet.sh - what one shop costs in a Prometheus fleet, measured here.
#
#   bench/fleet.sh [BUILD_DIR]
#
# 1. Scrape size per shop: posdoctor's textfile from a realistic shop config
#    (every module; two payment hosts with HTTPS on loopback TLS servers; a
#    Raspberry Pi power fixture) - bytes, gzip bytes, series.
# 2. posdoctor's cost per collection run (the timer's command), RUNS times
#    under /usr/bin/time -v: CPU time (user + system), peak RSS, wall time;
#    side by side with node_exporter (default collectors) serving the same
#    file: its resident memory and CPU per scrape.
# 3. Prometheus' cost per series on this machine: prometheus scrapes
#    SHOPS synthetic shops (the real file of step 1 with SHOPS distinct site
#    labels) for MEASURE_S seconds; head series, resident memory and CPU per
#    ingested sample from its own metrics, against an idle baseline.
# 4. The arithmetic: how many shops one Prometheus of this machine's size
#    could hold, by memory and by CPU, at 60 s and 15 s scrape intervals.
# SHOPS (2000), MEASURE_S (90), RUNS (5), RULES (the shipped file) from the
# environment; KEEP_BENCH=N leaves the bench Prometheus up N more seconds to
# query by hand. Rule durations are wall time: on a loaded machine they
# measure the load as much as the rules.
# Ports are private (loopback, free ports); everything is cleaned up.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-${BUILD_DIR:-$SRC/build}}
POSDOCTOR=${POSDOCTOR:-$BUILD_DIR/posdoctor}
RUNS=${RUNS:-5}
SHOPS=${SHOPS:-2000}
MEASURE_S=${MEASURE_S:-90}
RULES=${RULES:-$SRC/assets/prometheus/posdoctor.rules.yml}
export POSDOCTOR SOURCE_DIR=$SRC
. "$SRC/tests/fleet/lib.sh"

for t in prometheus prometheus-node-exporter openssl python3 gzip; do
	command -v $t >/dev/null || { echo "bench/fleet.sh: $t not installed (scripts/dev.sh deps --test)"; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/fleet.sh: /usr/bin/time not installed (package time)"; exit 1; }
[ -x "$POSDOCTOR" ] || { echo "build first: $POSDOCTOR"; exit 1; }

W=$(mktemp -d /tmp/fleet-bench.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2> /dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
api() { python3 "$SRC/tests/fleet/api.py" get "$@"; }
# promval QUERY: the first value of an instant query on the bench Prometheus.
promval() {
	api "http://127.0.0.1:$PP/api/v1/query" "query=$1" |
		python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "nan")'
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times and rule durations grow with it; CPU seconds much less)"

# --- 1. A realistic shop ----------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 200 \
	-keyout "$W/key.pem" -out "$W/cert.pem" -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" 2> /dev/null || { echo "openssl failed"; exit 1; }
hosts=""
for name in acquirer backup; do
	port=$(free_port)
	python3 "$SRC/tests/network/tls_server.py" --addr 127.0.0.1 --port "$port" \
		--cert "$W/cert.pem" --key "$W/key.pem" --ready "$W/$name.ready" > /dev/null 2>&1 &
	pids+=($!)
	wait_for 10 test -e "$W/$name.ready" || { echo "TLS server did not start"; exit 1; }
	hosts="$hosts    - {name: $name, address: 127.0.0.1, port: $port, https: true, ca_file: $W/cert.pem}
"
done
fixture_pi "$W/pi" "$W/pi.kmsg"
mkdir -p "$W/pi/class/thermal/thermal_zone0" "$W/textfile"
echo cpu-thermal > "$W/pi/class/thermal/thermal_zone0/type"
echo 51000 > "$W/pi/class/thermal/thermal_zone0/temp"
cat > "$W/shop.yaml" <<EOF
site: {name: Corner Cafe Hauptstrasse 12, terminal_id: T-0042}
network:
  hosts:
$hosts
power:
  sysfs_root: $W/pi
  kmsg: $W/pi.kmsg
EOF
CMD=("$POSDOCTOR" --once --format prometheus -c "$W/shop.yaml" -o "$W/textfile/posdoctor.prom")
"${CMD[@]}" 2> "$W/err"
rc=$?
[ $rc -le 2 ] || { echo "posdoctor exits $rc: $(cat "$W/err")"; exit 1; }
F=$W/textfile/posdoctor.prom
bytes=$(wc -c < "$F")
gz=$(gzip -9c "$F" | wc -c)
series=$(grep -vc '^#' "$F")
checks=$(grep -c '^posdoctor_check_status{' "$F")
families=$(grep -c '^# TYPE' "$F")
echo "== 1. Scrape size per shop (every module, 2 HTTPS payment hosts, Pi power fixture)"
echo "  checks by status: $(grep '^posdoctor_checks{' "$F" | sed -E 's/.*status="([a-z]+)".* ([0-9]+)$/\1 \2/' | tr '\n' ' ')"
printf '  checks %d, families %d, series %d, textfile %d bytes (%d gzip), %.0f bytes/series\n' \
	"$checks" "$families" "$series" "$bytes" "$gz" "$(echo "$bytes / $series" | bc -l)"
nosite=$(sed -E 's/,?site="[^"]*"//; s/,?terminal="[^"]*"//; s/\{\}//' "$F" | wc -c)
printf '  the site and terminal labels add %d bytes (%.0f%%) to the file\n' \
	"$((bytes - nosite))" "$(echo "100 * ($bytes - $nosite) / $nosite" | bc -l)"

# --- 2. posdoctor per run, node_exporter beside it --------------------------
echo "== 2. posdoctor per collection run ($RUNS runs of the timer's command, /usr/bin/time -v)"
for i in $(seq "$RUNS"); do
	/usr/bin/time -v "${CMD[@]}" 2> "$W/time.$i" > /dev/null
done
python3 - "$W" "$RUNS" <<'PY'
import re, statistics, sys
w, runs = sys.argv[1], int(sys.argv[2])
cpu, rss, wall = [], [], []
for i in range(1, runs + 1):
    t = open(f"{w}/time.{i}").read()
    u = float(re.search(r'User time \(seconds\): ([\d.]+)', t).group(1))
    s = float(re.search(r'System time \(seconds\): ([\d.]+)', t).group(1))
    cpu.append(u + s)
    rss.append(int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1)))
    m = re.search(r'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)', t)
    wall.append(int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)))
print(f"  CPU (user+sys) median {statistics.median(cpu):.3f} s (min {min(cpu):.3f}, max {max(cpu):.3f})")
print(f"  peak RSS median {statistics.median(rss) / 1024:.1f} MiB (max {max(rss) / 1024:.1f})")
print(f"  wall median {statistics.median(wall):.2f} s")
print(f"  every 5 minutes: {100 * statistics.median(cpu) / 300:.3f} % of one core on the till")
PY
NE=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NE" \
	--collector.textfile.directory="$W/textfile" > "$W/ne.log" 2>&1 &
nepid=$!
pids+=($nepid)
python3 "$SRC/tests/fleet/api.py" wait-text "http://127.0.0.1:$NE/metrics" '^posdoctor_info' 20 ||
	{ echo "node_exporter did not start"; exit 1; }
api "http://127.0.0.1:$NE/metrics" > "$W/ne1"
c0=$(awk '$1 == "process_cpu_seconds_total" {print $2}' "$W/ne1")
for i in $(seq 10); do api "http://127.0.0.1:$NE/metrics" > "$W/ne2"; done
c1=$(awk '$1 == "process_cpu_seconds_total" {print $2}' "$W/ne2")
ne_rss=$(awk '$1 == "process_resident_memory_bytes" {printf "%.1f", $2 / 1048576}' "$W/ne2")
ne_series=$(grep -vc '^#' "$W/ne2")
ne_bytes=$(wc -c < "$W/ne2")
printf '  beside it, node_exporter (default collectors + this file): resident %s MiB all the time,\n' "$ne_rss"
printf '  %.3f s CPU per scrape, %d series / %d bytes per scrape (posdoctor: %d%% of the series)\n' \
	"$(echo "($c1 - $c0) / 10" | bc -l)" "$ne_series" "$ne_bytes" "$((100 * series / ne_series))"

# --- 3. Prometheus per series, measured -------------------------------------
echo "== 3. Prometheus cost per series ($SHOPS synthetic shops, ${MEASURE_S}s of scrapes every 10 s)"
mkdir "$W/shards"
python3 - "$F" "$SHOPS" "$W/shards" <<'PY'
import re, sys
src, shops, out = open(sys.argv[1], encoding='utf-8').read(), int(sys.argv[2]), sys.argv[3]
heads, samples = {}, {}
order = []
fam = None
for line in src.splitlines():
    m = re.match(r'# (?:HELP|TYPE) (\S+)', line)
    if m:
        fam = m.group(1)
        if fam not in heads:
            heads[fam] = []
            samples[fam] = []
            order.append(fam)
        heads[fam].append(line)
    else:
        samples[fam].append(line)
per_shard = 250
for shard in range(0, shops, per_shard):
    with open(f"{out}/shard{shard // per_shard}.prom", 'w', encoding='utf-8') as f:
        for fam in order:
            f.write('\n'.join(heads[fam]) + '\n')
            for shop in range(shard, min(shard + per_shard, shops)):
                for s in samples[fam]:
                    f.write(s.replace('site="Corner Cafe Hauptstrasse 12"', f'site="Shop {shop:05d}"')
                             .replace('terminal="T-0042"', f'terminal="T-{shop:05d}"') + '\n')
PY
nshards=$(ls "$W/shards" | wc -l)
HP=$(free_port)
python3 -m http.server "$HP" --bind 127.0.0.1 --directory "$W/shards" > /dev/null 2>&1 &
pids+=($!)
wait_for 10 api "http://127.0.0.1:$HP/shard0.prom" > /dev/null 2>&1 || { echo "http.server did not start"; exit 1; }
PP=$(free_port)
# promconf SHARDS: the bench Prometheus' config, scraping itself and SHARDS
# shard files (0: the idle baseline).
promconf() {
	echo "global: {scrape_interval: 10s, evaluation_interval: 10s}"
	echo "rule_files: ['$RULES']"
	echo "scrape_configs:"
	echo "  - job_name: self"
	echo "    static_configs: [{targets: ['127.0.0.1:$PP']}]"
	for i in $(seq 0 $(($1 - 1))); do
		echo "  - job_name: shard$i"
		echo "    metrics_path: /shard$i.prom"
		echo "    scrape_timeout: 10s"
		echo "    static_configs: [{targets: ['127.0.0.1:$HP']}]"
	done
}
promconf 0 > "$W/prometheus.yml"
prometheus --config.file="$W/prometheus.yml" --storage.tsdb.path="$W/data" \
	--web.listen-address="127.0.0.1:$PP" > "$W/prom.log" 2>&1 &
prompid=$!
pids+=($prompid)
wait_for 30 api "http://127.0.0.1:$PP/-/ready" > /dev/null 2>&1 || { echo "prometheus did not start: $(tail -3 "$W/prom.log")"; exit 1; }
sleep 25   # a few scrapes of itself: the idle baseline
base_series=$(promval 'prometheus_tsdb_head_series')
base_rss=$(promval 'max_over_time(process_resident_memory_bytes{job="self"}[1m])')
promconf "$nshards" > "$W/prometheus.yml"
kill -HUP "$prompid"   # reload: now the shops
sleep "$MEASURE_S"
head_series=$(promval 'prometheus_tsdb_head_series')
rss=$(promval 'max_over_time(process_resident_memory_bytes{job="self"}[1m])')
heap=$(promval 'max_over_time(go_memstats_heap_inuse_bytes{job="self"}[1m])')
cpu=$(promval 'rate(process_cpu_seconds_total{job="self"}[1m])')
sps=$(promval 'rate(prometheus_tsdb_head_samples_appended_total[1m])')
rule_s=$(promval 'max(prometheus_rule_group_last_duration_seconds)')
echo "  slowest rules (evaluation seconds):"
api "http://127.0.0.1:$PP/api/v1/rules" | python3 -c '
import json, sys
r = [x for g in json.load(sys.stdin)["data"]["groups"] for x in g["rules"]]
for x in sorted(r, key=lambda x: -x["evaluationTime"])[:4]:
    print("    %s: %.3f" % (x["name"], x["evaluationTime"]))'
[ -n "${KEEP_BENCH:-}" ] && { echo "Prometheus left on http://127.0.0.1:$PP for ${KEEP_BENCH}s"; sleep "$KEEP_BENCH"; }
python3 - "$series" "$SHOPS" "$base_series" "$base_rss" "$head_series" "$rss" "$heap" "$cpu" "$sps" "$rule_s" "$(nproc)" "$(awk '/MemTotal/ {print $2 * 1024}' /proc/meminfo)" <<'PY'
import sys
(per_shop, shops, base_series, base_rss, head_series, rss, heap, cpu, sps, rule_s,
 cores, mem) = [float(x) for x in sys.argv[1:]]
d_series = head_series - base_series
b_series = (rss - base_rss) / d_series
print(f"  head series {head_series:.0f} ({d_series:.0f} from the shops; {per_shop:.0f} per shop)")
print(f"  resident memory {rss / 2**20:.0f} MiB (idle {base_rss / 2**20:.0f} MiB), Go heap in use {heap / 2**20:.0f} MiB")
print(f"  => {b_series:.0f} bytes of resident memory per series")
print(f"  ingest {sps:.0f} samples/s with {cpu * 100:.1f} % of one core => {sps / max(cpu, 1e-9):.0f} samples per CPU second")
print(f"  rule group evaluation: {rule_s * 1000:.0f} ms for {shops:.0f} shops (every shop failing alike: the worst case)")
print("== 4. Shops one Prometheus of this size could hold")
print(f"  machine: {cores:.0f} cores, {mem / 2**30:.1f} GiB")
# Memory: half the RAM for the head, the rest for queries, compaction and
# the page cache of older blocks; memory per series as measured above.
by_mem = (mem / 2 - base_rss) / (b_series * per_shop)
print(f"  memory: ({mem / 2**30:.1f} GiB / 2 - {base_rss / 2**20:.0f} MiB idle) / ({b_series:.0f} B x {per_shop:.0f} series) = {by_mem:,.0f} shops")
spcs = sps / max(cpu, 1e-9)
for interval in (60, 15):
    # CPU: one of the cores for ingestion, the other left for queries,
    # rules and compaction.
    by_cpu = spcs * 1 / (per_shop / interval)
    print(f"  CPU at a {interval} s scrape interval: {spcs:,.0f} samples/s per core / ({per_shop:.0f} / {interval}) = {by_cpu:,.0f} shops")
    print(f"    => about {min(by_mem, by_cpu):,.0f} shops at {interval} s ({'memory' if by_mem < by_cpu else 'CPU'} bound)")
print("  (the file changes every 5 minutes, so a 60 s scrape interval loses nothing)")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
