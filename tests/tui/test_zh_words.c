/* test_zh_words.c - Chinese is Chinese: every screen state and every report a
 * shop reads in zh_CN has no ASCII word outside a short allow-list.
 *
 * Built from the real catalogue ($POSDOCTOR_DATADIR) and the real registry:
 * one result for every code of every check, its {placeholders} filled with
 * values shaped like what the probes record (errors through result_error,
 * with the raw English words a probe gets from the system), and every
 * metric a probe in probes/ records spread over the results. Then the list,
 * the details pane of every row scrolled to its end, the help, the kiosk,
 * rows running and waiting, a footer message, the text report (normal and
 * -q) and the people's fields of the JSON report are read back and checked
 * word by word. Every offender is printed with its line. A last case shows
 * that the checker catches what issue 11 saw ("no answer in time").
 *
 * Allowed: tokens with a digit (numbers, addresses, ports, versions),
 * paths, the check ids and codes a helpdesk asks for, the data values of
 * the samples marked as data (a host name, a program, a maker), and the
 * words of zh_allowed below. The verbose report (-v), the JSON metrics and
 * detail lines and the Prometheus file are for technicians: their raw
 * names and words are the contract (SPEC §3) and are not checked here.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "catalog_load.h"
#include "clock.h"
#include "config.h"
#include "guide_load.h"
#include "probe.h"
#include "registry.h"
#include "report.h"
#include "text.h"
#include "tui_int.h"

/* Words a Chinese screen may show, each for a reason:
 * product and protocol names a shop sees printed on its devices and
 * contracts (USB, Wi-Fi, DNS, HTTP/HTTPS, TLS, IP, UPS, LAN); the program's
 * own name; units as symbols (ms is never used: Chinese says 毫秒; V, W,
 * A, mAh, dBm, Mbit/s); UTC in a time; the status words a UPS itself
 * displays (NUT's tokens, quoted so the supplier hears what the UPS
 * says). Words the user types stay literal: see zh_literal. A Chinese
 * screen never shows "ms": Chinese says 毫秒. */
static const char *const zh_allowed[] = {
	"USB", "Wi", "Fi", "DNS", "HTTP", "HTTPS", "TLS", "IP", "UPS", "LAN", "DHCP", "VPN",
	"ARP", "MAC", "IT", "ICMP", "TCP", "UDP", "JSON", "Linux", "Ubuntu", "Mesh", "Ethernet",
	"ID",
	"posdoctor",
	/* RS-232 signal names and the terminal's refusal, as printed in
	 * terminal manuals and on cables, and the terminal protocols' names. */
	"DSR", "CTS", "DCD", "NAK", "ACK", "ENQ", "STX", "ETX", "ZVT", "Concert", "ECR",
	/* Makers a shop recognises on its devices (the ARP fix names them). */
	"Hikvision", "Dahua", "Ezviz", "Ingenico", "Verifone", "PAX", "Sunmi", "TP", "Link",
	"Huawei", "Netgear", "Apple", "Samsung", "Xiaomi", "LANDI", "Newland", "NEXGO",
	"Castles", "Urovo", "Spectra", "Hypercom",
	/* The language key names the other language in that language. */
	"English",
	/* Keys on the keyboard. */
	"Enter", "Esc", "Tab", "PgUp", "PgDn", "Home", "End",
	"V", "W", "A", "mAh", "dBm", "Mbit", "C", "MB", "GB",
	"UTC",
	"OL", "OB", "LB", "HB", "RB", "CHRG", "DISCHRG", "BYPASS", "CAL", "OFF", "OVER",
	"TRIM", "BOOST", "FSD", "ALARM", "WAIT", "COMMLOST",
	NULL,
};

/* What a fix tells the user to type, which must stay as it is: commands,
 * program names, config keys and their values (the fixes files). */
static const char *const zh_literal[] = {
	/* Programs. */
	"brltty", "ModemManager", "minicom", "screen", "socat", "apcupsd", "NUT", "ping",
	"ttyACM", "ttyUSB",
	/* Commands and their options. */
	"sudo", "apt", "remove", "usermod", "-aG", "systemctl", "stop", "disable", "--now",
	"fuser", "-v", "setcap", "cap_net_raw+ep", "command", "echo", "tee", "sysctl",
	"--system", "ip", "link", "set", "up", "--list-ports", "--check-config", "--setup",
	"--code",
	/* Config files, keys and values (posdoctor.yaml(5), ups.conf). */
	"posdoctor.yaml", "ups.conf", "/etc/sysctl.d/60-posdoctor-ping.conf", "serial", "port", "baud", "match", "usb_vid", "usb_pid",
	"request", "expect", "network", "hosts", "name", "address", "https", "path", "true",
	"network.hosts", "network.probe", "network.interface", "power.ups.name", "power.ups",
	"arp", "interface", "arp.interface", "auto", "acquirer", "pay.example.com", "power",
	"ups",
	"dialout", "handshake", "enq-ack", "stx-etx-lrc", "custom", "zvt", "concert",
	"framing", "protocol", "system.paths", "install", "clean", "timedatectl", "set-ntp",
	"journalctl", "modprobe", "linux-modules-extra-$(uname", "-r", "systemd-timesyncd",
	"lan", "terminals", "lan.terminals", "mac",
	NULL,
};

