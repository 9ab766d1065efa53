/* serial.h - the serial module's internals (probes/serial/serial_*.c).
 *
 * serial_sp.c: the one adapter around libserialport (and plain termios).
 * libserialport 0.1.1 has defects (shared/TESTING.md); this adapter hides
 * them so that no other file includes <libserialport.h>:
 *  - names are resolved with realpath() before any lookup (symlinks fail);
 *  - enumeration never trusts sp_list_ports() (it can crash or return SP_OK
 *    with a NULL list when a device vanishes mid-scan): the adapter lists
 *    the ttys through sys/sys_tty.h and asks libserialport about one name
 *    at a time;
 *  - a port is opened only after its holders were checked by the caller, and
 *    an exclusive lock (TIOCGEXCL) is honoured even as root;
 *  - hardware flow control is set through termios (sp_set_flowcontrol puts
 *    CRTSCTS in the wrong flags word);
 *  - reads wait on the fd with poll() (sp_blocking_read spins after unplug);
 *  - every line setting is set explicitly (parity reads back unknown);
 *  - pseudo-terminals (socat, ser2net) use plain termios: sp_open fails on
 *    them because TIOCMGET returns ENOTTY.
 * A "careful" line (the caller could not see every process, so an unseen
 * program may share the port) is never opened through libserialport (sp_open
 * rewrites the settings), never flushed (tcflush would drop the other
 * program's queued bytes: input is read out instead), and only written to
 * termios when the settings differ.
 * Any thread; one serial_line is used by one thread at a time.
 *
 * serial_port.c / serial_open.c: choosing the port and opening it, shared by
 * the checks. Each check is a separate run (open, do, close), so every check
 * that needs the port chooses and opens it itself; a failure fills the
 * result with the same code serial.port / serial.access would give.
 *
 * serial_proto.c: the framing of payment-terminal handshakes. ENQ/ACK/NAK/EOT
 * single bytes (ASCII control codes, ISO 646) and STX payload ETX LRC frames,
 * LRC = XOR of every byte after STX up to and including ETX (Ingenico
 * Concert, PAX, Verifone). Pure functions: any thread.
 *
 * serial_zvt.c: ZVT transport frames (DLE STX APDU DLE ETX CRC-16, DLE
 * doubled inside), the APDUs posdoctor sends (status enquiry and the
 * application acknowledgement only) and a bytes-in/struct-out decoder of
 * STX..ETX LRC frames. Pure functions: any thread.
 */
#ifndef POSDOCTOR_SERIAL_H
#define POSDOCTOR_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <termios.h>

#include "check.h"
#include "config.h"
#include "probe.h"
#include "serial_ports.h"

/* ---- serial_sp.c: libserialport and termios ---- */

/* Line settings, all explicit. */
struct serial_settings {
	int baud;
	int data_bits;
	char parity;                        /* N E O M S */
	int stop_bits;
	enum cfg_flow flow;
};

/* An open port. */
struct serial_line {
	int fd;                             /* the fd poll() waits on */
	void *sp;                           /* struct sp_port *, NULL on plain path */
	bool have_saved;
	struct termios saved;               /* settings found at open, restored at close */
	struct serial_portinfo info;
	uintptr_t lock;                     /* ticket of the module's port lock, 0: none */
	bool careful;                       /* may be shared unseen: no flush */
	bool tcp;                           /* fd is a TCP socket (serial_tcp.c) */
};

/* Whether a device number belongs to a pseudo-terminal slave. */
bool serial_sp_is_pty(dev_t rdev);

/* Open info->device with O_NOCTTY|O_NONBLOCK after the caller checked the
 * holders; careful when that check could not see every process. Waits for the module's port lock until deadline_ms (checks of this
 * module never share a port at the same time). Returns 0, or -1 with errno:
 * EBUSY when the port is exclusively locked (TIOCGEXCL), ETIMEDOUT when the
 * lock did not come in time, else what open() said. */
int serial_sp_open(struct serial_line *ln, const struct serial_portinfo *info,
		   int64_t deadline_ms, bool careful);

/* Apply every setting; reads them back. Returns 0, or -1 with errno
 * (EINVAL: a rate termios does not know). mismatch (may be NULL) gets a
 * short note when the port kept a different value (ptys force 8N1). */
int serial_sp_configure(struct serial_line *ln, const struct serial_settings *s,
			char *mismatch, size_t len);

/* Change only the rate, on the same fd (no close, no DTR toggle); drops
 * unread input (a careful line reads it out instead of flushing). Returns 0 or -1 with errno. */
