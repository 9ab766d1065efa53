/* network.h - the network module's internal interface (probes/network/net_*.c).
 *
 * network.c holds the table of checks; each net_*.c file holds one check's
 * run() or a helper it shares. Everything here is called on worker threads
 * from inside run(); nothing keeps state between calls.
 */
#ifndef POSDOCTOR_NETWORK_H
#define POSDOCTOR_NETWORK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <curl/curl.h>

#include "check.h"
#include "probe.h"
#include "sys_net.h"
#include "sys_resolve.h"

struct config;
struct cfg_host;

/* ---- network.c: hosts by label ---- */

/* Wait for check id's result (same label) when it is in this run, within
 * the check's deadline; false when it is not in the run or not done. */
bool net_wait_result(struct probe_ctx *ctx, const char *id, struct check_result *out);
/* Turn res into skip/dep.blocked naming check id (with ctx's label), the
 * code it had kept in the metric own_code. */
void net_blame(const struct probe_ctx *ctx, const char *id, struct check_result *res);
/* Time one HTTPS request may take (lookup, connect, TLS, answer). */
int net_https_request_ms(const struct config *cfg);

/* Label of configured host i ("acquirer"; "host<i+1>" when it has no name). */
void net_host_label(const struct config *cfg, int i, char *buf, size_t len);
/* The probe settings clamped to what the engine accepts: count 1..1000,
 * interval 10..60000 ms, timeout 250..60000 ms. */
void net_probe_settings(const struct config *cfg, int *count, int *interval, int *timeout);
/* The configured host whose label is ctx->label; NULL if none. */
const struct cfg_host *net_host_for_ctx(const struct probe_ctx *ctx);


/* Resolve name (or an IPv4 literal) within timeout_ms and the check's own
 * deadline, stopping when the run is cancelled (sys_resolve). Returns 0, or
 * an EAI_* code (EAI_AGAIN when the time ran out). */
int net_resolve(struct probe_ctx *ctx, const char *name, int timeout_ms,
		struct in_addr *out, double *took_ms);

/* ---- net_ping.c: ICMP echo / TCP connect timing ---- */

enum net_ping_method {
	NET_PING_ICMP_DGRAM,      /* unprivileged ICMP socket */
	NET_PING_ICMP_RAW,        /* raw socket lent by privsock */
	NET_PING_TCP,             /* TCP connect timing */
};

#define NET_PING_MAX 1000

struct net_ping_opts {
	struct in_addr dst;
	int port;                 /* TCP method */
	int count, interval_ms, timeout_ms;
	/* Give up after this many probes expired with no reply at all (the host
	 * is silent for this method); 0: never. */
	int silent_after;
};

struct net_ping_run {
	enum net_ping_method method;
	int sent, received, late, refused;
	bool silent;              /* stopped early by silent_after */
	bool cancelled;           /* stopped by the user (not the deadline) */
	bool timed_out;           /* stopped by the check's deadline */
	int in_flight;            /* probes unanswered when it stopped, in
				   * neither sent nor lost */
	int err;                  /* errno of a failure to send, 0 if none */
	int n_rtt;
	double rtt_ms[NET_PING_MAX];   /* received, in sequence order */
};

/* How long a check waits for a raw ICMP socket lent to another check
 * (network.host counts it in its budget). */
#define NET_POOL_WAIT_MS 1500

/* Open the socket for method (borrowing from privsock for RAW); -1 with
 * errno when the method is not available here. */
int net_ping_open(enum net_ping_method method);
void net_ping_close(enum net_ping_method method, int fd);
/* Send opts->count probes with fd (from net_ping_open; ignored for TCP) and
 * collect replies; reports progress through ctx. */
void net_ping_run(struct probe_ctx *ctx, enum net_ping_method method, int fd,
		  const struct net_ping_opts *opts, struct net_ping_run *out);
const char *net_ping_method_name(enum net_ping_method m);
/* The sequence number of the echo reply in buf, n bytes as one ICMP socket
 * read returned them: the IP header first when raw (then only a reply from
 * src carrying our identifier id counts), the bare ICMP message otherwise
 * (the kernel matched the identifier). -1 for anything else. */
int net_ping_reply_seq(const unsigned char *buf, size_t n, bool raw,
		       struct in_addr src, uint16_t id);

/* ---- net_stats.c: statistics on a run ---- */

struct net_stats {
	double loss_pct, loss_ci_low_pct, loss_ci_high_pct;
	double rtt_min_ms, rtt_avg_ms, rtt_max_ms, rtt_p95_ms;
	double jitter_ms;           /* mean |ΔRTT| of consecutive replies */
	double jitter_rfc3550_ms;   /* RFC 3550 §6.4.1 J */
	bool have_rtt, have_jitter;
};

