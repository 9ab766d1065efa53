/* sys_net_linux.c - interfaces, the default route, the neighbour table and
 * Wi-Fi signal as Linux shows them (ioctls, getifaddrs, procfs, sysfs,
 * rtnetlink). Everything read here is per network namespace.
 */
#include "sys_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"

#define ROUTE_PATH    "/proc/net/route"
#define WIRELESS_PATH "/proc/net/wireless"
#define ROUTE_TEXT_MAX 65536
#define WIRELESS_TEXT_MAX 65536

/* Whether name is the interface ifa_name, or one of its alias labels. */
static bool name_matches(const char *ifa_name, const char *name)
{
	size_t n = strlen(name);

	return strncmp(ifa_name, name, n) == 0 &&
	       (ifa_name[n] == '\0' || ifa_name[n] == ':');
}

/* Whether name has a wireless extension folder in sysfs. */
static bool iface_is_wireless(const char *name)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/wireless", name);
	if (stat(path, &st) == 0)
		return true;
	snprintf(path, sizeof(path), "/sys/class/net/%s/phy80211", name);
	return stat(path, &st) == 0;
}

/* Flags, MAC and IPv4 addresses of one interface (no privilege). */
void sys_iface_query(const char *name, struct sys_iface *out)
{
	struct ifreq ifr;
	struct ifaddrs *ifa = NULL;
	int fd;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	if (!name || !*name || strlen(name) >= IFNAMSIZ)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) == 0) {
		out->exists = true;
		out->ifindex = ifr.ifr_ifindex;
	}
	if (out->exists && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		out->up = (ifr.ifr_flags & IFF_UP) != 0;
		out->carrier = (ifr.ifr_flags & IFF_RUNNING) != 0;
		out->noarp = (ifr.ifr_flags & IFF_NOARP) != 0;
		out->loopback = (ifr.ifr_flags & IFF_LOOPBACK) != 0;
	}
	if (out->exists && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
		out->ethernet = ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER;
		memcpy(out->mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	close(fd);
	if (!out->exists)
		return;
	out->wireless = iface_is_wireless(name);
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *p = ifa; p; p = p->ifa_next) {
		if (!p->ifa_addr || p->ifa_addr->sa_family != AF_INET ||
		    !name_matches(p->ifa_name, name) || out->n_addrs >= SYS_IF_MAX_ADDRS)
			continue;
		out->masks[out->n_addrs] = p->ifa_netmask ?
			((const struct sockaddr_in *)(const void *)p->ifa_netmask)->sin_addr.s_addr : 0;
		out->addrs[out->n_addrs++] =
			((const struct sockaddr_in *)(const void *)p->ifa_addr)->sin_addr.s_addr;
	}
	freeifaddrs(ifa);
}

/* Prefix length of a network-order netmask. */
int sys_prefix_len(uint32_t mask)
{
	return __builtin_popcount(mask);
}

/* Link speed from sysfs (Mb/s), -1 when unknown. */
int sys_iface_speed(const char *name)
{
	char path[96];
	FILE *f;
	int speed = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/speed", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &speed) != 1 || speed <= 0)
		speed = -1;
	fclose(f);
	return speed;
}

/* Every hardware address of this host. */
int sys_local_macs(uint8_t out[][6], int max)
{
	struct ifaddrs *ifa = NULL;
	int n = 0;

	if (getifaddrs(&ifa) != 0)
		return 0;
	for (struct ifaddrs *p = ifa; p && n < max; p = p->ifa_next) {
		const struct sockaddr_ll *ll;
		static const uint8_t zero[6];

		if (!p->ifa_addr || p->ifa_addr->sa_family != AF_PACKET)
			continue;
		ll = (const struct sockaddr_ll *)(const void *)p->ifa_addr;
		if (ll->sll_halen != 6 || memcmp(ll->sll_addr, zero, 6) == 0)
			continue;
		memcpy(out[n++], ll->sll_addr, 6);
	}
	freeifaddrs(ifa);
	return n;
}

/* Whether ifc carries ARP: a LAN adapter (Ethernet or Wi-Fi), not a
 * tunnel, a PPP or raw-IP modem link, or loopback. */
static bool iface_is_lan(const struct sys_iface *ifc)
{
	return ifc->exists && ifc->ethernet && !ifc->noarp && !ifc->loopback;
}

/* The first LAN adapter that is up with carrier and an IPv4 address; else
 * the first LAN adapter at all (so that its problem can be named); else
 * the first non-loopback interface. False when there is none. */
