/* test_config_setup.c - config_setup_save(): the fields land in the file,
 * every other key of the file stays, a file that does not load is refused
 * untouched, the original is kept as .bak, and what is written loads with
 * the loader --check-config uses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "config_setup.h"

static char tmpdir[] = "/tmp/posdoctor-setup-XXXXXX";

/* <tmpdir>/name into buf. */
static const char *at(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
	return buf;
}

/* Write text to path. */
static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The whole file at path (static buffer). */
static const char *slurp(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Fields for a shop with a serial terminal. */
static void fields(struct config_setup *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->shop, sizeof(s->shop), "%s", "街角咖啡 \"Corner\" Cafe");
	snprintf(s->terminal_id, sizeof(s->terminal_id), "T-0042");
	snprintf(s->host, sizeof(s->host), "pay.acquirer.test");
	s->port = 8443;
	snprintf(s->serial_port, sizeof(s->serial_port), "/dev/ttyUSB0");
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* No file yet: folders made, the fields written, loadable. */
static void test_new_file(void **state)
{
	char path[512], det[512], bak[600];
	struct config_setup s;
	struct config cfg;
	struct stat st;

	(void)state;
	fields(&s);
	at("new/sub/posdoctor.yaml", path, sizeof(path));
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_SAVED);
	assert_string_equal(bak, "");
	assert_string_equal(cfg.site.name, "街角咖啡 \"Corner\" Cafe");
	assert_string_equal(cfg.site.terminal_id, "T-0042");
	assert_int_equal(cfg.network.n_hosts, 1);
	assert_string_equal(cfg.network.hosts[0].name, CONFIG_SETUP_ACQUIRER);
	assert_string_equal(cfg.network.hosts[0].address, "pay.acquirer.test");
	assert_int_equal(cfg.network.hosts[0].port, 8443);
	assert_string_equal(cfg.serial.port, "/dev/ttyUSB0");
	assert_string_equal(cfg.source, path);
	assert_int_equal(stat(path, &st), 0);
	/* A second load from scratch gives the same (what --check-config reads). */
	config_defaults(&cfg);
	assert_int_equal(config_load_file(&cfg, path, stderr), 0);
	assert_string_equal(cfg.site.name, "街角咖啡 \"Corner\" Cafe");
}

/* Keys the screen does not edit stay; the hand-written original is kept. */
static void test_keeps_other_keys(void **state)
{
	char path[512], det[512], bak[600];
	struct config_setup s;
	struct config cfg;
	const char *text;
	static const char orig[] =
		"# my shop\n"
		"site: {name: Old, helpdesk: \"0800 123\"}\n"
		"language: zh_CN\n"
		"serial:\n  baud: 19200\n  framing: 7E1\n  try_bauds: [9600, 19200]\n"
		"network:\n  count: 5\n  hosts:\n"
		"    - {name: terminal, address: 10.0.0.9, https: false}\n"
		"    - {name: bank, address: old.example, port: 443, path: /health}\n"
		"    - {name: backup, address: backup.example}\n"
		"power: {ups: {host: 127.0.0.1, port: 3493}}\n";

	(void)state;
	at("keep.yaml", path, sizeof(path));
	put(path, orig);
	fields(&s);
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_SAVED);
	assert_string_equal(slurp(bak), orig);
	assert_string_equal(cfg.site.helpdesk, "0800 123");
	assert_string_equal(cfg.language, "zh_CN");
	assert_int_equal(cfg.serial.baud, 19200);
	assert_int_equal(cfg.serial.data_bits, 7);
	assert_int_equal(cfg.serial.n_try_bauds, 2);
	assert_int_equal(cfg.network.count, 5);
	assert_true(cfg.power.ups.configured);
	/* Serial chosen: the terminal entry goes; the payment host is the
	 * first other entry, its path kept; the next one untouched. */
	assert_int_equal(cfg.network.n_hosts, 2);
	assert_string_equal(cfg.network.hosts[0].name, "bank");
	assert_string_equal(cfg.network.hosts[0].address, "pay.acquirer.test");
	assert_int_equal(cfg.network.hosts[0].port, 8443);
	assert_string_equal(cfg.network.hosts[0].path, "/health");
	assert_string_equal(cfg.network.hosts[1].address, "backup.example");
	text = slurp(path);
	assert_non_null(strstr(text, "written by posdoctor --setup"));

	/* Again, now on the network: no second backup over the original. */
	s.terminal_network = true;
	snprintf(s.terminal_address, sizeof(s.terminal_address), "192.0.2.7");
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_SAVED);
	assert_string_equal(bak, "");
	at("keep.yaml.bak", det, sizeof(det));
	assert_string_equal(slurp(det), orig);
	assert_int_equal(cfg.network.n_hosts, 3);
	assert_string_equal(cfg.network.hosts[2].name, CONFIG_SETUP_TERMINAL);
	assert_string_equal(cfg.network.hosts[2].address, "192.0.2.7");
	assert_false(cfg.network.hosts[2].https);
	assert_string_equal(cfg.serial.port, "none");
	{
		struct config_setup back;

		config_setup_from(&cfg, &back);
		assert_true(back.terminal_network);
		assert_string_equal(back.terminal_address, "192.0.2.7");
		assert_string_equal(back.host, "pay.acquirer.test");
		assert_int_equal(back.port, 8443);
	}
}

