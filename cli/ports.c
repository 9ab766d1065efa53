/* ports.c - the --list-ports front end: every serial port, one a line. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "sys_proc.h"
#include "serial_ports.h"

/* Print "key=value" with the value quoted when it holds spaces or is empty. */
static void ports_field(const char *key, const char *value)
{
	if (!value[0])
		printf("  %s=-", key);
	else if (strpbrk(value, " \t\"") != NULL)
		printf("  %s=\"%s\"", key, value);
	else
		printf("  %s=%s", key, value);
}

/* One line for one port: identity, then who holds it. Returns false when
 * the holder scan could not see every process. */
static bool ports_print(const struct serial_portinfo *pi)
{
	struct sys_holder h[SYS_HOLDERS_MAX];
	char id[16];
	bool complete;
	int n = sys_holder_scan(pi->rdev, pi->device, h, SYS_HOLDERS_MAX, &complete);

	serial_port_usb_id(pi, id, sizeof(id));
	printf("%s", pi->device);
	ports_field("transport", pi->transport);
	ports_field("usb", id);
	ports_field("product", pi->product);
	ports_field("manufacturer", pi->manufacturer);
	ports_field("driver", pi->driver);
	ports_field("by-id", pi->by_id);
	if (n > 0) {
		printf("  in-use=");
		for (int i = 0; i < n; i++)
			printf("%s%s[%d]", i ? "," : "", h[i].comm, (int)h[i].pid);
	} else if (!complete) {
		printf("  in-use=?");
	} else {
		printf("  in-use=no");
	}
	printf("\n");
	return complete;
}

/* --list-ports: every port, one a line; exit 0. */
int app_list_ports(struct app *app)
{
	static struct serial_portinfo list[SERIAL_PORTS_MAX + 1];
	int n = serial_sp_list(list, SERIAL_PORTS_MAX);
	const char *cfg_port = app->cfg.serial.port;
	bool complete = true;

	/* A configured port that enumeration cannot see (a pty from socat or
	 * ser2net) is listed too. */
	if (cfg_port[0] && strcmp(cfg_port, "auto") != 0 &&
	    serial_sp_describe(cfg_port, &list[n]) == 0) {
		bool seen = false;

		for (int i = 0; i < n; i++)
			seen |= strcmp(list[i].device, list[n].device) == 0;
		if (!seen)
			n++;
	}
	if (n == 0) {
		printf("no serial ports found\n");
		return 0;
	}
	for (int i = 0; i < n; i++)
		complete &= ports_print(&list[i]);
	if (!complete)
		fprintf(stderr, "posdoctor: some programs could not be inspected; run as root "
			"to see who uses a port marked in-use=?\n");
	return fflush(stdout) == 0 ? 0 : 3;
}
