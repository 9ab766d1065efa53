# lib.sh - helpers for the tmux-driven tests of the full-screen UI.
#
# Each test sources this file: it gets a private tmux server (-L pdt$$), a
# temporary assets folder holding the shipped assets plus texts for the
# test.* checks (never in the shipped assets), polling waits, and cleanup
# on every exit path.

set -u
: "${POSDOCTOR_TEST:?run me through ctest}"

TMUX_SOCK="pdt$$"
WORK=$(mktemp -d /tmp/tui-test.XXXXXX)
FAILED=0

cleanup() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# tm ARGS: tmux on the private server, no user config.
tm() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}

fail() {
	echo "FAIL: $*"
	FAILED=1
}

pass() {
	echo "ok: $*"
}

# Build $WORK/assets: the shipped assets plus strings and fixes for test.*.
make_datadir() {
	mkdir -p "$WORK/assets"
	cp -R "$POSDOCTOR_DATADIR/." "$WORK/assets/"
	mkdir -p "$WORK/assets/strings" "$WORK/assets/fixes"
	cat > "$WORK/assets/strings/zz-test.yaml" <<'YAML'
title.test.quick: {en: "Quick test check", zh_CN: "快速测试项"}
title.test.slow: {en: "Slow test check", zh_CN: "慢速测试项"}
title.test.warn: {en: "Warning test check", zh_CN: "警告测试项"}
title.test.fail: {en: "Failing test check", zh_CN: "失败测试项"}
title.test.after_fail: {en: "Check after the failing one", zh_CN: "依赖失败项的检查"}
title.test.hang: {en: "Hanging test check", zh_CN: "卡住的测试项"}
summary.test.ok: {en: "All fine ({what})", zh_CN: "一切正常（{what}）"}
summary.test.warn: {en: "Loss at {loss_pct}% ({what})", zh_CN: "丢包率 {loss_pct}%（{what}）"}
summary.test.fail: {en: "The test check failed ({what})", zh_CN: "测试项失败（{what}）"}
summary.test.skip: {en: "Not applicable here", zh_CN: "此处不适用"}
YAML
	cat > "$WORK/assets/fixes/zz-test.yaml" <<'YAML'
test.ok:
  title: {en: "Nothing to do", zh_CN: "无需处理"}
  why: {en: "The test check passed.", zh_CN: "测试项通过。"}
  steps:
    - {en: "Nothing to do.", zh_CN: "无需处理。"}
test.warn:
  title: {en: "Some packets are lost", zh_CN: "有少量丢包"}
  why: {en: "Lost packets slow payments down.", zh_CN: "丢包会让收款变慢。"}
  steps:
    - {en: "Move the router away from the microwave.", zh_CN: "把路由器放得离微波炉远一些。"}
test.fail:
  title: {en: "The test check failed", zh_CN: "测试项失败"}
  why: {en: "Without the test link no payment can go through.", zh_CN: "测试链路不通，任何收款都无法完成。"}
  steps:
    - {en: "Unplug the test cable and plug it back in firmly.", zh_CN: "拔下测试线，再重新插紧。"}
    - {en: "Switch the test device off and on again.", zh_CN: "关掉测试设备再重新打开。"}
    - {en: "Call the helpdesk and tell them code test.fail.", zh_CN: "致电客服，告诉他们代码 test.fail。"}
test.skip:
  title: {en: "Not applicable", zh_CN: "不适用"}
  why: {en: "This check does not apply here.", zh_CN: "此检查在这里不适用。"}
  steps:
    - {en: "Nothing to do.", zh_CN: "无需处理。"}
YAML
	export POSDOCTOR_DATADIR="$WORK/assets"
	make_wrapper
}

# start NAME COLS ROWS [ENV=VALUE...] -- COMMAND...: a detached session of
# a fixed size running COMMAND directly (no shell, so TERM is ours and a
# Ctrl-C reaches only the wrapper and the program); the pane stays after it
# exits.
start() {
	local name=$1 cols=$2 rows=$3
	local envs=()

	shift 3
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	shift
	tm new-session -d -s "$name" -x "$cols" -y "$rows" /usr/bin/env \
		"POSDOCTOR_DATADIR=$POSDOCTOR_DATADIR" "${envs[@]}" "$@" || return 1
	tm set-option -t "$name" remain-on-exit on >/dev/null
	tm set-option -t "$name" status off >/dev/null
}

# screen NAME: the pane's text.
screen() {
	tm capture-pane -p -t "$1" 2>/dev/null
}

# joined NAME: the pane's text with wrapped lines joined (the wrapper's
# status line is wider than a 40-column pane).
joined() {
	tm capture-pane -p -J -t "$1" 2>/dev/null
}

# wait_for NAME TEXT [SECONDS]: poll until TEXT (fixed string) is on screen.
wait_for() {
	local name=$1 text=$2 limit=${3:-10} i

	for ((i = 0; i < limit * 20; i++)); do
		if screen "$name" | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	echo "--- screen of $name while waiting for '$text':"
	screen "$name"
	echo "---"
	return 1
}

# wait_re NAME REGEX [SECONDS]: poll until a line matches REGEX (grep -E).
wait_re() {
	local name=$1 re=$2 limit=${3:-10} i

	for ((i = 0; i < limit * 20; i++)); do
		if screen "$name" | grep -qE -- "$re"; then
			return 0
		fi
		sleep 0.05
	done
	echo "--- screen of $name while waiting for /$re/:"
	screen "$name"
	echo "---"
	return 1
}

