#!/bin/bash
# lan_ecr: serial.ecr:<name>, the ECR exchange with a terminal of
# lan.terminals that has a port, through the real program on a namespace
# LAN: a ZVT terminal known only by its MAC (lan.terminal finds its address,
# serial.ecr speaks ZVT to it there); a terminal whose port refuses (said
# once, by lan.terminal; serial.ecr is blocked behind it); a terminal that
# takes the connection but never answers the protocol.
. "$(dirname "$0")/lib.sh"

NET=10.85.0
ECRSIM="$(cd "$(dirname "$0")/../serial" && pwd)/ecrsim.py"

lan_init
host_add us 02:00:00:00:00:0a $NET.10/24
host_add pax 00:17:6f:00:00:21 $NET.21/24
host_add ing 54:e1:40:00:00:22 $NET.22/24

# ecr HOST PORT ARGS...: ecrsim.py on a TCP port of HOST, in the background.
ecr() {
	local host=$1 port=$2
	shift 2
	ip netns exec "$P-$host" python3 "$ECRSIM" --tcp "0.0.0.0:$port" \
		--ready "$TMP/ecr.$host.$port" --log "$TMP/ecr.$host.$port.log" "$@" \
		>/dev/null 2>&1 &
	wait_for "terminal simulator on $host:$port" 5 test -s "$TMP/ecr.$host.$port"
}
ecr pax 20007 --proto zvt
ecr ing 20007 --proto concert --mode silent

# run NAME FIELDS PROTOCOL: the JSON of lan.terminal:NAME and
# serial.ecr:NAME from one run, as {"lan": ..., "ecr": ...}.
run() {
	local cfg="$TMP/ecr.$RANDOM.yaml"
	printf 'serial:\n  protocol: %s\n  timeout_ms: 300\n  retries: 0\nlan:\n  interface: eth0\n  listen_ms: 300\n  terminals:\n    - {name: %s, %s}\n' \
		"$3" "$1" "$2" >"$cfg"
	ip netns exec "$P-us" "${POSDOCTOR:?}" --once --only lan.terminal,serial.ecr \
		--format json --config "$cfg" 2>"$TMP/stderr" |
		python3 -c '
import json, sys
name = sys.argv[1]
try:
    rep = json.load(sys.stdin)
    c = {x["id"]: x for x in rep["checks"]}
    print(json.dumps({"lan": c.get("lan.terminal:" + name, {}), "ecr": c.get("serial.ecr:" + name, {})}))
except ValueError:
    print(json.dumps({"lan": {}, "ecr": {}, "stderr": open(sys.argv[2]).read()}))' "$1" "$TMP/stderr"
}

r=$(run counter 'mac: "00:17:6f:00:00:21", port: 20007' zvt)
check "ZVT terminal known by its MAC: found, then spoken to" "$r" \
	'r["lan"]["code"] == "lan.terminal_ok"' \
	'r["ecr"]["status"] == "ok" and r["ecr"]["code"] == "serial.tcp_ok"' \
	'r["ecr"]["metrics"]["protocol"] == "zvt"' \
	'"10.85.0.21:20007" in r["ecr"]["summary"]'
grep -q 'apdu 05 01' "$TMP/ecr.pax.20007.log" || { echo "FAIL: no status enquiry arrived"; FAILS=$((FAILS + 1)); }
if awk '$2 == "apdu" && !(($3 == "05" && $4 == "01") || ($3 == "80" && $4 == "00"))' \
	"$TMP/ecr.pax.20007.log" | grep -q .; then
	echo "FAIL: the terminal received something that could start a transaction"
	FAILS=$((FAILS + 1))
fi

r=$(run back "address: $NET.22, port: 20008" zvt)
check "ECR port refused: said once, by lan.terminal" "$r" \
	'r["lan"]["code"] == "lan.ecr_refused"' \
	'r["ecr"]["status"] == "skip" and r["ecr"]["code"] == "dep.blocked"'

r=$(run back "address: $NET.22, port: 20007" enq-ack)
check "connection taken, protocol never answered" "$r" \
	'r["lan"]["code"] == "lan.terminal_ok"' \
	'r["ecr"]["status"] == "fail" and r["ecr"]["code"] == "serial.tcp_silent"'

finish