/* A value for a placeholder: data (shown as the probe measured it, so
 * allowed) or words the probe records in English (must be translated). */
struct sample {
	const char *name, *value;
	bool data;
};

static const struct sample samples[] = {
	{ "host", "pay.acquirer.test", true }, { "port", "443", true },
	{ "tcp_port", "20007", true },
	{ "interface", "eth0", true }, { "iface", "eth0", true },
	{ "gateway", "192.168.1.1", true }, { "ups", "ups1", true }, { "n", "3", true },
	{ "resolver", "192.168.1.53", true }, { "status", "OL BYPASS", true },
	{ "battery", "BAT0", true }, { "battery_name", "BAT0", true },
	{ "available", "/dev/ttyS0, /dev/ttyUSB0", true },
	{ "mac", "54:e1:40:00:00:0b", true }, { "old_mac", "02:00:00:00:00:0b", true },
	{ "baud", "9600", true }, { "detected_baud", "19200", true },
	{ "pc_time", "2026-12-05 11:00 UTC", true }, { "loss_pct", "12.5", true },
	{ "holder", "minicom", true }, { "pid", "4242", true }, { "group", "dialout", true },
	{ "user", "shop", true }, { "rtt_avg_ms", "25.3", true }, { "rtt_max_ms", "80", true },
	{ "rtt_min_ms", "12", true }, { "probes_sent", "20", true },
	{ "probes_received", "18", true }, { "name", "pay.acquirer.test", true },
	{ "macs", "54:e1:40:00:00:0b, 02:00:00:00:00:0c", true },
	{ "vendor", "Ingenico", true }, { "old_vendor", "Ingenico", true },
	{ "ip", "192.168.1.20", true }, { "address", "192.168.1.20", true },
	{ "dns_ms", "40", true }, { "days_left", "3", true }, { "timeout_s", "5", true },
	{ "throttled", "0x50005", true }, { "temp_c", "85", true }, { "limit_c", "80", true },
	{ "skew_s", "600", true }, { "signal_dbm", "-80", true },
	{ "signal_warn_dbm", "-70", true }, { "runtime_min", "4", true },
	{ "load", "105%", true }, { "line_errors", "7", true },
	{ "line_errors_warn", "3", true }, { "jitter_ms", "30", true },
	{ "jitter_warn_ms", "20", true }, { "claimants", "02:00:00:00:00:0c", true },
	{ "zone", "cpu-thermal", true }, { "labels", "in0, in1", true },
	{ "total", "3", true }, { "naks", "3", true }, { "gateway_macs", "2", true },
	{ "events", "4", true }, { "capability", "cap_net_raw", true },
	{ "candidates", "/dev/ttyUSB0, /dev/ttyUSB1", true }, { "slowest", "pay.acquirer.test", true },
	{ "rtt_warn_ms", "150", true }, { "names", "2", true }, { "dns_warn_ms", "200", true },
	{ "loss_ci_low_pct", "5", true }, { "seconds", "30", true }, { "dsr", "0", true },
	{ "dcd", "0", true }, { "cts", "0", true }, { "ms", "40", true },
	{ "protocol", "VRRP", true }, { "http_status", "503", true },
	{ "tries", "3", true }, { "helpdesk", "400 800 1234", true },
	{ "adapters", "1", true }, { "available_mb", "300", true }, { "available_pct", "8", true },
	{ "chip", "CH340", true }, { "device", "/dev/ttyUSB0", true }, { "driver", "ch341", true },
	{ "free_pct", "3", true }, { "free", "1.5 GB", true }, { "kills", "2", true },
	{ "minutes", "5", true }, { "offset_s", "120", true }, { "path", "/var", true },
	{ "pc_hours", "30", true }, { "process", "pos-till", true }, { "product", "USB2.0-Serial", true },
	{ "rule", "/etc/udev/rules.d/99-pos.rules", true }, { "server", "pool.ntp.org", true },
	{ "service", "systemd-timesyncd", true }, { "usb_id", "1a86:7523", true },
	{ "detected_framing", "7E1", true }, { "framing", "8N1", true },
	{ "detected_protocol", "zvt", true }, { "timeout_ms", "2000", true },
	{ "clash_ip", "192.168.1.20", true }, { "devices", "12", true },
	{ "dhcp_server", "192.168.1.1", true }, { "expected_mac", "54:e1:40:00:00:0b", true },
	{ "expected", "2", true }, { "loss", "10", true }, { "seen_ip", "192.168.1.77", true },
	{ "subnet", "192.168.1.0/24", true }, { "terminal_ip", "192.168.1.50", true },
	{ "terminals", "1", true }, { "terminal", "counter", true },
	/* Words a probe records in English: the catalogue must say them. */
	{ "method", "icmp", false }, { "what", "ICMP echo (ping)", false },
	{ "health", "Overheat", false }, { "setting", "request/expect (hex bytes)", false },
	{ NULL, NULL, false },
};

