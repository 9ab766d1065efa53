/* report_fixture.c - probes, results and catalogue for the report tests. */
#include "report_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "runner.h"

extern char **environ;

const char fixture_tricky_what[] =
	"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
	"\x7f" "中文" "\xff\xc0\x80\xed\xa0\x80" "end";

/* The probes never run: results are applied as runner events. */
static void run_none(struct probe_ctx *ctx, struct check_result *res)
{
	(void)ctx;
	(void)res;
}

static int host_instances(const struct config *cfg, char labels[][PROBE_LABEL_MAX], int max)
{
	(void)cfg;
	if (max < 3)
		return 0;
	snprintf(labels[0], PROBE_LABEL_MAX, "%s", "acq\"uirer");
	snprintf(labels[1], PROBE_LABEL_MAX, "%s", "备用");
	snprintf(labels[2], PROBE_LABEL_MAX, "%s", FIXTURE_ODD_LABEL);
	return 3;
}

static const struct probe p_one = { .id = "alpha.one", .module = "alpha",
				    .timeout_ms = 1000, .run = run_none };
static const struct probe p_two = { .id = "alpha.two", .module = "alpha",
				    .timeout_ms = 1000, .run = run_none };
static const struct probe p_nofix = { .id = "alpha.nofix", .module = "alpha",
				      .timeout_ms = 1000, .run = run_none };
static const struct probe p_host = { .id = "beta.host", .module = "beta",
				     .timeout_ms = 1000, .instances = host_instances,
				     .run = run_none };
static const struct probe p_priv = { .id = "beta.priv", .module = "beta",
				     .timeout_ms = 1000, .run = run_none };
static const struct probe p_blocked = { .id = "beta.blocked", .module = "beta",
					.timeout_ms = 1000, .run = run_none };
static const struct probe p_names = { .id = "beta.names", .module = "beta",
				      .timeout_ms = 1000, .run = run_none };

static const struct probe *const fixture_probes[] = {
	&p_one, &p_two, &p_nofix, &p_host, &p_priv, &p_blocked, &p_names, NULL
};

/* Put a fix with English (and optionally Chinese) texts; NULL ends steps. */
static void put_fix(struct catalog *cat, const char *code, const char *title_en,
		    const char *title_zh, const char *why_en, ...)
{
	struct fix f;
	va_list ap;
	const char *s;

	memset(&f, 0, sizeof(f));
	f.code = strdup(code);
	f.title.text[LANG_EN] = strdup(title_en);
	f.title.text[LANG_ZH_CN] = title_zh ? strdup(title_zh) : NULL;
	f.why.text[LANG_EN] = strdup(why_en);
	va_start(ap, why_en);
	/* Steps come in pairs: English, Chinese (NULL: missing). */
	while ((s = va_arg(ap, const char *)) != NULL) {
		const char *zh = va_arg(ap, const char *);

		f.steps[f.n_steps].text[LANG_EN] = strdup(s);
		f.steps[f.n_steps].text[LANG_ZH_CN] = zh ? strdup(zh) : NULL;
		f.n_steps++;
	}
	va_end(ap);
	assert_int_equal(catalog_put_fix(cat, &f), 0);
}

/* Both languages of one text key. */
static void put_text(struct catalog *cat, const char *key, const char *en, const char *zh)
{
	assert_int_equal(catalog_set_text(cat, key, LANG_EN, en), 0);
	if (zh)
		assert_int_equal(catalog_set_text(cat, key, LANG_ZH_CN, zh), 0);
}

