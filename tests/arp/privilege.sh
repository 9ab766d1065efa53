#!/bin/bash
# arp_privilege: without CAP_NET_RAW both checks say skip/needs_privilege -
# never "clean" - even while a conflict is on the wire; with it, the same
# program finds the conflict. Runs the driver and the real program.
. "$(dirname "$0")/lib.sh"

NET=10.81.0

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add gw 02:00:00:00:00:01 $NET.1/24
host_add ing 54:e1:40:00:00:0b $NET.10/24
ip -n "$P-us" route add default via $NET.1

# Root, but CAP_NET_RAW dropped from every set before the program starts.
noraw() {
	ip netns exec "$P-us" capsh --drop=cap_net_raw --shell="$1" -- "${@:2}"
}
# An ordinary user with no capabilities at all.
nobody() {
	ip netns exec "$P-us" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$@"
}

for c in conflict gateway; do
	r=$(noraw "$ARP_RUN" $c)
	check "$c without CAP_NET_RAW" "$r" \
		'r["status"] == "skip" and r["code"] == "arp.needs_privilege"' \
		'r["args"]["capability"] == "cap_net_raw"' \
		'r["args"]["interface"] == "eth0"'
	r=$(XDG_STATE_HOME=$TMP nobody "$ARP_RUN" $c)
	check "$c as an unprivileged user" "$r" \
		'r["status"] == "skip" and r["code"] == "arp.needs_privilege"'
done
r=$(run_check us conflict)
check "with the privilege the conflict is found" "$r" 'r["code"] == "arp.conflict"'

# The real program: it opens its socket pool and drops CAP_NET_RAW itself.
# Both checks, JSON report: {"exit", "checks": {id: [status, code, summary]}}.
program() {
	local out rc
	out=$("$@" --once --only arp --format json 2>"$TMP/stderr")
	rc=$?
	python3 -c '
import json, sys
rep = json.loads(sys.argv[2])
print(json.dumps({"exit": int(sys.argv[1]),
                  "checks": {c["id"]: [c["status"], c["code"], c["summary"]] for c in rep["checks"]}}))' "$rc" "$out"
}
r=$(program noraw "$POSDOCTOR")
check "program without CAP_NET_RAW: both checks skip, exit 0" "$r" \
	'r["exit"] == 0' \
	'all(c[:2] == ["skip", "arp.needs_privilege"] for c in r["checks"].values())' \
	'len(r["checks"]) == 2' \
	'all("cap_net_raw" in c[2] for c in r["checks"].values())'
r=$(program ip netns exec "$P-us" "$POSDOCTOR")
check "program with CAP_NET_RAW finds the conflict, exit 2" "$r" \
	'r["exit"] == 2' 'r["checks"]["arp.conflict"][:2] == ["fail", "arp.conflict"]' \
	'"54:e1:40:00:00:0b" in r["checks"]["arp.conflict"][2]'

finish
