#!/bin/bash
# power_ups_nut: power.ups against a real NUT upsd with dummy-ups drivers on a
# free loopback port: nothing listening, on line, on battery, OB LB,
# overload, replace battery, unknown status words, state changed while
# running, unknown UPS name, several UPSes with name auto, stale data,
# driver killed.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/nut_lib.sh"
POWER_RUN=${POWER_RUN:-$BUILD_DIR/tests/power/power-run}
export POSDOCTOR_DATADIR=${POSDOCTOR_DATADIR:-$HERE/../../assets}

why=$(nut_available) || { echo "skipped: $why"; exit 77; }
trap 'nut_stop_all' EXIT
trap 'exit 130' INT TERM

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Run the check; OUT holds the JSON.
ups() {
	OUT=$("$POWER_RUN" ups --ups-port "$NUT_PORT" "$@")
	local rc=$?
	[ $rc = 0 ] || fail "power-run exited $rc (sanitizer report?)"
}
# field EXPR: a value from OUT (python expression on j).
field() { python3 -c "import json,sys; j=json.loads(sys.argv[1]); print($1)" "$OUT"; }
# expect STATUS CODE [label]
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
# Poll until the check reports CODE (at most ~10 s); returns 1 otherwise.
poll_code() {
	local code=$1; shift
	for _ in $(seq 1 100); do
		ups "$@"
		[ "$(field 'j["code"]')" = "$code" ] && return 0
		sleep 0.1
	done
	return 1
}

NUT_MAXAGE=4 nut_setup

# 1. Nothing listening on the port yet.
ups
expect skip power.ups_not_set_up "nothing listening, not configured"
[ "$(field 'j["elapsed_ms"] < 1000')" = True ] || fail "refused connect took too long: $OUT"
ups --ups-configured
expect warn power.ups_unreachable "nothing listening, configured"

# 2. Two UPSes: one for most scenarios, one to freeze (stale data).
nut_write_dev shop <<EOF
ups.status: OL
battery.charge: 100
battery.runtime: 1800
input.voltage: 230.4
ups.load: 23
EOF
nut_write_dev back <<EOF
ups.status: OL CHRG
battery.charge: 97
EOF
nut_add_ups shop 'Shop \"front\" UPS'
nut_add_ups back 'Back room'
nut_start_driver shop
nut_start_driver back
nut_start_upsd || exit 1

# While the drivers start, upsd answers WAIT or DRIVER-NOT-CONNECTED: never ok.
ups --ups-name shop
code=$(field 'j["code"]')
case $code in
power.ups_waiting|power.ups_driver_down|power.ok) echo "ok: early state $code" ;;
*) fail "early state: $OUT" ;;
esac
if [ "$code" = power.ups_waiting ]; then
	[ "$(field 'j["status"]')" = warn ] || fail "WAIT shown as $OUT"
fi
nut_wait_data shop || exit 1
nut_wait_data back || exit 1

ups --ups-name shop
expect ok power.ok "on line"
[ "$(field 'j["metrics"]["battery_pct"]')" = 100 ] || fail "battery_pct: $OUT"
[ "$(field 'j["metrics"]["input_voltage_v"]')" = 230.4 ] || fail "input_voltage_v: $OUT"
[ "$(field 'j["metrics"]["ups_load_pct"]')" = 23 ] || fail "ups_load_pct: $OUT"
[ "$(field 'j["metrics"]["battery_runtime_s"]')" = 1800 ] || fail "runtime: $OUT"
[ "$(field 'j["args"]["runtime_min"]')" = 30 ] || fail "runtime_min: $OUT"
# Same figures as NUT's own client.
[ "$(upsc shop@127.0.0.1:"$NUT_PORT" input.voltage 2>/dev/null)" = 230.4 ] || fail "upsc disagrees"