static void fill_catalog(struct catalog *cat)
{
	put_text(cat, "title.alpha.one", "Payment host reachable", "支付主机可以连通");
	put_text(cat, "summary.alpha.bad", "{loss_pct}% of packets to {host} lost",
		 "发往 {host} 的数据包丢失了 {loss_pct}%");
	put_text(cat, "summary.alpha.slow", "Odd: {what}", "奇怪：{what}");
	put_text(cat, "title.beta.host", "Host {label} answers", "主机 {label} 有应答");
	put_text(cat, "summary.beta.ok", "All fine", "一切正常");
	put_text(cat, "report.count.ok", "{n} ok", "{n} 项正常");
	put_text(cat, "report.all_well", "All is well: every check passed.",
		 "一切正常：所有检查都通过了。");
	put_fix(cat, "alpha.bad", "Packets to {host} are lost", "发往 {host} 的数据包在丢失",
		"Loss makes payments time out.",
		"Restart the router.", "重启路由器。",
		"Tell the helpdesk: {loss_pct}% lost, {probes_sent} sent.", NULL,
		"Check the cable.", "检查网线。", NULL);
	put_fix(cat, "alpha.slow", "Something odd: {what}", NULL, "Because.",
		"Look at it.", "看一看。", NULL);
	put_fix(cat, "beta.needs_privilege", "Give posdoctor the right to send probes",
		"授予 posdoctor 发送探测包的权限", "Raw sockets need CAP_NET_RAW.",
		"Run: setcap cap_net_raw+ep /usr/bin/posdoctor", NULL, NULL);
	put_fix(cat, "dep.blocked", "Fix the check it depends on", NULL, "Blocked.",
		"Fix the other check first.", NULL, NULL);
	put_fix(cat, "beta.ok", "Nothing to do", "无需处理", "All fine.",
		"Nothing.", "无。", NULL);
}

/* Post an EV_DONE for item id with result r. */
static void apply_done(struct checklist *cl, const char *id, const struct check_result *r)
{
	struct runner_event *ev = calloc(1, sizeof(*ev));
	int i = checklist_find(cl, id);

	assert_non_null(ev);
	assert_true(i >= 0);
	ev->kind = EV_DONE;
	ev->index = i;
	ev->state = STATE_DONE;
	ev->result = *r;
	checklist_apply(cl, ev);
	free(ev);
}

/* Post an EV_STATE running for item id. */
static void apply_running(struct checklist *cl, const char *id)
{
	struct runner_event *ev = calloc(1, sizeof(*ev));

	assert_non_null(ev);
	ev->kind = EV_STATE;
	ev->index = checklist_find(cl, id);
	ev->state = STATE_RUNNING;
	assert_true(ev->index >= 0);
	checklist_apply(cl, ev);
	free(ev);
}

static void fixture_base(struct fixture *fx)
{
	char err[256];

	memset(fx, 0, sizeof(*fx));
	config_defaults(&fx->cfg);
	snprintf(fx->cfg.site.name, sizeof(fx->cfg.site.name), "%s", "Corner \"Cafe\" \\ 角落");
	snprintf(fx->cfg.site.terminal_id, sizeof(fx->cfg.site.terminal_id), "%s", "T-0042");
	fx->cat = catalog_new();
	assert_non_null(fx->cat);
	fill_catalog(fx->cat);
	assert_int_equal(checklist_build(&fx->cl, fixture_probes, &fx->cfg, NULL,
					 err, sizeof(err)), 0);
	assert_int_equal(fx->cl.n, 9);
	fx->meta.version = "9.8.7";
	fx->meta.started_wall_ms = 1795341845123LL;   /* 2026-11-22T10:04:05.123Z */
	fx->meta.duration_ms = 1840;
	fx->meta.cfg = &fx->cfg;
	fx->meta.lang = LANG_EN;
}

