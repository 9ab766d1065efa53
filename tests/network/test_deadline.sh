# network_deadline: running out of time is never packet loss, and raw ICMP
# sockets all lent to other checks never read as missing privilege.
# Runs network.host's run() directly (net_probe_run) with a short deadline.
. "$SOURCE_DIR/tests/network/lib.sh"

RUN="$BUILD_DIR/tests/network/net_probe_run"
[ -x "$RUN" ] || skip "no net_probe_run at $RUN"
make_path
t_addr 10.201.1.1

# check_run OUT EXPR...: assertions over net_probe_run's JSON (r = result).
check_run() {
	local out=$1
	shift
	python3 - "$out" "$@" <<'PY' || fail "assertion failed on $out"
import json, sys
r = json.load(open(sys.argv[1]))
m = r["metrics"]
ok = True
for expr in sys.argv[2:]:
    v = eval(expr)
    print("%s: %s" % ("ok  " if v else "FAIL", expr))
    ok = ok and bool(v)
if not ok:
    print(json.dumps(r, indent=1))
sys.exit(0 if ok else 1)
PY
}

note "silent host, deadline inside the probes' grace: timeout, nothing counted lost"
in_ns "$NS_C" "$RUN" host host=acq,10.201.9.1,443 probe=icmp count=10 interval_ms=100 \
	timeout_ms=2000 budget_ms=1500 >"$WORK/silent.json" || fail "net_probe_run"
check_run "$WORK/silent.json" \
	'r["code"] == "check.timeout"' 'r["status"] == "fail"' \
	'm["probes_sent"] == 0' 'm["loss_pct"] == 0' \
	'r["duration_ms"] <= 1500 + 250' \
	'"not counted" in r["detail"]'

note "live host, deadline before the last probe: timeout, no loss"
in_ns "$NS_C" "$RUN" host host=acq,10.201.1.1,443 probe=icmp count=40 interval_ms=50 \
	timeout_ms=1000 budget_ms=800 >"$WORK/live.json" || fail "net_probe_run"
check_run "$WORK/live.json" \
	'r["code"] == "check.timeout"' \
	'm["probes_sent"] >= 5' 'm["probes_received"] == m["probes_sent"]' \
	'm["loss_pct"] == 0'

note "gateway silent, deadline before the ARP wait ends: timeout, not unreachable"
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=1 "net.ipv4.conf.pdnt$ID.arp_ignore=8"
in_ns "$NS_C" "$RUN" gateway timeout_ms=500 budget_ms=2000 >"$WORK/gw.json" ||
	fail "net_probe_run"
in_ns "$NS_T" sysctl -qw net.ipv4.icmp_echo_ignore_all=0 "net.ipv4.conf.pdnt$ID.arp_ignore=0"
check_run "$WORK/gw.json" \
	'r["code"] == "check.timeout"' 'r["status"] == "fail"' \
	'r["duration_ms"] <= 2000 + 250'

note "every raw ICMP socket lent out: TCP timing, never needs_privilege"
[ "$(in_ns "$NS_C" sysctl -n net.ipv4.ping_group_range | tr -s '\t ' ' ')" = "1 0" ] ||
	skip "unprivileged ICMP sockets are allowed in a new namespace here"
start_bg "$NS_T" python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.201.1.1", 443)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()'
wait_for 10 in_ns "$NS_C" python3 -c 'import socket; socket.create_connection(("10.201.1.1", 443), 1).close()'
in_ns "$NS_C" "$RUN" host host=acq,10.201.1.1,443 probe=icmp count=5 interval_ms=50 \
	hog_raw=1 >"$WORK/busy.json" || fail "net_probe_run"
check_run "$WORK/busy.json" \
	'r["code"] == "net.ok"' 'm["probe_method"] == "tcp"' \
	'm["icmp_unavailable"] == "raw sockets busy"' \
	'1400 <= r["duration_ms"] < 5000'
echo "PASS"