/* Errors as probes record them: key and the raw words (English). */
static const char *const errors[][2] = {
	{ "error.errno.ETIMEDOUT", "Connection timed out" },
	{ "error.errno.ECONNREFUSED", "Connection refused" },
	{ "error.errno.EHOSTUNREACH", "No route to host" },
	{ "error.resolver.again", "no answer in time" },
	{ "error.resolver.noname", "Name or service not known" },
	{ "error.curl.60", "SSL certificate problem: unable to get local issuer certificate" },
	{ "error.x509.10", "SSL certificate problem: certificate has expired" },
	{ "error.nut.ACCESS-DENIED", "ACCESS-DENIED" },
	{ "error.curl.99", "Some future libcurl failure" },   /* family fallback */
	{ "error.errno.other", "Unknown error 999" },
	{ "error.nosuch.thing", "words nobody translated" }, /* general fallback */
};
#define N_ERRORS (sizeof(errors) / sizeof(errors[0]))

/* Text metrics a probe records, with a value of the kind it records. */
static const struct sample text_metrics[] = {
	{ "interface", "eth0", true }, { "address", "192.168.1.20", true },
	{ "gateway_mac", "54:e1:40:00:00:0b", true }, { "holder", "minicom", true },
	{ "product", "FT232R USB UART", true }, { "manufacturer", "FTDI", true },
	{ "driver", "ftdi_sio", true }, { "usb_id", "0403:6001", true },
	{ "our_mac", "02:00:00:00:00:0a", true }, { "our_ip", "192.168.1.20", true },
	{ "other_mac", "02:00:00:00:00:0c", true }, { "old_gateway_mac", "02:00:00:00:00:0b", true },
	{ "gateway_vendor", "Ingenico", true }, { "other_vendor", "unknown", false },
	{ "resolver_dead", "192.168.1.53", true }, { "ups_status", "OL", true },
	{ "throttled", "0x50005", true }, { "own_code", "net.dns_failed", true },
	{ "battery_level", "Low", false }, { "interface_choice", "default route", false },
	{ "link_type", "wired", false }, { "link_state", "no-carrier", false },
	{ "probe_method", "icmp", false }, { "access_path", "termios", false },
	{ "mode", "owner-only", false }, { "transport", "usb", false },
	{ "icmp_unavailable", "raw sockets busy", false }, { "gateway", "direct", false },
	{ "time_service", "none", false }, { "framing", "8N1", true },
	{ "detected_framing", "7E1", true }, { "protocol", "enq-ack", true },
	{ "protocol_configured", "enq-ack", true }, { "detected_protocol", "zvt", true },
	{ NULL, NULL, false },
};

struct allow {
	char **tokens;      /* exact tokens allowed: ids, codes, data values */
	size_t n, cap;
};

struct world {
	struct catalog *cat;
	struct config cfg;
	struct checklist cl;
	struct allow allow;
	struct allow seen;  /* offenders already printed */
	int problems;
	char where[512];
	SCREEN *scr;
	FILE *out, *in;
};

/* Whether s itself was remembered. */
static bool seen_has(const struct allow *a, const char *s)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->tokens[i], s) == 0)
			return true;
	return false;
}

/* Remember an exact token (or each token of a value) as allowed. */
static void allow_add(struct allow *a, const char *value)
{
	char *copy = strdup(value), *save = NULL;

	assert_non_null(copy);
	for (char *tok = strtok_r(copy, " ,()", &save); tok; tok = strtok_r(NULL, " ,()", &save)) {
		if (seen_has(a, tok))
			continue;
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 256;
			a->tokens = realloc(a->tokens, a->cap * sizeof(*a->tokens));
			assert_non_null(a->tokens);
		}
		a->tokens[a->n++] = strdup(tok);
	}
	free(copy);
}

/* Set while the help box covers the middle of rows: what shows left and
 * right of it may be the end of an allowed token. */
static bool covered;

/* Whether tok is allowed: exactly, or cut at the edge of a row (cut) the
 * start of an allowed token ("pay.acq…"), or beside the help box the end
 * of one. */
static bool allow_has(const struct allow *a, const char *tok, bool cut)
{
	size_t tl = strlen(tok);

	for (int i = 0; zh_literal[i]; i++) {
		size_t ll = strlen(zh_literal[i]);

		if (strcmp(zh_literal[i], tok) == 0 ||
		    ((cut || covered) && ll > tl && strncmp(zh_literal[i], tok, tl) == 0))
			return true;
	}
	for (size_t i = 0; i < a->n; i++) {
		size_t al = strlen(a->tokens[i]);

		if (strcmp(a->tokens[i], tok) == 0 ||
		    ((cut || covered) && al > tl && strncmp(a->tokens[i], tok, tl) == 0) ||
		    (covered && al > tl && strcmp(a->tokens[i] + al - tl, tok) == 0))
			return true;
	}
	return false;
}

/* Remember s itself. */
static void allow_add_exact(struct allow *a, const char *s)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->tokens = realloc(a->tokens, a->cap * sizeof(*a->tokens));
		assert_non_null(a->tokens);
	}
	a->tokens[a->n++] = strdup(s);
}