void fixture_setup(struct fixture *fx, bool leave_unfinished)
{
	struct check_result *r = malloc(sizeof(*r));

	assert_non_null(r);
	fixture_base(fx);

	result_init(r);
	result_set(r, STATUS_FAIL, "alpha.bad");
	result_arg(r, "host", "%s", "pay.\"example\"\\com");
	result_metric(r, "loss_pct", 38.5);
	result_metric(r, "probes_sent", 20);
	result_metric(r, "rtt_avg_ms", NAN);
	result_metric_text(r, "method", "icmp");
	result_metric(r, "big", 1e300);
	result_metric(r, "tiny", 0.1);
	result_metric(r, "neg", -2.25);
	result_detail(r, "tx 05");
	result_detail(r, "rx 15");
	result_sample(r, 1.5);
	result_sample(r, NAN);
	result_sample(r, 3);
	r->duration_ms = 2012;
	apply_done(&fx->cl, "alpha.one", r);

	result_init(r);
	result_set(r, STATUS_WARN, "alpha.slow");
	result_arg(r, "what", "%s", fixture_tricky_what);
	r->duration_ms = 5;
	if (leave_unfinished)
		apply_running(&fx->cl, "alpha.two");
	else
		apply_done(&fx->cl, "alpha.two", r);

	result_init(r);
	result_set(r, STATUS_FAIL, "alpha.unknown");
	apply_done(&fx->cl, "alpha.nofix", r);

	result_init(r);
	result_set(r, STATUS_OK, "beta.ok");
	for (int i = 0; i < RESULT_MAX_METRICS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "m%d", i);
		assert_int_equal(result_metric(r, name, i == 0 ? INFINITY : i == 1 ? -INFINITY :
					       i == 5 ? 5.5 : i), 0);
	}
	apply_done(&fx->cl, "beta.host:acq\"uirer", r);
	result_init(r);
	result_set(r, STATUS_OK, "beta.ok");
	result_metric(r, "loss_pct", 0);
	if (!leave_unfinished)
		apply_done(&fx->cl, "beta.host:备用", r);

	result_init(r);
	result_set(r, STATUS_OK, "beta.ok");
	result_metric(r, "odd_metric", 1);
	apply_done(&fx->cl, "beta.host:" FIXTURE_ODD_LABEL, r);

	result_init(r);
	result_set(r, STATUS_SKIP, "beta.needs_privilege");
	apply_done(&fx->cl, "beta.priv", r);

	result_init(r);
	result_set(r, STATUS_SKIP, "dep.blocked");
	result_arg(r, "blocker", "%s", "beta.priv");
	apply_done(&fx->cl, "beta.blocked", r);

	result_init(r);
	result_set(r, STATUS_OK, "beta.ok");
	result_metric(r, "weird-name.x", 1);
	result_metric(r, "check_status", 7);
	result_metric(r, "a-b", 2);
	result_metric(r, "a.b", 3);
	result_metric(r, "9lives", 9);
	result_metric(r, "loss_pct", 1.25);
	apply_done(&fx->cl, "beta.names", r);
	free(r);
}

void fixture_setup_only(struct fixture *fx, const char *const *ok_ids)
{
	struct check_result *r = malloc(sizeof(*r));

	assert_non_null(r);
	fixture_base(fx);
	for (int i = 0; ok_ids[i]; i++) {
		result_init(r);
		result_set(r, STATUS_OK, "beta.ok");
		apply_done(&fx->cl, ok_ids[i], r);
	}
	free(r);
}

void fixture_teardown(struct fixture *fx)
{
	checklist_free(&fx->cl);
	catalog_free(fx->cat);
}

char *fixture_render(struct fixture *fx, enum report_format fmt, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(report_write(f, fmt, &fx->cl, fx->cat, &fx->meta), 0);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return buf;
}

int fixture_python(const char *input, size_t len, const char *script, const char *arg)
{
	const char *src = getenv("SOURCE_DIR");
	char path[4096], in_tmpl[] = "/tmp/report_test_inXXXXXX", out_tmpl[] = "/tmp/report_test_outXXXXXX";
	char *argv[] = { "python3", path, (char *)arg, NULL };
	posix_spawn_file_actions_t fa;
	int in_fd, out_fd, status = -1;
	pid_t pid;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/report/%s", src, script);
	in_fd = mkstemp(in_tmpl);
	out_fd = mkstemp(out_tmpl);
	assert_true(in_fd >= 0 && out_fd >= 0);
	assert_int_equal(write(in_fd, input, len), (ssize_t)len);
	assert_int_equal(lseek(in_fd, 0, SEEK_SET), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
	assert_int_equal(posix_spawnp(&pid, "python3", &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char buf[8192];
		ssize_t n;

		lseek(out_fd, 0, SEEK_SET);
		while ((n = read(out_fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)n, stderr);
	}
	close(in_fd);
	close(out_fd);
	unlink(in_tmpl);
	unlink(out_tmpl);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool fixture_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		uint32_t cp, min;

		if (c < 0x80) { i++; continue; }
		if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
		else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
		else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
		else return false;
		if (i + n > len)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}
