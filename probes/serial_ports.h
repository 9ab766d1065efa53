/* serial_ports.h - the serial module's public face: the ports it finds.
 *
 * For front ends (cli/ports.c: --list-ports). The checks themselves and
 * everything behind them are private to probes/serial/. Any thread.
 */
#ifndef POSDOCTOR_SERIAL_PORTS_H
#define POSDOCTOR_SERIAL_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SERIAL_PATH_MAX  256
#define SERIAL_TEXT_MAX  64
#define SERIAL_PORTS_MAX 32

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

/* Enumerate ports into out (max entries); returns how many, sorted by name.
 * Never fails: a port that vanishes mid-scan is left out. */
int serial_sp_list(struct serial_portinfo *out, int max);

/* Describe path (realpath first). Returns 0, or -1 with errno (ENOENT when
 * it does not exist, ENOTTY when it is not a character device). */
int serial_sp_describe(const char *path, struct serial_portinfo *out);

/* "vid:pid" as 4+4 hex digits, "" when not USB. */
void serial_port_usb_id(const struct serial_portinfo *pi, char *out, size_t len);

#endif
