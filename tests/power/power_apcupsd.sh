#!/bin/bash
# power_apcupsd: power.ups reading apcupsd's NIS (2-byte big-endian length
# frames, "status") from a small peer of our own on a free loopback port:
# on line, on battery, low battery, lost contact, unknown words, a peer that
# never answers (deadline honoured), an oversized frame, nothing listening.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
POWER_RUN=${POWER_RUN:-$BUILD_DIR/tests/power/power-run}
export POSDOCTOR_DATADIR=${POSDOCTOR_DATADIR:-$HERE/../../assets}
command -v python3 >/dev/null || { echo "skipped: python3 missing"; exit 77; }

DIR=$(mktemp -d /tmp/power-apc.$$.XXXXXX)
PEER=""
SILENT_PEER=""
cleanup() {
	[ -n "$SILENT_PEER" ] && kill "$SILENT_PEER" 2>/dev/null && wait "$SILENT_PEER" 2>/dev/null
	[ -n "$PEER" ] && kill "$PEER" 2>/dev/null && wait "$PEER" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
field() { python3 -c "import json,sys; j=json.loads(sys.argv[1]); print($1)" "$OUT"; }
expect() {
	local st code
	st=$(field 'j["status"]'); code=$(field 'j["code"]')
	if [ "$st" != "$1" ] || [ "$code" != "$2" ]; then
		fail "${3:-}: expected $1 $2, got $st $code: $OUT"
	elif [ -n "$(field 'j.get("text_problems", "no texts checked")')" ]; then
		fail "${3:-}: summary or fix texts: $OUT"
	else
		echo "ok: ${3:-} $1 $2: $(field 'j["summary"]')"
	fi
}
status() {
	printf 'APC      : 001,036,0877\nDATE     : 2026-11-22 10:00:00 +0000\nUPSNAME  : backroom\n' > "$DIR/status"
	printf 'STATUS   : %s\nLINEV    : %s Volts\nLOADPCT  : 17.0 Percent\nBCHARGE  : %s Percent\nTIMELEFT : 60.0 Minutes\nEND APC  : 2026-11-22 10:00:01 +0000\n' "$1" "$2" "$3" >> "$DIR/status"
}

echo status > "$DIR/mode"
status ONLINE 229.0 100.0
python3 "$HERE/apcupsd_peer.py" "$DIR/port" "$DIR/mode" "$DIR/status" > "$DIR/peer.log" 2>&1 &
PEER=$!
for _ in $(seq 1 100); do [ -s "$DIR/port" ] && break; sleep 0.05; done
[ -s "$DIR/port" ] || { echo "peer did not start"; cat "$DIR/peer.log"; exit 1; }
PORT=$(cat "$DIR/port")
apc() {
	OUT=$("$POWER_RUN" ups --apcupsd-port "$PORT" "$@")
	local rc=$?
	[ $rc = 0 ] || fail "power-run exited $rc (sanitizer report?)"
}

apc
expect ok power.ok "apcupsd on line"
[ "$(field 'j["metrics"]["input_voltage_v"]')" = 229 ] || fail "input voltage: $OUT"
[ "$(field 'j["metrics"]["battery_runtime_s"]')" = 3600 ] || fail "runtime: $OUT"
[ "$(field 'j["metrics"]["ups_load_pct"]')" = 17 ] || fail "load: $OUT"
[ "$(field 'j["args"]["ups"]')" = backroom ] || fail "name: $OUT"
grep -q "request b'status'" "$DIR/peer.log" || fail "request framing: $(cat "$DIR/peer.log")"

status ONBATT 0.0 64.0
apc
expect warn power.ups_on_battery "apcupsd on battery"

status "ONBATT LOWBATT" 0.0 9.0
apc
expect fail power.ups_low_battery "apcupsd low battery"

status COMMLOST 0.0 0.0
apc
expect warn power.ups_driver_down "apcupsd lost the UPS"

status "ONLINE NEWWORD" 230.0 100.0
apc
expect ok power.ok "apcupsd unknown word kept"
[ "$(field 'j["args"]["unknown"]')" = NEWWORD ] || fail "unknown word: $OUT"

echo silent > "$DIR/mode"
apc --timeout-ms 1500
expect warn power.ups_error "apcupsd never answers"
[ "$(field 'j["args"]["error"]')" = "no answer in time" ] || fail "error: $OUT"
ms=$(field 'j["elapsed_ms"]')
[ "$ms" -ge 1200 ] && [ "$ms" -le 2500 ] || fail "deadline not honoured: $ms ms"

echo bigframe > "$DIR/mode"
apc
expect warn power.ups_error "apcupsd oversized frame"
[ "$(field 'j["args"]["error"]')" = "frame of 65535 bytes" ] || fail "error: $OUT"

echo close > "$DIR/mode"
apc
expect warn power.ups_error "apcupsd closes at once"
[ "$(field 'j["args"]["error"]')" = "connection closed" ] || fail "error: $OUT"

# Both servers configured: the worse verdict wins, both are detailed.
echo status > "$DIR/mode"
status ONLINE 230.0 100.0
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
apc --ups-configured --ups-port "$DEAD"
expect warn power.ups_unreachable "NUT down, apcupsd fine"
field 'j["detail"]' | grep 'apcupsd backroom: status "ONLINE"' >/dev/null || fail "apcupsd detail: $OUT"

# Both configured, NUT silent (a firewalled host): NUT gets at most half the
# time, so apcupsd is still read within the deadline.
mkdir -p "$DIR/silent"
echo silent > "$DIR/silent/mode"
: > "$DIR/silent/status"
python3 "$HERE/apcupsd_peer.py" "$DIR/silent/port" "$DIR/silent/mode" "$DIR/silent/status" \
	> "$DIR/silent/peer.log" 2>&1 &
SILENT_PEER=$!
for _ in $(seq 1 100); do [ -s "$DIR/silent/port" ] && break; sleep 0.05; done
[ -s "$DIR/silent/port" ] || fail "silent peer did not start"
apc --ups-configured --ups-port "$(cat "$DIR/silent/port")" --timeout-ms 1500
expect warn power.ups_error "NUT silent, apcupsd fine"
[ "$(field 'j["args"]["error"]')" = "no answer in time" ] || fail "NUT error: $OUT"
field 'j["detail"]' | grep 'apcupsd backroom: status "ONLINE"' >/dev/null ||
	fail "apcupsd starved by a silent NUT: $OUT"
ms=$(field 'j["elapsed_ms"]')
[ "$ms" -le 2500 ] || fail "deadline not honoured: $ms ms"
kill "$SILENT_PEER"; wait "$SILENT_PEER" 2>/dev/null; SILENT_PEER=""

# The NUT client against a peer that is not upsd: bounded, honest errors.
echo silent > "$DIR/mode"
OUT=$("$POWER_RUN" ups --ups-port "$PORT" --ups-name shop --timeout-ms 1500) || fail "power-run exited $?"
expect warn power.ups_error "NUT port never answers"
[ "$(field 'j["args"]["error"]')" = "no answer in time" ] || fail "error: $OUT"
ms=$(field 'j["elapsed_ms"]')
[ "$ms" -ge 1200 ] && [ "$ms" -le 2500 ] || fail "NUT deadline not honoured: $ms ms"
echo garbage > "$DIR/mode"
OUT=$("$POWER_RUN" ups --ups-port "$PORT" --ups-name shop) || fail "power-run exited $?"
expect warn power.ups_error "NUT port answers garbage"
[ "$(field 'j["args"]["error"]')" = "reply is not the NUT protocol" ] || fail "error: $OUT"
OUT=$("$POWER_RUN" ups --ups-port "$PORT") || fail "power-run exited $?"
expect warn power.ups_error "NUT port answers garbage to LIST UPS"

kill "$PEER"; wait "$PEER" 2>/dev/null; PEER=""
apc
expect warn power.ups_unreachable "apcupsd not listening"

# A host name that does not resolve: unreachable, named, and bounded. In a
# network namespace of its own (only a down loopback), so the lookup never
# reaches the machine's real resolver.
if [ "$(id -u)" -eq 0 ] && unshare --net true 2>/dev/null; then
	OUT=$(unshare --net "$POWER_RUN" ups --ups-host nosuch.invalid --ups-configured \
		--timeout-ms 1500) || fail "power-run exited $?"
	expect warn power.ups_unreachable "UPS host name that does not resolve"
	[ "$(field 'j["elapsed_ms"] <= 2000')" = True ] || fail "name lookup not bounded: $OUT"
else
	echo "note: not root: the unresolvable-name case is not run (it would ask the real resolver)"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all apcupsd scenarios passed"
