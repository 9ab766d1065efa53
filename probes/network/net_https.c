/* net_https.c - network.https:<name>: one HTTPS request through libcurl with
 * verification on: phase times, HTTP status, days left on the certificate,
 * and the PC clock against the server's Date: header.
 *
 * libcurl is loaded on first use (net_curl.c); each run owns one easy
 * handle, with CURLOPT_NOSIGNAL (no alarm() in a threaded program).
 */
#include "network.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "config.h"

/* OpenSSL include/openssl/x509_vfy.h: X509_V_ERR_CERT_NOT_YET_VALID and
 * X509_V_ERR_CERT_HAS_EXPIRED, as CURLINFO_SSL_VERIFYRESULT returns them. */
#define NET_X509_NOT_YET_VALID 9
#define NET_X509_EXPIRED       10

#define NET_BODY_MAX  (64 * 1024)   /* read no more of the body than this */
#define NET_DAY_S     86400

struct https_state {
	struct probe_ctx *ctx;
	size_t body;
	bool have_date;
	time_t server_date;
	int64_t date_seen_wall_ms;    /* our clock when the header arrived */
};

/* Body bytes: counted and dropped; stop once enough arrived. */
static size_t net_https_body(char *ptr, size_t size, size_t n, void *arg)
{
	struct https_state *st = arg;

	(void)ptr;
	st->body += size * n;
	return st->body > NET_BODY_MAX ? 0 : size * n;
}

/* Header lines: keep the Date: of the final response. */
static size_t net_https_header(char *buf, size_t size, size_t n, void *arg)
{
	struct https_state *st = arg;
	size_t len = size * n;
	char v[128];

	if (len > 5 && len < sizeof(v) + 5 && strncasecmp(buf, "Date:", 5) == 0) {
		memcpy(v, buf + 5, len - 5);
		v[len - 5] = '\0';
		v[strcspn(v, "\r\n")] = '\0';
		st->server_date = net_parse_http_date(v);
		st->have_date = st->server_date != (time_t)-1;
		st->date_seen_wall_ms = clock_wall_ms();
	}
	return len;
}

/* Progress: the place to stop when the run is cancelled. */
static int net_https_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
			      curl_off_t un)
{
	struct https_state *st = arg;

	(void)dt; (void)dn; (void)ut; (void)un;
	return probe_cancelled(st->ctx) ? 1 : 0;
}

/* A cumulative phase time in ms, or -1 when the phase did not happen. */
static double net_https_time(CURL *c, CURLINFO what)
{
	const struct net_curl *cu = net_curl(NULL);
	curl_off_t us = 0;

	if (cu->easy_getinfo(c, what, &us) != CURLE_OK || us <= 0)
		return -1;
	return (double)us / 1000.0;
}

/* Phase durations from the cumulative times (guarding phases that did not
 * happen, or that a reused connection skipped). */
static void net_https_phases(CURL *c, struct check_result *res, bool *tcp_done,
			     bool *tls_done)
{
	double dns = net_https_time(c, CURLINFO_NAMELOOKUP_TIME_T);
	double tcp = net_https_time(c, CURLINFO_CONNECT_TIME_T);
	double tls = net_https_time(c, CURLINFO_APPCONNECT_TIME_T);
	double ttfb = net_https_time(c, CURLINFO_STARTTRANSFER_TIME_T);
	double total = net_https_time(c, CURLINFO_TOTAL_TIME_T);

	*tcp_done = tcp > 0;
	*tls_done = tls > 0;
	if (dns >= 0)
		result_metric(res, "dns_ms", dns);
	if (tcp > 0)
		result_metric(res, "tcp_connect_ms", tcp - (dns > 0 ? dns : 0));
	if (tls > 0 && tcp > 0 && tls >= tcp)
		result_metric(res, "tls_handshake_ms", tls - tcp);
	if (ttfb > 0 && tls > 0 && ttfb >= tls)
		result_metric(res, "first_byte_ms", ttfb - tls);
	if (total > 0)
		result_metric(res, "total_ms", total);
}