/* Whether tok is the end of a longer allowed token or literal. */
static bool allow_tail(const struct allow *a, const char *tok)
{
	size_t tl = strlen(tok);

	for (int i = 0; zh_literal[i]; i++) {
		size_t ll = strlen(zh_literal[i]);

		if (ll > tl && strcmp(zh_literal[i] + ll - tl, tok) == 0)
			return true;
	}
	for (size_t i = 0; i < a->n; i++) {
		size_t al = strlen(a->tokens[i]);

		if (al > tl && strcmp(a->tokens[i] + al - tl, tok) == 0)
			return true;
	}
	return false;
}

/* Whether the len letters at w are an allowed word (or, cut at the edge
 * of a row, the start of one). */
static bool word_allowed(const char *w, size_t len, bool cut)
{
	for (int i = 0; zh_allowed[i]; i++)
		if ((strlen(zh_allowed[i]) == len || (cut && strlen(zh_allowed[i]) > len)) &&
		    strncmp(zh_allowed[i], w, len) == 0)
			return true;
	return false;
}

/* The ASCII words of line outside the allow-list, space-separated into
 * bad (empty when the line is fine); returns how many. */
static int zh_bad_words(const struct allow *a, const char *line, char *bad, size_t len)
{
	const char *p = line, *first;
	int n = 0;
	size_t o = 0;

	bad[0] = '\0';
	/* The first token of a line may end a word wrapped because it was
	 * longer than the line ("…/60-posdoctor-ping.co" + "nf"). */
	first = line + strspn(line, " ");
	/* A placeholder nobody filled is a leak too. */
	for (const char *q = line; (q = strchr(q, '{'));) {
		size_t k = strspn(q + 1, "abcdefghijklmnopqrstuvwxyz_0123456789");

		if (k > 0 && q[1 + k] == '}') {
			n++;
			o += (size_t)snprintf(bad + o, o < len ? len - o : 0, "%s'%.*s'", o ? " " : "",
					      (int)k + 2, q);
			if (o >= len)
				o = len - 1;
		}
		q++;
	}
	while (*p) {
		const char *s = p, *e;
		char tok[512];
		bool digit = false, cut;
		size_t tl;

		if ((unsigned char)*p >= 0x80 || isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		while (*p && (unsigned char)*p < 0x80 && !isspace((unsigned char)*p))
			p++;
		e = p;
		/* Cut at the edge of a row: "…" or the "more below" arrow. */
		cut = strncmp(p, "…", strlen("…")) == 0 || strncmp(p, "↓", strlen("↓")) == 0;
		/* Punctuation around a token is not part of it. */
		while (s < e && strchr("()[]{}<>\"',;:!?*|=+~`&$", *s))
			s++;
		while (e > s && strchr("()[]{}<>\"',;:!?.*|=+~`&", e[-1]))
			e--;
		tl = (size_t)(e - s);
		if (tl == 0 || tl >= sizeof(tok))
			continue;
		memcpy(tok, s, tl);
		tok[tl] = '\0';
		for (size_t i = 0; i < tl; i++)
			digit |= isdigit((unsigned char)tok[i]) != 0;
		if (digit || tok[0] == '/' || allow_has(a, tok, cut) ||
		    (s == first && allow_tail(a, tok)))
			continue;
		/* Every run of letters must be an allowed word; a single letter
		 * is a key to press ("r", "j/k"). */
		for (const char *w = tok; *w;) {
			size_t wl = 0;

			if (!isalpha((unsigned char)*w)) {
				w++;
				continue;
			}
			while (isalpha((unsigned char)w[wl]))
				wl++;
			if (wl > 1 && !word_allowed(w, wl, (cut || covered) && !w[wl])) {
				n++;
				o += (size_t)snprintf(bad + o, o < len ? len - o : 0, "%s'%s'",
						      o ? " " : "", tok);
				if (o >= len)
					o = len - 1;
				break;
			}
			w += wl;
		}
	}
	return n;
}

/* Check one line; print it with its place when it has offenders. */
static void check_line(struct world *w, const char *line)
{
	/* The status marks of STYLE.md are the same in every language. */
	static const char *const tags[] = { "[ OK ]", "[WARN]", "[FAIL]", "[SKIP]", NULL };
	char bad[1024], *copy = strdup(line);

	assert_non_null(copy);
	for (int i = 0; tags[i]; i++)
		for (char *p = copy; (p = strstr(p, tags[i]));)
			memset(p, ' ', strlen(tags[i]));
	if (zh_bad_words(&w->allow, copy, bad, sizeof(bad)) > 0) {
		w->problems++;
		/* Each offending text once. */
		if (!seen_has(&w->seen, bad)) {
			printf("%s: %s\n    in: %s\n", w->where, bad, line);
			allow_add_exact(&w->seen, bad);
		}
	}
	free(copy);
}

/* Check every line of a text. */
static void check_lines(struct world *w, const char *text)
{
	char *copy = strdup(text), *save = NULL;

	assert_non_null(copy);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		check_line(w, l);
	free(copy);
}

/* The sample for placeholder name, or NULL. */
static const struct sample *sample_for(const char *name)
{
	for (int i = 0; samples[i].name; i++)
		if (strcmp(samples[i].name, name) == 0)
			return &samples[i];
	return NULL;
}

/* Fill every {placeholder} of tmpl into r from the samples; an unknown one
 * is a problem of the test (add a sample). */
static void fill_args(struct world *w, struct check_result *r, const char *tmpl, int *err_i,
		      const char *code)
{
	for (const char *p = tmpl ? tmpl : ""; (p = strchr(p, '{'));) {
		const char *end = strchr(p, '}');
		char name[ARG_NAME_MAX];
		const struct sample *s;

		if (!end || end - p - 1 <= 0 || (size_t)(end - p - 1) >= sizeof(name)) {
			p++;
			continue;
		}
		memcpy(name, p + 1, (size_t)(end - p - 1));
		name[end - p - 1] = '\0';
		p = end + 1;
		if (result_find_arg(r, name))
			continue;
		if (strcmp(name, "error") == 0) {
			result_error(r, errors[*err_i % N_ERRORS][0], "%s",
				     errors[*err_i % N_ERRORS][1]);
			(*err_i)++;
			continue;
		}
		if (strcmp(name, "blocker") == 0) {
			result_arg(r, "blocker", "%s", "network.link");
			continue;
		}
		if (strcmp(name, "code") == 0 || strcmp(name, "id") == 0 ||
		    strcmp(name, "label") == 0)
			continue;   /* check_fix_args adds them */
		s = sample_for(name);
		if (!s) {
			w->problems++;
			printf("test: no sample value for {%s} (used by %s)\n", name, code);
			continue;
		}
		result_arg(r, name, "%s", s->value);
	}
}

/* Every metric name probes/ records, from the sources: "name" after
 * result_metric( or result_metric_text( (text marks the latter). */
static int source_metrics(char names[][METRIC_NAME_MAX], bool *text, int max)
{
	const char *src = getenv("SOURCE_DIR");
	static const char *const dirs[] = { "probes/arp", "probes/network", "probes/power",
					    "probes/serial", "probes/system", NULL };
	int n = 0;

	assert_non_null(src);
	for (int d = 0; dirs[d]; d++) {
		char path[4096];
		DIR *dir;
		struct dirent *de;

		snprintf(path, sizeof(path), "%s/%s", src, dirs[d]);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			char file[8192], *buf = NULL;
			size_t cap = 0;
			FILE *f;

			if (!strstr(de->d_name, ".c"))
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			f = fopen(file, "r");
			assert_non_null(f);
			while (getline(&buf, &cap, f) > 0) {
				char *p = strstr(buf, "result_metric");
				bool is_text;
				char *q, *e;

				if (!p)
					continue;
				is_text = strncmp(p, "result_metric_text(", 19) == 0;
				if (!is_text && strncmp(p, "result_metric(", 14) != 0)
					continue;
				q = strchr(p, '"');
				e = q ? strchr(q + 1, '"') : NULL;
				if (!e || e - q - 1 >= METRIC_NAME_MAX)
					continue;
				*e = '\0';
				bool seen = false;

				for (int i = 0; i < n; i++)
					seen |= strcmp(names[i], q + 1) == 0;
				if (!seen && n < max) {
					snprintf(names[n], METRIC_NAME_MAX, "%s", q + 1);
					text[n++] = is_text;
				}
			}
			free(buf);
			fclose(f);
		}
		closedir(dir);
	}
	return n;
}

