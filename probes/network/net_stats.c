/* net_stats.c - loss with its confidence interval, RTT summary and jitter. */
#include "network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two-sided 95 % normal quantile. */
#define NET_Z95 1.959963984540054

/* Adaptive grace bounds (see net_grace_ms). */
#define NET_GRACE_MIN_MS 250
#define NET_GRACE_RTT_FACTOR 3.0

/* 95 % Wilson score interval of k in n, in percent. */
void net_wilson_pct(int k, int n, double *low, double *high)
{
	double p, z2, denom, centre, half;

	if (n <= 0) {
		*low = 0;
		*high = 100;
		return;
	}
	/* Wilson (1927) score interval. */
	p = (double)k / n;
	z2 = NET_Z95 * NET_Z95;
	denom = 1.0 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / denom;
	half = NET_Z95 / denom * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * (double)n));
	*low = fmax(0.0, centre - half) * 100.0;
	*high = fmin(1.0, centre + half) * 100.0;
}

/* qsort comparator for doubles. */
static int net_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of v. */
double net_percentile(const double *v, int n, double p)
{
	double *tmp, r;
	int rank;

	if (n <= 0)
		return 0;
	tmp = malloc((size_t)n * sizeof(*tmp));
	if (!tmp)
		return v[n - 1];
	memcpy(tmp, v, (size_t)n * sizeof(*tmp));
	qsort(tmp, (size_t)n, sizeof(*tmp), net_cmp_double);
	/* Nearest rank: ceil(p/100 × n), 1-based. */
	rank = (int)ceil(p / 100.0 * n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	r = tmp[rank - 1];
	free(tmp);
	return r;
}

/* Mean |ΔRTT| of consecutive replies and RFC 3550 J. */
void net_jitter(const double *v, int n, double *mean_abs, double *rfc3550)
{
	double sum = 0, j = 0;

	for (int i = 1; i < n; i++) {
		double d = fabs(v[i] - v[i - 1]);

		sum += d;
		/* RFC 3550 §6.4.1: J += (|D(i-1,i)| - J) / 16. */
		j += (d - j) / 16.0;
	}
	*mean_abs = n > 1 ? sum / (n - 1) : 0;
	*rfc3550 = j;
}

/* Loss with its interval, RTT summary and jitter of one run. */
void net_stats_compute(int sent, int received, const double *rtt, int n_rtt,
		       struct net_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (sent > 0) {
		int lost = sent - received;

		out->loss_pct = 100.0 * lost / sent;
		net_wilson_pct(lost, sent, &out->loss_ci_low_pct, &out->loss_ci_high_pct);
	}
	if (n_rtt > 0) {
		double sum = 0;

		out->have_rtt = true;
		out->rtt_min_ms = out->rtt_max_ms = rtt[0];
		for (int i = 0; i < n_rtt; i++) {
			sum += rtt[i];
			out->rtt_min_ms = fmin(out->rtt_min_ms, rtt[i]);
			out->rtt_max_ms = fmax(out->rtt_max_ms, rtt[i]);
		}
		out->rtt_avg_ms = sum / n_rtt;
		out->rtt_p95_ms = net_percentile(rtt, n_rtt, 95);
	}
	if (n_rtt > 1) {
		out->have_jitter = true;
		net_jitter(rtt, n_rtt, &out->jitter_ms, &out->jitter_rfc3550_ms);
	}
}

/* How long to wait for a reply before calling it lost. */
int net_grace_ms(const double *rtt, int n_rtt, int cap_ms)
{
	double g;

	if (n_rtt <= 0)
		return cap_ms;
	g = NET_GRACE_RTT_FACTOR * net_percentile(rtt, n_rtt, 95);
	if (g < NET_GRACE_MIN_MS)
		g = NET_GRACE_MIN_MS;
	if (g > cap_ms)
		g = cap_ms;
	return (int)ceil(g);
}
