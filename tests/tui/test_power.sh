#!/bin/bash
# tui_power: the real program and the real power module against a fixture
# tree (a laptop on battery at 8 %): the checklist shows the failure with
# the shipped fix steps in both languages, and the kiosk's banner says what
# to do about it in words.
. "$(dirname "$0")/lib.sh"
make_datadir

S=$WORK/laptop
mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
echo Mains > "$S/class/power_supply/AC/type"
echo 0 > "$S/class/power_supply/AC/online"
echo Battery > "$S/class/power_supply/BAT0/type"
echo Discharging > "$S/class/power_supply/BAT0/status"
echo 8 > "$S/class/power_supply/BAT0/capacity"
cat > "$WORK/laptop.yaml" <<YAML
site: {name: Corner Cafe, terminal_id: T-0042}
power:
  sysfs_root: $S
  kmsg: $WORK/no-kmsg
YAML

# What the shipped catalogue says, from the report writer (JSON).
"$POSDOCTOR" --once --format json --config "$WORK/laptop.yaml" --only power.supply \
	> "$WORK/en.json"
"$POSDOCTOR" --once --format json --config "$WORK/laptop.yaml" --only power.supply \
	--lang zh_CN > "$WORK/zh.json"
field() {
	python3 -c 'import json, sys
c = [x for x in json.load(open(sys.argv[1]))["checks"] if x["id"] == "power.supply"][0]
print(eval(sys.argv[2]))' "$@"
}
title_en=$(field "$WORK/en.json" 'c["title"]')
title_zh=$(field "$WORK/zh.json" 'c["title"]')
step1_en=$(field "$WORK/en.json" 'c["fix"]["steps"][0][:30]')
step1_zh=$(field "$WORK/zh.json" 'c["fix"]["steps"][0][:12]')

start screen 132 43 TERM=xterm-256color LANG=C.UTF-8 -- "$WORK/wrap.sh" "$POSDOCTOR" \
	--config "$WORK/laptop.yaml" --only power.supply
start kiosk 40 12 TERM=linux LANG=C.UTF-8 -- "$WORK/wrap.sh" "$POSDOCTOR" --kiosk \
	--config "$WORK/laptop.yaml" --only power.supply

wait_for screen "[FAIL] $title_en" 10 && pass "power failure listed" || fail "no [FAIL] row"
wait_for screen "1. $step1_en" 5 && pass "shipped fix steps shown" || fail "no fix steps"
wait_for screen "Code: power.battery_low" 5 || fail "no code for the helpdesk"
wait_for screen "Terminal id: T-0042" 5 || fail "no terminal id"
wait_for screen "Battery charge: 8%" 5 || fail "no battery metric with its label and unit"
tm send-keys -t screen l
wait_for screen "[FAIL] $title_zh" 5 && pass "Chinese title" || fail "no Chinese title"
wait_for screen "1. $step1_zh" 5 && pass "Chinese steps" || fail "no Chinese steps"
wait_for screen "电池电量：8%" 5 && pass "Chinese metric label" || fail "no Chinese metric label"
check_width screen 132 || fail "a line is wider than 132"
wait_for kiosk "CHECK THE POWER" 10 && pass "kiosk banner says what to do" || fail "no banner"
check_width kiosk 40 || fail "a line is wider than 40"

tm send-keys -t screen q
sane_after screen 2
kill -TERM "$(prog_pid kiosk)"
sane_after kiosk 143
exit $FAILED
