/* shim_modem.c - LD_PRELOAD test shim: modem lines for a pty slave.
 *
 * A pty has no modem lines: TIOCMGET says ENOTTY, so libserialport's sp_open
 * fails on it. This shim answers TIOCMGET/TIOCMSET/TIOCMBIS/TIOCMBIC for a
 * pty slave only after the kernel said ENOTTY (or EINVAL), so the real
 * libserialport path runs against the simulated terminal. The lines the
 * terminal drives (DSR, CTS, DCD, RI) come from the text file named by
 * $POSDOCTOR_SHIM_LINES ("DSR CTS DCD"), re-read at every call, so the
 * simulator can pull them at any time; the lines the host drives (DTR, RTS)
 * are kept here. TIOCGICOUNT (UART error counters, which ptys lack) reads
 * FRAME=n PARITY=n OVERRUN=n from the same file. Every other call goes to
 * the kernel untouched.
 *
 * Framing: a pty forces 8 data bits and no parity on its slave (the kernel
 * rewrites CSIZE and PARENB), so the simulator on the master cannot read
 * the framing the program asked for. tcsetattr() on a pty slave is passed
 * on unchanged and the data bits and parity asked for are kept; when
 * $POSDOCTOR_SHIM_TERMIOS names a file, every write() to a pty slave first
 * appends a line there with its length and the rate and framing in force,
 * so the simulator (tests/serial/ecrsim.py) turns each byte into the bits
 * a UART would send at that moment.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/serial.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

static int host_lines = TIOCM_DTR | TIOCM_RTS;

/* Whether fd is a Unix98 pty slave (Linux devices.txt: majors 136-143). */
static int shim_is_pty_slave(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) >= 136 && major(st.st_rdev) <= 143;
}

/* Whether fd is the pty the program itself runs in (its stdin, stdout or
 * stderr: the full-screen checklist in a terminal window), not a port. */
static int shim_is_own_terminal(int fd)
{
	struct stat st, own;

	if (fstat(fd, &st) != 0)
		return 0;
	for (int i = 0; i <= 2; i++)
		if (fstat(i, &own) == 0 && S_ISCHR(own.st_mode) && own.st_rdev == st.st_rdev)
			return 1;
	return 0;
}

/* Whether fd is a pty slave used as a port (see shim_is_own_terminal). */
static int shim_is_port_pty(int fd)
{
	return shim_is_pty_slave(fd) && !shim_is_own_terminal(fd);
}

