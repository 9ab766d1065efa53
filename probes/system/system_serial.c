/* system_serial.c - system.serial_driver: a USB-serial adapter plugged in
 * but with no driver serving it, its driver blacklisted, or the adapter
 * taken by brltty (the braille display daemon, whose udev rule claims CH340
 * adapters on desktop Debian and Ubuntu).
 *
 * Read below system.root: sys/bus/usb/devices (sys/sys_tty_linux.c),
 * etc|run|usr/lib|lib/udev/rules.d, etc|run|usr/lib|lib/modprobe.d, and
 * proc for a running brltty.
 */
#include "system.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "sys_file.h"
#include "sys_host.h"
#include "sys_tty.h"

#define SERIAL_MAX_IFACES 64
#define RULES_MAX_FILES   256
#define RULES_MAX_LINES   20000

/* USB-serial chips and the mainline kernel driver of each
 * (drivers/usb/serial/ch341.c, pl2303.c, cp210x.c, ftdi_sio.c). */
static const struct system_chip chips[] = {
	{ 0x1a86, 0x7523, "CH340", "ch341" },
	{ 0x1a86, 0x5523, "CH341", "ch341" },
	{ 0x1a86, 0x7522, "CH340K", "ch341" },
	{ 0x067b, 0x2303, "PL2303", "pl2303" },
	{ 0x067b, 0x23a3, "PL2303GC", "pl2303" },
	{ 0x067b, 0x23c3, "PL2303GT", "pl2303" },
	{ 0x10c4, 0xea60, "CP210x", "cp210x" },
	{ 0x10c4, 0xea70, "CP2105", "cp210x" },
	{ 0x10c4, 0xea71, "CP2108", "cp210x" },
	{ 0x0403, 0x6001, "FT232R", "ftdi_sio" },
	{ 0x0403, 0x6010, "FT2232", "ftdi_sio" },
	{ 0x0403, 0x6011, "FT4232", "ftdi_sio" },
	{ 0x0403, 0x6014, "FT232H", "ftdi_sio" },
	{ 0x0403, 0x6015, "FT-X", "ftdi_sio" },
};

/* CDC-ACM: interface class 2 (communications), subclass 2 (ACM). */
static const struct system_chip chip_cdc_acm = { -1, -1, "CDC-ACM", "cdc_acm" };

/* The chip with these ids (see system.h). */
const struct system_chip *system_chip_find(int vid, int pid)
{
	for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++)
		if (chips[i].vid == vid && chips[i].pid == pid)
			return &chips[i];
	return NULL;
}

/* The value after key (e.g. ATTRS{idVendor}==") in line, up to the closing
 * quote, into out; false when the key is not there. */
static bool rule_value(const char *line, const char *key, char *out, size_t len)
{
	const char *p = strstr(line, key);
	size_t n = 0;

	if (!p)
		return false;
	p += strlen(key);
	while (*p && *p != '"' && n + 1 < len)
		out[n++] = *p++;
	out[n] = '\0';
	return *p == '"';
}

/* Whether a udev rule line matches these ids (see system.h). */
bool system_udev_line_matches(const char *line, int vid, int pid)
{
	char want[32], got[64];
	const char *p = line;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#' || !*p)
		return false;
	/* brltty's own rules: ENV{PRODUCT}=="1a86/7523/..." (lowercase hex,
	 * no leading zeros, as the kernel's uevent writes it). */
	snprintf(want, sizeof(want), "%x/%x/", (unsigned)vid, (unsigned)pid);
	if (rule_value(p, "ENV{PRODUCT}==\"", got, sizeof(got)) &&
	    strncasecmp(got, want, strlen(want)) == 0)
		return true;
	if (rule_value(p, "ATTRS{idVendor}==\"", got, sizeof(got)) ||
	    rule_value(p, "ATTR{idVendor}==\"", got, sizeof(got))) {
		snprintf(want, sizeof(want), "%04x", (unsigned)vid);
		if (strcasecmp(got, want) != 0)
			return false;
		if (!rule_value(p, "ATTRS{idProduct}==\"", got, sizeof(got)) &&
		    !rule_value(p, "ATTR{idProduct}==\"", got, sizeof(got)))
			return false;
		snprintf(want, sizeof(want), "%04x", (unsigned)pid);
		return strcasecmp(got, want) == 0;
	}
	return false;
}

/* Whether a modprobe.d line keeps module from loading (see system.h):
 * "blacklist M" stops loading by alias, "install M /bin/false" (or true)
 * stops it altogether. Module names match with - and _ alike. */
