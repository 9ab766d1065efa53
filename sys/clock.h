/* clock.h - monotonic and wall-clock time in milliseconds. Any thread. */
#ifndef POSDOCTOR_CLOCK_H
#define POSDOCTOR_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in milliseconds. */
int64_t clock_ms(void);
/* CLOCK_MONOTONIC in microseconds. */
int64_t clock_us(void);
/* CLOCK_REALTIME in milliseconds since the epoch. */
int64_t clock_wall_ms(void);
/* CLOCK_REALTIME in nanoseconds since the epoch (the clock of the kernel's
 * SO_TIMESTAMPNS packet stamps). */
int64_t clock_wall_ns(void);
/* The CLOCK_MONOTONIC instant of a clock_ms() value, for the absolute
 * timeouts of pthread_cond_timedwait (on a CLOCK_MONOTONIC condition) and
 * pthread_mutex_clocklock: clock_ms_timespec(clock_ms() + 500) is half a
 * second from now. */
struct timespec clock_ms_timespec(int64_t ms);
/* ms milliseconds as a relative timeout (ppoll, nanosleep); ms < 0 counts
 * as 0. */
struct timespec clock_span_ts(int64_t ms);
/* Sleep ms milliseconds (restarted after signals). */
void clock_sleep_ms(int ms);

#endif
