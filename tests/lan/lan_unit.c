/* lan_unit.c - the lan module's pure parts: which addresses a sweep asks,
 * how heard frames become devices, the terminal makers list (the shipped
 * one against the IEEE registry names, and broken ones). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lan.h"
#include "makers.h"

/* Network-order address of a dotted quad. */
static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

/* A /24 is swept whole but for the network, broadcast and our address; a
 * /16 only at the configured addresses inside it. */
static void test_targets(void **state)
{
	static uint32_t out[LAN_MAX_TARGETS];
	uint32_t extra[3] = { ip4("10.1.5.5"), ip4("192.168.9.9"), ip4("10.1.5.5") };
	bool whole;
	int n;

	(void)state;
	n = lan_targets(ip4("192.168.1.10"), ip4("255.255.255.0"), NULL, 0, out,
			LAN_MAX_TARGETS, &whole);
	assert_true(whole);
	assert_int_equal(n, 253);
	assert_int_equal(out[0], ip4("192.168.1.1"));
	assert_int_equal(out[8], ip4("192.168.1.9"));
	assert_int_equal(out[9], ip4("192.168.1.11"));
	assert_int_equal(out[252], ip4("192.168.1.254"));
	n = lan_targets(ip4("10.0.0.1"), ip4("255.255.252.0"), NULL, 0, out,
			LAN_MAX_TARGETS, &whole);
	assert_true(whole);
	assert_int_equal(n, 1021);
	n = lan_targets(ip4("10.1.0.10"), ip4("255.255.0.0"), extra, 3, out,
			LAN_MAX_TARGETS, &whole);
	assert_false(whole);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], ip4("10.1.5.5"));
	/* A point-to-point /31 or /32 has nothing to sweep. */
	n = lan_targets(ip4("10.1.0.10"), ip4("255.255.255.255"), NULL, 0, out,
			LAN_MAX_TARGETS, &whole);
	assert_int_equal(n, 0);
}

/* A frame that claims ip from mac. */
static struct arp_frame frame(const char *mac, const char *spa, const char *tpa, int op)
{
	struct arp_frame f;

	memset(&f, 0, sizeof(f));
	assert_true(sys_mac_parse(mac, f.sha));
	memcpy(f.eth_src, f.sha, 6);
	f.spa = ip4(spa);
	f.tpa = ip4(tpa);
	f.op = (uint16_t)op;
	f.at_us = 1000;
	return f;
}

/* One entry per (MAC, address); probes claim nothing; announcements and
 * answers are remembered. */
static void test_seen(void **state)
{
	struct lan_seen *s = calloc(1, sizeof(*s));
	struct arp_frame f;
	uint8_t mac[6];

	(void)state;
	assert_non_null(s);
	f = frame("00:17:6f:00:00:21", "10.0.0.21", "10.0.0.10", ARP_OP_REPLY);
	lan_seen_add(s, &f, true);
	lan_seen_add(s, &f, true);
	f = frame("00:17:6f:00:00:21", "10.0.0.99", "10.0.0.99", ARP_OP_REQUEST);
	lan_seen_add(s, &f, false);
	f = frame("54:e1:40:00:00:22", "0.0.0.0", "10.0.0.21", ARP_OP_REQUEST);
	lan_seen_add(s, &f, false);
	assert_int_equal(s->n, 2);
	assert_int_equal(s->d[0].frames, 2);
	assert_true(s->d[0].answered);
	assert_false(s->d[0].announced);
	assert_true(s->d[1].announced);
	assert_true(sys_mac_parse("00:17:6f:00:00:21", mac));
	assert_int_equal(lan_seen_find(s, mac, ip4("10.0.0.99")), 1);
	assert_int_equal(lan_seen_find(s, mac, 0), 0);
	/* A full table says so rather than overflowing. */
	s->n = LAN_MAX_DEVICES;
	f = frame("54:e1:40:00:00:22", "10.0.0.22", "10.0.0.10", ARP_OP_REPLY);
	lan_seen_add(s, &f, true);
	assert_int_equal(s->n, LAN_MAX_DEVICES);
	assert_true(s->full);
	free(s);
}

/* The shipped list loads, and the makers' registry names match it. */
static void test_makers_shipped(void **state)
{
	struct maker_list *l = malloc(sizeof(*l));
	char path[1024];
	uint8_t mac[6];

	(void)state;
	assert_non_null(l);
	snprintf(path, sizeof(path), "%s/lan/terminal-makers.yaml", getenv("POSDOCTOR_DATADIR"));
	assert_int_equal(makers_load_file(path, l, stderr), 0);
	assert_true(l->n >= 10);
	assert_true(sys_mac_parse("00:17:6f:00:00:01", mac));
	assert_string_equal(makers_match(l, mac, "PAX Computer Technology(Shenzhen)")->name, "PAX");
	assert_string_equal(makers_match(l, mac, "INGENICO TERMINALS SAS")->name, "Ingenico");
	assert_string_equal(makers_match(l, mac, "Fujian LANDI Commercial Equipment")->name,
			    "LANDI");
	/* Near names that are not terminal makers. */
	assert_null(makers_match(l, mac, "LANDIS + GYR"));
	assert_null(makers_match(l, mac, "Fujian Newland Auto-ID Tech."));
	assert_null(makers_match(l, mac, ""));
	free(l);
}

/* Broken lists: FILE:LINE:COLUMN messages, nothing half-loaded matters. */
static void test_makers_broken(void **state)
{
	static const char text[] =
		"makers:\n"
		"  - {name: A, vendors: [\"Acme\"], prefixes: [\"00:17:6G\"]}\n"
		"  - {name: B}\n"
		"  - {vendors: [x], colour: red}\n"
		"  - {name: C, prefixes: [\"00-AA-bb\"], vendors: x}\n";
	struct maker_list *l = malloc(sizeof(*l));
	char *msgs = NULL;
	size_t len = 0;
	FILE *errs = open_memstream(&msgs, &len);
	uint8_t mac[6] = { 0x00, 0xaa, 0xbb, 1, 2, 3 };

	(void)state;
	assert_non_null(l);
	assert_int_equal(makers_load_buffer(text, strlen(text), "m.yaml", l, errs), 5);
	fclose(errs);
	assert_non_null(strstr(msgs, "m.yaml:2:45: makers[0].prefixes: '00:17:6G' is not a "
			       "MAC prefix such as 00:17:6F (three bytes in hex)\n"));
	assert_non_null(strstr(msgs, "m.yaml:3:5: makers[1]: give 'vendors'"));
	assert_non_null(strstr(msgs, "m.yaml:4:5: makers[2]: 'name' is missing"));
	assert_non_null(strstr(msgs, "m.yaml:4:20: makers[2]: unknown key 'colour'"));
	assert_non_null(strstr(msgs, "m.yaml:5:48: makers[3].vendors: expected a list"));
	free(msgs);
	/* The prefix form is read in any case and separator. */
	assert_string_equal(makers_match(l, mac, "")->name, "C");
	assert_int_equal(makers_load_buffer("", 0, "e.yaml", l, NULL), 1);
	assert_int_equal(makers_load_buffer("makers: 3\n", 10, "e.yaml", l, NULL), 1);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_makers_shipped),
		cmocka_unit_test(test_makers_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
