/* fuzz_report.c - text from outside (a server's error, a UPS name, a
 * terminal's bytes in a detail line) written into the reports: UTF-8
 * cleaning and wrapping of the text report (report/report_wrap.c), JSON
 * string escaping (report/report_json.c), Prometheus labels. Every output
 * must be valid UTF-8 with no control byte but the newline. The first
 * byte gives the wrap width. */
#include <stdio.h>
#include <string.h>

#include "checklist.h"
#include "config.h"
#include "fuzz.h"
#include "probe.h"
#include "report.h"
#include "report_int.h"
#include "runner.h"

/* The one check of the fuzzed checklist never runs: results are events. */
static void run_none(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	(void)res;
}

static const struct probe p_fz = { .id = "fz.one", .module = "fz",
				   .timeout_ms = 1000, .run = run_none };
static const struct probe *const fz_probes[] = { &p_fz, NULL };

static struct config *cfg;
static struct catalog *cat;
static struct checklist cl;

/* The checklist and catalogue, built once. */
static void setup(void)
{
	struct fix f;
	char err[128];

	cfg = malloc(sizeof(*cfg));
	cat = catalog_new();
	if (!cfg || !cat)
		abort();
	config_defaults(cfg);
	catalog_set_text(cat, "title.fz.one", LANG_EN, "Fuzzed {what}");
	catalog_set_text(cat, "summary.fz.bad", LANG_EN, "Odd: {what} ({method})");
	catalog_set_text(cat, "summary.fz.bad", LANG_ZH_CN, "奇怪：{what}");
	memset(&f, 0, sizeof(f));
	f.code = strdup("fz.bad");
	f.title.text[LANG_EN] = strdup("Something odd: {what}");
	f.why.text[LANG_EN] = strdup("Because {method}.");
	f.steps[0].text[LANG_EN] = strdup("Tell the helpdesk: {what}");
	f.steps[0].text[LANG_ZH_CN] = strdup("告诉服务台：{what}");
	f.n_steps = 1;
	if (catalog_put_fix(cat, &f) != 0 ||
	    checklist_build(&cl, fz_probes, cfg, NULL, err, sizeof(err)) != 0)
		abort();
}

/* Whether out is valid UTF-8 with no control byte but '\n'. */
static bool output_clean(const char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return false;
	}
	return fuzz_utf8_valid((const unsigned char *)out, len);
}

/* Render one format into memory and check it. */
static void render(enum report_format fmt, const struct report_meta *meta)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		abort();
	FUZZ_ASSERT(report_write(out, fmt, &cl, cat, meta) == 0);
	fclose(out);
	FUZZ_ASSERT(output_clean(buf, len));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct runner_event *ev;
	struct report_meta meta;
	char *s, *buf = NULL;
	size_t len = 0;
	int width;
	FILE *out;

	if (size < 1)
		return 0;
	if (!cat)
		setup();
	width = data[0] % 100;
	s = fuzz_strndup(data + 1, size - 1);

	/* The wrapper and the cleaner on their own. */
	out = open_memstream(&buf, &len);
	if (!out)
		abort();
	report_wrap(out, width, "  ", "1.", NULL, NULL, s);
	report_put_clean(out, s);
	fclose(out);
	FUZZ_ASSERT(output_clean(buf, len));
	free(buf);

	/* A finished check whose texts carry the input, in every format. */
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		abort();
	ev->kind = EV_DONE;
	ev->index = 0;
	ev->state = STATE_DONE;
	result_init(&ev->result);
	result_set(&ev->result, STATUS_FAIL, "fz.bad");
	result_arg(&ev->result, "what", "%s", s);
	result_metric_text(&ev->result, "method", s);
	result_metric(&ev->result, "loss_pct", 12.5);
	result_detail(&ev->result, "%s", s);
	checklist_apply(&cl, ev);
	free(ev);
	memset(&meta, 0, sizeof(meta));
	meta.version = "0.0.0";
	meta.started_wall_ms = 1795341845123LL;
	meta.cfg = cfg;
	meta.lang = (data[0] & 0x80) ? LANG_ZH_CN : LANG_EN;
	meta.verbosity = 1;
	meta.width = width;
	render(REPORT_TEXT, &meta);
	render(REPORT_JSON, &meta);
	render(REPORT_PROMETHEUS, &meta);
	free(s);
	return 0;
}
