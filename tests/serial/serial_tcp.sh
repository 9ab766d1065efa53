#!/bin/bash
# serial_tcp.sh - one case of serial.port: tcp://HOST:PORT, picked by
# $SERIAL_CASE: the real posdoctor binary against ecrsim.py --tcp on
# loopback (a free port), or, for the connect timeout, an address in a
# network namespace this script makes, where nothing answers.
set -euo pipefail
. "$SOURCE_DIR/tests/serial/lib.sh"

case_name=${SERIAL_CASE:?SERIAL_CASE not set}
T=$(mktemp -d /tmp/serial-tcp.XXXXXX)
cleanup() {
	sim_stop
	rm -rf "$T" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Start the simulated network terminal on 127.0.0.1 (a free port); ADDR
# gets HOST:PORT.
tcp_start() {
	sim_run "$ECRSIM" --tcp 127.0.0.1:0 "$@"
	ADDR=$PTY
}

# A config for the network terminal at ADDR with protocol $1 and short
# timeouts (extra lines in the rest).
tcp_config() {
	local proto=$1
	shift
	write_config "port: tcp://$ADDR" "protocol: $proto" "timeout_ms: 200" "retries: 0" "$@"
}

# Only the allowed bytes reached the terminal: the ZVT status enquiry and
# acknowledgements, ENQ/EOT/ACK, the configured STX frame.
expect_nothing_unsafe_tcp() {
	expect_nothing_unsafe
	local bad
	bad=$(awk '$2 == "frame" && $0 !~ / frame 02 03 03$/' "$T/sim.log")
	[ -z "$bad" ] || fail "the terminal received an unexpected frame: $bad"
}

case $case_name in
tcp_zvt)
	# Raw APDUs: 05 01 out, 80 00 00 + 04 0F back, each acknowledged, 06 0F
	# completion acknowledged: the dialogue ends cleanly.
	tcp_start --proto zvt
	tcp_config zvt
	run_pd
	expect serial.port status=ok code=serial.tcp_ok transport=tcp "summary~=tcp://$ADDR"
	expect serial.access status=ok code=serial.tcp_ok 'connect_ms>0'
	expect serial.signals status=skip code=serial.tcp_no_lines
	expect serial.link status=ok code=serial.tcp_ok protocol=zvt frames_sent=1 \
		'exchange_ms>0' 'connect_ms>0'
	grep -q 'dialogue complete' "$T/sim.log" || fail "the ZVT dialogue was left open"
	[ "$(grep -c ' apdu 80 00 00$' "$T/sim.log")" = 2 ] || fail "want two 80 00 00"
	grep -q ' rx 10 02\| rx 06$' "$T/sim.log" && fail "serial transport bytes went over TCP"
	expect_nothing_unsafe_tcp
	;;
tcp_zvt_split)
	# Every answer byte in its own segment.
	tcp_start --proto zvt --split
	tcp_config zvt
	ONLY=serial.link run_pd
	expect serial.link status=ok code=serial.tcp_ok protocol=zvt
	grep -q 'dialogue complete' "$T/sim.log" || fail "the ZVT dialogue was left open"
	expect_nothing_unsafe_tcp
	;;
tcp_zvt_silent | tcp_zvt_garbage | tcp_zvt_cut)
	# The connection taken and the APDU never answered (no other protocol
	# answers either); fixed bytes that fit no protocol; half an answer
	# (80 00 of 80 00 00), then the terminal closes.
	case $case_name in
	tcp_zvt_silent) mode=ackonly want="code=serial.tcp_silent timeout_ms=200" ;;
	tcp_zvt_garbage) mode=garbage want=code=serial.tcp_garbage ;;
	*) mode=cut want=code=serial.tcp_closed ;;
	esac
	tcp_start --proto zvt --mode $mode
	tcp_config zvt
	ONLY=serial.link run_pd
	# shellcheck disable=SC2086
	expect serial.link status=fail $want
	expect_nothing_unsafe_tcp
	;;
tcp_enq_ack)
	# ENQ -> ACK, EOT closes the session; Concert is the same on the wire.
	tcp_start --proto enq-ack
	tcp_config enq-ack
	ONLY=serial.link run_pd
	expect serial.link status=ok code=serial.tcp_ok protocol=enq-ack
	grep -q 'eot: session closed' "$T/sim.log" || fail "the session was left open"
	sim_stop
	tcp_start --proto concert --mode nak
	tcp_config concert
	ONLY=serial.link run_pd
	expect serial.link status=fail code=serial.tcp_nak naks=1
	expect_nothing_unsafe_tcp
	;;
tcp_stx_etx_lrc)
	tcp_start --proto stx-etx-lrc --split
	tcp_config stx-etx-lrc
	ONLY=serial.link run_pd
	expect serial.link status=ok code=serial.tcp_ok protocol=stx-etx-lrc
	expect_nothing_unsafe_tcp
	;;
