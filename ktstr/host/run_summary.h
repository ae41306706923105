/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of a run's TAP stream: pass/fail/skip per kernel and, first,
 * the tests that failed on some kernels and not on the others: what a
 * maintainer comparing kernels looks for.
 */
#ifndef KTSTR_HOST_RUN_SUMMARY_H
#define KTSTR_HOST_RUN_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "host/runner.h"
#include "host/verdict.h"

struct ktstr_run_summary {
	size_t nr_tests, nr_targets;
	int *status;			/* [test * nr_targets + target], -1 */
};

int ktstr_run_summary_init(struct ktstr_run_summary *s, size_t nr_tests,
			   size_t nr_targets);
/* Record @run's verdict (run->num places it). */
void ktstr_run_summary_add(struct ktstr_run_summary *s,
			   const struct ktstr_test_run *run);
/*
 * "# " lines on @f, and the differences on stderr too. Nothing for a run
 * of one kernel (TAP says it all). @names[i] is test i's name.
 */
void ktstr_run_summary_print(FILE *f, const struct ktstr_run_summary *s,
			     const struct ktstr_targets *t,
			     const char *const *names);
void ktstr_run_summary_free(struct ktstr_run_summary *s);

#endif /* KTSTR_HOST_RUN_SUMMARY_H */
