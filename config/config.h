/* config.h - posdoctor's configuration as plain structs (SPEC §4).
 *
 * config_defaults() gives the built-in defaults; config_load_file() overlays a
 * YAML file on them. Nothing outside config/ parses YAML. After loading, the
 * struct is read-only and may be read from any thread.
 *
 * To add a key: the field here, its default in config.c, one row in the
 * table of config_keys.c (type, range), a line in assets/posdoctor.example.yaml
 * and an entry in man/posdoctor.yaml.5 (tests/config/test_config_docs.c
 * fails until both are there).
 */
#ifndef POSDOCTOR_CONFIG_H
#define POSDOCTOR_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#define CFG_PATH_MAX   512
#define CFG_NAME_MAX   64
#define CFG_HOST_MAX   256
#define CFG_MAX_HOSTS  16
#define CFG_MAX_BAUDS  16
#define CFG_HEX_MAX    256
#define CFG_MAX_PATHS  8
#define CFG_MAX_TERMINALS 8

enum cfg_flow { FLOW_NONE, FLOW_RTSCTS, FLOW_XONXOFF };
/* serial.protocol (and the older serial.handshake, which knows the first
 * three): how serial.link talks to the terminal. */
enum cfg_handshake {
	HANDSHAKE_ENQ_ACK, HANDSHAKE_STX_ETX_LRC, HANDSHAKE_CUSTOM,
	HANDSHAKE_ZVT, HANDSHAKE_CONCERT, HANDSHAKE_AUTO,
};
enum cfg_probe_method { PROBE_METHOD_AUTO, PROBE_METHOD_ICMP, PROBE_METHOD_TCP };
enum cfg_arp_mode { ARP_MODE_FAST, ARP_MODE_RFC };

struct cfg_host {
	char name[CFG_NAME_MAX];        /* label: network.host:<name> */
	char address[CFG_HOST_MAX];     /* DNS name or IP literal */
	int port;                       /* 443 */
	bool https;                     /* also run network.https:<name> */
	char path[CFG_HOST_MAX];        /* "/" */
	char ca_file[CFG_PATH_MAX];     /* extra CA bundle; "" = system store */
};

/* One card terminal on the shop LAN (lan.terminals): address or MAC, or both. */
struct cfg_terminal {
	char name[CFG_NAME_MAX];        /* label: lan.terminal:<name> */
	char address[16];               /* IPv4 dotted quad, "" when not given */
	char mac[18];                   /* "aa:bb:cc:dd:ee:ff", "" when not given */
	int port;                       /* ECR port (TCP), 0 when not given */
};

struct config {
	char source[CFG_PATH_MAX];      /* file loaded, "" for built-in defaults */

	struct {
		char name[128];
		char terminal_id[CFG_NAME_MAX];
		char helpdesk[128];     /* number (and name) to call, "" unknown */
	} site;
	char language[16];              /* auto | en | zh_CN */

	struct {
		char port[CFG_PATH_MAX];        /* "auto", a device path, or "none" */
		int usb_vid, usb_pid;           /* -1 when not set */
		int baud;                       /* 9600 */
		int data_bits;                  /* framing "8N1": 8 */
		char parity;                    /* 'N', 'E', 'O', 'M', 'S' */
		int stop_bits;                  /* 1 or 2 */
		enum cfg_flow flow;
		bool require_signals;
		enum cfg_handshake handshake;   /* serial.protocol or serial.handshake */
		char request[CFG_HEX_MAX];      /* payload or hex bytes */
		char expect[CFG_HEX_MAX];       /* hex bytes (custom) */
		int timeout_ms;                 /* 500 */
		int retries;                    /* 3 */
		int try_bauds[CFG_MAX_BAUDS];
		int n_try_bauds;
		int line_errors_warn;           /* bad frames before serial.line_errors */
	} serial;

	struct {
		char interface[CFG_NAME_MAX];   /* "auto" */
		struct cfg_host hosts[CFG_MAX_HOSTS];
		int n_hosts;
		enum cfg_probe_method probe;
		int count;                      /* 20 */
		int interval_ms;                /* 100 */
		int timeout_ms;                 /* 1000 */
		struct {
			double loss_warn_pct, loss_fail_pct;
			double rtt_warn_ms, rtt_fail_ms;
			double jitter_warn_ms;
			double dns_warn_ms;
			int cert_warn_days;
			double clock_skew_warn_s;
			int wifi_warn_dbm;      /* -70: weaker is net.wifi_weak */
		} thresholds;
	} network;

	struct {
		char interface[CFG_NAME_MAX];   /* "auto" */
		int probes;                     /* 3 */
		int wait_ms;                    /* 300 */
		enum cfg_arp_mode mode;         /* fast | rfc (RFC 5227 timing) */
	} arp;

