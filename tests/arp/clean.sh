#!/bin/bash
# arp_clean: a busy LAN with no conflict - 100 consecutive runs, never a
# false conflict. The traps: this computer has a second port on the same LAN
# (its kernel answers our probes from the other port: ARP flux from our own
# MACs), a dual-homed peer, and other hosts chattering ARP meanwhile.
. "$(dirname "$0")/lib.sh"

NET=10.80.0
RUNS=${ARP_CLEAN_RUNS:-100}

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
if_add us eth1 02:00:00:00:00:1a $NET.11/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add peer 02:00:00:00:00:30 $NET.30/24
if_add peer eth1 02:00:00:00:00:31 $NET.31/24
host_add chat 54:e1:40:00:00:20 $NET.20/24
ip -n "$P-us" route add default via $NET.1 dev eth0

# Background ARP chatter: requests for us, the gateway and the peer, that
# the kernels there answer (20 ms apart each, until the test ends).
for t in $NET.10 $NET.1 $NET.30 $NET.31; do
	ip netns exec "$P-chat" python3 "$(dirname "$0")/arp_inject.py" eth0 $NET.20 \
		54:e1:40:00:00:20 --tpa "$t" --op 1 --count 1000000 --interval-ms 20 2>/dev/null &
done

# The real program, its config file naming the interface, JSON report.
out="$TMP/runs.jsonl"
for ((i = 0; i < RUNS; i++)); do
	run_program us arp.conflict interface=eth0 >>"$out"
done
summary=$(python3 - "$out" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
print(json.dumps({
    "runs": len(rs),
    "ok": sum(r["code"] == "arp.ok" and r["exit"] == 0 for r in rs),
    "codes": sorted({r["code"] for r in rs}),
    "own_ignored": min(r["metrics"].get("frames_ignored", 0) for r in rs),
    "dur_min": min(r["duration_ms"] for r in rs),
    "dur_max": max(r["duration_ms"] for r in rs),
}))
PY
)
check "$RUNS clean runs, no false conflict" "$summary" \
	"r['runs'] == $RUNS" "r['ok'] == $RUNS" 'r["codes"] == ["arp.ok"]'
# Every run met our own second port answering, and ignored it.
check "own second port's answers ignored every run" "$summary" 'r["own_ignored"] >= 1'
check "each run listened its whole window, within its budget" "$summary" \
	'r["dur_min"] >= 299' 'r["dur_max"] < 1300'

# The other port as the checked one, and the gateway check, are clean too.
r=$(run_check us conflict -i eth1)
check "second port clean" "$r" 'r["code"] == "arp.ok"' 'r["args"]["ip"] == "10.80.0.11"'
r=$(run_check us gateway)
check "gateway clean on a busy LAN" "$r" 'r["code"] == "arp.ok"' 'r["metrics"]["gateway_macs"] == 1'

# The real program running both checks at once (they share the LAN, each
# with its own socket and filter), ten times: clean, exit 0.
for ((i = 0; i < 10; i++)); do
	r=$(ONLY=arp run_program us arp.conflict interface=eth0)
	check "program, both checks at once, run $i: conflict clean" "$r" \
		'r["code"] == "arp.ok" and r["exit"] == 0'
done

# RFC 5227 timing: PROBE_WAIT (0-1 s), 3 probes 1-2 s apart, ANNOUNCE_WAIT 2 s.
r=$(run_check us conflict -m rfc)
check "RFC mode clean, RFC timing" "$r" \
	'r["code"] == "arp.ok"' 'r["metrics"]["probes_sent"] == 3' \
	'4000 <= r["duration_ms"] <= 7000 + 500'

finish
