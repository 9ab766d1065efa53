# lib.sh - run the Wayland kiosk unit's command line headless (sourced, bash).
#
# cage with its headless backend and the pixman renderer, foot with the
# unit's font, as an unprivileged user (cage refuses root): uid 65534 when
# run as root, else the caller. Screenshots with grim.

set -u
KIOSK_UNIT=${SOURCE_DIR:?}/assets/posdoctor-kiosk-wayland.service
for tool in cage foot grim python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "skipped: $tool is not installed (scripts/dev.sh deps --test installs it)"
		exit 77
	fi
done
if ! command -v Xwayland >/dev/null; then
	echo "skipped: cage will not start without Xwayland (package xwayland)"
	exit 77
fi
WORK=$(mktemp -d /tmp/kiosk.XXXXXX)
chmod 755 "$WORK"
AS=()
if [ "$(id -u)" = 0 ]; then
	AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	KIOSK_UID=65534
else
	KIOSK_UID=$(id -u)
fi
CAGE_PIDS=()

# Stop every compositor started here; remove the work folder.
kiosk_cleanup() {
	local p
	for p in "${CAGE_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${CAGE_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap kiosk_cleanup EXIT
trap 'exit 130' INT TERM

# The unit's ExecStart as words, one per line: the compositor and terminal
# part up to (not including) the posdoctor program and its options.
unit_frontend() {
	python3 - "$KIOSK_UNIT" <<'PY'
import shlex, sys
line = next(l for l in open(sys.argv[1]) if l.startswith("ExecStart="))
words = shlex.split(line[len("ExecStart="):])
i = next(i for i, w in enumerate(words) if w.endswith("/posdoctor"))
print("\n".join(words[:i]))
PY
}

# cage_start NAME PROGRAM [ARGS...]: the unit's compositor and terminal
# running PROGRAM, headless, with its own XDG_RUNTIME_DIR ($WORK/NAME).
# Returns 1 (with the log on stdout) when the compositor does not come up.
cage_start() {
	local name=$1 run=$WORK/$1 i front=()
	shift
	mapfile -t front < <(unit_frontend)
	mkdir -p "$run"
	chown "$KIOSK_UID" "$run"
	chmod 700 "$run"
	(cd "$WORK" && exec "${AS[@]}" env -i PATH=/usr/bin:/bin HOME="$WORK" \
		XDG_RUNTIME_DIR="$run" LANG=C.UTF-8 WLR_BACKENDS=headless \
		WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		POSDOCTOR_DATADIR="${POSDOCTOR_DATADIR:-}" \
		"${front[@]}" "$@" >"$WORK/$name.log" 2>&1) &
	CAGE_PIDS+=($!)
	for ((i = 0; i < 200; i++)); do
		[ -S "$run/wayland-0" ] && return 0
		kill -0 "${CAGE_PIDS[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	cat "$WORK/$name.log"
	return 1
}

# shot NAME FILE: a screenshot of compositor NAME's screen into FILE.
shot() {
	local run=$WORK/$1
	"${AS[@]}" env XDG_RUNTIME_DIR="$run" WAYLAND_DISPLAY=wayland-0 grim "$run/shot.png" &&
		cp "$run/shot.png" "$2"
}
