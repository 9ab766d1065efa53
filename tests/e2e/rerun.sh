#!/bin/bash
# e2e_rerun (finding 5): r on one row re-runs the rows that depend on it,
# including those that only wait for its result to name it as their cause.
# The router goes silent: its row fails and the name lookup, the router
# identity, the payment host and HTTPS rows are not checked because of it.
# Mended, r on the router's row alone brings every one of them to OK. Then
# loss on the way to the payment host: its row fails and blocks HTTPS;
# mended, r on the host's row brings HTTPS back too.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_config "$WORK/shop.yaml" "" "  probe: icmp"
BR="pdnb$ID"

# Router silent: no echo, no ARP, no DNS.
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
in_ns "$NS_T" sysctl -qw "net.ipv4.conf.$BR.arp_ignore=8"
nft_T 'table inet pdne2e {
	chain in {
		type filter hook input priority 0;
		udp dport 53 drop
	}
}'
ip -n "$NS_C" neigh flush dev "pdnc$ID"

pane router 80 24 -- --config "$WORK/shop.yaml" --only network,arp
settled router 40 || bad "router: never settled"
grep -qF "[FAIL] Router (default gateway)" <<<"$(selected router)" &&
	good "router: the router's row fails, selected" || bad "router: selected '$(selected router)'"
s=$(rows router)
for t in "Name lookup (DNS)" "Router identity" "Payment host acquirer" "Secure connection"; do
	grep -qF "[SKIP] $t" <<<"$s" && good "router: '$t' not checked" ||
		bad "router: '$t' is not blocked: $(grep -F "$t" <<<"$s")"
done

# Mend the router; r on its row (still the selected one).
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=0
in_ns "$NS_T" sysctl -qw "net.ipv4.conf.$BR.arp_ignore=0"
in_ns "$NS_T" nft delete table inet pdne2e
tm send-keys -t router r
see router "[ OK ] Router (default gateway)" 20 && good "router: r re-ran the router's row" ||
	bad "router: the router's row did not pass on r"
settled router 40 || bad "router: never settled after r"
s=$(rows router)
for t in "Name lookup (DNS)" "Router identity" "Payment host acquirer" "Secure connection"; do
	grep -qF "[ OK ] $t" <<<"$s" && good "router: r re-ran '$t'" ||
		bad "router: '$t' kept its old verdict: $(grep -F "$t" <<<"$s")"
done
see router "All good" 2 || bad "router: not all good after r"
quit router 0

# Loss on the way to the payment host, and HTTPS cut off.
nft_T "table inet pdne2e {
	chain pass {
		type filter hook forward priority 0;
		ip daddr $PAY_ADDR icmp type echo-request numgen inc mod 2 0 drop
		ip daddr $PAY_ADDR tcp dport 443 drop
	}
}"
pane host 80 24 -- --config "$WORK/shop.yaml" --only network
settled host 40 || bad "host: never settled"
grep -qF "[FAIL] Payment host acquirer" <<<"$(selected host)" &&
	good "host: the payment host row fails, selected" || bad "host: selected '$(selected host)'"
grep -qF "[SKIP] Secure connection" <<<"$(rows host)" && good "host: HTTPS not checked" ||
	bad "host: HTTPS not blocked: $(rows host | grep -F Secure)"
in_ns "$NS_T" nft delete table inet pdne2e
tm send-keys -t host r
see host "[ OK ] Payment host acquirer" 20 && good "host: r re-ran the host's row" ||
	bad "host: the host's row did not pass on r"
settled host 40 || bad "host: never settled after r"
grep -qF "[ OK ] Secure connection" <<<"$(rows host)" && good "host: r re-ran HTTPS" ||
	bad "host: HTTPS kept its old verdict: $(rows host | grep -F Secure)"
quit host 0
finish
