# network_dns: the system resolver through the resolv.conf that
# 'ip netns exec' mounts: a working server, a slow one, a dead one (the
# summary names it, the check ends in time, host checks are blocked), and
# each reason a lookup fails with its own code: no such name (NXDOMAIN), a
# server that refuses (REFUSED, SERVFAIL), one that never answers, and no
# server configured at all.
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
t_addr 10.201.1.1
t_addr 10.201.1.53
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.0.1 \
	--name pay.pdn.test=10.201.1.1 --ready "$WORK/dns1.ready"
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.1.53 --delay-ms 700 \
	--name pay.pdn.test=10.201.1.1 --ready "$WORK/dns2.ready"
t_addr 10.201.1.54
t_addr 10.201.1.55
t_addr 10.201.1.56
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.1.54 --rcode 5 \
	--ready "$WORK/dns3.ready"
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.1.55 --rcode 2 \
	--ready "$WORK/dns4.ready"
start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.1.56 --silent \
	--ready "$WORK/dns5.ready"
for r in 1 2 3 4 5; do
	wait_for 10 test -e "$WORK/dns$r.ready"
done
host_config "$WORK/name.yaml" "{name: acq, address: pay.pdn.test, port: 443}" \
	"  count: 5
  interval_ms: 50"

note "working resolver"
resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/ok.json"
check_json "$WORK/ok.json" \
	'c("network.dns")["code"] == "net.ok"' \
	'm("network.dns")["names"] == 1' \
	'0 <= m("network.dns")["dns_ms"] < 500' \
	'c("network.host:acq")["code"] == "net.ok"' \
	'm("network.host:acq")["address"] == "10.201.1.1"'

note "slow resolver (700 ms)"
resolv_conf "$NS_C" "nameserver 10.201.1.53" "options timeout:2 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/slow.json" network.dns
check_json "$WORK/slow.json" \
	'c("network.dns")["code"] == "net.dns_slow"' \
	'c("network.dns")["status"] == "warn"' \
	'690 <= m("network.dns")["dns_ms"] < 1500'

note "dead resolver: named, and the check ends in time"
resolv_conf "$NS_C" "nameserver 10.201.9.53"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/dead.json"
check_json "$WORK/dead.json" \
	'c("network.dns")["code"] == "net.dns_no_answer"' \
	'c("network.dns")["status"] == "fail"' \
	'"10.201.9.53" in c("network.dns")["summary"]' \
	'm("network.dns")["resolver_dead"] == "10.201.9.53"' \
	'c("network.dns")["duration_ms"] <= 5000 + 250' \
	'c("network.host:acq")["code"] == "dep.blocked"'

note "a dead first resolver and a live second one: slow, and the dead one is named"
resolv_conf "$NS_C" "nameserver 10.201.9.53" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/mixed.json" network.dns
check_json "$WORK/mixed.json" \
	'c("network.dns")["code"] == "net.dns_slow"' \
	'990 <= m("network.dns")["dns_ms"] < 2000' \
	'm("network.dns")["resolver_dead"] == "10.201.9.53"' \
	'"10.201.9.53" in c("network.dns")["summary"]' \
	'c("network.dns")["duration_ms"] <= 5000'
resolv_conf "$NS_C" "nameserver 10.201.0.1" "nameserver 10.201.9.53" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/mixed2.json" network.dns
check_json "$WORK/mixed2.json" \
	'c("network.dns")["code"] == "net.ok"'

note "unknown name"
host_config "$WORK/nx.yaml" "{name: acq, address: nowhere.pdn.test, port: 443}"
resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/nx.yaml" "$WORK/nx.json" network.dns
check_json "$WORK/nx.json" \
	'c("network.dns")["code"] == "net.dns_no_such_name"' \
	'c("network.dns")["status"] == "fail"' \
	'm("network.dns")["resolver_dead"] == "-"' \
	'"10.201.0.1" in c("network.dns")["summary"]' \
	'"restart the router" not in json.dumps(c("network.dns")["fix"]).lower()'

note "no such name, found by the host check itself (network.dns not in the run)"
run_pd "$NS_C" "$WORK/nx.yaml" "$WORK/nxhost.json" network.host
check_json "$WORK/nxhost.json" \
	'c("network.host:acq")["code"] == "net.dns_no_such_name"' \
	'"10.201.0.1" in c("network.host:acq")["summary"]'

note "a server that refuses at once: its own code, named, no waiting"
resolv_conf "$NS_C" "nameserver 10.201.1.54" "options timeout:2 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/refused.json" network.dns
check_json "$WORK/refused.json" \
	'c("network.dns")["code"] == "net.dns_refused"' \
	'"10.201.1.54" in c("network.dns")["summary"]' \
	'm("network.dns")["resolver_dead"] == "-"' \
	'c("network.dns")["duration_ms"] < 1500'

note "a server that fails (SERVFAIL): refused too, not a missing name"
resolv_conf "$NS_C" "nameserver 10.201.1.55" "options timeout:2 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/servfail.json" network.dns
check_json "$WORK/servfail.json" \
	'c("network.dns")["code"] == "net.dns_refused"' \
	'"10.201.1.55" in c("network.dns")["summary"]'

note "a server that reads questions and never answers"
resolv_conf "$NS_C" "nameserver 10.201.1.56" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/silent.json" network.dns
check_json "$WORK/silent.json" \
	'c("network.dns")["code"] == "net.dns_no_answer"' \
	'm("network.dns")["resolver_dead"] == "10.201.1.56"' \
	'"10.201.1.56" in c("network.dns")["summary"]'

note "no nameserver configured at all"
resolv_conf "$NS_C" "options timeout:1 attempts:1"
run_pd "$NS_C" "$WORK/name.yaml" "$WORK/noserver.json" network.dns
check_json "$WORK/noserver.json" \
	'c("network.dns")["code"] == "net.dns_no_server"' \
	'c("network.dns")["status"] == "fail"'
resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"

note "a name no DNS question can carry (a 64-byte label): no server is called dead"
host_config "$WORK/long.yaml" "{name: acq, address: $(printf 'a%.0s' $(seq 64)).pdn.test, port: 443}"
run_pd "$NS_C" "$WORK/long.yaml" "$WORK/long.json" network.dns
check_json "$WORK/long.json" \
	'c("network.dns")["code"] == "net.dns_failed"' \
	'"resolver_dead" not in m("network.dns")' \
	'"10.201.0.1" in c("network.dns")["summary"]' \
	'any("not tested" in d for d in c("network.dns").get("detail", []))'

note "hosts given as addresses need no lookup"
host_config "$WORK/ip.yaml" "{name: acq, address: 10.201.1.1, port: 443}"
run_pd "$NS_C" "$WORK/ip.yaml" "$WORK/ip.json" network.dns
check_json "$WORK/ip.json" \
	'c("network.dns")["code"] == "net.dns_not_used"' \
	'c("network.dns")["status"] == "skip"'
echo "PASS"
