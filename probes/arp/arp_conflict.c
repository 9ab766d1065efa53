/* arp_conflict.c - arp.conflict: is another device using our IPv4 address?
 *
 * RFC 5227 probes (sender IP 0.0.0.0, our MAC) for each of our addresses.
 * Any ARP frame from another MAC whose sender IP is our address, or a probe
 * of its own for our address, is a claimant. The verdict "conflict" is
 * reached at the first claimant; the check then keeps listening a little to
 * list every claimant that answered the same probe, and returns.
 */
#include "arp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"

/* RFC 5227 §1.1 timing constants (milliseconds). */
#define RFC_PROBE_WAIT_MS    1000
#define RFC_PROBE_NUM        3
#define RFC_PROBE_MIN_MS     1000
#define RFC_PROBE_MAX_MS     2000
#define RFC_ANNOUNCE_WAIT_MS 2000

#define FAST_MAX_PROBES  20
#define FAST_MIN_WAIT_MS 10
/* After the first claimant: listen at least this long, or twice the time it
 * took to answer, for others answering the same probe. */
#define GATHER_MIN_MS    5
/* Leave this much of the runner's budget unused, to report in time. */
#define DEADLINE_MARGIN_MS 50
/* Longest single wait, so that cancel is noticed promptly. */
#define POLL_SLICE_MS    50

struct conflict_plan {
	int n_probes;
	int64_t send_us[FAST_MAX_PROBES];   /* when each probe goes out */
	int64_t end_us;                     /* end of the listening window */
	bool cut;                           /* the deadline shortened it */
};

/* A random number of milliseconds in [lo, hi] (timing jitter, not secrets). */
static int rand_between(unsigned int *seed, int lo, int hi)
{
	return lo + (int)(rand_r(seed) % (unsigned int)(hi - lo + 1));
}

/* Plan the probe times from now: fast (probes in the first half of wait_ms,
 * counted from run_us, when the check started)
 * or RFC 5227 §2.1.1 (random PROBE_WAIT, PROBE_MIN..PROBE_MAX apart, then
 * ANNOUNCE_WAIT). The window never runs past the deadline. */
static void conflict_plan_make(const struct config *cfg, int64_t run_us, int64_t now_us,
			       int64_t deadline_us, struct conflict_plan *pl)
{
	memset(pl, 0, sizeof(*pl));
	if (cfg->arp.mode == ARP_MODE_RFC) {
		unsigned int seed = (unsigned int)now_us ^ (unsigned int)getpid();
		int64_t t = now_us + rand_between(&seed, 0, RFC_PROBE_WAIT_MS) * 1000LL;

		pl->n_probes = RFC_PROBE_NUM;
		for (int i = 0; i < RFC_PROBE_NUM; i++) {
			pl->send_us[i] = t;
			if (i + 1 < RFC_PROBE_NUM)
				t += rand_between(&seed, RFC_PROBE_MIN_MS, RFC_PROBE_MAX_MS) * 1000LL;
		}
		pl->end_us = t + RFC_ANNOUNCE_WAIT_MS * 1000LL;
	} else {
		int n = cfg->arp.probes < 1 ? 1 : cfg->arp.probes;
		int wait = cfg->arp.wait_ms < FAST_MIN_WAIT_MS ? FAST_MIN_WAIT_MS
							       : cfg->arp.wait_ms;
		int64_t spacing;

		if (n > FAST_MAX_PROBES)
			n = FAST_MAX_PROBES;
		spacing = (int64_t)wait * 1000 / (2 * n);
		pl->n_probes = n;
		for (int i = 0; i < n; i++)
			pl->send_us[i] = now_us + i * spacing;
		/* The whole check, set-up included, fits in wait_ms. */
		pl->end_us = run_us + (int64_t)wait * 1000;
	}
	if (pl->end_us > deadline_us) {
		pl->end_us = deadline_us;
		pl->cut = true;
	}
}

/* The address of ours that frame f claims, with *probe set when f is a
 * probe of its own; 0 when f claims none of them. */
static uint32_t conflict_claimed_ip(const struct sys_iface *ifc,
				    const struct arp_frame *f, bool *probe)
{
	for (int i = 0; i < ifc->n_addrs; i++) {
		if (f->spa == ifc->addrs[i]) {
			*probe = false;
			return f->spa;
		}
		if (f->spa == 0 && f->op == ARP_OP_REQUEST && f->tpa == ifc->addrs[i]) {
			*probe = true;
			return f->tpa;
		}
	}
	return 0;
}

