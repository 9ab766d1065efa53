/* power.h - the power module's internal interfaces (worker threads only).
 *
 * power.supply, power.board and power.ups read sysfs below
 * cfg->power.sysfs_root, the kernel log at cfg->power.kmsg, and NUT's upsd or
 * apcupsd's network server. Everything here is reentrant: no globals.
 */
#ifndef POSDOCTOR_POWER_H
#define POSDOCTOR_POWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "probe.h"
#include "sys_file.h"
#include "text.h"

struct config;

#define POWER_NAME_MAX  64
#define POWER_PATH_MAX  768

/* --- sysfs paths and small helpers (power.c) ---------------------------- *
 * The files themselves are read with sys/sys_file.h. */

/* Note in res when the configured sysfs root is not a folder (a typo in
 * power.sysfs_root reads like a machine without sensors otherwise). */
void power_note_missing_root(const struct config *cfg, struct check_result *res);
/* Build "<sysfs_root>/<rel>" into out. */
void power_sysfs_path(const struct config *cfg, const char *rel,
		      char *out, size_t len);

/* --- kernel log (power_kmsg.c, read by sys/sys_kmsg_linux.c) ----------- */

#define POWER_KMSG_MAX_RECORDS 200000

struct power_kmsg_stats {
	bool readable;          /* the log could be opened and read */
	int error;              /* errno when not readable */
	int records;            /* records read */
	int undervoltage;       /* "Under-voltage detected" lines */
	int normalised;         /* "Voltage normalised" lines */
	double first_s, last_s; /* times since boot of the first/last one */
	bool truncated;         /* stopped at the deadline or the record cap */
};

/* True when a kernel message reports under-voltage (Raspberry Pi firmware
 * and hwmon drivers' wordings). */
bool power_kmsg_is_undervoltage(const char *msg, size_t len);
/* Read every record of path (/dev/kmsg or a plain file of records) from the
 * start, never blocking, stopping by deadline_ms (clock_ms()). */
void power_kmsg_scan(const char *path, int64_t deadline_ms,
		     struct power_kmsg_stats *st);

/* --- NUT network protocol (power_nut.c) --------------------------------- */

#define NUT_LINE_MAX   1024
#define NUT_VALUE_MAX  256
#define NUT_MAX_UPS    16
#define NUT_MAX_VARS   160

struct nut_var {
	char name[64];
	char value[NUT_VALUE_MAX];
};

struct nut_ups {
	char name[POWER_NAME_MAX];
	char desc[128];
};

/* What a NUT exchange ended with. */
enum nut_status {
	NUT_OK,
	NUT_UNREACHABLE,   /* refused, no route, timed out connecting */
	NUT_TIMEOUT,       /* connected, reply did not come in time */
	NUT_ERR,           /* upsd said "ERR <code>" (see err) */
	NUT_GARBAGE,       /* a reply that is not the protocol */
	NUT_CLOSED,        /* upsd closed the connection mid-reply */
};

struct nut_conn {
	int fd;
	int64_t deadline_ms;
	const struct probe_ctx *ctx;   /* for cancel; NULL: deadline only */
	char buf[4096];
	size_t have;
	char err[64];      /* "UNKNOWN-UPS" after NUT_ERR */
	char err_key[48];  /* the phrase for err (assets/strings/error.yaml), or "" */
	int sys_errno;     /* after NUT_UNREACHABLE */
};

/* Split one protocol line into words, honouring "quoted \"values\"" with \\
 * and \" escapes. Returns the word count, -1 on a broken quote. */
int nut_split_words(const char *line, char words[][NUT_VALUE_MAX], int max);
/* Connect to host:port by the deadline (ctx may be NULL; when set, a
 * cancelled check stops waiting). NUT_OK or NUT_UNREACHABLE. */
enum nut_status nut_connect(struct nut_conn *c, const char *host, int port,
			    int64_t deadline_ms, const struct probe_ctx *ctx);
