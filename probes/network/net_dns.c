/* net_dns.c - network.dns: every configured host name resolves through the
 * system resolver, timed; when one does not, each nameserver of
 * /etc/resolv.conf is asked directly so the summary names the dead one.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"

#define NET_DNS_LIMIT_MS      3000   /* all lookups together */
#define NET_DNS_ASK_MS        1000   /* direct question to each nameserver */
#define NET_DNS_MAX_SERVERS   3      /* resolv.conf(5): MAXNS */

/* A DNS question for name's A record (RFC 1035 §4.1); its length or -1. */
static int net_dns_query(const char *name, uint16_t id, unsigned char *buf, size_t len)
{
	size_t pos = 12;
	const char *p = name;

	if (len < 12 + strlen(name) + 6)
		return -1;
	memset(buf, 0, 12);
	buf[0] = (unsigned char)(id >> 8);
	buf[1] = (unsigned char)id;
	buf[2] = 0x01;            /* RD: recursion desired */
	buf[5] = 1;               /* QDCOUNT */
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);

		if (l == 0 || l > 63)
			return -1;
		buf[pos++] = (unsigned char)l;
		memcpy(buf + pos, p, l);
		pos += l;
		p += l;
		if (*p == '.')
			p++;
	}
	buf[pos++] = 0;
	buf[pos++] = 0;
	buf[pos++] = 1;           /* QTYPE A */
	buf[pos++] = 0;
	buf[pos++] = 1;           /* QCLASS IN */
	return (int)pos;
}

/* Ask every nameserver about name at once; answered[i] says which replied
 * (any reply, NXDOMAIN included, means the server works). False when no
 * question could be built for name, so nothing was asked. */
static bool net_dns_ask_servers(struct probe_ctx *ctx, const char *name,
				const struct in_addr *srv, int n, bool *answered)
{
	struct pollfd pfd[NET_DNS_MAX_SERVERS];
	unsigned char q[300], r[512];
	uint16_t id = (uint16_t)(clock_us() & 0xffff);
	int qlen = net_dns_query(name, id, q, sizeof(q));
	int64_t until = clock_ms() + NET_DNS_ASK_MS;

	if (qlen < 0)
		return false;
	for (int i = 0; i < n; i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = srv[i],
					  .sin_port = htons(53) };

		answered[i] = false;
		pfd[i].fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		pfd[i].events = POLLIN;
		if (pfd[i].fd >= 0 && (connect(pfd[i].fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
		    send(pfd[i].fd, q, (size_t)qlen, 0) < 0)) {
			close(pfd[i].fd);
			pfd[i].fd = -1;
		}
	}
	for (;;) {
		int wait = (int)(until - clock_ms()), left = 0;

		for (int i = 0; i < n; i++)
			left += pfd[i].fd >= 0;
		if (wait > probe_remaining_ms(ctx) - 50)
			wait = probe_remaining_ms(ctx) - 50;
		if (left == 0 || wait <= 0 || probe_cancelled(ctx))
			break;
		if (poll(pfd, (nfds_t)n, wait > 100 ? 100 : wait) <= 0)
			continue;
		for (int i = 0; i < n; i++) {
			ssize_t got;

			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLERR)))
				continue;
			got = recv(pfd[i].fd, r, sizeof(r), 0);
			/* Same id, QR bit set: this server answered. */
			if (got >= 12 && r[0] == q[0] && r[1] == q[1] && (r[2] & 0x80))
				answered[i] = true;
			if (got >= 0 || errno != EAGAIN) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	return true;
}

/* Fill the resolver argument: which nameservers did not answer. */
static void net_dns_name_resolver(struct probe_ctx *ctx, const char *name,
				  struct check_result *res)
{
	struct in_addr srv[NET_DNS_MAX_SERVERS];
	uint32_t raw[NET_DNS_MAX_SERVERS];
	bool answered[NET_DNS_MAX_SERVERS];
	int n = sys_resolv_servers(NULL, raw, NET_DNS_MAX_SERVERS);
	char dead[160] = "", alive[160] = "", a[INET_ADDRSTRLEN];

	for (int i = 0; i < n; i++)
		srv[i].s_addr = raw[i];

