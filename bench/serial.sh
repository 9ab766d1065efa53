#!/bin/bash
# bench/serial.sh - serial module figures, side by side with plain tools.
#
#   time to a verdict for a healthy link        (posdoctor vs stty + printf + head)
#   time to find the rate when it is wrong      (goal < 1 s over 5 rates)
#   time to notice an unplug                    (goal < 50 ms; vs a blocked cat)
#   CPU used while waiting for a silent terminal (goal < 1 %; vs a blocked cat)
#   time to find an unknown terminal's protocol, speed and framing
#                                               (goal < 2 s over 5 rates x 3 framings)
#   where a healthy check's time goes           (its own detail timestamps)
#
# The terminal is tests/serial/termsim.py on a pty, shown to posdoctor as a
# USB adapter /dev/ttyUSB7 in a private mount namespace (as the tests do),
# so it runs as root. Usage: bench/serial.sh [BUILD_DIR] (default: build).
set -euo pipefail
[ -n "${BENCH_TRACE:-}" ] && set -x

. "$(dirname "$0")/serial_common.sh"
enter_namespace "$@"

T=$(mktemp -d /tmp/serial-bench.XXXXXX)
trap 'sim_stop; rm -rf "$T"' EXIT INT TERM
PRELOAD=$(shim_preload)
PD_CONFIG=
fixture_begin

