#!/bin/bash
# power_e2e: the real posdoctor binary, a config file and fixture trees.
# - The foundation's "done" criterion: `posdoctor --once --format json
#   --config <fixture config>` reports power.battery_low with fix steps in
#   English, and in Chinese with --lang zh_CN (parsed by python3's json).
# - A Pi with past under-voltage (kernel log fixture) through the runner.
# - The whole power module against a real upsd (when root), exit codes.
# - A bad power key in the config exits 3 with FILE:LINE:COLUMN.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/nut_lib.sh"

DIR=$(mktemp -d /tmp/power-e2e.$$.XXXXXX)
cleanup() { nut_stop_all; rm -rf "$DIR"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run NAME ARGS...: posdoctor's report in $DIR/NAME.json, exit code in RC.
run() {
	local name=$1; shift
	"$POSDOCTOR" --once --format json "$@" > "$DIR/$name.json" 2> "$DIR/$name.err"
	RC=$?
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DIR/$name.json" ||
		fail "$name: not JSON: $(head -c 300 "$DIR/$name.json") $(cat "$DIR/$name.err")"
}
# check NAME PYTHON: assert on j (the parsed report) and c(id) (one check).
check() {
	python3 - "$DIR/$1.json" "$2" "$3" <<'EOF' || fail "$2: $(cat "$DIR/$1.json")"
import json, sys
j = json.load(open(sys.argv[1]))
def c(cid):
    for x in j["checks"]:
        if x["id"] == cid:
            return x
    raise SystemExit("no check " + cid)
cjk = lambda s: any("\u4e00" <= ch <= "\u9fff" for ch in s)
if not eval(sys.argv[3]):
    raise SystemExit(1)
print("ok: " + sys.argv[2])
EOF
}

# A laptop on battery at 8 %.
S=$DIR/laptop
mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
echo Mains > "$S/class/power_supply/AC/type"
echo 0 > "$S/class/power_supply/AC/online"
echo Battery > "$S/class/power_supply/BAT0/type"
echo Discharging > "$S/class/power_supply/BAT0/status"
echo 8 > "$S/class/power_supply/BAT0/capacity"
cat > "$DIR/laptop.yaml" <<EOF
site: {name: Corner Cafe, terminal_id: T-0042}
power:
  sysfs_root: $S
  kmsg: $DIR/no-kmsg
  thresholds: {battery_warn_pct: 30, battery_fail_pct: 10, temp_warn_c: 75}
EOF

run en --config "$DIR/laptop.yaml" --only power.supply --lang en
[ "$RC" = 2 ] || fail "exit code $RC for a failing check (expected 2)"
check en "battery_low reported" 'c("power.supply")["status"] == "fail" and c("power.supply")["code"] == "power.battery_low"'
check en "battery_pct metric" 'c("power.supply")["metrics"]["battery_pct"] == 8'
check en "English summary names the charge" '"8%" in c("power.supply")["summary"] and not cjk(c("power.supply")["summary"])'
check en "English fix with steps" 'len(c("power.supply")["fix"]["steps"]) >= 3 and all(s and not cjk(s) for s in c("power.supply")["fix"]["steps"]) and c("power.supply")["fix"]["title"]'

run zh --config "$DIR/laptop.yaml" --only power.supply --lang zh_CN
check zh "language zh_CN" 'j["language"] == "zh_CN"'
check zh "Chinese summary names the charge" '"8%" in c("power.supply")["summary"] and cjk(c("power.supply")["summary"])'
check zh "Chinese fix steps" 'len(c("power.supply")["fix"]["steps"]) >= 3 and all(cjk(s) for s in c("power.supply")["fix"]["steps"]) and cjk(c("power.supply")["fix"]["title"])'
check zh "same number of steps" "len(c('power.supply')['fix']['steps']) == $(python3 -c 'import json,sys; print(len([x for x in json.load(open(sys.argv[1]))["checks"] if x["id"]=="power.supply"][0]["fix"]["steps"]))' "$DIR/en.json")"

# A Raspberry Pi that had under-voltage earlier: firmware bits and kernel log.
P=$DIR/pi
mkdir -p "$P/devices/platform/soc/soc:firmware" "$P/class/hwmon/hwmon0" "$P/firmware/devicetree/base"
printf 'Raspberry Pi 4 Model B Rev 1.4\0' > "$P/firmware/devicetree/base/model"
echo 50000 > "$P/devices/platform/soc/soc:firmware/get_throttled"
echo rpi_volt > "$P/class/hwmon/hwmon0/name"
echo 0 > "$P/class/hwmon/hwmon0/in0_lcrit_alarm"
printf '6,1,0,-;Booting Linux\n2,50,61200000,-;Under-voltage detected! (0x00050005)\n6,51,63000000,-;Voltage normalised (0x00000000)\n2,90,7205500000,-;Under-voltage detected! (0x00050005)\n' > "$DIR/pi.kmsg"
cat > "$DIR/pi.yaml" <<EOF
power:
  sysfs_root: $P
  kmsg: $DIR/pi.kmsg
EOF
run pi --config "$DIR/pi.yaml" --only power.board
[ "$RC" = 1 ] || fail "exit code $RC for a warning (expected 1)"
check pi "undervoltage_past through the runner" 'c("power.board")["code"] == "power.undervoltage_past" and c("power.board")["status"] == "warn"'
check pi "kernel log count and times" 'c("power.board")["metrics"]["undervoltage_events"] == 2 and abs(c("power.board")["metrics"]["undervoltage_last_s"] - 7205.5) < 0.01'
check pi "fix names the Pi's supply" '"5.1 V" in " ".join(c("power.board")["fix"]["steps"])'

# A bad power key: exit 3 with FILE:LINE:COLUMN.
printf 'power:\n  ups: {port: 99999}\n' > "$DIR/bad.yaml"
"$POSDOCTOR" --check-config "$DIR/bad.yaml" > "$DIR/bad.out" 2>&1
rc=$?
[ $rc = 3 ] || fail "--check-config of a bad port exits $rc"
grep -q "bad.yaml:2:[0-9]*:" "$DIR/bad.out" || fail "no FILE:LINE:COLUMN: $(cat "$DIR/bad.out")"

# The whole module against a real upsd.
if why=$(nut_available); then
	nut_setup
	nut_write_dev till <<EOF
ups.status: OL
battery.charge: 100
battery.runtime: 1200
input.voltage: 231.0
ups.load: 40
EOF
	nut_add_ups till 'Till UPS'
	nut_start_driver till
	nut_start_upsd || exit 1
	nut_wait_data till || exit 1
	cat > "$DIR/ups.yaml" <<EOF
power:
  sysfs_root: $P
  kmsg: $DIR/pi.kmsg
  ups: {host: 127.0.0.1, port: $NUT_PORT, name: auto}
EOF
	run ups --config "$DIR/ups.yaml" --only power
	check ups "three power checks" 'sorted(x["id"] for x in j["checks"]) == ["power.board", "power.supply", "power.ups"]'
	check ups "UPS on line" 'c("power.ups")["status"] == "ok" and c("power.ups")["metrics"]["input_voltage_v"] == 231'
	check ups "UPS summary" '"till" in c("power.ups")["summary"] and "20" in c("power.ups")["summary"]'
	check ups "module well inside its budget" 'all(x["duration_ms"] < 2000 for x in j["checks"])'
	nut_write_dev till <<EOF
ups.status: OB LB
battery.charge: 6
EOF
	for _ in $(seq 1 100); do
		run ups --config "$DIR/ups.yaml" --only power.ups --lang zh_CN
		python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["checks"][0]["code"] != "power.ups_low_battery")' "$DIR/ups.json" && break
		sleep 0.1
	done
	[ "$RC" = 2 ] || fail "UPS low battery exit code $RC"
	check ups "UPS low battery, Chinese fix" 'c("power.ups")["code"] == "power.ups_low_battery" and cjk(c("power.ups")["fix"]["title"])'
	nut_stop_all
	run gone --config "$DIR/ups.yaml" --only power.ups
	check gone "configured UPS gone: warn" 'c("power.ups")["status"] == "warn" and c("power.ups")["code"] == "power.ups_unreachable"'
else
	echo "note: UPS part skipped: $why"
fi

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all power end-to-end checks passed"
