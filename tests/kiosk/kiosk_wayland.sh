#!/bin/bash
# kiosk_wayland: the Wayland kiosk unit's own command line (cage + foot with
# its CJK font, from assets/posdoctor-kiosk-wayland.service) runs the real
# program headless, in Chinese, on a fixture laptop on battery; a screenshot
# must show a banner at least 7 text rows high, holding block pixels 5 text
# rows high (the verdict's symbol) above an action line whose glyphs match
# a reference rendering of the Chinese verdict ("请检查电源") made by the
# same terminal and font (shot_check.py).
# What it proves: posdoctor's kiosk verdict reaches the screen big, with
# those CJK characters; not that colours or the rest of the layout are right.
. "$(dirname "$0")/lib.sh"

# The unit itself: valid for systemd, restarting, not on the console's TERM.
for want in "Restart=on-failure" "User=posdoctor" "PAMName=login" \
	"Conflicts=getty@tty1.service posdoctor-kiosk.service" "WantedBy=multi-user.target"; do
	grep -qxF -- "$want" "$KIOSK_UNIT" || { echo "FAIL: unit has no '$want'"; exit 1; }
done
if command -v systemd-analyze >/dev/null; then
	sed -e "s|/usr/local/bin/posdoctor|$POSDOCTOR|" -e '/^Documentation=/d' \
		"$KIOSK_UNIT" >"$WORK/posdoctor-kiosk-wayland.service"
	out=$(systemd-analyze verify "$WORK/posdoctor-kiosk-wayland.service" 2>&1)
	[ -z "$out" ] || { echo "FAIL: systemd-analyze verify: $out"; exit 1; }
	echo "ok: systemd-analyze verify"
fi

# A laptop on battery at 8 %: power.supply fails, deterministically.
S=$WORK/laptop
mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
echo Mains >"$S/class/power_supply/AC/type"
echo 0 >"$S/class/power_supply/AC/online"
echo Battery >"$S/class/power_supply/BAT0/type"
echo Discharging >"$S/class/power_supply/BAT0/status"
echo 8 >"$S/class/power_supply/BAT0/capacity"
cat >"$WORK/kiosk.yaml" <<YAML
site: {name: Corner Cafe, terminal_id: T-0042}
power:
  sysfs_root: $S
  kmsg: $WORK/no-kmsg
YAML
chmod -R a+rX "$S" "$WORK/kiosk.yaml"

# zh_text KEY: the Chinese text of KEY in the shipped strings.
zh_text() {
	python3 -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = lines.index(sys.argv[2] + ":")
print(next(l.split(":", 1)[1].strip().strip("\"") for l in lines[i:] if l.strip().startswith("zh_CN:")))
' "$SOURCE_DIR/assets/strings/tui.yaml" "$1"
}
# The verdict the banner must show, and another that it must not match.
text=$(zh_text tui.kiosk.fail.power)
other=$(zh_text tui.kiosk.fail.network)
echo "expected banner: $text; a wrong one: $other"

# reference NAME TEXT: the same terminal and font drawing TEXT bold on a
# coloured cell background, cursor hidden, into $WORK/NAME.png.
reference() {
	local ready= i
	cage_start "$1" bash -c 'printf "\033[?25l\033[1;37;41m%s\033[0m" "$1"; exec sleep 600' ref "$2" || {
		echo "skipped: the compositor cannot start here (log above)"
		exit 77
	}
	for ((i = 0; i < 50; i++)); do
		if shot "$1" "$WORK/$1.png" &&
			ready=$(python3 "$(dirname "$0")/shot_check.py" --ref "$WORK/$1.png" "${#2}"); then
			break
		fi
		ready=
		sleep 0.1
	done
	[ -n "$ready" ] || { echo "FAIL: no usable reference rendering of $2"; exit 1; }
	echo "ok: $1: $ready"
	kill "${CAGE_PIDS[-1]}"
}
reference ref "$text"
reference other "$other"

cage_start kiosk "$POSDOCTOR" --kiosk --lang zh_CN --config "$WORK/kiosk.yaml" --only power.supply || {
	echo "FAIL: the compositor started once but not for the kiosk"
	exit 1
}
# Poll until the banner matches (or 30 s): the first screens show "checking".
deadline=$((SECONDS + 30))
while :; do
	if shot kiosk "$WORK/shot.png" &&
		out=$(python3 "$(dirname "$0")/shot_check.py" "$WORK/shot.png" "$WORK/ref.png" "${#text}"); then
		echo "ok: $out"
		# The check tells texts apart: the wrong verdict must not match.
		if out=$(python3 "$(dirname "$0")/shot_check.py" "$WORK/shot.png" "$WORK/other.png" "${#other}"); then
			echo "FAIL: the screenshot also matches '$other': $out"
			exit 1
		fi
		echo "ok: not '$other': $out"
		break
	fi
	if ! kill -0 "${CAGE_PIDS[-1]}" 2>/dev/null; then
		echo "FAIL: the kiosk exited:"
		cat "$WORK/kiosk.log"
		exit 1
	fi
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "FAIL: ${out:-no screenshot}"
		cp "$WORK/shot.png" "$WORK/ref.png" /tmp/ 2>/dev/null && echo "(kept /tmp/shot.png, /tmp/ref.png)"
		exit 1
	fi
	sleep 0.2
done
echo "all passed"
