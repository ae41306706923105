// SPDX-License-Identifier: GPL-2.0
/*
 * A scheduler that dies must be reported with the right exit kind, reason
 * and message, or no crash test can be trusted. scx_qmap -e calls
 * scx_bpf_error() after COUNT enqueues: yielding workers enqueue all the
 * time, so it trips within the first second.
 */
#include "guest/ctx.h"

KTSTR_TEST(qmap_error_exit) = {
	.description = "scx_qmap -e 500 dies with ERROR_BPF and ktstr says so",
	.topology = "1n2l2c1t",
	.scheduler = "scx_qmap",
	.sched_args = "-e 500",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 8, .work = WORK_YIELD_HEAVY }),
	.expect = EXPECT_SCHED_EXIT,
	.expect_exit_kind = 1025,	/* SCX_EXIT_ERROR_BPF */
};
