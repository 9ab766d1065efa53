#!/bin/bash
# guides_tui: in the full screen, every symptom is walked to its outcome in
# English and in Chinese; the outcome's helpdesk card names the number, the
# terminal id, what failed and what was tried; the saved JSON report parses
# and lists every answer in order; a failing serial.link (a real serial
# check against a silent pseudo-terminal) makes "Card read failed" show that
# check's fix first; the kiosk shows the code-lookup hint.
. "$SOURCE_DIR/tests/tui/lib.sh"
make_datadir
mkdir -p "$WORK/reports"
HELPDESK="Acme helpdesk 400-000-0000"
printf 'site: {name: Corner Cafe, terminal_id: T-0042, helpdesk: "%s"}\n' "$HELPDESK" > "$WORK/site.yaml"

# say FLOW NODE LANG: the first words of a node's text, as the screen shows them.
say() {
	python3 - "$SOURCE_DIR/assets/guides/$1.yaml" "$1" "$2" "$3" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
node = doc[sys.argv[2]]["nodes"][sys.argv[3]]
text = (node.get("say") or node.get("do") or node.get("ask"))[sys.argv[4]]
print(text[:24] if sys.argv[4] == "en" else text[:14])
PY
}

# check_report FLOW OUTCOME NODES...: the newest saved JSON report holds the
# walk of FLOW ending at OUTCOME, through NODES in this order.
check_report() {
	local json
	json=$(ls -t "$WORK"/reports/*.json 2>/dev/null | head -n 1)
	[ -n "$json" ] || { fail "$1: no JSON report saved"; return 1; }
	python3 - "$json" "$@" <<'PY'
import json, sys
path, flow, outcome, *nodes = sys.argv[1:]
doc = json.load(open(path, encoding="utf-8"))
g = doc.get("guide")
bad = []
if not g:
    bad.append("no guide in the report")
else:
    got = [s["node"] for s in g["path"]]
    if g["flow"] != flow: bad.append(f"flow {g['flow']} != {flow}")
    if g["outcome"] != outcome: bad.append(f"outcome {g['outcome']} != {outcome}")
    if got != nodes: bad.append(f"path {got} != {nodes}")
    ats = [s["at"] for s in g["path"]]
    if ats != sorted(ats): bad.append(f"times not in order: {ats}")
    if any(not s["answer"] for s in g["path"]): bad.append("an empty answer")
if bad:
    print(f"{path}: " + "; ".join(bad))
    sys.exit(1)
PY
}

# walk LANG FLOW_INDEX FLOW OUTCOME_NODE OUTCOME KEYS NODES: open the symptom
# list, pick the flow, press KEYS (space-separated; "Enter" for Enter), wait
# for the outcome's text and the helpdesk card, save, check the report.
walk() {
	local lang=$1 idx=$2 flow=$3 end=$4 outcome=$5 keys=$6 nodes=$7 text k card
	text=$(say "$flow" "$end" "$lang")
	tm send-keys -t main t
	wait_for main "$( [ "$lang" = en ] && echo 'What does the card terminal show?' || echo '刷卡机显示什么？')" 5 >/dev/null ||
		{ fail "$lang $flow: no symptom list"; return; }
	tm send-keys -t main "$idx"
	for k in $keys; do
		tm send-keys -t main "$k"
	done
	if ! wait_for main "$text" 5; then
		fail "$lang $flow: outcome '$text' not reached"
		tm send-keys -t main q
		return
	fi
	card=$( [ "$lang" = en ] && echo "Helpdesk card" || echo "客服联系卡")
	if [ "$outcome" != solved ]; then
		s=$(screen main)
		grep -qF "$card" <<<"$s" || fail "$lang $flow: no helpdesk card"
		grep -qF "T-0042" <<<"$s" || fail "$lang $flow: no terminal id"
		if [ "$outcome" = call_issuer ]; then
			grep -qF "$( [ "$lang" = en ] && echo "the card's bank" || echo "发卡银行")" <<<"$s" ||
				fail "$lang $flow: the card's bank not named"
		else
			grep -qF "$HELPDESK" <<<"$s" || fail "$lang $flow: helpdesk number missing"
		fi
	fi
	rm -f "$WORK"/reports/*
	tm send-keys -t main s
	wait_re main "(Report saved|报告已保存)" 5 >/dev/null || { fail "$lang $flow: report not saved"; screen main; }
	# shellcheck disable=SC2086
	check_report "$flow" "$outcome" $nodes && pass "$lang: $flow walked to $outcome, report lists the answers" ||
		fail "$lang $flow: report"
	tm send-keys -t main Enter
	wait_re main "(Quick test check|快速测试项)" 5 >/dev/null || fail "$lang $flow: not back at the checklist"
}

for lang in en zh_CN; do
	rm -f "$WORK"/reports/*
	start main 100 40 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=100 \
		POSDOCTOR_REPORT_DIR="$WORK/reports" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" \
		-c "$WORK/site.yaml" --only test --lang "$lang"
	wait_gone main "running" 10 || fail "checks did not finish"
	wait_re main "(What does the card terminal show\? Press t|刷卡机显示什么？请按 t)" 5 &&
		pass "$lang: the way-in row is shown under the checklist" || fail "$lang: no way-in row"

	# Connecting: terminal off, power plugged, shop network (not measured
	# here: no network checks run), router, restart, host wait.
	walk "$lang" 1 connecting call_acquirer call_acquirer "2 2 2 2 2 2" \
		"power_checks terminal_on plug_power how_linked network_checks router restart_terminal host_wait"
	walk "$lang" 2 card_read call_repair call_repair "2 2 2 2" \
		"link_checks which_cards clean_reader interference restart_terminal"
	if [ "$lang" = en ]; then
		# 51: the card's bank decides.
		walk "$lang" 3 declined call_issuer call_issuer "5 1 Enter 1" "ask_code"
	else
		# A0: sign in again (nobody to call), then every card still fails.
		walk "$lang" 3 declined call_acquirer call_acquirer "a 0 Enter 1 2 2 2" \
			"ask_code follow_advice which_cards network_checks sign_in"
	fi
	walk "$lang" 4 sign_in call_acquirer call_acquirer "2 2 2 2" \
		"network_checks has_code operator date_time restart_terminal"
	walk "$lang" 5 screen call_repair call_repair "2 2 2 2 2" \
		"power_checks on_mains charge socket heat force_restart"
	# Something else: the failing test check is shown first, with its fix.
	walk "$lang" 6 other call_acquirer call_acquirer "2 2 2 2" \
		"all_checks what_happens settle restart_terminal"
	tm send-keys -t main q
	sane_after main 2
	tm kill-session -t main 2>/dev/null
done

# A code in no table says so, then goes on; Esc steps back; "it works now" solves.
start codes 100 40 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=100 \
	POSDOCTOR_REPORT_DIR="$WORK/reports" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" \
	-c "$WORK/site.yaml" --only test.quick
wait_for codes "Quick test check" 10 >/dev/null
tm send-keys -t codes t 3 Z Z Enter
wait_for codes "is in none of the tables" 5 && pass "an unknown code says so" || fail "unknown code"
tm send-keys -t codes 5 1
tm send-keys -t codes Escape
wait_for codes "Code: _" 5 && pass "Esc goes back to the code field" || fail "Esc in code"
tm send-keys -t codes - Enter
wait_for codes "not a response code" 5 && pass "bad input in the code field is refused" || fail "bad code input"
tm send-keys -t codes BSpace 5 5 Enter 1
wait_for codes "Go on" 5 >/dev/null
tm send-keys -t codes 1
wait_for codes "Solved." 5 && pass "'It works now' ends the walk as solved" || fail "no solved end"
rm -f "$WORK"/reports/*
tm send-keys -t codes s
wait_for codes "Report saved" 5 >/dev/null
check_report declined solved ask_code follow_advice && pass "solved walk recorded" || fail "solved report"
tm send-keys -t codes Enter q
sane_after codes 0

# Card read failed with a failing serial.link: its fix comes first.
cat > "$WORK/silent.py" <<'PY'
import os, sys, time, tty
m, s = os.openpty()
tty.setraw(s)
name = os.ttyname(s)
os.close(s)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(name)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    try:
        os.read(m, 1024)
    except OSError:
        time.sleep(0.05)
PY
/usr/bin/python3 "$WORK/silent.py" "$WORK/ptyname" </dev/null >/dev/null 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null; cleanup' EXIT
for ((i = 0; i < 100; i++)); do [ -s "$WORK/ptyname" ] && break; sleep 0.05; done
printf 'site: {terminal_id: T-0042, helpdesk: "%s"}\nserial: {port: %s, timeout_ms: 100, retries: 0, try_bauds: [9600]}\n' \
	"$HELPDESK" "$(cat "$WORK/ptyname")" > "$WORK/serial.yaml"
step1=$(python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
print(d["serial.no_response"]["title"]["en"][:24])' "$SOURCE_DIR/assets/fixes/serial.yaml")
start ser 100 40 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_REPORT_DIR="$WORK/reports" -- \
	"$WORK/wrap.sh" "$POSDOCTOR" -c "$WORK/serial.yaml" --only serial
wait_re ser "\\[FAIL\\] Card terminal answers" 10 || fail "serial.link did not fail"
wait_gone ser "running" 10
tm send-keys -t ser t 2
wait_for ser "posdoctor already found this: Card terminal answers" 5 &&
	pass "card read failed: the failing serial.link is shown first" || fail "serial.link not shown first"
grep -qF "$step1" <<<"$(screen ser)" && pass "with its fix" || fail "its fix ('$step1') is missing"
tm send-keys -t ser 2
wait_for ser "Does every card fail, or only this one?" 5 && pass "then the card question" ||
	fail "no card question after the fix"
rm -f "$WORK"/reports/*
tm send-keys -t ser s
wait_for ser "Report saved" 5 >/dev/null
python3 - "$(ls -t "$WORK"/reports/*.json | head -n 1)" <<'PY' && pass "the report says serial.link was found" || fail "serial report"
import json, sys
g = json.load(open(sys.argv[1]))["guide"]
s = g["path"][0]
assert g["flow"] == "card_read" and s["node"] == "link_checks", g
assert s["answer"] == "found serial.link, still not working" and not s["automatic"], s
PY
tm send-keys -t ser q q
sane_after ser 2
kill $SIM 2>/dev/null

# The kiosk offers no flows but shows the code-lookup hint.
start kiosk 100 30 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=100 -- \
	"$POSDOCTOR_TEST" -c "$WORK/site.yaml" --only test --kiosk
wait_for kiosk "posdoctor --code 51" 10 && pass "kiosk shows the code-lookup hint" || fail "no hint in the kiosk"
tm send-keys -t kiosk t
sleep 0.3
screen kiosk | grep -qF "What does the card terminal show?" && fail "the kiosk opened a flow" ||
	pass "the kiosk offers no flows"

exit $FAILED