/* The leaf certificate's expiry from CURLINFO_CERTINFO; -1 if unknown. */
static time_t net_https_cert_expiry(CURL *c)
{
	const struct net_curl *cu = net_curl(NULL);
	struct curl_certinfo *ci = NULL;

	if (cu->easy_getinfo(c, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci ||
	    ci->num_of_certs < 1)
		return -1;
	for (struct curl_slist *s = ci->certinfo[0]; s; s = s->next)
		if (strncmp(s->data, "Expire date:", 12) == 0)
			return net_parse_cert_date(s->data + 12);
	return -1;
}

/* Our wall clock as "2026-11-22 10:04 UTC" for the summary. */
static void net_https_now_text(char *buf, size_t len)
{
	time_t now = (time_t)(clock_wall_ms() / 1000);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M UTC", &tm);
}

/* The catalogue key of the phrase for libcurl's rc (assets/strings/error.yaml):
 * the certificate check's verdict when there is one, else the code. */
static const char *net_https_error_key(CURLcode rc, long verify, char *buf, size_t len)
{
	if (verify > 0)
		snprintf(buf, len, "error.x509.%ld", verify);
	else
		snprintf(buf, len, "error.curl.%d", (int)rc);
	return buf;
}

/* The request failed: name why, most useful reason first. *path says
 * whether the failure is one a lossy or broken path gives (no connection,
 * a handshake or answer that never came), not a certificate's verdict. */
static void net_https_failed(CURL *c, CURLcode rc, const char *errbuf, bool tcp_done,
			     bool tls_done, struct check_result *res, bool *path)
{
	const struct net_curl *cu = net_curl(NULL);
	long verify = 0, os_errno = 0;
	char now[40], key[48];
	const char *err = errbuf[0] ? errbuf : cu->easy_strerror(rc);

	/* The summary gets the short reason: the system's own words for a
	 * refused or unreachable connection, libcurl's for the rest (TLS
	 * messages name the certificate problem). */
	cu->easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
	cu->easy_getinfo(c, CURLINFO_SSL_VERIFYRESULT, &verify);
	if (!tls_done && os_errno > 0 && rc != CURLE_PEER_FAILED_VERIFICATION)
		result_errno(res, (int)os_errno);
	else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR)
		result_error(res, net_https_error_key(rc, verify, key, sizeof(key)), "%s", err);
	else
		result_error(res, net_https_error_key(rc, 0, key, sizeof(key)), "%s",
			     cu->easy_strerror(rc));
	result_detail(res, "curl: %s (%d)", err, (int)rc);
	net_https_now_text(now, sizeof(now));
	result_arg(res, "pc_time", "%s", now);
	*path = false;
	if (rc == CURLE_COULDNT_RESOLVE_HOST) {
		result_set(res, STATUS_FAIL, "net.dns_failed");
	} else if (verify == NET_X509_EXPIRED) {
		result_set(res, STATUS_FAIL, "net.cert_expired");
	} else if (verify == NET_X509_NOT_YET_VALID) {
		/* Only a PC clock set in the past makes a live certificate
		 * "not yet valid". */
		result_set(res, STATUS_FAIL, "net.clock_wrong");
	} else if (!tcp_done && (rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT)) {
		result_set(res, STATUS_FAIL, "net.connect_failed");
		*path = true;
	} else if (!tls_done || rc == CURLE_PEER_FAILED_VERIFICATION ||
		   rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CACERT_BADFILE ||
		   rc == CURLE_SSL_CERTPROBLEM) {
		result_set(res, STATUS_FAIL, "net.tls_failed");
		/* A handshake cut short or timed out, no certificate verdict. */
		*path = verify == 0 && rc != CURLE_PEER_FAILED_VERIFICATION &&
			rc != CURLE_SSL_CACERT_BADFILE && rc != CURLE_SSL_CERTPROBLEM;
	} else {
		result_set(res, STATUS_FAIL, "net.http_no_answer");
		*path = true;
	}
}

