/* ports.c - the --list-ports front end: every serial port, one a line, or
 * with --format json one object a port. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "report.h"
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

/* One port as a JSON object (--format json): the same fields as the text
 * line, "" for an unknown value, in_use the programs holding it and
 * in_use_complete false when some could not be inspected. */
static bool ports_print_json(const struct serial_portinfo *pi, bool first)
{
	struct sys_holder h[SYS_HOLDERS_MAX];
	char id[16];
	bool complete;
	int n = sys_holder_scan(pi->rdev, pi->device, h, SYS_HOLDERS_MAX, &complete);
	const char *keys[] = { "device", "transport", "usb", "product", "manufacturer",
			       "driver", "by_id" };
	const char *vals[7];

	serial_port_usb_id(pi, id, sizeof(id));
	vals[0] = pi->device;
	vals[1] = pi->transport;
	vals[2] = id;
	vals[3] = pi->product;
	vals[4] = pi->manufacturer;
	vals[5] = pi->driver;
	vals[6] = pi->by_id;
	printf("%s\n    {", first ? "" : ",");
	for (int i = 0; i < 7; i++) {
		printf("%s\"%s\": ", i ? ", " : "", keys[i]);
		report_json_string(stdout, vals[i]);
	}
	printf(",\n     \"in_use\": [");
	for (int i = 0; i < n; i++) {
		printf("%s{\"program\": ", i ? ", " : "");
		report_json_string(stdout, h[i].comm);
		printf(", \"pid\": %d}", (int)h[i].pid);
	}
	printf("], \"in_use_complete\": %s}", complete ? "true" : "false");
	return complete;
}

/* --list-ports: every port, one a line (or a JSON document); exit 0. */
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
	if (app->format == REPORT_PROMETHEUS) {
		fprintf(stderr, "posdoctor: --list-ports: --format is text or json\n");
		return 3;
	}
	if (app->format == REPORT_JSON) {
		printf("{\"ports\": [");
		for (int i = 0; i < n; i++)
			complete &= ports_print_json(&list[i], i == 0);
		printf("%s]}\n", n ? "\n  " : "");
	} else if (n == 0) {
		printf("no serial ports found\n");
		return 0;
	}
	for (int i = 0; app->format != REPORT_JSON && i < n; i++)
		complete &= ports_print(&list[i]);
	if (!complete)
		fprintf(stderr, "posdoctor: some programs could not be inspected; run as root "
			"to see who uses a port marked in-use=?\n");
	return fflush(stdout) == 0 ? 0 : 3;
}
