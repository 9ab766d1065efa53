#!/bin/bash
# bench/network.sh - posdoctor's network.host measurement side by side with
# ping and mtr against one target of known behaviour: a user-space echo
# responder that holds each request 10/30/15/40/20 ms (logging what it did)
# behind a router that drops every 10th echo request (nftables counter).
# Prints time to verdict, loss, RTT and jitter against the ground truth, and
# peak RSS of a whole network module run (with libcurl and one HTTPS check).
#
# usage: bench/network.sh [BUILD_DIR]      (root; build first)
set -u
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$SOURCE_DIR/build}
export SOURCE_DIR POSDOCTOR=${POSDOCTOR:-$BUILD_DIR/posdoctor}
for tool in ping mtr /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench needs $tool"; exit 77; }
done
. "$SOURCE_DIR/tests/network/lib.sh"

TARGET=10.201.2.2
make_path
in_ns "$NS_S" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
LOG="$WORK/echo.log"
start_bg "$NS_S" python3 "$HERE/echo_responder.py" --addr "$TARGET" \
	--delays 10,30,15,40,20 --log "$LOG" --ready "$WORK/echo.ready"
wait_for 10 test -e "$WORK/echo.ready"
printf '%s\n' 'table inet pdn {' ' chain through {' '  type filter hook forward priority 0;' \
	"  ip daddr $TARGET icmp type echo-request numgen inc mod 10 0 counter drop" ' }' '}' |
	in_ns "$NS_T" nft -f - || fail "nft"
# An HTTPS peer so that the RSS run includes libcurl and TLS.
make_ca
t_addr 10.201.1.4
make_leaf web 10.201.1.4 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
tls_peer web 10.201.1.4

host_config "$WORK/host.yaml" "{name: target, address: $TARGET, port: 443, https: false}" \
	"  count: 20
  interval_ms: 100"
host_config "$WORK/all.yaml" "{name: target, address: $TARGET, port: 443, https: false}
{name: web, address: 10.201.1.4, port: 443, https: true, ca_file: $WORK/ca.crt}" \
	"  count: 20
  interval_ms: 100"

# mark: remember where the truth log and the drop counter stand.
mark() {
	MARK_LINES=$(wc -l <"$LOG")
	MARK_DROPS=$(nft_counter "$NS_T" pdn through)
}

# truth NAME: the responder's log and the drops since the mark, to files.
truth() {
	tail -n +"$((MARK_LINES + 1))" "$LOG" >"$WORK/$1.truth"
	echo $(($(nft_counter "$NS_T" pdn through) - MARK_DROPS)) >"$WORK/$1.drops"
}

# now_ms: wall time in ms.
now_ms() { date +%s%3N; }

mark
t0=$(now_ms)
ip netns exec "$NS_C" "$POSDOCTOR" --once --only network.host --format json \
	--config "$WORK/host.yaml" >"$WORK/pd.json" 2>"$WORK/pd.err"
t1=$(now_ms)
truth pd
echo $((t1 - t0)) >"$WORK/pd.ms"

mark
t0=$(now_ms)
ip netns exec "$NS_C" ping -n -c 20 -i 0.2 "$TARGET" >"$WORK/ping.out" 2>&1
t1=$(now_ms)
truth ping
echo $((t1 - t0)) >"$WORK/ping.ms"

mark
t0=$(now_ms)
ip netns exec "$NS_C" mtr --report -n -c 10 -o "LSRNABWVMJXI" "$TARGET" >"$WORK/mtr.out" 2>&1
t1=$(now_ms)
truth mtr
echo $((t1 - t0)) >"$WORK/mtr.ms"

# Peak RSS of the whole module: link, gateway, dns, host and https at once.
ip netns exec "$NS_C" /usr/bin/time -v "$POSDOCTOR" --once --only network --format json \
	--config "$WORK/all.yaml" >"$WORK/all.json" 2>"$WORK/all.time"
ip netns exec "$NS_C" /usr/bin/time -v ping -n -c 20 -i 0.2 "$TARGET" \
	>/dev/null 2>"$WORK/ping.time"
ip netns exec "$NS_C" /usr/bin/time -v mtr --report -n -c 10 "$TARGET" \
	>/dev/null 2>"$WORK/mtr.time"
# The floor set by the system's libcurl and OpenSSL: the curl tool making the
# same single HTTPS request.
if command -v curl >/dev/null; then
	ip netns exec "$NS_C" /usr/bin/time -v curl -s -o /dev/null --cacert "$WORK/ca.crt" \
		https://10.201.1.4/ 2>"$WORK/curl.time"
fi

python3 - "$WORK" <<'PY'
import json, os, re, sys
w = sys.argv[1]

