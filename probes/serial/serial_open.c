/* serial_open.c - open the chosen port the safe way: holders first. */
#include "serial.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "sys_proc.h"

/* Time kept back from a check's deadline for closing and reporting. */
#define OPEN_RESERVE_MS 150

/* Fill res for a port someone else holds. */
static void open_report_holder(const struct sys_holder *h, int n,
			       struct check_result *res)
{
	const char *code = "serial.port_busy";

	for (int i = 0; i < n; i++)
		result_detail(res, "held by pid %d %s (%s)", (int)h[i].pid, h[i].comm,
			      h[i].exe[0] ? h[i].exe : "?");
	/* The two Linux classics get their own advice. */
	for (int i = 0; i < n; i++) {
		if (strcmp(h[i].comm, "ModemManager") == 0) {
			code = "serial.modemmanager";
			h = &h[i];
			break;
		}
		if (strcmp(h[i].comm, "brltty") == 0) {
			code = "serial.brltty";
			h = &h[i];
			break;
		}
	}
	result_set(res, STATUS_FAIL, code);
	result_arg(res, "holder", "%s", h->comm);
	result_arg(res, "pid", "%d", (int)h->pid);
	result_metric(res, "holder_pid", h->pid);
	result_metric_text(res, "holder", h->comm);
	result_metric(res, "holders", n);
}

/* Fill res for EACCES: the device's group and who we are. */
static void open_report_denied(const struct serial_portinfo *info, struct check_result *res)
{
	struct stat st;
	char buf[1024];
	struct group gr, *g = NULL;
	struct passwd pw, *p = NULL;

	result_set(res, STATUS_FAIL, "serial.permission_denied");
	result_arg(res, "group", "dialout");
	if (stat(info->device, &st) == 0) {
		if (getgrgid_r(st.st_gid, &gr, buf, sizeof(buf), &g) == 0 && g)
			result_arg(res, "group", "%s", g->gr_name);
		else
			result_arg(res, "group", "%u", (unsigned)st.st_gid);
		result_metric_text(res, "mode", (st.st_mode & 0060) ? "group-rw" : "owner-only");
	}
	if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &p) == 0 && p)
		result_arg(res, "user", "%s", p->pw_name);
	else
		result_arg(res, "user", "%u", (unsigned)geteuid());
}

/* Map an open() errno to a result. */
static void open_report_errno(const struct serial_portinfo *info, int err, bool complete,
			      struct check_result *res)
{

	switch (err) {
	case EACCES:
	case EPERM:
		open_report_denied(info, res);
		break;
	case EBUSY:
		result_set(res, STATUS_FAIL, "serial.port_locked");
		result_arg(res, "holder", "%s", complete ? "a program with an exclusive lock"
							 : "a program posdoctor may not see");
		break;
	case ENOTTY:
		/* A character device, but not a terminal (/dev/null, say). */
		result_set(res, STATUS_FAIL, "serial.not_a_port");
		break;
	case EIO:
		/* A pty whose master closed, a USB device going away. */
		result_set(res, STATUS_FAIL, "serial.hangup");
		break;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		result_set(res, STATUS_FAIL, "serial.port_missing");
		result_arg(res, "available", "%s", "-");
		result_detail(res, "the port vanished while being opened");
		break;
	default:
		result_set(res, STATUS_FAIL, "serial.open_failed");
		result_errno(res, err);
		break;
	}
}

/* A speed the port cannot take: the setting named, in words of each
 * language (assets/strings/value.yaml, arg.setting.baud). */
static void serial_open_bad_baud(struct check_result *res, int baud)
{
	result_set(res, STATUS_FAIL, "serial.bad_setting");
	result_arg(res, "setting", "baud %d", baud);
	result_arg(res, "setting_key", "%s", "arg.setting.baud");
	result_arg(res, "baud", "%d", baud);
}

/* Open the chosen port the safe way: holders first, then open, then settings. */
bool serial_port_open(struct probe_ctx *ctx, const struct serial_portinfo *info,
		      struct serial_line *ln, struct check_result *res, bool talk)
{
	struct sys_holder h[SYS_HOLDERS_MAX];
	struct serial_settings s;
	char note[64];
	int64_t start = clock_ms();
	bool complete;
	int n, err, peers = 0;

	/* Never open a port someone else holds: libserialport would rewrite
	 * its settings under the other program. */
	n = sys_holder_scan_peers(info->rdev, info->device, h, SYS_HOLDERS_MAX, &complete, &peers);
	result_metric(res, "holder_scan_complete", complete ? 1 : 0);
	if (peers > 0) {
		/* openpty() users (simulators, virtual-COM bridges) keep the
		 * slave open beside the master: they are the line's far end. */
		result_metric(res, "pty_peers", peers);
		result_detail(res, "the pty's other end (its master) also keeps the port open: "
			      "not counted as a program using the port");
	}
	/* Not root: other users' /proc/PID/fd cannot be read, so a payment
	 * program running as another user would go unseen. Open carefully
	 * then: no libserialport open, no flush, no needless settings. Not a
	 * warning: it is the normal case for a shop user, not a fault. */
	if (!complete)
		result_detail(res, "some processes could not be inspected (not root): "
			      "a program holding the port without a lock would go unseen, "
			      "so the port is opened carefully (nothing flushed%s)",
			      talk ? "" : ", settings left as found");
	if (n > 0) {
		open_report_holder(h, n, res);
		return false;
	}
	if (serial_sp_open(ln, info, ctx->deadline_ms - OPEN_RESERVE_MS, !complete) != 0) {
		err = errno;
		if (err == ETIMEDOUT) {
			/* The whole budget went on waiting for the port lock: a
			 * timeout, not a fault of the port. */
			result_set(res, STATUS_FAIL, "check.timeout");
			result_arg(res, "timeout_s", "%.1f", (ctx->deadline_ms - start) / 1000.0);
			result_detail(res, "another serial check kept the port too long");
			return false;
		}
		open_report_errno(info, err, complete, res);
		return false;
	}
	result_metric_text(res, "access_path", ln->sp ? "libserialport" : "termios");
	serial_port_settings(ctx->cfg, ctx->cfg->serial.baud, &s);
	if (!complete && !talk) {
		/* Nothing to say to the port: judge the settings, touch nothing. */
		if (serial_sp_speed(s.baud))
			return true;
		serial_sp_close(ln);
		serial_open_bad_baud(res, s.baud);
		return false;
	}
	if (serial_sp_configure(ln, &s, note, sizeof(note)) != 0) {
		err = errno;
		serial_sp_close(ln);
		if (err == EINVAL && !serial_sp_speed(s.baud)) {
			serial_open_bad_baud(res, s.baud);
			return false;
		}
		if (serial_port_errno_gone(err)) {
			result_set(res, STATUS_FAIL, "serial.hangup");
			return false;
		}
		result_set(res, STATUS_FAIL, "serial.open_failed");
		result_errno(res, err);
		return false;
	}
	if (note[0])
		result_detail(res, "settings: %s", note);
	return true;
}