	struct {
		char interface[CFG_NAME_MAX];   /* "auto" */
		struct cfg_terminal terminals[CFG_MAX_TERMINALS];
		int n_terminals;
		int rate;                       /* sweep frames a second: 400 */
		int listen_ms;                  /* shortest listening window: 1000 */
	} lan;

	struct {
		char sysfs_root[CFG_PATH_MAX];  /* "/sys" */
		char kmsg[CFG_PATH_MAX];        /* "/dev/kmsg" */
		struct {
			bool configured;        /* the file had a power.ups section */
			char host[CFG_HOST_MAX];
			int port;               /* 3493 */
			char name[CFG_NAME_MAX];/* "auto" */
		} ups;
		struct {
			bool configured;
			char host[CFG_HOST_MAX];
			int port;               /* 3551 */
		} apcupsd;
		struct {
			int battery_warn_pct, battery_fail_pct;
			int temp_warn_c;
		} thresholds;
	} power;

	struct {
		char root[CFG_PATH_MAX];        /* "/": where proc, sys, run, etc are read */
		char kmsg[CFG_PATH_MAX];        /* "/dev/kmsg" */
		char ntp_server[CFG_HOST_MAX];  /* "" none; "host" or "host:port" */
		char paths[CFG_MAX_PATHS][CFG_PATH_MAX];  /* folders checked besides / and /var */
		int n_paths;
		char till_process[CFG_NAME_MAX];/* "" none: system.till is not shown */
		struct {
			double clock_offset_warn_s, clock_offset_fail_s;
			int disk_warn_pct, disk_fail_pct;
			int memory_warn_pct;
			int till_min_uptime_s;  /* younger than this: restarted */
		} thresholds;
	} system;

	struct {
		int rerun_every_s;              /* 300 */
	} kiosk;

	char fixes[CFG_PATH_MAX];       /* "auto" or path of an override file */
	char guides[CFG_PATH_MAX];      /* "auto" or path of a site file of triage flows */
};

/* Built-in defaults: useful with no file at all. */
void config_defaults(struct config *cfg);

/* Overlay FILE on cfg. Every problem is printed to errs as
 * "FILE:LINE:COLUMN: message" (one a line). Returns the number of problems
 * (0 = loaded); on problems cfg may be partly overlaid. */
int config_load_file(struct config *cfg, const char *path, FILE *errs);

/* The same for len bytes of YAML text that is to become the file path
 * (relative paths in it resolve against path's folder; messages name
 * path). cfg->source is set to path when it loads. */
int config_load_buffer(struct config *cfg, const char *path, const char *buf, size_t len,
		       FILE *errs);

/* What is wrong with a payment host's address (network.hosts[].address):
 * the usual slips of a URL, a port, a path or spaces written into it. */
enum cfg_addr_problem {
	CFG_ADDR_OK,
	CFG_ADDR_EMPTY,       /* nothing written */
	CFG_ADDR_URL,         /* "https://pay.example.com/x" */
	CFG_ADDR_PORT,        /* "pay.example.com:443" */
	CFG_ADDR_BRACKETS,    /* "[2001:db8::1]" */
	CFG_ADDR_PATH,        /* "pay.example.com/api" */
	CFG_ADDR_SPACE,       /* "pay example.com" */
	CFG_ADDR_CONTROL,     /* a control character */
};
/* Classify address a (the one rule --check-config and the setup screen
 * share). host (len bytes) gets the part to keep for a URL, a port or a
 * path ("pay.example.com"), port gets the port written after ':' ("" if
 * none). */
enum cfg_addr_problem config_address_problem(const char *a, char *host, size_t len,
					     char *port, size_t port_len);

/* serial.port written as a network terminal, "tcp://HOST:PORT": HOST an
 * IPv4 address, an IPv6 address in brackets ([2001:db8::1]) or a host
 * name, PORT 1..65535. Returns 1 when value is one (host, len bytes, gets
 * HOST without brackets, *port the number), 0 when value is no network
 * address (a device path, "auto", "none"), -1 when it is meant as one but
 * malformed (why, why_len bytes, says what to write instead). */
int config_tcp_address(const char *value, char *host, size_t len, int *port, char *why,
		       size_t why_len);

/* The interface name a module judges: its own key (arp.interface, ...) when
 * set, else network.interface when set, else NULL: the one carrying the
 * default route (sys/sys_net.h: sys_iface_judged). */
const char *config_interface(const struct config *cfg, const char *own);

/* SPEC §1 search order: $POSDOCTOR_CONFIG, ./posdoctor.yaml,
 * $XDG_CONFIG_HOME/posdoctor/posdoctor.yaml (~/.config/...),
 * /etc/posdoctor/posdoctor.yaml. Copies the first that exists into buf and
 * returns buf, or NULL when none does (use the defaults). */
const char *config_find(char *buf, size_t len);

#endif