# wait_gone NAME TEXT [SECONDS]: poll until TEXT is no longer on screen.
# A blank screen (the program not painted yet) does not count, and the
# text must be gone from two captures 0.1 s apart: curses paints a frame
# in many small writes, and tmux can catch one half done.
wait_gone() {
	local name=$1 text=$2 limit=${3:-10} i s seen=0

	for ((i = 0; i < limit * 20; i++)); do
		s=$(screen "$name")
		if [ -n "${s//[[:space:]]/}" ] && ! grep -qF -- "$text" <<<"$s"; then
			((++seen >= 2)) && return 0
			sleep 0.1
			continue
		fi
		seen=0
		sleep 0.05
	done
	return 1
}

# wait_dead NAME [SECONDS]: poll until the pane's command exited; prints
# its exit status (#{pane_dead_status}).
wait_dead() {
	local name=$1 limit=${2:-10} i st

	for ((i = 0; i < limit * 20; i++)); do
		st=$(tm display -p -t "$name" '#{pane_dead}:#{pane_dead_status}' 2>/dev/null)
		if [ "${st%%:*}" = 1 ] && [ -n "${st#*:}" ]; then
			echo "${st#*:}"
			return 0
		fi
		# Dead but no status: tmux missed the SIGCHLD (libutempter's
		# handler is in place while another pane starts); nudge our own
		# server so it reaps the child.
		if [ "${st%%:*}" = 1 ]; then
			kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null
		fi
		sleep 0.05
	done
	return 1
}

# prog_pid NAME: pid of the program under the pane's wrapper.
prog_pid() {
	local p c d

	p=$(tm display -p -t "$1" '#{pane_pid}')
	for ((d = 0; d < 5; d++)); do
		case $(cat "/proc/$p/comm" 2>/dev/null) in
		posdoctor*) echo "$p"; return 0 ;;
		esac
		c=$(pgrep -P "$p" | head -n 1)
		[ -n "$c" ] || return 1
		p=$c
	done
	return 1
}

# make_wrapper: $WORK/wrap.sh runs a command in the pane, then prints its
# exit status, whether the terminal settings came back as they were
# ("STTY=same") and the flags that matter of `stty -a`; it stays until a
# key (so the pane's state can be read while alive), then exits with the
# command's status.
make_wrapper() {
	cat > "$WORK/wrap.sh" <<'SH'
#!/bin/bash
trap '' INT
before=$(stty -g)
( trap - INT; exec "$@" )
rc=$?
after=$(stty -g)
if [ "$before" = "$after" ]; then s=same; else s=changed; fi
flags=$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|isig|icrnl|opost|onlcr)' |
	sort | tr '\n' ' ')
printf 'EXIT=%s STTY=%s FLAGS=%s\n' "$rc" "$s" "$flags"
read -r -t 60 _
exit $rc
SH
	chmod +x "$WORK/wrap.sh"
}

# sane_after NAME STATUS: the program ended with STATUS and left the
# terminal as it found it (settings, screen, cursor, mouse, keypad); then
# the wrapper exits with that status too (#{pane_dead_status}).
sane_after() {
	local name=$1 want=$2 got line

	wait_for "$name" "EXIT=" 15 || { fail "$name did not exit"; return 1; }
	wait_for "$name" "FLAGS=" 5 >/dev/null
	line=$(joined "$name" | grep -F "EXIT=")
	case $line in *"EXIT=$want "*) ;; *) fail "$name: wrong exit status, want $want: $line" ;; esac
	case $line in *"STTY=same"*) ;; *) fail "$name: terminal settings changed" ;; esac
	case $line in *"FLAGS=echo icanon icrnl isig onlcr opost"*) ;;
	*) fail "$name: stty -a not sane: $line" ;;
	esac
	terminal_restored "$name" || fail "$name: pane not restored"
	tm send-keys -t "$name" Enter
	got=$(wait_dead "$name" 10) || {
		fail "$name: wrapper did not exit"
		screen "$name"
		tm display -p -t "$name" 'dead #{pane_dead} status #{pane_dead_status} signal #{pane_dead_signal} pid #{pane_pid}'
		ps -o pid,ppid,stat,args -p "$(tm display -p -t "$name" '#{pane_pid}')" || true
		return 1
	}
	[ "$got" = "$want" ] || { fail "$name: pane_dead_status $got, want $want"; return 1; }
}

# terminal_restored NAME: the pane is back out of curses: normal screen,
# cursor shown, no mouse reporting, no application keypad.
terminal_restored() {
	local f

	f=$(tm display -p -t "$1" '#{alternate_on}#{cursor_flag}#{mouse_any_flag}#{keypad_flag}')
	[ "$f" = "0100" ] || { echo "pane flags alternate,cursor,mouse,keypad = $f"; return 1; }
}

# Each row fits the width: no line of the capture is wider than COLS.
check_width() {
	local name=$1 cols=$2

	screen "$name" | python3 -c '
import sys, unicodedata
cols = int(sys.argv[1])
for n, line in enumerate(sys.stdin.read().split("\n"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if w > cols:
        print("line %d is %d columns wide: %r" % (n, w, line)); sys.exit(1)
' "$cols"
}
