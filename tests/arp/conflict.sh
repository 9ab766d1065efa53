#!/bin/bash
# arp_conflict: two, then three devices with our address; frames that must
# not count (VLAN-tagged, Ethernet source differs from the ARP sender, one
# device repeating itself); RFC 5227 timing; a budget too short to finish.
. "$(dirname "$0")/lib.sh"

INJECT="$(dirname "$0")/arp_inject.py"
NET=10.77.0

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add ing 54:e1:40:00:00:0b $NET.10/24
ip -n "$P-us" route add default via $NET.1

# Two hosts with one address: both sides see the other, vendor named.
r=$(run_check us conflict)
check "conflict found from our side" "$r" \
	'r["status"] == "fail" and r["code"] == "arp.conflict"' \
	'r["metrics"]["our_mac"] == "02:00:00:00:00:0a"' \
	'r["args"]["mac"] == "54:e1:40:00:00:0b"' \
	'r["args"]["ip"] == "10.77.0.10" and r["args"]["interface"] == "eth0"' \
	'"ingenico" in r["args"]["vendor"].lower()' \
	'"54:e1:40:00:00:0b (" in r["args"]["claimants"]' \
	'r["metrics"]["claimants"] == 1'
# Reported at once: the window closes soon after the first answer (the
# full window is 300 ms), and the claim came in answer to the first probe.
check "conflict reported early" "$r" \
	'r["metrics"]["window_ms"] < 250' \
	'r["metrics"]["probes_sent"] == 1' \
	'r["metrics"]["first_claim_ms"] < r["metrics"]["window_ms"]'
r=$(run_program us arp.conflict interface=eth0 wait_ms=200)
check "the program reports the conflict (exit 2)" "$r" \
	'r["status"] == "fail" and r["code"] == "arp.conflict" and r["exit"] == 2' \
	'"summary" not in r or "54:e1:40:00:00:0b" in r["summary"]'
r=$(run_check ing conflict)
check "conflict found from the other side" "$r" \
	'r["code"] == "arp.conflict"' \
	'r["args"]["mac"] == "02:00:00:00:00:0a"' \
	'r["args"]["vendor"] == "locally administered"'

# Three claimants: every one listed with its vendor.
host_add cam 4c:bd:8f:00:00:0e $NET.10/24
host_add till 02:00:00:00:00:0d $NET.10/24
r=$(run_check us conflict)
check "three claimants listed" "$r" \
	'r["code"] == "arp.conflict"' \
	'r["metrics"]["claimants"] == 3' \
	'all(m in r["args"]["claimants"] for m in ["54:e1:40:00:00:0b", "4c:bd:8f:00:00:0e", "02:00:00:00:00:0d"])' \
	'"hikvision" in r["args"]["claimants"].lower()' \
	'"ingenico" in r["args"]["claimants"].lower()' \
	'sum(1 for d in r["detail"] if d.startswith("claimant ")) == 3'

r=$(run_program us arp.conflict interface=eth0)
check "the program lists the three claimants" "$r" \
	'r["code"] == "arp.conflict" and r["metrics"]["claimants"] == 3' \
	'all(m in r["summary"] for m in ["54:e1:40:00:00:0b", "4c:bd:8f:00:00:0e", "02:00:00:00:00:0d"])' \
	'"fix" in r and "54:e1:40:00:00:0b" in r["fix"]["why"]'

# A dual-homed device holding our address answers from both its ports (ARP
# flux): still a conflict, both of its MACs listed.
ip -n "$P-cam" addr del $NET.10/24 dev eth0
ip -n "$P-till" addr del $NET.10/24 dev eth0
if_add ing eth1 54:e1:40:00:00:1b $NET.30/24
r=$(run_check us conflict)
check "dual-homed claimant: both ports listed" "$r" \
	'r["code"] == "arp.conflict"' \
	'r["metrics"]["claimants"] == 2' \
	'"54:e1:40:00:00:0b" in r["args"]["claimants"] and "54:e1:40:00:00:1b" in r["args"]["claimants"]'
ip -n "$P-ing" link del eth1
ip -n "$P-cam" addr add $NET.10/24 dev eth0
ip -n "$P-till" addr add $NET.10/24 dev eth0

# A budget too short to finish the window never says "clean".
ip -n "$P-ing" addr del $NET.10/24 dev eth0
ip -n "$P-cam" addr del $NET.10/24 dev eth0
ip -n "$P-till" addr del $NET.10/24 dev eth0
r=$(run_check us conflict -b 120)
check "cut short is not clean" "$r" \
	'r["status"] == "fail" and r["code"] == "check.error"' \
	'r["duration_ms"] < 120 + 200'
