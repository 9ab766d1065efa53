/* clock.h - monotonic and wall-clock time in milliseconds. Any thread. */
#ifndef POSDOCTOR_CLOCK_H
#define POSDOCTOR_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds. */
int64_t clock_ms(void);
/* CLOCK_MONOTONIC in microseconds. */
int64_t clock_us(void);
/* CLOCK_REALTIME in milliseconds since the epoch. */
int64_t clock_wall_ms(void);
struct timespec;
/* The CLOCK_MONOTONIC time ms milliseconds from now, for
 * pthread_cond_timedwait on a condition using that clock. */
void clock_abs_after(int64_t ms, struct timespec *ts);
/* Sleep ms milliseconds (restarted after signals). */
void clock_sleep_ms(int ms);

#endif
