# network_loss: a target that drops exactly every 10th (then every 4th) echo
# request with nftables; the loss posdoctor reports must equal the rule's own
# counter, over a raw ICMP socket and over an unprivileged ICMP socket.
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
t_addr 10.201.1.1
CFG="$WORK/loss.yaml"
host_config "$CFG" "{name: lossy, address: 10.201.1.1, port: 443}" \
	"  count: 20
  interval_ms: 100"

# ruleset MOD: drop one echo request in MOD, counting the drops.
ruleset() {
	in_ns "$NS_T" nft delete table inet pdn 2>/dev/null
	printf '%s\n' 'table inet pdn {' ' chain in {' '  type filter hook input priority 0;' \
		"  ip daddr 10.201.1.1 icmp type echo-request numgen inc mod $1 0 counter drop" \
		' }' '}' | in_ns "$NS_T" nft -f - || fail "nft"
}

# measure NAME MOD STATUS METHOD: one run; loss must match the counter.
measure() {
	local name=$1 mod=$2 status=$3 method=$4 out="$WORK/$1.json" dropped
	ruleset "$mod"
	run_pd "$NS_C" "$CFG" "$out" network.host
	dropped=$(nft_counter "$NS_T" pdn in)
	note "$name: nftables dropped $dropped"
	check_json "$out" \
		'm("network.host:lossy")["probes_sent"] == 20' \
		"m(\"network.host:lossy\")[\"probes_sent\"] - m(\"network.host:lossy\")[\"probes_received\"] == $dropped" \
		"abs(m(\"network.host:lossy\")[\"loss_pct\"] - 100.0 * $dropped / 20) < 1e-6" \
		"m(\"network.host:lossy\")[\"probe_method\"] == \"$method\"" \
		"c(\"network.host:lossy\")[\"status\"] == \"$status\"" \
		'c("network.host:lossy")["code"] == "net.loss_high"' \
		'm("network.host:lossy")["loss_ci_low_pct"] < m("network.host:lossy")["loss_pct"] < m("network.host:lossy")["loss_ci_high_pct"]' \
		'len(c("network.host:lossy").get("samples", [])) in (0, m("network.host:lossy")["probes_received"])' \
		'c("network.host:lossy")["duration_ms"] < 20 * 100 + 1500'
}

# 2 of 20 lost: 10 %, interval 2.8-30.1 %: above the 2 % warning only.
measure raw10 10 warn icmp-raw
# 5 of 20 lost: 25 %, interval 11.2-46.9 %: above the 10 % failure.
measure raw4 4 fail icmp-raw

in_ns "$NS_C" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
measure dgram10 10 warn icmp
measure dgram4 4 fail icmp

note "no loss at all is ok"
in_ns "$NS_T" nft delete table inet pdn
run_pd "$NS_C" "$CFG" "$WORK/clean.json" network.host
check_json "$WORK/clean.json" \
	'c("network.host:lossy")["code"] == "net.ok"' \
	'm("network.host:lossy")["probes_received"] == 20' \
	'm("network.host:lossy")["loss_pct"] == 0'
echo "PASS"
