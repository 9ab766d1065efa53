#!/bin/bash
# e2e_fail_first (finding 2): a laptop till at 8 % on battery in a shop
# whose network is fine, with three payment hosts: 13 rows, more than fit
# at 80x24, and the failing one (power, the last module) would be below the
# fold in module order. At 80x24 and 40x12 the checklist opens worst first:
# the FAIL row is on screen and selected, its details shown; o gives the
# module order and keeps the failure selected and on screen.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_battery "$WORK/laptop" 8 Discharging 0
shop_config "$WORK/shop.yaml" "name: acquirer, address: $PAY_NAME, port: 443, https: true
name: backup, address: $PAY_ADDR, port: 443, https: true
name: tms, address: $PAY_NAME, port: 443" "power:
  sysfs_root: $WORK/laptop
  kmsg: $WORK/no-kmsg"
ONLY=network,arp,power
TITLE="Power supply and battery"

for size in "80 24" "40 12"; do
	read -r cols rows <<<"$size"
	p="s$cols"
	pane "$p" "$cols" "$rows" -- --config "$WORK/shop.yaml" --only "$ONLY"
	settled "$p" 30 || bad "$p: never settled"
	[ "$cols" = 80 ] && { flat "$p" | grep -qF "1 failed" || bad "$p: not one failure"; }
	# Worst first: the failure is the first row, selected.
	first=$(text "$p" | sed -n 3p)
	grep -qF "[FAIL] $TITLE" <<<"$first" && good "$p: the failure is the first row" ||
		bad "$p: first row is '$first'"
	sel=$(selected "$p")
	grep -qF "[FAIL] $TITLE" <<<"$sel" && good "$p: the failure is selected" ||
		bad "$p: selected '$sel'"
	[ "$(heading "$p")" = "$TITLE" ] && good "$p: its details are shown" ||
		bad "$p: details of '$(heading "$p")'"
	n=$(rows "$p" | wc -l)
	[ "$n" -lt 13 ] || bad "$p: all 13 rows fit ($n): the test proves nothing at this size"

	# o: module order; the failure stays selected and in view.
	tm send-keys -t "$p" o
	for ((i = 0; i < 100; i++)); do
		rows "$p" | head -1 | grep -qF "[FAIL]" || break
		sleep 0.05
	done
	rows "$p" | head -1 | grep -qF "[FAIL]" && bad "$p: o did not re-sort"
	sel=$(selected "$p")
	grep -qF "[FAIL] $TITLE" <<<"$sel" && good "$p: after o the failure is still selected, on screen" ||
		bad "$p: after o selected '$sel'"
	# Back to worst first: the failure on top again.
	tm send-keys -t "$p" o
	see "$p" "Order: worst first" 5 >/dev/null
	text "$p" | sed -n 3p | grep -qF "[FAIL] $TITLE" || bad "$p: o twice is not worst first"
	quit "$p" 2
done
finish