/* 95 % Wilson score interval for k successes in n trials, in percent. */
void net_wilson_pct(int k, int n, double *low, double *high);
/* Percentile p (0..100) of v[0..n) (nearest rank, v unchanged). */
double net_percentile(const double *v, int n, double p);
/* Mean |ΔRTT| between consecutive values, and RFC 3550's J. */
void net_jitter(const double *v, int n, double *mean_abs, double *rfc3550);
void net_stats_compute(int sent, int received, const double *rtt, int n_rtt,
		       struct net_stats *out);
/* Adaptive loss grace: about 3 × p95 RTT, at least 250 ms, at most cap_ms;
 * cap_ms when there is no sample yet. */
int net_grace_ms(const double *rtt, int n_rtt, int cap_ms);

/* ---- net_curl.c: libcurl, loaded on first use ---- */

/* The libcurl functions the HTTPS check calls. */
struct net_curl {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *c);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	void (*global_cleanup)(void);
};

/* Load and initialise libcurl once (any thread); NULL with the reason in
 * *why when it cannot be had (not installed, a symbol missing). Argument
 * types are not checked through these pointers: pass long for long
 * options, as curl_easy_setopt(3) requires. */
const struct net_curl *net_curl(const char **why);

/* ---- net_https.c helpers (parsers, exported for unit tests) ---- */

/* "Jan  2 15:04:05 2027 GMT" (OpenSSL) or "2027-01-02 15:04:05 GMT"
 * (GnuTLS) to time_t (UTC); -1 when neither. */
time_t net_parse_cert_date(const char *s);
/* An HTTP Date: value (RFC 9110 §5.6.7 IMF-fixdate, plus the obsolete
 * RFC 850 and asctime forms) to time_t; -1 when invalid. */
time_t net_parse_http_date(const char *s);

/* ---- net_dns_reply.c: a DNS server's reply (RFC 1035 §4.1) ---- */

/* What the header and answer section of a reply say. */
struct net_dns_reply {
	uint16_t id;
	bool is_response;         /* QR */
	unsigned opcode;          /* 0: standard query */
	bool truncated;           /* TC */
	unsigned rcode;           /* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED */
	unsigned qdcount, ancount;
	int n_a;                  /* IPv4 addresses in the answer section */
	uint32_t first_a;         /* the first of them, network order */
	bool cut;                 /* the sections end before the counts say */
};

/* How one nameserver answered a question for a name's IPv4 address. */
enum net_dns_outcome {
	NET_DNS_SILENT,           /* nothing in time */
	NET_DNS_FOUND,            /* an address (or a truncated reply) */
	NET_DNS_NO_ADDRESS,       /* the name exists, no IPv4 address (NODATA) */
	NET_DNS_NXDOMAIN,         /* no such name */
	NET_DNS_SERVFAIL,         /* the server failed to find out */
	NET_DNS_REFUSED,          /* the server refuses to answer us */
	NET_DNS_OTHER_ERROR,      /* another error code */
	NET_DNS_GARBLED,          /* not a standard reply */
};

/* Read msg[0..len): 0 with *out filled from at least the 12-byte header
 * (out->cut when the sections are shorter than the counts), -1 when it is
 * shorter than a header. Never reads outside msg. */
int net_dns_parse_reply(const unsigned char *msg, size_t len, struct net_dns_reply *out);
/* The outcome a parsed reply stands for. */
enum net_dns_outcome net_dns_outcome_of(const struct net_dns_reply *r);
/* English words for an outcome, for detail lines and metrics. */
const char *net_dns_outcome_name(enum net_dns_outcome o);

/* ---- net_dns.c: why a name does not resolve ---- */

/* Name failed to resolve with EAI_* code rc: ask the nameservers directly and
 * set res to the code that says why (net.dns_no_such_name, net.dns_refused,
 * net.dns_no_answer, net.dns_no_server, else net.dns_failed), with the
 * host, error and resolver arguments. */
void net_dns_explain(struct probe_ctx *ctx, const char *name, int rc,
		     struct check_result *res);

/* ---- the checks' run() functions ---- */

void net_link_run(struct probe_ctx *ctx, struct check_result *res);
void net_gateway_run(struct probe_ctx *ctx, struct check_result *res);
void net_dns_run(struct probe_ctx *ctx, struct check_result *res);
void net_host_run(struct probe_ctx *ctx, struct check_result *res);
void net_https_run(struct probe_ctx *ctx, struct check_result *res);

/* The interface the checks judge (config_interface(), else the default
 * route's: sys_iface_judged). */
enum sys_iface_how net_judged_iface(const struct config *cfg, struct sys_iface *out);

#endif
