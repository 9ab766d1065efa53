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

/* The interface the checks judge: one rule for every module. */
enum sys_iface_how net_judged_iface(const struct config *cfg, struct sys_iface *out)
{
	return sys_iface_judged(config_interface(cfg, cfg->network.interface), out);
}

/* Add the Wi-Fi figures and judge the signal; true when it is weak. */
static bool net_link_wifi(const struct config *cfg, const struct sys_iface *ifc,
			  struct check_result *res)
{
	struct sys_wifi w;

	if (!sys_wifi_read(NULL, ifc->name, &w))
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
	struct sys_iface ifc;
	char addr[INET_ADDRSTRLEN];
	const char *name;
	enum sys_iface_how how = net_judged_iface(cfg, &ifc);
	struct in_addr a;
	int speed;

	if (how == SYS_IFACE_NONE) {
		/* Nothing configured and nothing found: no name to talk about. */
		result_set(res, STATUS_FAIL, "net.no_adapter");
		result_arg(res, "iface", "%s", "-");
		result_metric_text(res, "interface_choice", sys_iface_how_name(how));
		return;
	}
	name = ifc.name;
	result_arg(res, "iface", "%s", name);
	result_metric_text(res, "interface", name);
	result_metric_text(res, "interface_choice", sys_iface_how_name(how));
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
	speed = sys_iface_speed(name);
	if (speed > 0)
		result_metric(res, "speed_mbps", speed);
	if (ifc.n_addrs == 0) {
		result_set(res, STATUS_FAIL, "net.no_address");
		return;
	}
	a.s_addr = ifc.addrs[0];
	inet_ntop(AF_INET, &a, addr, sizeof(addr));
	result_arg(res, "address", "%s", addr);
	result_metric_text(res, "address", addr);
	result_metric(res, "prefix_len", sys_prefix_len(ifc.masks[0]));
	if ((ntohl(ifc.addrs[0]) & NET_LINKLOCAL_MASK) == NET_LINKLOCAL_NET) {
		result_set(res, STATUS_FAIL, "net.self_assigned");
		return;
	}
	if (ifc.wireless && net_link_wifi(cfg, &ifc, res)) {
		result_set(res, STATUS_WARN, "net.wifi_weak");
		return;
	}
	result_set(res, STATUS_OK, "net.ok");
}