/* The state file's text into buf; false when there is none. */
static int shim_read_state(char *buf, size_t len)
{
	const char *path = getenv("POSDOCTOR_SHIM_LINES");
	int fd;
	ssize_t n;

	buf[0] = '\0';
	if (!path || !*path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return 1;
}

/* A counter "NAME=n" from the state file, 0 when absent. */
static int shim_counter(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	return p && p[strlen(name)] == '=' ? atoi(p + strlen(name) + 1) : 0;
}

/* The terminal's lines from the state file; all up when there is none. */
static int shim_read_lines(void)
{
	char buf[128];
	int bits = 0;

	if (!shim_read_state(buf, sizeof(buf)))
		return TIOCM_DSR | TIOCM_CTS | TIOCM_CD;
	if (strstr(buf, "DSR")) bits |= TIOCM_DSR;
	if (strstr(buf, "CTS")) bits |= TIOCM_CTS;
	if (strstr(buf, "DCD")) bits |= TIOCM_CD;
	if (strstr(buf, " RI") || strncmp(buf, "RI", 2) == 0) bits |= TIOCM_RI;
	return bits;
}

/* Modem-line ioctls answered for pty slaves after the kernel said ENOTTY. */
int ioctl(int fd, unsigned long req, ...)
{
	static ioctl_fn real;
	va_list ap;
	void *arg;
	int rc, err;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	rc = real(fd, req, arg);
	if (rc == 0 || (errno != ENOTTY && errno != EINVAL))
		return rc;
	err = errno;
	if (!shim_is_pty_slave(fd) || !arg) {
		errno = err;
		return rc;
	}
	switch (req) {
	case TIOCMGET:
		*(int *)arg = host_lines | shim_read_lines();
		return 0;
	case TIOCMSET:
		host_lines = *(int *)arg & (TIOCM_DTR | TIOCM_RTS);
		return 0;
	case TIOCMBIS:
		host_lines |= *(int *)arg & (TIOCM_DTR | TIOCM_RTS);
		return 0;
	case TIOCMBIC:
		host_lines &= ~(*(int *)arg & (TIOCM_DTR | TIOCM_RTS));
		return 0;
	case TIOCGICOUNT: {
		/* UART error counters, as "FRAME=n PARITY=n OVERRUN=n". */
		struct serial_icounter_struct *ic = arg;
		char buf[128];

		memset(ic, 0, sizeof(*ic));
		shim_read_state(buf, sizeof(buf));
		ic->frame = shim_counter(buf, "FRAME");
		ic->parity = shim_counter(buf, "PARITY");
		ic->overrun = shim_counter(buf, "OVERRUN");
		return 0;
	}
	default:
		errno = err;
		return rc;
	}
}

typedef int (*tcsetattr_fn)(int, int, const struct termios *);
typedef ssize_t (*write_fn)(int, const void *, size_t);

/* Data bits and parity last asked for on a pty slave ("CS8", "CS7 PARENB"). */
static char asked[32] = "CS8";

/* Append one line to the framing log (O_APPEND: whole lines). */
static void shim_log_line(const char *path, const char *text, size_t len)
{
	static write_fn real;
	int out;

	if (!real)
		real = (write_fn)dlsym(RTLD_NEXT, "write");
	out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0)
		return;
	if (real(out, text, len) < 0)
		(void)0;
	close(out);
}

/* Record the framing asked for on a pty slave, then set it as asked. */
int tcsetattr(int fd, int act, const struct termios *t)
{
	static tcsetattr_fn real;

	if (!real)
		real = (tcsetattr_fn)dlsym(RTLD_NEXT, "tcsetattr");
	if (t && shim_is_port_pty(fd)) {
		int size = (t->c_cflag & CSIZE) == CS5 ? 5 : (t->c_cflag & CSIZE) == CS6 ? 6 :
			   (t->c_cflag & CSIZE) == CS7 ? 7 : 8;

		snprintf(asked, sizeof(asked), "CS%d%s%s", size,
			 (t->c_cflag & PARENB) ? " PARENB" : "",
			 (t->c_cflag & PARODD) ? " PARODD" : "");
	}
	return real(fd, act, t);
}

/* Bytes written to a pty slave: first one line "N SPEED CSn [PARENB
 * [PARODD]] [CSTOPB]" in $POSDOCTOR_SHIM_TERMIOS saying in which framing
 * they leave (what a UART would put on the wire at that moment), then the
 * bytes. The simulator reads the lines in order with the bytes, so a later
 * change of settings (the restore at close) cannot be mistaken for the
 * framing of bytes sent before it. */
ssize_t write(int fd, const void *buf, size_t len)
{
	static write_fn real;
	const char *path = getenv("POSDOCTOR_SHIM_TERMIOS");
	ssize_t n;

	if (!real)
		real = (write_fn)dlsym(RTLD_NEXT, "write");
	if (path && *path && len > 0 && shim_is_port_pty(fd)) {
		struct termios t;
		char line[96];
		int k;

		if (tcgetattr(fd, &t) == 0) {
			k = snprintf(line, sizeof(line), "%zu %u %s%s\n", len,
				     (unsigned)cfgetospeed(&t), asked,
				     (t.c_cflag & CSTOPB) ? " CSTOPB" : "");
			shim_log_line(path, line, (size_t)k);
		}
		n = real(fd, buf, len);
		if (n >= 0 && (size_t)n < len) {
			/* Only part went out: the rest was never sent. */
			k = snprintf(line, sizeof(line), "-%zu\n", len - (size_t)n);
			shim_log_line(path, line, (size_t)k);
		}
		return n;
	}
	return real(fd, buf, len);
}