int serial_sp_set_baud(struct serial_line *ln, int baud);

/* Change rate and framing (data bits, parity, stop bits) on the same fd,
 * termios only; drops unread input like serial_sp_set_baud. Returns 0 or
 * -1 with errno. */
int serial_sp_set_line(struct serial_line *ln, const struct serial_settings *s);

/* Modem lines as TIOCM_* bits. Returns 0, or -1 with errno (ENOTTY/EINVAL:
 * the port has no modem lines, e.g. a pty). */
int serial_sp_modem_lines(struct serial_line *ln, int *bits);

/* UART error counters (TIOCGICOUNT). */
struct serial_counters {
	long frame, parity, overrun, buf_overrun;
};

/* Read the UART's error counters. Returns 0, or -1 with errno (ENOTTY on
 * ptys and many USB adapters: no counters). */
int serial_sp_counters(struct serial_line *ln, struct serial_counters *c);

/* Wait up to timeout_ms for input. Returns 1 readable, 0 timeout, -1 hang-up
 * (POLLHUP/POLLERR/POLLNVAL), -2 error (errno). */
int serial_sp_wait(struct serial_line *ln, int timeout_ms);

/* Non-blocking read/write. read returns bytes, 0 when nothing is waiting,
 * -1 on hang-up (EOF, EIO) or error (errno). write returns 0 when all of
 * buf went out within timeout_ms, -1 on hang-up or error (errno). */
ssize_t serial_sp_read(struct serial_line *ln, uint8_t *buf, size_t len);
int serial_sp_write(struct serial_line *ln, const uint8_t *buf, size_t len, int timeout_ms);

/* The module's port lock (serial_sp_open takes it): checks of this module
 * never use a port at the same time. Waits until deadline_ms at most;
 * returns a ticket, or 0 with errno ETIMEDOUT. On a runner's worker thread
 * the ticket is a hold (core/probe.h): a run abandoned at its deadline
 * gives the lock back, so the next run gets the port. */
uintptr_t serial_sp_lock(int64_t deadline_ms);
/* Give the lock back; nothing when ticket no longer holds it (0 included). */
void serial_sp_unlock(uintptr_t ticket);

/* Restore the settings found at open and close; releases the port lock. */
void serial_sp_close(struct serial_line *ln);

/* termios speed for a rate in baud, 0 when termios has none. */
speed_t serial_sp_speed(int baud);

/* ---- serial_port.c, serial_open.c: choosing and opening the port ---- */

/* A port with the evidence that it is the terminal's. */
struct serial_candidate {
	struct serial_portinfo info;
	int score;
	char why[96];       /* "Verifone vendor id, by-id name" */
};

/* Score every port in list (n entries) for cfg; out gets them best first.
 * Ports that the configured usb_vid/usb_pid rule out are dropped. Returns
 * how many remain. */
int serial_port_rank(const struct config *cfg, const struct serial_portinfo *list, int n,
		     struct serial_candidate *out);

/* The port the checks use: the configured path, or the best candidate for
 * "auto". On failure fills res (serial.port_missing, serial.port_ambiguous,
 * serial.no_ports, serial.not_a_port, serial.brltty, check.error when out
 * of memory) and returns false. On
 * success sets the "port" arg and the port's metrics. */
bool serial_port_choose(const struct config *cfg, struct serial_portinfo *info,
			struct check_result *res, bool verbose);

/* Scan holders, open, configure with the config's settings (talk: the check
 * will send and read; without it a port that may be shared unseen is left
 * as it was found). On failure fills
 * res (serial.port_busy, serial.port_locked, serial.modemmanager,
 * serial.brltty, serial.permission_denied, serial.open_failed,
 * serial.bad_setting, check.timeout when the port lock did not come) and returns false. */
bool serial_port_open(struct probe_ctx *ctx, const struct serial_portinfo *info,
		      struct serial_line *ln, struct check_result *res, bool talk);

/* Settings from the config at rate baud. */
void serial_port_settings(const struct config *cfg, int baud, struct serial_settings *s);

/* Whether an errno means the device went away (unplug, hang-up). */
bool serial_port_errno_gone(int err);

/* Size of a buffer for errno_text() ("error N"). */
#define SERIAL_ERRTEXT_MAX 24

/* ---- serial_tcp.c: a network terminal (serial.port: tcp://HOST:PORT) ---- */

#include <sys/socket.h>

