#!/bin/bash
# bench/serial_tcp.sh - serial.link on a network terminal (serial.port:
# tcp://HOST:PORT), side by side with a reference client doing the same
# exchange in python3, in the same run:
#
#   ZVT      connect, 05 01 status enquiry, 80 00 00 + 04 0F back, 80 00 00,
#            06 0F back, 80 00 00 (raw APDUs: ZVT over TCP has no transport
#            layer)
#   ENQ/ACK  connect, ENQ, ACK back, EOT
#
# Figures: median of RUNS (10) runs of the check's own duration_ms
# (`--once --only serial.link --format json`) and of the whole process;
# the reference's exchange time measured inside it, and its whole process.
# The terminal is tests/serial/ecrsim.py --tcp on 127.0.0.1 (a free port).
# Usage: bench/serial_tcp.sh [BUILD_DIR] (default: build).
set -euo pipefail

. "$(dirname "$0")/serial_common.sh"
T=$(mktemp -d /tmp/serial-tcp-bench.XXXXXX)
trap 'sim_stop; rm -rf "$T"' EXIT INT TERM


# The reference client: the same exchange, timed from connect to the last
# byte; prints milliseconds.
cat >"$T/ref.py" <<'PY'
import socket, sys, time
proto, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])

def read_apdu(s, buf):
    while True:
        if len(buf) >= 3 and len(buf) >= 3 + buf[2]:
            n = 3 + buf[2]
            return bytes(buf[:n]), buf[n:]
        buf += s.recv(256)

t0 = time.monotonic()
s = socket.create_connection((host, port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
if proto == "zvt":
    buf = bytearray()
    s.sendall(bytes([0x05, 0x01, 0x03, 0, 0, 0]))
    while True:
        apdu, buf = read_apdu(s, buf)
        if apdu[0] in (0x80, 0x84):
            continue
        s.sendall(bytes([0x80, 0x00, 0x00]))
        if apdu[:2] in (b"\x06\x0f", b"\x06\x1e"):
            break
else:
    s.sendall(b"\x05")
    assert s.recv(1) == b"\x06"
    s.sendall(b"\x04")
s.close()
print("%.3f" % ((time.monotonic() - t0) * 1000))
PY


printf '%-8s %-34s %10s %10s\n' protocol measure "median ms" "runs"
for proto in zvt enq-ack; do
	sim_run "$ECRSIM" --tcp 127.0.0.1:0 --proto "$proto"
	addr=$PTY
	printf 'serial:\n  port: tcp://%s\n  protocol: %s\n' "$addr" "$proto" >"$T/cfg.yaml"
	: >"$T/pd_check" ; : >"$T/pd_wall"; : >"$T/ref_ex"; : >"$T/ref_wall"
	for _ in $(seq "$RUNS"); do
		s=$(date +%s%N)
		"$POSDOCTOR" --once --only serial.link --format json --config "$T/cfg.yaml" >"$T/out.json" || true
		e=$(date +%s%N)
		echo "$(( (e - s) / 1000 ))" | awk '{printf "%.1f\n", $1 / 1000}' >>"$T/pd_wall"
		python3 -c 'import json,sys; c=[c for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="serial.link"][0]; assert c["status"]=="ok", c; print(c["duration_ms"])' "$T/out.json" >>"$T/pd_check"
		s=$(date +%s%N)
		python3 "$T/ref.py" "$proto" "${addr%:*}" "${addr##*:}" >>"$T/ref_ex"
		e=$(date +%s%N)
		echo "$(( (e - s) / 1000 ))" | awk '{printf "%.1f\n", $1 / 1000}' >>"$T/ref_wall"
	done
	printf '%-8s %-34s %10s %10s\n' "$proto" "posdoctor serial.link duration_ms" "$(median <"$T/pd_check")" "$RUNS"
	printf '%-8s %-34s %10s %10s\n' "$proto" "posdoctor whole process" "$(median <"$T/pd_wall")" "$RUNS"
	printf '%-8s %-34s %10s %10s\n' "$proto" "python3 reference, exchange" "$(median <"$T/ref_ex")" "$RUNS"
	printf '%-8s %-34s %10s %10s\n' "$proto" "python3 reference, whole process" "$(median <"$T/ref_wall")" "$RUNS"
	sim_stop
done
