/* system_clock.c - system.clock: is the PC's clock right?
 *
 * Three witnesses, none of them a command: the kernel's own discipline
 * state (adjtimex: unsynchronised, maximum error), which time service runs
 * (state files and process names below system.root), and, when
 * system.ntp_server is set, one SNTP exchange (sys/sys_time_linux.c) giving
 * the offset and the round trip.
 */
#include "system.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "sys_file.h"
#include "sys_host.h"

/* The kernel's "maximum error" saturates at 16 s (NTP_PHASE_LIMIT) when
 * nobody disciplines the clock. */
#define KERNEL_MAXERROR_UNSYNCED_US 16000000L

/* Whether the pid file at rel names a live process. */
static bool pidfile_alive(const struct config *cfg, const char *proc, const char *rel)
{
	char path[SYSTEM_PATH_MAX];
	long pid;

	system_path(cfg, rel, path, sizeof(path));
	return sys_read_long(path, &pid) && sys_proc_alive(proc, pid);
}

/* Whether the file or socket rel exists. */
static bool exists_at(const struct config *cfg, const char *rel)
{
	char path[SYSTEM_PATH_MAX], buf[4];

	system_path(cfg, rel, path, sizeof(path));
	return sys_read_text(path, buf, sizeof(buf)) >= 0 || sys_is_dir(path);
}

/* Which time services run (see system.h). */
void system_time_services(const struct config *cfg, struct system_time_service *ts)
{
	/* systemd-timesyncd: comm is cut to 15 bytes. It touches the file
	 * below once it has synchronised (systemd-timesyncd.service(8)).
	 * ntpd, ntpsec and OpenNTPD all call themselves ntpd. */
	static const char *const names[] = { "systemd-timesyn", "chronyd", "ntpd", NULL };
	char proc[SYSTEM_PATH_MAX];
	unsigned run;

	memset(ts, 0, sizeof(*ts));
	system_path(cfg, "proc", proc, sizeof(proc));
	run = sys_proc_running_mask(proc, names);

	ts->timesyncd = run & 1;
	ts->timesyncd_synced = ts->timesyncd &&
			       exists_at(cfg, "run/systemd/timesync/synchronized");
	ts->chrony = (run & 2) || pidfile_alive(cfg, proc, "run/chrony/chronyd.pid") ||
		     pidfile_alive(cfg, proc, "run/chronyd.pid");
	ts->ntpd = (run & 4) || pidfile_alive(cfg, proc, "run/ntpd.pid");
}

/* The services found, as one word list ("chrony"), "" for none. */
static void services_text(const struct system_time_service *ts, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s%s%s",
		 ts->timesyncd ? "systemd-timesyncd" : "",
		 ts->timesyncd && (ts->chrony || ts->ntpd) ? "," : "",
		 ts->chrony ? "chrony" : "",
		 ts->chrony && ts->ntpd ? "," : "",
		 ts->ntpd ? "ntpd" : "");
}

/* Split an ntp_server value (see system.h). */
bool system_ntp_server_split(const char *spec, char *host, size_t len, int *port)
{
	const char *colon = strrchr(spec, ':');
	char *end;
	long p = 123;

	if (colon && strchr(spec, ':') == colon) {
		p = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || *end || p < 1 || p > 65535)
			return false;
		snprintf(host, len, "%.*s", (int)(colon - spec), spec);
	} else {
		snprintf(host, len, "%s", spec);
	}
	*port = (int)p;
	return host[0] != '\0';
}

/* English words for an SNTP failure, for the detail lines and {error}. */
static const char *sntp_error_text(const struct sys_sntp_result *r, char *buf, size_t len)
{
	char eb[96];

	switch (r->error) {
	case SNTP_RESOLVE:
		return "the name did not resolve";
	case SNTP_SOCKET:
		snprintf(buf, len, "%s", errno_text(r->sys_errno, eb, sizeof(eb)));
		return buf;
	case SNTP_NO_ANSWER:
		return "no answer";
	case SNTP_BAD_REPLY:
		return "a reply that is not a time server's";
	case SNTP_KISS:
		snprintf(buf, len, "the server refused (%s)", r->reply.refid);
		return buf;
	case SNTP_OK:
		break;
	}
	return "ok";
}

/* The catalogue key of the phrase for an SNTP failure
 * (assets/strings/error.yaml). */
static const char *sntp_error_key(const struct sys_sntp_result *r, char *buf, size_t len)
{
	switch (r->error) {
	case SNTP_RESOLVE: return "error.sntp.resolve";
	case SNTP_SOCKET: return errno_key(r->sys_errno, buf, len);
	case SNTP_NO_ANSWER: return "error.sntp.no_answer";
	case SNTP_BAD_REPLY: return "error.sntp.bad_reply";
	case SNTP_KISS: return "error.sntp.refused";
	case SNTP_OK: break;
	}
	return "error.sntp.other";
}

