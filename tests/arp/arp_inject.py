#!/usr/bin/env python3
"""arp_inject.py - send hand-made ARP frames, for the arp tests.

Plays the odd peers a real LAN can hold: frames whose Ethernet source
differs from the ARP sender, VLAN-tagged frames. Runs as root inside a test
namespace and logs what it sent (the ground truth).

usage: arp_inject.py IFACE SPA SHA [--tpa IP] [--eth-src MAC] [--vlan ID]
                     [--op 1|2] [--burst N] [--count N] [--interval-ms MS] [--ready FILE]
--ready FILE is created once the first frame is out (tests wait for it).
"""
import argparse
import socket
import struct
import sys
import time


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    ap.add_argument("spa")
    ap.add_argument("sha")
    ap.add_argument("--tpa")
    ap.add_argument("--burst", type=int, default=1)
    ap.add_argument("--ready")
    ap.add_argument("--eth-src")
    ap.add_argument("--vlan", type=int)
    ap.add_argument("--op", type=int, default=2)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--interval-ms", type=int, default=10)
    a = ap.parse_args()

    sha = mac(a.sha)
    src = mac(a.eth_src) if a.eth_src else sha
    eth = b"\xff" * 6 + src
    if a.vlan is not None:
        eth += struct.pack("!HH", 0x8100, a.vlan)
    eth += struct.pack("!H", 0x0806)
    # RFC 826: Ethernet (1), IPv4 (0x0800), hlen 6, plen 4; target zero.
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, a.op) + sha + \
        socket.inet_aton(a.spa) + b"\x00" * 6 + socket.inet_aton(a.tpa or a.spa)
    frame = eth + arp
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    for i in range(a.count):
        for _ in range(a.burst):
            s.send(frame)
        if i == 0 and a.ready:
            open(a.ready, "w").close()
        time.sleep(a.interval_ms / 1000.0)
    print(f"sent {a.count} frame(s) on {a.iface}", file=sys.stderr)


if __name__ == "__main__":
    main()
