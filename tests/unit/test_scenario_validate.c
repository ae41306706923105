// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario's up-front check of a test definition: every problem fails
 * with one message naming the test and the field. Links
 * guest/scenario_validate.c, the cpuset and topology code, and the work
 * type table (for which types pair their workers).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "guest/scenario/scenario.h"

/* File scope: a compound literal in the setup would die with it. */
static const struct ktstr_cgroup_def two_llcs[] = {
	{ .name = "a", .cpuset = "llc:0" },
	{ .name = "b", .cpuset = "llc:1" },
	{ .name = NULL },
};

#define VALIDATE_TOPOLOGY	"1n2l2c1t"
#define VALIDATE_CGROUPS	two_llcs
#include "validate_fixture.h"

TEST_F(validate, a_full_scenario_passes)
{
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SWAP_CPUSETS, .cgroup = "a", .arg = "b" }),
		  .hold = { HOLD_FRACTION, 200 } },
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "c", .arg = "cpus:0,3", .count = 2 },
				   { .kind = OP_SPAWN, .cgroup = "c", .count = 1 },
				   { .kind = OP_SET_AFFINITY, .cgroup = "c", .arg = "range:0-3" }),
		  .hold = { HOLD_MS, 300 } },
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "empty" },
				   { .kind = OP_MOVE_TASKS, .cgroup = "c", .arg = "empty" },
				   { .kind = OP_STOP, .cgroup = "a" },
				   { .kind = OP_CLEAR_CPUSET, .cgroup = "b" },
				   { .kind = OP_REMOVE_CGROUP, .cgroup = "empty" }),
		  .hold = { HOLD_LOOP, 3, 300 } });
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, impossible_cpuset)
{
	self->test.name = "cpuset_bad";
	self->test.cgroups = KTSTR_CGROUPS({ .name = "a", .cpuset = "part:0/9" });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test cpuset_bad: cgroup 'a' cpuset 'part:0/9': impossible cpuset (9 partitions of 4 CPUs)",
		     self->err);
}

TEST_F(validate, cgroup_names)
{
	self->test.cgroups = KTSTR_CGROUPS({ .name = "a" }, { .name = "a" });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'a': declared twice", self->err);

	self->test.cgroups = KTSTR_CGROUPS({ .name = "../x" });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup '../x': cgroup name '../x' must be 1..63 of [A-Za-z0-9_-]",
		     self->err);
}

TEST_F(validate, paired_work_needs_even_counts)
{
	self->test.cgroups = KTSTR_CGROUPS(
		{ .name = "p", .workers = 3, .work = WORK_PIPE_IO });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'p': PipeIo pairs workers, 3 is odd",
		     self->err);

	/* The test's default worker count and work type count too. */
	self->test.cgroups = KTSTR_CGROUPS({ .name = "p" });
	self->test.workers = 5;
	self->test.work = WORK_FUTEX_PING_PONG;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'p': FutexPingPong pairs workers, 5 is odd",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "p", .count = 1 }) });
	self->test.workers = 2;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (spawn): cgroup 'p': FutexPingPong pairs workers, 1 is odd",
		     self->err);
}

TEST_F(validate, ops_name_known_cgroups)
{
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_STOP, .cgroup = "a" }) },
		{ .ops = KTSTR_OPS({ .kind = OP_STOP, .cgroup = "a" },
				   { .kind = OP_SET_CPUSET, .cgroup = "zz", .arg = "all" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[1].ops[1] (set_cpuset): unknown cgroup 'zz'",
		     self->err);

	/* Known once an earlier op added it, not before. */
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "c", .count = 1 },
				   { .kind = OP_ADD_CGROUP, .cgroup = "c" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (spawn): unknown cgroup 'c'",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_MOVE_TASKS, .cgroup = "a", .arg = "nope" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (move_tasks): unknown cgroup 'nope'",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_STOP }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (stop): names no cgroup", self->err);
}

TEST_F(validate, op_arguments)
{
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_AFFINITY, .cgroup = "a", .arg = "llc:5" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (set_affinity): cgroup 'a' cpuset 'llc:5': LLC 5 out of range (topology has 2 LLCs)",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_CPUSET, .cgroup = "a" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (set_cpuset): cgroup 'a': needs a cpuset spec in .arg",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SWAP_CPUSETS, .cgroup = "a", .arg = "a" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (swap_cpusets): cgroup 'a': .arg names the same cgroup",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "a" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (spawn): cgroup 'a': needs .count > 0",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "c", .arg = "node:1" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (add_cgroup): cgroup 'c' cpuset 'node:1': node 1 out of range (topology has 1 node)",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = 42, .cgroup = "a" }) });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[0] (unknown): unknown op kind 42",
		     self->err);
}

TEST_F(validate, policy_and_nice)
{
	self->test.cgroups = KTSTR_CGROUPS({ .name = "a", .policy = SCHED_FIFO });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'a': policy 1 is not SCHED_OTHER, SCHED_BATCH, SCHED_IDLE or SCHED_EXT",
		     self->err);

	self->test.cgroups = KTSTR_CGROUPS({ .name = "a", .nice = 20 });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'a': nice 20 outside -20..19", self->err);

	self->test.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .policy = SCHED_IDLE, .nice = -20 },
		{ .name = "b", .policy = SCHED_BATCH, .nice = 19 });
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, hold_loop_needs_a_count)
{
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_STOP, .cgroup = "a" }),
		  .hold = { HOLD_LOOP, 0, 500 } });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].hold: HOLD_LOOP needs .value >= 1",
		     self->err);
}

TEST_F(validate, worker_limit_counts_loops)
{
	/* 2 x 2 declared + 50 x 10 spawned = 504: under the limit. */
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "a", .count = 10 }),
		  .hold = { HOLD_LOOP, 50, 500 } });
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SPAWN, .cgroup = "a", .count = 10 }),
		  .hold = { HOLD_LOOP, 51, 500 } });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: starts up to 514 workers, more than 512",
		     self->err);
}

TEST_F(validate, cgroup_limit)
{
	static struct ktstr_cgroup_def defs[KTSTR_SC_MAX_CGROUPS + 2];
	static char names[KTSTR_SC_MAX_CGROUPS + 1][8];
	unsigned int i;

	for (i = 0; i <= KTSTR_SC_MAX_CGROUPS; i++) {
		snprintf(names[i], sizeof(names[i]), "c%u", i);
		defs[i] = (struct ktstr_cgroup_def) { .name = names[i],
						      .workers = 1 };
	}
	self->test.cgroups = defs;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'c32': more than 32 cgroups", self->err);

	defs[KTSTR_SC_MAX_CGROUPS].name = NULL;
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, something_to_run)
{
	self->test.cgroups = NULL;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: declares no cgroups", self->err);

	/* Cgroups added by a step are enough. */
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "late", .count = 2 }) });
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_HARNESS_MAIN