/* Judge the clock (see system.h). Order: a measured offset, then no
 * service at all, then the kernel saying unsynchronised, then a server
 * that did not answer. */
void system_clock_judge(const struct config *cfg, const struct sys_ntp_state *k,
			const struct system_time_service *ts,
			const struct sys_sntp_result *sntp, const char *server,
			struct check_result *res)
{
	bool any = ts->timesyncd || ts->chrony || ts->ntpd;
	bool unsynced = k->read && (k->unsynced || k->maxerror_us >= KERNEL_MAXERROR_UNSYNCED_US);
	char services[64], eb[128];
	double off_s = 0;

	services_text(ts, services, sizeof(services));
	result_metric_text(res, "time_service", any ? services : "none");
	result_arg(res, "service", "%s", any ? services : "-");
	if (k->read) {
		result_metric(res, "kernel_synced", unsynced ? 0 : 1);
		result_metric(res, "kernel_maxerror_ms", (double)k->maxerror_us / 1000.0);
		result_detail(res, "kernel: %s, maximum error %.1f ms, estimated error %.1f ms",
			      k->unsynced ? "unsynchronised" : "synchronised",
			      (double)k->maxerror_us / 1000.0, (double)k->esterror_us / 1000.0);
	} else {
		result_detail(res, "kernel clock state unreadable: %s",
			      errno_text(k->error, eb, sizeof(eb)));
	}
	result_detail(res, "time service: %s%s", any ? services : "none",
		      ts->timesyncd_synced ? " (timesyncd reports synchronised)" : "");
	if (server)
		result_arg(res, "server", "%s", server);
	if (sntp && sntp->error == SNTP_OK) {
		off_s = sntp->offset_ms / 1000.0;
		/* Positive: the PC is ahead, as network.https counts its skew. */
		result_metric(res, "clock_offset_ms", -sntp->offset_ms);
		result_metric(res, "ntp_delay_ms", sntp->delay_ms);
		result_metric(res, "ntp_stratum", sntp->reply.stratum);
		result_metric(res, "ntp_samples", sntp->samples);
		result_arg(res, "offset_s", "%.1f", fabs(off_s));
		result_detail(res, "%s: PC clock %s by %.3f s (round trip %.1f ms, best of %d, "
			      "stratum %d)", server ? server : "server", off_s < 0 ? "ahead" : "behind",
			      fabs(off_s), sntp->delay_ms, sntp->samples, sntp->reply.stratum);
	} else if (sntp) {
		char key[64];

		result_error(res, sntp_error_key(sntp, key, sizeof(key)), "%s",
			     sntp_error_text(sntp, eb, sizeof(eb)));
		result_detail(res, "%s: %s", server ? server : "server",
			      sntp_error_text(sntp, eb, sizeof(eb)));
	}
	if (sntp && sntp->error == SNTP_OK &&
	    fabs(off_s) > cfg->system.thresholds.clock_offset_fail_s)
		result_set(res, STATUS_FAIL, "system.clock_offset");
	else if (sntp && sntp->error == SNTP_OK &&
		 fabs(off_s) > cfg->system.thresholds.clock_offset_warn_s)
		result_set(res, STATUS_WARN, "system.clock_offset");
	else if (!any && (unsynced || !k->read))
		result_set(res, STATUS_WARN, "system.no_time_service");
	else if (unsynced)
		result_set(res, STATUS_WARN, "system.clock_unsynced");
	else if (sntp && sntp->error != SNTP_OK)
		result_set(res, STATUS_WARN, "system.ntp_no_answer");
	else
		result_set(res, STATUS_OK, "system.ok");
}

/* stop() for the SNTP wait: cancelled or out of time. */
static bool clock_stop(void *arg)
{
	struct probe_ctx *ctx = arg;

	return probe_cancelled(ctx) || probe_remaining_ms(ctx) <= 0;
}

/* system.clock. */
void system_clock_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct system_time_service ts;
	struct sys_ntp_state k;
	struct sys_sntp_result sntp;
	char host[CFG_HOST_MAX];
	int port;
	bool asked = false;

	sys_ntp_read(&k);
	system_time_services(cfg, &ts);
	if (cfg->system.ntp_server[0]) {
		if (!system_ntp_server_split(cfg->system.ntp_server, host, sizeof(host), &port)) {
			memset(&sntp, 0, sizeof(sntp));
			sntp.error = SNTP_RESOLVE;
		} else {
			/* Leave a little of the budget to write the result. */
			sys_sntp_query(host, port, ctx->deadline_ms - 200, clock_stop, ctx, &sntp);
		}
		asked = true;
		if (probe_cancelled(ctx)) {
			result_set(res, STATUS_SKIP, "check.cancelled");
			return;
		}
	}
	system_clock_judge(cfg, &k, &ts, asked ? &sntp : NULL,
			   asked ? cfg->system.ntp_server : NULL, res);
}
