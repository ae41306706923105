// SPDX-License-Identifier: GPL-2.0
/*
 * Cpusets and cgroups that change while tasks run: the scheduler has to
 * follow set_cpumask and cgroup moves without losing or stranding a task.
 */
#include "guest/ctx.h"

KTSTR_TEST(cpuset_swap) = {
	.description = "tasks follow cpusets that shrink, swap and clear mid-run (scx_simple)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_simple",
	.duration_ms = 4000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .cpuset = "llc:0", .workers = 2 },
		{ .name = "b", .cpuset = "llc:1", .workers = 2 }),
	.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_CPUSET, .cgroup = "a",
				     .arg = "cpus:0" }),
		  .hold = { .kind = HOLD_FRACTION, .value = 250 } },
		{ .ops = KTSTR_OPS({ .kind = OP_SWAP_CPUSETS, .cgroup = "a",
				     .arg = "b" }),
		  .hold = { .kind = HOLD_FRACTION, .value = 250 } },
		{ .ops = KTSTR_OPS({ .kind = OP_CLEAR_CPUSET, .cgroup = "a" },
				   { .kind = OP_CLEAR_CPUSET, .cgroup = "b" }),
		  .hold = { .kind = HOLD_FRACTION, .value = 500 } }),
	.checks = { .isolation = KTSTR_ON },
};

KTSTR_TEST(cgroup_churn) = {
	.description = "cgroups added, moved into and removed mid-run (scx_qmap)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.duration_ms = 4000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "base", .workers = 2 }),
	.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "extra",
				     .arg = "cpus:1", .count = 2 }),
		  .hold = { .kind = HOLD_FRACTION, .value = 300 } },
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "base",
				     .count = 1 },
				   { .kind = OP_MOVE_TASKS, .cgroup = "extra",
				     .arg = "base" }),
		  .hold = { .kind = HOLD_FRACTION, .value = 300 } },
		{ .ops = KTSTR_OPS({ .kind = OP_REMOVE_CGROUP,
				     .cgroup = "extra" },
				   { .kind = OP_STOP, .cgroup = "base",
				     .count = 1 }),
		  .hold = { .kind = HOLD_FRACTION, .value = 400 } }),
};

KTSTR_TEST(affinity_loop) = {
	.description = "worker affinity changed in a tight loop (scx_ktstr)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_ktstr",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "pinned", .workers = 2 }),
	.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_AFFINITY,
				     .cgroup = "pinned", .arg = "llc:0" },
				   { .kind = OP_SET_AFFINITY,
				     .cgroup = "pinned", .arg = "llc:1" }),
		  .hold = { .kind = HOLD_LOOP, .value = 10,
			    .loop_ms = 2000 } },
		{ .ops = KTSTR_OPS({ .kind = OP_SET_AFFINITY,
				     .cgroup = "pinned", .arg = "all" }),
		  .hold = { .kind = HOLD_FRACTION, .value = 300 } }),
};
