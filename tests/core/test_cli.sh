#!/usr/bin/env bash
# test_cli.sh - the command line of SPEC §1: options, exit codes, deadlines.
set -u
fails=0
pass=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_rc NAME WANT CMD...: run CMD, compare its exit status.
expect_rc() {
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, want $want"; sed 's/^/  | /' "$tmp/out" "$tmp/err"
		fails=$((fails + 1))
	else
		pass=$((pass + 1))
	fi
}

# expect_grep NAME FILE PATTERN: the file has a line matching PATTERN.
expect_grep() {
	if grep -q -- "$3" "$2"; then
		pass=$((pass + 1))
	else
		echo "FAIL $1: no '$3' in:"; sed 's/^/  | /' "$2"
		fails=$((fails + 1))
	fi
}

cd "$tmp"
export HOME=$tmp XDG_CONFIG_HOME=$tmp/xdg
unset POSDOCTOR_CONFIG

expect_rc help 0 "$POSDOCTOR" --help
expect_grep help-lists-once "$tmp/out" "--once"
expect_rc version 0 "$POSDOCTOR" --version
expect_grep version-text "$tmp/out" "^posdoctor [0-9]"
expect_rc bad-option 3 "$POSDOCTOR" --frobnicate
expect_rc stray-argument 3 "$POSDOCTOR" --once extra
expect_rc bad-format 3 "$POSDOCTOR" --once --format xml
expect_grep bad-format-says "$tmp/err" "xml"
expect_rc bad-lang 3 "$POSDOCTOR" --once --lang fr
expect_rc unknown-only 3 "$POSDOCTOR" --once --only nosuchmodule
expect_grep unknown-only-says "$tmp/err" "nosuchmodule"
expect_grep unknown-only-lists "$tmp/err" "modules: serial, network, arp, lan, power, system"
expect_rc typo-only 3 "$POSDOCTOR" --once --only powr
expect_grep typo-only-suggests "$tmp/err" "did you mean 'power'?"
expect_rc typo-only-id 3 "$POSDOCTOR" --once --only serial,network.dsn
expect_grep typo-only-id-suggests "$tmp/err" "named 'network.dsn'; did you mean 'network.dns'?"
expect_rc missing-config 3 "$POSDOCTOR" --once -c "$tmp/nope.yaml"
expect_grep missing-config-names-file "$tmp/err" "nope.yaml"
expect_rc missing-env-config 3 env POSDOCTOR_CONFIG="$tmp/gone.yaml" "$POSDOCTOR" --once
expect_grep missing-env-config-names-file "$tmp/err" "gone.yaml"

# Exit status is the worst check (Nagios convention).
expect_rc exit-ok 0 "$POSDOCTOR_TEST" --once --only test.quick
expect_rc exit-warn 1 "$POSDOCTOR_TEST" --once --only test.quick,test.warn
expect_rc exit-fail 2 "$POSDOCTOR_TEST" --once --only test.warn,test.fail
expect_rc exit-skip-only 0 "$POSDOCTOR_TEST" --once --only test.hang

# Not a terminal: plain posdoctor behaves as --once.
expect_rc plain-not-tty 1 "$POSDOCTOR_TEST" --only test.warn
expect_grep plain-not-tty-report "$tmp/out" "test.warn"

# A probe that ignores its deadline cannot hold the run: test.hang has a 1 s
# budget and sleeps 60 s.
start=$(date +%s%N)
expect_rc hang-cut 2 env POSDOCTOR_TEST_HANG=1 "$POSDOCTOR_TEST" --once --only test.hang,test.quick
took=$((($(date +%s%N) - start) / 1000000))
if [ "$took" -lt 1000 ] || [ "$took" -gt 8000 ]; then
	echo "FAIL hang-cut-time: took ${took} ms, want 1000..8000"; fails=$((fails + 1))
else
	pass=$((pass + 1))
fi

# SIGINT during a run cancels the checks and still reports.
POSDOCTOR_TEST_SLOW_MS=20000 "$POSDOCTOR_TEST" --once --only test.slow >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -n "$(ls /proc/$pid/task 2>/dev/null | sed -n 2p)" ] && break
	sleep 0.05
done
kill -INT $pid
wait $pid
rc=$?
if [ "$rc" -ne 3 ]; then
	echo "FAIL sigint: exit $rc, want 3 (interrupted: not all ok)"; fails=$((fails + 1))
else
	pass=$((pass + 1))
fi
expect_grep sigint-cancelled "$tmp/out" "check.cancelled"

# SIGINT while a check ignores it: the run ends soon (the runner gives up on
# the check after its grace), not at the check's 30 s deadline.
POSDOCTOR_TEST_HANG=1 POSDOCTOR_TEST_HANG_BUDGET_MS=30000 \
	"$POSDOCTOR_TEST" --once --only test.hang >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -n "$(ls /proc/$pid/task 2>/dev/null | sed -n 3p)" ] && break
	sleep 0.05
done
start=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -ne 3 ] || [ "$took" -gt 5000 ]; then
	echo "FAIL sigint-stuck: exit $rc after ${took} ms, want 3 within 5000"; fails=$((fails + 1))
else
	pass=$((pass + 1))
fi
expect_grep sigint-stuck-cancelled "$tmp/out" "check.cancelled"

# An unreadable ./posdoctor.yaml is an error naming it, not skipped (as an
# unprivileged user: root reads anything).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -m 755 "$tmp/unreadable"
	printf 'site: {name: x}\n' >"$tmp/unreadable/posdoctor.yaml"
	chmod 000 "$tmp/unreadable/posdoctor.yaml"
	chmod 755 "$tmp"
	(cd "$tmp/unreadable" && HOME=$tmp/unreadable setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$POSDOCTOR_TEST" --once --only test.quick) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 3 ] || ! grep -q "posdoctor.yaml.*Permission denied" "$tmp/err"; then
		echo "FAIL unreadable-config: exit $rc"; sed 's/^/  | /' "$tmp/err"; fails=$((fails + 1))
	else
		pass=$((pass + 1))
	fi
fi

# On a terminal the text report has colour only where the terminal has
# colours (terminfo), and never with NO_COLOR.
if command -v tmux >/dev/null; then
	sock=pdc$$
	for case in "xterm-256color:1:" "vt100:0:" "xterm-256color:0:NO_COLOR=1"; do
		IFS=: read -r term want extra <<<"$case"
		tmux -L "$sock" -f /dev/null new-session -d -s c -x 100 -y 30 \
			/usr/bin/env TERM="$term" $extra "$POSDOCTOR_TEST" --once --only test.warn \; \
			set-option remain-on-exit on >/dev/null 2>&1
		for _ in $(seq 100); do
			[ "$(tmux -L "$sock" display -p -t c '#{pane_dead}')" = 1 ] && break
			sleep 0.05
		done
		n=$(tmux -L "$sock" capture-pane -e -p -t c | grep -c $'\033\\[[0-9;]*m')
		tmux -L "$sock" kill-server 2>/dev/null
		if { [ "$want" = 1 ] && [ "$n" -gt 0 ]; } || { [ "$want" = 0 ] && [ "$n" -eq 0 ]; }; then
			pass=$((pass + 1))
		else
			echo "FAIL colour on TERM=$term $extra: $n coloured lines"; fails=$((fails + 1))
		fi
	done
fi

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
