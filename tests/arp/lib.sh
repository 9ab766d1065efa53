# lib.sh - shared helpers for the arp namespace tests (sourced, bash).
#
# Builds a shop LAN out of network namespaces on one bridge: every name
# starts with pda<pid> and everything is deleted on every exit path. Checks
# run inside a namespace through the arp_run driver (the module's real run()
# and real AF_PACKET sockets; see arp_run.c), or the real program.

set -u

if [ "$(id -u)" != 0 ]; then
	echo "skipped: network namespaces need root"
	exit 77
fi
if ! ip netns add "pda$$probe" 2>/dev/null; then
	echo "skipped: cannot create network namespaces here"
	exit 77
fi
ip netns del "pda$$probe"

P="pda$$"
ARP_RUN="${BUILD_DIR:?}/tests/arp/arp_run"
export POSDOCTOR_DATADIR="${POSDOCTOR_DATADIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../assets" && pwd)}"
TMP=$(mktemp -d "/tmp/${P}.XXXXXX")
NETNS=()
FAILS=0
# The remembered gateway MAC goes to the test's own folder, never ~/.local.
export XDG_STATE_HOME="$TMP/state"

# Delete every namespace this test made, and its temp folder.
arp_cleanup() {
	local n
	for n in "${NETNS[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap arp_cleanup EXIT
trap 'exit 130' INT TERM

# Make namespace NAME (full name $P-NAME) with loopback up.
ns_add() {
	ip netns add "$P-$1" || exit 1
	NETNS+=("$P-$1")
	ip -n "$P-$1" link set lo up
}

# The LAN: a namespace holding bridge br0.
lan_init() {
	ns_add br
	ip -n "$P-br" link add br0 type bridge stp_state 0 forward_delay 0
	ip -n "$P-br" link set br0 up
}

# host_add NAME MAC [ADDR/PREFIX...]: a namespace with eth0 on the bridge.
host_add() {
	local name=$1 mac=$2
	shift 2
	ns_add "$name"
	if_add "$name" eth0 "$mac" "$@"
}

# if_add NAME IFNAME MAC [ADDR/PREFIX...]: one more port of host NAME on the bridge.
if_add() {
	local name=$1 ifname=$2 mac=$3 a
	shift 3
	ip link add "v$name$ifname" netns "$P-br" type veth peer name "$ifname" netns "$P-$name" || exit 1
	ip -n "$P-br" link set "v$name$ifname" master br0 up
	ip -n "$P-$name" link set "$ifname" address "$mac" up
	for a in "$@"; do
		ip -n "$P-$name" addr add "$a" dev "$ifname"
	done
	wait_for "$name $ifname link up" 5 link_up "$name" "$ifname"
}

# Whether IFNAME in host NAME has its carrier.
link_up() {
	ip -n "$P-$1" link show "$2" 2>/dev/null | grep -q LOWER_UP
}

# wait_for WHAT SECONDS CMD...: poll CMD until it succeeds, or fail.
wait_for() {
	local what=$1 secs=$2 i
	shift 2
	for ((i = 0; i < secs * 20; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	echo "FAIL: timed out waiting for $what"
	exit 1
}

# run_check HOST CHECK [arp_run options...]: the result JSON on stdout.
# A driver that crashes or that the sanitizers fault fails the test.
run_check() {
	local host=$1 rc
	shift
	ip netns exec "$P-$host" "$ARP_RUN" "$@"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: arp_run $* exited with $rc" >&2
		touch "$TMP/driver_failed"
	fi
}

# run_program HOST CHECK-ID [KEY=VALUE...]: run the real program once, inside
# HOST, with a config file holding the arp keys given (interface=eth0
# wait_ms=200 mode=rfc ...); $ONLY overrides --only (both checks at once).
# Prints {"id", "status", "code", "exit", and when
# the JSON report is available "summary", "metrics"} for that check.
run_program() {
	local host=$1 id=$2 cfg="$TMP/posdoctor.$RANDOM.yaml" kv out rc
	shift 2
	echo "arp:" >"$cfg"
	for kv in "$@"; do
		echo "  ${kv%%=*}: ${kv#*=}" >>"$cfg"
	done
	out=$(ip netns exec "$P-$host" "${POSDOCTOR:?}" --once --only "${ONLY:-$id}" --format json \
		--config "$cfg" 2>"$TMP/stderr")
	rc=$?
	python3 - "$id" "$rc" "$out" <<'PY'
import json, sys
cid, rc, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    rep = json.loads(out)
    c = next(c for c in rep["checks"] if c["id"] == cid)
    c["exit"] = rc
    print(json.dumps(c))
except ValueError:
    # The interim report: one "id status code" line per check.
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[0] == cid:
            print(json.dumps({"id": f[0], "status": f[1], "code": f[2], "exit": rc}))
            break
    else:
        print(json.dumps({"id": cid, "status": "?", "code": "?", "exit": rc, "out": out}))
PY
}

# check NAME JSON PYTHON-EXPR...: every expression (r = the result) must hold.
check() {
	local name=$1 json=$2
	shift 2
	if python3 - "$json" "$@" <<'EOF'
import json, sys
r = json.loads(sys.argv[1])
# Every summary the driver or the program gives is fully expanded.
exprs = sys.argv[2:] + ['not isinstance(r, dict) or '
                        'all("{" not in r.get(k, "") for k in ("summary", "summary_en", "summary_zh"))']
bad = [e for e in exprs if not eval(e, {"r": r})]
for e in bad:
    print("  not true:", e)
sys.exit(1 if bad else 0)
EOF
	then
		echo "ok: $name"
	else
		echo "FAIL: $name"
		echo "  result: $json"
		FAILS=$((FAILS + 1))
	fi
}

# Exit with the verdict of every check().
finish() {
	if [ -e "$TMP/driver_failed" ]; then
		echo "FAIL: the driver exited with an error (see above)"
		FAILS=$((FAILS + 1))
	fi
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed"
		exit 1
	fi
	echo "all passed"
	exit 0
}
