# lib.sh - network test harness: namespaces joined by veth, peers started in
# them, everything removed on every exit path. Sourced by the test scripts.
#
# Names: every namespace, interface and file carries "pdn" and this shell's
# pid, so parallel runs never collide and cleanup removes only our own.
# Addresses are used only inside the namespaces made here.

set -u
ID=$$
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "/tmp/pdn$ID.XXXXXX")
chmod 755 "$WORK"     # configs are read by posdoctor run as nobody too
PIDS=()
# Commands pdn_cleanup runs first (a test's own tmux server, say).
CLEANUP=()

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
note() { echo "# $*"; }

[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
for tool in ip nft python3 openssl; do
	command -v "$tool" >/dev/null || skip "needs $tool"
done
: "${POSDOCTOR:?POSDOCTOR is not set}"
[ -x "$POSDOCTOR" ] || skip "no posdoctor binary at $POSDOCTOR"

# Remove everything this test made (runs on every exit).
pdn_cleanup() {
	local rc=$?
	for c in "${CLEANUP[@]}"; do
		eval "$c" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	# By name, not from a list: ns_add runs in $(...) subshells.
	for ns in $(ip netns list | awk '{print $1}' | grep -E "^pdn[A-Za-z]+$ID\$"); do
		ip netns del "$ns" 2>/dev/null
	done
	for ns in /etc/netns/pdn*"$ID"; do
		case "$ns" in
		*[!0-9]"$ID") rm -rf "$ns" ;;
		esac
	done
	rm -rf "$WORK"
	exit $rc
}
trap pdn_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ns_add SUFFIX: make namespace pdn<SUFFIX><pid> with lo up; prints its name.
ns_add() {
	local ns="pdn$1$ID"
	ip netns add "$ns" || fail "ip netns add $ns"
	ip -n "$ns" link set lo up
	echo "$ns"
}

# link_ns NS_A IF_A NS_B IF_B: a veth pair between two namespaces, both up.
link_ns() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
		fail "veth $2/$4"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# in_ns NS CMD...: run a command inside a namespace.
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# start_bg NS CMD...: start a background peer in NS; remembered for cleanup.
start_bg() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@" >>"$WORK/peers.log" 2>&1 &
	PIDS+=($!)
}

# wait_for SECONDS CMD...: poll until CMD succeeds, fail after SECONDS.
wait_for() {
	local limit=$1 i=0
	shift
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $((limit * 20)) ] || { cat "$WORK/peers.log" 2>/dev/null; fail "timed out waiting for: $*"; }
		sleep 0.05
	done
}

# resolv_conf NS LINES...: the resolv.conf that 'ip netns exec NS' mounts.
resolv_conf() {
	local ns=$1
	shift
	mkdir -p "/etc/netns/$ns"
	printf '%s\n' "$@" >"/etc/netns/$ns/resolv.conf"
}

# run_pd NS CONFIG OUT [ONLY]: posdoctor --once --only ONLY (default
# network) in NS, JSON report to OUT. Sets PD_RC to posdoctor's exit status.
# With PD_AS_NOBODY=1 it runs as user nobody (no CAP_NET_RAW).
run_pd() {
	local ns=$1 cfg=$2 out=$3 only=${4:-network}
	PD_RC=0
	env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u ALL_PROXY \
		-u no_proxy -u NO_PROXY LANG=C.UTF-8 \
		ip netns exec "$ns" ${PD_AS_NOBODY:+setpriv --reuid 65534 --regid 65534 --clear-groups} \
		"$POSDOCTOR" --once --only "$only" --format json \
		--config "$cfg" >"$out" 2>"$out.err" || PD_RC=$?
	[ -s "$out" ] || { cat "$out.err"; fail "no report from posdoctor (exit $PD_RC)"; }
}

