/* sys_resolve.c - the system resolver (getaddrinfo) with a deadline, and the
 * nameservers it asks.
 *
 * getaddrinfo() cannot be interrupted and a dead resolver keeps it busy for
 * timeout × attempts × servers (10 s and more). The lookup runs on a small
 * detached thread; the caller waits on a condition variable in short slices,
 * watching cancel and its deadline, and walks away when time is up. The last
 * of the two to leave frees the shared record.
 */
#include "sys_resolve.h"

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

#define RESOLV_CONF "/etc/resolv.conf"

struct lookup {
	pthread_mutex_t lock;
	pthread_cond_t done_cv;
	int refs;                 /* caller + thread */
	bool done;
	int rc;
	struct in_addr addr;
	char name[256];
};

/* The catalogue key for a resolver code (sys_resolve.h). */
const char *sys_resolve_error_key(int rc)
{
	switch (rc) {
	case EAI_AGAIN: return "error.resolver.again";
	case EAI_NONAME: return "error.resolver.noname";
#ifdef EAI_NODATA
	case EAI_NODATA: return "error.resolver.nodata";
#endif
	case EAI_FAIL: return "error.resolver.fail";
	case EAI_MEMORY: return "error.resolver.memory";
	default: return "error.resolver.other";
	}
}

/* The raw English words for a resolver code. */
const char *sys_resolve_error_words(int rc)
{
	/* sys_resolve() gives EAI_AGAIN when its deadline passed. */
	return rc == EAI_AGAIN ? "no answer in time" : gai_strerror(rc);
}

/* Whether name is a dotted IPv4 address. */
bool sys_is_ipv4_literal(const char *name)
{
	struct in_addr a;

	return inet_pton(AF_INET, name, &a) == 1;
}

/* Drop one reference; frees the record with the last. */
static void lookup_put(struct lookup *l)
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
static void *lookup_main(void *arg)
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
	lookup_put(l);
	return NULL;
}

/* Start the lookup thread; NULL on failure (errno). */
static struct lookup *lookup_start(const char *name)
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
	err = pthread_create(&th, &at, lookup_main, l);
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

/* Resolve name before deadline_ms (see sys_resolve.h). */
int sys_resolve(const char *name, int64_t deadline_ms, bool (*stop)(void *arg), void *arg,
		uint32_t *out, double *took_ms)
{
	int64_t t0 = clock_us();
	struct in_addr a;
	struct lookup *l;
	int rc;

	*took_ms = 0;
	*out = 0;
	if (inet_pton(AF_INET, name, &a) == 1) {
		*out = a.s_addr;
		return 0;
	}
	l = lookup_start(name);
	if (!l)
		return EAI_SYSTEM;
	pthread_mutex_lock(&l->lock);
	while (!l->done) {
		struct timespec ts;
		int64_t step = deadline_ms - clock_ms();

		if (step <= 0 || (stop && stop(arg)))
			break;
		/* Short slices: stop() is polled, not signalled. */
		ts = clock_ms_timespec(clock_ms() + (step > 50 ? 50 : step));
		pthread_cond_timedwait(&l->done_cv, &l->lock, &ts);
	}
	rc = l->done ? l->rc : EAI_AGAIN;
	if (l->done)
		*out = l->addr.s_addr;
	pthread_mutex_unlock(&l->lock);
	lookup_put(l);
	*took_ms = (double)(clock_us() - t0) / 1000.0;
	return rc;
}

/* Nameservers of a resolv.conf(5) file (NULL: the system's). */
int sys_resolv_servers(const char *path, uint32_t *out, int max)
{
	FILE *f = fopen(path ? path : RESOLV_CONF, "re");
	char line[256];
	int n = 0;

	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		char word[32], addr[64];
		struct in_addr a;

		if (sscanf(line, "%31s %63s", word, addr) != 2 || strcmp(word, "nameserver") != 0)
			continue;
		if (inet_pton(AF_INET, addr, &a) == 1)
			out[n++] = a.s_addr;
	}
	fclose(f);
	return n;
}
