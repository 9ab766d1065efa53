# lib.sh - shared by the fleet tests: free loopback ports, bounded waits,
# and real posdoctor textfiles from fixture faults.

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds; 1 on timeout.
wait_for() {
	local end=$(( $(date +%s) + $1 ))
	shift
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# fixture_laptop DIR: a sysfs tree of a till on battery at 8 % (mains lost):
# power.supply fails with power.battery_low.
fixture_laptop() {
	local S=$1
	mkdir -p "$S/class/power_supply/AC" "$S/class/power_supply/BAT0"
	echo Mains > "$S/class/power_supply/AC/type"
	echo 0 > "$S/class/power_supply/AC/online"
	echo Battery > "$S/class/power_supply/BAT0/type"
	echo Discharging > "$S/class/power_supply/BAT0/status"
	echo 8 > "$S/class/power_supply/BAT0/capacity"
}

# fixture_pi DIR KMSG: a Raspberry Pi with under-voltage logged since boot:
# power.board warns with power.undervoltage_past.
fixture_pi() {
	local P=$1
	mkdir -p "$P/devices/platform/soc/soc:firmware" "$P/class/hwmon/hwmon0" "$P/firmware/devicetree/base"
	printf 'Raspberry Pi 4 Model B Rev 1.4\0' > "$P/firmware/devicetree/base/model"
	echo 50000 > "$P/devices/platform/soc/soc:firmware/get_throttled"
	echo rpi_volt > "$P/class/hwmon/hwmon0/name"
	echo 0 > "$P/class/hwmon/hwmon0/in0_lcrit_alarm"
	printf '6,1,0,-;Booting Linux\n2,50,61200000,-;Under-voltage detected! (0x00050005)\n' > "$2"
}

# fleet_emit DIR: posdoctor (the real binary) writes textfiles into DIR from
# fixture faults that between them make every family the dashboard and the
# rules may use: the power module on a laptop and a Pi fixture, and the
# network host and HTTPS checks against a TLS server on loopback whose
# certificate expires in 9 days. Returns 1 when a run fails to write.
fleet_emit() {
	local out=$1 w port pid rc=0
	w=$(mktemp -d /tmp/fleet-emit.XXXXXX)
	fixture_laptop "$w/laptop"
	fixture_pi "$w/pi" "$w/pi.kmsg"
	printf 'site: {name: Emit Shop, terminal_id: T-1}\npower: {sysfs_root: %s, kmsg: %s/none}\n' \
		"$w/laptop" "$w" > "$w/laptop.yaml"
	printf 'site: {name: Emit Pi}\npower: {sysfs_root: %s, kmsg: %s}\n' "$w/pi" "$w/pi.kmsg" > "$w/pi.yaml"
	"$POSDOCTOR" --once --format prometheus -c "$w/laptop.yaml" --only power -o "$out/laptop.prom" 2> "$w/err"
	[ $? -le 2 ] || { cat "$w/err"; rc=1; }
	"$POSDOCTOR" --once --format prometheus -c "$w/pi.yaml" --only power.board -o "$out/pi.prom" 2> "$w/err"
	[ $? -le 2 ] || { cat "$w/err"; rc=1; }
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 9 \
		-keyout "$w/key.pem" -out "$w/cert.pem" -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" 2> /dev/null || { echo "openssl failed"; rm -rf "$w"; return 1; }
	port=$(free_port)
	python3 "$SOURCE_DIR/tests/network/tls_server.py" --addr 127.0.0.1 --port "$port" \
		--cert "$w/cert.pem" --key "$w/key.pem" --ready "$w/ready" > "$w/tls.log" 2>&1 &
	pid=$!
	if wait_for 10 test -e "$w/ready"; then
		cat > "$w/net.yaml" <<-EOF2
		site: {name: Emit Net, terminal_id: T-2}
		network:
		  hosts:
		    - {name: acquirer, address: 127.0.0.1, port: $port, https: true, ca_file: $w/cert.pem}
		  count: 5
		  interval_ms: 20
		EOF2
		"$POSDOCTOR" --once --format prometheus -c "$w/net.yaml" \
			--only network.host:acquirer,network.https:acquirer -o "$out/net.prom" 2> "$w/err"
		[ $? -le 2 ] || { cat "$w/err"; rc=1; }
	else
		echo "TLS server did not start: $(cat "$w/tls.log")"
		rc=1
	fi
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	rm -rf "$w"
	return $rc
}