# check_json OUT PYTHON-EXPR...: assert expressions over the report. In each
# expression, c("network.host:x") is that check's object, m(id) its metrics.
check_json() {
	local out=$1
	shift
	python3 - "$out" "$@" <<'PY' || fail "assertion failed on $out"
import json, sys
rep = json.load(open(sys.argv[1]))
checks = {c["id"]: c for c in rep["checks"]}
def c(i):
    if i not in checks:
        raise SystemExit("no check %s in %s" % (i, sorted(checks)))
    return checks[i]
def m(i):
    return c(i).get("metrics", {})
ok = True
for expr in sys.argv[2:]:
    try:
        v = eval(expr)
    except Exception as e:
        v = False
        print("ERROR", expr, e)
    print("%s: %s" % ("ok  " if v else "FAIL", expr))
    ok = ok and bool(v)
if not ok:
    print(json.dumps(rep, indent=1, ensure_ascii=False))
sys.exit(0 if ok else 1)
PY
}

# pd_has_json: the binary writes JSON reports and loads config files.
pd_ready() {
	local cfg="$WORK/probe.yaml" out="$WORK/probe.json"
	printf 'network:\n  count: 1\n' >"$cfg"
	"$POSDOCTOR" --check-config "$cfg" >/dev/null 2>&1 || return 1
	printf '' >"$cfg"
	"$POSDOCTOR" --once --only network.link --format json --config "$cfg" >"$out" 2>/dev/null
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))["checks"]' "$out" 2>/dev/null
}
pd_ready || skip "this posdoctor has no config loader or JSON report yet"

# make_path: client C -- router T -- server S.
#   C: c0 10.201.0.2/24, default via 10.201.0.1 (T)
#   T: t0 10.201.0.1/24, service addresses 10.201.1.N/32 on lo (tests add
#      them), t1 10.201.2.1/24 towards S, forwarding on
#   S: s0 10.201.2.2/24, default via T
# Sets NS_C, NS_T, NS_S.
make_path() {
	NS_C=$(ns_add C)
	NS_T=$(ns_add T)
	NS_S=$(ns_add S)
	link_ns "$NS_C" "pdnc$ID" "$NS_T" "pdnt$ID"
	link_ns "$NS_T" "pdnu$ID" "$NS_S" "pdns$ID"
	ip -n "$NS_C" addr add 10.201.0.2/24 dev "pdnc$ID"
	ip -n "$NS_C" route add default via 10.201.0.1
	ip -n "$NS_T" addr add 10.201.0.1/24 dev "pdnt$ID"
	ip -n "$NS_T" addr add 10.201.2.1/24 dev "pdnu$ID"
	ip -n "$NS_S" addr add 10.201.2.2/24 dev "pdns$ID"
	ip -n "$NS_S" route add default via 10.201.2.1
	in_ns "$NS_T" sysctl -qw net.ipv4.ip_forward=1
	# Unrouted addresses vanish without an answer.
	ip -n "$NS_T" route add blackhole 10.201.9.0/24
	resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
}

# t_addr ADDR: a service address on the router's loopback.
t_addr() {
	ip -n "$NS_T" addr add "$1/32" dev lo
}

# nft_T RULES: load an nftables ruleset into the router.
nft_T() {
	printf '%s\n' "$1" | in_ns "$NS_T" nft -f - || fail "nft ruleset"
}

# nft_counter NS TABLE CHAIN: packets counted by the chain's counter rule.
nft_counter() {
	in_ns "$1" nft list chain inet "$2" "$3" |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | head -1
}

# host_config FILE ENTRIES [EXTRA]: a config naming hosts (YAML flow maps,
# one per line, without the leading "- ") plus extra network keys.
host_config() {
	local file=$1 entries=$2 extra=${3:-}
	{
		echo "network:"
		echo "  hosts:"
		while IFS= read -r e; do
			[ -n "$e" ] && echo "    - $e"
		done <<<"$entries"
		[ -n "$extra" ] && printf '%s\n' "$extra"
	} >"$file"
}

# make_ca: a private CA in $WORK/ca.{key,crt} for the TLS peers.
make_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$WORK/ca.key" -out "$WORK/ca.crt" -days 30 \
		-subj "/CN=posdoctor test CA $ID" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
		fail "openssl: CA"
	mkdir -p "$WORK/ca.d"
	: >"$WORK/ca.d/index.txt"
	echo 1000 >"$WORK/ca.d/serial"
	cat >"$WORK/ca.cnf" <<CNF
