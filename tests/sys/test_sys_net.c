/* test_sys_net.c - sys_net's parsers on fixed bytes: the routing table, the
 * neighbour table's netlink replies (odd lengths included), Wi-Fi signal,
 * MAC addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys_net.h"

/* Network-order address of a dotted quad. */
static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

/* Default route: lowest metric, per interface, a route without gateway. */
static void test_route(void **state)
{
	static const char table[] =
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
		"wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
		"eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
		"eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
		"tun0\t00000000\t00000000\t0001\t0\t0\t150\t00000000\t0\t0\t0\n"
		"down0\t00000000\t0100000A\t0002\t0\t0\t1\t00000000\t0\t0\t0\n"
		"garbage line\n";
	struct sys_route rt;

	(void)state;
	assert_true(sys_route_parse(table, strlen(table), NULL, &rt));
	assert_string_equal(rt.ifname, "eth0");              /* lowest metric that is up */
	assert_int_equal(rt.gateway, ip4("10.0.0.1"));
	assert_true(sys_route_parse(table, strlen(table), "wlan0", &rt));
	assert_int_equal(rt.gateway, ip4("192.168.1.1"));
	assert_true(sys_route_parse(table, strlen(table), "tun0", &rt));
	assert_int_equal(rt.gateway, 0);                      /* "default dev tun0" */
	assert_false(sys_route_parse(table, strlen(table), "down0", &rt));
	assert_false(sys_route_parse(table, strlen(table), "eth1", &rt));
	assert_false(sys_route_parse("", 0, NULL, &rt));
	/* No terminator, a cut line, a line longer than any real one. */
	assert_false(sys_route_parse("eth0\t00000000\t0100", 18, NULL, &rt));
	{
		char *big = malloc(5000);

		memset(big, 'x', 5000);
		assert_false(sys_route_parse(big, 5000, NULL, &rt));
		free(big);
	}
}

/* Append one RTM_NEWNEIGH message for addr (with a MAC when mac) at p;
 * returns its aligned length. */
static size_t put_neigh(char *p, const char *addr, const uint8_t *mac, int ifindex,
			unsigned state)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)(void *)p;
	struct ndmsg *nd = NLMSG_DATA(nh);
	struct rtattr *a;
	uint32_t ip = ip4(addr);

	memset(p, 0, NLMSG_SPACE(sizeof(*nd)) + 2 * RTA_SPACE(8));
	nh->nlmsg_type = RTM_NEWNEIGH;
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(*nd));
	nd->ndm_family = AF_INET;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = (uint16_t)state;
	a = (struct rtattr *)(void *)(p + NLMSG_ALIGN(nh->nlmsg_len));
	a->rta_type = NDA_DST;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &ip, 4);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(4);
	if (mac) {
		a = (struct rtattr *)(void *)(p + nh->nlmsg_len);
		a->rta_type = NDA_LLADDR;
		a->rta_len = RTA_LENGTH(6);
		memcpy(RTA_DATA(a), mac, 6);
		nh->nlmsg_len += RTA_SPACE(6);
	}
	return NLMSG_ALIGN(nh->nlmsg_len);
}

struct seen {
	int n;
	struct sys_neigh e[8];
};

/* take(): collect up to 8 entries. */
static bool collect(const struct sys_neigh *e, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->e[s->n++] = *e;
	return true;
}

/* Netlink neighbour replies: entries decoded, DONE ends, bad lengths stop. */
static void test_neigh_parse(void **state)
{
	static const uint8_t mac[6] = { 0x54, 0xe1, 0x40, 0, 0, 0x0b };
	_Alignas(4) char buf[512];
	struct nlmsghdr *done;
	struct seen s = { 0 };
	size_t n = 0;
	char text[18];

	(void)state;
	n += put_neigh(buf + n, "10.0.0.1", mac, 3, NUD_REACHABLE);
	n += put_neigh(buf + n, "10.0.0.9", NULL, 3, NUD_INCOMPLETE);
	assert_int_equal(sys_neigh_parse(buf, n, collect, &s), 0);   /* more to come */
	assert_int_equal(s.n, 2);
	assert_int_equal(s.e[0].addr, ip4("10.0.0.1"));
	assert_true(s.e[0].have_mac && s.e[0].ifindex == 3 && s.e[0].state == NUD_REACHABLE);
	sys_mac_format(s.e[0].mac, text);
	assert_string_equal(text, "54:e1:40:00:00:0b");
	assert_false(s.e[1].have_mac);
	done = (struct nlmsghdr *)(void *)(buf + n);
	memset(done, 0, sizeof(*done));
	done->nlmsg_type = NLMSG_DONE;
	done->nlmsg_len = NLMSG_LENGTH(4);
	s.n = 0;
	assert_int_equal(sys_neigh_parse(buf, n + NLMSG_ALIGN(done->nlmsg_len), collect, &s), 1);
	assert_int_equal(s.n, 2);

	/* A last message whose length is not a multiple of 4 and runs past the
	 * bytes received: malformed, and nothing is read beyond the buffer. */
	n = put_neigh(buf, "10.0.0.1", mac, 3, NUD_REACHABLE);
	((struct nlmsghdr *)(void *)buf)->nlmsg_len = (uint32_t)n + 3;
	s.n = 0;
	assert_int_equal(sys_neigh_parse(buf, n, collect, &s), -1);
	/* The same length, all of it received: one message, then the end. */
	s.n = 0;
	assert_int_equal(sys_neigh_parse(buf, n + 3, collect, &s), 0);
	assert_int_equal(s.n, 1);
	/* Shorter than a header; a zero length (would loop forever). */
	assert_int_equal(sys_neigh_parse(buf, 7, collect, &s), -1);
	((struct nlmsghdr *)(void *)buf)->nlmsg_len = 0;
	assert_int_equal(sys_neigh_parse(buf, n, collect, &s), -1);
}

