#!/usr/bin/env python3
"""ecrsim.py - a simulated payment terminal speaking a real ECR protocol,
on the master side of a pty.

Protocols (--proto):
  zvt      the terminal's side of ZVT: a frame is DLE STX APDU DLE ETX CRC
           (DLE doubled, CRC-16 reflected CCITT, low byte first); every good
           frame is answered with ACK (06), a bad CRC with NAK (15); bytes
           outside a frame are ignored. To the status enquiry (05 01) it
           replies 80 00 00, then sends its status (04 0F) and the completion
           (06 0F), each after the ECR's ACK, and expects 80 00 00 for each.
  concert  Ingenico Caisse/Concert line handshake: ENQ -> ACK opens a
           session, EOT closes it. An STX message inside a session would be
           a payment request: it is logged as "message" (tests assert that
           posdoctor never sends one). Bytes outside a session are ignored.
  enq-ack  the same line handshake as concert (generic ENQ/ACK terminal).

Line model (pty): a pty carries no data bits or parity (the kernel forces
8N on the slave), so the LD_PRELOAD shim (shim_modem.c) writes, before
each write() posdoctor makes on the port, a line "N SPEED CSn [PARENB]
[CSTOPB]" to --termios-file: the rate and framing those N bytes leave in.
The simulator reads the lines in step with the bytes, so a later change
(the search's next setting, the restore at close) never applies to bytes
sent before it. Its answers are read in the framing of posdoctor's last
write. Without the shim it falls back to what the pty shows (rate, stop
bits; 8N). At another rate the terminal
hears noise and sends noise. At the same rate, every byte is turned into
the bits a UART would send in the sender's framing (start bit, data bits
LSB first, parity, stop bits, back to back) and read back in the
receiver's framing, as a UART would: a parity error or a missing first stop
bit gives a NUL byte (Linux default without IGNPAR/PARMRK) on posdoctor's
side and a dropped byte on the terminal's side. So a framing mismatch
garbles exactly the characters real hardware would garble (8N1 vs 8N2 is
not one: receivers check one stop bit).

Modes: ok, ackonly (transport ACK, never the application reply), nak,
silent, garbage, cut (on the first request: half an answer, then close:
disconnect mid-frame). --split sends answers one byte at a time; --delay MS
answers each request MS late (a slow terminal).
--log FILE: one line per event, "apdu .." for every ZVT APDU received and
"message .." for every Concert STX message received.

--tcp HOST:PORT: a terminal on the network instead (port 0: any free one;
--ready gets "HOST:PORT"). No line model: bytes arrive as sent. Each
connection starts with a fresh parser (the ECR may connect several times).
ZVT goes as raw APDUs (CLASS INSTR LEN DATA, LEN FF + two bytes little
endian): no DLE STX, no CRC, no ACK/NAK; the status enquiry gets 80 00 00
and the status 04 0F at once, the ECR's 80 00 00 gets the completion 06 0F,
the next 80 00 00 ends the dialogue. concert / enq-ack as on the line, and
stx-etx-lrc: a good STX..ETX LRC frame gets ACK and the frame STX "00" ETX
LRC, a bad one NAK. Modes as above; ackonly: the connection is taken and
nothing ever answered; garbage: fixed bytes that fit no protocol; cut:
half an answer, then the connection is closed (the simulator listens on).
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

STX, ETX, EOT, ENQ, ACK, NAK, DLE = 0x02, 0x03, 0x04, 0x05, 0x06, 0x15, 0x10

SPEEDS = {getattr(termios, "B%d" % b): b for b in
          (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)}


def zvt_crc(data):
    """CRC-16, CCITT polynomial bit-reversed (0x8408), register from 0."""
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def zvt_frame(apdu):
    body = bytearray()
    for b in apdu:
        body.append(b)
        if b == DLE:
            body.append(DLE)
    crc = zvt_crc(bytes(apdu) + bytes([ETX]))
    return bytes([DLE, STX]) + bytes(body) + bytes([DLE, ETX, crc & 0xFF, crc >> 8])


def parse_framing(text):
    return int(text[0]), text[1].upper(), int(text[2])


def to_bits(data, framing):
    """The bit stream a UART sends for data, characters back to back."""
    bits, (size, parity, stop) = [], framing
    for b in data:
        d = [(b >> i) & 1 for i in range(size)]
        bits.append(0)
        bits += d
        if parity in "EO":
            ones = sum(d) % 2
            bits.append(ones if parity == "E" else 1 - ones)
        bits += [1] * stop
    return bits + [1] * 24


def from_bits(bits, framing):
    """What a UART reads from a bit stream: (byte or None on error) each."""
    out, i, (size, parity, _) = [], 0, framing
    need = 1 + size + (1 if parity in "EO" else 0) + 1
    while i < len(bits):
        if bits[i] == 1:
            i += 1
            continue
        if i + need > len(bits):
            break
        d = bits[i + 1:i + 1 + size]
        j = i + 1 + size
        ok = True
        if parity in "EO":
            ones = (sum(d) + bits[j]) % 2
            ok = ones == (0 if parity == "E" else 1)
            j += 1
        ok = ok and bits[j] == 1      # the first stop bit only
        out.append(sum(v << k for k, v in enumerate(d)) if ok else None)
        i = j + 1
    return out


class Sim:
    def __init__(self, a):
        self.a = a
        self.framing = parse_framing(a.framing)
        self.logf = open(a.log, "a", buffering=1) if a.log else None
        self.requests = 0
        self.buf = bytearray()
        self.state = "idle"
        self.records = []       # [bytes left, (baud, framing)] per write
        self.log_off = 0
        self.last_host = None
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        tty.setraw(slave)
        if not a.keep_slave:
            os.close(slave)   # posdoctor must find no holder but itself
        else:
            self.slave = slave  # as pty.openpty() users and COM bridges do

    def announce(self):
        """Write where the terminal is (pty path or HOST:PORT) to --ready."""
        if self.a.ready:
            tmp = self.a.ready + ".tmp"
            with open(tmp, "w") as f:
                f.write(self.path + "\n")
            os.rename(tmp, self.a.ready)

    def log(self, msg):
        if self.logf:
            self.logf.write("%.6f %s\n" % (time.monotonic(), msg))

    # ---- the line ----

    def pty_line(self):
        """Rate and stop bits as the pty shows them now (8N: a pty keeps no
        data bits or parity)."""
        try:
            attr = termios.tcgetattr(self.master)
        except termios.error:
            return 0, (8, "N", 1)
        return SPEEDS.get(attr[5], 0), (8, "N", 2 if attr[2] & termios.CSTOPB else 1)

    def read_records(self):
        """New lines of the shim's log: one per write() posdoctor made."""
        if not self.a.termios_file:
            return
        try:
            with open(self.a.termios_file) as f:
                f.seek(self.log_off)
                text = f.read()
        except OSError:
            return
        end = text.rfind("\n")
        if end < 0:
            return
        self.log_off += len(text[:end + 1].encode())
        for line in text[:end].split("\n"):
            w = line.split()
            if w and w[0].startswith("-"):          # part of a write never went out
                if self.records:
                    self.records[-1][0] -= int(w[0][1:])
                continue
            size, parity = int(w[2][2:]), "N"
            if "PARENB" in w:
                parity = "O" if "PARODD" in w else "E"
            line_ = (SPEEDS.get(int(w[1]), 0), (size, parity, 2 if "CSTOPB" in w else 1))
            self.records.append([int(w[0]), line_])

    def host_line(self):
        """posdoctor's rate and framing as of its last write."""
        self.read_records()
        return self.last_host if self.last_host else self.pty_line()

    def heard(self, data):
        """The bytes the terminal's UART reads from what posdoctor wrote,
        each in the rate and framing it was written in."""
        out = bytearray()
        while data:
            if not self.records:
                self.read_records()
            if self.records:
                rec = self.records[0]
                k = min(rec[0], len(data))
                rec[0] -= k
                if rec[0] <= 0:
                    self.records.pop(0)
                line = rec[1]
            else:
                k, line = len(data), self.pty_line()
            self.last_host = line
            part, data = data[:k], data[k:]
            baud, host = line
            if baud != self.a.baud:
                self.log("rx at %d, not %d: noise" % (baud, self.a.baud))
                continue
            got = from_bits(to_bits(part, host), self.framing)
            if None in got:
                self.log("rx framing errors (host %d%s%d)" % host)
            out += bytes(b for b in got if b is not None)
        return bytes(out)

    def send(self, data, what):
        baud, host = self.host_line()
        if baud != self.a.baud:
            data = bytes(random.randint(0x80, 0xFE) for _ in range(len(data) + 2))
        else:
            data = bytes(0 if b is None else b
                         for b in from_bits(to_bits(data, self.framing), host))
        self.emit(data, what, lambda c: os.write(self.master, c))

    def emit(self, data, what, write):
        """Log and write data (one byte at a time with --split)."""
        self.log("tx %s %s" % (what, data.hex(" ")))
        chunks = [data[i:i + 1] for i in range(len(data))] if self.a.split else [data]
        for c in chunks:
            try:
                write(c)
            except OSError as e:
                self.log("tx failed %s" % e)
                return
            if self.a.split:
                time.sleep(0.002)

    def slow(self):
        """A slow terminal: its answer to a request comes --delay ms late."""
        if self.a.delay:
            self.log("thinking %d ms" % self.a.delay)
            time.sleep(self.a.delay / 1000)

    def cut(self):
        self.log("cut: closing mid-answer")
        os.close(self.master)
        sys.exit(0)

    # ---- ZVT ----

    def zvt_send(self, apdu):
        self.send(zvt_frame(apdu), "frame")

    def zvt_request(self, apdu):
        """A good APDU arrived (transport ACK already sent on serial)."""
        self.log("apdu %s" % bytes(apdu).hex(" "))
        mode = self.a.mode
        if apdu[:2] == b"\x80\x00":
            if self.state == "await_app2":
                self.state = self.after_completion
                self.zvt_send([0x06, 0x0F, 0x00])          # completion
            elif self.state == "await_app3":
                self.state = "idle"
                self.log("dialogue complete")
            return
        self.requests += 1
        if mode in ("silent", "ackonly"):
            return
        if mode == "garbage":
            self.send(self.garbage(), "garbage")
            return
        if mode == "cut":
            self.send(self.zvt_half(), "half")
            self.cut()
        if apdu[:2] == b"\x05\x01":
            self.zvt_enquiry()
        else:
            self.zvt_send([0x84, 0x83, 0x00])             # command not possible

    # On the line: the completion waits for the ECR's transport ACK, and
    # so does the status after the answer (zvt_ack).
    after_completion = "await_ack3"

    def garbage(self):
        return bytes(random.randint(0x80, 0xFE) for _ in range(5))

    def zvt_half(self):
        return zvt_frame([0x80, 0x00, 0x00])[:4]

    def zvt_enquiry(self):
        self.zvt_send([0x80, 0x00, 0x00])
        self.state = "await_ack1"

    def zvt_ack(self):
        """The ECR acknowledged our last frame."""
        if self.state == "await_ack1":
            self.state = "await_app2"
            self.zvt_send([0x04, 0x0F, 0x02, 0x27, 0x00])  # status: result 00
        elif self.state == "await_ack3":
            self.state = "await_app3"

    def zvt_parse(self):
        while self.buf:
            if self.buf[0] == ACK:
                del self.buf[0]
                self.zvt_ack()
                continue
            if self.buf[0] != DLE or (len(self.buf) > 1 and self.buf[1] != STX):
                self.log("ignored %02x" % self.buf[0])
                del self.buf[0]
                continue
            apdu, i, done = bytearray(), 2, False
            while i + 1 < len(self.buf):
                b = self.buf[i]
                if b == DLE and self.buf[i + 1] == DLE:
                    apdu.append(DLE)
                    i += 2
                elif b == DLE and self.buf[i + 1] == ETX:
                    done = True
                    break
                elif b == DLE:
                    break
                else:
                    apdu.append(b)
                    i += 1
            if not done:
                if i + 1 < len(self.buf):                 # DLE without sense
                    del self.buf[:i + 1]
                    self.send(bytes([NAK]), "nak")
                    continue
                return                                    # wait for more
            if i + 3 >= len(self.buf):
                return                                    # CRC not here yet
            crc = self.buf[i + 2] | self.buf[i + 3] << 8
            del self.buf[:i + 4]
            if crc != zvt_crc(bytes(apdu) + bytes([ETX])):
                self.log("bad crc")
                self.send(bytes([NAK]), "nak")
                continue
            if self.a.mode == "nak":
                self.send(bytes([NAK]), "nak")
                continue
            if self.a.mode != "silent":
                self.slow()
                self.send(bytes([ACK]), "ack")
            self.zvt_request(apdu)

    # ---- Concert / ENQ-ACK ----

    def concert_parse(self):
        while self.buf:
            b = self.buf[0]
            if self.state == "idle":
                del self.buf[0]
                if b != ENQ:
                    self.log("ignored %02x" % b)
                    continue
                self.requests += 1
                self.log("enq")
                mode = self.a.mode
                if mode == "silent":
                    continue
                if mode == "cut":
                    self.cut()
                if mode == "garbage":
                    self.send(bytes(random.randint(0x80, 0xFE) for _ in range(4)), "garbage")
                elif mode == "nak":
                    self.send(bytes([NAK]), "nak")
                else:
                    self.slow()
                    self.send(bytes([ACK]), "ack")
                    self.state = "session"
            elif b == EOT:
                del self.buf[0]
                self.state = "idle"
                self.log("eot: session closed")
            elif b == STX:
                end = self.buf.find(bytes([ETX]))
                if end < 0 or end + 1 >= len(self.buf):
                    return
                self.log("message %s" % bytes(self.buf[:end + 2]).hex(" "))
                del self.buf[:end + 2]
                self.send(bytes([ACK]), "ack")
            else:
                self.log("ignored %02x" % b)
                del self.buf[0]

    def feed(self, data):
        self.buf += data
        if self.a.proto == "zvt":
            self.zvt_parse()
        else:
            self.concert_parse()

    def run(self):
        self.announce()
        self.log("listening on %s" % self.path)
        while True:
            r, _, _ = select.select([self.master], [], [], 0.5)
            if not r:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                data = b""
            if not data:
                time.sleep(0.005)   # no slave open (EIO)
                continue
            self.log("rx %s" % data.hex(" "))
            self.feed(self.heard(data))


