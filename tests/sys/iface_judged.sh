#!/bin/bash
# sys_iface_judged: one interface judged by every module. A PC with two LAN
# adapters whose default route is on the one listed second: network.link,
# network.gateway, arp.conflict and arp.gateway all name that adapter, in
# their summaries and their metrics, in English and Chinese. And a
# configured network.interface moves all of them together.
. "$(dirname "$0")/../arp/lib.sh"

lan_init
# eth0 (listed first): a LAN with a printer on it, no route out.
host_add us 02:00:00:00:01:0a 10.81.1.10/24
host_add printer 02:00:00:00:01:0b 10.81.1.20/24
# eth1 (listed second): the router's LAN, carrying the default route.
ns_add gw
ip link add eth1 netns "$P-us" type veth peer name eth0 netns "$P-gw" || exit 1
ip -n "$P-us" link set eth1 address 02:00:00:00:02:0a up
ip -n "$P-gw" link set eth0 address 02:00:00:00:02:01 up
ip -n "$P-us" addr add 10.81.2.10/24 dev eth1
ip -n "$P-gw" addr add 10.81.2.1/24 dev eth0
wait_for "eth1 link up" 5 link_up us eth1
ip -n "$P-us" route add default via 10.81.2.1 dev eth1

[ "$(ip -n "$P-us" -o link show | awk -F': ' '$2 ~ /^eth/ {print $2}' | sed 's/@.*//' | head -1)" = eth0 ] ||
	{ echo "FAIL: eth0 is not listed first"; exit 1; }

# report CONFIG LANG: the JSON report of the four checks.
report() {
	ip netns exec "$P-us" "${POSDOCTOR:?}" --once --format json --lang "$2" --config "$1" \
		--only network.link,network.gateway,arp.conflict,arp.gateway 2>"$TMP/stderr"
}

# expect_iface NAME JSON IFACE: every check names IFACE in summary and metrics.
expect_iface() {
	local name=$1 json=$2 want=$3
	if python3 - "$json" "$want" <<'PY'
import json, sys
rep, want = json.loads(sys.argv[1]), sys.argv[2]
bad = 0
ids = sorted(c["id"] for c in rep["checks"])
if ids != ["arp.conflict", "arp.gateway", "network.gateway", "network.link"]:
    print("  checks:", ids); bad += 1
for c in rep["checks"]:
    got = c.get("metrics", {}).get("interface")
    if got != want:
        print("  %s: metrics.interface = %r" % (c["id"], got)); bad += 1
    if want not in c["summary"]:
        print("  %s: summary %r does not name %s" % (c["id"], c["summary"], want)); bad += 1
    if c["status"] not in ("ok",):
        print("  %s: %s %s" % (c["id"], c["status"], c["code"])); bad += 1
sys.exit(1 if bad else 0)
PY
	then
		echo "ok: $name"
	else
		echo "FAIL: $name"
		echo "  report: $json"
		FAILS=$((FAILS + 1))
	fi
}

printf 'arp: {wait_ms: 200}\n' >"$TMP/auto.yaml"
for lang in en zh_CN; do
	expect_iface "default route on the second adapter ($lang)" "$(report "$TMP/auto.yaml" $lang)" eth1
done

# A configured adapter moves every module: no router there, so
# network.gateway fails and arp.gateway waits for it.
printf 'network: {interface: eth0}\narp: {wait_ms: 200}\n' >"$TMP/eth0.yaml"
out=$(report "$TMP/eth0.yaml" en)
check "network.interface: eth0 judged by every module" "$out" \
	'all(c["metrics"].get("interface") == "eth0" for c in r["checks"] if c["code"] != "dep.blocked")' \
	'[c["code"] for c in r["checks"] if c["id"] == "arp.gateway"] == ["dep.blocked"]' \
	'[c["code"] for c in r["checks"] if c["id"] == "network.gateway"] == ["net.no_gateway"]'
finish
