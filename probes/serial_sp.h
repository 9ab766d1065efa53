/* serial_sp.h - the one adapter around libserialport (and plain termios).
 *
 * libserialport 0.1.1 has defects (shared/TESTING.md); this adapter hides
 * them so that no other file includes <libserialport.h>:
 *  - names are resolved with realpath() before any lookup (symlinks fail);
 *  - enumeration never trusts sp_list_ports() (it can crash or return SP_OK
 *    with a NULL list when a device vanishes mid-scan): the adapter walks
 *    /sys/class/tty itself and asks libserialport about one name at a time;
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
 */
#ifndef POSDOCTOR_SERIAL_SP_H
#define POSDOCTOR_SERIAL_SP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <termios.h>

#include "config.h"

#define SERIAL_PATH_MAX 256
#define SERIAL_TEXT_MAX 64

/* What is known about one port (from sysfs through libserialport). */
struct serial_portinfo {
	char device[SERIAL_PATH_MAX];       /* canonical path, /dev/ttyUSB0 */
	char by_id[SERIAL_PATH_MAX];        /* /dev/serial/by-id/... or "" */
	char transport[12];                 /* usb, native, bluetooth, pty, unknown */
	int vid, pid;                       /* -1 when not USB */
	char manufacturer[SERIAL_TEXT_MAX];
	char product[SERIAL_TEXT_MAX];
	char serial_no[SERIAL_TEXT_MAX];
	char driver[32];                    /* ftdi_sio, cdc_acm, "" */
	dev_t rdev;                         /* device number, for holder scans */
	bool sysfs_known;                   /* libserialport can handle it */
};

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
};

/* Enumerate ports into out (max entries); returns how many, sorted by name.
 * Never fails: a port that vanishes mid-scan is left out. */
int serial_sp_list(struct serial_portinfo *out, int max);

/* Describe path (realpath first). Returns 0, or -1 with errno (ENOENT when
 * it does not exist, ENOTTY when it is not a character device). */
int serial_sp_describe(const char *path, struct serial_portinfo *out);

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

#endif
