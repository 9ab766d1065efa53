#!/bin/bash
# tui_rerun: r on a row re-runs the checks that depend on it. A failing
# check blocks its dependant; once the fault is gone, r on the failing row
# alone brings both to OK (no "not checked" row left behind).
. "$(dirname "$0")/lib.sh"
make_datadir
touch "$WORK/failing"

start main 132 30 TERM=xterm-256color LANG=C.UTF-8 \
	POSDOCTOR_TEST_FAIL_FILE="$WORK/failing" \
	-- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test.fail,test.after_fail
wait_for main "[FAIL] Failing test check" 10 || fail "no failing row"
wait_for main "[SKIP] Check after the failing one" 5 && pass "the dependant is blocked" ||
	fail "the dependant is not blocked"

# The fault goes away; r on the failing row (the one selected at start).
rm -f "$WORK/failing"
tm send-keys -t main r
wait_for main "[ OK ] Failing test check" 10 && pass "r re-ran the selected check" ||
	fail "the failing check did not pass on r"
wait_for main "[ OK ] Check after the failing one" 10 && pass "r re-ran its dependant" ||
	fail "the dependant kept its old verdict"
screen main | grep -qF "[SKIP]" && fail "a row is still skipped"
tm send-keys -t main q
sane_after main 0
exit $FAILED
