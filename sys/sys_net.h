/* sys_net.h - the network as the kernel shows it: interfaces, the default
 * route, the neighbour (ARP) table, Wi-Fi signal, and the one rule for the
 * interface posdoctor judges.
 *
 * Everything read here is per network namespace and needs no privilege.
 * Addresses are IPv4 in network byte order. Any thread; nothing keeps state
 * between calls.
 */
#ifndef POSDOCTOR_SYS_NET_H
#define POSDOCTOR_SYS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define SYS_IFNAME_MAX   32
#define SYS_IF_MAX_ADDRS 4

/* What is known about one interface. */
struct sys_iface {
	char name[SYS_IFNAME_MAX];
	int ifindex;
	bool exists;
	bool up;            /* IFF_UP: administratively up */
	bool carrier;       /* IFF_RUNNING: the driver reports carrier */
	bool noarp;         /* IFF_NOARP */
	bool loopback;      /* IFF_LOOPBACK */
	bool ethernet;      /* ARPHRD_ETHER (ARP over Ethernet-style frames) */
	bool wireless;      /* has a wireless (cfg80211/wext) folder */
	uint8_t mac[6];
	int n_addrs;
	uint32_t addrs[SYS_IF_MAX_ADDRS];   /* IPv4, first is the primary */
	uint32_t masks[SYS_IF_MAX_ADDRS];   /* their netmasks */
};

/* Facts about interface name (never fails: out->exists says if found). */
void sys_iface_query(const char *name, struct sys_iface *out);
/* Prefix length of a netmask in network order (255.255.255.0 -> 24). */
int sys_prefix_len(uint32_t mask);
/* Link speed in Mb/s from the driver, -1 when unknown (Wi-Fi, veth). */
int sys_iface_speed(const char *name);
/* Every hardware address of this host (frames from them are ours);
 * returns how many (at most max). */
int sys_local_macs(uint8_t out[][6], int max);

/* How the judged interface was chosen. */
enum sys_iface_how {
	SYS_IFACE_NONE,         /* no interface but loopback */
	SYS_IFACE_CONFIGURED,   /* named in the config (may not exist) */
	SYS_IFACE_ROUTE,        /* carries the default route */
	SYS_IFACE_LAN,          /* the LAN beside a default route that runs
				 * over a tunnel or a modem link (no ARP) */
	SYS_IFACE_GUESS,        /* no default route: the first usable one */
};

/* The interface posdoctor judges, the one rule every module follows:
 * configured when not NULL, "" or "auto"; else the LAN adapter (Ethernet or
 * Wi-Fi) carrying the lowest-metric default route; when that route runs
 * over a link without ARP (VPN tunnel, PPP, raw-IP modem), the first LAN
 * adapter that is up with carrier and an IPv4 address, else the route's
 * link; with no default route, that first usable LAN adapter, else the
 * first LAN adapter, else the first non-loopback interface. Fills out
 * (out->exists false for SYS_IFACE_NONE and for a configured name that
 * does not exist). */
enum sys_iface_how sys_iface_judged(const char *configured, struct sys_iface *out);
/* "configured", "default route", ..., "none": for metrics and details. */
const char *sys_iface_how_name(enum sys_iface_how how);

/* The lowest-metric IPv4 default route that is up. */
struct sys_route {
	char ifname[SYS_IFNAME_MAX];
	uint32_t gateway;       /* 0 when the route has no gateway */
	unsigned long metric;
};

/* The default route, restricted to interface only_if when not NULL. False
 * when there is none. */
bool sys_route_default(const char *only_if, struct sys_route *out);
/* The same from a /proc/net/route style text of len bytes (tests, fuzzing). */
bool sys_route_parse(const char *text, size_t len, const char *only_if,
		     struct sys_route *out);

/* One entry of the neighbour (ARP) table. */
struct sys_neigh {
	bool found;
	uint32_t addr;
	int ifindex;
	unsigned state;           /* NUD_* from linux/neighbour.h */
	bool have_mac;
	uint8_t mac[6];
	bool have_confirmed;
	int64_t confirmed_ago_ms; /* since the neighbour last proved alive */
	int64_t asked_ms;         /* clock_ms() when the table was asked */
};

/* addr's entry, waiting at most wait_ms for the kernel's answer. False when
 * the table could not be read; out->found false when it holds no entry. */
bool sys_neigh_lookup(uint32_t addr, int wait_ms, struct sys_neigh *out);
/* Every IPv4 entry with a MAC on interface ifindex (0: any), at most max;
 * returns how many, or -1 when the table could not be read in wait_ms. */
int sys_neigh_list(int ifindex, int wait_ms, struct sys_neigh *out, int max);
/* Parse one netlink reply buffer of n bytes (RTM_NEWNEIGH messages): calls
 * take() for each IPv4 entry until it returns false. Returns 1 at
 * NLMSG_DONE or NLMSG_ERROR, 0 when more is to come, -1 when the buffer is
 * malformed (a length that does not fit). Bytes in, no I/O: for tests. */
int sys_neigh_parse(const void *buf, size_t n,
		    bool (*take)(const struct sys_neigh *e, void *arg), void *arg);
/* How long (ms) the kernel takes to re-check a STALE neighbour on ifname
 * once it is used: its DELAY time plus one probe's retransmit time. */
int sys_neigh_recheck_ms(const char *ifname);

/* "aa:bb:cc:dd:ee:ff" (18 bytes with the terminator). */
void sys_mac_format(const uint8_t mac[6], char out[18]);
/* The reverse; false unless s is exactly six hex pairs with colons. */
bool sys_mac_parse(const char *s, uint8_t mac[6]);
/* Dotted quad of a network-order IPv4 address (16 bytes). */
void sys_ip_format(uint32_t ip, char out[16]);

/* Wi-Fi signal of an interface. */
struct sys_wifi {
	double quality;           /* link quality as the driver counts it */
	double quality_pct;       /* 0..100, when the maximum is known (70) */
	double level_dbm;         /* signal level */
	bool level_valid;
};

/* ifname's line of a /proc/net/wireless style file at path (NULL: the
 * kernel's). True when the interface has a line there. */
bool sys_wifi_read(const char *path, const char *ifname, struct sys_wifi *out);
/* The same from a /proc/net/wireless style text of len bytes (tests,
 * fuzzing); a NUL byte ends the line it is in. */
bool sys_wifi_parse(const char *text, size_t len, const char *ifname,
		    struct sys_wifi *out);

/* Open a non-blocking TCP connection to sa (IPv4 or IPv6) within
 * timeout_ms: the one connect every module uses. Returns 0 with *fd_out the
 * connected socket (SOCK_NONBLOCK, SOCK_CLOEXEC; the caller closes it), or
 * an errno: ECONNREFUSED (a reset came back), ETIMEDOUT (no answer in
 * time), EHOSTUNREACH/ENETUNREACH (the kernel knows no way there), ...
 * *took_ms: how long it took, either way. */
int sys_tcp_connect(const struct sockaddr *sa, socklen_t sa_len, int timeout_ms,
		    int *fd_out, double *took_ms);

#endif
