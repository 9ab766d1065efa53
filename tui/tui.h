/* tui.h - the full-screen checklist and the kiosk display (ncursesw).
 *
 * tui/ is the only folder that includes <curses.h>. Everything here runs on
 * the caller's thread (the UI thread): it starts the runner, whose workers
 * wake it through the runner's eventfd, and it alone calls curses.
 */
#ifndef POSDOCTOR_TUI_H
#define POSDOCTOR_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "checklist.h"

struct config;
struct guidebook;
struct codebook;

struct tui_params {
	const struct config *cfg;   /* must outlive abandoned workers */
	const struct catalog *cat;
	struct checklist *cl;       /* live state; left as the last run ended */
	enum lang lang;             /* starting language */
	bool kiosk;                 /* --kiosk: banner, re-runs, no way out */
	bool no_color;              /* --no-color */
	const char *version;
	const struct guidebook *guides;  /* triage flows; NULL or empty: none offered */
	const struct codebook *codes;    /* response-code tables for the flows */
	bool setup;                 /* open the setup screen at start (first run, --setup) */
	const char *config_path;    /* -c FILE: where the setup screen writes; NULL: the
				     * user's file (config/config_setup.h) */
	/* Rebuild cl for a config the setup screen wrote (the caller knows
	 * --only and the probes); 0, or -1 with a message in err. NULL: cl
	 * stays as it is. The runner is stopped while it runs. */
	int (*reconfigure)(void *arg, const struct config *cfg, char *err, size_t len);
	void *reconfigure_arg;
};

/* Run the full-screen UI until the user quits (or a signal ends it).
 * Returns the exit status of SPEC §1 (0/1/2 from the checklist, 3 when the
 * terminal could not be set up); *workers_left gets the count of probes
 * still running in abandoned threads (see runner_free). */
int tui_run(const struct tui_params *p, int *workers_left);

/* Whether the terminal on fd shows at least 8 colours, by its terminfo entry
 * ($TERM). For the text report's colour. Main thread, before tui_run(). */
bool tui_term_has_colors(int fd);

#endif
