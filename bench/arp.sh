#!/bin/bash
# bench/arp.sh - arp.conflict beside arping -D, on the same namespaces, in
# the same run: time to report a conflict, time to declare clean, false
# conflicts in clean runs. Needs root (network namespaces).
#
#   bench/arp.sh [BUILD_DIR]        (default: ./build)
#   ARP_BENCH_RUNS=N                runs per figure (default 20)
#   ARP_BENCH_CLEAN_RUNS=N          clean runs for the false-conflict count (100)
#
# posdoctor figures come from two places: the check's own metrics (through
# tests/arp/arp_run, which runs the module's real run()) and the wall time of
# the real program, `posdoctor --once --only arp.conflict`.
set -u

BUILD=${1:-./build}
BUILD=$(cd "$BUILD" && pwd)
RUN="$BUILD/tests/arp/arp_run"
PD="$BUILD/posdoctor"
export POSDOCTOR_DATADIR="${POSDOCTOR_DATADIR:-$(cd "$(dirname "$0")/../assets" && pwd)}"
N=${ARP_BENCH_RUNS:-20}
NC=${ARP_BENCH_CLEAN_RUNS:-100}
P="pdab$$"
export XDG_STATE_HOME="/tmp/$P.state"
NS=()

[ "$(id -u)" = 0 ] || { echo "bench/arp.sh: needs root (network namespaces)"; exit 1; }
[ -x "$RUN" ] && [ -x "$PD" ] || { echo "bench/arp.sh: build first ($RUN, $PD)"; exit 1; }
command -v arping >/dev/null || { echo "bench/arp.sh: needs arping (iputils-arping)"; exit 1; }

. "$(dirname "$0")/bridge_lib.sh"
bridge
host us 02:00:00:00:00:0a 10.90.0.10/24
host gw 02:00:00:00:00:01 10.90.0.1/24
host ing 54:e1:40:00:00:0b 10.90.0.20/24
ip -n "$P-us" route add default via 10.90.0.1
IN="ip netns exec $P-us"

# Wall time of one command in ms (its output discarded); $? of it in RC.
wall() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	RC=$?
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}

# median / p95 / max of microsecond numbers on stdin, printed in ms.
stats() {
	python3 -c '
import sys
v = sorted(float(x) / 1000 for x in sys.stdin.read().split())
if not v: print("n/a"); sys.exit()
p95 = v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
print("median %7.1f ms   p95 %7.1f ms   max %7.1f ms   (n=%d)" % (v[len(v)//2], p95, v[-1], len(v)))'
}

echo "== arp.conflict vs arping -D, $(date -u +%FT%TZ), $(uname -r), $N runs each"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
echo

# ---- conflict: the Ingenico host takes our address ----
ip -n "$P-ing" addr add 10.90.0.10/24 dev eth0
echo "-- conflict (another host answers at once)"
: >"/tmp/$P.metrics"
for ((i = 0; i < N; i++)); do
	$IN "$RUN" conflict >>"/tmp/$P.metrics"
done
python3 - "/tmp/$P.metrics" <<'EOF'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
ok = [r for r in rs if r["code"] == "arp.conflict"]
def med(v):
    v = sorted(v)
    return "median %6.2f ms  max %6.2f ms" % (v[len(v) // 2], v[-1])
print("posdoctor check   : conflict found in %d/%d runs" % (len(ok), len(rs)))
print("  first reply after the first probe        :", med(r["metrics"]["first_claim_ms"] for r in ok))
print("  verdict after the first reply (all heard):", med(r["metrics"]["window_ms"] - r["metrics"]["first_claim_ms"] for r in ok))
print("  report after the first reply (vendors named, goal <= 10 ms):",
      med(r["metrics"]["verdict_ms"] - r["metrics"]["first_claim_ms"] for r in ok))
print("  run() from start to return               :", med(r["duration_ms"] for r in ok))
EOF
for ((i = 0; i < N; i++)); do wall $IN "$PD" --once --only arp.conflict; done | stats |
	sed 's/^/posdoctor program : /'
for ((i = 0; i < N; i++)); do wall $IN arping -D -q -c 3 -I eth0 10.90.0.10; done | stats |
	sed 's/^/arping -D -c 3    : /'

echo

# ---- clean ----
ip -n "$P-ing" addr del 10.90.0.10/24 dev eth0
echo "-- clean (nobody else has the address)"
: >"/tmp/$P.clean"
for ((i = 0; i < N; i++)); do $IN "$RUN" conflict >>"/tmp/$P.clean"; done
python3 -c '
import json, sys
v = sorted(json.loads(l)["duration_ms"] for l in open(sys.argv[1]))
print("posdoctor check   : run() median %d ms  max %d ms (goal <= 300 ms; arp.wait_ms 300)" % (v[len(v)//2], v[-1]))' "/tmp/$P.clean"
for ((i = 0; i < N; i++)); do wall $IN "$RUN" conflict; done | stats | sed 's/^/posdoctor driver  : /'
for ((i = 0; i < N; i++)); do wall $IN "$PD" --once --only arp.conflict; done | stats |
	sed 's/^/posdoctor program : /'
for ((i = 0; i < 3; i++)); do wall $IN arping -D -q -c 3 -I eth0 10.90.0.10; done | stats |
	sed 's/^/arping -D -c 3    : /'
for ((i = 0; i < 3; i++)); do wall $IN arping -D -q -c 1 -I eth0 10.90.0.10; done | stats |
	sed 's/^/arping -D -c 1    : /'
echo

# ---- false conflicts: this computer has a second port on the same LAN ----
ip link add vus1 netns "$P-br" type veth peer name eth1 netns "$P-us"
ip -n "$P-br" link set vus1 master br0 up
ip -n "$P-us" link set eth1 address 02:00:00:00:00:1a up
ip -n "$P-us" addr add 10.90.0.11/24 dev eth1
for _ in $(seq 100); do ip -n "$P-us" link show eth1 | grep -q LOWER_UP && break; sleep 0.05; done
echo "-- false conflicts on a clean LAN where this computer has two ports (ARP flux)"
fp=0
for ((i = 0; i < NC; i++)); do
	$IN "$RUN" conflict -i eth0 | grep -q '"code": "arp.ok"' || fp=$((fp + 1))
done
echo "posdoctor check   : $fp false conflict(s) in $NC runs"
fa=0
NA=$((NC < 10 ? NC : 10))
for ((i = 0; i < NA; i++)); do
	$IN arping -D -q -c 1 -I eth0 10.90.0.10 >/dev/null 2>&1 || fa=$((fa + 1))
done
echo "arping -D -c 1    : $fa false duplicate(s) in $NA runs (its own second port answers)"
