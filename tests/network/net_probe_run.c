/* net_probe_run.c - run one network check's run() directly and print its
 * result as JSON (status, code, args, metrics, samples): a test helper for
 * the namespace tests, independent of the config file loader.
 *
 * usage: net_probe_run CHECK [key=value...]
 *   CHECK: link | gateway | dns | host | https
 *   keys:  host=NAME,ADDRESS[,PORT[,https[,CA_FILE]]] (repeatable; the first
 *          is the one host/https run on), probe=auto|icmp|tcp, count=N,
 *          interval_ms=N, timeout_ms=N, interface=IF, dns_warn_ms=N,
 *          loss_warn_pct=X, loss_fail_pct=X, jitter_warn_ms=X, rtt_warn_ms=X,
 *          rtt_fail_ms=X, budget_ms=N (the run's deadline; 30000),
 *          hog_raw=1 (borrow every raw ICMP socket of the pool first, as if
 *          other checks held them all)
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "network.h"
#include "privsock.h"

/* Print s as a JSON string. */
static void put_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* Parse one host=... value into the config. */
static int add_host(struct config *cfg, char *v)
{
	struct cfg_host *h;
	char *f[5] = { 0 };
	int n = 0;

	if (cfg->network.n_hosts >= CFG_MAX_HOSTS)
		return -1;
	for (char *save = NULL, *t = strtok_r(v, ",", &save); t && n < 5;
	     t = strtok_r(NULL, ",", &save))
		f[n++] = t;
	if (n < 2)
		return -1;
	h = &cfg->network.hosts[cfg->network.n_hosts++];
	snprintf(h->name, sizeof(h->name), "%s", f[0]);
	snprintf(h->address, sizeof(h->address), "%s", f[1]);
	h->port = f[2] ? atoi(f[2]) : 443;
	h->https = f[3] && strcmp(f[3], "https") == 0;
	snprintf(h->path, sizeof(h->path), "/");
	if (f[4])
		snprintf(h->ca_file, sizeof(h->ca_file), "%s", f[4]);
	return 0;
}

static int budget_ms = 30000;
static bool hog_raw;

/* Apply one key=value argument. */
static int apply(struct config *cfg, char *arg)
{
	char *eq = strchr(arg, '=');
	const char *k = arg, *v;

	if (!eq)
		return -1;
	*eq = '\0';
	v = eq + 1;
	if (strcmp(k, "host") == 0)
		return add_host(cfg, eq + 1);
	if (strcmp(k, "probe") == 0)
		cfg->network.probe = strcmp(v, "icmp") == 0 ? PROBE_METHOD_ICMP :
				     strcmp(v, "tcp") == 0 ? PROBE_METHOD_TCP : PROBE_METHOD_AUTO;
	else if (strcmp(k, "count") == 0)
		cfg->network.count = atoi(v);
	else if (strcmp(k, "interval_ms") == 0)
		cfg->network.interval_ms = atoi(v);
	else if (strcmp(k, "timeout_ms") == 0)
		cfg->network.timeout_ms = atoi(v);
	else if (strcmp(k, "interface") == 0)
		snprintf(cfg->network.interface, sizeof(cfg->network.interface), "%s", v);
	else if (strcmp(k, "dns_warn_ms") == 0)
		cfg->network.thresholds.dns_warn_ms = atof(v);
	else if (strcmp(k, "loss_warn_pct") == 0)
		cfg->network.thresholds.loss_warn_pct = atof(v);
	else if (strcmp(k, "loss_fail_pct") == 0)
		cfg->network.thresholds.loss_fail_pct = atof(v);
	else if (strcmp(k, "jitter_warn_ms") == 0)
		cfg->network.thresholds.jitter_warn_ms = atof(v);
	else if (strcmp(k, "rtt_warn_ms") == 0)
		cfg->network.thresholds.rtt_warn_ms = atof(v);
	else if (strcmp(k, "rtt_fail_ms") == 0)
		cfg->network.thresholds.rtt_fail_ms = atof(v);
	else if (strcmp(k, "budget_ms") == 0)
		budget_ms = atoi(v);
	else if (strcmp(k, "hog_raw") == 0)
		hog_raw = atoi(v) != 0;
	else
		return -1;
	return 0;
}

/* Print the result as one JSON object. */
static void print_result(const struct check_result *r, int64_t took_ms)
{
	printf("{\"status\": ");
	put_str(status_name(r->status));
	printf(", \"code\": ");
	put_str(r->code);
	printf(", \"duration_ms\": %lld, \"args\": {", (long long)took_ms);
	for (int i = 0; i < r->n_args; i++) {
		printf("%s", i ? ", " : "");
		put_str(r->args[i].name);
		printf(": ");
		put_str(r->args[i].value);
	}
	printf("}, \"metrics\": {");
	for (int i = 0; i < r->n_metrics; i++) {
		printf("%s", i ? ", " : "");
		put_str(r->metrics[i].name);
		printf(": ");
		if (r->metrics[i].is_text)
			put_str(r->metrics[i].text);
		else
			printf("%.6g", r->metrics[i].value);
	}
	printf("}, \"samples\": [");
	for (int i = 0; i < r->n_samples; i++)
		printf("%s%.4f", i ? ", " : "", r->samples[i]);
	printf("], \"detail\": ");
	put_str(r->detail);
	printf("}\n");
}

/* Build the config from the arguments, run the check, print it. */
int main(int argc, char **argv)
{
	static struct config cfg;
	struct check_result res;
	struct probe_ctx ctx;
	void (*run)(struct probe_ctx *, struct check_result *) = NULL;
	char label[PROBE_LABEL_MAX] = "";
	int64_t t0;

	if (argc < 2) {
		fprintf(stderr, "usage: net_probe_run link|gateway|dns|host|https [key=value...]\n");
		return 2;
	}
	config_defaults(&cfg);
	for (int i = 2; i < argc; i++) {
		if (apply(&cfg, argv[i]) != 0) {
			fprintf(stderr, "net_probe_run: bad argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (strcmp(argv[1], "link") == 0) run = net_link_run;
	else if (strcmp(argv[1], "gateway") == 0) run = net_gateway_run;
	else if (strcmp(argv[1], "dns") == 0) run = net_dns_run;
	else if (strcmp(argv[1], "host") == 0) run = net_host_run;
	else if (strcmp(argv[1], "https") == 0) run = net_https_run;
	if (!run) {
		fprintf(stderr, "net_probe_run: no check '%s'\n", argv[1]);
		return 2;
	}
	if (cfg.network.n_hosts > 0)
		net_host_label(&cfg, 0, label, sizeof(label));
	signal(SIGPIPE, SIG_IGN);
	privsock_init(PRIVSOCK_ALL);
	/* Held until exit: every borrower after this gets EBUSY. */
	while (hog_raw && privsock_take(PRIVSOCK_RAW_ICMP) >= 0)
		;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = label;
	ctx.deadline_ms = clock_ms() + budget_ms;
	result_init(&res);
	t0 = clock_ms();
	run(&ctx, &res);
	print_result(&res, clock_ms() - t0);
	return 0;
}