def read(name):
    return open(os.path.join(w, name)).read()

def truth(name):
    rows = sorted((int(a), float(b)) for a, b in (l.split() for l in read(name + ".truth").splitlines()))
    held = [d for _, d in rows]
    jit = sum(abs(held[i] - held[i - 1]) for i in range(1, len(held))) / max(1, len(held) - 1)
    return {"drops": int(read(name + ".drops")), "replies": len(held),
            "avg": sum(held) / max(1, len(held)), "jitter": jit}

def rss(name):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", read(name + ".time"))
    return int(m.group(1)) / 1024.0 if m else float("nan")

rows = []
rep = json.loads(read("pd.json"))
c = [x for x in rep["checks"] if x["id"] == "network.host:target"][0]
m = c["metrics"]
t = truth("pd")
rows.append(("posdoctor", int(read("pd.ms")), c.get("duration_ms", 0), m["probes_sent"],
             m["probes_received"], m["loss_pct"], t, m["rtt_avg_ms"], m["jitter_ms"],
             "Javg; RFC3550 J %.1f" % m["jitter_rfc3550_ms"], rss("all")))

out = read("ping.out")
t = truth("ping")
sent, recv = map(int, re.search(r"(\d+) packets transmitted, (\d+) received", out).groups())
avg = float(re.search(r"= [\d.]+/([\d.]+)/", out).group(1))
times = [float(x) for x in re.findall(r"time=([\d.]+) ms", out)]
pj = sum(abs(times[i] - times[i - 1]) for i in range(1, len(times))) / max(1, len(times) - 1)
rows.append(("ping -c 20 -i 0.2", int(read("ping.ms")), None, sent, recv,
             100.0 * (sent - recv) / sent, t, avg, pj, "none; computed from its replies",
             rss("ping")))

out = read("mtr.out")
t = truth("mtr")
last = [l for l in out.splitlines() if re.match(r"\s*\d+\.\|--", l)][-1].split()
# Loss% Snt Rcv Last Avg Best Wrst StDev Javg Jttr Jmax Jint
loss, snt, rcv = float(last[2].rstrip("%")), int(last[3]), int(last[4])
mavg, javg, jint = float(last[6]), float(last[10]), float(last[13])
rows.append(("mtr --report -c 10", int(read("mtr.ms")), None, snt, rcv, loss, t, mavg, javg,
             "Javg; Jint %.1f" % jint, rss("mtr")))

print()
print("Target: echo responder holding 10/30/15/40/20 ms, every 10th request dropped.")
print("Truth is each run's own slice of the responder log and the nftables counter.")
print()
fmt = "%-20s %9s %9s %6s %12s %16s %16s  %s"
print(fmt % ("tool", "wall s", "check s", "sent", "recv", "loss % (truth)", "rtt avg (truth)",
             "jitter ms (truth), kind"))
for name, ms, dur, sent, recv, loss, t, avg, jit, kind, _ in rows:
    tl = 100.0 * t["drops"] / sent if sent else 0
    print(fmt % (name, "%.2f" % (ms / 1000.0), "%.2f" % (dur / 1000.0) if dur else "-", sent,
                 "%d (%d)" % (recv, t["replies"]), "%.1f (%.1f)" % (loss, tl),
                 "%.2f (%.2f)" % (avg, t["avg"]), "%.2f (%.2f) %s" % (jit, t["jitter"], kind)))
print()
print("Peak RSS (MB): posdoctor whole network module incl. libcurl+TLS %.1f; ping %.1f; mtr %.1f"
      % (rows[0][10], rows[1][10], rows[2][10]))
if os.path.exists(os.path.join(w, "curl.time")):
    print("               curl tool, one HTTPS request to the same peer (libcurl+OpenSSL floor): %.1f"
          % rss("curl"))
pd = rows[0]
print()
print("Goals: verdict < ping (%.2f s): %s; < half of mtr (%.2f s): %s; loss exact: %s;"
      % (rows[1][1] / 1000.0, pd[1] < rows[1][1], rows[2][1] / 2000.0, pd[1] < rows[2][1] / 2,
         pd[3] - pd[4] == pd[6]["drops"]))
print("       RTT within 1 ms: %s (%.2f ms); jitter within 10%% or 0.5 ms: %s (%.2f ms); RSS <= 12 MB: %s"
      % (abs(pd[7] - pd[6]["avg"]) < 1, pd[7] - pd[6]["avg"],
         abs(pd[8] - pd[6]["jitter"]) <= max(0.1 * pd[6]["jitter"], 0.5), pd[8] - pd[6]["jitter"],
         pd[10] <= 12))
PY
