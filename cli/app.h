/* app.h - what main hands to the front ends. Main thread only. */
#ifndef POSDOCTOR_APP_H
#define POSDOCTOR_APP_H

#include <stdbool.h>

#include "catalog.h"
#include "checklist.h"
#include "config.h"
#include "report.h"

enum app_mode {
	MODE_DEFAULT,   /* decided in main: screen on a terminal, else once */
	MODE_ONCE,
	MODE_SCREEN,
	MODE_KIOSK,
};

struct app {
	enum app_mode mode;
	struct config cfg;
	struct catalog *cat;
	struct checklist cl;
	enum lang lang;
	enum report_format format;
	bool format_given;
	const char *output;        /* -o FILE or NULL */
	int verbosity;             /* -1, 0, 1 */
	bool color;                /* colour in the text report */
	bool no_color_opt;         /* --no-color was given */
	const char *version;
	int workers_left;          /* abandoned probes still running at exit */
	bool code_lookup;          /* --code: no checks, the code tables' texts */
	bool setup;                /* open the setup screen (--setup, or a first run) */
	const char *only;          /* --only LIST or NULL */
	const char *config_path;   /* -c FILE or NULL */
};

/* Run the checks in the chosen mode; returns the exit status. */
int app_run(struct app *app);
/* Run every check once and print or save the report (--once). */
int app_run_once(struct app *app);
/* --list-ports. */
int app_list_ports(struct app *app);
/* --code CODE: what a response code means (cli/code.c). 0 known, 1 unknown, 3 bad input. */
int app_code(struct app *app, const char *code);

#endif
