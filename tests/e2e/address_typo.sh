#!/bin/bash
# e2e_address_typo (finding 4): the payment host written with its port,
# "address: pay.pdn.test:443", as it is copied from a letter. It is a config
# error at FILE:LINE:COLUMN with the fix spelled out - from --check-config
# and when the checklist starts (exit 3, nothing run: no DNS failure telling
# the owner to restart the router) - and the config written as the message
# says checks the payment host fine on the shop LAN.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_config "$WORK/typo.yaml" "name: acquirer, address: $PAY_NAME:443, https: true"
line=$(grep -n "address: $PAY_NAME:443" "$WORK/typo.yaml" | cut -d: -f1)
col=$(grep "address: $PAY_NAME:443" "$WORK/typo.yaml" | awk '{print index($0, "'"$PAY_NAME"':443")}')
want="$WORK/typo.yaml:$line:$col: network.hosts[0].address: '$PAY_NAME:443' has a port: write only '$PAY_NAME' here and the port under port: 443"

out=$(in_ns "$NS_C" "$POSDOCTOR" --check-config "$WORK/typo.yaml" 2>&1)
rc=$?
[ "$rc" = 3 ] && good "--check-config exits 3" || bad "--check-config exit $rc"
[ "$out" = "$want" ] && good "--check-config: $out" || bad "--check-config said '$out', want '$want'"

# The full screen refuses it the same way, before drawing anything.
pane typo 80 24 -- --config "$WORK/typo.yaml" --only network
for ((i = 0; i < 200; i++)); do
	[ "$(tm display -p -t typo '#{pane_dead}')" = 1 ] && break
	sleep 0.05
done
st=$(tm display -p -t typo '#{pane_dead}:#{pane_dead_status}')
[ "${st%%:*}" = 1 ] || kill -CHLD "$(tm display -p '#{pid}')"
# What it printed, history included, wrapped lines joined.
said=$(tm capture-pane -p -J -S - -t typo | tr -s ' ')
grep -qF "$want" <<<"$said" && good "the checklist refuses it with the same FILE:LINE:COLUMN message" ||
	bad "the checklist said: $said"
grep -qiE "restart the router|name lookup|\[FAIL\]" <<<"$said" && bad "checks ran on a bad config"
for ((i = 0; i < 100; i++)); do
	st=$(tm display -p -t typo '#{pane_dead_status}')
	[ -n "$st" ] && break
	kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null
	sleep 0.05
done
[ "$st" = 3 ] && good "the checklist exits 3" || bad "the checklist exit '$st', want 3"

# Written as the message says: valid, and the payment host checks out.
shop_config "$WORK/fixed.yaml" "name: acquirer, address: $PAY_NAME, port: 443, https: true"
in_ns "$NS_C" "$POSDOCTOR" --check-config "$WORK/fixed.yaml" >/dev/null 2>&1 ||
	bad "the corrected config is refused"
pane fixed 80 24 -- --config "$WORK/fixed.yaml" --only network
settled fixed 30 || bad "fixed: never settled"
see fixed "All good" 2 && good "the corrected config: all good" || bad "the corrected config: not all good"
grep -qF "[ OK ] Secure connection (HTTPS) to ac" <<<"$(text fixed)" ||
	bad "the payment host's HTTPS row is not OK"
quit fixed 0
finish
