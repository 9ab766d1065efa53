#!/bin/bash
# network_unconfigured: with no payment host set up, the verdict is never
# "all good" - network.payment_host warns that the way to the payment host
# was not checked (exit 1), in English and Chinese; once a host is set up
# that row is gone (its own checks take over). No traffic is sent.
set -u
W=$(mktemp -d /tmp/pd-unconf.XXXXXX)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for lang in en zh_CN; do
	"${POSDOCTOR:?}" -c /dev/null --once --format json --lang $lang \
		--only network.payment_host >"$W/none.json"
	rc=$?
	[ "$rc" = 1 ] || fail "no host ($lang): exit $rc, want 1"
	python3 - "$W/none.json" "$lang" <<'PY' || fail "no host ($lang): report"
import json, sys
r = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in r["checks"]}["network.payment_host"]
assert r["overall"] == "warn", r["overall"]
assert c["status"] == "warn" and c["code"] == "net.no_payment_host", c
assert c["fix"]["steps"], c
if sys.argv[2] == "zh_CN":
    assert "支付主机" in c["summary"], c["summary"]
PY
done

printf 'network:\n  hosts:\n    - {name: acquirer, address: 192.0.2.10, port: 443}\n' >"$W/host.yaml"
"$POSDOCTOR" -c "$W/host.yaml" --once --format json --only network.payment_host >"$W/host.json"
python3 - "$W/host.json" <<'PY' || fail "with a host the row still shows"
import json, sys
r = json.load(open(sys.argv[1]))
assert not [x for x in r["checks"] if x["id"] == "network.payment_host"], r["checks"]
PY
[ $fails = 0 ] && echo "all passed" || exit 1
