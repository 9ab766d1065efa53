/* test_report.c - the text, JSON and Prometheus writers on a checklist of
 * awkward results; JSON and Prometheus are checked by real parsers. */
#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <cmocka.h>

#include "report_fixture.h"
#include "catalog_load.h"
#include "report_int.h"

extern char **environ;

/* The site and terminal labels the fixture config gives every Prometheus
 * sample, closing the label set. */
#define SITE_ONLY "site=\"Corner \\\"Cafe\\\" \\\\ 角落\",terminal=\"T-0042\"}"
#define SITE ",site=\"Corner \\\"Cafe\\\" \\\\ 角落\",terminal=\"T-0042\"}"

/* Position of needle in hay, failing the test when absent. */
static size_t pos_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("missing %s in:\n%s", needle, hay);
	return (size_t)(p - hay);
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static int setup_done(void **state)
{
	struct fixture *fx = malloc(sizeof(*fx));

	if (!fx)
		return -1;
	fixture_setup(fx, false);
	*state = fx;
	return 0;
}

static int setup_unfinished(void **state)
{
	struct fixture *fx = malloc(sizeof(*fx));

	if (!fx)
		return -1;
	fixture_setup(fx, true);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture_teardown(*state);
	free(*state);
	return 0;
}

/* Text: tags, worst first, fixes with measured numbers, counts. */
static void test_text_normal(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *t = fixture_render(fx, REPORT_TEXT, &len);

	assert_true(fixture_valid_utf8(t, len));
	assert_null(strchr(t, '\033'));          /* no colour asked */
	pos_of(t, "posdoctor 9.8.7 report\n");
	pos_of(t, "Site: Corner \"Cafe\" \\ 角落\n");
	pos_of(t, "Terminal: T-0042\n");
	pos_of(t, "Overall: Failed\n");
	/* Worst first, registry order within a status. */
	assert_true(pos_of(t, "[FAIL] Payment host reachable\n") < pos_of(t, "[FAIL] alpha.nofix\n"));
	assert_true(pos_of(t, "[FAIL] alpha.nofix\n") < pos_of(t, "[WARN] alpha.two\n"));
	assert_true(pos_of(t, "[WARN] alpha.two\n") < pos_of(t, "[ OK ] Host acq\"uirer answers\n"));
	assert_true(pos_of(t, "[ OK ] Host 备用 answers\n") < pos_of(t, "[SKIP] beta.priv\n"));
	pos_of(t, "       38.5% of packets to pay.\"example\"\\com lost (alpha.bad)\n");
	pos_of(t, "       alpha.unknown\n");   /* no summary text: the code once */
	pos_of(t, "[ OK ] Host 备用 answers\n       All fine\n");   /* ok: no code */
	pos_of(t, "       Fix: Packets to pay.\"example\"\\com are lost\n"
		  "       Why: Loss makes payments time out.\n"
		  "       1. Restart the router.\n"
		  "       2. Tell the helpdesk: 38.5% lost, 20 sent.\n"
		  "       3. Check the cable.\n");
	/* A fail with no catalogue fix still says what to do. */
	pos_of(t, "Call your helpdesk and tell them the check alpha.nofix and the code alpha.unknown.");
	/* needs_privilege skip: its fix; dep.blocked: none. */
	pos_of(t, "Fix: Give posdoctor the right to send probes\n");
	assert_null(strstr(t, "Fix the check it depends on"));
	assert_null(strstr(t, "Nothing to do"));   /* ok: no fix */
	/* Control characters and invalid bytes never reach the terminal raw. */
	for (const char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			fail_msg("raw control 0x%02x in text report", (unsigned char)*p);
	pos_of(t, "Odd: ");
	pos_of(t, "中文\xef\xbf\xbd");
	/* Normal verbosity: no metrics, no detail lines. */
	assert_null(strstr(t, "loss_pct = "));
	assert_null(strstr(t, "| tx 05"));
	pos_of(t, "\n9 checks: 4 ok, 1 warning, 2 failed, 2 skipped\n"
		  "Start with the first item above: failures come first, then warnings.\n");
	free(t);
}

/* Colour when asked, and the tags still there. */
static void test_text_color(void **state)
{
	struct fixture *fx = *state;
	char *t;

	fx->meta.color = true;
	t = fixture_render(fx, REPORT_TEXT, NULL);
	fx->meta.color = false;
	pos_of(t, "\033[1;31m[FAIL]\033[0m ");
	pos_of(t, "\033[33m[WARN]\033[0m ");
	pos_of(t, "\033[32m[ OK ]\033[0m ");
	pos_of(t, "\033[36m[SKIP]\033[0m ");
	/* The only ESC bytes are our own SGR sequences. */
	for (const char *p = t; (p = strchr(p, '\033')) != NULL; p++)
		assert_int_equal(p[1], '[');
	free(t);
}

/* -q: only warn and fail blocks, then the closing lines. */
static void test_text_quiet(void **state)
{
	struct fixture *fx = *state;
	char *t;

	fx->meta.verbosity = -1;
	t = fixture_render(fx, REPORT_TEXT, NULL);
	fx->meta.verbosity = 0;
	assert_null(strstr(t, "posdoctor 9.8.7"));
	assert_null(strstr(t, "[ OK ]"));
	assert_null(strstr(t, "[SKIP]"));
	assert_int_equal(count_of(t, "[FAIL]"), 2);
	assert_int_equal(count_of(t, "[WARN]"), 1);
	pos_of(t, "1. Restart the router.");
	pos_of(t, "9 checks: 4 ok, 1 warning, 2 failed, 2 skipped\n");
	free(t);
}

/* -v: metrics, detail lines, samples, duration, id and code. */
static void test_text_verbose(void **state)
{
	struct fixture *fx = *state;
	char *t;

	fx->meta.verbosity = 1;
	t = fixture_render(fx, REPORT_TEXT, NULL);
	fx->meta.verbosity = 0;
	pos_of(t, "       Check alpha.one, code alpha.bad\n"
		  "         loss_pct = 38.5\n"
		  "         probes_sent = 20\n"
		  "         rtt_avg_ms = NaN\n"
		  "         method = icmp\n"
		  "         big = 1e+300\n"
		  "         tiny = 0.1\n"
		  "         neg = -2.25\n"
		  "       | tx 05\n"
		  "       | rx 15\n"
		  "       Samples: 1.5 NaN 3\n"
		  "       Took 2012 ms\n");
	pos_of(t, "m0 = +Inf\n");
	pos_of(t, "weird-name.x = 1\n");
	free(t);
}

/* Chinese: catalogue texts, report strings from the built-in fallback
 * where the catalogue has no Chinese, English fix step fallback. */
static void test_text_zh(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *t;

	assert_int_equal(catalog_set_text(fx->cat, "report.fix", LANG_ZH_CN, "解决办法：{title}"), 0);
	assert_int_equal(catalog_set_text(fx->cat, "report.count.line", LANG_ZH_CN,
					  "{total}：{parts}"), 0);
	assert_int_equal(catalog_set_text(fx->cat, "report.count.total.many", LANG_ZH_CN,
					  "共 {n} 项检查"), 0);
	assert_int_equal(catalog_set_text(fx->cat, "report.count.sep", LANG_ZH_CN, "，"), 0);
	assert_int_equal(catalog_set_text(fx->cat, "report.count.fail", LANG_ZH_CN, "{n} 项失败"), 0);
	assert_int_equal(catalog_set_text(fx->cat, "report.summary_code", LANG_ZH_CN,
					  "{summary}（{code}）"), 0);
	fx->meta.lang = LANG_ZH_CN;
	t = fixture_render(fx, REPORT_TEXT, &len);
	fx->meta.lang = LANG_EN;
	assert_true(fixture_valid_utf8(t, len));
	pos_of(t, "[FAIL] 支付主机可以连通\n"
		  "       发往 pay.\"example\"\\com 的数据包丢失了 38.5%（alpha.bad）\n"
		  "       解决办法：发往 pay.\"example\"\\com 的数据包在丢失\n");
	pos_of(t, "1. 重启路由器。\n");
	pos_of(t, "2. Tell the helpdesk: 38.5% lost, 20 sent.\n");
	pos_of(t, "[ OK ] 主机 备用 有应答\n       一切正常\n");
	pos_of(t, "共 9 项检查：4 项正常，1 warning，2 项失败，2 skipped\n");
	free(t);
}

/* Long translated texts pass whole through every template (no fixed-size
 * argument buffer on the way), never cut inside a character. */
static void test_text_long(void **state)
{
	struct fixture *fx = *state;
	char why[2048] = "", title[1024] = "", *t;
	struct fix f;
	size_t len;

	for (int i = 0; i < 100; i++)
		strcat(why, "很长的原因");   /* 1500 bytes */
	for (int i = 0; i < 60; i++)
		strcat(title, "标题");
	memset(&f, 0, sizeof(f));
	f.code = strdup("alpha.bad");
	f.title.text[LANG_ZH_CN] = strdup(title);
	f.title.text[LANG_EN] = strdup("Title");
	f.why.text[LANG_ZH_CN] = strdup(why);
	f.steps[0].text[LANG_ZH_CN] = strdup(why);
	f.n_steps = 1;
	assert_int_equal(catalog_put_fix(fx->cat, &f), 0);
	fx->meta.lang = LANG_ZH_CN;
	t = fixture_render(fx, REPORT_TEXT, &len);
	assert_true(fixture_valid_utf8(t, len));
	{
		char *want = malloc(4096);

		assert_non_null(want);
		snprintf(want, 4096, "Fix: %s\n       Why: %s\n       1. %s\n", title, why, why);
		pos_of(t, want);
		free(want);
	}
	free(t);
	t = fixture_render(fx, REPORT_JSON, &len);
	assert_int_equal(fixture_python(t, len, "check_json.py", NULL), 0);
	free(t);
	/* English has no step text at all: the step is left out, not empty. */
	fx->meta.lang = LANG_EN;
	t = fixture_render(fx, REPORT_TEXT, &len);
	pos_of(t, "       Fix: Title\n       1. Call your helpdesk");
	free(t);
}

/* A bidi override in a result cannot reorder the text on the terminal. */
static void test_text_bidi(void **state)
{
	struct fixture *fx = *state;
	struct check_item *it = &fx->cl.items[checklist_find(&fx->cl, "alpha.one")];
	char *t;

	result_arg(&it->result, "host", "%s", "pay\u202e" "moc.elpmaxe");
	t = fixture_render(fx, REPORT_TEXT, NULL);
	pos_of(t, "38.5% of packets to pay\xef\xbf\xbdmoc.elpmaxe lost");
	assert_null(strstr(t, "\u202e"));
	free(t);
	/* JSON keeps the text as it is: a parser, not a terminal, reads it. */
	t = fixture_render(fx, REPORT_JSON, NULL);
	pos_of(t, "pay\u202e" "moc.elpmaxe");
	free(t);
}

/* Wrapped at the terminal's width, in columns, under the text's start. */
static void test_text_wrap(void **state)
{
	struct fixture *fx = *state;
	char why[1024] = "", *t;
	size_t len;
	struct fix f;

	fx->meta.width = 40;
	t = fixture_render(fx, REPORT_TEXT, &len);
	pos_of(t, "       2. Tell the helpdesk: 38.5% lost,\n"
		  "          20 sent.\n");
	pos_of(t, "[FAIL] Payment host reachable\n");
	assert_int_equal(fixture_python(t, len, "check_wrap.py", "40"), 0);
	free(t);

	/* Chinese: two columns a character, no comma starting a line. */
	for (int i = 0; i < 12; i++)
		strcat(why, "这是一个很长的原因，");
	strcat(why, "结束。");
	memset(&f, 0, sizeof(f));
	f.code = strdup("alpha.bad");
	f.title.text[LANG_EN] = strdup("Title");
	f.why.text[LANG_EN] = strdup(why);
	f.steps[0].text[LANG_EN] = strdup("Restart the router, then wait two minutes and try a payment.");
	f.n_steps = 1;
	assert_int_equal(catalog_put_fix(fx->cat, &f), 0);
	fx->meta.lang = LANG_ZH_CN;
	fx->meta.color = true;
	for (int w = 24; w <= 80; w += 7) {
		char arg[8];

		fx->meta.width = w;
		t = fixture_render(fx, REPORT_TEXT, &len);
		snprintf(arg, sizeof(arg), "%d", w);
		assert_true(fixture_valid_utf8(t, len));
		assert_int_equal(fixture_python(t, len, "check_wrap.py", arg), 0);
		free(t);
	}
	/* Too narrow to wrap usefully: one long line, whole. */
	fx->meta.width = 14;
	fx->meta.color = false;
	t = fixture_render(fx, REPORT_TEXT, &len);
	pos_of(t, why);
	free(t);
	fx->meta.width = 0;
	fx->meta.lang = LANG_EN;
}

/* Every check ok: the plain sentence. */
static void test_text_all_well(void **state)
{
	static const char *const ids[] = {
		"alpha.one", "alpha.two", "alpha.nofix", "beta.host:acq\"uirer",
		"beta.host:备用", "beta.host:" FIXTURE_ODD_LABEL, "beta.priv", "beta.blocked",
		"beta.names", NULL
	};
	struct fixture *fx = malloc(sizeof(*fx));
	char *t;

	(void)state;
	assert_non_null(fx);
	fixture_setup_only(fx, ids);
	assert_int_equal(checklist_exit_code(&fx->cl), 0);
	t = fixture_render(fx, REPORT_TEXT, NULL);
	pos_of(t, "Overall: OK\n");
	pos_of(t, "\n9 checks: 9 ok\nAll is well: every check passed.\n");
	assert_null(strstr(t, "Fix:"));
	free(t);
	fx->meta.verbosity = -1;
	t = fixture_render(fx, REPORT_TEXT, NULL);
	assert_string_equal(t, "9 checks: 9 ok\nAll is well: every check passed.\n");
	free(t);
	fixture_teardown(fx);
	free(fx);
}

/* A report saved from the live UI: unfinished checks are marked. */
static void test_text_unfinished(void **state)
{
	struct fixture *fx = *state;
	char *t = fixture_render(fx, REPORT_TEXT, NULL);

	pos_of(t, "[ .. ] alpha.two\n       Not finished yet\n");
	pos_of(t, "[ .. ] Host 备用 answers\n");
	assert_true(pos_of(t, "[SKIP] beta.blocked") < pos_of(t, "[ .. ] alpha.two"));
	pos_of(t, "9 checks: 3 ok, 2 failed, 2 skipped, 2 not finished\n");
	free(t);
}

/* JSON: the SPEC object, checked by Python's json module. */
static void test_json_tricky(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *j = fixture_render(fx, REPORT_JSON, &len);

	assert_true(fixture_valid_utf8(j, len));
	pos_of(j, "\"started_at\": \"2026-11-22T10:04:05Z\", \"duration_ms\": 1840");
	assert_int_equal(fixture_python(j, len, "check_json.py", "tricky"), 0);
	free(j);
	fx->meta.lang = LANG_ZH_CN;
	j = fixture_render(fx, REPORT_JSON, &len);
	fx->meta.lang = LANG_EN;
	assert_int_equal(fixture_python(j, len, "check_json.py", "tricky_zh"), 0);
	free(j);
}

/* nftw callback: remove one entry (children first). */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

/* Numbers keep '.' under a locale whose decimal separator is ','. The
 * locale is compiled into a temp folder with localedef (LOCPATH). */
static void test_json_locale(void **state)
{
	struct fixture *fx = *state;
	char dir[] = "/tmp/report_locale_XXXXXX", out[64];
	char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", out, NULL };
	const char *got;
	int status = -1;
	size_t len = 0;
	pid_t pid;
	char *j = NULL, *t = NULL;

	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/de_DE.UTF-8", dir);
	if (posix_spawnp(&pid, "localedef", NULL, NULL, argv, environ) != 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) {
		nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
		skip();   /* no localedef or no de_DE source here */
	}
	setenv("LOCPATH", dir, 1);
	got = setlocale(LC_NUMERIC, "de_DE.UTF-8");
	/* Loaded now: LOCPATH is needed no more (glibc leaks a little
	 * per newlocale() while it is set). */
	unsetenv("LOCPATH");
	if (got) {
		char probe[16];

		snprintf(probe, sizeof(probe), "%.1f", 1.5);
		assert_string_equal(probe, "1,5");   /* the trap is armed */
		j = fixture_render(fx, REPORT_JSON, &len);
		t = fixture_render(fx, REPORT_PROMETHEUS, NULL);
		snprintf(probe, sizeof(probe), "%.1f", 1.5);
		assert_string_equal(probe, "1,5");   /* and the locale is restored */
		setlocale(LC_NUMERIC, "C");
	}
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	if (!got)
		skip();
	assert_int_equal(fixture_python(j, len, "check_json.py", "tricky"), 0);
	pos_of(t, "posdoctor_loss_pct{id=\"alpha.one\"" SITE " 38.5\n");
	pos_of(t, "posdoctor_run_duration_seconds{" SITE_ONLY " 1.84\n");
	free(j);
	free(t);
}

static void test_json_unfinished(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *j = fixture_render(fx, REPORT_JSON, &len);

	assert_int_equal(fixture_python(j, len, "check_json.py", "unfinished"), 0);
	free(j);
}

static void test_json_empty(void **state)
{
	struct fixture *fx = *state;
	struct checklist saved = fx->cl;
	size_t len;
	char *j;

	fx->cl.n = 0;
	j = fixture_render(fx, REPORT_JSON, &len);
	fx->cl = saved;
	assert_int_equal(fixture_python(j, len, "check_json.py", "empty"), 0);
	free(j);
}

/* Prometheus: a strict line-format validator, then exact samples. */
static void test_prom(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *p = fixture_render(fx, REPORT_PROMETHEUS, &len);

	assert_int_equal(fixture_python(p, len, "prom_check.py", NULL), 0);
	pos_of(p, "posdoctor_info{version=\"9.8.7\"" SITE " 1\n");
	pos_of(p, "\nposdoctor_check_status{id=\"alpha.one\",module=\"alpha\",code=\"alpha.bad\"" SITE " 2\n");
	pos_of(p, "\nposdoctor_check_status{id=\"alpha.two\",module=\"alpha\",code=");
	pos_of(p, "\nposdoctor_check_status{id=\"beta.host:acq\\\"uirer\",module=\"beta\",code=");
	pos_of(p, "\nposdoctor_check_status{id=\"beta.host:备用\",module=\"beta\",code=");
	pos_of(p, "\nposdoctor_check_status{id=\"beta.priv\",module=\"beta\",code=");
	/* One family, all its samples together, in check order; the unit
	 * in the name spelled out in HELP. */
	pos_of(p, "# HELP posdoctor_loss_pct posdoctor check metric loss_pct (percent)\n"
		  "# TYPE posdoctor_loss_pct gauge\n"
		  "posdoctor_loss_pct{id=\"alpha.one\"" SITE " 38.5\n"
		  "posdoctor_loss_pct{id=\"beta.host:备用\"" SITE " 0\n"
		  "posdoctor_loss_pct{id=\"beta.names\"" SITE " 1.25\n");
	assert_int_equal(count_of(p, "# TYPE posdoctor_loss_pct "), 1);
	pos_of(p, "# HELP posdoctor_rtt_avg_ms posdoctor check metric rtt_avg_ms (milliseconds)\n");
	pos_of(p, "posdoctor_rtt_avg_ms{id=\"alpha.one\"" SITE " NaN\n");
	pos_of(p, "posdoctor_m0{id=\"beta.host:acq\\\"uirer\"" SITE " +Inf\n");
	pos_of(p, "posdoctor_m1{id=\"beta.host:acq\\\"uirer\"" SITE " -Inf\n");
	pos_of(p, "posdoctor_big{id=\"alpha.one\"" SITE " 1e+300\n");
	pos_of(p, "posdoctor_tiny{id=\"alpha.one\"" SITE " 0.1\n");
	pos_of(p, "posdoctor_neg{id=\"alpha.one\"" SITE " -2.25\n");
	/* Label escapes: backslash, newline; control and invalid bytes U+FFFD. */
	pos_of(p, "posdoctor_check_status{id=\"beta.host:o\\\\d\\nd\xef\xbf\xbd\xef\xbf\xbd\","
		  "module=\"beta\",code=");
	pos_of(p, "posdoctor_odd_metric{id=\"beta.host:o\\\\d\\nd\xef\xbf\xbd\xef\xbf\xbd\"" SITE " 1\n");
	/* Names sanitised; a clash with our own family renamed; one sample
	 * when two names sanitise alike. */
	pos_of(p, "posdoctor_weird_name_x{id=\"beta.names\"" SITE " 1\n");
	pos_of(p, "posdoctor_metric_check_status{id=\"beta.names\"" SITE " 7\n");
	pos_of(p, "posdoctor_a_b{id=\"beta.names\"" SITE " 2\n");
	assert_null(strstr(p, "posdoctor_a_b{id=\"beta.names\"" SITE " 3\n"));
	pos_of(p, "posdoctor_9lives{id=\"beta.names\"" SITE " 9\n");
	assert_null(strstr(p, "posdoctor_method"));   /* text metrics are not gauges */
	pos_of(p, "\nposdoctor_overall_status{" SITE_ONLY " 2\n");
	pos_of(p, "\nposdoctor_run_duration_seconds{" SITE_ONLY " 1.84\n");
	pos_of(p, "\nposdoctor_run_timestamp_seconds{" SITE_ONLY " 1795341845.123\n");
	pos_of(p, "posdoctor_check_info{id=\"alpha.one\",module=\"alpha\",code=\"alpha.bad\","
		  "status=\"fail\"" SITE " 1\n");
	free(p);
}

/* Prometheus without a site or terminal in the config: the SPEC §3 shapes,
 * posdoctor_<metric>{id="..."} and unlabelled run families. */
static void test_prom_no_site(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *p;

	fx->cfg.site.name[0] = '\0';
	fx->cfg.site.terminal_id[0] = '\0';
	p = fixture_render(fx, REPORT_PROMETHEUS, &len);
	assert_int_equal(fixture_python(p, len, "prom_check.py", NULL), 0);
	pos_of(p, "\nposdoctor_info{version=\"9.8.7\"} 1\n");
	pos_of(p, "\nposdoctor_check_status{id=\"alpha.one\",module=\"alpha\",code=\"alpha.bad\"} 2\n");
	pos_of(p, "\nposdoctor_loss_pct{id=\"alpha.one\"} 38.5\n");
	pos_of(p, "\nposdoctor_overall_status 2\n");
	pos_of(p, "\nposdoctor_checks{status=\"fail\"} ");
	pos_of(p, "\nposdoctor_run_duration_seconds 1.84\n");
	assert_null(strstr(p, "site="));
	assert_null(strstr(p, "terminal="));
	free(p);
}

/* Prometheus sample values carry no binary floating-point noise: a sum
 * that is 0.30000000000000004 as a double prints as 0.3, a third with 15
 * digits, integers whole. */
static void test_prom_numbers(void **state)
{
	struct fixture *fx = *state;
	struct check_result *r = &fx->cl.items[0].result;
	volatile double a = 0.1, b = 0.2;
	size_t len;
	char *p;

	assert_true(a + b != 0.3);   /* the noise is real */
	assert_int_equal(result_metric(r, "noisy_ms", a + b), 0);
	assert_int_equal(result_metric(r, "third", 1.0 / 3), 0);
	assert_int_equal(result_metric(r, "whole", 123456789), 0);
	p = fixture_render(fx, REPORT_PROMETHEUS, &len);
	assert_int_equal(fixture_python(p, len, "prom_check.py", NULL), 0);
	pos_of(p, "posdoctor_noisy_ms{id=\"alpha.one\"" SITE " 0.3\n");
	pos_of(p, "posdoctor_third{id=\"alpha.one\"" SITE " 0.333333333333333\n");
	pos_of(p, "posdoctor_whole{id=\"alpha.one\"" SITE " 123456789\n");
	free(p);
}

static void test_prom_unfinished(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	char *p = fixture_render(fx, REPORT_PROMETHEUS, &len);

	assert_int_equal(fixture_python(p, len, "prom_check.py", NULL), 0);
	assert_null(strstr(p, "id=\"alpha.two\""));
	pos_of(p, "posdoctor_checks{status=\"unfinished\"" SITE " 2\n");
	free(p);
}

/* Helpers: numbers, UTF-8 decoding, format names, exit codes. */
static void test_helpers(void **state)
{
	struct { double v; const char *s; } nums[] = {
		{ 0, "0" }, { -0.0, "0" }, { 40, "40" }, { 4.5, "4.5" }, { 0.1, "0.1" },
		{ -2.25, "-2.25" }, { 1e300, "1e+300" }, { 1.0 / 3, "0.333333333333333" },
		{ 123456789.125, "123456789.125" }, { 0.1 + 0.0781, "0.1781" },
		{ 0.27899999999999997, "0.279" },
	};
	static const struct { const char *in; size_t len; uint32_t cp; } seqs[] = {
		{ "A", 1, 'A' }, { "\xc3\xa9", 2, 0xE9 }, { "\xe4\xb8\xad", 3, 0x4E2D },
		{ "\xf0\x9f\x98\x80", 4, 0x1F600 }, { "\xc0\x80", 1, 0xFFFD },
		{ "\xed\xa0\x80", 1, 0xFFFD }, { "\xf5\x80\x80\x80", 1, 0xFFFD },
		{ "\xe4\xb8", 1, 0xFFFD }, { "\x80", 1, 0xFFFD }, { "\xf4\x90\x80\x80", 1, 0xFFFD },
	};
	enum report_format f;
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		report_number(nums[i].v, buf, sizeof(buf));
		assert_string_equal(buf, nums[i].s);
		/* 15 significant digits: as close as a double's noise allows. */
		assert_true(fabs(strtod(buf, NULL) - nums[i].v) <= 1e-15 * fabs(nums[i].v));
	}
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		uint32_t cp;
		size_t n = strlen(seqs[i].in);

		assert_int_equal(text_utf8_next(seqs[i].in, n, &cp), seqs[i].len);
		assert_int_equal(cp, seqs[i].cp);
	}
	assert_true(report_format_parse("json", &f) && f == REPORT_JSON);
	assert_true(report_format_parse("prometheus", &f) && f == REPORT_PROMETHEUS);
	assert_true(report_format_parse("text", &f) && f == REPORT_TEXT);
	assert_false(report_format_parse("xml", &f));
	assert_false(report_format_parse(NULL, &f));
	report_time_iso(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

/* Exit codes of SPEC §1 for finished lists (cli/once.c returns these). */
static void test_exit_codes(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(checklist_exit_code(&fx->cl), 2);
	fx->cl.items[checklist_find(&fx->cl, "alpha.one")].result.status = STATUS_OK;
	fx->cl.items[checklist_find(&fx->cl, "alpha.nofix")].result.status = STATUS_SKIP;
	assert_int_equal(checklist_exit_code(&fx->cl), 1);
	fx->cl.items[checklist_find(&fx->cl, "alpha.two")].result.status = STATUS_OK;
	assert_int_equal(checklist_exit_code(&fx->cl), 0);
}

/* A write error (a full device) is reported, not hidden. */
static void test_write_error(void **state)
{
	struct fixture *fx = *state;
	FILE *f = fopen("/dev/full", "w");

	errno = 0;
	assert_int_equal(report_write(stderr, (enum report_format)99, &fx->cl, fx->cat,
				      &fx->meta), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(report_write(stderr, REPORT_JSON, &fx->cl, fx->cat, NULL), -1);
	assert_int_equal(errno, EINVAL);
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(report_write(f, REPORT_JSON, &fx->cl, fx->cat, &fx->meta), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(f);
}

/* One key of report.yaml: its built-in English (generated from the file
 * at build time) says the same as the file. */
static void check_builtin(const char *key, const struct tr_text *t, void *arg)
{
	(void)arg;
	if (!catalog_builtin(key) || strcmp(catalog_builtin(key), t->text[LANG_EN]) != 0)
		fail_msg("%s: built-in English differs from report.yaml", key);
}

/* The shipped report.yaml has every key the writers use, in both
 * languages, and nothing else (check_strings.py reads the writers); the
 * built-in English is the file's; status words come from core.yaml. */
static void test_strings_shipped(void **state)
{
	static const char *const status[] = { "status.ok", "status.warn", "status.fail",
					      "status.skip" };
	struct catalog *cat = catalog_new();
	char path[4096];

	(void)state;
	assert_non_null(cat);
	assert_non_null(getenv("SOURCE_DIR"));
	snprintf(path, sizeof(path), "%s/assets/strings/report.yaml", getenv("SOURCE_DIR"));
	assert_int_equal(catalog_load_strings(cat, path, stderr), 0);
	catalog_each_text(cat, check_builtin, NULL);
	catalog_free(cat);
	for (size_t i = 0; i < sizeof(status) / sizeof(status[0]); i++)
		assert_non_null(catalog_builtin(status[i]));
	assert_int_equal(fixture_python("", 0, "check_strings.py", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_normal, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_color, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_quiet, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_verbose, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_zh, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_long, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_bidi, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_text_wrap, setup_done, teardown),
		cmocka_unit_test(test_text_all_well),
		cmocka_unit_test_setup_teardown(test_text_unfinished, setup_unfinished, teardown),
		cmocka_unit_test_setup_teardown(test_json_tricky, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_json_locale, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_json_unfinished, setup_unfinished, teardown),
		cmocka_unit_test_setup_teardown(test_json_empty, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_prom, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_prom_no_site, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_prom_numbers, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_prom_unfinished, setup_unfinished, teardown),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test_setup_teardown(test_exit_codes, setup_done, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup_done, teardown),
		cmocka_unit_test(test_strings_shipped),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
