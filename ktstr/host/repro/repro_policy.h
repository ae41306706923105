/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro decisions that need no VM (pure): which failed tests get a
 * repro, and what the guest's result object says about a scheduler.
 */
#ifndef KTSTR_HOST_REPRO_POLICY_H
#define KTSTR_HOST_REPRO_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "host/repro/repro_extract.h"

struct json_object;
struct ktstr_spec;
struct repro_outcome;

/* What the primary VM left: its spec, verdict and output. */
struct repro_primary {
	const struct ktstr_spec *spec;
	bool failed;			/* the test's verdict is fail */
	bool infra;			/* ... because the VM never booted */
	struct json_object *result;	/* the guest's result, or NULL */
	struct ktstr_text console;
};

/*
 * True when the test failed because its sched_ext scheduler errored or
 * died, and the test allows a repro. Otherwise @why (if not NULL) says
 * why not, in words.
 */
bool repro_wanted(const struct repro_primary *pr, char *why, size_t whylen);

/* The result's "scheduler" object, or NULL. */
struct json_object *repro_result_sched(struct json_object *result);

/*
 * The exit kind of the crash: the result's, else what the scheduler log
 * or console names. -1 if none.
 */
int repro_primary_exit_kind(const struct repro_primary *pr);

/* The scheduler log the result carries ("" if none). */
struct ktstr_text repro_result_log(struct json_object *result);

/*
 * Fill the scheduler part of @o (outcome, exit kind/reason/message/code,
 * log, dump, the result's reason) from a result object. Strings point
 * into @result.
 */
void repro_outcome_from_result(struct json_object *result,
			       struct repro_outcome *o);

/* True when the guest got as far as the workload stage or later. */
bool repro_stage_reached_workload(const char *stage);

#endif /* KTSTR_HOST_REPRO_POLICY_H */
