/* net_route_linux.c - default route, interface state, Wi-Fi signal and the
 * neighbour table, as Linux shows them (procfs, getifaddrs, rtnetlink).
 * Everything read here is per network namespace.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/route.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000   /* linux/if.h: driver signals L1 up */
#endif

/* The lowest-metric IPv4 default route from /proc/net/route. */
bool net_route_default(struct net_route *out)
{
	FILE *f = fopen("/proc/net/route", "re");
	char line[256];
	unsigned long best_metric = ~0UL;

	memset(out, 0, sizeof(*out));
	if (!f)
		return false;
	/* Header line first. */
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		char ifname[32];
		unsigned long dest, gw, flags, refcnt, use, metric, mask;

		if (sscanf(line, "%31s %lx %lx %lx %lu %lu %lu %lx", ifname, &dest, &gw,
			   &flags, &refcnt, &use, &metric, &mask) != 8)
			continue;
		if (dest != 0 || mask != 0 || !(flags & RTF_UP))
			continue;
		if (out->has_default && metric >= best_metric)
			continue;
		best_metric = metric;
		out->has_default = true;
		snprintf(out->ifname, sizeof(out->ifname), "%s", ifname);
		/* The kernel prints the raw network-order word. */
		out->gateway.s_addr = (flags & RTF_GATEWAY) ? (in_addr_t)gw : 0;
	}
	fclose(f);
	return out->has_default;
}

/* Whether ifname has a wireless extension folder in sysfs. */
static bool net_iface_is_wireless(const char *ifname)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/wireless", ifname);
	if (stat(path, &st) == 0)
		return true;
	snprintf(path, sizeof(path), "/sys/class/net/%s/phy80211", ifname);
	return stat(path, &st) == 0;
}

/* Flags, carrier and first IPv4 address of one interface. */
void net_iface_read(const char *name, struct net_iface *out)
{
	struct ifaddrs *ifa = NULL;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", name);
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *p = ifa; p; p = p->ifa_next) {
		if (!p->ifa_name || strcmp(p->ifa_name, name) != 0)
			continue;
		out->exists = true;
		out->up = (p->ifa_flags & IFF_UP) != 0;
		/* IFF_LOWER_UP: the driver reports carrier (RFC 2863 oper up). */
		out->carrier = (p->ifa_flags & IFF_LOWER_UP) != 0;
		if (p->ifa_addr && p->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *a = (const struct sockaddr_in *)p->ifa_addr;

			if (out->n_addrs++ == 0) {
				out->addr = a->sin_addr;
				if (p->ifa_netmask) {
					uint32_t m = ntohl(((const struct sockaddr_in *)
							    p->ifa_netmask)->sin_addr.s_addr);

					out->prefix_len = __builtin_popcount(m);
				}
			}
		}
	}
	freeifaddrs(ifa);
	if (out->exists)
		out->wireless = net_iface_is_wireless(name);
}

/* A best guess at the interface in use when no route names one. */
bool net_iface_pick(char *name, size_t len)
{
	struct ifaddrs *ifa = NULL;
	char first[32] = "";
	bool found = false;

	if (getifaddrs(&ifa) != 0)
		return false;
	for (struct ifaddrs *p = ifa; p && !found; p = p->ifa_next) {
		if (!p->ifa_name || (p->ifa_flags & IFF_LOOPBACK))
			continue;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", p->ifa_name);
		if ((p->ifa_flags & IFF_UP) && (p->ifa_flags & IFF_LOWER_UP) &&
		    p->ifa_addr && p->ifa_addr->sa_family == AF_INET) {
			snprintf(name, len, "%s", p->ifa_name);
			found = true;
		}
	}
	freeifaddrs(ifa);
	if (!found && first[0]) {
		snprintf(name, len, "%s", first);
		found = true;
	}
	return found;
}

/* /proc/net/wireless lines look like
 *  "  wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0"
 * (status, link quality, level, noise; a '.' marks an updated value). Old
 * drivers give the level as an unsigned byte: 200 means -56 dBm. */
bool net_wifi_read(const char *path, const char *ifname, struct net_wifi *out)
{
	FILE *f = fopen(path, "re");
	char line[256];
	bool found = false;

	memset(out, 0, sizeof(*out));
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *p = line;
		unsigned status;
		double q, lvl;

		if (!colon)
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		*colon = '\0';
		if (strcmp(p, ifname) != 0)
			continue;
		/* strtod takes the trailing '.' of an updated value as well. */
		if (sscanf(colon + 1, " %x %lf %lf", &status, &q, &lvl) < 3)
			break;
		found = true;
		out->quality = q;
		/* cfg80211's wext compatibility scales quality to 0..70. */
		out->quality_pct = q <= 70 ? q * 100.0 / 70.0 : 100.0;
		if (lvl > 0 && lvl <= 255)
			lvl -= 256;
		out->level_dbm = lvl;
		out->level_valid = lvl < 0 && lvl > -150;
	}
	fclose(f);
	return found;
}

