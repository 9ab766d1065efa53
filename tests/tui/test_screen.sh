#!/bin/bash
# tui_screen: the checklist appears and fills in; a failing row's details
# show its fix steps; l switches the language; s saves a valid report; ?
# shows the keys; q quits with the checklist's exit status and a sane tty.
. "$(dirname "$0")/lib.sh"
make_datadir
mkdir -p "$WORK/reports"

start main 132 43 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=3000 \
	POSDOCTOR_REPORT_DIR="$WORK/reports" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test

# Appears at once, with the slow check running and its progress shown.
wait_for main "Quick test check" 10 || fail "checklist did not appear"
wait_re main '\[ *\. *\] Slow test check +running [0-9]+/10' 5 &&
	pass "a running row shows a spinner and its progress" ||
	fail "no spinner with progress"
# Fills in: the slow row ends ok and nothing runs any more.
wait_for main "[ OK ] Slow test check" 15 && pass "checklist filled in" || fail "slow check never finished"
wait_gone main "running" 5 || fail "still running"
s=$(screen main)
for want in "[ OK ] Quick test check" "[WARN] Warning test check" "[FAIL] Failing test check" \
	"[SKIP] Check after the fail" "Problem found: card payments may fail" \
	"2 ok · 1 warning · 1 failed · 2 skipped" "Not checked: Failing test check has"; do
	grep -qF -- "$want" <<<"$s" || fail "missing '$want'"
done
check_width main 132 || fail "a line is wider than 132 columns"

# It opens worst first with the failure selected: its fix is on the first
# screen without a key pressed.
s=$(screen main)
sed -n 3p <<<"$s" | grep -qF "[FAIL] Failing test check" && pass "the failure is the first row" ||
	fail "the failure is not the first row"
wait_for main "Unplug the test cable" 5 && pass "the failing row is selected, its fix shown" ||
	fail "no fix steps at start"
s=$(screen main)
for want in "Why it matters" "Without the test link no payment can go through." \
	"1. Unplug the test cable and plug it back in firmly." \
	"2. Switch the test device off and on again." \
	"3. Call the helpdesk and tell them code test.fail." \
	"Check: test.fail" "Code: test.fail" "Terminal id:" "tx 05"; do
	grep -qF -- "$want" <<<"$s" || fail "details miss '$want'"
done

# A mouse click selects a row: the second (warn), as an SGR mouse report.
# (A report split by a loaded machine reads as Esc and keys: one retry.)
tm send-keys -t main -l $'\e[<0;10;4M\e[<0;10;4m'
wait_for main "Move the router away from the microwave." 3 >/dev/null ||
	tm send-keys -t main -l $'\e[<0;10;4M\e[<0;10;4m'
wait_for main "Move the router away from the microwave." 5 && pass "a click selects a row" ||
	fail "click did not select"
# g: back to the top row, the failure.
tm send-keys -t main g
wait_for main "Unplug the test cable" 5 || fail "g did not go back to the failure"

# l: Chinese at once, without running anything again; l again: English.
tm send-keys -t main l
wait_for main "失败测试项" 5 && pass "l switches to Chinese" || fail "no Chinese after l"
wait_for main "拔下测试线，再重新插紧。" 5 || fail "fix steps not in Chinese"
screen main | grep -q "running" && fail "l re-ran checks"
check_width main 132 || fail "Chinese overflows"
tm send-keys -t main l
wait_for main "Failing test check" 5 && pass "l switches back" || fail "no English after l"

# ?: the keys; any key closes it.
tm send-keys -t main '?'
wait_for main "s: save the report (text and JSON)" 5 && pass "? shows help" || fail "no help"
tm send-keys -t main x
wait_gone main "s: save the report" 5 || fail "help did not close"

# o: module order; the failure stays selected.
tm send-keys -t main o
wait_for main "Order: by module" 5 || fail "no message for o"
for ((i = 0; i < 100; i++)); do
	screen main | sed -n 3p | grep -qF "[ OK ] Quick test check" && break
	sleep 0.05
done
screen main | sed -n 3p | grep -qF "[ OK ] Quick test check" && pass "o gives the module order" ||
	fail "o did not give the module order"
screen main | grep -qF "Unplug the test cable" && pass "the failure stays selected" ||
	fail "o moved the selection"

# s: both reports, atomically written, path on screen.
tm send-keys -t main s
wait_for main "Report saved:" 5 && pass "s saves" || fail "no saved message"
txt=$(ls "$WORK"/reports/posdoctor-*.txt 2>/dev/null | head -n 1)
json=$(ls "$WORK"/reports/posdoctor-*.json 2>/dev/null | head -n 1)
[ -s "$txt" ] && [ -s "$json" ] || fail "report files missing: '$txt' '$json'"
screen main | tr -d '\n' | grep -qF "$(basename "$txt")" || fail "path not shown"
ls "$WORK"/reports | grep -v '^posdoctor-[0-9-]*\.\(txt\|json\)$' && fail "temp files left"
grep -qF "test.fail" "$txt" || fail "text report lacks test.fail"
python3 - "$json" <<'PY' && pass "saved JSON is valid" || fail "saved JSON invalid"
import json, sys
r = json.load(open(sys.argv[1]))
ids = {c["id"]: c for c in r["checks"]}
assert r["overall"] == "fail", r["overall"]
assert ids["test.fail"]["status"] == "fail"
assert ids["test.warn"]["status"] == "warn"
assert ids["test.quick"]["status"] == "ok"
assert ids["test.fail"]["fix"]["steps"][0].startswith("Unplug the test cable")
PY

# q: exit status 2 (a check failed), terminal as it was.
tm send-keys -t main q
sane_after main 2 && pass "q quits, terminal restored"

# 80x24 stacks the details under the list: Enter focuses them, G (End;
# tmux's own End sequence is not xterm's) and the arrows scroll to what did
# not fit, Esc goes back to the list.
start small 80 24 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=100 \
	-- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
wait_for small "[FAIL] Failing test check" 10 || fail "small: no checklist"
wait_for small "Why it matters" 5 || fail "small: the failure's details not shown at start"
screen small | grep -qF "posdoctor version:" && fail "small: details should not fit"
tm send-keys -t small Enter
wait_for small "Esc back" 5 || fail "small: Enter did not focus the details"
tm send-keys -t small G
wait_for small "posdoctor version:" 5 && pass "details scroll at 80x24" || fail "small: no scroll"
tm send-keys -t small Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up
wait_gone small "posdoctor version:" 5 || fail "small: Up did not scroll back"
tm send-keys -t small Escape
wait_for small "Enter details" 5 || fail "small: Esc did not go back"
tm send-keys -t small j
wait_for small "Move the router away from the microwave." 5 || fail "small: j after Esc"
tm send-keys -t small q
sane_after small 2
exit $FAILED
