// SPDX-License-Identifier: GPL-2.0
/*
 * Crashes left unexpected on purpose, so that they fail and show the
 * auto-repro section a scheduler author debugs from. Manual: they run only
 * when named with -t (make check does).
 */
#include "../ctx.h"

KTSTR_TEST(crash_qmap_error) = {
	.description = "scx_qmap -e 500 dies under yielding workers (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.sched_args = "-e 500",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};

KTSTR_TEST(crash_ktstr_error) = {
	.description = "scx_ktstr -e 300 dies mid-workload (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-e 300",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};

KTSTR_TEST(crash_ktstr_stall) = {
	.description = "scx_ktstr -s stalls: a repro VM without probes (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-s 100 -w 3000",
	.duration_ms = 6000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 2 }),
	.manual = true,
};
