/* main.c - argument parsing; picks the front end (report or full screen). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "catalog_load.h"
#include "config.h"
#include "paths.h"
#include "privsock.h"
#include "registry.h"
#include "tui.h"
#include "version.h"

enum {
	OPT_ONCE = 256,
	OPT_KIOSK,
	OPT_LIST_PORTS,
	OPT_CHECK_CONFIG,
	OPT_ONLY,
	OPT_FORMAT,
	OPT_LANG,
	OPT_NO_COLOR,
	OPT_CODE,
	OPT_SETUP,
};

static const struct option long_options[] = {
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "kiosk", no_argument, NULL, OPT_KIOSK },
	{ "list-ports", no_argument, NULL, OPT_LIST_PORTS },
	{ "check-config", required_argument, NULL, OPT_CHECK_CONFIG },
	{ "config", required_argument, NULL, 'c' },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "code", required_argument, NULL, OPT_CODE },
	{ "setup", no_argument, NULL, OPT_SETUP },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: posdoctor [OPTIONS]\n"
		"Find out why card payments fail, and how to fix it.\n"
		"\n"
		"  (no mode)              full-screen checklist on a terminal, else a text report\n"
		"      --once             run every check once, print a report, exit\n"
		"      --kiosk            unattended full-screen mode for a shop display\n"
		"      --list-ports       list serial ports with USB ids and description\n"
		"      --check-config FILE  validate a config file and exit (0 valid, 3 invalid)\n"
		"      --setup            set up the shop, terminal id, payment host and terminal\n"
		"                         connection on the full screen, save them to the config\n"
		"                         file (-c FILE, else ~/.config/posdoctor/posdoctor.yaml)\n"
		"                         and run the checks with it\n"
		"      --code CODE        what a code shown on the terminal means and what to do\n"
		"                         (exit 0 known, 1 in no table, 3 not a code)\n"
		"\n"
		"  -c, --config FILE      config file (default: the first of $POSDOCTOR_CONFIG,\n"
		"                         ./posdoctor.yaml, ~/.config/posdoctor/posdoctor.yaml,\n"
		"                         /etc/posdoctor/posdoctor.yaml)\n"
		"      --only LIST        run only these (comma-separated): modules serial,\n"
		"                         network, arp, lan, power, system, or check ids\n"
		"      --format F         report format: text, json or prometheus (default text)\n"
		"  -o, --output FILE      write the report to FILE atomically\n"
		"      --lang L           en or zh_CN (default from LC_ALL, LC_MESSAGES, LANG)\n"
		"      --no-color         no colour (also when NO_COLOR is set)\n"
		"  -v, --verbose          more detail in the text report\n"
		"  -q, --quiet            only problems in the text report\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n"
		"\n"
		"Exit status: 0 all ok, 1 a warning, 2 a failure, 3 posdoctor could not run.\n"
		"See posdoctor(1) and posdoctor.yaml(5).\n");
}

/* Load the config named on the command line or found by the search order.
 * A file the setup screen is about to write may be missing (defaults
 * then). Returns 0, or 3 after printing the problems. */
