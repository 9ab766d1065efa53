#!/bin/bash
# e2e_dns_codes (finding 4): a name the router's DNS server does not know
# (NXDOMAIN), a server that refuses at once (REFUSED) and one that never
# answers: on screen each is the name lookup row failing with its own code
# and its own fix; "no such name" points at the address, not the router.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
ip -n "$NS_T" addr add 10.201.4.54/32 dev lo
ip -n "$NS_T" addr add 10.201.4.56/32 dev lo
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.4.54 --rcode 5 \
	--ready "$WORK/refused.ready"
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.4.56 --silent \
	--ready "$WORK/silent.ready"
wait_for 10 test -e "$WORK/refused.ready"
wait_for 10 test -e "$WORK/silent.ready"
shop_config "$WORK/shop.yaml"
shop_config "$WORK/typo.yaml" "name: acquirer, address: pya.pdn.test, port: 443, https: true"

# case NAME CONFIG NAMESERVER CODE STEP1: the lookup row fails with CODE,
# selected at start, its first fix step beginning with STEP1.
case_dns() {
	local p=$1 cfg=$2 ns=$3 code=$4 step=$5 s
	resolv_conf "$NS_C" "nameserver $ns" "options timeout:1 attempts:1"
	pane "$p" 132 43 -- --config "$cfg" --only network
	settled "$p" 30 || bad "$p: never settled"
	s=$(text "$p")
	grep -qF "[FAIL] Name lookup (DNS)" <<<"$(selected "$p")" &&
		good "$p: the name lookup row fails, selected" || bad "$p: selected '$(selected "$p")'"
	grep -c '^\[FAIL\]' <<<"$s" | grep -qx 1 || bad "$p: more than one failing row"
	grep -qF "Code: $code" <<<"$s" && good "$p: code $code" ||
		bad "$p: no 'Code: $code' on screen"
	grep -qF "1. $step" <<<"$s" && good "$p: first step '$step…'" ||
		bad "$p: first step is not '$step…'"
	# The fix as a whole, to tell the three apart.
	text "$p" | sed -n '/What to do/,/Code:/p' | sed 's/^.*x //' >"$WORK/$p.fix"
	quit "$p" 2
}
case_dns nxdomain "$WORK/typo.yaml" 10.201.0.1 net.dns_no_such_name "Compare the address"
case_dns refused "$WORK/shop.yaml" 10.201.4.54 net.dns_refused "Restart the router"
case_dns silent "$WORK/shop.yaml" 10.201.4.56 net.dns_no_answer "Restart the router"
grep -qi "router" "$WORK/nxdomain.fix" && bad "no such name: the fix mentions the router"
cmp -s "$WORK/refused.fix" "$WORK/silent.fix" && bad "refused and silent give the same fix"
cmp -s "$WORK/refused.fix" "$WORK/nxdomain.fix" && bad "refused and no such name give the same fix"
finish
