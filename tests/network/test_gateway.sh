# network_gateway: the default router answering, by ICMP echo or, when it
# ignores pings, by ARP asked during the check. A neighbour entry the kernel
# kept from before (STALE, or REACHABLE from an earlier answer) is no proof:
# a router that stopped answering must be unreachable, a live one that only
# has a STALE entry must still be ok (the kernel's DELAY then one probe).
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
GW=10.201.0.1
printf 'network:\n  count: 3\n  interval_ms: 50\n  timeout_ms: 500\n' >"$WORK/gw.yaml"
MAC=$(in_ns "$NS_T" cat "/sys/class/net/pdnt$ID/address")

# stale_entry: the client's entry for the router, as the kernel leaves it
# some minutes after the last answer.
stale_entry() {
	ip -n "$NS_C" neigh replace "$GW" dev "pdnc$ID" lladdr "$MAC" nud stale ||
		fail "ip neigh replace stale"
}
# router_silent 0|1: the router ignores (1) or answers (0) ping and ARP.
router_silent() {
	in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all="$1"
	in_ns "$NS_T" sysctl -qw "net.ipv4.conf.pdnt$ID.arp_ignore=$([ "$1" = 1 ] && echo 8 || echo 0)"
}
gw_state() {
	ip -n "$NS_C" neigh show "$GW" dev "pdnc$ID"
}

note "router answers ping"
run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/ping.json" network.gateway
check_json "$WORK/ping.json" \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] in ("icmp", "icmp-raw")'

note "router ignores ping, answers ARP; no entry before"
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
ip -n "$NS_C" neigh flush dev "pdnc$ID"

run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/arp.json" network.gateway
check_json "$WORK/arp.json" \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "arp"' \
	'c("network.gateway")["duration_ms"] < 2500'

note "live router ignoring ping, STALE entry (kernel default DELAY of 5 s)"
[ "$(in_ns "$NS_C" cat "/proc/sys/net/ipv4/neigh/pdnc$ID/delay_first_probe_time")" = 5 ] ||
	fail "expected the kernel's default delay_first_probe_time"
stale_entry
run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/stale.json" network.gateway
check_json "$WORK/stale.json" \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "arp"'

note "router died (no ping, no ARP) after answering: STALE entry"
ip -n "$NS_C" neigh flush dev "pdnc$ID"
in_ns "$NS_C" ping -c 1 -W 2 "$GW" >/dev/null 2>&1 || true
router_silent 1
stale_entry

run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/dead_stale.json" network.gateway
check_json "$WORK/dead_stale.json" \
	'c("network.gateway")["code"] == "net.gateway_unreachable"' \
	'c("network.gateway")["status"] == "fail"'

note "router died just after answering: REACHABLE entry from before the check"
router_silent 0
ip -n "$NS_C" neigh flush dev "pdnc$ID"
in_ns "$NS_C" ping -c 1 -W 2 "$GW" >/dev/null || fail "router did not answer the set-up ping"
router_silent 1
gw_state | grep -q REACHABLE || note "entry is $(gw_state) (expected REACHABLE)"
run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/dead_reach.json" network.gateway
check_json "$WORK/dead_reach.json" \
	'c("network.gateway")["code"] == "net.gateway_unreachable"'

note "router back: ok again"
router_silent 0
stale_entry
run_pd "$NS_C" "$WORK/gw.yaml" "$WORK/back.json" network.gateway
check_json "$WORK/back.json" \
	'c("network.gateway")["code"] == "net.ok"'
echo "PASS"
