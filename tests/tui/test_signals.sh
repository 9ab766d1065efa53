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
start quit 80 24 "${common[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
# Job control needs an interactive shell, as a user at a terminal has.
tm new-session -d -s tstp -x 80 -y 24 /usr/bin/env -i PATH=/usr/bin:/bin HOME="$WORK" \
	TERM=xterm-256color PS1='$ ' bash --norc --noprofile -i
tm send-keys -t tstp "POSDOCTOR_DATADIR=$POSDOCTOR_DATADIR LANG=C.UTF-8 POSDOCTOR_TEST_SLOW_MS=60000 $POSDOCTOR_TEST --only test" Enter
start badterm 80 24 TERM=no-such-terminal LANG=C.UTF-8 -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test

# Signals arrive while a check is still running (test.slow takes a minute).
for s in term hup int kiosk quit tstp; do
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

# Ctrl-\ (SIGQUIT) kills with a core: the terminal is restored first.
tm send-keys -t quit 'C-\'
sane_after quit 131 && pass "Ctrl-\\ restores the terminal"

# Ctrl-Z leaves curses mode and stops; fg brings the checklist back.
flags_become() { # NAME WANT: wait until the alternate-screen flag is WANT
	for _ in $(seq 100); do
		[ "$(tm display -p -t "$1" '#{alternate_on}')" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
tm send-keys -t tstp C-z
wait_for tstp "Stopped" 10 && pass "Ctrl-Z stops posdoctor" || fail "tstp: not stopped"
flags_become tstp 0 && pass "Ctrl-Z leaves the full screen" || fail "tstp: still in curses mode"
tm send-keys -t tstp fg Enter
flags_become tstp 1 && pass "fg returns to the full screen" || fail "tstp: no redraw after fg"
wait_for tstp "[FAIL]" 10 || fail "tstp: checklist not redrawn"
tm send-keys -t tstp q
flags_become tstp 0 || fail "tstp: terminal not restored after q"
tm send-keys -t tstp 'echo EXIT=$?' Enter
wait_for tstp "EXIT=2" 10 && pass "q after a suspend exits with the checks' status" ||
	fail "tstp: no exit after q"

# A crash in a worker: the handler restores, then the signal kills us.
sane_after segv 139 && pass "SIGSEGV restores the terminal"
wait_for segv "crashed; the terminal was restored" 5 || fail "no crash note"
sane_after abrt 134 && pass "SIGABRT restores the terminal"

# An unusable terminal type: say so, then print the report.
# (The report that follows can scroll the message off screen: read the
# pane's history too.)
found=
for _ in $(seq 100); do
	tm capture-pane -p -J -S -200 -t badterm | grep -qF "cannot use the terminal type 'no-such-terminal'" &&
		{ found=1; break; }
	sleep 0.05
done
[ -n "$found" ] || fail "no TERM message"
wait_for badterm "1 failed" 5 && pass "unusable TERM falls back to the report" ||
	fail "no report after a bad TERM"
sane_after badterm 2
exit $FAILED
