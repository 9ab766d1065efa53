#!/usr/bin/env python3
"""A tiny DNS server for the network tests: answers A questions for the
names given with --name NAME=ADDR after --delay-ms, NXDOMAIN otherwise
(RFC 1035 §4.1). --rcode N answers every question with that reply code
(2 SERVFAIL, 5 REFUSED) at once; --silent reads questions and never
answers (a stuck server, as opposed to an address nobody holds)."""
import argparse
import socket
import struct
import sys
import threading
import time


def parse_qname(msg, pos):
    labels = []
    while msg[pos]:
        n = msg[pos]
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    return ".".join(labels).lower(), pos + 1


def answer(sock, msg, peer, names, delay, rcode=None):
    time.sleep(delay)
    if len(msg) < 12:
        return
    ident, flags, qd = struct.unpack("!HHH", msg[:6])
    name, end = parse_qname(msg, 12)
    qtype, qclass = struct.unpack("!HH", msg[end:end + 4])
    question = msg[12:end + 4]
    if rcode is not None:
        hdr = struct.pack("!HHHHHH", ident, 0x8180 | rcode, 1, 0, 0, 0)
        sock.sendto(hdr + question, peer)
        return
    addr = names.get(name)
    if addr and qtype == 1:
        hdr = struct.pack("!HHHHHH", ident, 0x8180, 1, 1, 0, 0)
        rr = struct.pack("!HHHLH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(addr)
        sock.sendto(hdr + question + rr, peer)
    else:
        rcode = 3 if not addr else 0
        hdr = struct.pack("!HHHHHH", ident, 0x8180 | rcode, 1, 0, 0, 0)
        sock.sendto(hdr + question, peer)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--delay-ms", type=float, default=0)
    ap.add_argument("--name", action="append", default=[])
    ap.add_argument("--ready", required=True)
    ap.add_argument("--rcode", type=int, default=None)
    ap.add_argument("--silent", action="store_true")
    a = ap.parse_args()
    names = dict(n.lower().split("=", 1) for n in a.name)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((a.addr, 53))
    open(a.ready, "w").close()
    while True:
        msg, peer = sock.recvfrom(2048)
        if a.silent:
            continue
        threading.Thread(target=answer, args=(sock, msg, peer, names, a.delay_ms / 1000.0,
                                              a.rcode), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
