#!/usr/bin/env python3
"""HTTPS server for the network tests: python's http.server with an ssl
context. --date-offset shifts the Date: header (a server whose clock is set
wrong); --status chooses the HTTP status it answers with."""
import argparse
import email.utils
import http.server
import ssl
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, default=443)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--date-offset", type=float, default=0.0)
    ap.add_argument("--status", type=int, default=200)
    ap.add_argument("--ready", required=True)
    a = ap.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def date_time_string(self, timestamp=None):
            return email.utils.formatdate(time.time() + a.date_offset, usegmt=True)

        def do_GET(self):
            body = b"posdoctor test peer\n"
            self.send_response(a.status)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            pass

    srv = http.server.ThreadingHTTPServer((a.addr, a.port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    open(a.ready, "w").close()
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
