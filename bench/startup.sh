#!/bin/bash
# bench/startup.sh - what start-up costs, beside reference tools in the
# same run: wall time (median, hyperfine) and peak RSS (/usr/bin/time -v)
#   1. `posdoctor --version` beside a static and a dynamic hello-world
#      (compiled here) and `curl --version`;
#   2. `posdoctor --once --only arp.conflict` beside `arping -D -c 1 -w 1`
#      on the same interface and address, inside a network namespace made
#      here (a veth pair to a second namespace holding the same address,
#      with a MAC of a payment-terminal vendor, so both tools see the
#      conflict and posdoctor names the vendor);
#   3. `posdoctor --once --only power.supply` on a fixture sysfs tree
#      (a laptop on battery, as tests/power/power_e2e.sh makes).
# Needs root (namespaces), hyperfine, arping, gcc, /usr/bin/time.
#
#   bench/startup.sh [BUILD_DIR]        (default: ./build)
#   STARTUP_RUNS=N                      runs per command (default 30)
#
# Goals (issue "one house"): --version within 10 ms of the hello-world;
# the whole ARP conflict run no slower than arping -D.
set -u

BUILD=${1:-./build}
BUILD=$(cd "$BUILD" && pwd)
PD="$BUILD/posdoctor"
export POSDOCTOR_DATADIR="${POSDOCTOR_DATADIR:-$(cd "$(dirname "$0")/../assets" && pwd)}"
N=${STARTUP_RUNS:-30}
P="pdsu$$"
T=$(mktemp -d "/tmp/$P.XXXXXX")
NS=()

[ "$(id -u)" = 0 ] || { echo "bench/startup.sh: needs root (network namespaces)"; exit 1; }
[ -x "$PD" ] || { echo "bench/startup.sh: build first ($PD)"; exit 1; }
for tool in hyperfine arping gcc curl python3; do
	command -v "$tool" >/dev/null || { echo "bench/startup.sh: needs $tool"; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/startup.sh: needs /usr/bin/time (package time)"; exit 1; }

cleanup() {
	local n
	for n in "${NS[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# rss PREFIX CMD...: median peak RSS (KiB) of 5 runs of CMD, run under PREFIX
# (a namespace) if given ("" for none).
rss() {
	local pre=$1 i; shift
	for i in 1 2 3 4 5; do
		$pre /usr/bin/time -v "$@" 2>&1 >/dev/null |
			sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p'
	done | sort -n | sed -n 3p
}

# bench TITLE PREFIX LABEL=CMD...: hyperfine over the commands (no shell),
# then one line per command: median and min wall time, peak RSS.
bench() {
	local title=$1 pre=$2 json="$T/h.$RANDOM.json" args=() labels=() cmds=() i
	shift 2
	for i in "$@"; do
		labels+=("${i%%=*}")
		cmds+=("${i#*=}")
		args+=(-n "${i%%=*}" "${i#*=}")
	done
	echo "-- $title"
	$pre hyperfine -N -i --style none --warmup 3 --runs "$N" --export-json "$json" "${args[@]}" \
		>/dev/null 2>"$T/hyperfine.err" || { cat "$T/hyperfine.err"; return 1; }
	for i in "${!labels[@]}"; do
		# shellcheck disable=SC2086 # the command line is split on purpose
		printf '%s\t%s\n' "${labels[$i]}" "$(rss "$pre" ${cmds[$i]})"
	done > "$T/rss"
	python3 - "$json" "$T/rss" <<'EOF'
import json, sys
rss = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]))
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    print("  %-34s median %7.2f ms   min %7.2f ms   peak RSS %6s KiB"
          % (r["command"], r["median"] * 1000, t[0] * 1000, rss.get(r["command"], "?")))
EOF
}

echo "== posdoctor start-up, $(date -u +%FT%TZ), $(uname -r), $(nproc) CPUs, $N runs each," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg) (medians drift with load; min shows the floor)"

