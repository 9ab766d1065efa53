#!/bin/bash
# lan_scan: a shop LAN with two terminals in the subnet (PAX, Ingenico), a
# PAX terminal set to another subnet that only announces itself, and two
# devices (Hikvision cameras) claiming one address. lan.scan finds every device, names the
# terminals, reports the clash first and the wrong subnet in its details;
# without the clash the wrong subnet is the verdict. MACs use the makers'
# real OUIs (IEEE registry, assets/oui-fallback.txt).
. "$(dirname "$0")/lib.sh"

NET=10.82.0

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add pax 00:17:6f:00:00:21 $NET.21/24
host_add ing 54:e1:40:00:00:22 $NET.22/24
host_add far f4:02:23:00:00:33 172.16.5.33/24
host_add cam1 44:47:cc:00:00:51 $NET.50/24
host_add cam2 58:03:fb:00:00:52
ip -n "$P-us" route add default via $NET.1
announce far eth0 172.16.5.33 f4:02:23:00:00:33

CFG='lan:
  interface: eth0'

# The second camera takes the first one's address (IPv4 has no duplicate check).
ip -n "$P-cam2" addr add $NET.50/24 dev eth0
r=$(lan_program us lan.scan "$CFG")
check "clash found and named" "$r" \
	'r["status"] == "warn" and r["code"] == "lan.address_clash"' \
	'r["exit"] == 1' \
	'"10.82.0.50" in r["summary"]' \
	'"44:47:cc:00:00:51" in r["summary"] and "58:03:fb:00:00:52" in r["summary"]' \
	'r["metrics"]["devices"] == 6' \
	'r["metrics"]["terminals"] == 3' \
	'r["metrics"]["addresses_asked"] == 253' \
	'any("f4:02:23:00:00:33 (PAX) announces 172.16.5.33" in d for d in r["detail"])'

# Without the clash: the terminal in the wrong subnet is the verdict, and
# it names the subnet the terminal should be in.
ip -n "$P-cam2" link set eth0 down
r=$(lan_program us lan.scan "$CFG")
check "terminal outside the subnet" "$r" \
	'r["status"] == "warn" and r["code"] == "lan.terminal_wrong_subnet"' \
	'"172.16.5.33" in r["summary"] and "10.82.0.0/24" in r["summary"]' \
	'"f4:02:23:00:00:33 (PAX)" in r["summary"]' \
	'r["metrics"]["terminals"] == 3 and r["metrics"]["devices"] == 5'

# The announcer gone: a clean LAN; the terminals are counted.
kill "$ANNOUNCER" 2>/dev/null
wait "$ANNOUNCER" 2>/dev/null
ip -n "$P-far" link set eth0 down
sleep 0.3
r=$(lan_program us lan.scan "$CFG")
check "clean LAN" "$r" \
	'r["status"] == "ok" and r["code"] == "lan.ok"' \
	'r["metrics"]["devices"] == 4 and r["metrics"]["terminals"] == 2' \
	'"4 devices" in r["summary"] and "card terminals: 2" in r["summary"]'

# A configured terminal nowhere to be seen, and no terminal maker heard.
ip -n "$P-pax" link set eth0 down
ip -n "$P-ing" link set eth0 down
r=$(lan_program us lan.scan "$CFG
  terminals:
    - {name: counter, address: $NET.21}")
check "expected terminal missing" "$r" \
	'r["status"] == "warn" and r["code"] == "lan.no_terminal"' \
	'r["metrics"]["terminals"] == 0'
finish
