#!/bin/bash
# bench/system.sh - how long the system module takes, beside the tools a
# person would use for the same answers: df (disk), timedatectl and
# chronyc tracking (clock), when they work on this machine.
#
#   bench/system.sh [BUILD_DIR]
#
# Prints, side by side (hyperfine, wall time per run):
#   posdoctor --once --only system          the whole module, no time server
#   posdoctor ... with system.ntp_server    the same plus one SNTP exchange
#                                           with a server on 127.0.0.1
#   df / /var                               free space alone
#   timedatectl show / chronyc tracking     the clock's sync state alone
# and each check's own duration_ms from the JSON report, and the SNTP
# round trip. posdoctor exits 1 or 2 when a check warns or fails: runs
# are timed all the same (-i). Goals: module <= 20 ms without NTP, <= one round trip + 5 ms
# with it.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-${BUILD_DIR:-$SRC/build}}
POSDOCTOR=${POSDOCTOR:-$BUILD_DIR/posdoctor}
RUNS=${RUNS:-50}

for t in hyperfine python3 df; do
	command -v $t >/dev/null || { echo "bench/system.sh: $t not installed"; exit 1; }
done
[ -x "$POSDOCTOR" ] || { echo "build first: $POSDOCTOR"; exit 1; }
WORK=$(mktemp -d /tmp/system-bench.XXXXXX)
SNTP_PID=
trap '[ -n "$SNTP_PID" ] && kill "$SNTP_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# A time server of our own on loopback (a free port above 1024).
PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$SRC/tests/system/sntp_server.py" --addr 127.0.0.1 --port "$PORT" \
	--ready "$WORK/ready" --max-requests 100000 &
SNTP_PID=$!
for _ in $(seq 100); do [ -e "$WORK/ready" ] && break; sleep 0.05; done
[ -e "$WORK/ready" ] || { echo "bench/system.sh: SNTP server did not start"; exit 1; }

printf 'system: {}\n' >"$WORK/plain.yaml"
printf 'system:\n  ntp_server: "127.0.0.1:%s"\n' "$PORT" >"$WORK/ntp.yaml"
export POSDOCTOR_DATADIR=${POSDOCTOR_DATADIR:-$SRC/assets}
ONLY=system.clock,system.disk,system.memory,system.serial_driver

echo "== system module vs df / timedatectl / chronyc ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
cmds=("$POSDOCTOR --once --only $ONLY --format json --config $WORK/plain.yaml"
      "$POSDOCTOR --once --only $ONLY --format json --config $WORK/ntp.yaml"
      "df / /var")
if timedatectl show >/dev/null 2>&1; then
	cmds+=("timedatectl show")
else
	echo "(timedatectl: $(timedatectl show 2>&1 | head -1); left out)"
fi
if command -v chronyc >/dev/null && chronyc -n tracking >/dev/null 2>&1; then
	cmds+=("chronyc -n tracking")
else
	echo "(chronyc tracking: no chronyd to ask on this machine; left out)"
fi
hyperfine -N -i --warmup 3 --runs "$RUNS" --export-json "$WORK/hf.json" "${cmds[@]}" >/dev/null 2>&1 ||
	hyperfine -i --warmup 3 --runs "$RUNS" --export-json "$WORK/hf.json" "${cmds[@]}" >/dev/null
python3 - "$WORK/hf.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    cmd = r["command"]
    if "--config" in cmd:
        cmd = "posdoctor system module" + (" + SNTP" if "ntp.yaml" in cmd else "")
    print("%8.2f ms mean %8.2f ms min   cpu %6.2f ms   %s" % (r["mean"] * 1e3, r["min"] * 1e3,
          (r["user"] + r["system"]) * 1e3, cmd))
PY

echo "== each check's own time (duration_ms, median of 20 runs)"
for cfg in plain ntp; do
	for i in $(seq 20); do
		"$POSDOCTOR" --once --only $ONLY --format json --config "$WORK/$cfg.yaml" 2>/dev/null
		echo
	done >"$WORK/$cfg.jsonl"
	python3 - "$WORK/$cfg.jsonl" "$cfg" <<'PY'
import json, statistics, sys
per, total, rtt = {}, [], []
text = open(sys.argv[1]).read()
dec = json.JSONDecoder()
i = 0
docs = []
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    d, i = dec.raw_decode(text, i)
    docs.append(d)
for d in docs:
    total.append(d["duration_ms"])
    for c in d["checks"]:
        per.setdefault(c["id"], []).append(c["duration_ms"])
        if "ntp_delay_ms" in c.get("metrics", {}):
            rtt.append(c["metrics"]["ntp_delay_ms"])
print("%s: module %.1f ms (report's duration_ms)" % (sys.argv[2], statistics.median(total)))
for k, v in per.items():
    print("   %-22s %.1f ms" % (k, statistics.median(v)))
if rtt:
    print("   SNTP round trip        %.2f ms" % statistics.median(rtt))
PY
done