bool system_modprobe_line_blocks(const char *line, const char *module)
{
	char cmd[16], name[64], prog[64];
	int n;

	n = sscanf(line, " %15s %63s %63s", cmd, name, prog);
	if (n < 2 || cmd[0] == '#')
		return false;
	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	if (strcmp(name, module) != 0)
		return false;
	if (strcmp(cmd, "blacklist") == 0)
		return true;
	return strcmp(cmd, "install") == 0 && n == 3 &&
	       (strcmp(prog, "/bin/false") == 0 || strcmp(prog, "/bin/true") == 0 ||
		strcmp(prog, "/usr/bin/false") == 0 || strcmp(prog, "/usr/bin/true") == 0);
}

/* A rules folder walk: which file names were seen (an earlier folder's
 * file hides a later one of the same name, as udev and modprobe do). */
struct rules_walk {
	char (*seen)[SYS_NAME_MAX];
	int n_seen;
	bool (*line_hit)(const char *line, const void *what);
	const void *what;
	const char *name_has;       /* only files whose name has this; NULL all */
	char hit_file[SYSTEM_PATH_MAX];
};

/* Whether any line of file path is a hit; bounded in lines. */
static bool rules_file_hit(const char *path, const struct rules_walk *w)
{
	FILE *f = fopen(path, "re");
	char line[1024];
	int lines = 0;
	bool hit = false;

	if (!f)
		return false;
	while (!hit && lines++ < RULES_MAX_LINES && fgets(line, sizeof(line), f))
		hit = w->line_hit(line, w->what);
	fclose(f);
	return hit;
}

/* Walk one folder of rule files (below system.root). */
static bool rules_dir_hit(const struct config *cfg, const char *rel, const char *suffix,
			  struct rules_walk *w)
{
	char dir[SYSTEM_PATH_MAX], path[SYSTEM_PATH_MAX + SYS_NAME_MAX];
	char (*names)[SYS_NAME_MAX] = calloc(RULES_MAX_FILES, SYS_NAME_MAX);
	int n;
	bool hit = false;

	if (!names)
		return false;
	system_path(cfg, rel, dir, sizeof(dir));
	n = sys_list_dir(dir, "", names, RULES_MAX_FILES);
	for (int i = 0; i < n && !hit; i++) {
		size_t nl = strlen(names[i]), sl = strlen(suffix);
		bool dup = false;

		if (nl < sl || strcmp(names[i] + nl - sl, suffix) != 0)
			continue;
		for (int j = 0; j < w->n_seen; j++)
			dup |= strcmp(w->seen[j], names[i]) == 0;
		if (dup)
			continue;
		if (w->n_seen < RULES_MAX_FILES)
			snprintf(w->seen[w->n_seen++], SYS_NAME_MAX, "%s", names[i]);
		if (w->name_has && !strstr(names[i], w->name_has))
			continue;
		if (!sys_path_join(path, sizeof(path), dir, names[i]))
			continue;
		if (rules_file_hit(path, w)) {
			hit = true;
			snprintf(w->hit_file, sizeof(w->hit_file), "/%s/%s", rel, names[i]);
		}
	}
	free(names);
	return hit;
}

/* Walk the rule folders in precedence order; true on the first hit. */
static bool rules_any(const struct config *cfg, const char *const *dirs, const char *suffix,
		      struct rules_walk *w)
{
	bool hit = false;

	w->seen = calloc(RULES_MAX_FILES, SYS_NAME_MAX);
	w->n_seen = 0;
	w->hit_file[0] = '\0';
	if (!w->seen)
		return false;
	for (int i = 0; dirs[i] && !hit; i++)
		hit = rules_dir_hit(cfg, dirs[i], suffix, w);
	free(w->seen);
	return hit;
}

/* The ids a udev walk looks for. */
struct usb_ids {
	int vid, pid;
};

/* rules_walk line_hit for udev rules. */
static bool udev_hit(const char *line, const void *what)
{
	const struct usb_ids *ids = what;

	return system_udev_line_matches(line, ids->vid, ids->pid);
}

/* rules_walk line_hit for modprobe.d. */
static bool modprobe_hit(const char *line, const void *what)
{
	return system_modprobe_line_blocks(line, what);
}

static const char *const udev_dirs[] = {
	"etc/udev/rules.d", "run/udev/rules.d", "usr/lib/udev/rules.d", "lib/udev/rules.d", NULL
};
static const char *const modprobe_dirs[] = {
	"etc/modprobe.d", "run/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d", NULL
};

