/* test_net_units.c - unit tests of the network module's pure parts: loss
 * interval, percentiles, jitter, adaptive grace, date parsers, the Wi-Fi
 * parser, host labels and per-host instances, and the probe table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "network.h"
#include "registry.h"

/* Known values of the 95 % Wilson interval (computed independently). */
static void test_wilson(void **state)
{
	double lo, hi;

	(void)state;
	net_wilson_pct(2, 20, &lo, &hi);          /* 10 % of 20 */
	assert_true(fabs(lo - 2.787) < 0.01);
	assert_true(fabs(hi - 30.103) < 0.01);
	net_wilson_pct(0, 20, &lo, &hi);
	assert_true(lo == 0.0);
	assert_true(fabs(hi - 16.113) < 0.01);
	net_wilson_pct(20, 20, &lo, &hi);
	assert_true(fabs(lo - 83.887) < 0.01);
	assert_true(hi == 100.0);
	net_wilson_pct(0, 0, &lo, &hi);           /* nothing sent */
	assert_true(lo == 0.0 && hi == 100.0);
	/* The interval shrinks with more probes at the same ratio. */
	net_wilson_pct(20, 200, &lo, &hi);
	assert_true(lo > 6.0 && hi < 15.0);
}

/* Nearest-rank percentiles leave the input alone. */
static void test_percentile(void **state)
{
	const double v[] = { 5, 1, 4, 2, 3, 10, 9, 8, 7, 6 };

	(void)state;
	assert_true(net_percentile(v, 10, 95) == 10);
	assert_true(net_percentile(v, 10, 50) == 5);
	assert_true(net_percentile(v, 10, 0) == 1);
	assert_true(net_percentile(v, 1, 95) == 5);
	assert_true(v[0] == 5);                   /* input untouched */
}

/* Mean |ΔRTT| and RFC 3550's J computed by hand. */
static void test_jitter(void **state)
{
	const double v[] = { 10, 30, 15, 40, 20 };
	double mean, j, want_j = 0;
	const double d[] = { 20, 15, 25, 20 };

	(void)state;
	net_jitter(v, 5, &mean, &j);
	assert_true(fabs(mean - 20.0) < 1e-9);
	for (int i = 0; i < 4; i++)
		want_j += (d[i] - want_j) / 16.0;
	assert_true(fabs(j - want_j) < 1e-9);
	net_jitter(v, 1, &mean, &j);
	assert_true(mean == 0 && j == 0);
}

/* Grace: floor, 3 × p95, cap, and no samples. */
static void test_grace(void **state)
{
	const double fast[] = { 0.1, 0.2, 0.1 };
	const double slow[] = { 100, 120, 150, 110 };
	const double very[] = { 900, 950 };

	(void)state;
	assert_int_equal(net_grace_ms(fast, 3, 1000), 250);   /* floor */
	assert_int_equal(net_grace_ms(slow, 4, 1000), 450);   /* 3 × p95 */
	assert_int_equal(net_grace_ms(very, 2, 1000), 1000);  /* cap */
	assert_int_equal(net_grace_ms(NULL, 0, 1000), 1000);  /* no sample */
}

/* Loss, RTT and jitter of a small run. */
static void test_stats(void **state)
{
	const double v[] = { 10, 30, 15, 40, 20 };
	struct net_stats st;

	(void)state;
	net_stats_compute(6, 5, v, 5, &st);
	assert_true(st.have_rtt && st.have_jitter);
	assert_true(fabs(st.loss_pct - 100.0 / 6) < 1e-9);
	assert_true(st.rtt_min_ms == 10 && st.rtt_max_ms == 40);
	assert_true(fabs(st.rtt_avg_ms - 23.0) < 1e-9);
	assert_true(fabs(st.jitter_ms - 20.0) < 1e-9);
	net_stats_compute(3, 0, v, 0, &st);
	assert_false(st.have_rtt);
	assert_true(st.loss_pct == 100);
}