/* Where a network terminal listens. */
struct serial_tcp_target {
	char host[CFG_HOST_MAX];     /* name or address, IPv6 without brackets */
	int port;
	char shown[CFG_HOST_MAX + 16];   /* "host:port", "[v6]:port" */
	bool no_lock;                /* connect without the module's port lock
				      * (a lan.terminals entry: no other check of
				      * this module connects to it) */
};

/* Fill t for host (a name or address, IPv6 without brackets) and port. */
void serial_tcp_target_at(const char *host, int port, struct serial_tcp_target *t);
/* Whether serial.port is tcp://HOST:PORT; fills t. */
bool serial_tcp_target(const struct config *cfg, struct serial_tcp_target *t);
/* Set the args "port" (tcp://HOST:PORT), "host" and "tcp_port". */
void serial_tcp_args(const struct serial_tcp_target *t, struct check_result *res);
/* Resolve t's host before the check's deadline. On failure fills res
 * (serial.tcp_unresolved) and returns false. */
bool serial_tcp_resolve(struct probe_ctx *ctx, const struct serial_tcp_target *t,
			struct sockaddr_storage *sa, socklen_t *sa_len, struct check_result *res);
/* Resolve, take the module's port lock, connect: ln->fd is the connected
 * non-blocking socket (close with serial_sp_close). On failure fills res
 * (serial.tcp_unresolved, serial.tcp_refused, serial.tcp_timeout,
 * serial.open_failed, check.timeout) and returns false. *connect_ms: the
 * connect's time; also the metric connect_ms on success. */
bool serial_tcp_open(struct probe_ctx *ctx, const struct serial_tcp_target *t,
		     struct serial_line *ln, struct check_result *res, double *connect_ms);

/* ---- serial_link.c: the serial.link check ---- */

/* listen + retries x timeout x rates, plus open and close. */
int serial_link_budget_ms(const struct config *cfg, int instance);
void serial_link_run(struct probe_ctx *ctx, struct check_result *res);
/* The configured protocol's exchange with the network terminal at tg,
 * as serial.link runs it for serial.port: tcp://HOST:PORT. */
void serial_link_run_tcp(struct probe_ctx *ctx, struct check_result *res,
			 const struct serial_tcp_target *tg);

/* ---- serial_proto.c: handshake framing ---- */

/* ASCII control characters (ISO 646 / ECMA-6). */
#define PROTO_STX 0x02
#define PROTO_ETX 0x03
#define PROTO_EOT 0x04
#define PROTO_ENQ 0x05
#define PROTO_ACK 0x06
#define PROTO_NAK 0x15

#define PROTO_FRAME_MAX 512

/* Incremental classifier of received bytes. */
struct proto_scan {
	int acks, naks, eots, enqs;
	int frames_ok, frames_bad;   /* STX..ETX LRC with a right / wrong LRC */
	int garbage;                 /* runs of bytes that fit no frame */
	int first;                   /* first byte seen, -1 before any */
	bool first_is_garbage;       /* the first thing heard was garbage */
	/* parser state */
	int state;
	uint8_t lrc;
	size_t flen;
	uint8_t frame[PROTO_FRAME_MAX];   /* payload of the frame being read */
	uint8_t last[PROTO_FRAME_MAX];    /* payload of the last good frame */
	size_t last_len;
	bool in_garbage;
};

void proto_scan_init(struct proto_scan *s);
void proto_scan_feed(struct proto_scan *s, const uint8_t *b, size_t n);
/* Whether a frame was started but not finished. */
bool proto_scan_in_frame(const struct proto_scan *s);
/* Errors counted so far: bad frames, NAKs and garbage runs. */
int proto_scan_errors(const struct proto_scan *s);

/* XOR of n bytes (payload followed by ETX). */
uint8_t proto_lrc(const uint8_t *b, size_t n);
/* STX payload ETX LRC into out; returns its length, 0 when cap is short. */
size_t proto_frame_build(const uint8_t *payload, size_t n, uint8_t *out, size_t cap);

/* Parse hex bytes ("05 01", "0501", "0x05,0x01"); returns the count, or -1
 * on a bad digit, an odd count of digits, or more than cap bytes. */
int proto_hex_parse(const char *hex, uint8_t *out, size_t cap);
/* "05 01 ..." (at most cap-1 chars, "..." when cut). */
void proto_hex_format(const uint8_t *b, size_t n, char *out, size_t cap);


/* A decoded STX payload ETX LRC frame. */
struct proto_lrc_frame {
	uint8_t payload[PROTO_FRAME_MAX];
	size_t len;
	bool lrc_ok;
};