# 1. --version beside hello-world and curl.
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' > "$T/hello.c"
if ! gcc -O2 -o "$T/hello-dynamic" "$T/hello.c" ||
	! gcc -O2 -static -o "$T/hello-static" "$T/hello.c"; then
	echo "bench/startup.sh: cannot compile hello-world (libc6-dev)"
	exit 1
fi
bench "--version (goal: within 10 ms of hello-world)" "" \
	"hello-world (static)=$T/hello-static" \
	"hello-world (dynamic)=$T/hello-dynamic" \
	"posdoctor --version=$PD --version" \
	"curl --version=curl --version"
echo "  shared libraries loaded: posdoctor $(LD_TRACE_LOADED_OBJECTS=1 "$PD" | wc -l)," \
	"curl $(LD_TRACE_LOADED_OBJECTS=1 "$(command -v curl)" | wc -l)"

# 2. arp.conflict beside arping -D: us and a payment terminal with our
# address, joined by a veth pair; addresses only inside the namespaces.
ip netns add "$P-us" && NS+=("$P-us")
ip netns add "$P-ing" && NS+=("$P-ing")
ip link add eth0 netns "$P-us" type veth peer name eth0 netns "$P-ing"
ip -n "$P-us" link set lo up
ip -n "$P-us" link set eth0 address 02:00:00:00:00:0a up
ip -n "$P-ing" link set eth0 address 54:e1:40:00:00:0b up
ip -n "$P-us" addr add 10.91.0.10/24 dev eth0
ip -n "$P-ing" addr add 10.91.0.10/24 dev eth0
ip -n "$P-us" route add default via 10.91.0.1
for _ in $(seq 100); do
	ip -n "$P-us" link show eth0 | grep -q LOWER_UP && break
	sleep 0.05
done
cat > "$T/arp.yaml" <<EOF
arp: {interface: eth0}
EOF
IN="ip netns exec $P-us"
# The same verdict from both tools, or the figures mean nothing.
$IN "$PD" --once --only arp.conflict --config "$T/arp.yaml" --format json > "$T/arp.json" 2>&1
python3 - "$T/arp.json" <<'EOF' || { echo "bench/startup.sh: posdoctor did not report the conflict"; cat "$T/arp.json"; exit 1; }
import json, sys
c = [x for x in json.load(open(sys.argv[1]))["checks"] if x["id"] == "arp.conflict"][0]
assert c["code"] == "arp.conflict", c
print("  posdoctor verdict: %s, vendor %s" % (c["code"], c["metrics"].get("other_vendor")))
EOF
$IN arping -D -q -c 1 -w 1 -I eth0 10.91.0.10 && {
	echo "bench/startup.sh: arping -D saw no conflict"; exit 1; }
bench "arp.conflict, whole run, conflict present (goal: no slower than arping -D)" "$IN" \
	"arping -D -c 1 -w 1=arping -D -q -c 1 -w 1 -I eth0 10.91.0.10" \
	"posdoctor --once --only arp.conflict=$PD --once --only arp.conflict --config $T/arp.yaml" \
	"hello-world (static)=$T/hello-static"

# 3. power.supply on a fixture sysfs: a laptop on battery at 8 %.
S=$T/laptop
mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
echo Mains > "$S/class/power_supply/AC/type"
echo 0 > "$S/class/power_supply/AC/online"
echo Battery > "$S/class/power_supply/BAT0/type"
echo Discharging > "$S/class/power_supply/BAT0/status"
echo 8 > "$S/class/power_supply/BAT0/capacity"
cat > "$T/power.yaml" <<EOF
power: {sysfs_root: $S, kmsg: $T/no-kmsg}
EOF
bench "power.supply, whole run, fixture sysfs" "" \
	"hello-world (static)=$T/hello-static" \
	"posdoctor --once --only power.supply=$PD --once --only power.supply --config $T/power.yaml"
