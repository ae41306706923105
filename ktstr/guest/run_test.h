/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run one test in the guest: scheduler up, workload, checks, scheduler
 * down, then judge the outcome against what the test expects.
 */
#ifndef KTSTR_RUNNER_H
#define KTSTR_RUNNER_H

#include <stdbool.h>

#include "common/guest_args.h"
#include "guest/ktstr_test.h"
#include "guest/result.h"

struct ktstr_run_opts {
	const char *topology;	/* the VM's shape (--topology); NULL: the test's */
	bool tcg;		/* --tcg: emulated CPUs */
	long start_ms;		/* CLOCK_MONOTONIC when init started */
	long report_ms;		/* ... and when it sent its first stage */
	struct ktstr_guest_repro repro;	/* auto-repro probes, if asked */
	/* ktstr run --scheduler: a binary instead of a generic test's own */
	const struct ktstr_guest_sched *ext;
};

/* Fills @res (initialized by the caller); returns its status. */
enum ktstr_result_status ktstr_run_test(const struct ktstr_test *test,
					const struct ktstr_run_opts *opts,
					struct ktstr_result *res);

#endif /* KTSTR_RUNNER_H */
