/* test_sys_tty.c - sys/sys_tty_linux.c against a sysfs fixture tree laid
 * out as Linux shows it: which ttys are real ports, their drivers (past the
 * serial-base layer of Linux 6.5+), by-id names, USB ids. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sys_tty.h"
#include "sys_tree.h"

/* sys/class/tty/NAME as a link to devices/REL/tty/NAME, with type when
 * type is not NULL. */
static void tty_entry(const char *name, const char *rel, const char *type)
{
	char dev[512], link[256];

	snprintf(dev, sizeof(dev), "sys/devices/%s/tty/%s", rel, name);
	tree_mkdir(dev);
	if (type) {
		char file[600];

		snprintf(file, sizeof(file), "%s/type", dev);
		tree_put(file, type);
	}
	snprintf(link, sizeof(link), "sys/class/tty/%s", name);
	tree_link(tree_path(dev), link);
}

/* The tree: a USB adapter, a console, two 8250 slots (one empty), a
 * serial-base port, an old-style folder entry, a USB device list. */
static const char *tty_tree(void)
{
	const char *root = tree_begin();

	tree_mkdir("sys/bus/usb/drivers/ftdi_sio");
	tree_mkdir("sys/bus/serial-base/drivers/port");
	tree_mkdir("sys/bus/serial-base/drivers/ctrl");
	tree_mkdir("sys/bus/platform/drivers/serial8250");
	/* ttyUSB0: devices/.../1-1:1.0/ttyUSB0/tty/ttyUSB0, driver ftdi_sio. */
	tty_entry("ttyUSB0", "pci0000:00/usb1/1-1/1-1:1.0/ttyUSB0", NULL);
	tree_link("../..", "sys/devices/pci0000:00/usb1/1-1/1-1:1.0/ttyUSB0/tty/ttyUSB0/device");
	tree_link(tree_path("sys/bus/usb/drivers/ftdi_sio"),
		  "sys/devices/pci0000:00/usb1/1-1/1-1:1.0/ttyUSB0/driver");
	/* tty0: a virtual console. */
	tty_entry("tty0", "virtual/tty", NULL);
	/* ttyS0: an 8250 slot with no UART (type 0); ttyS1: a 16550A (4)
	 * behind the serial-base port/ctrl layer. */
	tty_entry("ttyS0", "platform/serial8250/serial8250:0/serial8250:0.0", "0\n");
	tty_entry("ttyS1", "platform/serial8250/serial8250:0/serial8250:0.1", "4\n");
	tree_link("../..", "sys/devices/platform/serial8250/serial8250:0/serial8250:0.1/tty/ttyS1/device");
	tree_link(tree_path("sys/bus/serial-base/drivers/port"),
		  "sys/devices/platform/serial8250/serial8250:0/serial8250:0.1/driver");
	tree_link(tree_path("sys/bus/serial-base/drivers/ctrl"),
		  "sys/devices/platform/serial8250/serial8250:0/driver");
	tree_link(tree_path("sys/bus/platform/drivers/serial8250"),
		  "sys/devices/platform/serial8250/driver");
	/* ttyAMA0: an old-style folder whose "device" link says where it is. */
	tree_mkdir("sys/class/tty/ttyAMA0");
	tree_mkdir("sys/devices/platform/fe201000.serial");
	tree_link(tree_path("sys/devices/platform/fe201000.serial"), "sys/class/tty/ttyAMA0/device");
	/* An entry whose link is broken is no port. */
	tree_put("sys/class/tty/ttyX9", "");
	/* USB devices: a CH340 with its ids, a hub without, a garbage id. */
	tree_put("sys/bus/usb/devices/1-2/idVendor", "1a86\n");
	tree_put("sys/bus/usb/devices/1-2/idProduct", "7523\n");
	tree_mkdir("sys/bus/usb/devices/usb1");
	tree_put("sys/bus/usb/devices/1-3/idVendor", "10c4 junk\n");
	return root;
}

/* Real ports only, sorted by name. */
static void list_ports(void **state)
{
	char names[8][SYS_NAME_MAX];
	int n;

	(void)state;
	tty_tree();
	n = sys_tty_list_ports(tree_path("sys"), names, 8);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "ttyAMA0");
	assert_string_equal(names[1], "ttyS1");
	assert_string_equal(names[2], "ttyUSB0");
	assert_int_equal(sys_tty_list_ports(tree_path("sys"), names, 1), 1);
	assert_int_equal(sys_tty_list_ports(tree_path("none"), names, 8), 0);
	tree_end();
}

/* Drivers: the device's own, or past the serial-base layer. */
static void drivers(void **state)
{
	char drv[32];

	(void)state;
	tty_tree();
	sys_tty_driver(tree_path("sys"), "ttyUSB0", drv, sizeof(drv));
	assert_string_equal(drv, "ftdi_sio");
	sys_tty_driver(tree_path("sys"), "ttyS1", drv, sizeof(drv));
	assert_string_equal(drv, "serial8250");
	sys_tty_driver(tree_path("sys"), "tty0", drv, sizeof(drv));
	assert_string_equal(drv, "");
	sys_tty_driver(tree_path("sys"), "ttyNone", drv, sizeof(drv));
	assert_string_equal(drv, "");
	sys_tty_driver(tree_path("sys"), "ttyUSB0", drv, 4);
	assert_string_equal(drv, "ftd");
	tree_end();
}

/* The by-id link that resolves to a device. */
static void by_id(void **state)
{
	char out[PATH_MAX], real[PATH_MAX];

	(void)state;
	tree_begin();
	tree_put("dev/ttyACM0", "");
	tree_put("dev/ttyACM1", "");
	tree_link("../../ttyACM1", "dev/serial/by-id/usb-Other-if00");
	tree_link("../../ttyACM0", "dev/serial/by-id/usb-Verifone_VX_820-if00");
	tree_link("../../gone", "dev/serial/by-id/usb-Gone-if00");
	assert_non_null(realpath(tree_path("dev/ttyACM0"), real));
	sys_tty_by_id(tree_path("dev"), real, out, sizeof(out));
	assert_string_equal(out, tree_path("dev/serial/by-id/usb-Verifone_VX_820-if00"));
	sys_tty_by_id(tree_path("dev"), "/dev/ttyNone", out, sizeof(out));
	assert_string_equal(out, "");
	sys_tty_by_id(tree_path("nodev"), real, out, sizeof(out));
	assert_string_equal(out, "");
	tree_end();
}

/* USB devices by vendor and product id. */
static void usb_present(void **state)
{
	(void)state;
	tty_tree();
	assert_true(sys_usb_present(tree_path("sys"), 0x1a86, -1));
	assert_true(sys_usb_present(tree_path("sys"), 0x1a86, 0x7523));
	assert_false(sys_usb_present(tree_path("sys"), 0x1a86, 0x5523));
	assert_false(sys_usb_present(tree_path("sys"), 0x10c4, -1));
	assert_false(sys_usb_present(tree_path("sys"), 0x0403, -1));
	assert_false(sys_usb_present(tree_path("none"), 0x1a86, -1));
	tree_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_ports),
		cmocka_unit_test(drivers),
		cmocka_unit_test(by_id),
		cmocka_unit_test(usb_present),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
