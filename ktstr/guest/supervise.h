/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PID 1 never runs a test itself: a crash in PID 1 panics the kernel and
 * loses the result. The test runs in a child; PID 1 reaps, enforces the
 * watchdog, and writes the result the child could not.
 */
#ifndef KTSTR_SUPERVISE_H
#define KTSTR_SUPERVISE_H

#include "guest/ktstr_test.h"
#include "guest/run_test.h"

/*
 * Run @test in a child process and make sure exactly one result record
 * reaches the channel within @watchdog_s seconds. Returns the status.
 */
enum ktstr_result_status ktstr_supervise_test(const struct ktstr_test *test,
					      const struct ktstr_run_opts *opts,
					      unsigned int watchdog_s);

/* Reap every exited child without blocking (PID 1 inherits orphans). */
void ktstr_reap_orphans(void);

#endif /* KTSTR_SUPERVISE_H */
