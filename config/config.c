/* config.c - built-in defaults, the config search order (SPEC §1, §4) and
 * loading one file: the key table of config_keys.c applied by the walker of
 * config_yaml.c. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog_load.h"
#include "config_keys.h"
#include "guide_load.h"

/* Whether an interface key names one ("" and "auto" do not). */
static bool config_iface_set(const char *name)
{
	return name && name[0] && strcmp(name, "auto") != 0;
}

/* The interface a module judges (see config.h). */
const char *config_interface(const struct config *cfg, const char *own)
{
	if (config_iface_set(own))
		return own;
	if (config_iface_set(cfg->network.interface))
		return cfg->network.interface;
	return NULL;
}

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

	snprintf(cfg->system.root, sizeof(cfg->system.root), "/");
	snprintf(cfg->system.kmsg, sizeof(cfg->system.kmsg), "/dev/kmsg");
	cfg->system.thresholds.clock_offset_warn_s = 2;
	cfg->system.thresholds.clock_offset_fail_s = 60;
	cfg->system.thresholds.disk_warn_pct = 10;
	cfg->system.thresholds.disk_fail_pct = 2;
	cfg->system.thresholds.memory_warn_pct = 10;
	cfg->system.thresholds.till_min_uptime_s = 600;

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

/* Folder of path, "" when it has none (relative paths then stay as they are). */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		dir[0] = '\0';
		return;
	}
	if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* Overlay one file on cfg (buf NULL: read path; else the len bytes of buf,
 * named path); every problem printed, their count returned. */
static int config_load(struct config *cfg, const char *path, const char *buf, size_t len,
		       FILE *errs)
{
	struct load_ctx *ctx = calloc(1, sizeof(*ctx));
	struct yt_node *root = NULL;
	int count;

	if (!ctx) {
		fprintf(errs, "%s:0:0: out of memory\n", path);
		return 1;
	}
	ctx->errs.file = path;
	ctx->errs.out = errs;
	ctx->cfg = cfg;
	ctx->top_rows = config_rows;
	dir_of(path, ctx->dir, sizeof(ctx->dir));
	if (strcmp(ctx->dir, "/") == 0)
		ctx->dir[0] = '\0';
	if (buf)
		yt_load_buffer(buf, len, &root, &ctx->errs);
	else
		yt_load_file(path, &root, &ctx->errs);
	if (root && !yt_is_null(root) && !root->bad) {
		if (root->kind != YT_MAP)
			yt_error_at(&ctx->errs, root, "the top level must be a map of keys "
				    "(such as 'serial:'), not %s", yt_kind_name(root));
		else
			config_walk(config_rows, cfg, root, "", "", ctx);
		config_check_cross(ctx);
	}
	yt_errs_flush(&ctx->errs);
	/* A site's fixes file is part of the configuration: check it now, so that
	 * --check-config catches its problems too. */
	if (config_seen(ctx, "fixes") && cfg->fixes[0] && strcmp(cfg->fixes, "auto") != 0) {
		struct catalog *scratch = catalog_new();

		if (scratch)
			ctx->errs.count += catalog_load_fixes(scratch, cfg->fixes, errs);
		catalog_free(scratch);
	}
	/* The same for a site's file of triage flows. */
	if (config_seen(ctx, "guides") && cfg->guides[0] && strcmp(cfg->guides, "auto") != 0) {
		struct guidebook scratch = { 0, NULL };

		ctx->errs.count += guides_load_file(&scratch, cfg->guides, errs);
		guidebook_free(&scratch);
	}
	if (ctx->errs.count == 0)
		snprintf(cfg->source, sizeof(cfg->source), "%s", path);
	yt_free(root);
	count = ctx->errs.count;
	free(ctx);
	return count;
}

/* Overlay one file on cfg; every problem printed, their count returned. */
int config_load_file(struct config *cfg, const char *path, FILE *errs)
{
	return config_load(cfg, path, NULL, 0, errs);
}

/* Overlay YAML text meant for path on cfg, exactly as config_load_file
 * would once it is there. */
int config_load_buffer(struct config *cfg, const char *path, const char *buf, size_t len,
		       FILE *errs)
{
	return config_load(cfg, path, buf, len, errs);
}