/* The chip an interface belongs to, or NULL when it is no serial adapter. */
static const struct system_chip *iface_chip(const struct sys_usb_iface *u)
{
	const struct system_chip *c = system_chip_find(u->vid, u->pid);

	if (c)
		return c;
	if (u->cls == 2 && u->subclass == 2)
		return &chip_cdc_acm;
	return NULL;
}

/* What is wrong with one adapter, worst kept in res. */
struct serial_verdict {
	enum check_status status;
	const char *code;
};

/* system.serial_driver. */
void system_serial_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct sys_usb_iface *ifs = calloc(SERIAL_MAX_IFACES, sizeof(*ifs));
	struct serial_verdict worst = { STATUS_OK, "system.ok" };
	char sysfs[SYSTEM_PATH_MAX], proc[SYSTEM_PATH_MAX];
	struct sys_proc_info brl;
	bool brltty_runs;
	int n, adapters = 0;

	if (!ifs) {
		result_set(res, STATUS_OK, "system.ok");
		return;
	}
	system_path(cfg, "sys", sysfs, sizeof(sysfs));
	system_path(cfg, "proc", proc, sizeof(proc));
	brltty_runs = sys_proc_find(proc, "brltty", &brl, 1) > 0;
	n = sys_usb_interfaces(sysfs, ifs, SERIAL_MAX_IFACES);
	for (int i = 0; i < n && !probe_cancelled(ctx); i++) {
		const struct sys_usb_iface *u = &ifs[i];
		const struct system_chip *c = iface_chip(u);
		struct serial_verdict v = { STATUS_OK, "system.ok" };
		struct rules_walk w;
		struct usb_ids ids = { u->vid, u->pid };
		bool rule = false;

		if (!c)
			continue;
		adapters++;
		memset(&w, 0, sizeof(w));
		w.line_hit = udev_hit;
		w.what = &ids;
		w.name_has = "brltty";
		rule = rules_any(cfg, udev_dirs, ".rules", &w);
		if (strcmp(u->driver, c->module) == 0) {
			result_detail(res, "%s: %s %04x:%04x served by %s", u->name, c->chip,
				      (unsigned)u->vid, (unsigned)u->pid, u->driver);
		} else if ((rule || brltty_runs) &&
			   (strcmp(u->driver, "usbfs") == 0 || (rule && !u->driver[0]))) {
			/* brltty's rule starts it on plug-in; it claims the
			 * interface through usbfs and the serial driver lets go. */
			v = (struct serial_verdict){ STATUS_FAIL, "system.serial_grabbed" };
			result_detail(res, "%s: %s %04x:%04x taken by brltty (%s%s%s)", u->name, c->chip,
				      (unsigned)u->vid, (unsigned)u->pid,
				      brltty_runs ? "brltty runs" : "brltty not running now",
				      rule ? ", rule " : "", rule ? w.hit_file : "");
			result_arg(res, "rule", "%s", rule ? w.hit_file : "-");
		} else if (!u->driver[0]) {
			memset(&w, 0, sizeof(w));
			w.line_hit = modprobe_hit;
			w.what = c->module;
			if (rules_any(cfg, modprobe_dirs, ".conf", &w)) {
				v = (struct serial_verdict){ STATUS_FAIL, "system.serial_blacklisted" };
				result_arg(res, "rule", "%s", w.hit_file);
			} else {
				v = (struct serial_verdict){ STATUS_FAIL, "system.serial_no_driver" };
			}
			result_detail(res, "%s: %s %04x:%04x has no driver (%s expected%s%s)", u->name,
				      c->chip, (unsigned)u->vid, (unsigned)u->pid, c->module,
				      w.hit_file[0] ? ", blocked in " : "", w.hit_file);
		} else {
			result_detail(res, "%s: %s %04x:%04x held by %s (not %s)", u->name, c->chip,
				      (unsigned)u->vid, (unsigned)u->pid, u->driver, c->module);
		}
		if (status_rank(v.status) > status_rank(worst.status)) {
			worst = v;
			result_arg(res, "chip", "%s", c->chip);
			result_arg(res, "usb_id", "%04x:%04x", (unsigned)u->vid, (unsigned)u->pid);
			result_arg(res, "driver", "%s", c->module);
			result_arg(res, "product", "%s", u->product[0] ? u->product : c->chip);
		}
	}
	result_metric(res, "serial_adapters", adapters);
	result_arg(res, "adapters", "%d", adapters);
	result_set(res, worst.status, worst.code);
	free(ifs);
}
