#!/bin/bash
# lan_bounded: on a /16 the sweep asks only the configured addresses (and
# hears the rest), and stays short; without CAP_NET_RAW both checks say
# skip/needs_privilege, never a verdict; a DHCP lease on this computer (a
# dhclient lease file where dhclient keeps it) names the DHCP server, and a
# configured terminal in that network gets the "may be in the router's
# range" warning, said as a possibility.
. "$(dirname "$0")/lib.sh"

NET=10.85

lan_init
host_add us 02:00:00:00:00:0a $NET.0.10/16
host_add pax 00:17:6f:00:00:21 $NET.7.21/16
host_add ing 54:e1:40:00:00:22 $NET.0.22/16
CFG="lan:
  interface: eth0
  terminals:
    - {name: counter, address: $NET.7.21}"

r=$(lan_program us lan.scan "$CFG")
check "/16: only the configured address asked" "$r" \
	'r["status"] == "ok" and r["code"] == "lan.ok"' \
	'r["metrics"]["addresses_asked"] == 1' \
	'r["metrics"]["terminals"] >= 1' \
	'r["metrics"]["sweep_ms"] < 3000' \
	'any("larger than /22" in d for d in r["detail"])'

for id in lan.scan lan.terminal:counter; do
	r=$(lan_program us "$id" "$CFG" capsh --drop=cap_net_raw -- -c 'exec "$0" "$@"')
	check "$id without CAP_NET_RAW" "$r" \
		'r["status"] == "skip" and r["code"] == "lan.needs_privilege"' \
		'r["exit"] == 0'
done

# A dhclient lease for our address, seen only by this test: a private
# mount namespace puts an empty /var/lib with the lease folder in place.
mkdir -p "$TMP/dhcp"
cat >"$TMP/dhcp/dhclient.eth0.leases" <<LEASE
lease {
  interface "eth0";
  fixed-address $NET.0.10;
  option subnet-mask 255.255.0.0;
  option routers $NET.0.1;
  option dhcp-server-identifier $NET.0.1;
}
LEASE
in_lease_ns() {
	unshare -m --propagation private bash -c 'mount -t tmpfs lease /var/lib &&
		mkdir /var/lib/dhcp && mount --bind "$1" /var/lib/dhcp && shift && "$@"' \
		-- "$TMP/dhcp" "$@"
}
export -f lan_program
export P TMP POSDOCTOR
r=$(in_lease_ns bash -c 'lan_program us lan.terminal:counter "$1"' -- "$CFG")
check "DHCP lease: terminal address may be in the router's range" "$r" \
	'r["status"] == "warn" and r["code"] == "lan.terminal_dhcp_range"' \
	'r["metrics"]["dhcp_server"] == "10.85.0.1"' \
	'"may be" in r["summary"]'
r=$(in_lease_ns bash -c 'lan_program us lan.scan "$1"' -- "$CFG")
check "DHCP lease: the scan names the server" "$r" \
	'r["metrics"]["address_source"] == "dhcp" and r["metrics"]["dhcp_server"] == "10.85.0.1"'
finish
