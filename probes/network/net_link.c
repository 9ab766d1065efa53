/* net_link.c - network.link: the interface carrying the default route is up,
 * has carrier and an IPv4 address that DHCP gave (not 169.254/16), and, on
 * Wi-Fi, a usable signal.
 */
#include "network.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

/* RFC 3927 §2.1: IPv4 link-local addresses, 169.254/16. */
#define NET_LINKLOCAL_NET  0xa9fe0000u
#define NET_LINKLOCAL_MASK 0xffff0000u

#define NET_WIRELESS_PROC "/proc/net/wireless"

/* The interface to judge: configured, else the default route's, else a guess. */
bool net_pick_interface(const struct config *cfg, char *name, size_t len)
{
	struct net_route rt;

	if (cfg->network.interface[0] && strcmp(cfg->network.interface, "auto") != 0) {
		snprintf(name, len, "%s", cfg->network.interface);
		return true;
	}
	if (net_route_default(&rt) && rt.ifname[0]) {
		snprintf(name, len, "%s", rt.ifname);
		return true;
	}
	return net_iface_pick(name, len);
}

/* Read the link speed from sysfs (Mb/s), -1 when unknown (Wi-Fi, veth). */
static int net_link_speed(const char *ifname)
{
	char path[96];
	FILE *f;
	int speed = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/speed", ifname);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &speed) != 1)
		speed = -1;
	fclose(f);
	return speed;
}

/* Add the Wi-Fi figures and judge the signal; true when it is weak. */
static bool net_link_wifi(const struct config *cfg, const struct net_iface *ifc,
			  struct check_result *res)
{
	struct net_wifi w;

	if (!net_wifi_read(NET_WIRELESS_PROC, ifc->name, &w))
		return false;
	result_metric(res, "wifi_quality_pct", w.quality_pct);
	if (!w.level_valid)
		return false;
	result_metric(res, "wifi_signal_dbm", w.level_dbm);
	result_arg(res, "signal_dbm", "%.0f", w.level_dbm);
	result_arg(res, "signal_warn_dbm", "%d", cfg->network.thresholds.wifi_warn_dbm);
	return w.level_dbm < cfg->network.thresholds.wifi_warn_dbm;
}

/* network.link: up, carrier, an address from DHCP, Wi-Fi signal. */
void net_link_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct net_iface ifc;
	char name[32], addr[INET_ADDRSTRLEN];
	int speed;

	if (!net_pick_interface(cfg, name, sizeof(name))) {
		result_set(res, STATUS_FAIL, "net.no_interface");
		result_arg(res, "iface", "%s", "-");
		return;
	}
	result_arg(res, "iface", "%s", name);
	result_metric_text(res, "interface", name);
	net_iface_read(name, &ifc);
	if (!ifc.exists) {
		result_set(res, STATUS_FAIL, "net.no_interface");
		return;
	}
	result_metric(res, "link_up", ifc.up ? 1 : 0);
	result_metric(res, "carrier", ifc.carrier ? 1 : 0);
	result_metric_text(res, "link_type", ifc.wireless ? "wifi" : "wired");
	if (!ifc.up || !ifc.carrier) {
		result_set(res, STATUS_FAIL, "net.no_link");
		result_metric_text(res, "link_state", !ifc.up ? "down" : "no-carrier");
		result_detail(res, "%s: %s", name, !ifc.up ? "administratively down"
							   : "up, no carrier (cable or peer)");
		return;
	}
	speed = net_link_speed(name);
	if (speed > 0)
		result_metric(res, "speed_mbps", speed);
	if (ifc.n_addrs == 0) {
		result_set(res, STATUS_FAIL, "net.no_address");
		return;
	}
	inet_ntop(AF_INET, &ifc.addr, addr, sizeof(addr));
	result_arg(res, "address", "%s", addr);
	result_metric_text(res, "address", addr);
	result_metric(res, "prefix_len", ifc.prefix_len);
	if ((ntohl(ifc.addr.s_addr) & NET_LINKLOCAL_MASK) == NET_LINKLOCAL_NET) {
		result_set(res, STATUS_FAIL, "net.self_assigned");
		return;
	}
	if (ifc.wireless && net_link_wifi(cfg, &ifc, res)) {
		result_set(res, STATUS_WARN, "net.wifi_weak");
		return;
	}
	result_set(res, STATUS_OK, "net.ok");
}