static int load_config(struct app *app, const char *path)
{
	char found[PATH_MAX];

	config_defaults(&app->cfg);
	if (!path)
		path = config_find(found, sizeof(found));
	if (!path)
		return 0;
	if (app->setup && access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (config_load_file(&app->cfg, path, stderr) != 0)
		return 3;
	return 0;
}

/* Whether name is among the n names of list. */
static bool name_in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* The catalogue files a run does not need (config/catalog_load.h): those
 * of every module with no check in the checklist, the screen's own texts
 * when no screen is shown, and the code tables' texts when neither the
 * screen nor --code uses them. Returns the count in names. */
static size_t catalog_skip(const struct app *app, const char **names, size_t max)
{
	const struct probe *const *all = registry_probes();
	bool screen = app->mode == MODE_SCREEN || app->mode == MODE_KIOSK;
	size_t n = 0;

	if (!screen && n < max)
		names[n++] = "tui";
	if (!screen && !app->code_lookup && n < max)
		names[n++] = "codes";
	for (size_t p = 0; all[p]; p++) {
		const char *m = all[p]->module;
		bool used = false;

		for (int i = 0; i < app->cl.n && !used; i++)
			used = strcmp(app->cl.items[i].probe->module, m) == 0;
		if (!used && !name_in(m, names, n) && n < max)
			names[n++] = m;
	}
	return n;
}

/* Load the shipped strings and fixes this run needs, then the site's own
 * fixes file. */
static int load_catalog(struct app *app)
{
	const char *dir = paths_datadir();
	const char *skip[64];
	size_t n_skip = catalog_skip(app, skip, sizeof(skip) / sizeof(skip[0]));

	app->cat = catalog_new();
	if (!app->cat) {
		fprintf(stderr, "posdoctor: %s\n", strerror(ENOMEM));
		return 3;
	}
	if (!dir) {
		fprintf(stderr, "posdoctor: cannot find the assets folder (fixes/, strings/); "
			"set POSDOCTOR_DATADIR or reinstall\n");
		return 3;
	}
	if (catalog_load_modules(app->cat, dir, skip, n_skip, stderr) != 0)
		return 3;
	if (app->cfg.fixes[0] && strcmp(app->cfg.fixes, "auto") != 0 &&
	    catalog_load_fixes(app->cat, app->cfg.fixes, stderr) != 0)
		return 3;
	return 0;
}

/* The raw-socket kinds the selected checks borrow (sys/privsock.h), from
 * what their descriptors declare. */
static unsigned privsock_kinds(const struct checklist *cl)
{
	unsigned kinds = 0;

	for (int i = 0; i < cl->n; i++) {
		unsigned uses = cl->items[i].probe->uses;

		if (uses & PROBE_USES_ARP_SOCKET)
			kinds |= 1u << PRIVSOCK_PACKET_ARP;
		if (uses & PROBE_USES_ICMP_SOCKET)
			kinds |= 1u << PRIVSOCK_RAW_ICMP;
	}
	return kinds;
}

/* Whether colour is wanted on stream fd (SPEC §1, no-color.org). */
static bool want_color(int fd, bool no_color_opt)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (no_color_opt || (nc && *nc))
		return false;
	if (!term || strcmp(term, "dumb") == 0 || !isatty(fd))
		return false;
	return tui_term_has_colors(fd); /* vt100 has none */
}

