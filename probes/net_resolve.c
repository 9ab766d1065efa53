/* net_resolve.c - the system resolver (getaddrinfo) with a deadline.
 *
 * getaddrinfo() cannot be interrupted and a dead resolver keeps it busy for
 * timeout × attempts × servers (10 s and more). The lookup runs on a small
 * detached thread; the caller waits on a condition variable in short slices,
 * watching cancel and its deadline, and walks away when time is up. The last
 * of the two to leave frees the shared record.
 */
#include "network.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "clock.h"

struct lookup {
	pthread_mutex_t lock;
	pthread_cond_t done_cv;
	int refs;                 /* caller + thread */
	bool done;
	int rc;
	struct in_addr addr;
	char name[256];
};

/* Whether name is a dotted IPv4 address. */
bool net_is_ipv4_literal(const char *name)
{
	struct in_addr a;

	return inet_pton(AF_INET, name, &a) == 1;
}

/* Drop one reference; frees the record with the last. */
static void net_lookup_put(struct lookup *l)
{
	bool last;

	pthread_mutex_lock(&l->lock);
	last = --l->refs == 0;
	pthread_mutex_unlock(&l->lock);
	if (last) {
		pthread_cond_destroy(&l->done_cv);
		pthread_mutex_destroy(&l->lock);
		free(l);
	}
}

/* Thread body: one getaddrinfo for an IPv4 address. */
static void *net_lookup_main(void *arg)
{
	struct lookup *l = arg;
	struct addrinfo hints, *ai = NULL;
	struct in_addr addr = { 0 };
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(l->name, NULL, &hints, &ai);
	if (rc == 0 && ai && ai->ai_addr)
		addr = ((struct sockaddr_in *)ai->ai_addr)->sin_addr;
	else if (rc == 0)
		rc = EAI_NONAME;
	if (ai)
		freeaddrinfo(ai);
	pthread_mutex_lock(&l->lock);
	l->rc = rc;
	l->addr = addr;
	l->done = true;
	pthread_cond_signal(&l->done_cv);
	pthread_mutex_unlock(&l->lock);
	net_lookup_put(l);
	return NULL;
}

/* Start the lookup thread; NULL on failure (errno). */
static struct lookup *net_lookup_start(const char *name)
{
	struct lookup *l = calloc(1, sizeof(*l));
	pthread_condattr_t ca;
	pthread_attr_t at;
	pthread_t th;
	int err;

	if (!l)
		return NULL;
	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->done_cv, &ca);
	pthread_condattr_destroy(&ca);
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->refs = 2;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&at, 256 * 1024);
	err = pthread_create(&th, &at, net_lookup_main, l);
	pthread_attr_destroy(&at);
	if (err) {
		pthread_cond_destroy(&l->done_cv);
		pthread_mutex_destroy(&l->lock);
		free(l);
		errno = err;
		return NULL;
	}
	return l;
}

/* Resolve name within timeout_ms (see network.h). */
int net_resolve(struct probe_ctx *ctx, const char *name, int timeout_ms,
		struct in_addr *out, double *took_ms)
{
	int64_t t0 = clock_us(), until = clock_ms() + timeout_ms;
	struct lookup *l;
	int rc;

	*took_ms = 0;
	out->s_addr = 0;
	if (inet_pton(AF_INET, name, out) == 1)
		return 0;
	l = net_lookup_start(name);
	if (!l)
		return EAI_SYSTEM;
	pthread_mutex_lock(&l->lock);
	while (!l->done) {
		struct timespec ts;
		int64_t now = clock_ms(), step = until - now;

		if (step <= 0 || probe_cancelled(ctx) || probe_remaining_ms(ctx) <= 0)
			break;
		if (step > 50)
			step = 50;
		ts = clock_deadline_ts(step);
		pthread_cond_timedwait(&l->done_cv, &l->lock, &ts);
	}
	rc = l->done ? l->rc : EAI_AGAIN;
	if (l->done)
		*out = l->addr;
	pthread_mutex_unlock(&l->lock);
	net_lookup_put(l);
	*took_ms = (double)(clock_us() - t0) / 1000.0;
	return rc;
}