class TcpSim(Sim):
    """The terminal on a TCP socket (see --tcp)."""

    GARBAGE = bytes([0xDE, 0xAD, 0xBE, 0xEF, 0x42])

    def __init__(self, a):
        import socket
        self.a = a
        self.logf = open(a.log, "a", buffering=1) if a.log else None
        self.requests = 0
        self.buf = bytearray()
        self.state = "idle"
        host, _, port = a.tcp.rpartition(":")
        host = host.strip("[]")
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.lsock = socket.socket(fam, socket.SOCK_STREAM)
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind((host, int(port)))
        self.lsock.listen(4)
        bound = self.lsock.getsockname()
        self.path = ("[%s]:%d" if fam == socket.AF_INET6 else "%s:%d") % (bound[0], bound[1])
        self.conn = None

    def send(self, data, what):
        self.emit(data, what, self.conn.sendall)

    def cut(self):
        self.log("cut: closing mid-answer")
        self.conn.close()
        self.conn = None
        raise ConnectionAbortedError()

    def zvt_raw(self):
        """Whole raw APDUs out of the buffer."""
        while len(self.buf) >= 3:
            hdr, n = 3, self.buf[2]
            if n == 0xFF:
                if len(self.buf) < 5:
                    return
                hdr, n = 5, self.buf[3] | self.buf[4] << 8
            if len(self.buf) < hdr + n:
                return
            apdu = bytes(self.buf[:hdr + n])
            del self.buf[:hdr + n]
            self.zvt_request(apdu)

    # Over TCP there is no transport ACK: each message follows at once.
    after_completion = "await_app3"

    def zvt_send(self, apdu):
        self.send(bytes(apdu), "apdu")

    def garbage(self):
        return self.GARBAGE

    def zvt_half(self):
        return bytes([0x80, 0x00])

    def zvt_enquiry(self):
        self.state = "await_app2"
        self.send(bytes([0x80, 0x00, 0x00, 0x04, 0x0F, 0x02, 0x27, 0x00]), "ack+status")

    def lrc_parse(self):
        while self.buf:
            if self.buf[0] != STX:
                self.log("ignored %02x" % self.buf[0])
                del self.buf[0]
                continue
            end = self.buf.find(bytes([ETX]))
            if end < 0 or end + 1 >= len(self.buf):
                return
            frame = bytes(self.buf[:end + 2])
            del self.buf[:end + 2]
            lrc = 0
            for b in frame[1:-1]:
                lrc ^= b
            self.log("frame %s" % frame.hex(" "))
            self.requests += 1
            mode = self.a.mode
            if mode in ("silent", "ackonly"):
                continue
            if mode == "garbage":
                self.send(self.garbage(), "garbage")
            elif mode == "cut":
                self.send(bytes([ACK, STX, 0x30]), "half")
                self.cut()
            elif mode == "nak" or lrc != frame[-1]:
                self.send(bytes([NAK]), "nak")
            else:
                body = b"00" + bytes([ETX])
                lrc = 0
                for b in body:
                    lrc ^= b
                self.send(bytes([ACK, STX]) + body + bytes([lrc]), "ack+frame")

    def feed(self, data):
        self.buf += data
        if self.a.proto == "zvt":
            self.zvt_raw()
        elif self.a.proto == "stx-etx-lrc":
            self.lrc_parse()
        else:
            if self.a.mode == "garbage" and ENQ in self.buf:
                self.buf.clear()
                self.requests += 1
                self.log("enq")
                self.send(self.garbage(), "garbage")
                return
            self.concert_parse()

    def run(self):
        self.announce()
        self.log("listening on tcp %s" % self.path)
        import socket
        while True:
            self.conn, peer = self.lsock.accept()
            self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.log("connect from %s" % (peer,))
            self.buf, self.state = bytearray(), "idle"
            try:
                while True:
                    data = self.conn.recv(4096)
                    if not data:
                        break
                    self.log("rx %s" % data.hex(" "))
                    self.feed(data)
            except (ConnectionAbortedError, ConnectionResetError):
                pass
            if self.conn:
                self.conn.close()
                self.conn = None
            self.log("closed")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--proto", default="zvt",
                   choices=["zvt", "concert", "enq-ack", "stx-etx-lrc"])
    p.add_argument("--mode", default="ok",
                   choices=["ok", "ackonly", "nak", "silent", "garbage", "cut"])
    p.add_argument("--baud", type=int, default=9600)
    p.add_argument("--framing", default=None, help="the terminal's framing, e.g. 8N2")
    p.add_argument("--split", action="store_true", help="answers one byte at a time")
    p.add_argument("--delay", type=int, default=0, help="ms before answering a request")
    p.add_argument("--keep-slave", action="store_true",
                   help="keep the pty slave open too, as pty.openpty() users do")
    p.add_argument("--termios-file", default=os.environ.get("POSDOCTOR_SHIM_TERMIOS"))
    p.add_argument("--ready", default=None)
    p.add_argument("--log", default=None)
    p.add_argument("--tcp", default=None, metavar="HOST:PORT",
                   help="listen on a TCP socket instead of a pty")
    a = p.parse_args()
    if a.framing is None:
        a.framing = {"zvt": "8N2", "concert": "7E1"}.get(a.proto, "8N1")
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if a.tcp:
        TcpSim(a).run()
    elif a.proto == "stx-etx-lrc":
        p.error("stx-etx-lrc is simulated on --tcp only")
    else:
        Sim(a).run()


if __name__ == "__main__":
    main()
