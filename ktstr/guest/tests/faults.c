// SPDX-License-Identifier: GPL-2.0
/*
 * Schedulers made to fail on purpose. ktstr must catch each failure and
 * name it with the right exit kind: a suite that cannot see a broken
 * scheduler proves nothing when it passes.
 */
#include "guest/ctx.h"

KTSTR_TEST(qmap_stall_exit) = {
	.description = "scx_qmap -t stalls user threads: the watchdog fires (ERROR_STALL)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.sched_args = "-t 20",
	.duration_ms = 8000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 2 },
		{ .name = "yield", .workers = 2, .work = WORK_YIELD_HEAVY }),
	.expect = EXPECT_SCHED_EXIT,
	.expect_exit_kind = 1026,	/* SCX_EXIT_ERROR_STALL */
};

KTSTR_TEST(ktstr_error_after) = {
	.description = "scx_ktstr -e 300 calls scx_bpf_error() (ERROR_BPF)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-e 300",
	.duration_ms = 4000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.expect = EXPECT_SCHED_EXIT,
	.expect_exit_kind = 1025,
};

KTSTR_TEST(ktstr_error_flag) = {
	.description = "scx_ktstr errors when its BPF map flag is set mid-workload",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-F 1000",
	.duration_ms = 4000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 2 }),
	.expect = EXPECT_SCHED_EXIT,
	.expect_exit_kind = 1025,
};

KTSTR_TEST(ktstr_stall) = {
	.description = "scx_ktstr -s stops dispatching user threads (ERROR_STALL)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-s 100 -w 3000",
	.duration_ms = 8000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 2 }),
	.expect = EXPECT_SCHED_EXIT,
	.expect_exit_kind = 1026,
};

KTSTR_TEST(ktstr_verifier_reject) = {
	.description = "scx_ktstr -V is rejected by the verifier, and the log is shown",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-V",
	.duration_ms = 1000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 1 }),
	.expect = EXPECT_LOAD_FAIL,
};
