/* arp_run.c - run one arp check directly and print its result as JSON.
 *
 * A test driver for the namespace tests: it calls the module's real run()
 * with a config built from the command line, the way the runner would,
 * without the report writer. Usage:
 *   arp_run conflict|gateway [-i IFACE] [-p PROBES] [-w WAIT_MS] [-m fast|rfc]
 *           [-b BUDGET_MS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "catalog_load.h"
#include "checklist.h"
#include "clock.h"
#include "config.h"
#include "paths.h"
#include "privsock.h"
#include "probe.h"
#include "registry.h"

/* Print s as a JSON string. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Print the whole result as one JSON object, with its summary in each
 * language as the shipped catalogue expands it. */
static void print_result(const struct probe *p, const char *id,
			 const struct check_result *r, const struct catalog *cat)
{
	char detail[RESULT_DETAIL_MAX], *save = NULL, *line;
	static struct check_item it;
	char summary[512];

	printf("{\"id\": ");
	json_str(id);
	printf(", \"status\": ");
	json_str(status_name(r->status));
	printf(", \"code\": ");
	json_str(r->code);
	printf(", \"duration_ms\": %lld, \"metrics\": {", (long long)r->duration_ms);
	for (int i = 0; i < r->n_metrics; i++) {
		printf("%s", i ? ", " : "");
		json_str(r->metrics[i].name);
		printf(": ");
		if (r->metrics[i].is_text)
			json_str(r->metrics[i].text);
		else
			printf("%.3f", r->metrics[i].value);
	}
	printf("}, \"args\": {");
	for (int i = 0; i < r->n_args; i++) {
		printf("%s", i ? ", " : "");
		json_str(r->args[i].name);
		printf(": ");
		json_str(r->args[i].value);
	}
	printf("}, \"summary_en\": ");
	memset(&it, 0, sizeof(it));
	it.probe = p;
	it.result = *r;
	check_summary(cat, LANG_EN, &it, summary, sizeof(summary));
	json_str(summary);
	printf(", \"summary_zh\": ");
	check_summary(cat, LANG_ZH_CN, &it, summary, sizeof(summary));
	json_str(summary);
	printf(", \"detail\": [");
	snprintf(detail, sizeof(detail), "%s", r->detail);
	for (line = strtok_r(detail, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_str(line);
		printf("%s", save && *save ? ", " : "");
	}
	printf("]}\n");
}

/* Run the check named on the command line, print its result. */
int main(int argc, char **argv)
{
	struct config cfg;
	struct probe_ctx ctx;
	struct check_result res;
	struct catalog *cat;
	const struct probe *p = NULL;
	char id[64];
	int opt, budget = -1;
	int64_t t0;

	if (argc < 2) {
		fprintf(stderr, "usage: arp_run conflict|gateway [-i IF] [-p N] [-w MS] [-m fast|rfc] [-b MS]\n");
		return 3;
	}
	privsock_init(PRIVSOCK_ALL);
	config_defaults(&cfg);
	snprintf(id, sizeof(id), "arp.%s", argv[1]);
	optind = 2;
	while ((opt = getopt(argc, argv, "i:p:w:m:b:")) != -1) {
		switch (opt) {
		case 'i': snprintf(cfg.arp.interface, sizeof(cfg.arp.interface), "%s", optarg); break;
		case 'p': cfg.arp.probes = atoi(optarg); break;
		case 'w': cfg.arp.wait_ms = atoi(optarg); break;
		case 'm': cfg.arp.mode = strcmp(optarg, "rfc") == 0 ? ARP_MODE_RFC : ARP_MODE_FAST; break;
		case 'b': budget = atoi(optarg); break;
		default: return 3;
		}
	}
	for (int i = 0; arp_probes[i]; i++)
		if (strcmp(arp_probes[i]->id, id) == 0)
			p = arp_probes[i];
	if (!p) {
		fprintf(stderr, "arp_run: no check %s\n", id);
		return 3;
	}
	if (budget < 0)
		budget = p->budget_ms ? p->budget_ms(&cfg, 0) : p->timeout_ms;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "";
	t0 = clock_ms();
	ctx.deadline_ms = t0 + budget;
	result_init(&res);
	p->run(&ctx, &res);
	res.duration_ms = clock_ms() - t0;
	cat = catalog_new();
	if (!cat || !paths_datadir() || catalog_load_dir(cat, paths_datadir(), stderr) != 0) {
		fprintf(stderr, "arp_run: cannot load the shipped catalogue\n");
		return 3;
	}
	print_result(p, id, &res, cat);
	catalog_free(cat);
	return 0;
}
