/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a running test sees: its definition, the VM it runs in, the merged
 * checks, and the result it is building. One per guest boot.
 */
#ifndef KTSTR_CTX_H
#define KTSTR_CTX_H

#include <stdbool.h>

#include "common/compiler.h"
#include "guest/ktstr_test.h"

enum ktstr_result_status {
	KTSTR_RESULT_PASS = 0,
	KTSTR_RESULT_FAIL,
	KTSTR_RESULT_SKIP,
};

struct ktstr_result;	/* guest/result.c */
struct ktstr_sched;	/* guest/sched.c */

struct ktstr_ctx {
	const struct ktstr_test *test;
	struct ktstr_topo topo;		/* what the test asked for */
	bool tcg;			/* emulated CPU: timing is noisier */
	unsigned int duration_ms;	/* effective workload duration */
	struct ktstr_checks checks;	/* defaults <- scheduler <- test */
	struct ktstr_sched *sched;	/* NULL under EEVDF */
	struct ktstr_result *result;
	/*
	 * A scheduler profile's `stress` load: the arguments of every cgroup
	 * that runs this tool, in place of its .work_args. WORK_DEFAULT: none.
	 */
	enum ktstr_work_type tool_override;
	const char *tool_override_args;
};

/* Record a failure line (names cgroup, worker, value, threshold). */
__printf(2, 3) void ktstr_fail(struct ktstr_ctx *ctx, const char *fmt, ...);
/* Mark the test skipped with a reason. */
__printf(2, 3) void ktstr_skip(struct ktstr_ctx *ctx, const char *fmt, ...);
/* A "# " diagnostic line on the test channel, sent immediately. */
__printf(1, 2) void ktstr_diag(const char *fmt, ...);
/* Announce a stage (common/protocol.h) on the test channel. */
void ktstr_stage(const char *stage);
/*
 * Attach the workload statistics: @json is the text of one JSON object
 * (see docs/protocol.md, "stats"); the result keeps a copy.
 */
void ktstr_result_set_stats(struct ktstr_ctx *ctx, const char *json);

/* Run the test's declared cgroups and steps, then evaluate the checks. */
int ktstr_scenario_run(struct ktstr_ctx *ctx);

/* The scheduler's ops name as sched_ext reports it; NULL under EEVDF. */
const char *ktstr_sched_ops(const struct ktstr_ctx *ctx);
/* True while the scheduler under test is alive (always true for EEVDF). */
bool ktstr_sched_alive(struct ktstr_ctx *ctx);

#endif /* KTSTR_CTX_H */
