#!/usr/bin/env python3
"""SNTP server for the system tests (RFC 4330 §5): answers each client
request with the local clock plus --offset seconds, so a client measures a
known offset. --kiss answers with a kiss-o'-death (stratum 0, RATE);
--silent reads requests and never answers."""
import argparse
import socket
import struct
import time

NTP_DELTA = 2208988800


def ntp_bytes(t):
    t += NTP_DELTA
    secs = int(t)
    frac = int((t - secs) * 2**32) & 0xffffffff
    return struct.pack("!II", secs & 0xffffffff, frac)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=123)
    ap.add_argument("--offset", type=float, default=0.0)
    ap.add_argument("--kiss", action="store_true")
    ap.add_argument("--silent", action="store_true")
    ap.add_argument("--ready", required=True)
    ap.add_argument("--max-requests", type=int, default=1000)
    a = ap.parse_args()

    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    open(a.ready, "w").close()
    for _ in range(a.max_requests):
        req, peer = s.recvfrom(512)
        t2 = time.time() + a.offset
        if len(req) < 48 or (req[0] & 7) != 3 or a.silent:
            continue
        version = (req[0] >> 3) & 7
        stratum = 0 if a.kiss else 2
        refid = b"RATE" if a.kiss else b"\x7f\x00\x00\x01"
        head = struct.pack("!BBbb", (0 << 6) | (version << 3) | 4, stratum, 6, -20)
        body = struct.pack("!II", 0, 0) + refid
        ref = ntp_bytes(t2 - 10)
        t3 = time.time() + a.offset
        s.sendto(head + body + ref + req[40:48] + ntp_bytes(t2) + ntp_bytes(t3), peer)


if __name__ == "__main__":
    main()
