/* sys_tty.h - serial ports and USB devices as the kernel lists them (Linux:
 * /sys/class/tty, /sys/bus/usb/devices, udev's /dev/serial/by-id). Any
 * thread; no globals.
 *
 * sysfs is the sysfs root and dev the device folder, NULL for "/sys" and
 * "/dev" (tests point them at a fixture tree).
 */
#ifndef POSDOCTOR_SYS_TTY_H
#define POSDOCTOR_SYS_TTY_H

#include <stdbool.h>
#include <stddef.h>

#include "sys_file.h"

/* Names of the ttys that are real serial ports ("ttyUSB0", sorted), at most
 * max: virtual consoles and ptys are left out, and so are serial8250 slots
 * whose "type" says no UART sits there (PORT_UNKNOWN). Returns the count. */
int sys_tty_list_ports(const char *sysfs, char names[][SYS_NAME_MAX], int max);

/* The kernel driver behind tty name (ftdi_sio, cdc_acm, serial8250) into
 * out, "" when none is known. Linux 6.5+ puts a serial-base "port"/"ctrl"
 * layer between the tty and the UART driver: it is looked past. */
void sys_tty_driver(const char *sysfs, const char *name, char *out, size_t len);

/* The /dev/serial/by-id link that resolves to device (a canonical path),
 * "" when none. */
void sys_tty_by_id(const char *dev, const char *device, char *out, size_t len);

/* Whether a USB device with vendor id vid (and product id pid, any when
 * pid < 0) is plugged in, whether or not a driver took it. */
bool sys_usb_present(const char *sysfs, int vid, int pid);

/* One interface of a plugged-in USB device (<sysfs>/bus/usb/devices/1-1:1.0)
 * with the ids of the device it belongs to. */
struct sys_usb_iface {
	char name[SYS_NAME_MAX];        /* "1-1.2:1.0" */
	int vid, pid;                   /* of the device, -1 when unreadable */
	int cls, subclass;              /* bInterfaceClass/SubClass, -1 unknown */
	char driver[32];                /* bound driver ("ch341", "usbfs"), "" none */
	char product[64];               /* the device's own name, "" none */
	int busnum, devnum;             /* /dev/bus/usb/BUS/DEV, -1 unknown */
};

/* The interfaces of every USB device, sorted by name, at most max.
 * Returns the count. */
int sys_usb_interfaces(const char *sysfs, struct sys_usb_iface *out, int max);

#endif
