/* test_sys_lease.c - sys/sys_lease_linux.c: the lease files of
 * systemd-networkd, NetworkManager and dhclient as they are written, in a
 * fixture tree, and the parsers on broken text. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sys_lease.h"
#include "sys_tree.h"

/* Network-order address of a dotted quad. */
static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static const char networkd_lease[] =
	"# This is private data. Do not parse.\n"
	"ADDRESS=192.168.1.23\n"
	"NETMASK=255.255.255.0\n"
	"ROUTER=192.168.1.1 192.168.1.2\n"
	"SERVER_ADDRESS=192.168.1.254\n"
	"NEXT_SERVER=0.0.0.0\n"
	"LIFETIME=86400\n";

static const char nm_device[] =
	"[device]\n"
	"managed=true\n"
	"[dhcp4]\n"
	"dhcp_server_identifier=10.1.0.1\n"
	"ip_address=10.1.0.77\n"
	"subnet_mask=255.255.0.0\n"
	"routers=10.1.0.1\n"
	"[dhcp6]\n"
	"ip_address=10.9.9.9\n";

static const char dhclient_leases[] =
	"default-duid \"\\000\\001\";\n"
	"lease {\n"
	"  interface \"eth0\";\n"
	"  fixed-address 192.168.0.10;\n"
	"  option subnet-mask 255.255.255.0;\n"
	"  option routers 192.168.0.1;\n"
	"  option dhcp-server-identifier 192.168.0.1;\n"
	"  option domain-name \"shop; {odd}\";\n"
	"  renew 4 2026/12/03 10:00:00;\n"
	"}\n"
	"lease {\n"
	"  interface \"wlan0\";\n"
	"  fixed-address 172.16.0.5;\n"
	"  option dhcp-server-identifier 172.16.0.1;\n"
	"}\n"
	"# a newer lease for eth0\n"
	"lease {\n"
	"  interface \"eth0\";\n"
	"  fixed-address 192.168.0.11;\n"
	"  option subnet-mask 255.255.255.0;\n"
	"  option dhcp-server-identifier 192.168.0.2;\n"
	"}\n";

/* Each format parsed from its text. */
static void parse_formats(void **state)
{
	struct sys_lease l;

	(void)state;
	assert_true(sys_lease_parse(networkd_lease, strlen(networkd_lease),
				    SYS_LEASE_KEYVAL, "eth0", &l));
	assert_int_equal(l.address, ip4("192.168.1.23"));
	assert_int_equal(l.mask, ip4("255.255.255.0"));
	assert_int_equal(l.server, ip4("192.168.1.254"));
	assert_int_equal(l.router, ip4("192.168.1.1"));
	/* Only the [dhcp4] section of a NetworkManager device file. */
	assert_true(sys_lease_parse(nm_device, strlen(nm_device), SYS_LEASE_KEYVAL, "eth0", &l));
	assert_int_equal(l.address, ip4("10.1.0.77"));
	assert_int_equal(l.server, ip4("10.1.0.1"));
	assert_int_equal(l.mask, ip4("255.255.0.0"));
	/* dhclient: the last complete block for the interface. */
	assert_true(sys_lease_parse(dhclient_leases, strlen(dhclient_leases),
				    SYS_LEASE_DHCLIENT, "eth0", &l));
	assert_int_equal(l.address, ip4("192.168.0.11"));
	assert_int_equal(l.server, ip4("192.168.0.2"));
	assert_true(sys_lease_parse(dhclient_leases, strlen(dhclient_leases),
				    SYS_LEASE_DHCLIENT, "wlan0", &l));
	assert_int_equal(l.address, ip4("172.16.0.5"));
	assert_false(sys_lease_parse(dhclient_leases, strlen(dhclient_leases),
				     SYS_LEASE_DHCLIENT, "eth1", &l));
}

/* Broken text: no lease, never a wrong one. */
static void parse_broken(void **state)
{
	static const char *const keyval[] = {
		"", "ADDRESS=192.168.1.5\n",                  /* no server */
		"ADDRESS=192.168.1.500\nSERVER_ADDRESS=1.1.1.1\n",
		"ADDRESS=1.2.3.4.5\nSERVER_ADDRESS=1.1.1.1\n",
		"[dhcp6]\nip_address=1.2.3.4\ndhcp_server_identifier=1.1.1.1\n",
		"ADDRESS\nSERVER_ADDRESS\n",
	};
	static const char *const dhclient[] = {
		"", "lease {", "lease { fixed-address 1.2.3.4; option dhcp-server-identifier 1.1.1.1;",
		"}}}} lease { fixed-address 1.2.3.4; }",
		"leases { fixed-address 1.2.3.4; option dhcp-server-identifier 1.1.1.1; }",
		"lease { \"fixed-address 1.2.3.4; option dhcp-server-identifier 1.1.1.1; }",
	};
	struct sys_lease l;

	(void)state;
	for (size_t i = 0; i < sizeof(keyval) / sizeof(keyval[0]); i++)
		assert_false(sys_lease_parse(keyval[i], strlen(keyval[i]), SYS_LEASE_KEYVAL,
					     "eth0", &l));
	for (size_t i = 0; i < sizeof(dhclient) / sizeof(dhclient[0]); i++)
		assert_false(sys_lease_parse(dhclient[i], strlen(dhclient[i]),
					     SYS_LEASE_DHCLIENT, "eth0", &l));
	/* A nested block's statements are not the lease's. */
	{
		static const char nested[] = "lease { fixed-address 1.2.3.4; x { "
			"option dhcp-server-identifier 1.1.1.1; } }";

		assert_false(sys_lease_parse(nested, strlen(nested), SYS_LEASE_DHCLIENT,
					     "eth0", &l));
	}
}

/* The files found in a tree the way each client lays them out. */
static void find_in_tree(void **state)
{
	const char *root;
	struct sys_lease l;

	(void)state;
	root = tree_begin();
	assert_false(sys_lease_find(root, "eth0", 2, 0, &l));
	tree_put("var/lib/dhcp/dhclient.eth0.leases", dhclient_leases);
	assert_true(sys_lease_find(root, "eth0", 2, 0, &l));
	assert_string_equal(l.client, "dhclient");
	assert_int_equal(l.server, ip4("192.168.0.2"));
	/* Only the lease for the address the interface has now. */
	assert_false(sys_lease_find(root, "eth0", 2, ip4("192.168.0.99"), &l));
	tree_put("var/lib/NetworkManager/internal-0a1b-eth0.lease", networkd_lease);
	tree_put("var/lib/NetworkManager/internal-0a1b-eth1.lease", nm_device);
	assert_true(sys_lease_find(root, "eth0", 2, ip4("192.168.1.23"), &l));
	assert_string_equal(l.client, "NetworkManager");
	tree_put("run/systemd/netif/leases/2", networkd_lease);
	assert_true(sys_lease_find(root, "eth0", 2, 0, &l));
	assert_string_equal(l.client, "systemd-networkd");
	assert_non_null(strstr(l.path, "run/systemd/netif/leases/2"));
	/* Another interface's index is another file. */
	assert_false(sys_lease_find(root, "eth3", 3, 0, &l));
	/* A folder where a file should be is skipped, not read. */
	tree_mkdir("run/NetworkManager/devices/3");
	assert_false(sys_lease_find(root, "eth3", 3, 0, &l));
	assert_false(sys_lease_find(root, "../eth0", 2, 0, &l));
	tree_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_formats),
		cmocka_unit_test(parse_broken),
		cmocka_unit_test(find_in_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
