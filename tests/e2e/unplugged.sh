#!/bin/bash
# e2e_unplugged (finding 3): the till's network cable pulled. The owner
# sees one cause and one answer: exactly one [FAIL] row (the network
# connection), no warning, and every row that cannot be checked without it
# (both ARP rows, the router, DNS, the payment host, HTTPS) [SKIP] naming
# that row's title, none repeating its fix - read row by row from the
# details, as the owner would (80x43: the fix steps fit under the list).
# The cable back in: all good again.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_battery "$WORK/laptop" 80 Charging 1
shop_config "$WORK/shop.yaml" "" "power:
  sysfs_root: $WORK/laptop
  kmsg: $WORK/no-kmsg"
shop_cable down

pane cable 80 43 -- --config "$WORK/shop.yaml" --only network,arp,power
settled cable 30 || bad "never settled"
s=$(flat cable)
grep -qF "1 failed" <<<"$s" && good "exactly one failing row" || bad "not exactly one failure: $s"
grep -qE "warning" <<<"$s" && bad "a warning repeats the cause"
grep -qF "[FAIL] Network connection" <<<"$(selected cable)" &&
	good "the failing row is the network connection, selected" ||
	bad "selected: $(selected cable)"
found cable | grep -qF "no link" || bad "the connection's details do not say 'no link'"
walk cable >"$WORK/rows.tsv"
fix=$(awk -F '\t' '$1 == "Network connection" {print $4}' "$WORK/rows.tsv")
[ -n "$fix" ] && good "the connection's fix: $fix" || bad "no fix step shown for the connection"
for t in "IP address conflict" "Router identity" "Router (default gateway)" \
	"Name lookup (DNS)" "Payment host acquirer reachable" "Secure connection (HTTPS) to acquirer"; do
	line=$(awk -F '\t' -v t="$t" '$1 == t' "$WORK/rows.tsv")
	IFS=$'\t' read -r _ sel f step <<<"$line"
	[ -n "$step" ] && [ "$step" = "$fix" ] && bad "'$t' repeats the fix '$step'"
	case "$sel|$f" in
	"[SKIP] "*"|"*"Network connection"*) good "'$t' blocked, naming the network connection" ;;
	*) bad "'$t': '$sel' found '$f'" ;;
	esac
done
quit cable 2

shop_cable up
pane again 132 43 -- --config "$WORK/shop.yaml" --only network,arp,power
settled again 30 || bad "again: never settled"
see again "All good" 2 && good "cable back in: all good" || bad "cable back in: not all good"
quit again 0
finish