/* The server answered: judge status, certificate and clock. */
static void net_https_answered(CURL *c, const struct https_state *st,
			       struct check_result *res)
{
	const struct net_curl *cu = net_curl(NULL);
	const struct config *cfg = st->ctx->cfg;
	long status = 0;
	time_t expiry = net_https_cert_expiry(c);
	double now_s = (double)clock_wall_ms() / 1000.0, skew = 0, days = 0;
	char now[40];
	bool skewed = false, expiring = false;

	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	result_metric(res, "http_status", (double)status);
	result_arg(res, "status", "%ld", status);
	net_https_now_text(now, sizeof(now));
	result_arg(res, "pc_time", "%s", now);
	if (expiry != (time_t)-1) {
		days = ((double)expiry - now_s) / NET_DAY_S;
		result_metric(res, "cert_days_left", days);
		result_arg(res, "days_left", "%.0f", days < 0 ? 0 : days);
		expiring = days <= cfg->network.thresholds.cert_warn_days;
	}
	if (st->have_date) {
		/* Positive: the PC clock is ahead of the server's. */
		skew = (double)st->date_seen_wall_ms / 1000.0 - (double)st->server_date;
		result_metric(res, "clock_skew_s", skew);
		result_arg(res, "skew_s", "%.0f", skew < 0 ? -skew : skew);
		skewed = (skew < 0 ? -skew : skew) > cfg->network.thresholds.clock_skew_warn_s;
	}
	if (status >= 500 || status < 100) {
		result_set(res, STATUS_FAIL, "net.http_error");
	} else if (expiring && days < 0) {
		result_set(res, STATUS_FAIL, "net.cert_expired");
	} else if (skewed) {
		result_set(res, STATUS_WARN, "net.clock_skew");
	} else if (expiring) {
		result_set(res, STATUS_WARN, "net.cert_expiring");
	} else {
		result_set(res, STATUS_OK, "net.ok");
	}
}

/* Set every option of the one request; false if libcurl refused one. */
static bool net_https_setup(CURL *c, const struct cfg_host *h, struct https_state *st,
			    char *errbuf, int total_ms, int connect_ms)
{
	const struct net_curl *cu = net_curl(NULL);
	char url[CFG_HOST_MAX * 2 + 32];
	const char *path = h->path[0] ? h->path : "/";
	int port = h->port > 0 && h->port < 65536 ? h->port : 443;
	bool ok = true;

	snprintf(url, sizeof(url), "https://%s:%d%s%s", h->address, port,
		 path[0] == '/' ? "" : "/", path);
	ok &= cu->easy_setopt(c, CURLOPT_URL, url) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https") == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
	if (h->ca_file[0])
		ok &= cu->easy_setopt(c, CURLOPT_CAINFO, h->ca_file) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_CERTINFO, 1L) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)total_ms) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)connect_ms) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_USERAGENT, "posdoctor") == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, net_https_body) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_WRITEDATA, st) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, net_https_header) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_HEADERDATA, st) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, net_https_progress) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_XFERINFODATA, st) == CURLE_OK;
	ok &= cu->easy_setopt(c, CURLOPT_NOPROGRESS, 0L) == CURLE_OK;
	return ok;
}

/* Free this thread's TLS library state (OpenSSL keeps a random generator
 * and an error queue per thread) now, rather than in a thread-exit handler
 * that a process exiting right after the report may never let run. Looked up
 * at run time: libcurl may be built on another TLS library. */
static void net_https_thread_stop(void)
{
	void (*stop)(void);

	*(void **)&stop = dlsym(RTLD_DEFAULT, "OPENSSL_thread_stop");
	if (stop)
		stop();
}

/* The request failed on the path: when network.host measured the same host
 * unreachable or losing packets, that is the cause. A failed host check
 * blocks this one (one cause, one answer); a loss only warned about makes
 * this failure net.https_lossy, which names the loss, not a firewall. */
static void net_https_attribute(struct probe_ctx *ctx, struct check_result *res)
{
	struct check_result *host = malloc(sizeof(*host));
	const struct metric *loss;

	if (!host)
		return;
	if (!net_wait_result(ctx, "network.host", host))
		goto out;
	loss = result_find_metric(host, "loss_pct");
	if (loss && !loss->is_text)
		result_metric(res, "host_loss_pct", loss->value);
	if (host->status == STATUS_FAIL && (strcmp(host->code, "net.host_unreachable") == 0 ||
					    strcmp(host->code, "net.terminal_unreachable") == 0 ||
					    strcmp(host->code, "net.loss_high") == 0)) {
		net_blame(ctx, "network.host", res);
	} else if (host->status == STATUS_WARN && strcmp(host->code, "net.loss_high") == 0 &&
		   loss && !loss->is_text) {
		result_metric_text(res, "own_code", res->code);
		result_arg(res, "loss_pct", "%.0f", loss->value);
		result_set(res, STATUS_FAIL, "net.https_lossy");
	}
out:
	free(host);
}

