/* sys_tty_linux.c - serial ports and USB devices from sysfs (sys_tty.h). */
#include "sys_tty.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* include/uapi/linux/serial.h: PORT_UNKNOWN, a serial8250 slot with no UART. */
#define SERIAL_PORT_UNKNOWN 0

/* The sysfs root, "/sys" by default. */
static const char *tty_sysfs(const char *sysfs)
{
	return sysfs ? sysfs : "/sys";
}

/* Whether tty name in dir (<sysfs>/class/tty) is a real serial port:
 * libserialport's own rule, without opening serial8250 slots (their sysfs
 * "type" says whether a UART sits there). */
static bool tty_is_real_port(const char *dir, const char *name, void *arg)
{
	char tty[PATH_MAX], link[PATH_MAX + 8], target[PATH_MAX];
	struct stat st;
	ssize_t len;
	long type;

	(void)arg;
	if (!sys_path_join(tty, sizeof(tty), dir, name) || lstat(tty, &st) != 0)
		return false;
	/* Today every entry is a link into /sys/devices; old kernels made a
	 * folder with a "device" link in it. */
	snprintf(link, sizeof(link), "%s%s", tty, S_ISLNK(st.st_mode) ? "" : "/device");
	len = readlink(link, target, sizeof(target) - 1);
	if (len <= 0)
		return false;
	target[len] = '\0';
	if (strstr(target, "virtual"))
		return false;
	if ((strstr(target, "serial8250") || strncmp(name, "ttyS", 4) == 0) &&
	    sys_read_long_at(tty, "type", &type) && type == SERIAL_PORT_UNKNOWN)
		return false;
	return true;
}

/* The ttys that are real serial ports, sorted by name. */
int sys_tty_list_ports(const char *sysfs, char names[][SYS_NAME_MAX], int max)
{
	char dir[PATH_MAX];

	if (!sys_path_join(dir, sizeof(dir), tty_sysfs(sysfs), "class/tty"))
		return 0;
	return sys_list_dir_if(dir, "", tty_is_real_port, NULL, names, max);
}

/* The driver behind a tty, looking past the serial-base layer. */
void sys_tty_driver(const char *sysfs, const char *name, char *out, size_t len)
{
	static const char *const ups[] = { "", "../", "../../" };
	char link[PATH_MAX + 64], target[PATH_MAX];
	const char *base;
	ssize_t n;

	if (len == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
		snprintf(link, sizeof(link), "%s/class/tty/%s/device/%sdriver",
			 tty_sysfs(sysfs), name, ups[i]);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strstr(target, "/serial-base/"))
			continue;
		base = strrchr(target, '/');
		snprintf(out, len, "%s", base ? base + 1 : target);
		return;
	}
}

/* The by-id link that resolves to device. */
void sys_tty_by_id(const char *dev, const char *device, char *out, size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], real[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (len == 0)
		return;
	out[0] = '\0';
	if (!sys_path_join(dir, sizeof(dir), dev ? dev : "/dev", "serial/by-id") ||
	    !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !sys_path_join(path, sizeof(path), dir, e->d_name))
			continue;
		if (realpath(path, real) && strcmp(real, device) == 0) {
			snprintf(out, len, "%s", path);
			break;
		}
	}
	closedir(d);
}

/* A USB id file (idVendor, idProduct: four hex digits); -1 when unreadable. */
static long usb_read_id(const char *dir, const char *file)
{
	char text[16], *end;
	long v;

	if (sys_read_text_at(dir, file, text, sizeof(text)) <= 0)
		return -1;
	v = strtol(text, &end, 16);
	return end != text && *end == '\0' && v >= 0 && v <= 0xffff ? v : -1;
}

/* Which USB device sys_usb_present() looks for. */
struct usb_want {
	int vid, pid;
};

/* Whether the USB device name in dir has the wanted ids (sys_name_filter). */
static bool usb_matches(const char *dir, const char *name, void *arg)
{
	const struct usb_want *w = arg;
	char path[PATH_MAX];

	if (!sys_path_join(path, sizeof(path), dir, name) || usb_read_id(path, "idVendor") != w->vid)
		return false;
	return w->pid < 0 || usb_read_id(path, "idProduct") == w->pid;
}

/* Whether a USB device with these ids is plugged in. */
bool sys_usb_present(const char *sysfs, int vid, int pid)
{
	struct usb_want w = { vid, pid };
	char dir[PATH_MAX], first[1][SYS_NAME_MAX];

	if (!sys_path_join(dir, sizeof(dir), tty_sysfs(sysfs), "bus/usb/devices"))
		return false;
	return sys_list_dir_if(dir, "", usb_matches, &w, first, 1) > 0;
}

/* Keep interface folders ("1-1:1.0"), not devices or hubs (sys_name_filter). */
static bool usb_is_iface(const char *dir, const char *name, void *arg)
{
	(void)dir;
	(void)arg;
	return strchr(name, ':') != NULL;
}

/* A small hexadecimal attribute ("ff"), -1 when unreadable. */
static int usb_read_hex(const char *dir, const char *file)
{
	long v = usb_read_id(dir, file);

	return v > 0xff ? -1 : (int)v;
}

/* Fill one interface's entry from its folder and its device's. */
static void usb_fill_iface(const char *base, const char *name, struct sys_usb_iface *u)
{
	char dir[PATH_MAX], dev[PATH_MAX], link[PATH_MAX + 8], target[PATH_MAX];
	char devname[SYS_NAME_MAX];
	const char *slash;
	ssize_t len;
	long v;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	snprintf(devname, sizeof(devname), "%.*s", (int)strcspn(name, ":"), name);
	u->vid = u->pid = u->cls = u->subclass = u->busnum = u->devnum = -1;
	if (!sys_path_join(dir, sizeof(dir), base, name) ||
	    !sys_path_join(dev, sizeof(dev), base, devname))
		return;
	u->cls = usb_read_hex(dir, "bInterfaceClass");
	u->subclass = usb_read_hex(dir, "bInterfaceSubClass");
	snprintf(link, sizeof(link), "%s/driver", dir);
	len = readlink(link, target, sizeof(target) - 1);
	if (len > 0) {
		target[len] = '\0';
		slash = strrchr(target, '/');
		snprintf(u->driver, sizeof(u->driver), "%.31s", slash ? slash + 1 : target);
	}
	u->vid = (int)usb_read_id(dev, "idVendor");
	u->pid = (int)usb_read_id(dev, "idProduct");
	if (sys_read_text_at(dev, "product", u->product, sizeof(u->product)) < 0)
		u->product[0] = '\0';
	if (sys_read_long_at(dev, "busnum", &v) && v >= 0 && v < 1000)
		u->busnum = (int)v;
	if (sys_read_long_at(dev, "devnum", &v) && v >= 0 && v < 1000)
		u->devnum = (int)v;
}

/* Every USB interface with its device's ids (see sys_tty.h). */
int sys_usb_interfaces(const char *sysfs, struct sys_usb_iface *out, int max)
{
	char base[PATH_MAX], (*names)[SYS_NAME_MAX];
	int n;

	if (max <= 0 || !sys_path_join(base, sizeof(base), tty_sysfs(sysfs), "bus/usb/devices"))
		return 0;
	names = calloc((size_t)max, SYS_NAME_MAX);
	if (!names)
		return 0;
	n = sys_list_dir_if(base, "", usb_is_iface, NULL, names, max);
	for (int i = 0; i < n; i++)
		usb_fill_iface(base, names[i], &out[i]);
	free(names);
	return n;
}
