# network_tcp: a host that drops ICMP but accepts TCP is measured over TCP
# (probe: auto) and is not unreachable; with probe: icmp it is; a host that
# is gone is unreachable either way and the check ends in time; HTTPS to the
# ICMP-silent host still runs (it does not depend on the ping check).
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
t_addr 10.201.1.3
printf '%s\n' 'table inet pdn {' ' chain in {' '  type filter hook input priority 0;' \
	'  ip daddr 10.201.1.3 icmp type echo-request counter drop' ' }' '}' |
	in_ns "$NS_T" nft -f - || fail "nft"
start_bg "$NS_T" python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("10.201.1.3", 8443))
s.listen(128)
open(sys.argv[1], "w").close()
time.sleep(3600)' "$WORK/tcp.ready"
wait_for 10 test -e "$WORK/tcp.ready"
make_ca
make_leaf silent 10.201.1.3 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
tls_peer silent 10.201.1.3

note "probe: auto, ICMP silent, TCP open"
host_config "$WORK/auto.yaml" "{name: quiet, address: 10.201.1.3, port: 8443}"
run_pd "$NS_C" "$WORK/auto.yaml" "$WORK/auto.json" network.host
check_json "$WORK/auto.json" \
	'c("network.host:quiet")["code"] == "net.ok"' \
	'm("network.host:quiet")["probe_method"] == "tcp"' \
	'm("network.host:quiet")["probes_received"] == 20' \
	'm("network.host:quiet")["icmp_probes_unanswered"] == 3' \
	'm("network.host:quiet")["tcp_refused"] == 0'

note "probe: auto with fewer probes than the ICMP pilot"
host_config "$WORK/two.yaml" "{name: quiet, address: 10.201.1.3, port: 8443}" "  count: 2"
run_pd "$NS_C" "$WORK/two.yaml" "$WORK/two.json" network.host
check_json "$WORK/two.json" \
	'm("network.host:quiet")["probe_method"] == "tcp"' \
	'm("network.host:quiet")["probes_sent"] == 2' \
	'm("network.host:quiet")["icmp_probes_unanswered"] == 2' \
	'c("network.host:quiet")["code"] == "net.ok"'

note "probe: auto, ICMP silent, TCP port closed: a RST is still an answer"
host_config "$WORK/closed.yaml" "{name: quiet, address: 10.201.1.3, port: 9}"
run_pd "$NS_C" "$WORK/closed.yaml" "$WORK/closed.json" network.host
check_json "$WORK/closed.json" \
	'm("network.host:quiet")["probe_method"] == "tcp"' \
	'm("network.host:quiet")["tcp_refused"] == 20'

note "probe: icmp on the same host: unreachable, but HTTPS still runs"
host_config "$WORK/icmp.yaml" "{name: quiet, address: 10.201.1.3, port: 443, https: true, ca_file: $WORK/ca.crt}" \
	"  probe: icmp"
run_pd "$NS_C" "$WORK/icmp.yaml" "$WORK/icmp.json"
check_json "$WORK/icmp.json" \
	'c("network.host:quiet")["code"] == "net.host_unreachable"' \
	'c("network.host:quiet")["status"] == "fail"' \
	'm("network.host:quiet")["probe_method"] == "icmp-raw"' \
	'm("network.host:quiet")["probes_received"] == 0' \
	'c("network.https:quiet")["code"] == "net.ok"' \
	'm("network.https:quiet")["http_status"] == 200'

note "probe: tcp"
host_config "$WORK/tcp.yaml" "{name: quiet, address: 10.201.1.3, port: 8443}" "  probe: tcp"
run_pd "$NS_C" "$WORK/tcp.yaml" "$WORK/tcp.json" network.host
check_json "$WORK/tcp.json" \
	'm("network.host:quiet")["probe_method"] == "tcp"' \
	'"icmp_probes_unanswered" not in m("network.host:quiet")' \
	'c("network.host:quiet")["duration_ms"] < 20 * 100 + 1000'

note "host gone: unreachable within its budget"
host_config "$WORK/gone.yaml" "{name: gone, address: 10.201.9.9, port: 443}"
run_pd "$NS_C" "$WORK/gone.yaml" "$WORK/gone.json" network.host
check_json "$WORK/gone.json" \
	'c("network.host:gone")["code"] == "net.host_unreachable"' \
	'm("network.host:gone")["probes_received"] == 0' \
	'm("network.host:gone")["loss_ci_low_pct"] > 80' \
	'c("network.host:gone")["duration_ms"] < 2000 + 20 * 100 + 1000 + 3 * 100 + 1000 + 500'
note "the card terminal on the network (the setup screen's entry) gone: its own code and title"
host_config "$WORK/term.yaml" "{name: terminal, address: 10.201.9.9, https: false}"
run_pd "$NS_C" "$WORK/term.yaml" "$WORK/term.json" network.host
check_json "$WORK/term.json" \
	'c("network.host:terminal")["code"] == "net.terminal_unreachable"' \
	'c("network.host:terminal")["title"] == "Card terminal reachable on the network"'
note "as user nobody (no raw sockets, ping_group_range closed): TCP and ARP"
host_config "$WORK/nobody.yaml" "{name: quiet, address: 10.201.1.3, port: 8443}"
chmod 644 "$WORK/nobody.yaml"
PD_AS_NOBODY=1 run_pd "$NS_C" "$WORK/nobody.yaml" "$WORK/nobody.json"
check_json "$WORK/nobody.json" \
	'm("network.host:quiet")["probe_method"] == "tcp"' \
	'"icmp_probes_unanswered" not in m("network.host:quiet")' \
	'c("network.host:quiet")["code"] == "net.ok"' \
	'c("network.gateway")["code"] == "net.ok"' \
	'm("network.gateway")["probe_method"] == "arp"'
host_config "$WORK/nobody-icmp.yaml" "{name: quiet, address: 10.201.1.3, port: 8443}" "  probe: icmp"
chmod 644 "$WORK/nobody-icmp.yaml"
PD_AS_NOBODY=1 run_pd "$NS_C" "$WORK/nobody-icmp.yaml" "$WORK/nobody-icmp.json" network.host
check_json "$WORK/nobody-icmp.json" \
	'c("network.host:quiet")["code"] == "net.needs_privilege"' \
	'c("network.host:quiet")["status"] == "skip"' \
	'"fix" not in c("network.host:quiet") or c("network.host:quiet")["fix"]'
echo "PASS"