# Point /dev/ttyUSB7 at a fresh simulator started with the given args.
terminal() {
	sim_stop
	umount /dev/ttyUSB7 2>/dev/null || true
	rm -rf /sys/class/tty/ttyUSB7 /sys/class/tty/.devices/pci0000:00/usb1/1-ttyUSB7 /dev/serial/by-id/*
	sim_start "$@"
	fixture_usb ttyUSB7 11ca 0219 Verifone "VX 820 Duet" 1 cdc_acm "$PTY" usb-Verifone-bench
}

# The same with the ECR protocol simulator (ecrsim.py).
ecr_terminal() {
	sim_stop
	umount /dev/ttyUSB7 2>/dev/null || true
	rm -rf /sys/class/tty/ttyUSB7 /sys/class/tty/.devices/pci0000:00/usb1/1-ttyUSB7 /dev/serial/by-id/*
	rm -f "$T/termios" "$T/sim.log"
	ecr_start "$@"
	fixture_usb ttyUSB7 11ca 0219 Verifone "VX 820 Duet" 1 cdc_acm "$PTY" usb-Verifone-bench
}


# Milliseconds a command takes (CLOCK_MONOTONIC), median of RUNS runs.
time_ms() {
	for _ in $(seq "$RUNS"); do
		python3 - "$@" <<'EOF'
import subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("%.1f" % ((time.monotonic() - t) * 1000))
EOF
	done | median
}

pd() {
	env LD_PRELOAD="$PRELOAD" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
		POSDOCTOR_SHIM_LINES="$T/lines" POSDOCTOR_SHIM_TERMIOS="$T/termios" \
		"$POSDOCTOR" --once --only "$1" --format json ${PD_CONFIG:+--config "$PD_CONFIG"}
}
export -f pd
export PRELOAD T POSDOCTOR PD_CONFIG

# The check's own duration from the JSON report, else "-".
check_ms() {
	pd "$1" 2>/dev/null | python3 -c '
import json, sys
try:
    r = json.load(sys.stdin)
    print(next(c["duration_ms"] for c in r["checks"] if c["id"] == sys.argv[1]))
except Exception:
    print("-")' "$1"
}

printf '%-44s %12s %12s %s\n' "figure (median of $RUNS)" posdoctor reference "reference tool"

# 1. Healthy link: the whole program, and the same exchange by hand.
terminal --mode ack --baud 9600
pd_ms=$(time_ms bash -c 'pd serial.link')
ref_ms=$(time_ms bash -c 'exec 3<>/dev/ttyUSB7; stty -F /dev/ttyUSB7 9600 raw -echo && printf "\005" >&3 && timeout 2 head -c1 <&3 >/dev/null')
printf '%-44s %10s ms %10s ms %s\n' "healthy link, whole run" "$pd_ms" "$ref_ms" "stty+printf+head"
printf '%-44s %10s ms %12s\n' "healthy link, serial.link check" "$(check_ms serial.link)" "-"

# 2. Wrong rate: the terminal is at the last of the 5 try_bauds.
terminal --mode ack --baud 115200
pd_ms=$(time_ms bash -c 'pd serial.link')
printf '%-44s %10s ms %12s\n' "rate wrong (found 115200 of 5), whole run" "$pd_ms" "-"
printf '%-44s %10s ms %12s\n' "rate wrong, serial.link check" "$(check_ms serial.link)" "-"

# 3. Unplug: the terminal closes the line on the first request. Measured
# from the simulator's hang-up (its log, CLOCK_MONOTONIC) to the first byte
# of the verdict on stdout (process teardown left out); the reference is a
# cat blocked on the same line, to the line it prints after EOF.
unplug_ms() {
	for _ in $(seq "$RUNS"); do
		terminal --mode hangup
		python3 - "$T/sim.log" "$@" <<'EOF'
import subprocess, sys, time
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdout.read(1)
end = time.monotonic()
p.stdout.read()
p.wait()
hup = [float(l.split()[0]) for l in open(sys.argv[1]) if l.split()[1:2] == ["hangup"]]
print("%.2f" % ((end - hup[-1]) * 1000) if hup else "nan")
EOF
	done | median
}
pd_ms=$(unplug_ms bash -c 'pd serial.link')
ref_ms=$(unplug_ms bash -c 'stty -F /dev/ttyUSB7 9600 raw -echo; (sleep 0.05; printf "\005" >/dev/ttyUSB7) & cat /dev/ttyUSB7 >/dev/null; echo eof')
printf '%-44s %10s ms %10s ms %s\n' "unplug noticed (hang-up to verdict)" "$pd_ms" "$ref_ms" "cat reading the line"

# 4. CPU while waiting: a silent terminal, every retry and rate.
terminal --mode silent
cpu() {
	/usr/bin/time -f '%U %S %e' "$@" 2>&1 >/dev/null | tail -1 |
		awk '{printf "%.2f %.1f\n", ($1 + $2) / ($3 > 0 ? $3 : 1) * 100, $3 * 1000}'
}
read -r pd_pct pd_wall < <(cpu bash -c 'pd serial.link')
read -r ref_pct ref_wall < <(cpu timeout "$(awk -v m="$pd_wall" 'BEGIN {print m / 1000}')" cat /dev/ttyUSB7)
printf '%-44s %10s %% %10s %% %s\n' "CPU while waiting (${pd_wall} ms silent)" "$pd_pct" "$ref_pct" "cat blocked on the line"

# 5. Unknown terminal: protocol auto, posdoctor set to 7E1 (so the first
# framing fails everywhere), a ZVT terminal at the last of the 5 rates.
ecr_terminal --proto zvt --baud 115200 --framing 8N2
PD_CONFIG=$T/auto.yaml
printf 'serial:\n  protocol: auto\n  framing: 7E1\n  retries: 0\n' >"$PD_CONFIG"
pd_ms=$(time_ms bash -c 'pd serial.link')
found=$({ pd serial.link 2>/dev/null || true; } | python3 -c '
import json, sys
c = next(c for c in json.load(sys.stdin)["checks"] if c["id"] == "serial.link")
m = c["metrics"]
print("%s %s %s %s, search %s of %s ms" % (c["code"], m.get("protocol"), m.get("detected_baud"),
      m.get("detected_framing"), m.get("search_ms"), m.get("search_budget_ms")))')
printf '%-44s %10s ms %12s %s\n' "unknown protocol+rate+framing, whole run" "$pd_ms" "-" "$found"
printf '%-44s %10s ms %12s\n' "unknown protocol+rate+framing, check" "$(check_ms serial.link)" "-"
# The same terminal with its protocol known (zvt): one probe per setting.
printf 'serial:\n  protocol: zvt\n  framing: 7E1\n  retries: 0\n' >"$PD_CONFIG"
printf '%-44s %10s ms %12s\n' "known protocol, unknown rate+framing, check" "$(check_ms serial.link)" "-"

# 6. Healthy ZVT link (status enquiry, status, completion acknowledged) and
# healthy ENQ/ACK: the check's own time against the exchange's round trip
# (first tx to last rx in the simulator's log).
PD_CONFIG=$T/zvt.yaml
printf 'serial:\n  protocol: zvt\n' >"$PD_CONFIG"
ecr_terminal --proto zvt --baud 9600 --framing 8N2
printf '%-44s %10s ms %12s\n' "healthy ZVT link, serial.link check" "$(check_ms serial.link)" "-"
# The last run's dialogue: its first rx to its last rx in the log.
rtt=$(awk '$2 == "listening" {t0 = 0} $2 == "rx" && !t0 {t0 = $1} $2 == "rx" {t1 = $1}
	END {printf "%.1f", (t1 - t0) * 1000}' "$T/sim.log")
printf '%-44s %10s ms %12s\n' "  ZVT dialogue seen by the simulator" "$rtt" "-"
PD_CONFIG=
terminal --mode ack --baud 9600
printf '%-44s %10s ms %12s\n' "healthy ENQ/ACK link, serial.link check" "$(check_ms serial.link)" "-"
