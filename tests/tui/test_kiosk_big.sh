#!/bin/bash
# tui_kiosk_big: the kiosk read across a room. At 80x24, 120x40, 80x18
# and 40x12, in English and Chinese, and on the Linux console asked for
# Chinese, the whole screen is read back from tmux (kiosk_screen.py decodes
# the block letters from the reverse-video cells and half blocks): the
# verdict in block letters as large as the size allows (a cross and
# PROBLEM in English, the cross with the Chinese word beside it in
# Chinese; half block characters at 18 rows), the action line below, words
# only at 40x12, checklist rows using the whole width, nothing past the
# edge, and on the console the notice that Chinese needs a graphical
# terminal.
. "$(dirname "$0")/lib.sh"
make_datadir

# name cols rows TERM language
cases=(
	"en80 80 24 xterm-256color en"
	"en120 120 40 xterm-256color en"
	"en40 40 12 xterm-256color en"
	"en18 80 18 xterm-256color en"
	"zh80 80 24 xterm-256color zh_CN"
	"zh120 120 40 xterm-256color zh_CN"
	"zh40 40 12 xterm-256color zh_CN"
	"con80 80 24 linux zh_CN"
)
for c in "${cases[@]}"; do
	read -r name cols rows term lang <<<"$c"
	start "$name" "$cols" "$rows" TERM="$term" LANG=C.UTF-8 LC_ALL= POSDOCTOR_TEST_SLOW_MS=200 \
		-- "$POSDOCTOR_TEST" --only test --kiosk --lang "$lang" || fail "$name: cannot start"
done

# read_screen NAME COLS: the decoded screen as shell variables (big_rows,
# pw, hh, symbol, letters, beside, action, gap_max), once the run has settled.
read_screen() {
	local name=$1 cols=$2 i
	for ((i = 0; i < 200; i++)); do
		screen "$name" | grep -qE '\[ *\. *\]' || break
		sleep 0.05
	done
	# The same screen twice, 0.1 s apart: never a frame tmux caught while
	# curses was still painting it (curses paints in many small writes).
	tm capture-pane -p -e -N -t "$name" >"$WORK/$name.cap"
	for ((i = 0; i < 40; i++)); do
		sleep 0.1
		tm capture-pane -p -e -N -t "$name" >"$WORK/$name.cap2"
		cmp -s "$WORK/$name.cap" "$WORK/$name.cap2" && break
		mv "$WORK/$name.cap2" "$WORK/$name.cap"
	done
	big_rows= pw= hh= symbol= letters= beside= action= gap_max=
	while IFS='=' read -r k v; do
		printf -v "$k" '%s' "$v"
	done < <(python3 "$(dirname "$0")/kiosk_screen.py" "$WORK/$name.cap" "$cols" \
		"$SOURCE_DIR/tui/tui_kiosk.c")
	echo "$name: rows=$big_rows pw=$pw hh=$hh symbol=$symbol letters='$letters'" \
		"beside='$beside' action='$action' gap=$gap_max"
}

# expect NAME WHAT GOT WANT: one fact about a screen.
expect() {
	if [ "$3" = "$4" ]; then
		pass "$1: $2 is '$4'"
	else
		fail "$1: $2 is '$3', want '$4'"
	fi
}

for c in "${cases[@]}"; do
	read -r name cols rows term lang <<<"$c"
	case $lang in
	en) want_action="PAYMENTS MAY FAIL" ;;
	zh_CN) want_action="收款可能失败" ;;
	esac
	[ "$term" = linux ] && want_action="PAYMENTS MAY FAIL"
	wait_for "$name" "$want_action" 15 || { fail "$name: no verdict"; continue; }
	read_screen "$name" "$cols"
	screen "$name" >"$WORK/$name.txt"
	before=$(cat "$WORK/failures" 2>/dev/null || echo 0)
	check_width "$name" "$cols" || fail "$name: a line is wider than $cols"
	case $name in
	en80 | con80)
		# 5 rows high, one column per pixel: PROBLEM needs 53 of 80.
		expect "$name" "block rows" "$big_rows" 5
		expect "$name" "symbol" "$symbol" cross
		expect "$name" "letters" "$letters" PROBLEM
		expect "$name" "action line" "$action" "$want_action"
		;;
	en120)
		# Two rows and two columns per pixel: 10 rows high.
		expect "$name" "block rows" "$big_rows" 10
		expect "$name" "pixel width" "$pw" 2
		expect "$name" "symbol" "$symbol" cross
		expect "$name" "letters" "$letters" PROBLEM
		expect "$name" "action line" "$action" "$want_action"
		;;
	zh80 | zh120)
		# The block font has no Hanzi: the cross big, the word beside it.
		[ "$name" = zh80 ] && want_rows=5 || want_rows=10
		expect "$name" "block rows" "$big_rows" "$want_rows"
		expect "$name" "symbol" "$symbol" cross
		expect "$name" "letters" "$letters" ""
		expect "$name" "word beside the symbol" "$beside" "有问题"
		expect "$name" "action line" "$action" "$want_action"
		;;
	en18)
		# 16 to 19 rows: half block characters, 3 rows high.
		expect "$name" "block rows" "$big_rows" 3
		expect "$name" "half rows per pixel" "$hh" 1
		expect "$name" "symbol" "$symbol" cross
		expect "$name" "letters" "$letters" PROBLEM
		expect "$name" "action line" "$action" "$want_action"
		;;
	en40 | zh40)
		# Too small for block letters: the verdict in words on one line.
		expect "$name" "block rows" "$big_rows" 0
		[ "$lang" = en ] && line="PROBLEM: PAYMENTS MAY FAIL" || line="有问题：收款可能失败"
		sed -n 1p "$WORK/$name.txt" | grep -qF "$line" && pass "$name: '$line' on row 1" ||
			fail "$name: no '$line' on row 1"
		;;
	esac
	# Rows cut short leave no run of blank columns before the history strip.
	[ "$gap_max" -le 2 ] && pass "$name: cut rows use the width (gap $gap_max)" ||
		fail "$name: a cut row leaves $gap_max blank columns"
	# The failing check is on screen, with its whole summary where it fits.
	case $name in
	en80 | en120 | con80)
		grep -qE '^\[FAIL\] Failing test check +The test check failed \(fail\) ' "$WORK/$name.txt" &&
			pass "$name: the FAIL row shows its whole summary" ||
			fail "$name: the FAIL row is cut"
		;;
	esac
	[ "$FAILED" = 0 ] || [ "$before" = 1 ] || { echo "--- $name:"; cat "$WORK/$name.txt"; }
	echo "$FAILED" >"$WORK/failures"
done

# The console cannot show Chinese: it says so in English and in pinyin
# (Latin letters a Chinese reader reads, which the console can draw),
# and that a graphical screen can; the rest is English.
grep -qF "Chinese needs a graphical screen (Zhongwen xu tuxing jiemian): showing English." \
	"$WORK/con80.txt" && pass "con80: notice names what Chinese needs" ||
	fail "con80: no notice about Chinese"
exit $FAILED
