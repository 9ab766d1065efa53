# network_jitter: a user-space echo responder holds each request a known time
# (10, 30, 15, 40, 20 ms, cycling) and logs what it did; posdoctor's RTTs
# and jitter must match that ground truth.
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
in_ns "$NS_S" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
LOG="$WORK/echo.log"
start_bg "$NS_S" python3 "$HERE/echo_responder.py" --addr 10.201.2.2 \
	--delays 10,30,15,40,20 --log "$LOG" --ready "$WORK/echo.ready"
wait_for 10 test -e "$WORK/echo.ready"

# run_and_compare NAME EXTRA ASSERTIONS...: one run, then compare with the
# responder's log lines written during it.
run_and_compare() {
	local name=$1 extra=$2 out="$WORK/$1.json" before
	shift 2
	host_config "$WORK/$name.yaml" "{name: slow, address: 10.201.2.2}" \
		"  count: 20
  interval_ms: 100
$extra"
	before=$(wc -l <"$LOG")
	run_pd "$NS_C" "$WORK/$name.yaml" "$out" network.host
	tail -n +"$((before + 1))" "$LOG" >"$WORK/$name.truth"
	python3 - "$out" "$WORK/$name.truth" <<'PY' || fail "$name: measurements differ from the truth"
import json, sys
rep = json.load(open(sys.argv[1]))
c = [x for x in rep["checks"] if x["id"] == "network.host:slow"][0]
m = c["metrics"]
truth = sorted((int(a), float(b)) for a, b in (l.split() for l in open(sys.argv[2])))
held = [d for _, d in truth]
avg = sum(held) / len(held)
jit = sum(abs(held[i] - held[i - 1]) for i in range(1, len(held))) / (len(held) - 1)
print("truth: n %d avg %.3f min %.3f max %.3f jitter %.3f" % (len(held), avg, min(held), max(held), jit))
print("posdoctor: n %d avg %.3f min %.3f max %.3f jitter %.3f (rfc3550 %.3f)" % (
    m["probes_received"], m["rtt_avg_ms"], m["rtt_min_ms"], m["rtt_max_ms"], m["jitter_ms"],
    m["jitter_rfc3550_ms"]))
ok = len(held) == 20 and m["probes_received"] == 20
# The RTT adds the wire both ways and scheduling to the hold time: it is
# never below the truth, and within 2 ms of it (the bench shows the figure).
ok = ok and -0.2 < m["rtt_avg_ms"] - avg < 2.0
# One reply delayed by a busy machine moves the extremes more than the mean.
ok = ok and -0.2 < m["rtt_min_ms"] - min(held) < 5.0
ok = ok and -0.2 < m["rtt_max_ms"] - max(held) < 5.0
ok = ok and abs(m["jitter_ms"] - jit) <= max(0.1 * jit, 0.5)
s = c.get("samples", [])
if s:   # the report's sparkline samples, when it carries them
    ok = ok and len(s) == 20 and all(abs(a - b) < 5.0 for a, b in zip(s, held))
if not ok:
    print("samples vs truth:", list(zip(s, held)))
sys.exit(0 if ok else 1)
PY
	[ $# -eq 0 ] || check_json "$out" "$@"
}

run_and_compare plain "" \
	'c("network.host:slow")["code"] == "net.ok"' \
	'm("network.host:slow")["probe_method"] == "icmp-raw"'
run_and_compare jittery "  thresholds: {jitter_warn_ms: 10}" \
	'c("network.host:slow")["code"] == "net.jitter_high"' \
	'c("network.host:slow")["status"] == "warn"'
run_and_compare laggy "  thresholds: {rtt_warn_ms: 15, rtt_fail_ms: 20}" \
	'c("network.host:slow")["code"] == "net.latency_high"' \
	'c("network.host:slow")["status"] == "fail"'
in_ns "$NS_C" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
run_and_compare unpriv "" \
	'm("network.host:slow")["probe_method"] == "icmp"'
echo "PASS"
