// SPDX-License-Identifier: GPL-2.0
/*
 * Cpuset isolation: a scheduler must never run a task outside the cpuset of
 * its cgroup, whether the cpusets split the machine, overlap, or follow its
 * LLCs.
 */
#include "guest/ctx.h"

KTSTR_TEST(cpuset_disjoint) = {
	.description = "two cgroups stay inside disjoint cpusets (scx_simple)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_simple",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .cpuset = "part:0/2", .workers = 2 },
		{ .name = "b", .cpuset = "part:1/2", .workers = 2,
		  .work = WORK_YIELD_HEAVY }),
	.checks = { .isolation = KTSTR_ON },
};

KTSTR_TEST(cpuset_overlap) = {
	.description = "two cgroups stay inside overlapping cpusets (scx_qmap)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_qmap",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .cpuset = "overlap:0/2", .workers = 2 },
		{ .name = "b", .cpuset = "overlap:1/2", .workers = 2 }),
	.checks = { .isolation = KTSTR_ON },
};

KTSTR_TEST(cpuset_llc) = {
	.description = "one cgroup per LLC with cache-heavy work stays on its LLC (EEVDF)",
	.generic = true,
	.topology = "1n2l2c1t",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "llc0", .cpuset = "llc:0", .workers = 2,
		  .work = WORK_CACHE_PRESSURE },
		{ .name = "llc1", .cpuset = "llc:1", .workers = 2,
		  .work = WORK_CACHE_YIELD }),
	.checks = { .isolation = KTSTR_ON },
};

KTSTR_TEST(cpuset_smt) = {
	.description = "cgroups stay on their own SMT cores (scx_ktstr)",
	.generic = true,
	.topology = "1n1l2c2t",
	.scheduler = "scx_ktstr",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "core0", .cpuset = "cpus:0-1", .workers = 2,
		  .work = WORK_CACHE_PIPE },
		{ .name = "core1", .cpuset = "cpus:2-3", .workers = 2,
		  .work = WORK_AFFINITY_CHURN }),
	.checks = { .isolation = KTSTR_ON },
};
