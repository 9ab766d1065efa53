/* net_dns.c - network.dns: every configured host name resolves through the
 * system resolver, timed; when one does not, each nameserver of
 * /etc/resolv.conf is asked directly: its reply code tells a misspelt name
 * (no such name) from a refusing server and a silent one, and the summary
 * names the server.
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

/* Ask every nameserver about name at once; got[i] says how each answered
 * (NET_DNS_SILENT when it did not in time). False when no question could
 * be built for name, so nothing was asked. */
static bool net_dns_ask_servers(struct probe_ctx *ctx, const char *name,
				const struct in_addr *srv, int n, enum net_dns_outcome *got)
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

		got[i] = NET_DNS_SILENT;
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
			struct net_dns_reply rep;
			ssize_t got_len;

			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLERR)))
				continue;
			got_len = recv(pfd[i].fd, r, sizeof(r), 0);
			if (got_len < 0 && errno == EAGAIN)
				continue;
			/* Only a reply to our question counts (same id); anything
			 * else is ignored and the server may still answer. A
			 * refused port (ICMP) ends the wait for it: silent. */
			if (got_len >= 0 && (net_dns_parse_reply(r, (size_t)got_len, &rep) != 0 ||
					     rep.id != id))
				continue;
			if (got_len >= 0)
				got[i] = net_dns_outcome_of(&rep);
			close(pfd[i].fd);
			pfd[i].fd = -1;
		}
	}
	for (int i = 0; i < n; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	return true;
}

/* Append a to the comma list in buf (len bytes). */
static void net_dns_list_add(char *buf, size_t len, const char *a)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", a);
}

/* The nameservers asked and how each answered. */
struct net_dns_asked {
	int n;
	struct in_addr srv[NET_DNS_MAX_SERVERS];
	enum net_dns_outcome got[NET_DNS_MAX_SERVERS];
};

/* Ask the nameservers about name and say which did not answer (resolver
 * argument, resolver_dead metric); returns the code their answers point to
 * (net.dns_failed when nothing more precise is known). *asked (may be NULL)
 * gets the servers and their answers. */
static const char *net_dns_name_resolver(struct probe_ctx *ctx, const char *name,
					 struct check_result *res, struct net_dns_asked *asked)
{
	struct net_dns_asked own;
	struct in_addr *srv;
	uint32_t raw[NET_DNS_MAX_SERVERS];
	enum net_dns_outcome *got;
	int n = sys_resolv_servers(NULL, raw, NET_DNS_MAX_SERVERS);
	char dead[160] = "", alive[160] = "", nx[160] = "", refused[160] = "";
	char a[INET_ADDRSTRLEN];
	bool found = false;

	if (!asked)
		asked = &own;
	memset(asked, 0, sizeof(*asked));
	asked->n = n;
	srv = asked->srv;
	got = asked->got;
	for (int i = 0; i < n; i++)
		srv[i].s_addr = raw[i];

	if (n == 0) {
		result_arg(res, "resolver", "%s", "-");
		result_detail(res, "%s", "/etc/resolv.conf lists no nameserver");
		return "net.dns_no_server";
	}
	if (!net_dns_ask_servers(ctx, name, srv, n, got)) {
		/* Nothing was sent: the servers were not tested, so none is dead. */
		for (int i = 0; i < n; i++) {
			inet_ntop(AF_INET, &srv[i], a, sizeof(a));
			net_dns_list_add(alive, sizeof(alive), a);
		}
		result_arg(res, "resolver", "%s", alive);
		result_detail(res, "'%s' is not a valid DNS name (an empty label or one over "
			      "63 bytes, RFC 1035 §2.3.4): nameservers not tested", name);
		return "net.dns_failed";
	}
	for (int i = 0; i < n; i++) {
		inet_ntop(AF_INET, &srv[i], a, sizeof(a));
		net_dns_list_add(got[i] == NET_DNS_SILENT ? dead : alive,
				 got[i] == NET_DNS_SILENT ? sizeof(dead) : sizeof(alive), a);
		if (got[i] == NET_DNS_NXDOMAIN || got[i] == NET_DNS_NO_ADDRESS)
			net_dns_list_add(nx, sizeof(nx), a);
		else if (got[i] == NET_DNS_FOUND)
			found = true;
		else if (got[i] != NET_DNS_SILENT)
			net_dns_list_add(refused, sizeof(refused), a);
		result_detail(res, "nameserver %s: %s", a,
			      got[i] == NET_DNS_SILENT ? "no answer" : net_dns_outcome_name(got[i]));
	}
	result_metric_text(res, "resolver_dead", dead[0] ? dead : "-");
	/* The name is the fault when a server says it does not exist. */
	if (nx[0]) {
		result_arg(res, "resolver", "%s", nx);
		return "net.dns_no_such_name";
	}
	if (found) {
		result_arg(res, "resolver", "%s", dead[0] ? dead : alive);
		return "net.dns_failed";
	}
	if (refused[0]) {
		result_arg(res, "resolver", "%s", refused);
		return "net.dns_refused";
	}
	result_arg(res, "resolver", "%s", dead);
	return "net.dns_no_answer";
}

