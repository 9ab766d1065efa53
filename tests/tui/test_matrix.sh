#!/bin/bash
# tui_matrix: sizes 80x24, 40x12, 132x43; TERM xterm-256color, linux,
# vt100; NO_COLOR and --no-color; LANG C.UTF-8, zh_CN.UTF-8 and plain C.
# Every screen fits its width, speaks the expected language, uses colour
# only where it should, and q leaves the terminal as it was.
. "$(dirname "$0")/lib.sh"
make_datadir

# name cols rows TERM LANG NO_COLOR extra-arg | expected text | colour (256, 8, none)
cases=(
	"en80  80 24 xterm-256color C.UTF-8 - -|Failing test check|256"
	"en40  40 12 xterm-256color C.UTF-8 - -|Quick test check|256"
	"en132 132 43 xterm-256color C.UTF-8 - -|2 ok · 1 warning · 1 failed · 2 skipped|256"
	"zh80  80 24 xterm-256color zh_CN.UTF-8 - -|失败测试项|256"
	"zh40  40 12 xterm-256color zh_CN.UTF-8 - -|快速测试项|256"
	"zh132 132 43 xterm-256color zh_CN.UTF-8 - -|发现问题：刷卡收款可能失败|256"
	"linux 80 24 linux zh_CN.UTF-8 - -|Chinese needs a graphical screen (Zhongwen xu tuxing jiemian): showing English.|8"
	"lin40 40 12 linux C.UTF-8 - -|Quick test check|8"
	"vt100 80 24 vt100 C.UTF-8 - -|Failing test check|none"
	"vt132 132 43 vt100 zh_CN.UTF-8 - -|失败测试项|none"
	"nocol 80 24 xterm-256color C.UTF-8 1 -|Failing test check|none"
	"noopt 80 24 xterm-256color zh_CN.UTF-8 - --no-color|失败测试项|none"
	"ascii 80 24 xterm-256color C - --lang=zh_CN|not set up for UTF-8: showing English.|256"
)

for c in "${cases[@]}"; do
	read -r name cols rows term lang nocolor extra <<<"${c%%|*}"
	envs=(TERM="$term" LANG="$lang" LC_ALL= POSDOCTOR_TEST_SLOW_MS=200)
	[ "$nocolor" = 1 ] && envs+=(NO_COLOR=1)
	args=("$POSDOCTOR_TEST" --only test)
	[ "$extra" != - ] && args+=("$extra")
	start "$name" "$cols" "$rows" "${envs[@]}" -- "$WORK/wrap.sh" "${args[@]}" ||
		fail "$name: cannot start"
done

for c in "${cases[@]}"; do
	read -r name cols rows term lang nocolor extra <<<"${c%%|*}"
	rest=${c#*|}
	want=${rest%%|*}
	colour=${rest#*|}
	wait_for "$name" "$want" 10 || { fail "$name: no '$want'"; continue; }
	# Settled: no spinner left on screen.
	for ((i = 0; i < 200; i++)); do
		screen "$name" | grep -qE '\[ *\. *\]' || break
		sleep 0.05
	done
	check_width "$name" "$cols" || fail "$name: a line is wider than $cols"
	esc=$(tm capture-pane -p -e -t "$name")
	case $colour in
	256) grep -q $'\e\\[[0-9;]*38;5;' <<<"$esc" || fail "$name: no 256-colour output" ;;
	8)
		grep -q $'\e\\[[0-9;]*3[0-7]m' <<<"$esc" || fail "$name: no 8-colour output"
		grep -q $'38;5;' <<<"$esc" && fail "$name: 256 colours on an 8-colour terminal"
		;;
	none) grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)' <<<"$esc" && fail "$name: colour used" ;;
	esac
	case $name in
	zh*|vt132|noopt)
		[ "$cols" -lt 80 ] || screen "$name" | grep -q "English" ||
			fail "$name: footer should offer English" ;;
	linux|ascii)
		screen "$name" | grep -qP '[\x{4e00}-\x{9fff}]' && fail "$name: Chinese on a console"
		screen "$name" | grep -qF "Failing test check" || [ "$rows" -lt 24 ] ||
			fail "$name: not in English" ;;
	esac
	[ "$FAILED" = 0 ] && pass "$name"
	tm send-keys -t "$name" q
done
for c in "${cases[@]}"; do
	read -r name _ <<<"${c%%|*}"
	sane_after "$name" 2
done
exit $FAILED
