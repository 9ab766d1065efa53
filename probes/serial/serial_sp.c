/* serial_sp.c - the adapter around libserialport 0.1.1 and plain termios.
 * See serial_sp.h for the defects it hides. */
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <limits.h>
#include <linux/serial.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sys_tty.h"
#include "probe.h"
#include "text.h"

#ifndef TIOCGEXCL
#define TIOCGEXCL _IOR('T', 0x40, int)  /* Linux 3.8+, asm-generic/ioctls.h */
#endif

/* Linux devices.txt: Unix98 PTY slaves use majors 136-143. */
#define PTY_SLAVE_MAJOR_FIRST 136
#define PTY_SLAVE_MAJOR_LAST  143
/* Tty names read from sysfs in one enumeration: real ports, more than
 * SERIAL_PORTS_MAX so vanished ones still leave room. */
#define SERIAL_TTY_NAMES_MAX 128

/* Checks of this module take turns on ports (one process, one port user).
 * The lock is held by ticket, not by thread: the runner gives it back for a
 * run it abandoned at its deadline (port_release through probe_hold), and
 * that run's own late release, with a stale ticket, changes nothing. */
static pthread_mutex_t port_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t port_cv;          /* on CLOCK_MONOTONIC */
static pthread_once_t port_once = PTHREAD_ONCE_INIT;
static uintptr_t port_owner;            /* ticket of the holder, 0: free */
static uintptr_t port_tickets;          /* last ticket handed out */

/* Whether a device number is a pty slave (socat, ser2net, tests). */
bool serial_sp_is_pty(dev_t rdev)
{
	unsigned int maj = major(rdev);

	return maj >= PTY_SLAVE_MAJOR_FIRST && maj <= PTY_SLAVE_MAJOR_LAST;
}

/* Fill the USB/transport fields through libserialport; false when it does
 * not know the name (no /sys/class/tty entry, as for ptys). */
static bool sp_fill_details(struct serial_portinfo *pi)
{
	struct sp_port *p = NULL;
	int vid = -1, pid = -1;

	if (strncmp(pi->device, "/dev/", 5) != 0)
		return false;
	if (sp_get_port_by_name(pi->device, &p) != SP_OK || !p)
		return false;
	switch (sp_get_port_transport(p)) {
	case SP_TRANSPORT_USB: text_copy(pi->transport, sizeof(pi->transport), "usb"); break;
	case SP_TRANSPORT_BLUETOOTH: text_copy(pi->transport, sizeof(pi->transport), "bluetooth"); break;
	default: text_copy(pi->transport, sizeof(pi->transport), "native"); break;
	}
	if (sp_get_port_transport(p) == SP_TRANSPORT_USB &&
	    sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
		pi->vid = vid;
		pi->pid = pid;
		text_copy(pi->manufacturer, sizeof(pi->manufacturer), sp_get_port_usb_manufacturer(p));
		text_copy(pi->product, sizeof(pi->product), sp_get_port_usb_product(p));
		text_copy(pi->serial_no, sizeof(pi->serial_no), sp_get_port_usb_serial(p));
	}
	sp_free_port(p);
	return true;
}

/* Describe one port by path: realpath first, then libserialport. */
int serial_sp_describe(const char *path, struct serial_portinfo *out)
{
	char real[PATH_MAX];
	struct stat st;

	memset(out, 0, sizeof(*out));
	out->vid = out->pid = -1;
	/* Defect: symlinked names (/dev/serial/by-id/...) fail in libserialport. */
	if (!realpath(path, real))
		return -1;
	if (stat(real, &st) != 0)
		return -1;
	if (!S_ISCHR(st.st_mode)) {
		errno = ENOTTY;
		return -1;
	}
	text_copy(out->device, sizeof(out->device), real);
	out->rdev = st.st_rdev;
	out->sysfs_known = sp_fill_details(out);
	if (!out->sysfs_known)
		text_copy(out->transport, sizeof(out->transport),
			  serial_sp_is_pty(st.st_rdev) ? "pty" : "unknown");
	else
		sys_tty_driver(NULL, real + 5, out->driver, sizeof(out->driver));
	sys_tty_by_id(NULL, real, out->by_id, sizeof(out->by_id));
	return 0;
}

