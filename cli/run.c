/* run.c - picks the front end for the chosen mode. */
#include <stdio.h>

#include "app.h"
#include "tui.h"

/* Run the front end of the chosen mode; the exit status. */
int app_run(struct app *app)
{
	struct tui_params p = {
		.cfg = &app->cfg,
		.cat = app->cat,
		.cl = &app->cl,
		.lang = app->lang,
		.no_color = app->no_color_opt,
		.version = app->version,
	};
	int rc;

	switch (app->mode) {
	case MODE_SCREEN:
	case MODE_KIOSK:
		p.kiosk = app->mode == MODE_KIOSK;
		rc = tui_run(&p, &app->workers_left);
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