/* Fill the result from what the window saw. */
static void conflict_report(struct check_result *res, const struct sys_iface *ifc,
			    const struct arp_claims *cl, int sent, int64_t start_us,
			    int64_t first_us, const struct arp_drops *drops)
{
	char list[ARG_VALUE_MAX] = "";
	size_t used = 0;

	arp_result_iface_facts(res, ifc);
	result_metric(res, "probes_sent", sent);
	result_metric(res, "claimants", cl->n);
	result_metric(res, "frames_ignored",
		      drops->own_mac + drops->spoofed_src + drops->vlan + drops->malformed);
	for (int i = 0; i < cl->n; i++) {
		const struct arp_claim *c = &cl->c[i];
		char mac[18], ip[16], vendor[ARP_VENDOR_MAX];
		int w;

		sys_mac_format(c->mac, mac);
		sys_ip_format(c->ip, ip);
		arp_oui_vendor(c->mac, vendor, sizeof(vendor));
		if (i == 0) {
			result_arg(res, "mac", "%s", mac);
			result_arg(res, "vendor", "%s", vendor[0] ? vendor : "?");
			result_arg(res, "ip", "%s", ip);
			result_metric_text(res, "other_mac", mac);
			result_metric_text(res, "other_vendor", vendor[0] ? vendor : "unknown");
		}
		/* The list is shown as it is in every language: a maker's name
		 * is a name, "locally administered" is words (the vendor
		 * argument and metric carry them, translated). */
		if (strcmp(vendor, "locally administered") == 0)
			vendor[0] = '\0';
		w = snprintf(list + used, sizeof(list) - used, "%s%s%s%s%s",
			     i ? ", " : "", mac, vendor[0] ? " (" : "", vendor,
			     vendor[0] ? ")" : "");
		if (w > 0)
			used = used + (size_t)w < sizeof(list) ? used + (size_t)w : sizeof(list) - 1;
		result_detail(res, "claimant %s %s claims %s: %d frame(s), first after %.1f ms%s",
			      mac, vendor[0] ? vendor : "(unknown vendor)", ip, c->frames,
			      (double)(c->first_us - start_us) / 1000.0,
			      c->probe ? " (it is probing for the address itself)" : "");
	}
	if (drops->own_mac)
		result_detail(res, "ignored %d frame(s) from this computer's own interfaces",
			      drops->own_mac);
	if (drops->spoofed_src)
		result_detail(res, "ignored %d frame(s) whose Ethernet source differs from the ARP sender",
			      drops->spoofed_src);
	if (drops->vlan)
		result_detail(res, "ignored %d frame(s) tagged for another VLAN or sent to another device",
			      drops->vlan);
	if (cl->n > 0) {
		result_set(res, STATUS_FAIL, "arp.conflict");
		result_arg(res, "claimants", "%s", list);
		result_metric(res, "first_claim_ms", (double)(first_us - start_us) / 1000.0);
	} else {
		result_set(res, STATUS_OK, "arp.ok");
	}
}

/* arp.conflict: probe for our addresses, list every claimant. */
void arp_conflict_run(struct probe_ctx *ctx, struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	struct sys_iface ifc;
	struct arp_sock s;
	struct arp_claims claims;
	struct conflict_plan plan;
	enum arp_if_problem pb;
	int64_t run_us = clock_us(), start_us, first_us = 0, end_us;
	int sent = 0, next = 0, send_err = 0;

	arp_iface_choose(cfg, &ifc);
	pb = arp_iface_problem(&ifc);
	if (pb != ARP_IF_USABLE) {
		arp_result_iface(res, &ifc, pb);
		return;
	}
	if (arp_sock_open(&s, &ifc, ifc.addrs, ifc.n_addrs, true) != 0) {
		arp_result_sock_error(res, errno, "ARP socket");
		arp_result_iface_facts(res, &ifc);
		return;
	}
	memset(&claims, 0, sizeof(claims));
	start_us = clock_us();
	conflict_plan_make(cfg, run_us, start_us,
			   start_us + (int64_t)(probe_remaining_ms(ctx) - DEADLINE_MARGIN_MS) * 1000,
			   &plan);
	end_us = plan.end_us;
	while (!probe_cancelled(ctx)) {
		int64_t now = clock_us(), until;
		struct arp_frame f;
		int rc;

		/* Probes stop once a claimant is known: the verdict is in. */
		while (next < plan.n_probes && plan.send_us[next] <= now && claims.n == 0) {
			for (int i = 0; i < ifc.n_addrs; i++) {
				if (arp_sock_send(&s, 0, ifc.addrs[i], NULL) == 0)
					sent++;
				else
					send_err = errno;
			}
			next++;
			probe_progress(ctx, next, plan.n_probes);
		}
		if (now >= end_us)
			break;
		until = end_us;
		if (next < plan.n_probes && claims.n == 0 && plan.send_us[next] < until)
			until = plan.send_us[next];
		if (until > now + POLL_SLICE_MS * 1000)
			until = now + POLL_SLICE_MS * 1000;
		rc = arp_sock_recv(&s, until, &f);
		if (rc < 0) {
			int err = errno;

			arp_sock_close(&s);
			arp_result_sock_error(res, err, "receiving ARP");
			return;
		}
		if (rc == 1) {
			bool probe = false;
			uint32_t ip = conflict_claimed_ip(&ifc, &f, &probe);

			if (!ip)
				continue;
			if (claims.n == 0) {
				int64_t since_send, gather;

				first_us = f.at_us;
				since_send = next > 0 ? f.at_us - plan.send_us[next - 1] : 0;
				gather = 2 * since_send;
				if (gather < GATHER_MIN_MS * 1000)
					gather = GATHER_MIN_MS * 1000;
				if (f.at_us + gather < end_us)
					end_us = f.at_us + gather;
			}
			arp_claims_add(&claims, f.sha, ip, probe, f.at_us);
		}
	}
	result_metric(res, "window_ms", (double)(clock_us() - start_us) / 1000.0);
	arp_sock_close(&s);
	conflict_report(res, &ifc, &claims, sent, start_us, first_us, &s.drops);
	/* Not one probe left: that is no clean bill of health. */
	if (sent == 0 && claims.n == 0 && send_err) {
		arp_result_sock_error(res, send_err, "sending ARP probes");
		return;
	}
	/* From the first probe to the verdict with every claimant named. */
	result_metric(res, "verdict_ms", (double)(clock_us() - start_us) / 1000.0);
	/* Never "clean" from a window the deadline or a cancel cut short. */
	if (claims.n == 0 && (plan.cut || next < plan.n_probes || clock_us() < end_us)) {
		result_set(res, STATUS_FAIL, "check.error");
		result_error(res, "error.check.cut_short",
			     "stopped after %d of %d probes, before the listening window ended",
			     next, plan.n_probes);
	}
}
