# bench/bridge_lib.sh - the namespace LAN the ARP and lan benchmarks share:
# one bridge namespace and hosts on it, each a namespace with one veth
# "eth0". Sourced after the caller sets P (a name prefix unique to its run)
# and NS=(); removes every namespace it made, and /tmp/$P.*, on exit.

# Kill what runs in our namespaces, delete them, remove scratch files.
bridge_cleanup() {
	local n
	for n in "${NS[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "/tmp/$P".*
}
trap bridge_cleanup EXIT
trap 'exit 130' INT TERM

# ns NAME: a namespace $P-NAME with its loopback up.
ns() { ip netns add "$P-$1" && NS+=("$P-$1") && ip -n "$P-$1" link set lo up; }

# host NAME MAC ADDR/PREFIX: a namespace on the bridge br0 of $P-br, with
# eth0 set to MAC and ADDR, back once its link is up.
host() {
	ns "$1"
	ip link add "v$1" netns "$P-br" type veth peer name eth0 netns "$P-$1"
	ip -n "$P-br" link set "v$1" master br0 up
	ip -n "$P-$1" link set eth0 address "$2" up
	ip -n "$P-$1" addr add "$3" dev eth0
	for _ in $(seq 100); do
		ip -n "$P-$1" link show eth0 | grep -q LOWER_UP && return
		sleep 0.05
	done
}

# bridge: the bridge namespace $P-br with br0 up, no STP delay.
bridge() {
	ns br
	ip -n "$P-br" link add br0 type bridge stp_state 0 forward_delay 0
	ip -n "$P-br" link set br0 up
}
