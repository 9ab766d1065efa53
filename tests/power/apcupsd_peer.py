#!/usr/bin/env python3
"""apcupsd_peer.py - a small apcupsd NIS server for the power tests.

Listens on 127.0.0.1 (free port, written to PORTFILE), and for every client
reads one framed request (2-byte big-endian length + text). What it answers
depends on the first line of MODEFILE, re-read per connection:
  status   one frame per line of STATUSFILE, then a zero-length frame
  silent   read the request, never answer
  bigframe a frame header announcing 65535 bytes, then junk
  close    close at once
  garbage  send junk at once (to a NUT client too), then wait for close
  badreq   (internal) the request was not "status": close
Every connection is logged to stdout, so the test can check the framing.
"""
import socket
import struct
import sys


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(portfile, modefile, statusfile):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    while True:
        conn, _ = srv.accept()
        with conn:
            mode = open(modefile).read().split()[0]
            if mode == "close":
                print("conn close", flush=True)
                continue
            if mode == "garbage":
                conn.sendall(b"\x00\x01HELLO garbage\r\n\xff\xfe\n")
                conn.recv(1)
                continue
            hdr = recv_exact(conn, 2)
            if hdr is None:
                continue
            (n,) = struct.unpack(">H", hdr)
            req = recv_exact(conn, n)
            print("request %r" % req, flush=True)
            if req != b"status":
                continue
            if mode == "silent":
                conn.recv(1)   # until the client gives up and closes
                continue
            if mode == "bigframe":
                conn.sendall(struct.pack(">H", 65535) + b"x" * 100)
                continue
            for line in open(statusfile).read().splitlines():
                data = (line + "\n").encode()
                conn.sendall(struct.pack(">H", len(data)) + data)
            conn.sendall(struct.pack(">H", 0))


if __name__ == "__main__":
    serve(*sys.argv[1:4])
