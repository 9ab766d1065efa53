#!/bin/bash
# bench/lan.sh - lan.scan beside arp-scan --localnet, on the same /24 of
# 20 namespace devices, in the same run: time to verdict, devices found,
# peak memory (RSS). Needs root (network namespaces), arp-scan and GNU time.
#
#   bench/lan.sh [BUILD_DIR]        (default: ./build)
#   LAN_BENCH_RUNS=N                runs of each tool (default 10)
#
# posdoctor runs as a user would: `posdoctor --once --only lan.scan`.
set -u

BUILD=${1:-./build}
BUILD=$(cd "$BUILD" && pwd)
PD="$BUILD/posdoctor"
export POSDOCTOR_DATADIR="${POSDOCTOR_DATADIR:-$(cd "$(dirname "$0")/../assets" && pwd)}"
N=${LAN_BENCH_RUNS:-10}
DEVICES=20
P="pdlb$$"
NS=()

[ "$(id -u)" = 0 ] || { echo "bench/lan.sh: needs root (network namespaces)"; exit 1; }
[ -x "$PD" ] || { echo "bench/lan.sh: build first ($PD)"; exit 1; }
command -v arp-scan >/dev/null || { echo "bench/lan.sh: needs arp-scan"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/lan.sh: needs GNU time (/usr/bin/time)"; exit 1; }

. "$(dirname "$0")/bridge_lib.sh"
bridge
host us 02:00:00:00:00:0a 10.91.0.10/24
# 20 devices spread over the /24: terminals (PAX, Ingenico), the rest
# cameras and locally administered addresses (phones).
for i in $(seq 1 $DEVICES); do
	case $((i % 4)) in
	0) mac=$(printf '00:17:6f:00:01:%02x' "$i") ;;
	1) mac=$(printf '54:e1:40:00:01:%02x' "$i") ;;
	2) mac=$(printf '44:47:cc:00:01:%02x' "$i") ;;
	*) mac=$(printf '02:00:00:00:01:%02x' "$i") ;;
	esac
	host "d$i" "$mac" "10.91.0.$((i * 12))/24"
done
cfg="/tmp/$P.yaml"
printf 'lan:\n  interface: eth0\n' >"$cfg"
IN="ip netns exec $P-us"

# run_timed OUT CMD...: run CMD, its stdout in OUT; prints "seconds maxrss_kb".
run_timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e %M' -o "/tmp/$P.time" "$@" >"$out" 2>/dev/null
	cat "/tmp/$P.time"
}

pd_t=() pd_f=() pd_m=() as_t=() as_f=() as_m=()
for ((r = 0; r < N; r++)); do
	read -r t m < <(run_timed "/tmp/$P.pd" $IN "$PD" --once --only lan.scan --format json --config "$cfg")
	f=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(next(c for c in r["checks"] if c["id"]=="lan.scan")["metrics"].get("devices", 0))' "/tmp/$P.pd")
	pd_t+=("$t") pd_f+=("$f") pd_m+=("$m")
	read -r t m < <(run_timed "/tmp/$P.as" $IN arp-scan --localnet -I eth0 --plain)
	f=$(grep -cE '^10\.91\.0\.[0-9]+' "/tmp/$P.as")
	as_t+=("$t") as_f+=("$f") as_m+=("$m")
done

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '/24 with %d devices, %d runs each (median; min-max found)\n' "$DEVICES" "$N"
printf '%-28s %10s %14s %12s\n' tool "time (s)" "found" "RSS (KiB)"
printf '%-28s %10s %14s %12s\n' "posdoctor --only lan.scan" "$(median "${pd_t[@]}")" \
	"$(median "${pd_f[@]}") ($(printf '%s\n' "${pd_f[@]}" | sort -n | head -1)-$(printf '%s\n' "${pd_f[@]}" | sort -n | tail -1))" \
	"$(median "${pd_m[@]}")"
printf '%-28s %10s %14s %12s\n' "arp-scan --localnet" "$(median "${as_t[@]}")" \
	"$(median "${as_f[@]}") ($(printf '%s\n' "${as_f[@]}" | sort -n | head -1)-$(printf '%s\n' "${as_f[@]}" | sort -n | tail -1))" \
	"$(median "${as_m[@]}")"