/* Both spellings of a certificate's expiry, plus garbage. */
static void test_cert_date(void **state)
{
	(void)state;
	/* 2027-01-02 15:04:05 UTC = 1798902245 */
	assert_int_equal((long long)net_parse_cert_date("Jan  2 15:04:05 2027 GMT"), 1798902245LL);
	assert_int_equal((long long)net_parse_cert_date("2027-01-02 15:04:05 GMT"), 1798902245LL);
	assert_int_equal((long long)net_parse_cert_date(" Dec 31 23:59:59 2030 GMT"), 1924991999LL);
	assert_int_equal((long long)net_parse_cert_date("Foo  2 15:04:05 2027 GMT"), -1);
	assert_int_equal((long long)net_parse_cert_date("2027-13-02 15:04:05 GMT"), -1);
	assert_int_equal((long long)net_parse_cert_date("Jan  2 15:04:05 2027 CET"), -1);
	assert_int_equal((long long)net_parse_cert_date(""), -1);
	assert_int_equal((long long)net_parse_cert_date(NULL), -1);
}

/* RFC 9110 §5.6.7 examples: the same instant in three spellings. */
static void test_http_date(void **state)
{
	(void)state;
	assert_int_equal((long long)net_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777LL);
	assert_int_equal((long long)net_parse_http_date(" Sunday, 06-Nov-94 08:49:37 GMT"), 784111777LL);
	assert_int_equal((long long)net_parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777LL);
	assert_int_equal((long long)net_parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), -1);
	assert_int_equal((long long)net_parse_http_date("yesterday"), -1);
	assert_int_equal((long long)net_parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), -1);
}



static const struct probe *find_probe(const char *id)
{
	for (int i = 0; network_probes[i]; i++)
		if (strcmp(network_probes[i]->id, id) == 0)
			return network_probes[i];
	return NULL;
}

/* Instances follow the hosts; https only where asked; budgets cover the
 * configured probing. */
static void test_instances(void **state)
{
	static struct config cfg;
	char labels[PROBE_MAX_INSTANCES][PROBE_LABEL_MAX];
	const struct probe *host = find_probe("network.host");
	const struct probe *https = find_probe("network.https");
	struct probe_ctx ctx;

	(void)state;
	assert_non_null(host);
	assert_non_null(https);
	config_defaults(&cfg);
	assert_int_equal(host->instances(&cfg, labels, PROBE_MAX_INSTANCES), 0);
	snprintf(cfg.network.hosts[0].name, CFG_NAME_MAX, "acquirer");
	snprintf(cfg.network.hosts[0].address, CFG_HOST_MAX, "10.0.0.1");
	cfg.network.hosts[0].https = true;
	snprintf(cfg.network.hosts[1].address, CFG_HOST_MAX, "10.0.0.2");
	cfg.network.n_hosts = 2;
	assert_int_equal(host->instances(&cfg, labels, PROBE_MAX_INSTANCES), 2);
	assert_string_equal(labels[0], "acquirer");
	assert_string_equal(labels[1], "host2");
	assert_int_equal(https->instances(&cfg, labels, PROBE_MAX_INSTANCES), 1);
	assert_string_equal(labels[0], "acquirer");
	/* 20 × 100 ms plus grace fits; auto adds the silent pilot. */
	assert_true(host->budget_ms(&cfg, 0) >= 20 * 100 + 1000 + 3 * 100 + 1000);
	cfg.network.count = 1000;
	cfg.network.interval_ms = 1000;
	assert_true(host->budget_ms(&cfg, 0) >= 1000 * 1000);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "host2";
	assert_ptr_equal(net_host_for_ctx(&ctx), &cfg.network.hosts[1]);
	ctx.label = "nobody";
	assert_null(net_host_for_ctx(&ctx));
}

/* https must not wait for the ICMP host check; every check declares codes. */
static void test_table(void **state)
{
	const struct probe *https = find_probe("network.https");

	(void)state;
	for (int i = 0; https->needs[i]; i++)
		assert_string_not_equal(https->needs[i], "network.host");
	for (int i = 0; network_probes[i]; i++) {
		assert_string_equal(network_probes[i]->module, "network");
		assert_non_null(network_probes[i]->codes);
		assert_non_null(network_probes[i]->run);
	}
}