static bool iface_guess(struct sys_iface *out)
{
	struct if_nameindex *all = if_nameindex();
	struct sys_iface cand, first_lan, first;
	bool found = false;

	memset(&first_lan, 0, sizeof(first_lan));
	memset(&first, 0, sizeof(first));
	for (struct if_nameindex *p = all; p && p->if_index && !found; p++) {
		sys_iface_query(p->if_name, &cand);
		if (!cand.exists || cand.loopback)
			continue;
		if (!first.exists)
			first = cand;
		if (!iface_is_lan(&cand))
			continue;
		if (!first_lan.exists)
			first_lan = cand;
		if (cand.up && cand.carrier && cand.n_addrs > 0) {
			*out = cand;
			found = true;
		}
	}
	if (all)
		if_freenameindex(all);
	if (!found && (first_lan.exists || first.exists)) {
		*out = first_lan.exists ? first_lan : first;
		found = true;
	}
	return found;
}

/* The interface posdoctor judges (see sys_net.h). */
enum sys_iface_how sys_iface_judged(const char *configured, struct sys_iface *out)
{
	struct sys_route rt;
	struct sys_iface route_if;
	bool have_route;

	memset(out, 0, sizeof(*out));
	if (configured && configured[0] && strcmp(configured, "auto") != 0) {
		sys_iface_query(configured, out);
		return SYS_IFACE_CONFIGURED;
	}
	memset(&route_if, 0, sizeof(route_if));
	have_route = sys_route_default(NULL, &rt);
	if (have_route) {
		sys_iface_query(rt.ifname, &route_if);
		if (iface_is_lan(&route_if)) {
			*out = route_if;
			return SYS_IFACE_ROUTE;
		}
	}
	/* The default route runs over a tunnel or a modem link: the shop LAN
	 * beside it is what the terminal and the router sit on. */
	if (iface_guess(out) && (iface_is_lan(out) || !route_if.exists))
		return have_route && route_if.exists ? SYS_IFACE_LAN : SYS_IFACE_GUESS;
	if (route_if.exists) {
		*out = route_if;
		return SYS_IFACE_ROUTE;
	}
	return out->exists ? SYS_IFACE_GUESS : SYS_IFACE_NONE;
}

/* Name of a choice, for metrics and details. */
const char *sys_iface_how_name(enum sys_iface_how how)
{
	switch (how) {
	case SYS_IFACE_CONFIGURED: return "configured";
	case SYS_IFACE_ROUTE:      return "default route";
	case SYS_IFACE_LAN:        return "LAN beside the default route";
	case SYS_IFACE_GUESS:      return "guess";
	case SYS_IFACE_NONE:       break;
	}
	return "none";
}

/* The lowest-metric default route in a /proc/net/route style text. */
bool sys_route_parse(const char *text, size_t len, const char *only_if,
		     struct sys_route *out)
{
	const char *p = text, *end = text + len;
	bool found = false;

	memset(out, 0, sizeof(*out));
	/* Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask ...;
	 * addresses are the raw network-order words printed in hex. */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[256], name[64];
		unsigned int dst, gw, flags, refcnt, use, mask;
		unsigned long metric;

		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
			if (sscanf(line, "%63s %x %x %x %u %u %lu %x", name, &dst, &gw,
				   &flags, &refcnt, &use, &metric, &mask) == 8 &&
			    dst == 0 && mask == 0 && (flags & RTF_UP) &&
			    strlen(name) < SYS_IFNAME_MAX &&
			    (!only_if || strcmp(only_if, name) == 0) &&
			    (!found || metric < out->metric)) {
				snprintf(out->ifname, sizeof(out->ifname), "%s", name);
				out->gateway = (flags & RTF_GATEWAY) ? (uint32_t)gw : 0;
				out->metric = metric;
				found = true;
			}
		}
		p += n + (nl ? 1 : 0);
	}
	if (!found)
		memset(out, 0, sizeof(*out));
	return found;
}

/* A small kernel table (procfs) into a malloc'd buffer of at most cap
 * bytes; NULL when it cannot be read. *len gets its length. */
