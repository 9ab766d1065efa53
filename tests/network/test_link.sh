# network_link: the link and gateway checks against interfaces in their own
# namespaces: down, no adapter at all, no carrier, no address, 169.254, no default route, a
# dead router, a router that ignores ping but answers ARP, a healthy one
# (over a raw socket and over an unprivileged ICMP socket).
. "$SOURCE_DIR/tests/network/lib.sh"

H=$(ns_add H)
CFG="$WORK/empty.yaml"
: >"$CFG"

# client NAME: a namespace with one veth end (pdn<NAME><pid>) whose peer is
# in the holder namespace H as pdn<NAME>h<pid>.
client() {
	local ns
	ns=$(ns_add "$1")
	link_ns "$ns" "pdn$1$ID" "$H" "pdn$1h$ID"
	echo "$ns"
}

note "interface down"
NS=$(client Dd)
ip -n "$NS" link set "pdnDd$ID" down
run_pd "$NS" "$CFG" "$WORK/down.json"
check_json "$WORK/down.json" \
	'c("network.link")["status"] == "fail"' \
	'c("network.link")["code"] == "net.no_link"' \
	'm("network.link")["link_up"] == 0' \
	'c("network.gateway")["code"] == "dep.blocked"' \
	'c("network.dns")["code"] == "dep.blocked"' \
	'"fix" in c("network.link")' \
	'rep["overall"] == "fail"'
[ "$PD_RC" = 2 ] || fail "exit status $PD_RC, want 2"

note "no network adapter at all (loopback only): said plainly, no '-' as a name"
NS=$(ns_add Dx)
run_pd "$NS" "$CFG" "$WORK/noadapter.json"
check_json "$WORK/noadapter.json" \
	'c("network.link")["code"] == "net.no_adapter"' \
	'c("network.link")["status"] == "fail"' \
	'"(-)" not in c("network.link")["summary"]' \
	'"network.interface" not in json.dumps(c("network.link")["fix"])' \
	'c("network.gateway")["code"] == "dep.blocked"'

note "no carrier (the far end is down)"
NS=$(client Dc)
ip -n "$H" link set "pdnDch$ID" down
run_pd "$NS" "$CFG" "$WORK/carrier.json"
check_json "$WORK/carrier.json" \
	'c("network.link")["code"] == "net.no_link"' \
	'm("network.link")["link_up"] == 1' \
	'm("network.link")["carrier"] == 0'

note "no address"
NS=$(client Dn)
run_pd "$NS" "$CFG" "$WORK/noaddr.json"
check_json "$WORK/noaddr.json" \
	'c("network.link")["code"] == "net.no_address"'

note "169.254 address: DHCP failed"
NS=$(client Dl)
ip -n "$NS" addr add 169.254.7.7/16 dev "pdnDl$ID"
run_pd "$NS" "$CFG" "$WORK/ll.json"
check_json "$WORK/ll.json" \
	'c("network.link")["code"] == "net.self_assigned"' \
	'c("network.link")["status"] == "fail"' \
	'm("network.link")["address"] == "169.254.7.7"' \
	'"169.254.7.7" in c("network.link")["summary"]'

note "no default route"
NS=$(client Dr)
ip -n "$NS" addr add 10.202.0.2/24 dev "pdnDr$ID"
run_pd "$NS" "$CFG" "$WORK/noroute.json"
check_json "$WORK/noroute.json" \
	'c("network.link")["code"] == "net.ok"' \
	'c("network.gateway")["status"] == "fail"' \
	'c("network.gateway")["code"] == "net.no_gateway"' \
	'c("network.dns")["code"] == "net.no_hosts"'

note "dead router"
NS=$(client Dg)
ip -n "$NS" addr add 10.203.0.2/24 dev "pdnDg$ID"
ip -n "$NS" route add default via 10.203.0.1
run_pd "$NS" "$CFG" "$WORK/deadgw.json"
check_json "$WORK/deadgw.json" \
	'c("network.gateway")["code"] == "net.gateway_unreachable"' \
	'"10.203.0.1" in c("network.gateway")["summary"]' \
	'c("network.gateway")["duration_ms"] < 4000'

note "router that ignores ping still answers ARP"
NS=$(client Da)
ip -n "$NS" addr add 10.204.0.2/24 dev "pdnDa$ID"
ip -n "$NS" route add default via 10.204.0.1
ip -n "$H" addr add 10.204.0.1/24 dev "pdnDah$ID"
printf '%s\n' 'table inet pdn {' ' chain in {' '  type filter hook input priority 0;' \
	'  ip daddr 10.204.0.1 icmp type echo-request counter drop' ' }' '}' |
	in_ns "$H" nft -f - || fail "nft"
run_pd "$NS" "$CFG" "$WORK/arpgw.json"
check_json "$WORK/arpgw.json" \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "arp"' \
	'm("network.gateway")["gateway_mac"].count(":") == 5'
[ "$(nft_counter "$H" pdn in)" -ge 3 ] || fail "the echo requests never reached the router"

note "healthy router, raw ICMP socket"
NS=$(client Dk)
ip -n "$NS" addr add 10.205.0.2/24 dev "pdnDk$ID"
ip -n "$NS" route add default via 10.205.0.1
ip -n "$H" addr add 10.205.0.1/24 dev "pdnDkh$ID"
run_pd "$NS" "$CFG" "$WORK/ok.json"
check_json "$WORK/ok.json" \
	'c("network.link")["code"] == "net.ok"' \
	'm("network.link")["interface"] == "pdnDk'"$ID"'"' \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "icmp-raw"' \
	'all(x["status"] in ("ok", "skip") for x in rep["checks"] if x["id"] != "network.payment_host")' \
	'c("network.payment_host")["code"] == "net.no_payment_host"'
# No payment host configured: a warning that it was not checked, never "all good".
[ "$PD_RC" = 1 ] || fail "exit status $PD_RC, want 1"

note "healthy router, unprivileged ICMP socket (ping_group_range in this namespace only)"
in_ns "$NS" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
run_pd "$NS" "$CFG" "$WORK/dgram.json"
check_json "$WORK/dgram.json" \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "icmp"'
[ "$(cat /proc/sys/net/ipv4/ping_group_range)" = "$(printf '1\t0')" ] ||
	note "host ping_group_range is $(cat /proc/sys/net/ipv4/ping_group_range) (not changed by this test)"

echo "PASS"
