#!/bin/bash
# tui_kiosk: the kiosk re-runs on its own (kiosk.rerun_every_s from a
# config file), shows the last run and a history strip, ignores q, Ctrl-C,
# Ctrl-Z and Ctrl-\, and quits only on its hidden sequence.
. "$(dirname "$0")/lib.sh"
make_datadir

printf 'kiosk:\n  rerun_every_s: 10\n' > "$WORK/kiosk.yaml"
"$POSDOCTOR_TEST" --check-config "$WORK/kiosk.yaml" || { echo "FAIL: config rejected"; exit 1; }
start kiosk 132 43 TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=300 \
	-- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test --kiosk -c "$WORK/kiosk.yaml"
start small 40 12 TERM=linux LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=300 \
	-- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test --kiosk -c "$WORK/kiosk.yaml"

wait_for kiosk "Last check" 10 && pass "last run shown" || fail "no last run"
# The history strip of test.fail grows to two runs with no key pressed
# (the config's minimum is 10 s between runs).
wait_re kiosk '\[FAIL\] Failing test check.* X$' 10 || fail "no history strip"
wait_re kiosk '\[FAIL\] Failing test check.* XX$' 25 && pass "kiosk re-runs on its own" ||
	fail "no re-run"
screen kiosk | grep -qE '\[WARN\] Warning test check.* ww$' || fail "no warn history"
# The big banner: block letters made of reverse-video cells.
tm capture-pane -p -e -t kiosk | sed -n 2,6p | grep -q $'\e\\[[0-9;]*7m' ||
	fail "no block-letter banner"
check_width kiosk 132 || fail "a line is wider than 132"
wait_for small "PAYMENTS MAY FAIL" 10 && pass "small kiosk says it in words" ||
	fail "small kiosk banner"

# No way out but the sequence.
tm send-keys -t kiosk q Escape C-c C-z 'C-\' C-d
tm send-keys -t small q C-c
sleep_until=$((SECONDS + 2))
while [ $SECONDS -lt $sleep_until ]; do
	[ "$(tm display -p -t kiosk '#{pane_dead}')" = 1 ] && break
	sleep 0.1
done
[ "$(tm display -p -t kiosk '#{pane_dead}')" = 0 ] && pass "q and Ctrl keys do not quit" ||
	fail "the kiosk quit on an ordinary key"
screen kiosk | grep -qi "quit" && fail "the kiosk shows a way to quit"
tm send-keys -t kiosk C-x q u i t
sane_after kiosk 0 && pass "the hidden sequence quits (status 0)"
kill -TERM "$(prog_pid small)"
sane_after small 143
exit $FAILED