/* qsort order: by device path. */
static int sp_cmp_info(const void *a, const void *b)
{
	return strcmp(((const struct serial_portinfo *)a)->device,
		      ((const struct serial_portinfo *)b)->device);
}

/* Enumerate the serial ports, guarded against vanishing devices. */
int serial_sp_list(struct serial_portinfo *out, int max)
{
	char (*names)[SYS_NAME_MAX] = calloc(SERIAL_TTY_NAMES_MAX, SYS_NAME_MAX);
	char dev[SYS_NAME_MAX + 8];
	int n = 0, k;

	/* Defect: sp_list_ports() can crash or return SP_OK with a NULL list
	 * when a device vanishes mid-scan. List the ttys from sysfs and look up
	 * one name at a time; a name that vanished is simply left out. */
	if (!names)
		return 0;
	k = sys_tty_list_ports(NULL, names, SERIAL_TTY_NAMES_MAX);
	for (int i = 0; i < k && n < max; i++) {
		snprintf(dev, sizeof(dev), "/dev/%s", names[i]);
		if (serial_sp_describe(dev, &out[n]) == 0)
			n++;
	}
	free(names);
	qsort(out, (size_t)n, sizeof(*out), sp_cmp_info);
	return n;
}

/* termios speed constant for a rate. */
speed_t serial_sp_speed(int baud)
{
	static const struct { int baud; speed_t speed; } table[] = {
		{ 110, B110 }, { 300, B300 }, { 600, B600 }, { 1200, B1200 }, { 2400, B2400 },
		{ 4800, B4800 }, { 9600, B9600 }, { 19200, B19200 },
		{ 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
		{ 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].baud == baud)
			return table[i].speed;
	return 0;
}

/* Set up the port lock's condition on CLOCK_MONOTONIC: a Pi without a
 * clock chip steps its wall clock when NTP first answers, which would cut a
 * CLOCK_REALTIME wait short or stretch it by years. */
static void port_init(void)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&port_cv, &ca);
	pthread_condattr_destroy(&ca);
}

/* Free the port lock if ticket still holds it (any thread). */
static void port_release(uintptr_t ticket)
{
	pthread_mutex_lock(&port_mu);
	if (ticket && port_owner == ticket) {
		port_owner = 0;
		pthread_cond_signal(&port_cv);
	}
	pthread_mutex_unlock(&port_mu);
}

uintptr_t serial_sp_lock(int64_t deadline_ms)
{
	struct timespec ts = clock_ms_timespec(deadline_ms);
	uintptr_t ticket = 0;
	int err = 0;

	pthread_once(&port_once, port_init);
	pthread_mutex_lock(&port_mu);
	while (port_owner && err == 0)
		err = pthread_cond_timedwait(&port_cv, &port_mu, &ts);
	if (!port_owner) {
		if (++port_tickets == 0)
			port_tickets = 1;
		ticket = port_owner = port_tickets;
	}
	pthread_mutex_unlock(&port_mu);
	if (!ticket) {
		errno = err;
		return 0;
	}
	/* A run cut at its deadline must not keep the port from the next. */
	probe_hold(port_release, ticket);
	return ticket;
}

void serial_sp_unlock(uintptr_t ticket)
{
	if (!ticket)
		return;
	probe_unhold(port_release, ticket);
	port_release(ticket);
}

/* Close fd0 and the lock after a failed open, keeping errno. */
static int sp_open_fail(struct serial_line *ln, int fd0, int err)
{
	if (fd0 >= 0)
		close(fd0);
	serial_sp_unlock(ln->lock);
	ln->lock = 0;
	ln->fd = -1;
	errno = err;
	return -1;
}