/* Add one item for code of probe pr. */
static void add_item(struct world *w, const struct probe *pr, const char *code, int *err_i)
{
	struct check_item *it;
	const struct fix *fx = catalog_fix(w->cat, code);
	char key[160];

	w->cl.items = realloc(w->cl.items, (size_t)(w->cl.n + 1) * sizeof(*w->cl.items));
	assert_non_null(w->cl.items);
	it = &w->cl.items[w->cl.n++];
	memset(it, 0, sizeof(*it));
	it->probe = pr;
	snprintf(it->id, sizeof(it->id), "%s", pr->id);
	result_init(&it->result);
	result_set(&it->result, strstr(code, ".ok") ? STATUS_OK :
		   strcmp(code, "dep.blocked") == 0 ? STATUS_SKIP : STATUS_FAIL, code);
	it->result.duration_ms = 1234;
	it->state = STATE_DONE;
	it->runs = 1;
	it->n_history = 1;
	it->history[0] = it->result.status;
	for (int l = 0; l < LANG_COUNT; l++) {
		snprintf(key, sizeof(key), "summary.%s@%s", code, pr->id);
		fill_args(w, &it->result, catalog_text(w->cat, (enum lang)l, key), err_i, code);
		snprintf(key, sizeof(key), "summary.%s", code);
		fill_args(w, &it->result, catalog_text(w->cat, (enum lang)l, key), err_i, code);
		if (!fx)
			continue;
		fill_args(w, &it->result, fx->title.text[l], err_i, code);
		fill_args(w, &it->result, fx->why.text[l], err_i, code);
		for (int s = 0; s < fx->n_steps; s++)
			fill_args(w, &it->result, fx->steps[s].text[l], err_i, code);
	}
	for (int i = 0; i < 40; i++)
		result_sample(&it->result, 10 + i % 7);
}

