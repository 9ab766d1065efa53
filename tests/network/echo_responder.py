#!/usr/bin/env python3
"""ICMP echo responder for the network tests: answers echo requests to ADDR
from a raw socket after a known delay per request, and logs what it did.

Run it in a namespace with net.ipv4.icmp_echo_ignore_all=1 so that the
kernel stays silent. Delays cycle through --delays (ms). Each reply is logged
as one line "seq delay_ms" to --log, where delay_ms is the time the responder
actually held the request (measured, not planned): the ground truth.
"""
import argparse
import heapq
import select
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = 35     # asm-generic/socket.h


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--delays", default="10")
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready", required=True, help="file created once listening")
    a = ap.parse_args()
    delays = [float(x) / 1000.0 for x in a.delays.split(",")]
    me = socket.inet_aton(a.addr)
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    # Kernel arrival stamps (CLOCK_REALTIME), so the truth includes the time
    # a request waited for this process. All times here are CLOCK_REALTIME.
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    log = open(a.log, "w", buffering=1)
    open(a.ready, "w").close()
    queue = []          # (due, arrival, seq, src, reply bytes)
    n = 0
    while True:
        timeout = None
        if queue:
            timeout = max(0.0, queue[0][0] - time.time())
        r, _, _ = select.select([sock], [], [], timeout)
        now = time.time()
        if r:
            pkt, anc, _, (src, _) = sock.recvmsg(2048, 64)
            arrival = now
            for level, kind, data in anc:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    sec, nsec = struct.unpack("qq", data[:16])
                    arrival = sec + nsec / 1e9
            ihl = (pkt[0] & 0x0F) * 4
            if len(pkt) < ihl + 8 or pkt[16:20] != me:
                continue
            icmp = pkt[ihl:]
            if icmp[0] != 8:        # echo request only
                continue
            ident, seq = struct.unpack("!HH", icmp[4:8])
            body = struct.pack("!BBHHH", 0, 0, 0, ident, seq) + icmp[8:]
            body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
            d = delays[n % len(delays)]
            n += 1
            heapq.heappush(queue, (arrival + d, arrival, seq, src, body))
        while queue and queue[0][0] <= time.time():
            due, arrival, seq, src, body = heapq.heappop(queue)
            # Stamped before the send: a pause of this process after it
            # would put time into the truth that the reply never waited
            # (the truth read 19.2 ms for a 15.7 ms round trip under load).
            # A pause before the send lengthens the round trip instead,
            # which the test's margins allow.
            held = (time.time() - arrival) * 1000.0
            sock.sendto(body, (src, 0))
            log.write("%d %.3f\n" % (seq, held))


if __name__ == "__main__":
    sys.exit(main())