/* A file that does not load is refused, and stays as it was. */
static void test_refuses_bad_file(void **state)
{
	char path[512], det[512], bak[600];
	struct config_setup s;
	struct config cfg;
	static const char bad[] = "site: {name: [unclosed\n";
	static const char shape[] = "network: {hosts: acquirer}\n";

	(void)state;
	fields(&s);
	at("bad.yaml", path, sizeof(path));
	put(path, bad);
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_BAD_FILE);
	assert_non_null(strstr(det, path));
	assert_string_equal(slurp(path), bad);
	put(path, shape);
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_BAD_SHAPE);
	assert_string_equal(slurp(path), shape);
}

/* Fields the loader refuses are not written: the reason comes back. */
static void test_refuses_bad_fields(void **state)
{
	char path[512], det[512], bak[600];
	struct config_setup s;
	struct config cfg;

	(void)state;
	fields(&s);
	snprintf(s.host, sizeof(s.host), "pay.acquirer.test:443");
	at("fields.yaml", path, sizeof(path));
	assert_int_equal(config_setup_save(path, path, &s, &cfg, det, sizeof(det), bak, sizeof(bak)),
			 SETUP_INVALID);
	assert_non_null(strstr(det, "has a port"));
	assert_int_not_equal(access(path, F_OK), 0);
}

/* The address rule of --check-config, as the screen asks it. */
static void test_address_rule(void **state)
{
	char host[256], port[16];

	(void)state;
	assert_int_equal(config_address_problem("pay.example.com", host, sizeof(host), port,
						sizeof(port)), CFG_ADDR_OK);
	assert_int_equal(config_address_problem("", host, sizeof(host), port, sizeof(port)),
			 CFG_ADDR_EMPTY);
	assert_int_equal(config_address_problem("pay.example.com:443", host, sizeof(host), port,
						sizeof(port)), CFG_ADDR_PORT);
	assert_string_equal(host, "pay.example.com");
	assert_string_equal(port, "443");
	assert_int_equal(config_address_problem("https://pay.example.com/x", host, sizeof(host),
						port, sizeof(port)), CFG_ADDR_URL);
	assert_string_equal(host, "pay.example.com");
	assert_int_equal(config_address_problem("pay example", host, sizeof(host), port,
						sizeof(port)), CFG_ADDR_SPACE);
	assert_int_equal(config_address_problem("2001:db8::1", host, sizeof(host), port,
						sizeof(port)), CFG_ADDR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_keeps_other_keys),
		cmocka_unit_test(test_refuses_bad_file),
		cmocka_unit_test(test_refuses_bad_fields),
		cmocka_unit_test(test_address_rule),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