static int setup(void **state)
{
	static char names[256][METRIC_NAME_MAX];
	static bool text[256];
	struct world *w = calloc(1, sizeof(*w));
	const struct probe *const *all = registry_probes();
	const char *dir = getenv("POSDOCTOR_DATADIR");
	int err_i = 0, n_names;

	assert_non_null(w);
	assert_non_null(dir);
	config_defaults(&w->cfg);
	snprintf(w->cfg.site.name, sizeof(w->cfg.site.name), "%s", "街角咖啡");
	snprintf(w->cfg.site.terminal_id, sizeof(w->cfg.site.terminal_id), "%s", "T-0042");
	w->cat = catalog_new();
	assert_int_equal(catalog_load_dir(w->cat, dir, stderr), 0);
	for (int p = 0; all[p]; p++) {
		allow_add(&w->allow, all[p]->id);
		for (int c = 0; all[p]->codes && all[p]->codes[c]; c++) {
			allow_add(&w->allow, all[p]->codes[c]);
			add_item(w, all[p], all[p]->codes[c], &err_i);
		}
	}
	/* The runner's own outcomes, on the first check. */
	{
		static const char *const runner_codes[] = { "dep.blocked", "check.timeout",
							    "check.error", "check.cancelled", NULL };

		for (int c = 0; runner_codes[c]; c++) {
			allow_add(&w->allow, runner_codes[c]);
			add_item(w, all[0], runner_codes[c], &err_i);
		}
	}
	for (int i = 0; samples[i].name; i++)
		if (samples[i].data)
			allow_add(&w->allow, samples[i].value);
	for (int i = 0; text_metrics[i].name; i++)
		if (text_metrics[i].data)
			allow_add(&w->allow, text_metrics[i].value);
	allow_add(&w->allow, "T-0042");
	/* Every metric a probe records, spread over the results. */
	n_names = source_metrics(names, text, 256);
	assert_true(n_names > 50);
	for (int i = 0; i < n_names; i++) {
		struct check_result *r = &w->cl.items[(i * 7) % w->cl.n].result;
		const struct sample *s = NULL;

		if (strcmp(names[i], "error") == 0 || strcmp(names[i], "resolver_error") == 0) {
			result_error(r, errors[i % N_ERRORS][0], "%s", errors[i % N_ERRORS][1]);
			result_metric_text(r, names[i], errors[i % N_ERRORS][1]);
			continue;
		}
		if (!text[i]) {
			result_metric(r, names[i], 12.5);
			continue;
		}
		for (int k = 0; text_metrics[k].name; k++)
			if (strcmp(text_metrics[k].name, names[i]) == 0)
				s = &text_metrics[k];
		if (!s) {
			w->problems++;
			printf("test: no sample value for text metric %s\n", names[i]);
			continue;
		}
		result_metric_text(r, names[i], s->value);
	}
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	if (w->scr) {
		endwin();
		delscreen(w->scr);
		fclose(w->out);
		fclose(w->in);
	}
	for (size_t i = 0; i < w->allow.n; i++)
		free(w->allow.tokens[i]);
	free(w->allow.tokens);
	for (size_t i = 0; i < w->seen.n; i++)
		free(w->seen.tokens[i]);
	free(w->seen.tokens);
	free(w->cl.items);
	catalog_free(w->cat);
	free(w);
	return 0;
}

/* Row y of the curses screen as UTF-8. */
static void screen_row(int y, char *buf, size_t len)
{
	size_t o = 0;

	for (int x = 0; x < COLS && o + 8 < len; x++) {
		cchar_t c;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t a;
		short p;
		char mb[16];
		int n;

		mvin_wch(y, x, &c);
		getcchar(&c, wc, &a, &p, NULL);
		/* Line drawing (ACS) reads back as letters: a blank here. */
		if (c.attr & A_ALTCHARSET)
			wc[0] = L' ';
		n = (int)wcrtomb(mb, wc[0] ? wc[0] : L' ', NULL);
		if (n > 0) {
			memcpy(buf + o, mb, (size_t)n);
			o += (size_t)n;
		}
		if (wcwidth(wc[0]) == 2)
			x++;
	}
	buf[o] = '\0';
}

/* Check every row of the screen. */
static void check_screen(struct world *w)
{
	char buf[4096];

	for (int y = 0; y < LINES; y++) {
		screen_row(y, buf, sizeof(buf));
		check_line(w, buf);
	}
}

/* A fresh UI state at cols x rows in Chinese. */
static void start(struct world *w, struct tui *t, struct tui_params *p, int cols, int rows,
		  bool kiosk)
{
	if (!w->scr) {
		w->out = fopen("/dev/null", "w");
		w->in = fopen("/dev/null", "r");
		w->scr = newterm("xterm-256color", w->out, w->in);
		assert_non_null(w->scr);
		set_term(w->scr);
	}
	resize_term(rows, cols);
	memset(p, 0, sizeof(*p));
	p->cfg = &w->cfg;
	p->cat = w->cat;
	p->cl = &w->cl;
	p->lang = LANG_ZH_CN;
	p->kiosk = kiosk;
	p->version = "9.9.9";
	assert_int_equal(tui_state_init(t, p), 0);
	t->ascii = false;
	tui_theme_init(t);
}