[ca]
default_ca = pdn
[pdn]
dir = $WORK/ca.d
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
certificate = $WORK/ca.crt
private_key = $WORK/ca.key
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
CNF
}

# make_leaf NAME IP START END [SAN]: a server certificate for IP signed by
# the CA, valid from START to END (openssl ca dates, YYYYMMDDHHMMSSZ), in
# $WORK/NAME.{key,crt}. SAN replaces the subjectAltName "IP:<IP>".
make_leaf() {
	local name=$1 ip=$2 start=$3 end=$4 san=${5:-IP:$2}
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$WORK/$name.key" -out "$WORK/$name.csr" -subj "/CN=$ip" \
		2>/dev/null || fail "openssl: key $name"
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		"$san" >"$WORK/$name.ext"
	openssl ca -batch -config "$WORK/ca.cnf" -in "$WORK/$name.csr" \
		-out "$WORK/$name.crt" -startdate "$start" -enddate "$end" -notext \
		-extfile "$WORK/$name.ext" 2>/dev/null || fail "openssl: cert $name"
}

# utc_in SECONDS: an openssl ca date SECONDS from now.
utc_in() {
	date -u -d "@$(($(date +%s) + $1))" +%Y%m%d%H%M%SZ
}

# tls_peer NAME IP [ARGS...]: start the HTTPS peer for NAME's certificate on
# IP:443 in the router namespace and wait until it listens.
tls_peer() {
	local name=$1 ip=$2
	shift 2
	start_bg "$NS_T" python3 "$HERE/tls_server.py" --addr "$ip" --port 443 \
		--cert "$WORK/$name.crt" --key "$WORK/$name.key" \
		--ready "$WORK/$name.ready" "$@"
	wait_for 10 test -e "$WORK/$name.ready"
}

# make_shop: the shop LAN of the end-to-end tests (tests/e2e), built once
# here for all of them. The till's computer C and a second device D (a card
# terminal's fixed MAC) on the router's LAN (a bridge in T); the router
# serves DNS (pay.pdn.test) and forwards to the internet side, where the
# payment host answers HTTPS with a certificate from a private CA.
#   C: pdnc<pid> 10.201.0.2/24, default via 10.201.0.1, resolver 10.201.0.1
#   D: pdnd<pid> 10.201.0.3/24, MAC 02:00:00:00:00:0d
#   T: bridge pdnb<pid> 10.201.0.1/24 (ports pdnt<pid> to C, pdne<pid> to D),
#      pdnu<pid> 10.201.2.1/24 uplink to S, DNS server on 10.201.0.1
#   S: pdns<pid> 10.201.2.2/24; the payment host 10.201.3.1 (pay.pdn.test)
#      on its loopback, HTTPS on 443
# Unplug the cable: shop_cable down|up. Cut the uplink: shop_uplink down|up.
# Sets NS_C, NS_D, NS_T, NS_S; writes the CA to $WORK/ca.crt.
PAY_ADDR=10.201.3.1
PAY_NAME=pay.pdn.test
make_shop() {
	NS_C=$(ns_add C)
	NS_D=$(ns_add D)
	NS_T=$(ns_add T)
	NS_S=$(ns_add S)
	ip -n "$NS_T" link add "pdnb$ID" type bridge stp_state 0 forward_delay 0 ||
		fail "bridge"
	link_ns "$NS_C" "pdnc$ID" "$NS_T" "pdnt$ID"
	link_ns "$NS_D" "pdnd$ID" "$NS_T" "pdne$ID"
	link_ns "$NS_T" "pdnu$ID" "$NS_S" "pdns$ID"
	ip -n "$NS_T" link set "pdnt$ID" master "pdnb$ID"
	ip -n "$NS_T" link set "pdne$ID" master "pdnb$ID"
	ip -n "$NS_T" link set "pdnb$ID" up
	ip -n "$NS_D" link set "pdnd$ID" address 02:00:00:00:00:0d
	ip -n "$NS_C" addr add 10.201.0.2/24 dev "pdnc$ID"
	ip -n "$NS_C" route add default via 10.201.0.1
	ip -n "$NS_D" addr add 10.201.0.3/24 dev "pdnd$ID"
	ip -n "$NS_D" route add default via 10.201.0.1
	ip -n "$NS_T" addr add 10.201.0.1/24 dev "pdnb$ID"
	ip -n "$NS_T" addr add 10.201.2.1/24 dev "pdnu$ID"
	ip -n "$NS_T" route add 10.201.3.0/24 via 10.201.2.2
	ip -n "$NS_S" addr add 10.201.2.2/24 dev "pdns$ID"
	ip -n "$NS_S" addr add "$PAY_ADDR/32" dev lo
	ip -n "$NS_S" route add default via 10.201.2.1
	in_ns "$NS_T" sysctl -qw net.ipv4.ip_forward=1
	resolv_conf "$NS_C" "nameserver 10.201.0.1" "options timeout:1 attempts:1"
	start_bg "$NS_T" python3 "$HERE/dns_server.py" --addr 10.201.0.1 \
		--name "$PAY_NAME=$PAY_ADDR" --ready "$WORK/dns.ready"
	make_ca
	make_leaf pay "$PAY_ADDR" "$(utc_in -3600)" "$(utc_in $((30 * 86400)))" \
		"DNS:$PAY_NAME,IP:$PAY_ADDR"
	start_bg "$NS_S" python3 "$HERE/tls_server.py" --addr "$PAY_ADDR" --port 443 \
		--cert "$WORK/pay.crt" --key "$WORK/pay.key" --ready "$WORK/pay.ready"
	wait_for 10 test -e "$WORK/dns.ready"
	wait_for 10 test -e "$WORK/pay.ready"
	wait_for 5 sh -c "ip -n $NS_C link show pdnc$ID | grep -q LOWER_UP"
}

