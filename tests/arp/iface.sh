#!/bin/bash
# arp_iface: an interface that cannot be checked is never reported clean:
# down, no carrier, NOARP, no address, loopback, missing, no gateway; and
# "auto" without a default route still finds the LAN interface.
. "$(dirname "$0")/lib.sh"

NET=10.79.0

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add ing 54:e1:40:00:00:0b $NET.10/24

# No default route: auto still checks the one Ethernet interface.
r=$(run_check us conflict)
check "auto without a default route finds eth0" "$r" \
	'r["code"] == "arp.conflict"' 'r["args"]["interface"] == "eth0"'
r=$(run_check us gateway)
check "no gateway" "$r" \
	'r["status"] == "warn" and r["code"] == "arp.no_gateway"' \
	'r["args"]["interface"] == "eth0"'

# The default route over a NOARP link (mobile data, VPN): the conflict check
# still covers the LAN; the gateway check says the router is not on ARP.
ip -n "$P-us" tuntap add dev tun0 mode tun
ip -n "$P-us" link set tun0 up
ip -n "$P-us" addr add 10.200.0.2/24 dev tun0
ip -n "$P-us" route add default via 10.200.0.1 dev tun0 onlink
r=$(run_check us conflict)
check "default route over tun0: conflict still checked on eth0" "$r" \
	'r["code"] == "arp.conflict"' 'r["args"]["interface"] == "eth0"'
r=$(run_check us gateway)
check "default route over tun0: gateway not on ARP" "$r" \
	'r["status"] == "skip" and r["code"] == "arp.noarp"' 'r["args"]["interface"] == "tun0"'
ip -n "$P-us" link del tun0

for c in conflict gateway; do
	r=$(run_check us $c -i lo)
	check "$c: loopback" "$r" 'r["status"] == "skip" and r["code"] == "arp.loopback"'
	r=$(run_check us $c -i nosuch0)
	check "$c: missing interface" "$r" \
		'r["status"] == "warn" and r["code"] == "arp.interface_missing"' \
		'r["args"]["interface"] == "nosuch0"'
done

# NOARP.
ip -n "$P-us" link set eth0 arp off
for c in conflict gateway; do
	r=$(run_check us $c -i eth0)
	check "$c: NOARP" "$r" 'r["status"] == "skip" and r["code"] == "arp.noarp"'
done
r=$(run_program us arp.conflict interface=eth0)
check "the program: NOARP is skip (exit 0)" "$r" \
	'r["code"] == "arp.noarp" and r["status"] == "skip" and r["exit"] == 0'
ip -n "$P-us" link set eth0 arp on

# No carrier: the far end of the cable is down.
ip -n "$P-br" link set vuseth0 down
wait_for "carrier loss" 5 bash -c "! ip -n $P-us link show eth0 | grep -q LOWER_UP"
for c in conflict gateway; do
	r=$(run_check us $c -i eth0)
	check "$c: no carrier" "$r" 'r["status"] == "warn" and r["code"] == "arp.no_carrier"'
done
ip -n "$P-br" link set vuseth0 up
wait_for "carrier" 5 link_up us eth0

# Administratively down; auto reports the same (the only interface).
ip -n "$P-us" link set eth0 down
for c in conflict gateway; do
	r=$(run_check us $c -i eth0)
	check "$c: interface down" "$r" 'r["status"] == "warn" and r["code"] == "arp.interface_down"'
	r=$(run_check us $c)
	check "$c: interface down (auto)" "$r" \
		'r["code"] == "arp.interface_down"' 'r["args"]["interface"] == "eth0"'
done
r=$(run_program us arp.conflict)
check "the program: interface down is a warning (exit 1)" "$r" \
	'r["code"] == "arp.interface_down" and r["status"] == "warn" and r["exit"] == 1'
ip -n "$P-us" link set eth0 up
wait_for "carrier" 5 link_up us eth0

# No IPv4 address.
ip -n "$P-us" addr flush dev eth0
for c in conflict gateway; do
	r=$(run_check us $c -i eth0)
	check "$c: no address" "$r" 'r["status"] == "warn" and r["code"] == "arp.no_address"'
done

r=$(run_program us arp.conflict interface=eth0)
check "the program: no address is a warning (exit 1)" "$r" \
	'r["code"] == "arp.no_address" and r["exit"] == 1' '"eth0" in r["summary"]'

# No interface at all but loopback.
ns_add bare
for c in conflict gateway; do
	r=$(run_check bare $c)
	check "$c: no interface" "$r" 'r["status"] == "warn" and r["code"] == "arp.no_interface"'
done

finish