/* Every screen state: list and details of each row to the end, help,
 * kiosk, rows running and waiting, a message, at three sizes. */
static void test_screens(void **state)
{
	struct world *w = *state;
	static const int sizes[][2] = { { 132, 43 }, { 80, 24 }, { 40, 12 } };
	struct tui_params p;
	struct tui t;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		memset(&t, 0, sizeof(t));
		start(w, &t, &p, sizes[s][0], sizes[s][1], false);
		for (int i = 0; i < w->cl.n; i++) {
			t.sel = i;
			t.sel_moved = true;
			t.dscroll = 0;
			for (int page = 0; page < 100; page++) {
				snprintf(w->where, sizeof(w->where), "screen %dx%d, %s (%s), page %d",
					 sizes[s][0], sizes[s][1], w->cl.items[i].id,
					 w->cl.items[i].result.code, page);
				tui_draw(&t);
				check_screen(w);
				/* Every page at the largest and smallest size; the
				 * middle one shows the same text in between. */
				if (t.dscroll + 1 >= t.dlines || t.lo.details.h <= 0 || s == 1)
					break;
				t.dscroll += t.lo.details.h > 1 ? t.lo.details.h - 1 : 1;
			}
		}
		snprintf(w->where, sizeof(w->where), "help %dx%d", sizes[s][0], sizes[s][1]);
		t.help = true;
		covered = true;
		tui_draw(&t);
		check_screen(w);
		covered = false;
		t.help = false;
		tui_state_free(&t);
	}
	/* Rows running and waiting, and the kiosk. */
	w->cl.items[0].state = STATE_RUNNING;
	w->cl.items[0].progress_done = 3;
	w->cl.items[0].progress_total = 20;
	w->cl.items[1].state = STATE_PENDING;
	w->cl.items[1].runs = 0;
	for (int k = 0; k < 2; k++) {
		memset(&t, 0, sizeof(t));
		start(w, &t, &p, 80, 24, k == 1);
		snprintf(w->where, sizeof(w->where), "%s, rows running and waiting",
			 k ? "kiosk" : "screen");
		t.sel = 1;
		t.sel_moved = true;
		tui_draw(&t);
		check_screen(w);
		tui_state_free(&t);
	}
	w->cl.items[0].state = STATE_DONE;
	w->cl.items[1].state = STATE_DONE;
	w->cl.items[1].runs = 1;
	if (w->problems)
		fail_msg("%d lines with English words on a zh_CN screen (listed above)", w->problems);
}

/* The footer message after a save, whole at 80 and 40 columns (it used to
 * be cut), and in Chinese words. */
static void test_save_message(void **state)
{
	struct world *w = *state;
	static const char *const path = "/home/shop/posdoctor-20261205-115300.txt";
	static const char *const json = "posdoctor-20261205-115300.json";
	struct tui_params p;
	struct tui t;

	allow_add(&w->allow, path);
	allow_add(&w->allow, json);
	for (int cols = 80; cols >= 40; cols -= 40) {
		char all[4096] = "", buf[1024], msg[1024];

		memset(&t, 0, sizeof(t));
		start(w, &t, &p, cols, cols == 80 ? 24 : 12, false);
		tui_fmt(&t, "tui.msg.saved", msg, sizeof(msg), "path", path, "json", json,
			(const char *)NULL);
		snprintf(t.msg, sizeof(t.msg), "%s", msg);
		t.msg_until_ms = clock_ms() + 60000;
		tui_draw(&t);
		snprintf(w->where, sizeof(w->where), "save message at %d columns", cols);
		check_screen(w);
		/* The rows from the message's first to the footer, joined. */
		for (int y = 0; y < LINES; y++) {
			screen_row(y, buf, sizeof(buf));
			if (strstr(buf, "报告已保存") || all[0]) {
				char *e = buf + strlen(buf);

				while (e > buf && e[-1] == ' ')
					*--e = '\0';
				snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s",
					 buf + (buf[0] == ' '));
			}
		}
		if (!strstr(all, path) || !strstr(all, json)) {
			printf("joined: %s\n", all);
			fail_msg("the save message is cut at %d columns", cols);
		}
		/* Switching to English drops the Chinese message. */
		assert_int_equal(tui_key_at(&t, 'l', clock_ms()), ACT_REDRAW);
		tui_draw(&t);
		for (int y = 0; y < LINES; y++) {
			screen_row(y, buf, sizeof(buf));
			if (strstr(buf, "报告已保存"))
				fail_msg("a Chinese message after switching to English: %s", buf);
		}
		tui_state_free(&t);
	}
	if (w->problems)
		fail_msg("%d lines with English words (listed above)", w->problems);
}

/* A walk through flow f as the TUI records one (tui/tui_guide.c): the
 * first answer of each question, "still not working" after a step,
 * posdoctor's own verdict at a checks node, code 51 at a code node. */
