/* lan_sweep.c - every device on the shop LAN: ARP requests to each address
 * of our subnet, paced, while every ARP frame on the interface is heard
 * (replies, requests, gratuitous announcements from any address). */
#include "lan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "clock.h"

/* Time kept free at the end of a run for the verdict and the vendor names. */
#define SWEEP_MARGIN_MS  400
/* Listening after a pass before the next one, and after the last request. */
#define PASS_GAP_MS      250
#define LAST_ANSWER_MS   400

/* Our subnet's host addresses (or only the configured ones inside it). */
int lan_targets(uint32_t ip, uint32_t mask, const uint32_t *extra, int n_extra,
		uint32_t *out, int max, bool *whole)
{
	uint32_t h_ip = ntohl(ip), h_mask = ntohl(mask);
	uint32_t net = h_ip & h_mask, bcast = net | ~h_mask;
	int prefix = sys_prefix_len(mask), n = 0;

	*whole = prefix >= LAN_SWEEP_MAX_PREFIX && prefix <= 30;
	if (*whole) {
		for (uint32_t a = net + 1; a < bcast && n < max; a++)
			if (a != h_ip)
				out[n++] = htonl(a);
		return n;
	}
	for (int i = 0; i < n_extra && n < max; i++) {
		uint32_t a = ntohl(extra[i]);
		bool dup = false;

		if ((a & h_mask) != net || a == net || a == bcast || a == h_ip)
			continue;
		for (int j = 0; j < n; j++)
			dup |= out[j] == extra[i];
		if (!dup)
			out[n++] = extra[i];
	}
	return n;
}

/* Which entry holds (mac, ip). */
int lan_seen_find(const struct lan_seen *seen, const uint8_t mac[6], uint32_t ip)
{
	for (int i = 0; i < seen->n; i++)
		if (memcmp(seen->d[i].mac, mac, 6) == 0 && (!ip || seen->d[i].ip == ip))
			return i;
	return -1;
}

/* Count one frame's claim: its sender MAC holds its sender address. */
void lan_seen_add(struct lan_seen *seen, const struct arp_frame *f, bool answers_us)
{
	struct lan_device *d;
	int i;

	/* RFC 5227 probes (sender 0.0.0.0) claim nothing yet. */
	if (f->spa == 0 || f->spa == 0xffffffffu)
		return;
	seen->frames++;
	i = lan_seen_find(seen, f->sha, f->spa);
	if (i < 0) {
		if (seen->n == LAN_MAX_DEVICES) {
			seen->full = true;
			return;
		}
		i = seen->n++;
		d = &seen->d[i];
		memset(d, 0, sizeof(*d));
		memcpy(d->mac, f->sha, 6);
		d->ip = f->spa;
		d->first_us = f->at_us;
	}
	d = &seen->d[i];
	d->frames++;
	d->last_us = f->at_us;
	d->answered |= answers_us;
	d->announced |= f->spa == f->tpa;
}

/* Whether some device answered our request for ip. */
static bool target_answered(const struct lan_seen *seen, uint32_t ip)
{
	for (int i = 0; i < seen->n; i++)
		if (seen->d[i].ip == ip && seen->d[i].answered)
			return true;
	return false;
}

/* Take every frame that arrives until until_us. 0, or -1 (errno). */
static int listen_until(struct probe_ctx *ctx, struct arp_sock *s, uint32_t our_ip,
			int64_t until_us, struct lan_seen *seen)
{
	struct arp_frame f;
	int rc;

	while (!probe_cancelled(ctx) && (rc = arp_sock_recv(s, until_us, &f)) != 0) {
		if (rc < 0)
			return -1;
		lan_seen_add(seen, &f, f.op == ARP_OP_REPLY && f.tpa == our_ip);
	}
	return 0;
}

/* The sweep: paced requests, listening all along. */
int lan_sweep(struct probe_ctx *ctx, struct arp_sock *s, const struct lan_plan *plan,
	      struct lan_seen *seen)
{
	int64_t start = clock_us();
	int64_t hard_end = start + (int64_t)(probe_remaining_ms(ctx) - SWEEP_MARGIN_MS) * 1000;
	int64_t interval = 1000000 / (plan->rate > 0 ? plan->rate : 1);
	int64_t next = start, listen_end = start + (int64_t)plan->listen_ms * 1000;

	memset(seen, 0, offsetof(struct lan_seen, d));
	for (int pass = 0; pass < plan->passes; pass++) {
		if (pass > 0 && listen_until(ctx, s, plan->our_ip,
					     clock_us() + PASS_GAP_MS * 1000, seen) != 0)
			return -1;
		for (int i = 0; i < plan->n_targets; i++) {
			if (probe_cancelled(ctx) || clock_us() >= hard_end)
				return 0;
			if (pass > 0 && target_answered(seen, plan->targets[i]))
				continue;
			if (arp_sock_send(s, plan->our_ip, plan->targets[i], NULL) != 0 &&
			    errno != ENOBUFS && errno != EAGAIN)
				return -1;
			probe_progress(ctx, i + 1 + pass * plan->n_targets,
				       plan->n_targets * plan->passes);
			next += interval;
			if (listen_until(ctx, s, plan->our_ip,
					 next < hard_end ? next : hard_end, seen) != 0)
				return -1;
		}
	}
	/* The last answers, and the announcements heard only by listening. */
	if (listen_end < clock_us() + LAST_ANSWER_MS * 1000)
		listen_end = clock_us() + LAST_ANSWER_MS * 1000;
	return listen_until(ctx, s, plan->our_ip, listen_end < hard_end ? listen_end : hard_end,
			    seen);
}