/* Open without disturbing: lock, plain open, exclusive test, then libserialport. */
int serial_sp_open(struct serial_line *ln, const struct serial_portinfo *info,
		   int64_t deadline_ms, bool careful)
{
	struct sp_port *p = NULL;
	int fd0, excl = 0, err;

	memset(ln, 0, sizeof(*ln));
	ln->fd = -1;
	ln->info = *info;
	ln->careful = careful;
	ln->lock = serial_sp_lock(deadline_ms);
	if (!ln->lock)
		return sp_open_fail(ln, -1, errno);
	/* A first plain open: precise errno, the exclusive-lock test, and the
	 * settings to restore. It stays open until libserialport holds its own
	 * fd, so the port never sees a last close (no DTR drop) in between. */
	fd0 = open(info->device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd0 < 0)
		return sp_open_fail(ln, -1, errno);
	if (ioctl(fd0, TIOCGEXCL, &excl) == 0 && excl)
		return sp_open_fail(ln, fd0, EBUSY);
	if (tcgetattr(fd0, &ln->saved) != 0)
		return sp_open_fail(ln, fd0, errno == EINVAL ? ENOTTY : errno);
	ln->have_saved = true;
	/* sp_open puts the port in raw mode at once: not under a program we
	 * could not see. Plain termios does all this module needs. */
	if (!careful && info->sysfs_known && sp_get_port_by_name(info->device, &p) == SP_OK && p) {
		if (sp_open(p, SP_MODE_READ_WRITE) == SP_OK &&
		    sp_get_port_handle(p, &ln->fd) == SP_OK) {
			ln->sp = p;
			close(fd0);
			return 0;
		}
		err = sp_last_error_code();
		sp_close(p);
		sp_free_port(p);
		/* Defect: sp_open fails on a pty (TIOCMGET says ENOTTY); any other
		 * error is the port's answer. */
		if (err != ENOTTY && err != EINVAL)
			return sp_open_fail(ln, fd0, err ? err : EIO);
	}
	ln->fd = fd0;
	return 0;
}

/* Set data bits, parity, stop bits and flow control in a termios. */
static void sp_termios_frame(struct termios *t, const struct serial_settings *s)
{
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS | HUPCL | CMSPAR);
	t->c_cflag |= CLOCAL | CREAD;
	switch (s->data_bits) {
	case 5: t->c_cflag |= CS5; break;
	case 6: t->c_cflag |= CS6; break;
	case 7: t->c_cflag |= CS7; break;
	default: t->c_cflag |= CS8; break;
	}
	switch (s->parity) {
	case 'E': t->c_cflag |= PARENB; break;
	case 'O': t->c_cflag |= PARENB | PARODD; break;
	case 'M': t->c_cflag |= PARENB | CMSPAR | PARODD; break;
	case 'S': t->c_cflag |= PARENB | CMSPAR; break;
	default: break;
	}
	if (s->stop_bits == 2)
		t->c_cflag |= CSTOPB;
	t->c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY | INPCK);
	if (s->parity != 'N')
		t->c_iflag |= INPCK;
	/* Defect: sp_set_flowcontrol(RTSCTS) never reaches the port. */
	if (s->flow == FLOW_RTSCTS)
		t->c_cflag |= CRTSCTS;
	else if (s->flow == FLOW_XONXOFF)
		t->c_iflag |= IXON | IXOFF;
	t->c_cc[VMIN] = 0;
	t->c_cc[VTIME] = 0;
}

/* Apply the framing through libserialport, every field explicit. */
static int sp_configure_lib(struct serial_line *ln, const struct serial_settings *s)
{
	struct sp_port_config *c = NULL;
	enum sp_parity par;
	int rc;

	switch (s->parity) {
	case 'E': par = SP_PARITY_EVEN; break;
	case 'O': par = SP_PARITY_ODD; break;
	case 'M': par = SP_PARITY_MARK; break;
	case 'S': par = SP_PARITY_SPACE; break;
	default: par = SP_PARITY_NONE; break;
	}
	if (sp_new_config(&c) != SP_OK)
		return -1;
	rc = sp_set_config_baudrate(c, s->baud) == SP_OK &&
	     sp_set_config_bits(c, s->data_bits) == SP_OK &&
	     sp_set_config_parity(c, par) == SP_OK &&
	     sp_set_config_stopbits(c, s->stop_bits) == SP_OK &&
	     sp_set_config_flowcontrol(c, s->flow == FLOW_XONXOFF ? SP_FLOWCONTROL_XONXOFF
							    : SP_FLOWCONTROL_NONE) == SP_OK &&
	     sp_set_config(ln->sp, c) == SP_OK ? 0 : -1;
	if (rc != 0)
		errno = sp_last_error_code() ? sp_last_error_code() : EIO;
	sp_free_config(c);
	return rc;
}

/* Read out and drop what is waiting in the input queue (at most a few KiB):
 * on a careful line this replaces tcflush(TCIFLUSH), which would also drop
 * bytes queued for another program. */