static void walk_flow(const struct guide_flow *f, struct guide_walk *gw)
{
	guide_walk_start(gw, f);
	for (int k = 0; k < 24 && !gw->finished; k++) {
		const struct guide_node *n = &f->nodes[gw->at];

		switch (n->kind) {
		case GUIDE_QUESTION:
			guide_walk_answer(gw, n->answer[0].text[LANG_EN], n->answer_next[0], k, false);
			break;
		case GUIDE_STEP:
			guide_walk_answer(gw, "still not working", n->next, k, false);
			break;
		case GUIDE_CHECKS:
			guide_walk_answer(gw, k % 2 ? "measured ok" : "not measured",
					  k % 2 ? n->ok : n->next, k, true);
			break;
		case GUIDE_CODE:
			snprintf(gw->code, sizeof(gw->code), "51");
			guide_walk_answer(gw, "code 51", n->on_call[CODE_CALL_ISSUER], k, false);
			break;
		case GUIDE_OUTCOME:
			return;
		}
	}
}

/* The text report (normal and -q) and the JSON report's fields for
 * people (title, summary, fix) in zh_CN. */
static void test_reports(void **state)
{
	struct world *w = *state;
	struct report_meta meta;

	memset(&meta, 0, sizeof(meta));
	meta.version = "9.9.9";
	meta.started_wall_ms = 1764932400000;
	meta.duration_ms = 4000;
	meta.cfg = &w->cfg;
	meta.lang = LANG_ZH_CN;
	for (int v = 0; v >= -1; v--) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		meta.verbosity = v;
		assert_int_equal(report_write(f, REPORT_TEXT, &w->cl, w->cat, &meta), 0);
		fclose(f);
		snprintf(w->where, sizeof(w->where), "text report%s", v < 0 ? " -q" : "");
		check_lines(w, buf);
		free(buf);
	}
	/* With each shipped triage flow walked, as a saved report carries it. */
	{
		struct guidebook gb = { 0 };
		struct guide_walk *gw = calloc(1, sizeof(*gw));

		assert_non_null(gw);
		assert_int_equal(guides_load_dir(&gb, getenv("POSDOCTOR_DATADIR"), stderr), 0);
		assert_true(gb.n_flows > 0);
		meta.verbosity = -1;
		for (int i = 0; i < gb.n_flows; i++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);

			walk_flow(&gb.flows[i], gw);
			meta.guide = gw;
			assert_int_equal(report_write(f, REPORT_TEXT, &w->cl, w->cat, &meta), 0);
			fclose(f);
			assert_non_null(strstr(buf, "分步排查"));
			snprintf(w->where, sizeof(w->where), "text report, triage %s", gb.flows[i].id);
			check_lines(w, buf);
			free(buf);
		}
		meta.guide = NULL;
		free(gw);
		guidebook_free(&gb);
	}
	{
		static const char *const fields[] = { "\"title\": ", "\"summary\": ", "\"why\": ",
						      "\"steps\": [", NULL };
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		meta.verbosity = 0;
		assert_int_equal(report_write(f, REPORT_JSON, &w->cl, w->cat, &meta), 0);
		fclose(f);
		snprintf(w->where, sizeof(w->where), "JSON report");
		for (int k = 0; fields[k]; k++) {
			for (char *p = buf; (p = strstr(p, fields[k]));) {
				char val[8192];
				size_t o = 0;

				p += strlen(fields[k]);
				/* One string, or for the steps each string of the array. */
				for (bool more = true; more && *p == '"';) {
					o = 0;
					for (p++; *p && *p != '"' && o + 1 < sizeof(val); p++) {
						if (*p == '\\' && p[1])
							p++;
						val[o++] = *p;
					}
					val[o] = '\0';
					if (*p)
						p++;
					check_line(w, val);
					more = k == 3 && strncmp(p, ", \"", 3) == 0;
					if (more)
						p += 2;
				}
			}
		}
		free(buf);
	}
	if (w->problems)
		fail_msg("%d report lines with English words (listed above)", w->problems);
}

/* The checker finds what issue 11 saw, and lets through what it should. */
static void test_checker(void **state)
{
	struct world *w = *state;
	char bad[256];

	assert_int_equal(zh_bad_words(&w->allow, "无法解析 pay.acquirer.test：no answer in time",
				      bad, sizeof(bad)), 4);
	assert_int_equal(zh_bad_words(&w->allow, "连接超时：Connection timed out", bad,
				      sizeof(bad)), 3);
	assert_int_equal(zh_bad_words(&w->allow, "names failed：2，window：21.7 ms", bad,
				      sizeof(bad)), 4);
	assert_int_equal(zh_bad_words(&w->allow, "transport: pty", bad, sizeof(bad)), 2);
	assert_true(zh_bad_words(&w->allow, "未检查：{blocker}", bad, sizeof(bad)) >= 1);
	assert_int_equal(zh_bad_words(&w->allow,
				      "USB 转接头 /dev/ttyUSB0，地址 192.168.1.20，代码 net.dns_failed，"
				      "Wi-Fi 信号 -80 dBm，用时 4.5 毫秒",
				      bad, sizeof(bad)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reports, setup, teardown),
	};

	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("C.UTF-8 locale missing: cannot render CJK\n");
		return 77;
	}
	setenv("TERM", "xterm-256color", 1);
	unsetenv("NO_COLOR");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
