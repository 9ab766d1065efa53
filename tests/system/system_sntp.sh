# system_sntp: system.clock against a real SNTP server of the test's own in
# a network namespace, its clock set a known offset ahead or behind; the
# measured offset must be within 5 ms of it. Then one cause on screen: an
# HTTPS server whose Date: is 300 s ahead and a time server 300 s ahead
# make network.https point to system.clock instead of a second fix.
. "$SOURCE_DIR/tests/network/lib.sh"

SNTP="$SOURCE_DIR/tests/system/sntp_server.py"

make_path
t_addr 10.201.1.8
t_addr 10.201.1.9

# sntp_peer NAME PORT ARGS...: an SNTP server on 10.201.1.9:PORT in the router.
sntp_peer() {
	local name=$1 port=$2
	shift 2
	start_bg "$NS_T" python3 "$SNTP" --addr 10.201.1.9 --port "$port" \
		--ready "$WORK/$name.ready" "$@"
	wait_for 10 test -e "$WORK/$name.ready"
}

# clock_case NAME SERVER: system.clock with system.ntp_server SERVER.
clock_case() {
	printf 'system:\n  ntp_server: "%s"\n' "$2" >"$WORK/$1.yaml"
	run_pd "$NS_C" "$WORK/$1.yaml" "$WORK/$1.json" system.clock
}

sntp_peer ahead 123 --offset 2.5
sntp_peer behind 1123 --offset -0.75
sntp_peer far 2123 --offset 300
sntp_peer kiss 3123 --kiss
sntp_peer silent 4123 --silent

# The server 2.5 s ahead: this PC is 2500 ms behind it.
clock_case ahead 10.201.1.9
check_json "$WORK/ahead.json" \
	'c("system.clock")["code"] == "system.clock_offset"' \
	'c("system.clock")["status"] == "warn"' \
	'abs(m("system.clock")["clock_offset_ms"] - (-2500)) <= 5' \
	'0 <= m("system.clock")["ntp_delay_ms"] < 50' \
	'm("system.clock")["ntp_stratum"] == 2'
clock_case behind 10.201.1.9:1123
check_json "$WORK/behind.json" \
	'c("system.clock")["code"] != "system.clock_offset"' \
	'abs(m("system.clock")["clock_offset_ms"] - 750) <= 5'
clock_case far 10.201.1.9:2123
check_json "$WORK/far.json" \
	'c("system.clock")["code"] == "system.clock_offset"' \
	'c("system.clock")["status"] == "fail"' \
	'abs(m("system.clock")["clock_offset_ms"] - (-300000)) <= 5' \
	'"300.0" in c("system.clock")["summary"]'
clock_case kiss 10.201.1.9:3123
check_json "$WORK/kiss.json" \
	'"clock_offset_ms" not in m("system.clock")' \
	'any("refused (RATE)" in d for d in c("system.clock")["detail"])'
# No answer: the check ends within its budget, naming the server.
start=$(date +%s%N)
clock_case silent 10.201.1.9:4123
took=$(( ($(date +%s%N) - start) / 1000000 ))
check_json "$WORK/silent.json" \
	'"clock_offset_ms" not in m("system.clock")' \
	'any("no answer" in d for d in c("system.clock")["detail"])'
[ "$took" -lt 5000 ] || fail "silent server: took $took ms"
# A closed port: the ICMP refusal is the answer, at once.
clock_case closed 10.201.1.9:5123
check_json "$WORK/closed.json" \
	'"clock_offset_ms" not in m("system.clock")' \
	'any("refused" in d for d in c("system.clock")["detail"])'

# One cause: HTTPS Date: 300 s ahead, time server 300 s ahead.
make_ca
make_leaf skew 10.201.1.8 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
tls_peer skew 10.201.1.8 --date-offset 300
host_config "$WORK/both.yaml" "{name: skew, address: 10.201.1.8, https: true, ca_file: $WORK/ca.crt}" \
"system:
  ntp_server: 10.201.1.9:2123"
run_pd "$NS_C" "$WORK/both.yaml" "$WORK/both.json" network.https,system.clock
check_json "$WORK/both.json" \
	'c("system.clock")["code"] == "system.clock_offset"' \
	'c("network.https:skew")["code"] == "dep.blocked"' \
	'c("network.https:skew")["status"] == "skip"' \
	'"system.clock" in c("network.https:skew")["summary"] or "Clock" in c("network.https:skew")["summary"]' \
	'm("network.https:skew")["own_code"] == "net.clock_skew"' \
	'-302 < m("network.https:skew")["clock_skew_s"] < -298' \
	'sum(1 for i in checks if "fix" in c(i) and c(i)["status"] in ("warn", "fail")) == 1'
# Without system.clock in the run the HTTPS check keeps its own verdict.
run_pd "$NS_C" "$WORK/both.yaml" "$WORK/https_only.json" network.https
check_json "$WORK/https_only.json" \
	'c("network.https:skew")["code"] == "net.clock_skew"'
echo "system_sntp: ok"
