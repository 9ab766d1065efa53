#!/bin/bash
# tui_kiosk_unit: assets/posdoctor-kiosk.service is a valid systemd unit
# that runs posdoctor --kiosk on tty1 in place of its login prompt, as its
# own user, restarting when it dies.
set -u
unit="$SOURCE_DIR/assets/posdoctor-kiosk.service"
work=$(mktemp -d /tmp/tui-unit.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

for want in "ExecStart=/usr/local/bin/posdoctor --kiosk" "TTYPath=/dev/tty1" \
	"StandardInput=tty" "StandardOutput=tty" "Conflicts=getty@tty1.service" \
	"Environment=TERM=linux" "Restart=on-failure" "User=posdoctor" \
	"SuccessExitStatus=143" "WantedBy=multi-user.target"; do
	grep -qxF -- "$want" "$unit" || { echo "FAIL: no '$want'"; failed=1; }
done
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze missing: syntax not verified"
	exit $failed
fi
# Verify a copy that runs the binary just built (the man page is not
# installed here).
sed -e "s|^ExecStart=/usr/local/bin/posdoctor|ExecStart=$POSDOCTOR|" -e '/^Documentation=/d' \
	"$unit" > "$work/posdoctor-kiosk.service"
out=$(systemd-analyze verify "$work/posdoctor-kiosk.service" 2>&1)
if [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify:"
	echo "$out"
	failed=1
fi
exit $failed
