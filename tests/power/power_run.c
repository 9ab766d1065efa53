/* power_run.c - test tool: run one power check's run() once and print its
 * result as one JSON object, for the shell tests (real upsd, apcupsd peer).
 *
 * power-run CHECK [--sysfs DIR] [--kmsg FILE] [--ups-host H] [--ups-port N]
 *           [--ups-name NAME] [--ups-configured] [--apcupsd-port N]
 *           [--timeout-ms N]
 * CHECK is supply, board or ups. Exit 0 when the check ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "power.h"
#include "power_texts.h"

/* Print s as a JSON string. */
static void put_json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			printf("\\n");
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* The whole result as JSON on stdout. */
static void print_result(const struct check_result *r, int64_t ms)
{
	printf("{\"status\": ");
	put_json_string(status_name(r->status));
	printf(", \"code\": ");
	put_json_string(r->code);
	printf(", \"elapsed_ms\": %lld, \"metrics\": {", (long long)ms);
	for (int i = 0; i < r->n_metrics; i++) {
		printf("%s", i ? ", " : "");
		put_json_string(r->metrics[i].name);
		if (r->metrics[i].is_text) {
			printf(": ");
			put_json_string(r->metrics[i].text);
		} else {
			printf(": %.6g", r->metrics[i].value);
		}
	}
	printf("}, \"args\": {");
	for (int i = 0; i < r->n_args; i++) {
		printf("%s", i ? ", " : "");
		put_json_string(r->args[i].name);
		printf(": ");
		put_json_string(r->args[i].value);
	}
	printf("}, \"detail\": ");
	put_json_string(r->detail);
}

int main(int argc, char **argv)
{
	static struct config cfg;
	struct check_result res;
	struct probe_ctx ctx;
	void (*run)(struct probe_ctx *, struct check_result *) = NULL;
	int timeout = 3000;
	int64_t t0;

	if (argc < 2) {
		fprintf(stderr, "usage: power-run supply|board|ups [options]\n");
		return 3;
	}
	config_defaults(&cfg);
	if (strcmp(argv[1], "supply") == 0)
		run = power_supply_run;
	else if (strcmp(argv[1], "board") == 0)
		run = power_board_run;
	else if (strcmp(argv[1], "ups") == 0)
		run = power_ups_run;
	if (!run) {
		fprintf(stderr, "power-run: unknown check %s\n", argv[1]);
		return 3;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";

		if (strcmp(a, "--ups-configured") == 0) {
			cfg.power.ups.configured = true;
			continue;
		}
		i++;
		if (strcmp(a, "--sysfs") == 0)
			text_copy(cfg.power.sysfs_root, sizeof(cfg.power.sysfs_root), v);
		else if (strcmp(a, "--kmsg") == 0)
			text_copy(cfg.power.kmsg, sizeof(cfg.power.kmsg), v);
		else if (strcmp(a, "--ups-host") == 0)
			text_copy(cfg.power.ups.host, sizeof(cfg.power.ups.host), v);
		else if (strcmp(a, "--ups-port") == 0)
			cfg.power.ups.port = atoi(v);
		else if (strcmp(a, "--ups-name") == 0)
			text_copy(cfg.power.ups.name, sizeof(cfg.power.ups.name), v);
		else if (strcmp(a, "--apcupsd-port") == 0) {
			cfg.power.apcupsd.configured = true;
			cfg.power.apcupsd.port = atoi(v);
		} else if (strcmp(a, "--timeout-ms") == 0)
			timeout = atoi(v);
		else {
			fprintf(stderr, "power-run: unknown option %s\n", a);
			return 3;
		}
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "";
	t0 = clock_ms();
	ctx.deadline_ms = t0 + timeout;
	result_init(&res);
	run(&ctx, &res);
	print_result(&res, clock_ms() - t0);
	/* The texts a user would see: summary and fix, every placeholder filled. */
	struct catalog *cat = power_texts_load();
	if (cat) {
		char summary[1024], problems[2048], id[32];

		snprintf(id, sizeof(id), "power.%s", argv[1]);
		power_texts_check(cat, id, &res, summary, sizeof(summary), problems, sizeof(problems));
		printf(", \"summary\": ");
		put_json_string(summary);
		printf(", \"text_problems\": ");
		put_json_string(problems);
		catalog_free(cat);
	}
	printf("}\n");
	return 0;
}
