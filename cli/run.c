/* run.c - picks the front end for the chosen mode. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "codes_load.h"
#include "guide_load.h"
#include "paths.h"
#include "registry.h"
#include "tui.h"

/* The triage flows (shipped, then the site's file) and the code tables for
 * the full screen. Returns 0, or 3 after printing the problems. */
static int load_guides(const struct app *app, struct guidebook *gb, struct codebook *cb)
{
	const char *dir = paths_datadir();
	int problems = 0;

	if (!dir)
		return 0;   /* main already insisted on the assets */
	problems += guides_load_dir(gb, dir, stderr);
	if (app->cfg.guides[0] && strcmp(app->cfg.guides, "auto") != 0)
		problems += guides_load_file(gb, app->cfg.guides, stderr);
	problems += codes_load_dir(cb, dir, stderr);
	return problems ? 3 : 0;
}

/* The checklist again for a config the setup screen wrote (tui.h:
 * reconfigure): same --only, same probes. */
static int reconfigure(void *arg, const struct config *cfg, char *err, size_t len)
{
	struct app *app = arg;
	struct checklist cl;

	if (checklist_build(&cl, registry_probes(), cfg, app->only, err, len) != 0)
		return -1;
	checklist_free(&app->cl);
	app->cl = cl;
	return 0;
}

/* Run the front end of the chosen mode; the exit status. */
int app_run(struct app *app)
{
	struct guidebook gb = { 0, NULL };
	struct codebook cb;
	struct tui_params p = {
		.cfg = &app->cfg,
		.cat = app->cat,
		.cl = &app->cl,
		.lang = app->lang,
		.no_color = app->no_color_opt,
		.version = app->version,
		.guides = &gb,
		.codes = &cb,
		.setup = app->setup,
		.config_path = app->config_path,
		.reconfigure = reconfigure,
		.reconfigure_arg = app,
	};
	int rc;

	memset(&cb, 0, sizeof(cb));
	switch (app->mode) {
	case MODE_SCREEN:
	case MODE_KIOSK:
		p.kiosk = app->mode == MODE_KIOSK;
		if (load_guides(app, &gb, &cb) != 0) {
			guidebook_free(&gb);
			codebook_free(&cb);
			return 3;
		}
		rc = tui_run(&p, &app->workers_left);
		guidebook_free(&gb);
		codebook_free(&cb);
		if (rc >= 0)
			return rc;
		/* No usable terminal: the kiosk cannot go on; the plain
		 * checklist still gives its report. */
		if (p.kiosk)
			return 3;
		fprintf(stderr, "posdoctor: printing the report instead\n");
		break;
	case MODE_DEFAULT:
	case MODE_ONCE:
		break;
	}
	return app_run_once(app);
}