static char *table_read(const char *path, size_t cap, size_t *len)
{
	char *text = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	*len = 0;
	if (!text || fd < 0) {
		free(text);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (*len < cap && (n = read(fd, text + *len, cap - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	return text;
}

/* The default route from the kernel's table. */
bool sys_route_default(const char *only_if, struct sys_route *out)
{
	size_t len;
	char *text = table_read(ROUTE_PATH, ROUTE_TEXT_MAX, &len);
	bool found = false;

	memset(out, 0, sizeof(*out));
	if (text)
		found = sys_route_parse(text, len, only_if, out);
	free(text);
	return found;
}

/* Milliseconds per clock tick of NDA_CACHEINFO times (USER_HZ). */
static int64_t neigh_tick_ms(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return hz > 0 ? 1000 / hz : 10;
}

/* One neighbour message into e; false when it is not an IPv4 entry. */
static bool neigh_decode(const struct nlmsghdr *nh, struct sys_neigh *e)
{
	const struct ndmsg *nd = NLMSG_DATA(nh);
	int rlen = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*nd));
	bool have_dst = false;
	struct nda_cacheinfo ci;

	memset(e, 0, sizeof(*e));
	if (rlen < 0 || nd->ndm_family != AF_INET)
		return false;
	for (const struct rtattr *a = (const struct rtattr *)((const char *)nd +
							       NLMSG_ALIGN(sizeof(*nd)));
	     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
		if (a->rta_type == NDA_DST && RTA_PAYLOAD(a) == 4) {
			memcpy(&e->addr, RTA_DATA(a), 4);
			have_dst = true;
		} else if (a->rta_type == NDA_LLADDR && RTA_PAYLOAD(a) == 6) {
			memcpy(e->mac, RTA_DATA(a), 6);
			e->have_mac = true;
		} else if (a->rta_type == NDA_CACHEINFO && RTA_PAYLOAD(a) >= sizeof(ci)) {
			memcpy(&ci, RTA_DATA(a), sizeof(ci));
			/* ndm_confirmed: ticks since the neighbour last proved alive. */
			e->confirmed_ago_ms = (int64_t)ci.ndm_confirmed * neigh_tick_ms();
			e->have_confirmed = true;
		}
	}
	if (!have_dst)
		return false;
	/* An INCOMPLETE or FAILED entry has no MAC; its state still counts. */
	e->found = true;
	e->state = nd->ndm_state;
	e->ifindex = nd->ndm_ifindex;
	return true;
}

/* Walk one netlink reply buffer (see sys_net.h). Every length is checked
 * against what is left before it is used, so a short or odd length (not a
 * multiple of 4) ends the walk instead of running past the buffer. */
int sys_neigh_parse(const void *buf, size_t n,
		    bool (*take)(const struct sys_neigh *e, void *arg), void *arg)
{
	const char *p = buf;
	size_t left = n;

	while (left > 0) {
		struct nlmsghdr nh;
		struct sys_neigh e;
		size_t step;

		if (left < sizeof(nh))
			return -1;
		memcpy(&nh, p, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > left)
			return -1;
		if (nh.nlmsg_type == NLMSG_DONE || nh.nlmsg_type == NLMSG_ERROR)
			return 1;
		if (nh.nlmsg_type == RTM_NEWNEIGH &&
		    nh.nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg))) {
			/* Decode from an aligned copy: the buffer may be any bytes. */
			struct nlmsghdr *copy = malloc(nh.nlmsg_len);
			bool more = true;

			if (!copy)
				return -1;
			memcpy(copy, p, nh.nlmsg_len);
			if (neigh_decode(copy, &e))
				more = take(&e, arg);
			free(copy);
			if (!more)
				return 1;
		}
		step = NLMSG_ALIGN(nh.nlmsg_len);
		if (step >= left)
			return 0;
		p += step;
		left -= step;
	}
	return 0;
}

/* Send one RTM_GETNEIGH dump request on nl; 0 or -1. */
static int neigh_request(int nl)
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

/* Dump the neighbour table within wait_ms, passing each entry to take().
 * True when the dump ended (or take() stopped it) in time. */
static bool neigh_dump(int wait_ms, bool (*take)(const struct sys_neigh *e, void *arg),
		       void *arg)
{
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	static const size_t cap = 16384;
	char *buf;
	bool done = false;
	int64_t until = clock_ms() + (wait_ms < 1 ? 1 : wait_ms);

	if (nl < 0)
		return false;
	buf = malloc(cap);
	if (!buf || neigh_request(nl) < 0) {
		free(buf);
		close(nl);
		return false;
	}
	while (!done) {
		struct pollfd pfd = { nl, POLLIN, 0 };
		int wait = (int)(until - clock_ms());
		ssize_t n;
		int st;

		if (wait <= 0 || poll(&pfd, 1, wait) <= 0)
			break;
		n = recv(nl, buf, cap, 0);
		if (n <= 0)
			break;
		st = sys_neigh_parse(buf, (size_t)n, take, arg);
		if (st < 0)
			break;
		done = st == 1;
	}
	free(buf);
	close(nl);
	return done;
}

struct neigh_find {
	uint32_t addr;
	struct sys_neigh *out;
};

/* take() for sys_neigh_lookup: stop at addr's entry. */
static bool neigh_take_one(const struct sys_neigh *e, void *arg)
{
	struct neigh_find *f = arg;
	int64_t asked = f->out->asked_ms;

	if (e->addr != f->addr)
		return true;
	*f->out = *e;
	f->out->asked_ms = asked;
	return false;
}

