#!/bin/bash
# fleet_rules: assets/prometheus/posdoctor.rules.yml is valid for promtool,
# and promtool's unit tests (rules_test.yml) fire every alert on series that
# should fire it and on no other. A copy with one alert's threshold broken
# must fail the unit tests (the tests can fail).
set -u
rules="$SOURCE_DIR/assets/prometheus/posdoctor.rules.yml"
if ! command -v promtool >/dev/null; then
	echo "promtool missing (Debian package prometheus): rules not checked"
	exit 77
fi
work=$(mktemp -d /tmp/fleet-rules.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

promtool check rules "$rules" > "$work/check.out" 2>&1 ||
	{ cat "$work/check.out"; echo "FAIL: promtool check rules"; failed=1; }
cp "$rules" "$SOURCE_DIR/tests/fleet/rules_test.yml" "$work/"
promtool test rules "$work/rules_test.yml" > "$work/test.out" 2>&1 ||
	{ cat "$work/test.out"; echo "FAIL: promtool test rules"; failed=1; }

# Control: on-battery codes no longer matched, so the unit test must fail.
sed -i 's/ups_on_battery|ups_low_battery|on_battery/ups_low_battery|on_battery/' "$work/posdoctor.rules.yml"
if promtool test rules "$work/rules_test.yml" > "$work/broken.out" 2>&1; then
	echo "FAIL: the unit tests pass against a broken rule"
	failed=1
fi
# Every alert of the shipped file has a firing case in the unit tests.
for a in $(sed -n 's/^ *- alert: *//p' "$rules"); do
	grep -A3 "alertname: $a\$" "$SOURCE_DIR/tests/fleet/rules_test.yml" | grep -q "exp_alerts:$" ||
		{ echo "FAIL: no firing case for $a"; failed=1; }
	grep -A2 "alertname: $a\$" "$SOURCE_DIR/tests/fleet/rules_test.yml" | grep -q "exp_alerts: \[\]" ||
		{ echo "FAIL: no quiet case for $a"; failed=1; }
done
[ $failed = 0 ] && echo "ok: rules checked and unit-tested"
exit $failed
