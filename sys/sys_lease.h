/* sys_lease.h - the DHCP lease this computer holds: which server gave its
 * address. Read from the files the DHCP clients of Debian keep:
 * systemd-networkd (/run/systemd/netif/leases/<ifindex>), NetworkManager
 * (its device state under /run/NetworkManager/devices/<ifindex>, its
 * internal-*.lease and dhclient-*.lease files under
 * /var/lib/NetworkManager) and ISC dhclient (/var/lib/dhcp/dhclient*.leases).
 *
 * Addresses are IPv4 in network byte order. Any thread; no state; no
 * privilege (the files are world-readable).
 */
#ifndef POSDOCTOR_SYS_LEASE_H
#define POSDOCTOR_SYS_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYS_LEASE_PATH_MAX 256

/* The two text formats a lease is kept in. */
enum sys_lease_format {
	SYS_LEASE_KEYVAL,     /* KEY=VALUE lines (networkd, NetworkManager) */
	SYS_LEASE_DHCLIENT,   /* ISC dhclient: lease { ...; } blocks */
};

/* One lease; a field the file does not give is 0. */
struct sys_lease {
	uint32_t address;     /* the address leased to us */
	uint32_t mask;        /* its subnet mask */
	uint32_t server;      /* the DHCP server (option 54) */
	uint32_t router;      /* the first router it gave (option 3) */
	char client[24];      /* "systemd-networkd", "NetworkManager", "dhclient" */
	char path[SYS_LEASE_PATH_MAX];   /* the file it came from */
};

/* Parse the text (len bytes, need not be terminated) of one lease file.
 * KEYVAL: ADDRESS/NETMASK/SERVER_ADDRESS/ROUTER (networkd), or
 * ip_address/subnet_mask/dhcp_server_identifier/routers in the [dhcp4]
 * section of a NetworkManager device file. DHCLIENT: the last lease block
 * for ifname (a block naming no interface counts for any). True when an
 * address and a server were found. */
bool sys_lease_parse(const char *text, size_t len, enum sys_lease_format fmt,
		     const char *ifname, struct sys_lease *out);

/* The lease of interface (ifname, ifindex) for address addr (0: any), from
 * the files under root ("" or NULL: the real ones; tests pass a fixture
 * tree). The first client in the order above with a lease for addr wins.
 * False when none holds one: the address was set by hand, or by a client
 * whose files are not read here. */
bool sys_lease_find(const char *root, const char *ifname, int ifindex,
		    uint32_t addr, struct sys_lease *out);

#endif
