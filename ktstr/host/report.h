/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One test's TAP block: the result line, the guest's diagnostics, and for a
 * failure everything needed to start debugging without opening a file:
 * failure details, workload stats, how far the guest got and how QEMU
 * ended, and the tails of the scheduler log, sched_ext dump and console.
 */
#ifndef KTSTR_HOST_REPORT_H
#define KTSTR_HOST_REPORT_H

#include <stdio.h>

#include "host/runner.h"

#define KTSTR_TAIL_LINES	40
#define KTSTR_DUMP_LINES	400

void ktstr_report_test(FILE *f, const struct ktstr_run_cfg *cfg,
		       const struct ktstr_test_run *run);

#endif /* KTSTR_HOST_REPORT_H */