# shop_cable down|up: pull the till's network cable (its port on the
# router) or plug it back in; waits until the till sees it.
shop_cable() {
	ip -n "$NS_T" link set "pdnt$ID" "$1"
	if [ "$1" = down ]; then
		wait_for 5 sh -c "ip -n $NS_C link show pdnc$ID | grep -q NO-CARRIER"
	else
		wait_for 5 sh -c "ip -n $NS_C link show pdnc$ID | grep -q LOWER_UP"
	fi
}

# shop_uplink down|up: cut the router's internet line, or mend it.
shop_uplink() {
	ip -n "$NS_T" link set "pdnu$ID" "$1"
	[ "$1" = up ] && ip -n "$NS_T" route replace 10.201.3.0/24 via 10.201.2.2
	return 0
}

# shop_config FILE [HOSTS] [EXTRA]: the shop's config: its name and
# terminal id, payment hosts trusting the private CA, quick network probes,
# and EXTRA lines appended. HOSTS: one flow-map body a line, default
# "name: acquirer, address: pay.pdn.test, port: 443, https: true"; "-" for
# none (a shop that never said where it pays).
shop_config() {
	local file=$1 hosts=${2:-"name: acquirer, address: $PAY_NAME, port: 443, https: true"}
	local extra=${3:-} h
	{
		echo "site: {name: Corner Cafe, terminal_id: T-0042}"
		echo "network:"
		if [ "$hosts" != - ]; then
			echo "  hosts:"
			while IFS= read -r h; do
				[ -n "$h" ] && echo "    - {$h, ca_file: $WORK/ca.crt}"
			done <<<"$hosts"
		fi
		echo "  count: 5"
		echo "  interval_ms: 50"
		echo "  timeout_ms: 500"
		[ -n "$extra" ] && printf '%s\n' "$extra"
	} >"$file"
}

# shop_battery DIR PERCENT STATUS [ONLINE]: a laptop's power fixture tree
# (power.sysfs_root) with its battery at PERCENT, Charging/Discharging, the
# mains adapter ONLINE (0 or 1, default 0).
shop_battery() {
	local d=$1
	mkdir -p "$d/class/power_supply/AC" "$d/class/power_supply/BAT0"
	echo Mains >"$d/class/power_supply/AC/type"
	echo "${4:-0}" >"$d/class/power_supply/AC/online"
	echo Battery >"$d/class/power_supply/BAT0/type"
	echo "$3" >"$d/class/power_supply/BAT0/status"
	echo "$2" >"$d/class/power_supply/BAT0/capacity"
}
