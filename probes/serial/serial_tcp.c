/* serial_tcp.c - a network terminal as the serial module's "line":
 * serial.port: tcp://HOST:PORT. The host is resolved within the check's
 * time (sys/sys_resolve.h), the connect is sys_tcp_connect (sys/sys_net.h),
 * and the connected non-blocking socket is the line's fd, read and written
 * by serial_sp_wait/read/write like a tty. */
#include "serial.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "sys_net.h"
#include "sys_resolve.h"

#define TCP_RESERVE_MS      150    /* kept back for closing and reporting */
#define TCP_CONNECT_MIN_MS  1000   /* a SYN answered later than this is lost */

/* Fill t for host (IPv6 without brackets) and port. */
void serial_tcp_target_at(const char *host, int port, struct serial_tcp_target *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->host, sizeof(t->host), "%s", host);
	t->port = port;
	snprintf(t->shown, sizeof(t->shown), "%s%s%s:%d", strchr(t->host, ':') ? "[" : "",
		 t->host, strchr(t->host, ':') ? "]" : "", t->port);
}

/* Whether serial.port names a network terminal (config.h). */
bool serial_tcp_target(const struct config *cfg, struct serial_tcp_target *t)
{
	char why[8], host[CFG_HOST_MAX];
	int port;

	memset(t, 0, sizeof(*t));
	if (config_tcp_address(cfg->serial.port, host, sizeof(host), &port, why,
			       sizeof(why)) != 1)
		return false;
	serial_tcp_target_at(host, port, t);
	return true;
}

/* Name the terminal in res: port (the config's value), host, tcp_port. */
void serial_tcp_args(const struct serial_tcp_target *t, struct check_result *res)
{
	result_arg(res, "port", "tcp://%s", t->shown);
	result_arg(res, "host", "%s", t->host);
	result_arg(res, "tcp_port", "%d", t->port);
}

/* stop() for sys_resolve: the run was cancelled or its time is up. */
static bool tcp_resolve_stop(void *arg)
{
	struct probe_ctx *ctx = arg;

	return probe_cancelled(ctx) || probe_remaining_ms(ctx) <= 0;
}

/* Resolve t into sa (IPv4/IPv6 literals at once, names through the
 * system resolver before the check's deadline). */
bool serial_tcp_resolve(struct probe_ctx *ctx, const struct serial_tcp_target *t,
			struct sockaddr_storage *sa, socklen_t *sa_len, struct check_result *res)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
	double took = 0;
	int rc;

	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET6, t->host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)t->port);
		*sa_len = sizeof(*s6);
		return true;
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)t->port);
	*sa_len = sizeof(*s4);
	if (inet_pton(AF_INET, t->host, &s4->sin_addr) == 1)
		return true;
	rc = sys_resolve(t->host, clock_ms() + probe_remaining_ms(ctx) - TCP_RESERVE_MS,
			 tcp_resolve_stop, ctx, &s4->sin_addr.s_addr, &took);
	result_metric(res, "resolve_ms", took);
	if (rc == 0) {
		char ip[16];

		sys_ip_format(s4->sin_addr.s_addr, ip);
		result_detail(res, "%s is %s", t->host, ip);
		return true;
	}
	result_set(res, STATUS_FAIL, "serial.tcp_unresolved");
	serial_tcp_args(t, res);
	result_detail(res, "%s: %s", t->host, sys_resolve_error_words(rc));
	return false;
}

/* Time the connect may take: the answer timeout, at least
 * TCP_CONNECT_MIN_MS, within what the check has left. */
static int tcp_connect_ms(struct probe_ctx *ctx)
{
	int want = ctx->cfg->serial.timeout_ms, left = probe_remaining_ms(ctx) - TCP_RESERVE_MS;

	if (want < TCP_CONNECT_MIN_MS)
		want = TCP_CONNECT_MIN_MS;
	return left < want ? left : want;
}

/* Fill res for a connect that failed with err. */
static void tcp_report_connect(const struct serial_tcp_target *t, int err, int ms,
			       struct check_result *res)
{
	char eb[SERIAL_ERRTEXT_MAX];

	switch (err) {
	case ECONNREFUSED:
		result_set(res, STATUS_FAIL, "serial.tcp_refused");
		break;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
		result_set(res, STATUS_FAIL, "serial.tcp_timeout");
		result_metric(res, "connect_timeout_ms", ms);
		if (err != ETIMEDOUT)
			result_detail(res, "%s", errno_text(err, eb, sizeof(eb)));
		break;
	default:
		result_set(res, STATUS_FAIL, "serial.open_failed");
		result_errno(res, err);
		break;
	}
	serial_tcp_args(t, res);
}

/* Resolve, take the module's port lock and connect (serial.h). */
bool serial_tcp_open(struct probe_ctx *ctx, const struct serial_tcp_target *t,
		     struct serial_line *ln, struct check_result *res, double *connect_ms)
{
	struct sockaddr_storage sa;
	socklen_t sa_len;
	int err, ms, limit_ms = probe_remaining_ms(ctx);

	memset(ln, 0, sizeof(*ln));
	ln->fd = -1;
	ln->tcp = true;
	*connect_ms = 0;
	snprintf(ln->info.device, sizeof(ln->info.device), "tcp://%.240s", t->shown);
	snprintf(ln->info.transport, sizeof(ln->info.transport), "tcp");
	if (!serial_tcp_resolve(ctx, t, &sa, &sa_len, res))
		return false;
	/* A terminal's ECR port takes one connection at a time: the checks of
	 * this module connect one after the other, as they open a tty. */
	ln->lock = t->no_lock ? 0 :
		   serial_sp_lock(clock_ms() + probe_remaining_ms(ctx) - TCP_RESERVE_MS);
	if (!t->no_lock && !ln->lock) {
		result_set(res, STATUS_FAIL, "check.timeout");
		result_arg(res, "timeout_s", "%.1f", limit_ms / 1000.0);
		result_detail(res, "another check kept the terminal's connection");
		return false;
	}
	ms = tcp_connect_ms(ctx);
	err = ms > 0 ? sys_tcp_connect((const struct sockaddr *)&sa, sa_len, ms, &ln->fd,
				       connect_ms) : ETIMEDOUT;
	if (err != 0) {
		serial_sp_unlock(ln->lock);
		ln->lock = 0;
		tcp_report_connect(t, err, ms, res);
		return false;
	}
	result_metric(res, "connect_ms", *connect_ms);
	return true;
}
