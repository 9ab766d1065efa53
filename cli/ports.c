/* ports.c - the --list-ports front end. */
#include <stdio.h>

#include "app.h"

int app_list_ports(struct app *app)
{
	(void)app;
	fprintf(stderr, "posdoctor: --list-ports needs the serial module\n");
	return 3;
}
