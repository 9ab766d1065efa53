#!/bin/bash
# tui_resize: resize storms while checks run never corrupt the screen: once
# the storm ends, the screen is exactly what a fresh start at that size
# shows; below 40x12 a "too small" notice, and back again.
. "$(dirname "$0")/lib.sh"
make_datadir

envs=(TERM=xterm-256color LANG=zh_CN.UTF-8 POSDOCTOR_TEST_SLOW_MS=2000)
start storm 80 24 "${envs[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test
wait_for storm "快速测试项" 10 || fail "no checklist"

# The storm: 60 sizes as fast as tmux takes them, while test.slow runs.
sizes=(40x12 132x43 39x11 200x60 41x13 81x25 20x5 120x40 57x17 100x30)
for ((i = 0; i < 60; i++)); do
	sz=${sizes[i % ${#sizes[@]}]}
	tm resize-window -t storm -x "${sz%x*}" -y "${sz#*x}"
done
tm resize-window -t storm -x 100 -y 30
start fresh 100 30 "${envs[@]}" -- "$WORK/wrap.sh" "$POSDOCTOR_TEST" --only test

# Both settle (every check done), then match but for the clock and times.
for s in storm fresh; do
	wait_for "$s" "[ OK ] 慢速测试项" 15 || fail "$s: slow check never finished"
	for ((i = 0; i < 100; i++)); do
		screen "$s" | grep -qE '\[ *\. *\]' || break
		sleep 0.05
	done
done
strip() {
	screen "$1" | sed -e '1s/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]//' \
		-e '/检查时间\|耗时\|Checked at\|Took/d'
}
# The clock may tick between the two captures: try a few times.
same=no
for ((i = 0; i < 20; i++)); do
	if [ "$(strip storm)" = "$(strip fresh)" ]; then same=yes; break; fi
	sleep 0.1
done
if [ $same = yes ]; then
	pass "after the storm the screen is as a fresh start draws it"
else
	fail "screen differs after the storm"
	diff <(strip storm) <(strip fresh)
fi
check_width storm 100 || fail "a line is wider than 100"

# Too small and back.
tm resize-window -t storm -x 39 -y 12
wait_for storm "终端窗口太小（39x12）" 5 && pass "too small notice" || fail "no too-small notice"
tm resize-window -t storm -x 40 -y 12
wait_for storm "快速测试项" 5 && pass "back from too small" || fail "did not come back"
wait_gone storm "终端窗口太小" 5 || fail "notice stayed"
check_width storm 40 || fail "a line is wider than 40"

tm send-keys -t storm q
tm send-keys -t fresh q
sane_after storm 2
sane_after fresh 2
exit $FAILED
