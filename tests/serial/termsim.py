#!/usr/bin/env python3
"""termsim.py - a simulated payment terminal on the master side of a pty.

The port posdoctor opens is the pty slave. The simulator never opens the
slave itself (it would show up as a holder of the port). It reads the rate
posdoctor set (tcgetattr on the master reports the slave's termios) and
answers only at its own rate; at any other rate it sends garbage, as a real
line would. Closing the master is a hang-up (same kernel path as an unplug).

Modes:
  ack       ENQ -> ACK; STX frame -> ACK + framed reply (right LRC);
            custom request -> --reply bytes
  nak       every request -> NAK
  silent    never answers
  badlrc    STX frame -> ACK + reply frame with a wrong LRC
  noisy     the first --noisy requests get garbage, later ones as in ack
  ackonly   STX frame -> ACK and no reply frame
  hangup    on the first request: close the master (no answer), exit
Also: --heartbeat-ms N sends a framed heartbeat every N ms at the own rate;
--lines "DSR CTS DCD" writes the modem lines for the LD_PRELOAD shim to
--lines-file; --uart-errors N makes the shim's UART counters show N framing
errors from the first request on; --ready FILE gets the slave's path once listening; --log FILE
gets one line per event with a CLOCK_MONOTONIC timestamp.
"""
import argparse
import os
import random
import select
import signal
import sys
import termios
import time
import tty

STX, ETX, EOT, ENQ, ACK, NAK = 0x02, 0x03, 0x04, 0x05, 0x06, 0x15

SPEEDS = {getattr(termios, "B%d" % b): b for b in
          (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)}


def lrc(data):
    """XOR of every byte after STX up to and including ETX."""
    x = 0
    for b in data:
        x ^= b
    return x


def frame(payload, good=True):
    body = bytes(payload) + bytes([ETX])
    check = lrc(body)
    return bytes([STX]) + body + bytes([check if good else check ^ 0x5A])


def garbage():
    """Bytes that look like a wrong rate: never a control code we parse."""
    return bytes(random.randint(0x80, 0xFE) for _ in range(random.randint(3, 7)))


