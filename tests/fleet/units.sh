#!/bin/bash
# fleet_units: assets/posdoctor-textfile.service and .timer are valid
# systemd units (systemd-analyze verify; a misspelt copy is caught); the
# service writes where Debian's node_exporter reads textfiles and may write
# only there; and its ExecStart command line, run with the binary just
# built, writes a valid textfile.
set -u
svc="$SOURCE_DIR/assets/posdoctor-textfile.service"
tmr="$SOURCE_DIR/assets/posdoctor-textfile.timer"
work=$(mktemp -d /tmp/fleet-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

dir=/var/lib/prometheus/node-exporter
for want in "Type=oneshot" \
	"ExecStart=/usr/local/bin/posdoctor --once --format prometheus -o $dir/posdoctor.prom" \
	"SuccessExitStatus=1 2" "ReadWritePaths=$dir" "ProtectSystem=strict" \
	"NoNewPrivileges=yes"; do
	grep -qxF -- "$want" "$svc" || fail "no '$want' in the service"
done
for want in "OnUnitActiveSec=5min" "Unit=posdoctor-textfile.service" "WantedBy=timers.target"; do
	grep -qxF -- "$want" "$tmr" || fail "no '$want' in the timer"
done
# Debian's node_exporter reads that folder unless told otherwise.
if command -v prometheus-node-exporter >/dev/null; then
	def=$(prometheus-node-exporter --help 2>&1 | sed -n 's/.*--collector.textfile.directory="\([^"]*\)".*/\1/p')
	[ "$def" = "$dir" ] || fail "node_exporter's default textfile folder is '$def', not $dir"
fi

# The service's own command line, pointed at the fresh binary, a fixture
# config and a private folder: exit 2 (a failing check), a valid file.
S="$work/sys"
mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0" "$work/textfile"
echo Mains > "$S/class/power_supply/AC/type"
echo 0 > "$S/class/power_supply/AC/online"
echo Battery > "$S/class/power_supply/BAT0/type"
echo Discharging > "$S/class/power_supply/BAT0/status"
echo 8 > "$S/class/power_supply/BAT0/capacity"
printf 'site: {name: Unit Shop, terminal_id: T-7}\npower:\n  sysfs_root: %s\n  kmsg: %s/none\n' "$S" "$work" > "$work/c.yaml"
cmd=$(sed -n 's/^ExecStart=//p' "$svc")
read -r -a argv <<< "$cmd"
argv[0]=$POSDOCTOR
for i in "${!argv[@]}"; do
	[ "${argv[$i]}" = "$dir/posdoctor.prom" ] && argv[$i]="$work/textfile/posdoctor.prom"
done
POSDOCTOR_CONFIG="$work/c.yaml" "${argv[@]}" --only power.supply > "$work/run.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "ExecStart exits $rc (expected 2, a failing check): $(cat "$work/run.out")"
python3 "$SOURCE_DIR/tests/report/prom_check.py" < "$work/textfile/posdoctor.prom" ||
	fail "the written textfile is not valid"
grep -q '^posdoctor_check_status{id="power.supply",module="power",code="power.battery_low",site="Unit Shop",terminal="T-7"} 2$' \
	"$work/textfile/posdoctor.prom" || fail "no failing power.supply in the textfile"
[ "$(ls -A "$work/textfile")" = "posdoctor.prom" ] || fail "temp files left: $(ls -A "$work/textfile")"

if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze missing: syntax not verified"
	exit $failed
fi
# Verify copies that run the binary just built (the man page is not
# installed here); both in one folder so the timer finds its service.
mkdir "$work/units" "$work/bad"
sed -e "s|^ExecStart=/usr/local/bin/posdoctor|ExecStart=$POSDOCTOR|" -e '/^Documentation=/d' \
	"$svc" > "$work/units/posdoctor-textfile.service"
sed -e '/^Documentation=/d' "$tmr" > "$work/units/posdoctor-textfile.timer"
out=$(systemd-analyze verify "$work/units/posdoctor-textfile.service" "$work/units/posdoctor-textfile.timer" 2>&1)
[ -z "$out" ] || fail "systemd-analyze verify: $out"
# Control: a misspelt key and a bad value are reported.
sed 's/^OnUnitActiveSec=/OnUnitActivSec=/' "$work/units/posdoctor-textfile.timer" > "$work/bad/posdoctor-textfile.timer"
sed 's/^Type=oneshot/Type=oneshoot/' "$work/units/posdoctor-textfile.service" > "$work/bad/posdoctor-textfile.service"
out=$(systemd-analyze verify "$work/bad/posdoctor-textfile.service" "$work/bad/posdoctor-textfile.timer" 2>&1)
case $out in *OnUnitActivSec*oneshoot*|*oneshoot*OnUnitActivSec*) ;;
*) fail "systemd-analyze missed the broken copies: $out" ;;
esac
[ $failed = 0 ] && echo "ok: textfile service and timer"
exit $failed