/* addr's entry in the neighbour table. */
bool sys_neigh_lookup(uint32_t addr, int wait_ms, struct sys_neigh *out)
{
	struct neigh_find f = { addr, out };

	memset(out, 0, sizeof(*out));
	/* Before the request: confirmed_at is never later than the truth. */
	out->asked_ms = clock_ms();
	return neigh_dump(wait_ms, neigh_take_one, &f);
}

struct neigh_collect {
	int ifindex, n, max;
	struct sys_neigh *out;
};

/* take() for sys_neigh_list: every entry with a MAC on the interface. */
static bool neigh_take_all(const struct sys_neigh *e, void *arg)
{
	struct neigh_collect *c = arg;

	if (e->have_mac && (c->ifindex == 0 || e->ifindex == c->ifindex) &&
	    !(e->state & (NUD_INCOMPLETE | NUD_FAILED)))
		c->out[c->n++] = *e;
	return c->n < c->max;
}

/* Every IPv4 entry with a MAC on ifindex. */
int sys_neigh_list(int ifindex, int wait_ms, struct sys_neigh *out, int max)
{
	struct neigh_collect c = { ifindex, 0, max, out };

	if (max <= 0)
		return 0;
	if (!neigh_dump(wait_ms, neigh_take_all, &c) && c.n < max)
		return -1;
	return c.n;
}

/* Read one integer from /proc/sys/net/ipv4/neigh/<ifname>/<name>; def when
 * it cannot be read. */
static long neigh_sysctl(const char *ifname, const char *name, long def)
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
int sys_neigh_recheck_ms(const char *ifname)
{
	long delay = neigh_sysctl(ifname, "delay_first_probe_time", 5);
	long retrans = neigh_sysctl(ifname, "retrans_time_ms", 1000);

	if (delay > 30)
		delay = 30;
	if (retrans > 5000)
		retrans = 5000;
	return (int)(delay * 1000 + retrans);
}

/* "aa:bb:cc:dd:ee:ff". */
void sys_mac_format(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* Value of one hex digit, -1 when c is not one. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six colon-separated hex pairs, nothing after them. Checked by hand:
 * sscanf's %2x also takes a sign, blanks, "0x" and single digits. */
bool sys_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t b[6];

	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		int hi = hex_value(p[0]), lo = hi < 0 ? -1 : hex_value(p[1]);

		if (lo < 0 || p[2] != (i < 5 ? ':' : '\0'))
			return false;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, b, 6);
	return true;
}

/* Dotted quad, "?" when it cannot be printed. */
void sys_ip_format(uint32_t ip, char out[16])
{
	struct in_addr a = { ip };

	if (!inet_ntop(AF_INET, &a, out, 16))
		snprintf(out, 16, "?");
}

/* /proc/net/wireless lines look like
 *  "  wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0"
 * (status, link quality, level, noise; a '.' marks an updated value). Old
 * drivers give the level as an unsigned byte: 200 means -56 dBm. */
bool sys_wifi_parse(const char *text, size_t len, const char *ifname,
		    struct sys_wifi *out)
{
	const char *p = text, *end = text + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *start = p;
		char line[256], *colon, *name = line;
		unsigned status;
		double q, lvl;

		p += n + (nl ? 1 : 0);
		/* A line this long is no interface's; a NUL ends a line. */
		if (n >= sizeof(line))
			continue;
		memcpy(line, start, n);
		line[n] = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		while (*name == ' ' || *name == '\t')
			name++;
		*colon = '\0';
		if (strcmp(name, ifname) != 0)
			continue;
		/* strtod takes the trailing '.' of an updated value as well. */
		if (sscanf(colon + 1, " %x %lf %lf", &status, &q, &lvl) < 3)
			return false;
		out->quality = q;
		/* cfg80211's wext compatibility scales quality to 0..70. */
		out->quality_pct = q <= 70 ? q * 100.0 / 70.0 : 100.0;
		if (lvl > 0 && lvl <= 255)
			lvl -= 256;
		out->level_dbm = lvl;
		out->level_valid = lvl < 0 && lvl > -150;
		return true;
	}
	return false;
}

/* ifname's line of the kernel's wireless table (or a file like it). */
bool sys_wifi_read(const char *path, const char *ifname, struct sys_wifi *out)
{
	size_t len;
	char *text = table_read(path ? path : WIRELESS_PATH, WIRELESS_TEXT_MAX, &len);
	bool found = false;

	memset(out, 0, sizeof(*out));
	if (text)
		found = sys_wifi_parse(text, len, ifname, out);
	free(text);
	return found;
}
