/* system.h - the system module's internal interfaces (worker threads only).
 *
 * The till PC itself: its clock, disks, memory, USB-serial drivers and the
 * till software. Kernel files are read below cfg->system.root (proc, sys,
 * run, etc, usr/lib) through sys/, so tests point it at a fixture tree.
 * Everything here is reentrant: no globals.
 */
#ifndef POSDOCTOR_SYSTEM_H
#define POSDOCTOR_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "probe.h"
#include "sys_time.h"

struct config;

#define SYSTEM_PATH_MAX 768
#define SYSTEM_NAME_MAX 64

/* --- paths below system.root (system.c) --------------------------------- */

/* "<system.root>/<rel>" into out ("/proc" for the default root). */
void system_path(const struct config *cfg, const char *rel, char *out, size_t len);

/* --- system.clock (system_clock.c) -------------------------------------- */

/* Which time services run, from their state files and process names. */
struct system_time_service {
	bool timesyncd, timesyncd_synced, chrony, ntpd;
};

/* Find the time services below cfg->system.root. */
void system_time_services(const struct config *cfg, struct system_time_service *ts);
/* Judge the clock: kernel state, services, and the SNTP measurement (NULL
 * when no server is configured). server names it for the texts. */
void system_clock_judge(const struct config *cfg, const struct sys_ntp_state *k,
			const struct system_time_service *ts,
			const struct sys_sntp_result *sntp, const char *server,
			struct check_result *res);
/* Split "host", "host:port" into host and port (default 123); false when
 * the port is not 1..65535. */
bool system_ntp_server_split(const char *spec, char *host, size_t len, int *port);

/* --- system.memory (system_memory.c) ------------------------------------ */

/* A kernel message "Out of memory: Killed process 123 (name)" (or the
 * memory cgroup's wording): the pid and name. False for any other one. */
bool system_oom_parse(const char *msg, size_t len, long *pid, char *name, size_t name_len);

/* --- system.serial_driver (system_serial.c) ----------------------------- */

/* A USB-serial chip posdoctor knows. */
struct system_chip {
	int vid, pid;
	const char *chip;       /* "CH340" */
	const char *module;     /* the kernel driver that serves it: "ch341" */
};

/* The chip with these ids, or NULL. */
const struct system_chip *system_chip_find(int vid, int pid);
/* Whether a udev rule line matches a device with these ids (ENV{PRODUCT}
 * "1a86/7523/..." or ATTRS{idVendor}/ATTRS{idProduct}); comments never do. */
bool system_udev_line_matches(const char *line, int vid, int pid);
/* Whether a modprobe.d line keeps module from loading ("blacklist ch341",
 * "install ch341 /bin/false"). */
bool system_modprobe_line_blocks(const char *line, const char *module);

/* --- the checks' run functions ------------------------------------------ */

void system_clock_run(struct probe_ctx *ctx, struct check_result *res);
void system_disk_run(struct probe_ctx *ctx, struct check_result *res);
void system_memory_run(struct probe_ctx *ctx, struct check_result *res);
void system_serial_run(struct probe_ctx *ctx, struct check_result *res);
void system_till_run(struct probe_ctx *ctx, struct check_result *res);

#endif
