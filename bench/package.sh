#!/bin/bash
# bench/package.sh - delivery figures, beside a reference in the same run:
#   - package size (.deb and Installed-Size) per built architecture, beside
#     mtr-tiny (the packaged tool closest to posdoctor's network checks);
#   - install and purge time of the amd64 package with apt, beside mtr-tiny;
#   - Wayland kiosk cold start to first full paint (the banner with the
#     Chinese verdict on screen) on the headless compositor, beside the same
#     compositor and terminal drawing the text themselves.
# Needs root, the packages in build-deb/ (scripts/package.sh) and the kiosk
# packages; it installs and purges posdoctor and mtr-tiny for real.
#
#   bench/package.sh [BUILD_DIR]     (default: ./build, for the kiosk figure)
#   PACKAGE_BENCH_RUNS=N             runs per timing (default 3)
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$here/build}" && pwd)
N=${PACKAGE_BENCH_RUNS:-3}
[ "$(id -u)" = 0 ] || { echo "bench/package.sh: needs root (apt install)"; exit 1; }
if dpkg-query -W -f='${Status}' posdoctor 2>/dev/null | grep -q installed; then
	echo "bench/package.sh: posdoctor is installed here already; not touching it"
	exit 1
fi
had_mtr=0
dpkg-query -W -f='${Status}' mtr-tiny 2>/dev/null | grep -q 'install ok installed' && had_mtr=1
T=$(mktemp -d /tmp/pkgbench.XXXXXX)
trap 'rm -rf "$T"; [ "$had_mtr" = 1 ] && ! dpkg-query -W mtr-tiny >/dev/null 2>&1 && apt-get install -y -qq mtr-tiny >/dev/null 2>&1' EXIT

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "== package size"
printf '%-28s %12s %16s\n' package ".deb bytes" "Installed-Size"
for deb in "$here"/build-deb/*/posdoctor_*.deb; do
	[ -e "$deb" ] || continue
	printf '%-28s %12s %13s KiB\n' "$(basename "$deb")" "$(stat -c %s "$deb")" \
		"$(dpkg-deb -f "$deb" Installed-Size)"
done
(cd "$T" && apt-get download -qq mtr-tiny >/dev/null 2>&1)
mtr=$(ls "$T"/mtr-tiny_*.deb 2>/dev/null | head -1)
if [ -n "$mtr" ]; then
	printf '%-28s %12s %13s KiB   (reference)\n' "$(basename "$mtr")" "$(stat -c %s "$mtr")" \
		"$(dpkg-deb -f "$mtr" Installed-Size)"
fi

# time_cycle DEB NAME: seconds for `apt install ./DEB` and for `apt purge NAME`.
time_cycle() {
	local t0 t1 t2
	t0=$(date +%s.%N)
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >"$T/apt.log" 2>&1
	t1=$(date +%s.%N)
	# A failed install (say a busy package lock) is no figure.
	dpkg-query -W -f='${Status}' "$2" 2>/dev/null | grep -q 'install ok installed' ||
		{ cat "$T/apt.log" >&2; echo "bench/package.sh: installing $1 failed" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$2" >/dev/null 2>&1
	t2=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.3f %.3f\n", b - a, c - b}'
}

deb=$(ls "$here"/build-deb/"$(dpkg --print-architecture)"/posdoctor_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	while fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; do sleep 1; done
	echo "== install / purge time (apt, median of $N, seconds; triggers included)"
	for pair in "$deb posdoctor" ${mtr:+"$mtr mtr-tiny"}; do
		set -- $pair
		for ((i = 0; i < N; i++)); do time_cycle "$1" "$2" || exit 1; done >"$T/cycles"
		printf '%-12s install %6.2f   purge %6.2f\n' "$2" \
			"$(cut -d' ' -f1 "$T/cycles" | median)" "$(cut -d' ' -f2 "$T/cycles" | median)"
	done
fi

echo "== kiosk cold start to first full paint (headless cage + foot, median of $N)"
export SOURCE_DIR=$here POSDOCTOR=$BUILD/posdoctor POSDOCTOR_DATADIR=$here/assets
(
	. "$here/tests/kiosk/lib.sh"
	S=$WORK/laptop
	mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
	echo Mains >"$S/class/power_supply/AC/type"
	echo 0 >"$S/class/power_supply/AC/online"
	echo Battery >"$S/class/power_supply/BAT0/type"
	echo Discharging >"$S/class/power_supply/BAT0/status"
	echo 8 >"$S/class/power_supply/BAT0/capacity"
	printf 'power:\n  sysfs_root: %s\n  kmsg: %s/no-kmsg\n' "$S" "$WORK" >"$WORK/k.yaml"
	chmod -R a+rX "$S" "$WORK/k.yaml"
	text=请检查电源
	# paint NAME CHECK-ARGS -- PROGRAM...: seconds from starting cage to
	# the first screenshot that passes shot_check.py CHECK-ARGS (shots are
	# taken back to back and judged afterwards, so judging costs nothing).
	paint() {
		local name=$1 shot0 t0 i f
		shift
		local check=()
		while [ "$1" != -- ]; do check+=("$1"); shift; done
		shift
		t0=$(date +%s.%N)
		cage_start "$name" "$@" >/dev/null || { echo "compositor did not start"; return 1; }
		mkdir -p "$WORK/$name.shots"
		for ((i = 0; i < 40; i++)); do
			f=$WORK/$name.shots/$(date +%s.%N).png
			shot "$name" "$f" || continue
		done
		kill "${CAGE_PIDS[-1]}"; wait "${CAGE_PIDS[-1]}" 2>/dev/null
		# Once painted, the screen stays so: binary search for the first.
		local shots=("$WORK/$name.shots"/*.png) lo=0 hi mid
		hi=${#shots[@]}
		while [ "$lo" -lt "$hi" ]; do
			mid=$(((lo + hi) / 2))
			if python3 "$here/tests/kiosk/shot_check.py" "${check[@]/@SHOT@/${shots[mid]}}" >/dev/null; then
				hi=$mid
			else
				lo=$((mid + 1))
			fi
		done
		if [ "$lo" -ge "${#shots[@]}" ]; then echo never; return 0; fi
		shot0=$(basename "${shots[lo]}" .png)
		awk -v a="$shot0" -v b="$t0" 'BEGIN {printf "%.2f\n", a - b}'
	}
	ref=()
	for ((r = 0; r < N; r++)); do
		ref+=("$(paint ref$r --ref @SHOT@ ${#text} -- bash -c \
			'printf "\033[?25l\033[1;37;41m%s\033[0m" "$1"; exec sleep 600' x "$text")")
		[ -e "$WORK/ref.png" ] || cp "$(ls "$WORK/ref$r.shots/"*.png | tail -1)" "$WORK/ref.png"
	done
	kio=()
	for ((r = 0; r < N; r++)); do
		kio+=("$(paint kiosk$r @SHOT@ "$WORK/ref.png" ${#text} -- "$POSDOCTOR" --kiosk \
			--lang zh_CN --config "$WORK/k.yaml" --only power.supply)")
	done
	printf 'cage+foot drawing the text itself: median %s s (runs: %s)\n' \
		"$(printf '%s\n' "${ref[@]}" | grep -v never | median)" "${ref[*]}"
	printf 'cage+foot+posdoctor --kiosk:       median %s s (runs: %s)\n' \
		"$(printf '%s\n' "${kio[@]}" | grep -v never | median)" "${kio[*]}"
	echo "(resolution: one grim screenshot, about 0.1-0.2 s)"
)