/* Send one RTM_GETNEIGH dump request on nl; 0 or -1. */
static int net_neigh_request(int nl)
{
	struct {
		struct nlmsghdr nh;
		struct ndmsg nd;
	} req;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg));
	req.nh.nlmsg_type = RTM_GETNEIGH;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.nd.ndm_family = AF_INET;
	return send(nl, &req, req.nh.nlmsg_len, 0) < 0 ? -1 : 0;
}

/* Milliseconds per clock tick of NDA_CACHEINFO times (USER_HZ). */
static int64_t net_neigh_tick_ms(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return hz > 0 ? 1000 / hz : 10;
}

/* Look at one neighbour message: true (with out filled) when it is addr's
 * entry and carries a MAC. */
static bool net_neigh_match(struct nlmsghdr *nh, struct in_addr addr, struct net_neigh *out)
{
	struct ndmsg *nd = NLMSG_DATA(nh);
	int rlen = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*nd));
	bool dst_ok = false;
	unsigned char ll[6] = { 0 };
	bool have_ll = false, have_ci = false;
	struct nda_cacheinfo ci;

	if (rlen < 0 || nd->ndm_family != AF_INET)
		return false;
	for (struct rtattr *a = (struct rtattr *)((char *)nd + NLMSG_ALIGN(sizeof(*nd)));
	     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
		if (a->rta_type == NDA_DST && RTA_PAYLOAD(a) == 4) {
			dst_ok = memcmp(RTA_DATA(a), &addr, 4) == 0;
		} else if (a->rta_type == NDA_LLADDR && RTA_PAYLOAD(a) == 6) {
			memcpy(ll, RTA_DATA(a), 6);
			have_ll = true;
		} else if (a->rta_type == NDA_CACHEINFO && RTA_PAYLOAD(a) >= sizeof(ci)) {
			memcpy(&ci, RTA_DATA(a), sizeof(ci));
			have_ci = true;
		}
	}
	if (!dst_ok)
		return false;
	/* An INCOMPLETE or FAILED entry has no MAC; its state still counts. */
	out->found = true;
	out->state = nd->ndm_state;
	if (have_ll)
		snprintf(out->mac, sizeof(out->mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 ll[0], ll[1], ll[2], ll[3], ll[4], ll[5]);
	if (have_ci) {
		/* ndm_confirmed: ticks since the neighbour last proved alive. */
		out->confirmed_ago_ms = (int64_t)ci.ndm_confirmed * net_neigh_tick_ms();
		out->have_confirmed = true;
	}
	return true;
}

/* The kernel's neighbour entry for addr (see network.h). */
bool net_neigh_lookup(struct in_addr addr, int wait_ms, struct net_neigh *out)
{
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	char buf[16384];
	bool done = false;
	int64_t until;

	memset(out, 0, sizeof(*out));
	if (wait_ms < 1)
		wait_ms = 1;
	until = clock_ms() + wait_ms;
	if (nl < 0)
		return false;
	/* Before the request: confirmed_at is never later than the truth. */
	out->asked_ms = clock_ms();
	if (net_neigh_request(nl) < 0) {
		close(nl);
		return false;
	}
	while (!done) {
		struct pollfd pfd = { nl, POLLIN, 0 };
		int wait = (int)(until - clock_ms());
		ssize_t n;

		if (wait <= 0 || poll(&pfd, 1, wait) <= 0)
			break;
		n = recv(nl, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE || nh->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == RTM_NEWNEIGH && !out->found)
				net_neigh_match(nh, addr, out);
		}
	}
	close(nl);
	return done;
}

/* Read one integer from /proc/sys/net/ipv4/neigh/<ifname>/<name>; def when
 * it cannot be read. */
static long net_neigh_sysctl(const char *ifname, const char *name, long def)
{
	char path[160];
	long v;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/neigh/%s/%s",
		 ifname && ifname[0] ? ifname : "default", name);
	f = fopen(path, "re");
	if (!f)
		return def;
	if (fscanf(f, "%ld", &v) != 1 || v < 0)
		v = def;
	fclose(f);
	return v;
}

/* How long the kernel takes to re-check a neighbour it holds as STALE:
 * delay_first_probe_time (s) in DELAY, then one unicast probe answered
 * within retrans_time_ms (ip-sysctl.rst, neigh/<if>/). */
int net_neigh_recheck_ms(const char *ifname)
{
	long delay = net_neigh_sysctl(ifname, "delay_first_probe_time", 5);
	long retrans = net_neigh_sysctl(ifname, "retrans_time_ms", 1000);

	if (delay > 30)
		delay = 30;
	if (retrans > 5000)
		retrans = 5000;
	return (int)(delay * 1000 + retrans);
}