/* A lookup that cannot finish in time returns by its deadline. */
static void test_resolve_literal(void **state)
{
	static struct config cfg;
	struct probe_ctx ctx;
	struct in_addr a;
	double ms;

	(void)state;
	config_defaults(&cfg);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + 60000;
	assert_int_equal(net_resolve(&ctx, "192.0.2.7", 100, &a, &ms), 0);
	assert_int_equal(a.s_addr, htonl(0xc0000207));
	assert_true(sys_is_ipv4_literal("10.1.2.3"));
	assert_false(sys_is_ipv4_literal("pay.example.com"));
	assert_false(sys_is_ipv4_literal("10.1.2"));
}

/* Run every unit test. */
/* A loopback port that is bound (so nobody else takes it) but not
 * listening: connecting to it is refused. */
static int closed_port(int *holder)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);

	sa.sin_addr.s_addr = htonl(0x7f000001);
	*holder = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(*holder >= 0);
	assert_int_equal(bind(*holder, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(*holder, (struct sockaddr *)&sa, &len), 0);
	return ntohs(sa.sin_port);
}

/* TCP timing on loopback: a closed port answers with RST, counted as a
 * reply; the run stops at its deadline however many probes were asked for. */
/* net_strerror: English words whatever the locale, "error N" when unknown. */
static void test_strerror(void **state)
{
	char eb[32];

	(void)state;
	assert_string_equal(errno_text(ECONNREFUSED, eb, sizeof(eb)), "Connection refused");
	assert_string_equal(errno_text(ENETUNREACH, eb, sizeof(eb)), "Network is unreachable");
	assert_string_equal(errno_text(99999, eb, sizeof(eb)), "error 99999");
	assert_string_equal(errno_text(-3, eb, sizeof(eb)), "error -3");
}

/* A reply as a server sends it: header, the question for a.test, then
 * ancount answers (A records pointing back at the question's name). */