int main(int argc, char **argv)
{
	static struct app app; /* static: reachable while abandoned probes run */
	const char *config_path = NULL, *check_path = NULL, *only = NULL;
	const char *lang_opt = NULL, *code_opt = NULL;
	bool no_color = false, list_ports = false;
	int opt, rc;

	memset(&app, 0, sizeof(app));
	app.format = REPORT_TEXT;
	app.version = POSDOCTOR_VERSION;
	setlocale(LC_ALL, "");

	while ((opt = getopt_long(argc, argv, "c:o:vqhV", long_options, NULL)) != -1) {
		switch (opt) {
		case OPT_ONCE: app.mode = MODE_ONCE; break;
		case OPT_KIOSK: app.mode = MODE_KIOSK; break;
		case OPT_LIST_PORTS: list_ports = true; break;
		case OPT_CHECK_CONFIG: check_path = optarg; break;
		case 'c': config_path = optarg; break;
		case OPT_ONLY: only = optarg; break;
		case OPT_FORMAT:
			if (!report_format_parse(optarg, &app.format)) {
				fprintf(stderr, "posdoctor: --format: '%s' is not text, json or prometheus\n",
					optarg);
				return 3;
			}
			app.format_given = true;
			break;
		case 'o': app.output = optarg; break;
		case OPT_LANG: lang_opt = optarg; break;
		case OPT_NO_COLOR: no_color = true; break;
		case OPT_CODE: code_opt = optarg; break;
		case OPT_SETUP: app.setup = true; break;
		case 'v': app.verbosity = 1; break;
		case 'q': app.verbosity = -1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("posdoctor %s\n", POSDOCTOR_VERSION); return 0;
		default:
			fprintf(stderr, "Try 'posdoctor --help' for more information.\n");
			return 3;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "posdoctor: unexpected argument '%s'\n"
			"Try 'posdoctor --help' for more information.\n", argv[optind]);
		return 3;
	}

	if (app.setup && (app.mode != MODE_DEFAULT || check_path || list_ports || code_opt ||
			  app.format_given || app.output)) {
		fprintf(stderr, "posdoctor: --setup is the full screen: it cannot be combined "
			"with --once, --kiosk, --check-config, --list-ports, --code, --format or "
			"--output\n");
		return 3;
	}
	if (app.setup && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		fprintf(stderr, "posdoctor: --setup needs a terminal to type into\n");
		return 3;
	}
	app.only = only;
	app.config_path = config_path;
	if (check_path) {
		config_defaults(&app.cfg);
		rc = config_load_file(&app.cfg, check_path, stderr);
		if (rc == 0)
			printf("%s: valid\n", check_path);
		return rc == 0 ? 0 : 3;
	}
	rc = load_config(&app, config_path);
	if (rc)
		return rc;

	if (lang_opt) {
		if (!lang_parse(lang_opt, &app.lang)) {
			fprintf(stderr, "posdoctor: --lang: '%s' is not en or zh_CN\n", lang_opt);
			return 3;
		}
	} else if (!lang_parse(app.cfg.language, &app.lang)) {
		app.lang = lang_from_env();
	}

	if (list_ports)
		return app_list_ports(&app);

	if (code_opt) {
		/* No checks: the code tables and their texts only. */
		app.code_lookup = true;
		rc = load_catalog(&app);
		if (rc == 0)
			rc = app_code(&app, code_opt);
		catalog_free(app.cat);
		return rc;
	}

	char err[256];

	if (checklist_build(&app.cl, registry_probes(), &app.cfg, only, err, sizeof(err)) != 0) {
		fprintf(stderr, "posdoctor: %s\n", err);
		return 3;
	}
	if (app.mode == MODE_DEFAULT)
		app.mode = app.setup || (isatty(STDOUT_FILENO) && !app.output && !app.format_given)
			   ? MODE_SCREEN : MODE_ONCE;
	/* A first run on the full screen: no config file anywhere, and not a
	 * technician's run of chosen checks (--only): ask for the setup. */
	if (app.mode == MODE_SCREEN && !app.cfg.source[0] && !config_path && !only &&
	    isatty(STDIN_FILENO))
		app.setup = true;
	/* Texts only for the modules checked and the front end shown. */
	rc = load_catalog(&app);
	if (rc) {
		checklist_free(&app.cl);
		catalog_free(app.cat);
		return rc;
	}

	/* Before any thread: raw sockets, SIGPIPE. (libcurl is loaded by the
	 * first HTTPS check: probes/network/net_curl.c.) */
	signal(SIGPIPE, SIG_IGN);
	if (privsock_init(privsock_kinds(&app.cl)) != 0) {
		fprintf(stderr, "posdoctor: cannot drop the CAP_NET_RAW capability: %s\n",
			strerror(errno));
		return 3;
	}

	app.color = want_color(app.output ? -1 : STDOUT_FILENO, no_color);
	app.no_color_opt = no_color;

	rc = app_run(&app);

	/* A probe cut at its deadline may still be inside libcurl or reading
	 * the config: leave global state alone and just exit. */
	if (app.workers_left > 0) {
		fflush(stdout);
		fflush(stderr);
		_exit(rc); /* no atexit handlers under a live probe (OpenSSL's) */
	}
	checklist_free(&app.cl);
	catalog_free(app.cat);
	return rc;
}
