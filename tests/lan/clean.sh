#!/bin/bash
# lan_clean: 20 runs of lan.scan and a terminal check on a busy but healthy
# LAN - two terminals, a router, a host whose own traffic fills the
# neighbour tables (pings across the LAN all along) - with never a false
# clash, wrong subnet or loss.
. "$(dirname "$0")/lib.sh"

NET=10.86.0
RUNS=${LAN_CLEAN_RUNS:-20}

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add pax 00:17:6f:00:00:21 $NET.21/24
host_add ing 54:e1:40:00:00:22 $NET.22/24
host_add pc 02:00:00:00:00:30 $NET.30/24
ip -n "$P-us" route add default via $NET.1
# Background chatter: the PC pings everyone, refreshing ARP entries.
ip netns exec "$P-pc" bash -c "while :; do for h in 1 10 21 22; do
	ping -c1 -W1 $NET.\$h >/dev/null 2>&1; done; sleep 0.2; done" &

CFG="lan:
  interface: eth0
  listen_ms: 300
  terminals:
    - {name: counter, address: $NET.21, mac: \"00:17:6f:00:00:21\"}"
bad=0
for ((i = 1; i <= RUNS; i++)); do
	r=$(lan_program us lan.scan "$CFG")
	if ! python3 -c '
import json, sys
r = json.loads(sys.argv[1])
sys.exit(0 if r["code"] == "lan.ok" and r["metrics"]["devices"] == 4
         and r["metrics"]["terminals"] == 2 else 1)' "$r"; then
		echo "run $i: $r" | cut -c1-600
		bad=$((bad + 1))
	fi
	r=$(lan_program us lan.terminal:counter "$CFG")
	if ! python3 -c '
import json, sys
r = json.loads(sys.argv[1])
sys.exit(0 if r["code"] == "lan.terminal_ok" and r["metrics"]["loss_pct"] == 0 else 1)' "$r"; then
		echo "run $i: $r" | cut -c1-600
		bad=$((bad + 1))
	fi
done
check "$RUNS clean runs, no false finding" "{\"bad\": $bad}" 'r["bad"] == 0'
finish
