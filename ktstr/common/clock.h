/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time for host and guest alike: CLOCK_MONOTONIC, which neither an NTP
 * step on the host nor a guest's clock setting moves.
 */
#ifndef KTSTR_COMMON_CLOCK_H
#define KTSTR_COMMON_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL
#define MSEC_PER_SEC	1000L

static inline uint64_t ktstr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static inline long ktstr_now_ms(void)
{
	return ktstr_now_ns() / NSEC_PER_MSEC;
}

/* Seconds, for the host's deadlines and durations. */
static inline double ktstr_now(void)
{
	return ktstr_now_ns() / 1e9;
}

/*
 * Sleep up to @ms. A signal cuts it short on purpose: every caller is a
 * polling loop that re-checks its condition and its own deadline.
 */
static inline void ktstr_sleep_ms(long ms)
{
	struct timespec ts = { ms / MSEC_PER_SEC,
			       (ms % MSEC_PER_SEC) * (long)NSEC_PER_MSEC };

	nanosleep(&ts, NULL);
}

#endif /* KTSTR_COMMON_CLOCK_H */
