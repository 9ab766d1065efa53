#!/bin/bash
# tui_signals: every way out restores the terminal: SIGTERM, SIGHUP,
# Ctrl-C, a crash in a worker thread (SIGSEGV, SIGABRT), and a terminal
# type that cannot be used (the report is printed instead).
. "$(dirname "$0")/lib.sh"
make_datadir

common=(TERM=xterm-256color LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=60000)
start term 80 24 "${common[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
start hup 80 24 "${common[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
start int 80 24 "${common[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
start kiosk 80 24 "${common[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test --kiosk
start segv 80 24 "${common[@]}" POSDOCTOR_TEST_CRASH=segv -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
start abrt 80 24 "${common[@]}" POSDOCTOR_TEST_CRASH=abort -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
start badterm 80 24 TERM=no-such-terminal LANG=C.UTF-8 -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test

# Signals arrive while a check is still running (test.slow takes a minute).
for s in term hup int kiosk; do
	wait_for "$s" "[FAIL]" 10 || fail "$s: no checklist"
done
kill -TERM "$(prog_pid term)"
kill -HUP "$(prog_pid hup)"
tm send-keys -t int C-c
kill -TERM "$(prog_pid kiosk)"
sane_after term 143 && pass "SIGTERM restores the terminal"
sane_after hup 129 && pass "SIGHUP restores the terminal"
sane_after int 130 && pass "Ctrl-C restores the terminal"
sane_after kiosk 143 && pass "SIGTERM ends the kiosk cleanly"

# A crash in a worker: the handler restores, then the signal kills us.
sane_after segv 139 && pass "SIGSEGV restores the terminal"
wait_for segv "crashed; the terminal was restored" 5 || fail "no crash note"
sane_after abrt 134 && pass "SIGABRT restores the terminal"

# An unusable terminal type: say so, then print the report.
wait_for badterm "cannot use the terminal type 'no-such-terminal'" 5 || fail "no TERM message"
wait_for badterm "1 failed" 5 && pass "unusable TERM falls back to the report" ||
	fail "no report after a bad TERM"
sane_after badterm 2
exit $FAILED
