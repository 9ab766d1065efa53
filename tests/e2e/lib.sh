# lib.sh - end-to-end tests of the findings of one shop visit: the real
# program, full screen in tmux, on the namespace shop LAN
# (tests/network/lib.sh make_shop). Sourced by tests/e2e/*.sh.
#
# A test builds the LAN, starts posdoctor in a pane of a fixed size inside
# the till's namespace, waits for screen text by polling (never a fixed
# sleep), types keys, and checks what a shop owner would read. Everything
# (tmux server, peers, namespaces) goes on every exit path.

. "$SOURCE_DIR/tests/network/lib.sh"
command -v tmux >/dev/null || skip "needs tmux"

E2E_SOCK="pde$ID"
FAILED=0
CLEANUP+=("tmux -L $E2E_SOCK kill-server")
# State (the remembered router MAC) and config search stay in the test's
# own folder.
mkdir -p "$WORK/home"

# tm ARGS: tmux on the test's private server, no user config.
tm() {
	tmux -L "$E2E_SOCK" -f /dev/null "$@"
}

# bad MSG: note a failed expectation and go on (the test ends with finish).
bad() {
	echo "FAIL: $*"
	FAILED=1
}

# good MSG: note a met expectation.
good() {
	echo "ok: $*"
}

# pane NAME COLS ROWS [ENV=VALUE...] -- ARGS...: posdoctor ARGS full screen
# in a detached session of that size, inside the till's namespace (NS_C);
# the pane stays after it exits so its status can be read.
pane() {
	local name=$1 cols=$2 rows=$3 envs=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	shift
	# Panes stay after their program exits, even at once (a refused config):
	# set for the whole server before the first session starts.
	tm start-server \; set-option -g exit-empty off \; \
		set-option -g remain-on-exit on >/dev/null
	tm new-session -d -s "$name" -x "$cols" -y "$rows" \
		ip netns exec "$NS_C" /usr/bin/env -i PATH="$PATH" HOME="$WORK/home" \
		XDG_STATE_HOME="$WORK/home/state" XDG_CONFIG_HOME="$WORK/home/config" \
		POSDOCTOR_DATADIR="$POSDOCTOR_DATADIR" TERM=xterm-256color LANG=C.UTF-8 \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
		"${envs[@]}" "$POSDOCTOR" "$@" || fail "tmux: cannot start $name"
	tm set-option -t "$name" status off >/dev/null
}

# text NAME: what the pane shows.
text() {
	tm capture-pane -p -t "$1" 2>/dev/null
}

# see NAME TEXT [SECONDS]: poll until TEXT (a fixed string) is on screen;
# false, with the screen printed, when it never comes.
see() {
	local name=$1 want=$2 limit=${3:-10} i
	for ((i = 0; i < limit * 20; i++)); do
		text "$name" | grep -qF -- "$want" && return 0
		sleep 0.05
	done
	echo "--- $name while waiting for '$want':"
	text "$name"
	echo "---"
	return 1
}

# settled NAME [SECONDS]: poll until every check is done (no spinner or
# empty tag on a row, the verdict no longer "Checking").
settled() {
	local name=$1 limit=${2:-30} i s seen=0
	for ((i = 0; i < limit * 20; i++)); do
		s=$(text "$name")
		# Done: checklist rows on screen, none waiting or running, and the
		# verdict line no longer "Checking". Seen twice 0.1 s apart, so a
		# frame tmux captured half-painted (rows not drawn yet) is not
		# taken for the end.
		if grep -qE '^.?\[( OK |WARN|FAIL|SKIP)\]' <<<"$s" &&
			! grep -qE '^.?\[[ .]{4}\]' <<<"$s" &&
			! sed -n 2p <<<"$s" | grep -qF "Checking"; then
			((++seen >= 2)) && return 0
			sleep 0.1
			continue
		fi
		seen=0
		sleep 0.05
	done
	echo "--- $name never settled:"
	text "$name"
	return 1
}

# rows NAME: the checklist rows on screen ("[FAIL] Title ..." lines).
rows() {
	text "$1" | grep -E '^.?\[( OK |WARN|FAIL|SKIP|[ .]{4})\]'
}