r=$(run_check us conflict)
check "clean once the others left" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.ok"' \
	'r["metrics"]["probes_sent"] == 3' \
	'r["duration_ms"] >= 299'
r=$(run_program us arp.conflict interface=eth0 probes=2 wait_ms=100)
check "the program says clean (exit 0)" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.ok" and r["exit"] == 0' \
	'"metrics" not in r or r["metrics"]["probes_sent"] == 2'

# Frames that must not count. The injector keeps sending through the window
# (60 frames, 10 ms apart); the check starts once its first frame is out.
inject() {
	local ready="$TMP/ready.$RANDOM"
	ip netns exec "$P-ing" python3 "$INJECT" eth0 "$@" --count 60 --interval-ms 10 \
		--ready "$ready" &
	INJ=$!
	wait_for "injector" 10 test -e "$ready"
}
inject $NET.10 54:e1:40:00:00:0b --vlan 10
r=$(run_check us conflict)
wait $INJ
check "VLAN-tagged claims ignored" "$r" \
	'r["code"] == "arp.ok"' \
	'r["metrics"]["frames_ignored"] >= 1' \
	'any("VLAN" in d for d in r["detail"])'
inject $NET.10 54:e1:40:00:00:0b --eth-src 02:00:00:00:00:99
r=$(run_check us conflict)
wait $INJ
check "Ethernet source unlike the ARP sender ignored" "$r" \
	'r["code"] == "arp.ok"' \
	'r["metrics"]["frames_ignored"] >= 1' \
	'any("Ethernet source" in d for d in r["detail"])'
# Control: the same injector, well-formed frames, is a conflict - and one
# device repeating itself is one claimant.
inject $NET.10 54:e1:40:00:00:0b --burst 2
r=$(run_check us conflict)
wait $INJ
check "one device sending many frames is one claimant" "$r" \
	'r["code"] == "arp.conflict"' \
	'r["metrics"]["claimants"] == 1' \
	'int(r["detail"][0].split(": ")[1].split()[0]) >= 2' \
	'r["args"]["mac"] == "54:e1:40:00:00:0b"'
# Another host probing for our address (sender 0.0.0.0) is a claimant too.
inject 0.0.0.0 54:e1:40:00:00:0b --tpa $NET.10 --op 1
r=$(run_check us conflict)
wait $INJ
check "a probe for our address is a claimant" "$r" \
	'r["code"] == "arp.conflict"' \
	'any("probing for the address itself" in d for d in r["detail"])'

# A claim arriving on another interface of ours (another LAN) is not a claim
# on this one: the filter names the interface.
ip -n "$P-br" link add br1 type bridge stp_state 0 forward_delay 0
ip -n "$P-br" link set br1 up
ip link add vus1 netns "$P-br" type veth peer name eth1 netns "$P-us"
ip link add vlan2 netns "$P-br" type veth peer name eth1 netns "$P-ing"
for v in vus1 vlan2; do ip -n "$P-br" link set $v master br1 up; done
ip -n "$P-us" link set eth1 address 02:00:00:00:00:1a up
ip -n "$P-ing" link set eth1 address 54:e1:40:00:00:1b up
wait_for "second LAN" 5 link_up us eth1
wait_for "second LAN" 5 link_up ing eth1
ready="$TMP/ready.lan2"
ip netns exec "$P-ing" python3 "$INJECT" eth1 $NET.10 54:e1:40:00:00:1b --count 60 \
	--interval-ms 10 --ready "$ready" &
INJ=$!
wait_for "injector" 10 test -e "$ready"
r=$(run_check us conflict -i eth0)
wait $INJ
check "claims on another interface do not count" "$r" 'r["code"] == "arp.ok"'
ip -n "$P-us" link del eth1

# RFC 5227 timing: found within PROBE_WAIT plus a little, not after 4 s.
ip -n "$P-ing" addr add $NET.10/24 dev eth0
r=$(run_check us conflict -m rfc)
check "RFC mode finds the conflict" "$r" \
	'r["code"] == "arp.conflict"' \
	'r["duration_ms"] < 1000 + 500'
r=$(run_program us arp.conflict mode=rfc)
check "the program in RFC mode (from the config) finds it" "$r" \
	'r["code"] == "arp.conflict" and r["exit"] == 2'

finish
