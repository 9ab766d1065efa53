# nut_lib.sh - start a private NUT upsd with dummy-ups drivers on loopback.
# Sourced by tests/power/*.sh and bench/power.sh. Needs root (the daemons
# drop to the "nut" user) and Debian's nut-server. Every daemon started here
# is recorded in NUT_PIDS; nut_stop_all kills them by pid.
#
#   nut_setup            private conf/state dirs, a free port in NUT_PORT
#   nut_add_ups NAME DESC   an [NAME] section with NAME.dev (write it first)
#   nut_start_upsd / nut_start_driver NAME / nut_kill_driver NAME
#   nut_stop_all         kill everything (call it from a trap)

NUT_PIDS=""
NUT_DIR=""
declare -A NUT_DRIVER_PID

# Can this machine run the harness? Prints why not and returns 1.
nut_available() {
	if [ "$(id -u)" != 0 ]; then echo "needs root to start upsd as user nut"; return 1; fi
	if [ ! -x /lib/nut/upsd ] || [ ! -x /lib/nut/dummy-ups ]; then
		echo "nut-server (upsd, dummy-ups) not installed"; return 1
	fi
	if ! getent passwd nut >/dev/null; then echo "no nut user"; return 1; fi
	return 0
}

# A free TCP port on 127.0.0.1 (the kernel picks it).
nut_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

nut_setup() {
	NUT_DIR=$(mktemp -d /tmp/power-nut.$$.XXXXXX)
	chmod 755 "$NUT_DIR"
	mkdir "$NUT_DIR/conf" "$NUT_DIR/state"
	NUT_PORT=$(nut_free_port)
	: > "$NUT_DIR/conf/ups.conf"
	printf 'LISTEN 127.0.0.1 %s\nMAXAGE %s\n' "$NUT_PORT" "${NUT_MAXAGE:-15}" > "$NUT_DIR/conf/upsd.conf"
	: > "$NUT_DIR/conf/upsd.users"
	printf 'MODE=standalone\n' > "$NUT_DIR/conf/nut.conf"
	chown root:nut "$NUT_DIR/conf" "$NUT_DIR/state"
	chmod 750 "$NUT_DIR/conf"
	chmod 770 "$NUT_DIR/state"
	export NUT_CONFPATH="$NUT_DIR/conf" NUT_STATEPATH="$NUT_DIR/state"
	nut_fix_modes
}

# Config files root:nut 640, as upsd and the drivers insist.
nut_fix_modes() {
	chown root:nut "$NUT_DIR"/conf/*
	chmod 640 "$NUT_DIR"/conf/*
}

# Write NAME's .dev file from stdin (atomically, so the driver never reads
# half a file).
nut_write_dev() {
	cat > "$NUT_DIR/conf/$1.dev.tmp"
	chown root:nut "$NUT_DIR/conf/$1.dev.tmp"
	chmod 640 "$NUT_DIR/conf/$1.dev.tmp"
	mv "$NUT_DIR/conf/$1.dev.tmp" "$NUT_DIR/conf/$1.dev"
}

nut_add_ups() {
	printf '[%s]\n\tdriver = dummy-ups\n\tport = %s\n\tdesc = "%s"\n' \
		"$1" "$NUT_DIR/conf/$1.dev" "$2" >> "$NUT_DIR/conf/ups.conf"
	nut_fix_modes
}

nut_start_driver() {
	/lib/nut/dummy-ups -a "$1" -u nut -F > "$NUT_DIR/driver-$1.log" 2>&1 &
	NUT_DRIVER_PID[$1]=$!
	NUT_PIDS="$NUT_PIDS $!"
}

nut_kill_driver() {
	local pid=${NUT_DRIVER_PID[$1]}
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	NUT_DRIVER_PID[$1]=""
}

nut_start_upsd() {
	/lib/nut/upsd -u nut -F > "$NUT_DIR/upsd.log" 2>&1 &
	NUT_UPSD_PID=$!
	NUT_PIDS="$NUT_PIDS $!"
	# Wait until it listens (bounded).
	for _ in $(seq 1 100); do
		if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$NUT_PORT)))" 2>/dev/null; then
			return 0
		fi
		kill -0 "$NUT_UPSD_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "upsd did not start:"; cat "$NUT_DIR/upsd.log"
	return 1
}

# Wait until upsc shows real data for NAME (not WAIT, not an error).
nut_wait_data() {
	local s
	for _ in $(seq 1 200); do
		s=$(upsc "$1@127.0.0.1:$NUT_PORT" ups.status 2>/dev/null) || s=
		if [ -n "$s" ] && [ "$s" != WAIT ]; then return 0; fi
		sleep 0.05
	done
	echo "no data from $1 after 10 s"; cat "$NUT_DIR"/*.log
	return 1
}

nut_stop_all() {
	local p
	for p in $NUT_PIDS; do
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	for p in $NUT_PIDS; do
		wait "$p" 2>/dev/null
	done
	NUT_PIDS=""
	[ -n "$NUT_DIR" ] && rm -rf "$NUT_DIR"
	NUT_DIR=""
}
