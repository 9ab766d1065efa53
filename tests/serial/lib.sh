# lib.sh - helpers for the serial end-to-end tests (sourced by serial_e2e.sh).
#
# The port under test is the slave of a pty whose master termsim.py holds.
# Two ways to reach it:
#  - plain: the pty path itself (/dev/pts/N), as socat or ser2net give it;
#  - usb: inside a private mount namespace (unshare -m), a tmpfs over
#    /sys/class/tty describes a USB adapter (VID:PID, strings, driver) and a
#    tmpfs /dev carries /dev/ttyUSBn bound onto the pty slave, so the real
#    libserialport enumeration and sp_open path runs; the LD_PRELOAD shim
#    gives the pty the modem lines sp_open needs.

SIM=$SOURCE_DIR/tests/serial/termsim.py
ECRSIM=$SOURCE_DIR/tests/serial/ecrsim.py
SHIM=$BUILD_DIR/tests/serial/libserial_shim_modem.so
CHECK=$SOURCE_DIR/tests/serial/check_report.py

# Skip (exit 77) with a reason.
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

# sim_run SCRIPT ARGS...: start a simulator script, wait until it has
# written its pty's path; sets SIM_PID and PTY.
sim_run() {
	local script=$1 ready=$T/ready.$RANDOM
	shift
	python3 "$script" --ready "$ready" --log "$T/sim.log" "$@" &
	SIM_PID=$!
	for _ in $(seq 1 500); do
		[ -s "$ready" ] && break
		kill -0 "$SIM_PID" 2>/dev/null || fail "simulator died: $(cat "$T/sim.log" 2>/dev/null)"
		sleep 0.01
	done
	[ -s "$ready" ] || fail "simulator not ready"
	PTY=$(cat "$ready")
}

# Start the simulator with extra args; sets SIM_PID and PTY.
sim_start() {
	sim_run "$SIM" --lines-file "$T/lines" "$@"
}

# Start the ECR protocol simulator (ecrsim.py) with extra args; sets
# SIM_PID and PTY. It reads posdoctor's data bits and parity from the
# shim's record ($T/termios): run posdoctor with PRELOAD=$(shim_preload).
ecr_start() {
	sim_run "$ECRSIM" --termios-file "$T/termios" "$@"
}

# Nothing a simulator heard could start a transaction: every ZVT APDU it
# received is the status enquiry (05 01) or an acknowledgement (80 00), and
# no Concert message (STX ... inside a session) ever came.
# sim_saw TEXT: whether the simulator's log has TEXT, waiting up to 2 s for
# it (the simulator may still be reading the last bytes posdoctor sent).
sim_saw() {
	for _ in $(seq 20); do
		grep -qF "$1" "$T/sim.log" && return 0
		sleep 0.1
	done
	return 1
}

expect_nothing_unsafe() {
	local bad
	bad=$(awk '$2 == "apdu" && !(($3 == "05" && $4 == "01") || ($3 == "80" && $4 == "00"))' \
		"$T/sim.log"; grep ' message ' "$T/sim.log" || true)
	[ -z "$bad" ] || fail "the terminal received something that could start a transaction: $bad"
}