/* Decode one STX..ETX LRC frame at the start of b (bytes before STX are
 * skipped). Returns the bytes used by the frame (> 0), 0 when b ends inside
 * it or holds no STX, -1 when it runs past PROTO_FRAME_MAX without ETX. */
int proto_lrc_decode(const uint8_t *b, size_t n, struct proto_lrc_frame *f);

/* ---- serial_zvt.c: ZVT transport frames ---- */

#define PROTO_DLE 0x10
#define ZVT_APDU_MAX 512

/* CRC-16 of a ZVT frame: CCITT polynomial, reflected (0x8408), start 0,
 * over the APDU bytes (undoubled) and ETX; sent low byte first. */
uint16_t zvt_crc(const uint8_t *b, size_t n);

/* DLE STX apdu DLE ETX CRC into out, DLE doubled; returns its length, 0
 * when cap is short. */
size_t zvt_frame_build(const uint8_t *apdu, size_t n, uint8_t *out, size_t cap);

/* The status enquiry (05 01, password 000000): asks the terminal for its
 * state; starts no payment. Into out; returns its APDU length. */
size_t zvt_status_enquiry(uint8_t *out, size_t cap);

/* Incremental reader of what a ZVT terminal sends: transport ACK/NAK and
 * frames (CRC checked). */
struct zvt_scan {
	int acks, naks;
	int frames_ok, frames_bad;   /* CRC right / wrong or broken DLE use */
	int garbage;                 /* runs of bytes outside a frame */
	int app_acks;                /* good frames 80 00 (application ACK) */
	int app_errors;              /* good frames 84 xx (refused) */
	int ends;                    /* good frames 06 0F / 06 1E (end of dialogue) */
	/* parser state */
	int state;
	bool in_garbage;
	uint8_t crc_lo;
	size_t len;
	uint8_t apdu[ZVT_APDU_MAX];  /* APDU of the frame being read */
	uint8_t last[ZVT_APDU_MAX];  /* APDU of the last good frame */
	size_t last_len;
};

void zvt_scan_init(struct zvt_scan *s);
/* Feed bytes; returns how many good frames ended in them. */
int zvt_scan_feed(struct zvt_scan *s, const uint8_t *b, size_t n);
/* Whether a frame was started but not finished. */
bool zvt_scan_in_frame(const struct zvt_scan *s);

/* A decoded ZVT frame. */
struct zvt_frame {
	uint8_t apdu[ZVT_APDU_MAX];
	size_t len;
	bool crc_ok;
	bool length_ok;              /* the APDU's length field fits its size */
};

/* Decode one frame at the start of b (transport ACK/NAK and other bytes
 * before DLE STX are skipped). Returns the bytes used (> 0), 0 when b ends
 * inside it or holds none, -1 on a broken frame (DLE followed by neither
 * DLE nor ETX, or longer than ZVT_APDU_MAX). */
int zvt_frame_decode(const uint8_t *b, size_t n, struct zvt_frame *f);

/* A raw APDU as ZVT sends it over TCP/IP, where there is no transport
 * layer (no DLE STX, CRC, ACK/NAK): CLASS INSTR LEN DATA, LEN FF meaning
 * two more length bytes, low byte first. */
struct zvt_apdu {
	uint8_t cls, instr;
	size_t header;               /* 3, or 5 with the FF form */
	size_t len;                  /* data bytes */
	uint8_t data[ZVT_APDU_MAX];
};

/* Decode the raw APDU at the start of b. Returns the bytes it takes (> 0),
 * 0 when b ends inside it, -1 when its length field is more than
 * ZVT_APDU_MAX allows (no terminal answer to a status enquiry is). */
int zvt_apdu_decode(const uint8_t *b, size_t n, struct zvt_apdu *a);
/* The raw bytes of a, in its own length form; 0 when cap is short or a
 * is inconsistent. */
size_t zvt_apdu_encode(const struct zvt_apdu *a, uint8_t *out, size_t cap);
/* Whether a is a message a terminal sends the ECR in a status dialogue:
 * 80 00 acknowledgement, 84 xx refusal, 04 0F status, 04 FF intermediate
 * status, 06 0F completion, 06 1E abort, 06 D1 / 06 D3 print. */
bool zvt_apdu_is_reply(const struct zvt_apdu *a);

/* Whether an APDU is one posdoctor may send: the status enquiry (05 01)
 * or the application acknowledgement (80 00). Everything else (a payment
 * 06 01, a reversal, an end of day, a registration) is refused before it
 * is framed. */
bool zvt_apdu_is_allowed(const uint8_t *apdu, size_t n);

#endif
