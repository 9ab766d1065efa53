# network_cause: one cause, one answer, with the real program on a namespace
# LAN. Cable unplugged: only network.link fails; the router, DNS, payment
# host and both ARP checks are blocked naming it. Router silent: only
# network.gateway fails; DNS served by the router and the router identity
# check are blocked by it (a silent DNS server on the LAN beside the router
# is not). Packets lost on the way to the payment host: an HTTPS failure is
# put down to that loss, never to a firewall. The card terminal gone from
# the LAN: its HTTPS row is blocked by its reachability row.
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
t_addr 10.201.1.1
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.0.1 \
	--name pay.pdn.test=10.201.1.1 --ready "$WORK/dns.ready"
wait_for 10 test -e "$WORK/dns.ready"
host_config "$WORK/shop.yaml" "{name: acq, address: pay.pdn.test, port: 443, https: true}" \
	"  count: 5
  interval_ms: 50
  timeout_ms: 500"
BLOCKED='lambda i, by: c(i)["status"] == "skip" and c(i)["code"] == "dep.blocked" and c(by)["title"] in c(i)["summary"]'

note "cable unplugged: one failing row, the rest blocked by it"
ip -n "$NS_T" link set "pdnt$ID" down
wait_for 5 sh -c "ip -n $NS_C link show pdnc$ID | grep -q NO-CARRIER"
run_pd "$NS_C" "$WORK/shop.yaml" "$WORK/unplugged.json" network,arp
check_json "$WORK/unplugged.json" \
	'[x["id"] for x in rep["checks"] if x["status"] == "fail"] == ["network.link"]' \
	'c("network.link")["code"] == "net.no_link"' \
	"all(($BLOCKED)(i, 'network.link') for i in ('arp.conflict', 'arp.gateway', 'network.gateway', 'network.dns'))" \
	'all(c(i)["code"] == "dep.blocked" for i in ("network.host:acq", "network.https:acq"))' \
	'not [x["id"] for x in rep["checks"] if x["status"] == "warn"]' \
	'not [x["summary"] for x in rep["checks"] if "{" in x["summary"]]'
ip -n "$NS_T" link set "pdnt$ID" up
wait_for 5 sh -c "! ip -n $NS_C link show pdnc$ID | grep -q NO-CARRIER"

note "router silent (no echo, no ARP, no DNS): the router's row alone fails"
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
in_ns "$NS_T" sysctl -qw "net.ipv4.conf.pdnt$ID.arp_ignore=8"
nft_T 'table inet pdncause {
	chain in {
		type filter hook input priority 0;
		udp dport 53 drop
	}
}'
ip -n "$NS_C" neigh flush dev "pdnc$ID"
run_pd "$NS_C" "$WORK/shop.yaml" "$WORK/router.json" network,arp
check_json "$WORK/router.json" \
	'[x["id"] for x in rep["checks"] if x["status"] == "fail"] == ["network.gateway"]' \
	'c("network.gateway")["code"] == "net.gateway_unreachable"' \
	"($BLOCKED)('network.dns', 'network.gateway')" \
	'm("network.dns")["own_code"] == "net.dns_no_answer"' \
	"($BLOCKED)('arp.gateway', 'network.gateway')" \
	'c("network.host:acq")["code"] == "dep.blocked"' \
	'c("arp.conflict")["status"] != "fail"'

note "router silent, DNS server on the LAN beside it silent too: DNS is its own fault"
resolv_conf "$NS_C" "nameserver 10.201.0.9" "options timeout:1 attempts:1"
ip -n "$NS_C" neigh flush dev "pdnc$ID"
run_pd "$NS_C" "$WORK/shop.yaml" "$WORK/landns.json" network.link,network.gateway,network.dns
check_json "$WORK/landns.json" \
	'c("network.gateway")["code"] == "net.gateway_unreachable"' \
	'c("network.dns")["code"] == "net.dns_no_answer"' \
	'"10.201.0.9" in c("network.dns")["summary"]'
resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
in_ns "$NS_T" nft delete table inet pdncause
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=0
in_ns "$NS_T" sysctl -qw "net.ipv4.conf.pdnt$ID.arp_ignore=0"

# lossy MOD: drop one echo request to the host in MOD, and every connection
# to its port 443 (a path too lossy for a connection to get through).
lossy() {
	in_ns "$NS_T" nft delete table inet pdncause 2>/dev/null
	nft_T "table inet pdncause {
	chain in {
		type filter hook input priority 0;
		${1:+ip daddr 10.201.1.1 icmp type echo-request numgen inc mod $1 0 drop}
		ip daddr 10.201.1.1 tcp dport 443 drop
	}
}"
}
host_config "$WORK/lossy.yaml" "{name: lossy, address: 10.201.1.1, port: 443, https: true}" \
	"  count: 20
  interval_ms: 100
  timeout_ms: 500"
NOFW='"firewall" not in json.dumps(c("network.https:lossy")).lower()'

note "25 % loss (a failure) and HTTPS failing: the loss is the one answer"
lossy 4
run_pd "$NS_C" "$WORK/lossy.yaml" "$WORK/loss_fail.json" network.host,network.https
check_json "$WORK/loss_fail.json" \
	'[x["id"] for x in rep["checks"] if x["status"] == "fail"] == ["network.host:lossy"]' \
	'c("network.host:lossy")["code"] == "net.loss_high"' \
	"($BLOCKED)('network.https:lossy', 'network.host:lossy')" \
	'm("network.https:lossy")["own_code"] == "net.connect_failed"' \
	"$NOFW"

note "10 % loss (a warning) and HTTPS failing: HTTPS fails naming the loss"
lossy 10
run_pd "$NS_C" "$WORK/lossy.yaml" "$WORK/loss_warn.json" network.host,network.https
check_json "$WORK/loss_warn.json" \
	'c("network.host:lossy")["status"] == "warn"' \
	'c("network.https:lossy")["code"] == "net.https_lossy"' \
	'c("network.https:lossy")["status"] == "fail"' \
	'"10%" in c("network.https:lossy")["summary"]' \
	"$NOFW"

note "no loss, the port blocked: then it is the connection's own fault"
lossy ""
run_pd "$NS_C" "$WORK/lossy.yaml" "$WORK/blocked.json" network.host,network.https
check_json "$WORK/blocked.json" \
	'c("network.host:lossy")["code"] == "net.ok"' \
	'c("network.https:lossy")["code"] == "net.connect_failed"'
note "the card terminal gone from the LAN (entered by hand, https left on): its row alone fails"
host_config "$WORK/gone.yaml" "{name: terminal, address: 10.201.0.77, port: 443}" \
	"  count: 5
  interval_ms: 50
  timeout_ms: 500"
run_pd "$NS_C" "$WORK/gone.yaml" "$WORK/gone.json" network.host,network.https
check_json "$WORK/gone.json" \
	'[x["id"] for x in rep["checks"] if x["status"] == "fail"] == ["network.host:terminal"]' \
	'c("network.host:terminal")["code"] == "net.terminal_unreachable"' \
	"($BLOCKED)('network.https:terminal', 'network.host:terminal')" \
	'm("network.https:terminal")["own_code"] == "net.connect_failed"'
echo "PASS"