static size_t dns_reply(unsigned char *b, uint16_t id, unsigned flags, int ancount)
{
	static const unsigned char q[] = { 1, 'a', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
	size_t n = 0;

	b[n++] = (unsigned char)(id >> 8);
	b[n++] = (unsigned char)id;
	b[n++] = (unsigned char)(flags >> 8);
	b[n++] = (unsigned char)flags;
	b[n++] = 0;
	b[n++] = 1;
	b[n++] = 0;
	b[n++] = (unsigned char)ancount;
	memset(b + n, 0, 4);
	n += 4;
	memcpy(b + n, q, sizeof(q));
	n += sizeof(q);
	for (int i = 0; i < ancount; i++) {
		static const unsigned char rr[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4,
						    192, 0, 2, 7 };

		memcpy(b + n, rr, sizeof(rr));
		n += sizeof(rr);
	}
	return n;
}

/* The reply parser: each RCODE to its outcome, A records counted, and cut,
 * looping or garbage replies read safely. */
static void test_dns_reply(void **state)
{
	unsigned char b[512];
	struct net_dns_reply r;
	size_t n;

	(void)state;
	n = dns_reply(b, 0x1234, 0x8180, 1);
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(r.id, 0x1234);
	assert_true(r.is_response);
	assert_int_equal(r.rcode, 0);
	assert_int_equal(r.n_a, 1);
	assert_int_equal(ntohl(r.first_a), 0xc0000207);
	assert_false(r.cut);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_FOUND);

	n = dns_reply(b, 1, 0x8183, 0);
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_NXDOMAIN);
	n = dns_reply(b, 1, 0x8185, 0);
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_REFUSED);
	n = dns_reply(b, 1, 0x8182, 0);
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_SERVFAIL);
	n = dns_reply(b, 1, 0x8184, 0);          /* NOTIMP */
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_OTHER_ERROR);
	n = dns_reply(b, 1, 0x8180, 0);          /* NOERROR, no address: NODATA */
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_NO_ADDRESS);
	n = dns_reply(b, 1, 0x8380, 0);          /* TC: the address may be there */
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.truncated);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_FOUND);
	n = dns_reply(b, 1, 0x0100, 0);          /* a question, not a reply */
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_GARBLED);
	n = dns_reply(b, 1, 0x9180, 0);          /* opcode 2 (STATUS) */
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_int_equal(net_dns_outcome_of(&r), NET_DNS_GARBLED);

	/* Truncated anywhere: shorter than a header is refused; a cut
	 * section keeps the header's verdict and says it was cut. */
	n = dns_reply(b, 7, 0x8183, 2);
	for (size_t cut = 0; cut < n; cut++) {
		int rc = net_dns_parse_reply(b, cut, &r);

		if (cut < 12) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(r.rcode, 3);
		assert_true(r.cut);
		assert_true(r.n_a < 2);
	}
	assert_int_equal(net_dns_parse_reply(NULL, 40, &r), -1);

	/* A compression pointer to itself, and one pointing forwards. */
	n = dns_reply(b, 1, 0x8180, 1);
	b[12 + 12] = 0xc0;
	b[12 + 12 + 1] = 12 + 12;
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.cut);
	assert_int_equal(r.n_a, 0);
	b[12 + 12 + 1] = 200;
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.cut);
	/* A reserved label type (0x40) in the question. */
	n = dns_reply(b, 1, 0x8180, 1);
	b[12] = 0x41;
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.cut);
	/* An answer whose data length runs past the end. */
	n = dns_reply(b, 1, 0x8180, 1);
	b[n - 5] = 0xff;
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.cut);
	assert_int_equal(r.n_a, 0);

	/* Counts far beyond the data, and pseudo-random garbage: never a
	 * read outside the buffer (ASan), always a header or -1. */
	n = dns_reply(b, 1, 0x8180, 1);
	b[4] = b[5] = b[6] = b[7] = 0xff;
	assert_int_equal(net_dns_parse_reply(b, n, &r), 0);
	assert_true(r.cut);
	srand(11);
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rand() % 80);
		unsigned char *g = malloc(len ? len : 1);

		assert_non_null(g);
		for (size_t i = 0; i < len; i++)
			g[i] = (unsigned char)(rand() % 4 == 0 ? 0xc0 : rand());
		assert_int_equal(net_dns_parse_reply(g, len, &r), len < 12 ? -1 : 0);
		assert_true(r.n_a <= (int)r.ancount);
		(void)net_dns_outcome_name(net_dns_outcome_of(&r));
		free(g);
	}
}

static void test_ping_tcp_loopback(void **state)
{
	static struct config cfg;
	static struct net_ping_run run;
	struct net_ping_opts o;
	struct probe_ctx ctx;
	int64_t t0;
	int holder;

	(void)state;
	config_defaults(&cfg);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + 60000;
	memset(&o, 0, sizeof(o));
	o.dst.s_addr = htonl(0x7f000001);
	o.port = closed_port(&holder);
	o.count = 5;
	o.interval_ms = 10;
	o.timeout_ms = 1000;
	net_ping_run(&ctx, NET_PING_TCP, -1, &o, &run);
	assert_int_equal(run.sent, 5);
	assert_int_equal(run.received, 5);
	assert_int_equal(run.refused, 5);
	assert_int_equal(run.n_rtt, run.received);
	assert_false(run.cancelled);

	o.count = 1000;
	o.interval_ms = 100;
	ctx.deadline_ms = clock_ms() + 500;
	t0 = clock_ms();
	net_ping_run(&ctx, NET_PING_TCP, -1, &o, &run);
	assert_true(clock_ms() - t0 < 600);
	/* The deadline, not the user: timed out, and not a cancel. */
	assert_true(run.timed_out);
	assert_false(run.cancelled);
	assert_true(run.sent < 10);
	/* Every probe sent was answered (RST) before the cut: no loss. */
	assert_int_equal(run.received, run.sent);
	close(holder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_grace),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_cert_date),
		cmocka_unit_test(test_http_date),
		cmocka_unit_test(test_instances),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_resolve_literal),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_ping_tcp_loopback),
		cmocka_unit_test(test_dns_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
