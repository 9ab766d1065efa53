/* once.c - the --once front end: run every check, then write one report. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app.h"
#include "clock.h"
#include "runner.h"
#include "sys_signal.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* The signals that stop a run (each is reported as exit status 3). */
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Drain the runner's queue into the checklist. */
static void drain_events(struct runner *r, struct checklist *cl)
{
	struct runner_event ev;

	while (runner_next_event(r, &ev))
		checklist_apply(cl, &ev);
}

int app_run_once(struct app *app)
{
	struct report_meta meta;
	struct runner *r;
	int64_t t0 = clock_ms();
	int was_interrupted = 0;
	int rc;

	memset(&meta, 0, sizeof(meta));
	meta.version = app->version;
	meta.started_wall_ms = clock_wall_ms();
	meta.cfg = &app->cfg;
	meta.lang = app->lang;
	meta.verbosity = app->verbosity;
	meta.color = app->color && !app->output;
	/* Wrap the text report at the terminal's width (never in files or pipes). */
	if (!app->output && isatty(STDOUT_FILENO)) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
			meta.width = ws.ws_col;
	}

	sys_signals_catch(on_signal, stop_signals, 3);

	r = runner_new(&app->cl, &app->cfg);
	if (!r) {
		fprintf(stderr, "posdoctor: cannot start the checks: %s\n", strerror(errno ? errno : ENOMEM));
		return 3;
	}
	runner_start_all(r);
	for (;;) {
		struct pollfd pfd = { runner_event_fd(r), POLLIN, 0 };

		/* Completion is the runner's state, asked before draining: once
		 * it is idle every result is already queued. */
		bool idle = runner_idle(r);

		drain_events(r, &app->cl);
		if (idle)
			break;
		if (interrupted) {
			runner_cancel(r, -1);
			was_interrupted = interrupted;
			interrupted = 0;
		}
		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
			break;
	}
	app->workers_left = runner_free(r);
	meta.duration_ms = clock_ms() - t0;

	if (app->output) {
		if (report_save(app->output, app->format, &app->cl, app->cat, &meta) != 0) {
			fprintf(stderr, "posdoctor: cannot write %s: %s\n", app->output, strerror(errno));
			return 3;
		}
	} else if (report_write(stdout, app->format, &app->cl, app->cat, &meta) != 0 ||
		   fflush(stdout) != 0) {
		if (errno != EPIPE)
			fprintf(stderr, "posdoctor: cannot write the report: %s\n", strerror(errno));
		return 3;
	}
	/* Cancelled checks are skips: an interrupted run must not read as "all
	 * ok" to a monitoring system. The report says what did finish. */
	if (was_interrupted) {
		fprintf(stderr, "posdoctor: interrupted (%s); the checks were stopped\n",
			strsignal(was_interrupted));
		return 3;
	}
	rc = checklist_exit_code(&app->cl);
	return rc;
}
