#!/bin/bash
# capture_seeds.sh - capture the seeds of tests/fuzz/corpus that come from
# real peers on this machine: upsd's replies (NUT dummy-ups, as
# tests/power/power_ups_nut.sh runs it), the kernel's neighbour-table dump
# over netlink, /proc/net/route, ARP frames as the kernel sends them
# (arping between two veths) and its ICMP echo replies. Everything runs in
# a private network namespace; needs root, nut-server, iproute2,
# iputils-arping, python3.
# The synthetic seeds (every protocol's edge cases) come from seeds.py.
#
#   tests/fuzz/capture_seeds.sh        rewrite the captured seeds in place
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=$HERE/corpus
[ "$(id -u)" = 0 ] || { echo "capture_seeds.sh: needs root" >&2; exit 1; }

if [ -z "${POSDOCTOR_SEED_NETNS:-}" ]; then
	exec unshare --net env POSDOCTOR_SEED_NETNS=1 bash "$0" "$@"
fi
ip link set lo up
mkdir -p "$CORPUS"/{nut,neigh,route,arp,icmp}

# --- upsd: LIST UPS, LIST VAR, GET VAR and two errors, byte for byte ---
. "$HERE/../power/nut_lib.sh"
trap 'nut_stop_all || true' EXIT
nut_setup
nut_write_dev shop <<DEV
ups.status: OB DISCHRG LB
battery.charge: 9
battery.runtime: 180
input.voltage: 0.0
ups.load: 23
ups.alarm: Replace battery!
DEV
nut_add_ups shop 'Shop \"front\" UPS'
nut_add_ups back 'Back room'
nut_write_dev back <<DEV
ups.status: OL CHRG
battery.charge: 97
DEV
nut_start_driver shop
nut_start_driver back
nut_start_upsd
nut_wait_data shop
python3 - "$NUT_PORT" "$CORPUS/nut" <<'PY'
import socket, sys
port, out = int(sys.argv[1]), sys.argv[2]
def ask(cmd, until):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(cmd)
    data = b""
    while until not in data:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    return data
cases = [
    ("list-ups", 0, b"LIST UPS\n", b"END LIST UPS\n"),
    ("list-var", 1, b"LIST VAR shop\n", b"END LIST VAR shop\n"),
    ("list-var-unknown", 1, b"LIST VAR nosuch\n", b"\n"),
    ("get-var", 2, b"GET VAR shop ups.status\n", b"\n"),
    ("get-var-unknown", 2, b"GET VAR shop no.such\n", b"\n"),
]
for name, sel, cmd, until in cases:
    with open(f"{out}/upsd-{name}", "wb") as f:
        f.write(bytes([sel]) + ask(cmd, until))
PY
nut_stop_all || true

# --- the kernel: neighbour dump, route table, ARP frames on a veth pair ---
ip link add v0 type veth peer name v1
ip addr add 10.9.1.1/24 dev v0
ip addr add 10.9.1.2/24 dev v1
ip link set v0 up
ip link set v1 up
# ICMP datagram sockets, for root too, in this namespace.
echo "0 2147483647" > /proc/sys/net/ipv4/ping_group_range
ip route add default via 10.9.1.254 dev v0 metric 100
ip neigh add 10.9.1.20 lladdr 02:00:00:00:01:20 dev v0 nud permanent
ip neigh add 10.9.1.21 lladdr 02:00:00:00:01:21 dev v0 nud stale
ip neigh add 10.9.1.22 dev v0 nud incomplete 2>/dev/null || true
cat /proc/net/route > "$CORPUS/route/proc-net-route"
python3 - "$CORPUS" <<'PY'
import socket, struct, subprocess, sys, time
out = sys.argv[1]
# RTM_GETNEIGH dump, AF_INET: the reply buffers as recv() returns them.
nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
req = struct.pack("=IHHII", 28, 30, 0x301, 1, 0) + struct.pack("=BBHiHBB", 2, 0, 0, 0, 0, 0, 0)
nl.send(req)
n = 0
while True:
    b = nl.recv(65536)
    with open(f"{out}/neigh/kernel-dump-{n}", "wb") as f:
        f.write(b)
    n += 1
    off, done = 0, False
    while off + 16 <= len(b):
        ln, ty = struct.unpack_from("=IH", b, off)
        done = done or ty in (2, 3)       # NLMSG_ERROR, NLMSG_DONE
        off += max(16, (ln + 3) & ~3)
    if done or n > 8:
        break
# ARP on the wire: what arping sends and what the kernel answers.
raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
raw.bind(("v1", 0))
raw.settimeout(0.5)
subprocess.run(["arping", "-c", "1", "-w", "1", "-I", "v0", "10.9.1.2"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.run(["arping", "-c", "1", "-w", "1", "-D", "-I", "v0", "10.9.1.99"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
frames = []
deadline = time.time() + 3
while time.time() < deadline and len(frames) < 6:
    try:
        frames.append(raw.recv(2048))
    except socket.timeout:
        break
for i, fr in enumerate(frames):
    with open(f"{out}/arp/kernel-{i}", "wb") as f:
        f.write(fr)
    # The same frame with an 802.1Q tag (VLAN 5) after the MAC addresses.
    with open(f"{out}/arp/kernel-{i}-vlan", "wb") as f:
        f.write(fr[:12] + b"\x81\x00\x00\x05" + fr[12:])
# ICMP echo as network.host reads it: the kernel's reply to an echo sent
# on an ICMP datagram socket (the bare ICMP message, the identifier the
# kernel chose), and both directions as a raw socket sees them (IP header
# first: our request, then the reply). Harness input: byte 0 bit 0 = raw,
# bytes 1..4 the host's address, 5..6 the identifier, then the datagram.
host = socket.inet_aton("10.9.1.2")
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
raw.settimeout(0.5)
dg = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
dg.settimeout(1)
payload = bytes(range(8, 64))
for seq in (0, 1, 65535):
    dg.sendto(struct.pack("!BBHHH", 8, 0, 0, 0, seq) + payload, ("10.9.1.2", 0))
    reply = dg.recv(2048)
    ident = reply[4:6]
    with open(f"{out}/icmp/kernel-dgram-{seq}", "wb") as f:
        f.write(b"\0" + host + ident + reply)
    for i in range(4):
        try:
            pkt = raw.recv(2048)
        except socket.timeout:
            break
        kind = {0: "reply", 8: "request"}.get(pkt[(pkt[0] & 15) * 4], "other")
        with open(f"{out}/icmp/kernel-raw-{seq}-{kind}", "wb") as f:
            f.write(b"\1" + host + ident + pkt)
PY
echo "capture_seeds.sh: captured seeds written under $CORPUS"
