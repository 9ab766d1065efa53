#!/usr/bin/env python3
"""seeds.py - write the synthetic seeds of tests/fuzz/corpus: the formats'
edge cases as the tests spell them (tests/sys, tests/power, tests/serial,
tests/report), and copies of the shipped YAML (assets/, config fixtures).
The seeds captured from real peers come from capture_seeds.sh.

    python3 tests/fuzz/seeds.py        (re)write them in place
"""
import glob
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def put(harness, name, data):
    d = os.path.join(CORPUS, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def copy(harness, prefix, pattern, head=b""):
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        with open(path, "rb") as f:
            put(harness, prefix + os.path.basename(path), head + f.read())


# --- netlink neighbour replies (RTM_NEWNEIGH = 28, NLMSG_DONE = 3) ---
def rta(kind, payload):
    ln = 4 + len(payload)
    return struct.pack("=HH", ln, kind) + payload + b"\0" * ((4 - ln % 4) % 4)


def neigh(ip, mac, state, confirmed=None):
    body = struct.pack("=BBHiHBB", 2, 0, 0, 3, state, 0, 1)
    body += rta(1, bytes(ip))                      # NDA_DST
    if mac:
        body += rta(2, bytes(mac))                 # NDA_LLADDR
    if confirmed is not None:                      # NDA_CACHEINFO
        body += rta(3, struct.pack("=IIII", confirmed, 100, 200, 1))
    return struct.pack("=IHHII", 16 + len(body), 28, 2, 1, 0) + body


done = struct.pack("=IHHIIi", 20, 3, 2, 1, 0, 0)
put("neigh", "two-entries-done", neigh([10, 0, 0, 1], [2, 0, 0, 0, 0, 1], 2, 150)
    + neigh([10, 0, 0, 2], None, 1) + done)
odd = neigh([10, 0, 0, 3], [2, 0, 0, 0, 0, 3], 4)
odd = struct.pack("=I", len(odd) - 1) + odd[4:-1]  # nlmsg_len not a multiple of 4
put("neigh", "odd-length-last", neigh([10, 0, 0, 1], [2, 0, 0, 0, 0, 1], 2) + odd)
put("neigh", "error", struct.pack("=IHHIIi", 36, 2, 0, 1, 0, -1) + b"\0" * 16)

# --- /proc/net/route, /proc/net/wireless ---
put("route", "two-defaults",
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "wlan0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
    "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "eth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n")
put("route", "no-newline", "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000")
put("wifi", "dbm-and-byte",
    "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
    " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
    "wlp2s0: 0000   35.  -75.  -256        0      0      0      0     12        0\n"
    " wlan0: 0000   60   200   0        0      0      0      0      0        0\n")
put("wifi", "garbage-line", "wlan0: garbage\n")

# --- kernel log records (the kernel's dev-kmsg format) ---
put("kmsg", "undervoltage", "2,412,12500000,-;Under-voltage detected! (0x00050005)")
put("kmsg", "hwmon-caller", "30,900,340000000,c,caller=T12;hwmon hwmon1: Undervoltage detected!\r\n")
put("kmsg", "empty-message", "6,1,2,-;")
put("kmsg", "normalised", "6,4,2500000,-;Voltage normalised (0x00000000)\n SUBSYSTEM=platform\n")
put("kmsg", "continuation", " SUBSYSTEM=cpu")

# --- sysfs values ---
for name, v in [("mtu", "1500\n"), ("speed", "-1\n"), ("temp", "48312\n"),
                ("address", "02:00:00:00:00:0b\n"), ("blank", " \n"),
                ("hex", "0x50005\n"), ("big", "99999999999999999999999\n")]:
    put("sysfs", name, v)

# --- ARP frames built as tests/arp/arp_unit.c builds them ---
def arp(op, sha, spa, tha, tpa, dst=b"\xff" * 6):
    return dst + sha + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) \
        + sha + bytes(spa) + tha + bytes(tpa)


other = bytes([0x02, 0x00, 0x00, 0x00, 0x00, 0x0b])
put("arp", "reply", arp(2, other, [10, 0, 0, 10], b"\2\0\0\0\0\1", [10, 0, 0, 1], b"\2\0\0\0\0\1"))
put("arp", "probe-padded", arp(1, other, [0, 0, 0, 0], b"\0" * 6, [10, 0, 0, 1]) + b"\0" * 18)
req = arp(1, other, [10, 0, 0, 10], b"\0" * 6, [10, 0, 0, 1])
put("arp", "request-vlan", req[:12] + b"\x81\x00\x00\x05" + req[12:])

# --- apcupsd NIS: 2-byte big-endian frames, a zero frame at the end ---
def nis(lines):
    out = b""
    for ln in lines:
        out += struct.pack("!H", len(ln)) + ln.encode()
    return out + b"\0\0"


status = ["APC      : 001,036,0877\n", "DATE     : 2026-11-22 10:00:00 +0000\n",
          "UPSNAME  : backroom\n", "STATUS   : ONBATT LOWBATT \n", "LINEV    : 0.0 Volts\n",
          "LOADPCT  : 17.0 Percent\n", "BCHARGE  : 9.0 Percent\n",
          "TIMELEFT : 2.5 Minutes\n", "END APC  : 2026-11-22 10:00:01 +0000\n"]
put("apcupsd", "onbatt", nis(status))
put("apcupsd", "online-unknown-word", nis(["UPSNAME  : shop\n",
                                          "STATUS   : ONLINE REPLACEBATT NEWTHING\n"]))
put("apcupsd", "bigframe", b"\xff\xff" + b"x" * 64)

# --- NUT replies (first byte: 0 LIST UPS, 1 LIST VAR shop, 2 GET VAR) ---
put("nut", "escapes", b"\0BEGIN LIST UPS\nUPS a \"say \\\"hi\\\" \\\\ back\"\r\nEND LIST UPS\n")
put("nut", "unterminated", b"\1BEGIN LIST VAR shop\nVAR shop ups.status \"OB LB\nEND LIST VAR shop\n")
put("nut", "err", b"\2ERR DATA-STALE\n")

# --- serial handshake bytes (first byte: read() piece size) ---
def frame(payload, good=True):
    body = payload + b"\x03"
    lrc = 0
    for b in body:
        lrc ^= b
    return b"\x02" + body + bytes([lrc if good else lrc ^ 0x5A])


put("serial", "ack-frame", b"\x03\x06" + frame(b"00OK"))
put("serial", "badlrc", b"\x00\x06" + frame(b"00OK", False))
put("serial", "enq-nak-eot", b"\x01\x05\x15\x04\x05\x06")
put("serial", "garbage-then-frame", b"\x07\xff\xfe\x80 noise" + frame(b"HB"))
put("serial", "hex", b"\x0005 01 0x02,0x03")

# --- dates: HTTP Date: forms and both certificate spellings ---
for name, s in [("imf", "Sun, 06 Nov 1994 08:49:37 GMT"),
                ("rfc850", "Sunday, 06-Nov-94 08:49:37 GMT"),
                ("asctime", "Sun Nov  6 08:49:37 1994"),
                ("openssl", "Jan  2 15:04:05 2027 GMT"),
                ("gnutls", "2027-01-02 15:04:05 UTC"),
                ("leap", "Thu, 31 Dec 2026 23:59:60 GMT")]:
    put("dates", name, s)

# --- YAML: the example config, the config fixtures, the catalogues ---
copy("config", "example-", "assets/posdoctor.example.yaml")
copy("config", "fixture-", "tests/config/fixtures/*.yaml")
copy("catalog", "fixes-", "assets/fixes/*.yaml", b"\1")
copy("catalog", "site-", "tests/config/fixtures/site/*.yaml", b"\1")
copy("catalog", "strings-", "assets/strings/*.yaml", b"\0")

# --- placeholders: template \0 name \0 value ... ('#' number, '$' text) ---
put("expand", "args-metrics", b"{loss_pct}% of packets to {host} lost ({rtt}) {missing}\0"
    b"host\0pay.\"example\"\\com\0#loss_pct\x0038.5\x00$rtt\x00icmp")
put("expand", "braces", b"{{host}} {} {host {\0host\0h")
put("expand", "chinese", "发往 {host} 的数据包丢失了 {loss_pct}%\0host\0备用\0#loss_pct\x001e300".encode())

# --- report text: every C0 control, DEL, Chinese, invalid UTF-8 ---
tricky = bytes(range(1, 32)) + b"\x7f" + "中文".encode() + b"\xff\xc0\x80\xed\xa0\x80end"
put("report", "tricky", b"\x28" + tricky)
put("report", "bidi-wide", b"\x08" + "\u202eevil\u202c 支付终端无法连接 \u2028 x".encode())
put("report", "long-words", b"\x14" + b"a" * 70 + b" " + "宽".encode() * 30)

# --- triage flows and response-code tables: the shipped files, the tests'
# broken ones; codes: byte 0 = length of the typed code that follows ---
copy("guide", "asset-", "assets/guides/*.yaml")
copy("guide", "fixture-", "tests/guides/fixtures/*.yaml")
copy("codes", "iso-51-", "assets/codes/iso8583.yaml", b"\x0251")
copy("codes", "cup-a0-", "assets/codes/cup.yaml", b"\x02a0")
copy("codes", "typed-5-", "assets/codes/cup.yaml", b"\x015")
copy("codes", "typed-bad-", "assets/codes/iso8583.yaml", b"\x045 1x")

# --- the vendor registry: byte 0 bit 0 = .csv, bytes 1..6 = the MAC, then
# lines in each layout (IEEE oui.txt and oui.csv, arp-scan, the fallback) ---
pax = b"\xf4\x02\x23\x11\x22\x33"
put("oui", "ieee-txt", b"\0" + pax +
    b"F4-02-23   (hex)\t\tPAX Computer Technology(Shenzhen) Ltd.\n"
    b"F40223     (base 16)\t\tPAX Computer Technology(Shenzhen) Ltd.\n"
    b"\t\t\t\tShenzhen  Guangdong  518057\n\t\t\t\tCN\n\n")
put("oui", "ieee-csv", b"\1" + pax +
    b"Registry,Assignment,Organization Name,Organization Address\n"
    b"MA-L,F40223,\"PAX Computer Technology(Shenzhen) Ltd.\",\"Shenzhen CN\"\n"
    b"MA-M,F40223A,\"Small Maker, Co.,Ltd.\",somewhere\n")
put("oui", "ieee-csv-36", b"\1" + b"\x70\xb3\xd5\x01\x23\x45" +
    b"MA-S,70B3D5012,\"Tiny Devices GmbH\",x\n")
put("oui", "arp-scan", b"\0" + b"\x54\x7f\x54\x00\x00\x01" +
    b"# ieee-oui.txt\n547F54\tINGENICO\n000B4F\tVerifone, Inc.\n")
put("oui", "local-admin", b"\0" + b"\x02\x00\x00\x00\x00\x01" + b"020000\tNobody\n")
put("oui", "long-line", b"\0" + pax + b"x" * 70000 + b"\nF40223\tAfter a long line\n")
with open(os.path.join(ROOT, "assets/oui-fallback.txt"), "rb") as f:
    put("oui", "fallback", b"\0" + b"\x00\x17\x6f\x01\x02\x03" + f.read())

# --- ICMP echo replies as network.host reads them: byte 0 bit 0 = raw
# socket (IP header first), bytes 1..4 the host, 5..6 our identifier, then
# the datagram; the kernel's own come from capture_seeds.sh ---
def icmp(kind, ident, seq, code=0, data=bytes(range(8, 64))):
    return struct.pack("!BBHHH", kind, code, 0, ident, seq) + data


def ipv4(src, payload, ihl=5, version=4, proto=1):
    opts = b"\x01" * (ihl * 4 - 20) if ihl >= 5 else b""
    return (struct.pack("!BBHHHBBH4s4s", version << 4 | ihl, 0,
                        ihl * 4 + len(payload), 0, 0x4000, 64, proto, 0,
                        src, b"\x0a\x09\x01\x0a") + opts + payload)


host, other = b"\x0a\x09\x01\x02", b"\x0a\x09\x01\x63"
pre_raw, pre_dg = b"\1" + host + b"\x12\x34", b"\0" + host + b"\x12\x34"
put("icmp", "dgram-reply", pre_dg + icmp(0, 0x1234, 7))
put("icmp", "dgram-short", pre_dg + icmp(0, 0x1234, 7)[:7])
put("icmp", "dgram-unreachable", pre_dg + icmp(3, 0, 0, code=1,
    data=ipv4(host, icmp(8, 0x1234, 7))[:28]))
put("icmp", "raw-reply", pre_raw + ipv4(host, icmp(0, 0x1234, 7)))
put("icmp", "raw-options", pre_raw + ipv4(host, icmp(0, 0x1234, 8), ihl=15))
put("icmp", "raw-ihl-short", pre_raw + ipv4(host, icmp(0, 0x1234, 9), ihl=4))
put("icmp", "raw-ihl-past-end", pre_raw + ipv4(host, b"\0\0", ihl=15)[:60])
put("icmp", "raw-ipv6", pre_raw + ipv4(host, icmp(0, 0x1234, 7), version=6))
put("icmp", "raw-other-host", pre_raw + ipv4(other, icmp(0, 0x1234, 7)))
put("icmp", "raw-other-id", pre_raw + ipv4(host, icmp(0, 0x4321, 7)))
put("icmp", "raw-request", pre_raw + ipv4(host, icmp(8, 0x1234, 7)))
put("icmp", "raw-code", pre_raw + ipv4(host, icmp(0, 0x1234, 7, code=3)))
put("icmp", "raw-udp", pre_raw + ipv4(host, icmp(0, 0x1234, 7), proto=17))
