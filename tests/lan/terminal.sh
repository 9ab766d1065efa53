#!/bin/bash
# lan_terminal: configured terminals one by one, each through the real
# program: present with its ECR port open, refused, silent (dropped by a
# firewall in the terminal's namespace); found by its MAC only; swapped
# (another MAC); at a new address; in another subnet (it only announces
# itself); switched off; dropping off the network in the middle of the run;
# two devices on its address.
. "$(dirname "$0")/lib.sh"

NET=10.84.0

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add pax 00:17:6f:00:00:21 $NET.21/24
host_add ing 54:e1:40:00:00:22 $NET.22/24
host_add far f4:02:23:00:00:33 172.16.5.33/24
ip -n "$P-us" route add default via $NET.1
listen_tcp pax 8800
# A firewall in the Ingenico terminal drops port 8802 without a word.
ip netns exec "$P-ing" nft -f - <<'NFT' || exit 1
table inet t {
	chain in {
		type filter hook input priority 0;
		tcp dport 8802 drop
	}
}
NFT

# term NAME FIELDS: the result of lan.terminal:NAME with that one terminal.
term() {
	lan_program us "lan.terminal:$1" "lan:
  interface: eth0
  listen_ms: 300
  terminals:
    - {name: $1, $2}"
}

r=$(term counter "address: $NET.21, mac: \"00:17:6f:00:00:21\", port: 8800")
check "present, ECR port open" "$r" \
	'r["status"] == "ok" and r["code"] == "lan.terminal_ok"' \
	'r["metrics"]["arp_sent"] == 10 and r["metrics"]["arp_received"] == 10' \
	'r["metrics"]["loss_pct"] == 0 and 0 < r["metrics"]["rtt_avg_ms"] < 50' \
	'r["metrics"]["ecr"] == "open" and r["metrics"]["mac"] == "00:17:6f:00:00:21"' \
	'"00:17:6f:00:00:21 (PAX)" in r["summary"]' \
	'len(r["samples"]) == 10'

r=$(term back "address: $NET.22, port: 8801")
check "ECR port refused" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.ecr_refused"' \
	'r["metrics"]["ecr"] == "refused" and "8801" in r["summary"]'

r=$(term back "address: $NET.22, port: 8802")
check "ECR port silent" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.ecr_silent"' \
	'r["metrics"]["ecr"] == "silent" and "8802" in r["summary"]'

r=$(term bymac "mac: \"54:e1:40:00:00:22\"")
check "found by its MAC alone" "$r" \
	'r["status"] == "ok" and r["code"] == "lan.terminal_ok"' \
	'r["metrics"]["terminal_ip"] == "10.84.0.22"'

r=$(term swapped "address: $NET.21, mac: \"00:17:6f:00:00:99\"")
check "another MAC on its address" "$r" \
	'r["status"] == "warn" and r["code"] == "lan.terminal_mac_changed"' \
	'"00:17:6f:00:00:21" in r["summary"] and "00:17:6f:00:00:99" in r["summary"]'

r=$(term moved "address: $NET.98, mac: \"54:e1:40:00:00:22\"")
check "at a new address" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.terminal_moved"' \
	'"10.84.0.22" in r["summary"] and "10.84.0.98" in r["summary"]'

r=$(term off "address: $NET.97")
check "switched off" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.terminal_missing"' \
	'r["metrics"]["loss_pct"] == 100 and r["exit"] == 2'

# Set to another subnet: it only announces itself.
announce far eth0 172.16.5.33 f4:02:23:00:00:33
r=$(term far "address: 172.16.5.33")
check "configured address in another subnet" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.terminal_wrong_subnet"' \
	'"172.16.5.33" in r["summary"] and "10.84.0.0/24" in r["summary"]'
r=$(term farmac "mac: \"f4:02:23:00:00:33\"")
check "heard by its MAC in another subnet" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.terminal_wrong_subnet"' \
	'"172.16.5.33" in r["summary"]'

# Two devices on the terminal's address.
host_add dup 02:00:00:00:00:77 $NET.21/24
r=$(term counter "address: $NET.21, mac: \"00:17:6f:00:00:21\"")
check "two devices on its address" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.address_clash"' \
	'"00:17:6f:00:00:21 (PAX)" in r["summary"] and "02:00:00:00:00:77" in r["summary"]'
ip -n "$P-dup" link set eth0 down

# Dropping off the network half-way through the ten requests: the terminal
# unplugs itself once it has heard four of them (whatever the load).
ip netns exec "$P-pax" python3 -c '
import socket, subprocess, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind(("eth0", 0)); open(sys.argv[1], "w").close(); n = 0
while n < 4:
    f = s.recv(64)
    if f[20:22] == b"\x00\x01" and f[38:42] == socket.inet_aton(sys.argv[2]):
        n += 1
subprocess.run(["ip", "link", "set", "eth0", "down"])' "$TMP/unplug.ready" $NET.21 &
drop=$!
wait_for "the unplugging terminal" 5 test -e "$TMP/unplug.ready"
r=$(term counter "address: $NET.21, mac: \"00:17:6f:00:00:21\"")
kill "$drop" 2>/dev/null
wait "$drop" 2>/dev/null
check "drops off mid-run" "$r" \
	'r["status"] == "fail" and r["code"] == "lan.terminal_loss"' \
	'30 <= r["metrics"]["loss_pct"] <= 70' \
	'"counter" in r["summary"]'
finish
