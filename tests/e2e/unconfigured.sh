#!/bin/bash
# e2e_unconfigured (finding 1): no payment host in the config, the router's
# internet line cut and its DNS server dead. The checklist must not read
# "All good" nor "Payments work": the verdict says it did not check fully,
# the payment host row warns that the way to it was not checked and is the
# row selected at start, its details on the first screen, and q exits 1 (a
# warning). Once a host is set up, the same broken line is a failure.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_battery "$WORK/laptop" 80 Charging 1
POWER="power:
  sysfs_root: $WORK/laptop
  kmsg: $WORK/no-kmsg"
shop_config "$WORK/none.yaml" - "$POWER"
shop_uplink down
nft_T 'table inet pdne2e {
	chain in {
		type filter hook input priority 0;
		udp dport 53 drop
	}
}'

for size in "80 24" "40 12"; do
	read -r cols rows <<<"$size"
	p="none$cols"
	pane "$p" "$cols" "$rows" -- --config "$WORK/none.yaml" --only network,arp,power
	settled "$p" 30 || bad "$p: never settled"
	s=$(text "$p")
	grep -qF "All good" <<<"$s" && bad "$p: 'All good' with the internet path unchecked"
	sed -n 2p <<<"$s" | grep -qF "Not fully checked" && good "$p: the verdict says not fully checked" ||
		bad "$p: verdict '$(sed -n 2p <<<"$s")'"
	grep -qF "Payments work" <<<"$s" && bad "$p: claims payments work"
	sel=$(selected "$p")
	grep -qF "[WARN] Payment host" <<<"$sel" && good "$p: the payment host row warns, selected" ||
		bad "$p: selected row is '$sel', want [WARN] Payment host"
	[ "$(heading "$p")" = "Payment host" ] && good "$p: its details are shown" ||
		bad "$p: details of '$(heading "$p")' shown"
	if [ "$cols" = 80 ]; then
		flat "$p" | grep -qF "the payment host was not checked" &&
			good "$p: says the way to the payment host was not checked" ||
			bad "$p: does not say the path was not checked"
		tm send-keys -t "$p" l
		see "$p" "没有完全检查" 5 && good "$p: the same verdict in Chinese" ||
			bad "$p: no Chinese verdict"
		tm send-keys -t "$p" l
		see "$p" "Not fully checked" 5 >/dev/null || bad "$p: l did not switch back"
	fi
	quit "$p" 1
done

# The same shop with its payment host set up: the cut line is a failure.
shop_config "$WORK/host.yaml" "" "$POWER"
pane host 80 24 -- --config "$WORK/host.yaml" --only network,arp,power
settled host 30 || bad "host: never settled"
s=$(text host)
grep -qF "Problem found" <<<"$s" && good "host: the cut line is found" || bad "host: no problem found"
grep -qF "[WARN] Payment host " <<<"$s" && bad "host: the unconfigured row is still there"
quit host 2
finish