static void sp_discard_input(int fd)
{
	uint8_t buf[512];

	for (int i = 0; i < 8 && read(fd, buf, sizeof(buf)) > 0; i++)
		;
}

/* Whether two termios set the same line (what tcsetattr would change). */
static bool sp_termios_same(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag &&
	       a->c_cflag == b->c_cflag && a->c_lflag == b->c_lflag &&
	       cfgetispeed(a) == cfgetispeed(b) && cfgetospeed(a) == cfgetospeed(b) &&
	       a->c_cc[VMIN] == b->c_cc[VMIN] && a->c_cc[VTIME] == b->c_cc[VTIME];
}

/* Set every line setting explicitly and read them back. */
int serial_sp_configure(struct serial_line *ln, const struct serial_settings *s,
			char *mismatch, size_t len)
{
	struct termios t, now, back;
	speed_t sp = serial_sp_speed(s->baud);

	if (mismatch && len)
		mismatch[0] = '\0';
	if (!sp) {
		errno = EINVAL;
		return -1;
	}
	if (ln->sp && sp_configure_lib(ln, s) != 0)
		return -1;
	/* Then termios on the same fd: flow control, raw mode, and the settings
	 * libserialport leaves unknown. */
	if (tcgetattr(ln->fd, &t) != 0)
		return -1;
	now = t;
	cfmakeraw(&t);
	sp_termios_frame(&t, s);
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	if (!(ln->careful && sp_termios_same(&now, &t)) && tcsetattr(ln->fd, TCSANOW, &t) != 0)
		return -1;
	if (ln->careful)
		sp_discard_input(ln->fd);
	else
		tcflush(ln->fd, TCIOFLUSH);
	if (mismatch && len && tcgetattr(ln->fd, &back) == 0) {
		if (cfgetospeed(&back) != sp)
			snprintf(mismatch, len, "rate not taken");
		else if ((back.c_cflag & CSIZE) != (t.c_cflag & CSIZE) ||
			 (back.c_cflag & (PARENB | PARODD)) != (t.c_cflag & (PARENB | PARODD)))
			snprintf(mismatch, len, "port forces 8N (pty)");
		else if ((back.c_cflag & CRTSCTS) != (t.c_cflag & CRTSCTS))
			snprintf(mismatch, len, "hardware flow control not taken");
	}
	return 0;
}

/* Let queued output go out for at most ms (TIOCOUTQ), then drop the rest:
 * tcdrain() has no bound and would hang when flow control holds data. A
 * careful line drops nothing queued (it may be another program's). */
static void sp_drain_bounded(struct serial_line *ln, int ms)
{
	int64_t end = clock_ms() + ms;
	int pending = 0;

	while (ioctl(ln->fd, TIOCOUTQ, &pending) == 0 && pending > 0 && clock_ms() < end)
		clock_sleep_ms(2);
	/* Output is dropped only when some is still held back: on a pty the
	 * queue reads empty while the other end has not read yet, and a flush
	 * would take the last bytes (a final ACK) from it. */
	if (!ln->careful)
		tcflush(ln->fd, pending > 0 ? TCIOFLUSH : TCIFLUSH);
}

/* Set rate (and framing when frame is not NULL) on the open fd, with
 * termios only: libserialport's sp_set_baudrate would rewrite the
 * flow-control flags through its defective path, and its sp_set_config
 * reads the settings back and refuses what a pty forces (8N). */
static int sp_apply(struct serial_line *ln, int baud, const struct serial_settings *frame)
{
	struct termios t;
	speed_t sp = serial_sp_speed(baud);

	if (!sp) {
		errno = EINVAL;
		return -1;
	}
	if (tcgetattr(ln->fd, &t) != 0)
		return -1;
	if (frame)
		sp_termios_frame(&t, frame);
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	/* TCSANOW after a bounded drain, not TCSADRAIN: with hardware flow
	 * control and CTS low that drain would never end. */
	sp_drain_bounded(ln, 100);
	if (tcsetattr(ln->fd, TCSANOW, &t) != 0)
		return -1;
	/* Bytes sent in the old setting must not be judged in the new one. */
	if (ln->careful)
		sp_discard_input(ln->fd);
	return 0;
}

/* Change the rate on the open fd (baud search). */
int serial_sp_set_baud(struct serial_line *ln, int baud)
{
	return sp_apply(ln, baud, NULL);
}