/* The server's Date: says the PC clock is off (or a live certificate looks
 * not yet valid): when system.clock, in the same run, found the clock
 * wrong or unattended, that is the one cause to show; this check then
 * points to it instead of giving a second fix for the same clock. */
static void net_https_clock_cause(struct probe_ctx *ctx, struct check_result *res)
{
	struct check_result *clk = malloc(sizeof(*clk));

	if (!clk)
		return;
	if (net_wait_result(ctx, "system.clock", clk) &&
	    (clk->status == STATUS_WARN || clk->status == STATUS_FAIL) &&
	    (strcmp(clk->code, "system.clock_offset") == 0 ||
	     strcmp(clk->code, "system.clock_unsynced") == 0 ||
	     strcmp(clk->code, "system.no_time_service") == 0)) {
		result_metric_text(res, "own_code", res->code);
		result_set(res, STATUS_SKIP, "dep.blocked");
		result_arg(res, "blocker", "%s", "system.clock");
	}
	free(clk);
}

/* network.https:<name>: one verified HTTPS request to one host. */
void net_https_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct cfg_host *h = net_host_for_ctx(ctx);
	struct https_state st = { .ctx = ctx };
	char errbuf[CURL_ERROR_SIZE] = "";
	int total = probe_remaining_ms(ctx) - 100, connect_ms, count, interval, timeout;
	bool tcp_done = false, tls_done = false, path = false;
	const struct net_curl *cu;
	const char *why = "";
	CURLcode rc;
	CURL *c;

	if (!h) {
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.check.no_host", "no host named '%s' in the config",
			     ctx->label);
		return;
	}
	result_arg(res, "host", "%s", h->address);
	result_arg(res, "port", "%d", h->port > 0 ? h->port : 443);
	/* The rest of the budget is for waiting on network.host's result. */
	if (total > net_https_request_ms(ctx->cfg) - 100)
		total = net_https_request_ms(ctx->cfg) - 100;
	if (total < 100)
		total = 100;
	net_probe_settings(ctx->cfg, &count, &interval, &timeout);
	connect_ms = 2 * timeout;
	if (connect_ms > total)
		connect_ms = total;
	cu = net_curl(&why);
	if (!cu) {
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.curl.missing", "cannot load libcurl: %s", why);
		return;
	}
	c = cu->easy_init();
	if (!c) {
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.curl.start", "%s", "libcurl could not start a request");
		return;
	}
	if (!net_https_setup(c, h, &st, errbuf, total, connect_ms)) {
		cu->easy_cleanup(c);
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.curl.old", "%s",
			     "libcurl lacks a needed option (HTTPS, certinfo)");
		return;
	}
	rc = cu->easy_perform(c);
	net_https_phases(c, res, &tcp_done, &tls_done);
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		result_set(res, STATUS_SKIP, "check.cancelled");
	} else if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && st.body > NET_BODY_MAX)) {
		net_https_answered(c, &st, res);
	} else {
		net_https_failed(c, rc, errbuf, tcp_done, tls_done, res, &path);
	}
	cu->easy_cleanup(c);
	net_https_thread_stop();
	if (path)
		net_https_attribute(ctx, res);
	if (strcmp(res->code, "net.clock_skew") == 0 || strcmp(res->code, "net.clock_wrong") == 0)
		net_https_clock_cause(ctx, res);
	if (strcmp(res->code, "net.dns_failed") == 0) {
		/* The same reasons as network.dns gives, libcurl's words kept. */
		const char *was = result_find_arg(res, "error");
		char err[ARG_VALUE_MAX];

		snprintf(err, sizeof(err), "%s", was ? was : "");
		net_dns_explain(ctx, h->address, EAI_FAIL, res);
		result_error(res, "error.curl.6", "%s", err);
	}
}