/* Write text to a temporary file; its path into buf. */
static void write_tmp(char *buf, size_t len, const char *text)
{
	int fd;

	snprintf(buf, len, "/tmp/sys-units-XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* /proc/net/wireless in its dBm and its unsigned-byte forms. */
static void test_wifi(void **state)
{
	char path[64];
	struct sys_wifi w;

	(void)state;
	write_tmp(path, sizeof(path),
		  "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n"
		  " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
		  "wlp2s0: 0000   35.  -75.  -256        0      0      0      0     12        0\n"
		  " wlan1: 0000   60   200   0        0      0      0      0      0        0\n");
	assert_true(sys_wifi_read(path, "wlp2s0", &w));
	assert_true(w.level_valid);
	assert_true(w.level_dbm == -75);
	assert_true(fabs(w.quality_pct - 50.0) < 1e-9);
	assert_true(sys_wifi_read(path, "wlan1", &w));
	assert_true(w.level_dbm == -56);              /* 200 - 256 */
	assert_false(sys_wifi_read(path, "eth0", &w));
	assert_false(sys_wifi_read("/nonexistent/wireless", "wlan0", &w));
	unlink(path);
	write_tmp(path, sizeof(path), "wlan0: garbage\n");
	assert_false(sys_wifi_read(path, "wlan0", &w));
	unlink(path);
}

/* The wireless table from bytes: no terminator, a NUL inside a line, a
 * line longer than any interface's, the wanted line last without '\n'. */
static void test_wifi_parse(void **state)
{
	static const char text[] =
		"Inter-| sta-|   Quality        |\n"
		"wlan0\0: 0000   70.  -40.  -256\n"
		"                                                                        "
		"                                                                        "
		"                                                                        "
		"                         wlan0: 0000 70. -40. -256\n"
		"  wlan0: 0000   14.  -88.  -256";
	struct sys_wifi w;

	(void)state;
	/* sizeof - 1: the bytes only, no terminator after them. */
	assert_true(sys_wifi_parse(text, sizeof(text) - 1, "wlan0", &w));
	assert_true(w.level_dbm == -88);
	assert_true(fabs(w.quality_pct - 20.0) < 1e-9);
	/* Cut inside the last line: its level is gone, so it is not read. */
	assert_false(sys_wifi_parse(text, sizeof(text) - 13, "wlan0", &w));
	assert_false(sys_wifi_parse(text, 0, "wlan0", &w));
	assert_false(sys_wifi_parse("wlan0:", 6, "wlan0", &w));
}

/* MAC text both ways; anything but six colon pairs is refused. */
static void test_mac(void **state)
{
	uint8_t mac[6];
	char text[18], ip[16];

	(void)state;
	assert_true(sys_mac_parse("02:00:00:00:00:0B", mac));
	sys_mac_format(mac, text);
	assert_string_equal(text, "02:00:00:00:00:0b");
	assert_false(sys_mac_parse("02:00:00:00:00", mac));
	assert_false(sys_mac_parse("02:00:00:00:00:0b:", mac));
	assert_false(sys_mac_parse("zz:00:00:00:00:0b", mac));
	/* Found by tests/fuzz/fuzz_sysfs.c: sscanf's %2x took a sign, a blank,
	 * "0x" and single digits ("-1" became ff). */
	assert_false(sys_mac_parse("+2:00:00:00:00:0b", mac));
	assert_false(sys_mac_parse("-1:00:00:00:00:0b", mac));
	assert_false(sys_mac_parse(" 2:00:00:00:00:0b", mac));
	assert_false(sys_mac_parse("0x:00:00:00:00:0b", mac));
	assert_false(sys_mac_parse("2:0:0:0:0:b", mac));
	assert_false(sys_mac_parse("", mac));
	assert_true(sys_mac_parse("fF:Ee:0a:00:00:0b", mac));
	assert_int_equal(mac[0], 0xff);
	assert_int_equal(mac[1], 0xee);
	sys_ip_format(ip4("192.168.1.20"), ip);
	assert_string_equal(ip, "192.168.1.20");
	assert_int_equal(sys_prefix_len(ip4("255.255.252.0")), 22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_neigh_parse),
		cmocka_unit_test(test_wifi),
		cmocka_unit_test(test_wifi_parse),
		cmocka_unit_test(test_mac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