# Several UPSes and no name: say so and list them.
ups
expect warn power.ups_ambiguous "two UPSes, name auto"
[ "$(field 'sorted(j["args"]["available"].split(", "))')" = "['back', 'shop']" ] || fail "available: $OUT"
field 'j["detail"]' | grep 'UPS shop: Shop "front" UPS' >/dev/null || fail "escaped description: $OUT"

# Unknown name: its own verdict, and the names that do exist.
ups --ups-name nosuch --ups-configured
expect warn power.ups_unknown_name "unknown UPS name"
[ "$(field 'sorted(j["args"]["available"].split(", "))')" = "['back', 'shop']" ] || fail "available: $OUT"

# 3. State changes while running: edit the .dev file, poll until seen.
nut_write_dev shop <<EOF
ups.status: OB DISCHRG
battery.charge: 45
battery.runtime: 600
input.voltage: 0
ups.load: 23
EOF
poll_code power.ups_on_battery --ups-name shop || fail "OB never seen: $OUT"
expect warn power.ups_on_battery "on battery"
[ "$(field 'j["metrics"]["battery_pct"]')" = 45 ] || fail "battery_pct: $OUT"

nut_write_dev shop <<EOF
ups.status: OB DISCHRG LB
battery.charge: 8
battery.runtime: 90
EOF
poll_code power.ups_low_battery --ups-name shop || fail "LB never seen: $OUT"
expect fail power.ups_low_battery "on battery, low battery"

nut_write_dev shop <<EOF
ups.status: OL OVER
battery.charge: 100
ups.load: 128
EOF
poll_code power.ups_overload --ups-name shop || fail "OVER never seen: $OUT"
expect fail power.ups_overload "overload"
[ "$(field 'j["metrics"]["ups_load_pct"]')" = 128 ] || fail "load: $OUT"

nut_write_dev shop <<EOF
ups.status: OL RB
battery.charge: 100
EOF
poll_code power.ups_replace_battery --ups-name shop || fail "RB never seen: $OUT"
expect warn power.ups_replace_battery "replace battery"

# Status words posdoctor does not know are kept and shown, not dropped.
nut_write_dev shop <<EOF
ups.status: OL FROBNICATE
battery.charge: 100
EOF
poll_code power.ok --ups-name shop || fail "OL FROBNICATE never ok: $OUT"
[ "$(field 'j["args"]["unknown"]')" = FROBNICATE ] || fail "unknown word: $OUT"
[ "$(field 'j["args"]["status"]')" = "OL FROBNICATE" ] || fail "status: $OUT"

nut_write_dev shop <<EOF
ups.status: FROBNICATE
EOF
poll_code power.ups_attention --ups-name shop || fail "unknown-only status: $OUT"
expect warn power.ups_attention "only unknown words"

# 4. A frozen driver: upsd says DATA-STALE after MAXAGE (4 s here).
kill -STOP "${NUT_DRIVER_PID[back]}"
poll_code power.ups_stale --ups-name back || fail "stale never seen: $OUT"
expect warn power.ups_stale "stale data"
kill -CONT "${NUT_DRIVER_PID[back]}"

# 5. Driver killed: upsd reports it not connected.
nut_kill_driver shop
poll_code power.ups_driver_down --ups-name shop || fail "driver down never seen: $OUT"
expect warn power.ups_driver_down "driver killed"

# 6. One UPS only: name auto picks it.
nut_stop_all
NUT_MAXAGE=15 nut_setup
nut_write_dev solo <<EOF
ups.status: OL
battery.charge: 88
EOF
nut_add_ups solo 'Only one'
nut_start_driver solo
nut_start_upsd || exit 1
nut_wait_data solo || exit 1
ups
expect ok power.ok "name auto, one UPS"
[ "$(field 'j["args"]["ups"]')" = solo ] || fail "auto name: $OUT"
# A host name instead of an address goes through the bounded resolver.
ups --ups-host localhost
expect ok power.ok "host given by name"

# 7. upsd gone: back to unreachable, quickly.
nut_stop_all
ups --ups-configured
expect warn power.ups_unreachable "upsd stopped"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all power.ups NUT scenarios passed"