tcp_mismatch)
	# A ZVT config against an ENQ/ACK terminal, a Concert config against a
	# ZVT terminal: each names what the terminal speaks.
	tcp_start --proto enq-ack
	tcp_config zvt
	ONLY=serial.link run_pd
	expect serial.link status=fail code=serial.protocol_mismatch detected_protocol=enq-ack
	expect_nothing_unsafe_tcp
	sim_stop
	tcp_start --proto zvt
	tcp_config concert
	ONLY=serial.link run_pd
	expect serial.link status=fail code=serial.protocol_mismatch detected_protocol=zvt
	expect_nothing_unsafe_tcp
	;;
tcp_auto)
	# auto against each kind of terminal.
	for proto in zvt enq-ack stx-etx-lrc; do
		tcp_start --proto "$proto"
		tcp_config auto
		ONLY=serial.link run_pd
		expect serial.link status=ok code=serial.tcp_ok protocol=$proto
		expect_nothing_unsafe_tcp
		sim_stop
	done
	tcp_start --proto enq-ack --mode garbage
	tcp_config auto
	ONLY=serial.link run_pd
	expect serial.link status=fail code=serial.tcp_garbage
	;;
tcp_refused)
	# A port nothing listens on: a free port taken and given back.
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	ADDR=127.0.0.1:$port
	tcp_config zvt
	run_pd
	expect serial.port status=ok code=serial.tcp_ok
	expect serial.access status=fail code=serial.tcp_refused
	ONLY=serial.link run_pd
	expect serial.link status=fail code=serial.tcp_refused
	;;
tcp_timeout)
	# A terminal address nobody answers for: 10.77.0.2 on the subnet of one
	# end of a veth pair in a private network namespace; the other end has
	# no address, so the ARP question goes unanswered and no SYN is ever
	# answered (the kernel would give up on ARP after 3 s; the connect
	# waits 1 s).
	[ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
	if [ -z "${SERIAL_IN_NETNS:-}" ]; then
		unshare -n true 2>/dev/null || skip "unshare -n not permitted here"
		trap - EXIT INT TERM
		rm -rf "$T"
		SERIAL_IN_NETNS=1 exec unshare -n bash "$0" "$@"
	fi
	ip link add pd0 type veth peer name pd1
	ip addr add 10.77.0.1/24 dev pd0
	ip link set pd1 up
	ip link set pd0 up
	ADDR=10.77.0.2:20007
	tcp_config zvt
	start=$(date +%s%N)
	ONLY=serial.link run_pd
	took=$(( ($(date +%s%N) - start) / 1000000 ))
	expect serial.link status=fail code=serial.tcp_timeout connect_timeout_ms=1000
	[ "$took" -lt 5000 ] || fail "the check took $took ms"
	;;
tcp_unresolved)
	ADDR=no-such-terminal.invalid:20007
	tcp_config zvt
	run_pd
	expect serial.port status=fail code=serial.tcp_unresolved
	;;
tcp_config)
	# Malformed tcp:// values are config errors with FILE:LINE:COLUMN.
	while IFS='|' read -r value want; do
		printf 'site:\n  name: shop\nserial:\n  port: "%s"\n' "$value" >"$T/bad.yaml"
		set +e
		out=$("$POSDOCTOR" --check-config "$T/bad.yaml" 2>&1)
		rc=$?
		set -e
		[ "$rc" != 0 ] || fail "'$value' accepted"
		case $out in
		*"$T/bad.yaml:4:9: serial.port: "*"$want"*) ;;
		*) fail "'$value': want '$T/bad.yaml:4:9: serial.port: ...$want', got: $out" ;;
		esac
	done <<-'LIST'
	tcp://192.168.1.50|the port is missing
	tcp://192.168.1.50:|the port is missing
	tcp://192.168.1.50:0|from 1 to 65535
	tcp://192.168.1.50:65536|from 1 to 65535
	tcp://192.168.1.50:20007/x|from 1 to 65535
	tcp://:20007|address is missing
	tcp://300.1.1.1:20007|neither an IPv4 address
	tcp://pay terminal:20007|neither an IPv4 address
	tcp://2001:db8::1:20007|in brackets
	tcp://[2001:db8::1:20007|closing ']'
	tcp://[2001:zz::1]:20007|not an IPv6 address
	udp://192.168.1.50:20007|is not known
	LIST
	for value in tcp://192.168.1.50:20007 "tcp://[2001:db8::1]:20007" tcp://terminal-1.shop.lan:1; do
		printf 'serial:\n  port: "%s"\n' "$value" >"$T/good.yaml"
		"$POSDOCTOR" --check-config "$T/good.yaml" >/dev/null 2>&1 || fail "'$value' refused"
	done
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: $case_name"
