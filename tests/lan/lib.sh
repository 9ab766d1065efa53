# lib.sh - shared helpers for the lan namespace tests (sourced, bash).
#
# The shop LAN of namespaces on one bridge comes from tests/arp/lib.sh
# (lan_init, host_add, check, finish, cleanup on every exit path); this adds
# running the real program with a lan section and reading one check back.

. "$(dirname "${BASH_SOURCE[0]}")/../arp/lib.sh"

INJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../arp" && pwd)/arp_inject.py"

# lan_program HOST CHECK-ID CONFIG-TEXT [RUNNER...]: run the program once
# inside HOST with CONFIG-TEXT as its config file (through RUNNER, such as
# capsh, when given); prints that check's JSON object with "exit" added.
lan_program() {
	local host=$1 id=$2 text=$3 cfg="$TMP/posdoctor.$RANDOM.yaml" out rc
	shift 3
	printf '%s\n' "$text" >"$cfg"
	out=$(ip netns exec "$P-$host" "$@" "${POSDOCTOR:?}" --once --only "$id" --format json \
		--config "$cfg" 2>"$TMP/stderr")
	rc=$?
	python3 - "$id" "$rc" "$out" "$TMP/stderr" <<'PY'
import json, sys
cid, rc, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    rep = json.loads(out)
    c = next(c for c in rep["checks"] if c["id"] == cid)
    c["exit"] = rc
    print(json.dumps(c))
except (ValueError, StopIteration):
    print(json.dumps({"id": cid, "status": "?", "code": "?", "exit": rc, "out": out,
                      "stderr": open(sys.argv[4]).read()}))
PY
}

# announce HOST IFACE IP MAC: gratuitous ARP for IP from MAC every 100 ms,
# in the background until the test ends ($ANNOUNCER is its process).
announce() {
	ip netns exec "$P-$1" python3 "$INJECT" "$2" "$3" "$4" --tpa "$3" --op 1 \
		--count 100000 --interval-ms 100 --ready "$TMP/ready.$3" >/dev/null 2>&1 &
	ANNOUNCER=$!
	wait_for "announcements of $3" 5 test -e "$TMP/ready.$3"
}

# listen HOST PORT: a TCP listener (the terminal's ECR port) in the background.
listen_tcp() {
	ip netns exec "$P-$1" python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(8)
open(sys.argv[2], "w").close()
while True:
    c, _ = s.accept(); c.close()' "$2" "$TMP/listen.$1.$2" >/dev/null 2>&1 &
	wait_for "listener on $1:$2" 5 test -e "$TMP/listen.$1.$2"
}