void net_dns_explain(struct probe_ctx *ctx, const char *name, int rc,
		     struct check_result *res)
{
	const char *why = sys_resolve_error_words(rc);

	result_arg(res, "host", "%s", name);
	result_error(res, sys_resolve_error_key(rc), "%s", why);
	result_metric_text(res, "resolver_error", why);
	result_set(res, STATUS_FAIL, net_dns_name_resolver(ctx, name, res, NULL));
}

/* Whether a failed router explains the nameservers' silence: every one is
 * the router itself, beyond it (not on a subnet of the judged interface),
 * or a resolver on this PC that forwards beyond it (silent or failing);
 * none answered from beyond the router. */
static bool net_dns_behind_router(const struct config *cfg, const struct net_dns_asked *a,
				  uint32_t gateway)
{
	struct sys_iface ifc;

	net_judged_iface(cfg, &ifc);
	if (a->n == 0)
		return false;
	for (int i = 0; i < a->n; i++) {
		uint32_t s = a->srv[i].s_addr;
		bool loopback = (ntohl(s) >> 24) == 127, on_link = false;

		if (loopback) {
			if (a->got[i] != NET_DNS_SILENT && a->got[i] != NET_DNS_SERVFAIL &&
			    a->got[i] != NET_DNS_REFUSED)
				return false;
			continue;
		}
		if (a->got[i] != NET_DNS_SILENT)
			return false;
		if (s == gateway)
			continue;
		for (int k = 0; k < ifc.n_addrs; k++)
			if ((s & ifc.masks[k]) == (ifc.addrs[k] & ifc.masks[k]))
				on_link = true;
		if (on_link)
			return false;
	}
	return true;
}

/* The lookup failed with nameservers that do not answer: when the router
 * failed too (network.gateway, waited for) and it explains them, this row
 * is blocked by it rather than repeating the router's fix. */
static void net_dns_attribute(struct probe_ctx *ctx, const struct net_dns_asked *a,
			      struct check_result *res)
{
	struct check_result *gw = malloc(sizeof(*gw));
	const struct metric *m;
	struct in_addr gwa = { 0 };

	if (!gw)
		return;
	if (net_wait_result(ctx, "network.gateway", gw) && gw->status == STATUS_FAIL &&
	    (strcmp(gw->code, "net.gateway_unreachable") == 0 ||
	     strcmp(gw->code, "net.no_gateway") == 0)) {
		m = result_find_metric(gw, "gateway");
		if (m && m->is_text)
			(void)inet_pton(AF_INET, m->text, &gwa);
		if (net_dns_behind_router(ctx->cfg, a, gwa.s_addr))
			net_blame(ctx, "network.gateway", res);
	}
	free(gw);
}

/* network.dns: look up every configured host name, timed. */
void net_dns_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	int64_t until = clock_ms() + NET_DNS_LIMIT_MS;
	double slowest = 0, sum = 0;
	int names = 0, failed = 0, slow = 0, first_rc = 0;

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
			const char *why = sys_resolve_error_words(rc);

			result_detail(res, "%s: %s", h->address, why);
			if (failed++ == 0) {
				result_arg(res, "host", "%s", h->address);
				first_rc = rc;
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

		struct net_dns_asked asked;
		const char *why = sys_resolve_error_words(first_rc);

		snprintf(name, sizeof(name), "%s", result_find_arg(res, "host"));
		result_error(res, sys_resolve_error_key(first_rc), "%s", why);
		result_metric_text(res, "resolver_error", why);
		result_set(res, STATUS_FAIL, net_dns_name_resolver(ctx, name, res, &asked));
		if (strcmp(res->code, "net.dns_no_answer") == 0 ||
		    strcmp(res->code, "net.dns_refused") == 0)
			net_dns_attribute(ctx, &asked, res);
	} else if (slow) {
		char name[CFG_HOST_MAX];

		/* A dead first nameserver makes every lookup wait for it. */
		snprintf(name, sizeof(name), "%s", result_find_arg(res, "slowest"));
		(void)net_dns_name_resolver(ctx, name, res, NULL);
		result_arg(res, "dns_warn_ms", "%.0f", cfg->network.thresholds.dns_warn_ms);
		result_set(res, STATUS_WARN, "net.dns_slow");
	} else {
		result_set(res, STATUS_OK, "net.ok");
	}
}