/* Wait until c->fd is ready for events: 1 ready, 0 deadline passed or
 * check cancelled, -1 poll error. */
int nut_wait(struct nut_conn *c, short events);
void nut_close(struct nut_conn *c);
/* LIST UPS -> names. */
enum nut_status nut_list_ups(struct nut_conn *c, struct nut_ups *ups, int max,
			     int *n);
/* LIST VAR <ups> -> variables. */
enum nut_status nut_list_vars(struct nut_conn *c, const char *ups,
			      struct nut_var *vars, int max, int *n);
/* GET VAR <ups> <var> -> value. */
enum nut_status nut_get_var(struct nut_conn *c, const char *ups,
			    const char *var, char *value, size_t len);
/* The value of name in vars, or NULL. */
const char *nut_var_find(const struct nut_var *vars, int n, const char *name);

/* --- UPS status (power_ups.c, power_apcupsd.c) -------------------------- */

/* ups.status flags (NUT's docs/new-drivers.txt, "Status data"). */
enum {
	UPS_OL = 1 << 0, UPS_OB = 1 << 1, UPS_LB = 1 << 2, UPS_HB = 1 << 3,
	UPS_RB = 1 << 4, UPS_CHRG = 1 << 5, UPS_DISCHRG = 1 << 6,
	UPS_BYPASS = 1 << 7, UPS_CAL = 1 << 8, UPS_OFF = 1 << 9,
	UPS_OVER = 1 << 10, UPS_TRIM = 1 << 11, UPS_BOOST = 1 << 12,
	UPS_FSD = 1 << 13, UPS_ALARM = 1 << 14, UPS_WAIT = 1 << 15,
	UPS_ECO = 1 << 16, UPS_COMMLOST = 1 << 17,
};

/* One UPS reading, whichever server it came from. Numbers < 0: unknown. */
struct ups_reading {
	char source[16];        /* "nut", "apcupsd" */
	char name[POWER_NAME_MAX];
	char status[128];       /* raw status words, as the server sent them */
	unsigned flags;
	char unknown[96];       /* status words posdoctor does not know */
	char alarm[128];        /* ups.alarm text, if any */
	double charge_pct, runtime_s, input_v, load_pct;
};

/* Parse NUT status words into flags; unknown words are copied to unknown. */
unsigned ups_status_parse(const char *status, char *unknown, size_t len);
/* Fill a check result from a reading (thresholds from cfg). */
void ups_judge(const struct config *cfg, const struct ups_reading *rd,
	       struct check_result *res);

/* apcupsd NIS: "status" over 2-byte big-endian length frames. Connection
 * errors land in c->sys_errno, protocol problems in c->err. */
enum nut_status apcupsd_read(struct nut_conn *c, const char *host, int port,
			     int64_t deadline_ms, const struct probe_ctx *ctx,
			     struct ups_reading *rd);
/* The answer half of apcupsd_read(): read the length frames on the
 * connected c->fd (bounded by c->deadline_ms) into rd, from scratch. */
enum nut_status apcupsd_read_status(struct nut_conn *c, struct ups_reading *rd);
/* Parse one "KEY      : value" line of apcupsd's status into rd. */
void apcupsd_parse_line(const char *line, struct ups_reading *rd);

/* --- the checks' run functions ------------------------------------------ */

void power_supply_run(struct probe_ctx *ctx, struct check_result *res);
void power_board_run(struct probe_ctx *ctx, struct check_result *res);
void power_ups_run(struct probe_ctx *ctx, struct check_result *res);

/* Visit the device folders <sysfs root>/<cls>/<prefix>* in name order, at
 * most max: each(dir, name, label, arg), label being the folder's own
 * label_file ("name", "type"; NULL for none) or else its name. Returns how
 * many were visited. */
int power_each_device(const struct config *cfg, const char *cls, const char *prefix,
		      const char *label_file, int max,
		      void (*each)(const char *dir, const char *name, const char *label, void *arg),
		      void *arg);

#endif
