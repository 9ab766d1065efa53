/* clock.c - time helpers. */
#define _POSIX_C_SOURCE 200809L
#include "clock.h"

#include <errno.h>
#include <time.h>

static int64_t clock_read_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t clock_ms(void)
{
	return clock_read_ns(CLOCK_MONOTONIC) / 1000000;
}

int64_t clock_us(void)
{
	return clock_read_ns(CLOCK_MONOTONIC) / 1000;
}

int64_t clock_wall_ms(void)
{
	return clock_read_ns(CLOCK_REALTIME) / 1000000;
}

int64_t clock_wall_ns(void)
{
	return clock_read_ns(CLOCK_REALTIME);
}

/* ms milliseconds as a relative timespec (negative: 0). */
struct timespec clock_span_ts(int64_t ms)
{
	struct timespec ts;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	return ts;
}

/* The CLOCK_MONOTONIC instant of a clock_ms() value. */
struct timespec clock_ms_timespec(int64_t ms)
{
	return clock_span_ts(ms);
}

void clock_sleep_ms(int ms)
{
	struct timespec ts = clock_span_ts(ms);

	if (ms <= 0)
		return;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