sim_stop() {
	[ -n "${SIM_PID:-}" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	SIM_PID=
}

# Write the config file $T/cfg.yaml with a serial section (extra lines in $@).
write_config() {
	{
		echo "serial:"
		for line in "$@"; do echo "  $line"; done
	} >"$T/cfg.yaml"
	"$POSDOCTOR" --check-config "$T/cfg.yaml" >/dev/null 2>&1 ||
		fail "config refused: $("$POSDOCTOR" --check-config "$T/cfg.yaml" 2>&1 | head -1)"
}

# LD_PRELOAD value for the shim; the sanitizer runtime must come first.
shim_preload() {
	local asan
	asan=$(ldd "$POSDOCTOR" 2>/dev/null | awk '/libasan/ {print $3; exit}')
	if [ -n "$asan" ]; then echo "$asan:$SHIM"; else echo "$SHIM"; fi
}

# Run posdoctor --once on the serial module; report in $T/out.json,
# exit status in RC. Extra arguments go to posdoctor.
run_pd() {
	local cfg=()
	[ -f "$T/cfg.yaml" ] && cfg=(--config "$T/cfg.yaml")
	set +e
	env ${PRELOAD:+LD_PRELOAD=$PRELOAD} ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
		POSDOCTOR_SHIM_LINES="$T/lines" POSDOCTOR_SHIM_TERMIOS="$T/termios" ${AS_USER:+setpriv --reuid=$AS_USER --regid=$AS_USER --clear-groups} \
		"$POSDOCTOR" --once --only "${ONLY:-serial}" --format json "${cfg[@]}" "$@" \
		>"$T/out.json" 2>"$T/err.txt"
	RC=$?
	set -e
}

# Assert on the report: check_report.py CHECK_ID key=value ...
expect() {
	python3 "$CHECK" "$T/out.json" "$@" || {
		echo "--- report"; cat "$T/out.json"; echo "--- stderr"; cat "$T/err.txt"
		echo "--- simulator"; tail -${SIM_LOG_LINES:-20} "$T/sim.log" 2>/dev/null; exit 1
	}
}

# ---- the USB fixture, inside a private mount namespace ----

# Re-run this script in a private mount namespace (root only).
enter_namespace() {
	[ "$(id -u)" = 0 ] || skip "needs root for a private mount namespace"
	if [ -z "${SERIAL_IN_NS:-}" ]; then
		unshare -m true 2>/dev/null || skip "unshare -m not permitted here"
		SERIAL_IN_NS=1 exec unshare -m --propagation private bash "$0" "$@"
	fi
}

# Empty /sys/class/tty and a fresh /dev holding what programs need.
fixture_begin() {
	mount -t tmpfs fx-tty /sys/class/tty
	mkdir -p /sys/class/tty/.devices /sys/class/tty/.drivers
	local d=$T/dev
	mkdir -p "$d"
	mount -t tmpfs fx-dev "$d"
	for n in null zero full random urandom tty; do
		touch "$d/$n"
		mount --bind "/dev/$n" "$d/$n"
	done
	mkdir "$d/pts" "$d/shm"
	mount --bind /dev/pts "$d/pts"
	# A bound ptmx node cannot find its pts; the devpts one can.
	ln -s pts/ptmx "$d/ptmx"
	ln -s /proc/self/fd "$d/fd"
	mkdir -p "$d/serial/by-id"
	mount --move "$d" /dev
}

# fixture_usb NAME VID PID MANUFACTURER PRODUCT SERIAL DRIVER PTY [BYID]
# A USB serial port NAME (ttyUSB7) as the kernel shows it in sysfs, whose
# /dev node is the pty slave PTY.
fixture_usb() {
	local name=$1 vid=$2 pid=$3 man=$4 prod=$5 ser=$6 drv=$7 pty=$8 byid=${9:-}
	local usb=/sys/class/tty/.devices/pci0000:00/usb1/1-$name
	local intf=$usb/1-$name:1.0 port
	mkdir -p "$intf/$name/tty/$name" "/sys/class/tty/.drivers/$drv"
	printf '1\n' >"$usb/busnum"
	printf '7\n' >"$usb/devnum"
	printf '%s\n' "$vid" >"$usb/idVendor"
	printf '%s\n' "$pid" >"$usb/idProduct"
	printf '%s\n' "$man" >"$usb/manufacturer"
	printf '%s\n' "$prod" >"$usb/product"
	printf '%s\n' "$ser" >"$usb/serial"
	port=$intf/$name
	ln -s "$port" "$port/tty/$name/device"
	ln -s "/sys/class/tty/.drivers/$drv" "$port/driver"
	ln -s ".devices/pci0000:00/usb1/1-$name/1-$name:1.0/$name/tty/$name" "/sys/class/tty/$name"
	touch "/dev/$name"
	mount --bind "$pty" "/dev/$name"
	[ -n "$byid" ] && ln -s "../../$name" "/dev/serial/by-id/$byid"
	return 0
}
