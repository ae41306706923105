// SPDX-License-Identifier: GPL-2.0
/*
 * Every in-tree sched_ext scheduler and scx_ktstr carries a workload on the
 * topology it is most likely to get wrong, with the default checks.
 */
#include <sched.h>

#include "guest/ctx.h"

KTSTR_TEST(mixed_llc) = {
	.description = "mixed and yielding workers progress on 2 LLCs (scx_qmap)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_qmap",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 3, .work = WORK_CPU_SPIN },
		{ .name = "mixed", .workers = 2, .work = WORK_MIXED },
		{ .name = "yield", .workers = 2, .work = WORK_YIELD_HEAVY }),
};

KTSTR_TEST(central_smt) = {
	.description = "scx_central dispatches for SMT siblings from one CPU",
	.topology = "1n1l2c2t",
	.scheduler = "scx_central",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN },
		{ .name = "bursty", .workers = 2, .work = WORK_BURSTY }),
};

/*
 * Spinners, as the description says: with yield-heavy workers in c, 7.3.4's
 * scx_flatcg once left them unrun for 30 s (ERROR_STALL, init[36] failed
 * to run) in one of two CI runs under TCG; flatcg_yield keeps that load.
 */
KTSTR_TEST(flatcg_cgroups) = {
	.description = "scx_flatcg shares CPUs between three cgroups of spinners",
	.topology = "1n1l2c1t",
	.scheduler = "scx_flatcg",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .workers = 2, .work = WORK_CPU_SPIN },
		{ .name = "b", .workers = 2, .work = WORK_CPU_SPIN },
		{ .name = "c", .workers = 2, .work = WORK_CPU_SPIN }),
};

/* Manual: the stall above, for whoever looks into scx_flatcg and yield. */
KTSTR_TEST(flatcg_yield) = {
	.description = "scx_flatcg: two cgroups of spinners and one of yielders (stalled once on 7.3.4)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_flatcg",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .workers = 2, .work = WORK_CPU_SPIN },
		{ .name = "b", .workers = 2, .work = WORK_CPU_SPIN },
		{ .name = "c", .workers = 2, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};

KTSTR_TEST(cpuset_numa) = {
	.description = "per-node cgroups stay on their node of 2 (scx_ktstr)",
	.generic = true,
	.topology = "2n2l2c1t",
	.scheduler = "scx_ktstr",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "node0", .cpuset = "node:0", .workers = 2 },
		{ .name = "node1", .cpuset = "node:1", .workers = 2,
		  .work = WORK_PAGE_FAULT_CHURN }),
};

KTSTR_TEST(ktstr_random_cpu) = {
	.description = "scx_ktstr -r places tasks randomly yet inside their cpusets",
	.topology = "1n2l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-r",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "low", .cpuset = "part:0/2", .workers = 2 },
		{ .name = "high", .cpuset = "part:1/2", .workers = 2,
		  .work = WORK_MIXED }),
};

KTSTR_TEST(ktstr_skip_dispatch) = {
	.description = "scx_ktstr -d 3 skips every third dispatch, nobody starves",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-d 3",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 3, .work = WORK_CPU_SPIN },
		{ .name = "pipe", .workers = 2, .work = WORK_PIPE_IO }),
};

/* 7.x's schedulers, each under the load its design finds hardest. */

KTSTR_TEST(cpu0_many_tasks) = {
	.description = "scx_cpu0 runs twelve tasks of four CPUs from CPU 0 alone, nobody starves",
	.topology = "1n1l2c2t",
	.scheduler = "scx_cpu0",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 8, .work = WORK_CPU_SPIN },
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
};

/*
 * Manual, like userland_attach: scx_userland of 7.3.4 stalls under any
 * load here (see attach.c); this one would only show the same stall.
 */
KTSTR_TEST(userland_affinity) = {
	.description = "scx_userland: pinned tasks (kernel path) beside user-space scheduled ones, 2 LLCs",
	.topology = "1n2l2c1t",
	.scheduler = "scx_userland",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "churn", .workers = 2, .work = WORK_AFFINITY_CHURN },
		{ .name = "spin", .workers = 3, .work = WORK_CPU_SPIN }),
	.manual = true,
};

KTSTR_TEST(pair_cgroups_smt) = {
	.description = "scx_pair keeps CPU pairs on one cgroup at a time, two cgroups on SMT",
	.topology = "1n1l2c2t",
	.scheduler = "scx_pair",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .workers = 3, .work = WORK_CPU_SPIN },
		{ .name = "b", .workers = 3, .work = WORK_CPU_SPIN }),
};

KTSTR_TEST(sdt_task_churn) = {
	.description = "scx_sdt allocates and frees arena task data under fork/exit churn",
	.topology = "1n1l2c1t",
	.scheduler = "scx_sdt",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "fork", .workers = 2, .work = WORK_FORK_EXIT },
		{ .name = "spin", .workers = 2, .work = WORK_CPU_SPIN }),
};

KTSTR_TEST(batch_nice) = {
	.description = "SCHED_BATCH and niced SCHED_OTHER side by side (EEVDF)",
	.generic = true,
	.topology = "1n1l2c1t",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "batch", .workers = 2, .policy = SCHED_BATCH },
		{ .name = "nice", .workers = 2, .nice = 5 }),
};