	if (n == 0) {
		result_arg(res, "resolver", "%s", "none configured");
		result_detail(res, "%s", "/etc/resolv.conf lists no nameserver");
		return;
	}
	if (!net_dns_ask_servers(ctx, name, srv, n, answered)) {
		/* Nothing was sent: the servers were not tested, so none is dead. */
		for (int i = 0; i < n; i++) {
			size_t used = strlen(alive);

			inet_ntop(AF_INET, &srv[i], a, sizeof(a));
			snprintf(alive + used, sizeof(alive) - used, "%s%s", used ? ", " : "", a);
		}
		result_arg(res, "resolver", "%s", alive);
		result_detail(res, "'%s' is not a valid DNS name (an empty label or one over "
			      "63 bytes, RFC 1035 §2.3.4): nameservers not tested", name);
		return;
	}
	for (int i = 0; i < n; i++) {
		char *buf = answered[i] ? alive : dead;
		size_t used = strlen(buf);

		inet_ntop(AF_INET, &srv[i], a, sizeof(a));
		snprintf(buf + used, 160 - used, "%s%s", used ? ", " : "", a);
		result_detail(res, "nameserver %s: %s", a, answered[i] ? "answers" : "no answer");
	}
	result_arg(res, "resolver", "%s", dead[0] ? dead : alive);
	result_metric_text(res, "resolver_dead", dead[0] ? dead : "-");
}

/* network.dns: look up every configured host name, timed. */
void net_dns_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	int64_t until = clock_ms() + NET_DNS_LIMIT_MS;
	double slowest = 0, sum = 0;
	int names = 0, failed = 0, slow = 0;

	if (cfg->network.n_hosts == 0) {
		result_set(res, STATUS_SKIP, "net.no_hosts");
		return;
	}
	for (int i = 0; i < cfg->network.n_hosts && i < CFG_MAX_HOSTS; i++) {
		const struct cfg_host *h = &cfg->network.hosts[i];
		struct in_addr addr;
		char a[INET_ADDRSTRLEN];
		double ms;
		int rc, left = (int)(until - clock_ms());

		if (sys_is_ipv4_literal(h->address))
			continue;
		names++;
		rc = left > 0 ? net_resolve(ctx, h->address, left, &addr, &ms) : EAI_AGAIN;
		if (rc != 0) {
			const char *why = rc == EAI_AGAIN ? "no answer in time" : gai_strerror(rc);

			result_detail(res, "%s: %s", h->address, why);
			if (failed++ == 0) {
				result_arg(res, "host", "%s", h->address);
				result_arg(res, "error", "%s", why);
			}
			continue;
		}
		inet_ntop(AF_INET, &addr, a, sizeof(a));
		result_detail(res, "%s -> %s in %.1f ms", h->address, a, ms);
		sum += ms;
		if (ms > slowest) {
			slowest = ms;
			result_arg(res, "slowest", "%s", h->address);
		}
		if (ms > cfg->network.thresholds.dns_warn_ms && slow++ == 0)
			result_arg(res, "host", "%s", h->address);
	}
	if (probe_cancelled(ctx)) {
		result_set(res, STATUS_SKIP, "check.cancelled");
		return;
	}
	if (names == 0) {
		result_set(res, STATUS_SKIP, "net.dns_not_used");
		return;
	}
	result_metric(res, "names", names);
	result_metric(res, "names_failed", failed);
	if (names > failed) {
		result_metric(res, "dns_ms", slowest);
		result_metric(res, "dns_avg_ms", sum / (names - failed));
	}
	if (failed) {
		char name[CFG_HOST_MAX];

		snprintf(name, sizeof(name), "%s", result_find_arg(res, "host"));
		net_dns_name_resolver(ctx, name, res);
		result_set(res, STATUS_FAIL, "net.dns_failed");
	} else if (slow) {
		char name[CFG_HOST_MAX];

		/* A dead first nameserver makes every lookup wait for it. */
		snprintf(name, sizeof(name), "%s", result_find_arg(res, "slowest"));
		net_dns_name_resolver(ctx, name, res);
		result_arg(res, "dns_warn_ms", "%.0f", cfg->network.thresholds.dns_warn_ms);
		result_set(res, STATUS_WARN, "net.dns_slow");
	} else {
		result_set(res, STATUS_OK, "net.ok");
	}
}