# quit NAME STATUS: q ends the program with STATUS (SPEC §1).
quit() {
	local name=$1 want=$2 i st
	tm send-keys -t "$name" q
	for ((i = 0; i < 200; i++)); do
		st=$(tm display -p -t "$name" '#{pane_dead}:#{pane_dead_status}' 2>/dev/null)
		[ "${st%%:*}" = 1 ] && [ -n "${st#*:}" ] && break
		# Dead without a status: tmux missed the SIGCHLD (see
		# tests/tui/lib.sh wait_dead); nudge our own server to reap it.
		[ "${st%%:*}" = 1 ] && kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null
		sleep 0.05
	done
	[ "${st#*:}" = "$want" ] && good "$name: q exits with $want" ||
		bad "$name: exit status '${st#*:}', want $want"
}

# finish: the test's verdict.
finish() {
	[ "$FAILED" = 0 ] && echo "PASS" && exit 0
	exit 1
}

# selected NAME: the checklist row drawn selected (reverse video from its
# title on), as plain text; empty when none is.
selected() {
	tm capture-pane -p -e -t "$1" 2>/dev/null | python3 -c '
import re, sys
rev = False
for line in sys.stdin.read().split("\n"):
    plain, at_title = "", None
    for part in re.split(r"(\x1b\[[0-9;]*m)", line.replace("\x0e", "").replace("\x0f", "")):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if m:
            ps = [int(x) if x else 0 for x in m.group(1).split(";")]
            i = 0
            while i < len(ps):
                if ps[i] in (38, 48):
                    i += 3 if ps[i + 1:i + 2] == [5] else 5
                    continue
                if ps[i] == 0 or ps[i] == 27:
                    rev = False
                elif ps[i] == 7:
                    rev = True
                i += 1
            continue
        for ch in part:
            if len(plain) == 7 and at_title is None:
                at_title = rev
            plain += ch
    if re.match(r"\[( OK |WARN|FAIL|SKIP|[ .]{4})\] ", plain) and at_title:
        print(plain.rstrip())
'
}

# heading NAME: the first line under the separator: the title of the check
# whose details are shown (the selected one).
heading() {
	text "$1" | sed -n '/^qqqq/{n;s/^ *//;s/ *$//;p;q}'
}

# flat NAME: the screen as one line, runs of spaces squeezed (wrapped
# sentences read whole).
flat() {
	text "$1" | tr '\n' ' ' | tr -s ' '
}

# found NAME: the "What was found" text of the details shown (stacked
# layout, 80 columns and less), its lines joined.
found() {
	text "$1" | sed -n '/^ *What was found/,/^ *$/p' | sed '1d' | tr '\n' ' ' |
		tr -s ' ' | sed 's/^ //;s/ $//'
}

# pick NAME TITLE: select the row whose details heading is TITLE, moving
# down from the top (g, then j); false when no row has it.
pick() {
	local name=$1 want=$2 i k h prev
	tm send-keys -t "$name" g
	for ((k = 0; k < 40; k++)); do
		[ "$(selected "$name")" = "$(rows "$name" | head -1 | sed 's/ *$//')" ] && break
		sleep 0.05
	done
	for ((i = 0; i < 30; i++)); do
		h=$(heading "$name")
		[ "$h" = "$want" ] && return 0
		prev=$h
		tm send-keys -t "$name" j
		for ((k = 0; k < 40; k++)); do
			h=$(heading "$name")
			[ "$h" != "$prev" ] && break
			sleep 0.05
		done
		[ "$h" = "$prev" ] && break
	done
	echo "no row titled '$want'"
	return 1
}

# walk NAME: every row from the top down (g, then j until the selection
# stops moving), one line each: heading TAB selected row TAB what was found
# TAB the first step of its fix (empty when none is on screen).
walk() {
	local name=$1 i k h prev=""
	tm send-keys -t "$name" g
	for ((k = 0; k < 40; k++)); do
		[ "$(selected "$name")" = "$(rows "$name" | head -1 | sed 's/ *$//')" ] && break
		sleep 0.05
	done
	for ((i = 0; i < 40; i++)); do
		h=$(heading "$name")
		printf '%s\t%s\t%s\t%s\n' "$h" "$(selected "$name")" "$(found "$name")" \
			"$(text "$name" | sed -n 's/^ *1\. //p' | head -1)"
		prev=$h
		tm send-keys -t "$name" j
		for ((k = 0; k < 20; k++)); do
			h=$(heading "$name")
			[ "$h" != "$prev" ] && break
			sleep 0.05
		done
		[ "$h" = "$prev" ] && break
	done
}
