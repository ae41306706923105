/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine-readable record of one test, <results>/<test>.json beside
 * its console and channel logs (and, with --json, an element of the run's
 * summary array). Written atomically so that a reader (CI, a dashboard)
 * never sees half a file.
 */
#ifndef KTSTR_HOST_TEST_RECORD_H
#define KTSTR_HOST_TEST_RECORD_H

#include "host/runner.h"

struct json_object;

/*
 * The record: the test's spec as listed, status, reason, duration, last
 * stage, VM facts, log paths and the guest's result object verbatim.
 * Returns a new reference, or NULL on allocation failure.
 */
struct json_object *ktstr_test_record(const struct ktstr_run_cfg *cfg,
				      const struct ktstr_test_run *run);

#endif /* KTSTR_HOST_TEST_RECORD_H */
