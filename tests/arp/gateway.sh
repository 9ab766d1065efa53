#!/bin/bash
# arp_gateway: one gateway; its MAC changing between runs (remembered in
# $XDG_STATE_HOME); a second device answering for it; a two-port gateway
# (ARP flux) told apart from a spoofer; VRRP and HSRP; a silent gateway.
. "$(dirname "$0")/lib.sh"

NET=10.78.0
export XDG_STATE_HOME="$TMP/state"
STATE="$XDG_STATE_HOME/posdoctor/arp-gateway"

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 00:0c:42:00:00:01 $NET.1/24
ip -n "$P-us" route add default via $NET.1

# One gateway: named, remembered.
r=$(run_check us gateway)
check "single gateway is ok" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.ok"' \
	'r["args"]["gateway"] == "10.78.0.1"' \
	'r["args"]["mac"] == "00:0c:42:00:00:01"' \
	'"mikrotik" in r["args"]["vendor"].lower() or "routerboard" in r["args"]["vendor"].lower()' \
	'r["metrics"]["gateway_macs"] == 1'
check "state written atomically, keyed by interface and gateway" \
	"\"$(cat "$STATE" 2>/dev/null)\"" \
	'r.startswith("eth0 10.78.0.1 00:0c:42:00:00:01 ")'
leftovers=$(find "$XDG_STATE_HOME/posdoctor" -name 'arp-gateway.*' | wc -l)
check "no temp files left" "$leftovers" 'r == 0'

# The gateway's MAC changes between runs: warn once, with old and new.
ip -n "$P-gw" link set eth0 address 54:e1:40:00:00:01
r=$(run_check us gateway)
check "changed MAC reported" "$r" \
	'r["status"] == "warn" and r["code"] == "arp.gateway_mac_changed"' \
	'r["args"]["old_mac"] == "00:0c:42:00:00:01"' \
	'r["args"]["mac"] == "54:e1:40:00:00:01"' \
	'"ingenico" in r["args"]["vendor"].lower()'
r=$(run_program us arp.gateway)
check "new MAC remembered (the program, same state file)" "$r" \
	'r["code"] == "arp.ok" and r["exit"] == 0'
# A state file with garbage in it is read past, not trusted.
printf 'garbage line\neth0 10.78.0.1 not-a-mac 1\n' >"$STATE"
r=$(run_check us gateway)
check "garbage state is ignored" "$r" 'r["code"] == "arp.ok"'
ip -n "$P-gw" link set eth0 address 00:0c:42:00:00:01
run_check us gateway >/dev/null

# A second device answers for the gateway's address: possible spoofing.
host_add evil 4c:bd:8f:00:00:66 $NET.1/24 $NET.66/24
r=$(run_check us gateway)
check "two MACs for the gateway" "$r" \
	'r["status"] == "fail" and r["code"] == "arp.gateway_multiple_macs"' \
	'r["metrics"]["gateway_macs"] == 2' \
	'"00:0c:42:00:00:01" in r["args"]["macs"] and "4c:bd:8f:00:00:66" in r["args"]["macs"]' \
	'"hikvision" in r["args"]["macs"].lower()' \
	'r["args"]["known_mac"] == "00:0c:42:00:00:01"'
r=$(run_program us arp.gateway interface=eth0)
check "the program reports two MACs (exit 2)" "$r" \
	'r["code"] == "arp.gateway_multiple_macs" and r["exit"] == 2'
check "state untouched while ambiguous" "\"$(cat "$STATE")\"" \
	'" 00:0c:42:00:00:01 " in r'
# Even when another address of the intruder is known, its ports and the
# gateway's do not answer for each other: still two devices.
ip netns exec "$P-us" ping -c 1 -W 1 $NET.66 >/dev/null
r=$(run_check us gateway)
check "spoofer with a known address of its own" "$r" \
	'r["code"] == "arp.gateway_multiple_macs"' \
	'any(d.startswith("10.78.0.66 answered from: 4c:bd:8f:00:00:66") for d in r["detail"])'
# A deadline that ends the second window early (the one asking for the
# other addresses) gives no verdict: neither the alarm nor a clean one.
r=$(run_check us gateway -w 400 -b 700)
check "cut second window: no verdict" "$r" \
	'r["status"] == "fail" and r["code"] == "check.error"' \
	'"stopped before" in r["args"]["error"]'
ip netns del "$P-evil"
ip netns exec "$P-us" ip neigh flush all

# A gateway with two ports on the LAN (ARP flux): both MACs answer for it.
if_add gw eth1 00:0c:42:00:00:02 $NET.2/24
r=$(run_check us gateway)
check "two-port gateway, no other address known: cannot be told apart" "$r" \
	'r["code"] == "arp.gateway_multiple_macs"' \
	'any("cannot be told" in d for d in r["detail"])'
# Once this computer has talked to the gateway's other address, the flux
# shows: both ports answer for it too.
ip netns exec "$P-us" ping -c 1 -W 1 $NET.2 >/dev/null
r=$(run_check us gateway)
check "two-port gateway explained (ARP flux)" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.gateway_flux"' \
	'r["metrics"]["gateway_macs"] == 2'
r=$(run_program us arp.gateway)
check "the program explains the flux (ok, exit 0)" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.gateway_flux" and r["exit"] == 0' \
	'"00:0c:42:00:00:01" in r["summary"] and "00:0c:42:00:00:02" in r["summary"]'
# arp_ignore=1 on the gateway ends the flux: one MAC again.
ip netns exec "$P-gw" sysctl -qw net.ipv4.conf.all.arp_ignore=1
r=$(run_check us gateway)
check "flux gone with arp_ignore=1" "$r" 'r["code"] == "arp.ok"' 'r["metrics"]["gateway_macs"] == 1'
ip -n "$P-gw" link del eth1

# First-hop redundancy: the shared MAC is explained, not alarmed. (A new
# MAC is a change: start from a fresh memory for each.)
rm -f "$STATE"
ip -n "$P-gw" link set eth0 address 00:00:5e:00:01:05
r=$(run_check us gateway)
check "VRRP gateway" "$r" \
	'r["status"] == "ok" and r["code"] == "arp.gateway_redundant"' \
	'r["args"]["protocol"] == "VRRP" and r["args"]["group"] == "5"'
r=$(run_program us arp.gateway)
check "the program names VRRP (ok, exit 0)" "$r" \
	'r["code"] == "arp.gateway_redundant" and r["exit"] == 0' '"VRRP" in r["summary"]'
host_add real 00:0c:42:00:00:07 $NET.1/24
r=$(run_check us gateway)
check "VRRP MAC beside the router's own MAC is not an alarm" "$r" \
	'r["code"] == "arp.gateway_redundant"' 'r["metrics"]["gateway_macs"] == 2'
ip netns del "$P-real"
ip -n "$P-gw" link set eth0 address 00:00:0c:07:ac:0a
rm -f "$STATE"
r=$(run_check us gateway)
check "HSRP gateway" "$r" \
	'r["code"] == "arp.gateway_redundant"' \
	'r["args"]["protocol"] == "HSRP" and r["args"]["group"] == "10"'

# A gateway that does not answer at all is never "clean".
ip -n "$P-us" route replace default via $NET.99
r=$(run_check us gateway)
check "silent gateway" "$r" \
	'r["status"] == "fail" and r["code"] == "arp.gateway_no_answer"' \
	'r["args"]["gateway"] == "10.78.0.99"'

finish
