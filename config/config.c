/* config.c - built-in defaults and the config search order (SPEC §1, §4). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The built-in defaults of SPEC §4 (and the extra keys of config.h). */
void config_defaults(struct config *cfg)
{
	static const int bauds[] = { 9600, 19200, 38400, 57600, 115200 };

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->language, sizeof(cfg->language), "auto");

	snprintf(cfg->serial.port, sizeof(cfg->serial.port), "auto");
	cfg->serial.usb_vid = -1;
	cfg->serial.usb_pid = -1;
	cfg->serial.baud = 9600;
	cfg->serial.data_bits = 8;
	cfg->serial.parity = 'N';
	cfg->serial.stop_bits = 1;
	cfg->serial.flow = FLOW_NONE;
	cfg->serial.handshake = HANDSHAKE_ENQ_ACK;
	cfg->serial.timeout_ms = 500;
	cfg->serial.retries = 3;
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		cfg->serial.try_bauds[cfg->serial.n_try_bauds++] = bauds[i];
	cfg->serial.line_errors_warn = 2;

	snprintf(cfg->network.interface, sizeof(cfg->network.interface), "auto");
	cfg->network.probe = PROBE_METHOD_AUTO;
	cfg->network.count = 20;
	cfg->network.interval_ms = 100;
	cfg->network.timeout_ms = 1000;
	cfg->network.thresholds.loss_warn_pct = 2;
	cfg->network.thresholds.loss_fail_pct = 10;
	cfg->network.thresholds.rtt_warn_ms = 150;
	cfg->network.thresholds.rtt_fail_ms = 500;
	cfg->network.thresholds.jitter_warn_ms = 30;
	cfg->network.thresholds.dns_warn_ms = 500;
	cfg->network.thresholds.cert_warn_days = 14;
	cfg->network.thresholds.clock_skew_warn_s = 60;
	cfg->network.thresholds.wifi_warn_dbm = -70;

	snprintf(cfg->arp.interface, sizeof(cfg->arp.interface), "auto");
	cfg->arp.probes = 3;
	cfg->arp.wait_ms = 300;
	cfg->arp.mode = ARP_MODE_FAST;

	snprintf(cfg->power.sysfs_root, sizeof(cfg->power.sysfs_root), "/sys");
	snprintf(cfg->power.kmsg, sizeof(cfg->power.kmsg), "/dev/kmsg");
	snprintf(cfg->power.ups.host, sizeof(cfg->power.ups.host), "127.0.0.1");
	cfg->power.ups.port = 3493;
	snprintf(cfg->power.ups.name, sizeof(cfg->power.ups.name), "auto");
	snprintf(cfg->power.apcupsd.host, sizeof(cfg->power.apcupsd.host), "127.0.0.1");
	cfg->power.apcupsd.port = 3551;
	cfg->power.thresholds.battery_warn_pct = 30;
	cfg->power.thresholds.battery_fail_pct = 10;
	cfg->power.thresholds.temp_warn_c = 75;

	cfg->kiosk.rerun_every_s = 300;
	snprintf(cfg->fixes, sizeof(cfg->fixes), "auto");
	snprintf(cfg->guides, sizeof(cfg->guides), "auto");
}

/* Copy path into buf if it exists. An unreadable file is taken too, so
 * that loading it names the file and the error instead of silently using
 * the next place in the search order. */
static const char *take_if_exists(const char *path, char *buf, size_t len)
{
	if (access(path, F_OK) != 0)
		return NULL;
	snprintf(buf, len, "%s", path);
	return buf;
}

/* The first config file of the SPEC §1 search order. */
const char *config_find(char *buf, size_t len)
{
	const char *env = getenv("POSDOCTOR_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char p[CFG_PATH_MAX + 64];

	/* An explicit $POSDOCTOR_CONFIG is taken even if it does not exist, so
	 * that the load names the missing file instead of silently skipping it. */
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (take_if_exists("posdoctor.yaml", buf, len))
		return buf;
	if (xdg && *xdg) {
		snprintf(p, sizeof(p), "%s/posdoctor/posdoctor.yaml", xdg);
		if (take_if_exists(p, buf, len))
			return buf;
	} else if (home && *home) {
		snprintf(p, sizeof(p), "%s/.config/posdoctor/posdoctor.yaml", home);
		if (take_if_exists(p, buf, len))
			return buf;
	}
	return take_if_exists("/etc/posdoctor/posdoctor.yaml", buf, len);
}