class Sim:
    def __init__(self, args):
        self.a = args
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        tty.setraw(slave)
        os.close(slave)  # posdoctor must find no holder but itself
        self.buf = bytearray()
        self.requests = 0
        self.logf = open(args.log, "a", buffering=1) if args.log else None
        self.next_hb = time.monotonic() + args.heartbeat_ms / 1000.0 if args.heartbeat_ms else None
        if args.heartbeat_after_rx:
            self.next_hb = None   # armed by the first byte received

    def log(self, msg):
        if self.logf:
            self.logf.write("%.6f %s\n" % (time.monotonic(), msg))

    def host_baud(self):
        try:
            return SPEEDS.get(termios.tcgetattr(self.master)[5], 0)
        except termios.error:
            return 0

    def send(self, data, what):
        try:
            os.write(self.master, data)
            self.log("tx %s %s" % (what, data.hex(" ")))
        except OSError as e:
            self.log("tx failed %s" % e)

    def answer(self, kind, payload=b""):
        """Answer one complete request of kind enq / frame / custom."""
        self.requests += 1
        baud = self.host_baud()
        self.log("request %d %s at %d" % (self.requests, kind, baud))
        if self.a.mode == "hangup":
            self.log("hangup")
            os.close(self.master)
            sys.exit(0)
        if self.a.uart_errors and self.requests == 1 and self.a.lines_file:
            # The UART counted framing errors during the exchange (shim).
            write_lines(self.a.lines_file, "%s FRAME=%d" % (self.a.lines or "DSR CTS DCD",
                                                            self.a.uart_errors))
        if self.a.mode == "silent":
            return
        if baud != self.a.baud or (self.a.mode == "noisy" and self.requests <= self.a.noisy):
            self.send(garbage(), "garbage")
            return
        if self.a.mode == "nak":
            self.send(bytes([NAK]), "nak")
            return
        if kind == "enq":
            self.send(bytes([ACK]), "ack")
        elif kind == "frame" and self.a.mode == "ackonly":
            self.send(bytes([ACK]), "ack")
        elif kind == "frame":
            self.send(bytes([ACK]) + frame(b"00OK", self.a.mode != "badlrc"), "reply")
        else:
            self.send(bytes.fromhex(self.a.reply), "custom")

    def parse(self):
        """Take complete requests out of the input buffer."""
        custom = bytes.fromhex(self.a.request) if self.a.request else b""
        while self.buf:
            b = self.buf[0]
            if custom and self.buf.startswith(custom):
                del self.buf[:len(custom)]
                self.answer("custom")
            elif custom and custom.startswith(bytes(self.buf)):
                return  # a custom request still arriving
            elif b == ENQ:
                del self.buf[0]
                self.answer("enq")
            elif b == STX:
                end = self.buf.find(bytes([ETX]))
                if end < 0 or end + 1 >= len(self.buf):
                    return  # wait for ETX and the LRC
                body = bytes(self.buf[1:end + 1])
                good = self.buf[end + 1] == lrc(body)
                del self.buf[:end + 2]
                if good:
                    self.answer("frame", body[:-1])
                else:
                    self.send(bytes([NAK]), "nak-bad-lrc")
            else:
                self.log("rx %02x" % b)
                del self.buf[0]

    def heartbeat(self):
        now = time.monotonic()
        if self.next_hb is None or now < self.next_hb:
            return
        self.next_hb = now + self.a.heartbeat_ms / 1000.0
        if self.host_baud() == self.a.baud:
            self.send(frame(b"HB"), "heartbeat")

    def run(self):
        if self.a.ready:
            tmp = self.a.ready + ".tmp"
            with open(tmp, "w") as f:
                f.write(self.path + "\n")
            os.rename(tmp, self.a.ready)
        self.log("listening on %s" % self.path)
        while True:
            wait = 0.2
            if self.next_hb is not None:
                wait = max(0.0, min(wait, self.next_hb - time.monotonic()))
            r, _, x = select.select([self.master], [], [self.master], wait)
            if r:
                try:
                    data = os.read(self.master, 4096)
                except OSError:
                    data = b""
                if not data:
                    # No slave open (EIO): nobody is listening; wait a bit.
                    time.sleep(0.005)
                    continue
                self.log("rx %s" % data.hex(" "))
                if self.a.heartbeat_after_rx and self.a.heartbeat_ms and self.next_hb is None:
                    self.next_hb = time.monotonic() + self.a.heartbeat_ms / 1000.0
                self.buf += data
                self.parse()
            self.heartbeat()


def write_lines(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(lines + "\n")
    os.rename(tmp, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", default="ack",
                   choices=["ack", "ackonly", "nak", "silent", "badlrc", "noisy", "hangup"])
    p.add_argument("--baud", type=int, default=9600)
    p.add_argument("--noisy", type=int, default=3)
    p.add_argument("--heartbeat-ms", type=int, default=0)
    p.add_argument("--heartbeat-after-rx", action="store_true",
                   help="start the heartbeats only once the till has sent a byte "
                        "(so a slow start cannot put the first one in the till's listen)")
    p.add_argument("--request", default="", help="custom request, hex")
    p.add_argument("--reply", default="06", help="custom reply, hex")
    p.add_argument("--lines", default=None, help='modem lines: "DSR CTS DCD RI" or ""')
    p.add_argument("--lines-file", default=os.environ.get("POSDOCTOR_SHIM_LINES"))
    p.add_argument("--uart-errors", type=int, default=0,
                   help="framing errors the UART reports (shim) after the first request")
    p.add_argument("--ready", default=None)
    p.add_argument("--log", default=None)
    a = p.parse_args()
    if a.lines is not None and a.lines_file:
        write_lines(a.lines_file, a.lines)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    Sim(a).run()


if __name__ == "__main__":
    main()