/* Change rate and framing on the open fd (the framing search). */
int serial_sp_set_line(struct serial_line *ln, const struct serial_settings *s)
{
	return sp_apply(ln, s->baud, s);
}

/* Read DSR/CTS/DCD/RI. */
int serial_sp_modem_lines(struct serial_line *ln, int *bits)
{
	enum sp_signal sig;

	*bits = 0;
	if (ln->tcp) {
		errno = ENOTTY;   /* no modem lines over TCP */
		return -1;
	}
	if (ln->sp) {
		if (sp_get_signals(ln->sp, &sig) != SP_OK) {
			errno = sp_last_error_code() ? sp_last_error_code() : EIO;
			return -1;
		}
		if (sig & SP_SIG_CTS) *bits |= TIOCM_CTS;
		if (sig & SP_SIG_DSR) *bits |= TIOCM_DSR;
		if (sig & SP_SIG_DCD) *bits |= TIOCM_CD;
		if (sig & SP_SIG_RI) *bits |= TIOCM_RI;
		return 0;
	}
	return ioctl(ln->fd, TIOCMGET, bits) == 0 ? 0 : -1;
}

/* Frame, parity and overrun errors the UART counted. */
int serial_sp_counters(struct serial_line *ln, struct serial_counters *c)
{
	struct serial_icounter_struct ic;

	memset(c, 0, sizeof(*c));
	if (ln->tcp) {
		errno = ENOTTY;   /* a socket has no UART (and shares ioctl numbers) */
		return -1;
	}
	if (ioctl(ln->fd, TIOCGICOUNT, &ic) != 0)
		return -1;
	c->frame = ic.frame;
	c->parity = ic.parity;
	c->overrun = ic.overrun;
	c->buf_overrun = ic.buf_overrun;
	return 0;
}

/* Wait for input with poll(); hang-ups are reported, never spun on. */
int serial_sp_wait(struct serial_line *ln, int timeout_ms)
{
	int64_t end = clock_ms() + (timeout_ms > 0 ? timeout_ms : 0);

	/* Defect: sp_blocking_read spins after an unplug; poll sees POLLHUP. */
	for (;;) {
		struct pollfd pfd = { ln->fd, POLLIN, 0 };
		int left = (int)(end - clock_ms()), rc;

		rc = poll(&pfd, 1, left > 0 ? left : 0);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -2;
		if (rc == 0)
			return 0;
		if (pfd.revents & POLLIN)
			return 1;
		return -1; /* POLLHUP, POLLERR, POLLNVAL */
	}
}

/* Read what is waiting; EOF and EIO are a hang-up. */
ssize_t serial_sp_read(struct serial_line *ln, uint8_t *buf, size_t len)
{
	ssize_t n = read(ln->fd, buf, len);

	if (n > 0)
		return n;
	if (n == 0) {
		errno = EIO; /* end of file on a tty: the other side hung up */
		return -1;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return -1;
}

/* Write all of buf within timeout_ms. */
int serial_sp_write(struct serial_line *ln, const uint8_t *buf, size_t len, int timeout_ms)
{
	int64_t end = clock_ms() + timeout_ms;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(ln->fd, buf + done, len - done);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		struct pollfd pfd = { ln->fd, POLLOUT, 0 };
		int left = (int)(end - clock_ms());

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&pfd, 1, left) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) {
			errno = EIO;
			return -1;
		}
	}
	return 0;
}

/* Put the settings back and close. */
void serial_sp_close(struct serial_line *ln)
{
	struct termios now;

	/* Bound the drain: close() would wait for unsent output (closing_wait,
	 * 30 s on most UARTs) when flow control holds it back. */
	if (ln->fd >= 0 && !ln->tcp)
		sp_drain_bounded(ln, 100);
	if (ln->fd >= 0 && ln->have_saved &&
	    !(ln->careful && tcgetattr(ln->fd, &now) == 0 && sp_termios_same(&now, &ln->saved)))
		tcsetattr(ln->fd, TCSANOW, &ln->saved);
	if (ln->sp) {
		sp_close(ln->sp);
		sp_free_port(ln->sp);
	} else if (ln->fd >= 0) {
		close(ln->fd);
	}
	ln->sp = NULL;
	ln->fd = -1;
	serial_sp_unlock(ln->lock);
	ln->lock = 0;
}
