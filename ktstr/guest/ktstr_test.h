/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ktstr test is a declaration: topology, scheduler, workload as data, the
 * checks to apply and the outcome to expect. The guest init compiles every
 * test in; the host learns them by running the guest binary with --list, so
 * this table is the one source of truth.
 *
 *	KTSTR_TEST(eevdf_spin) = {
 *		.description = "EEVDF shares CPUs between spinning workers",
 *		.topology = "1n1l2c1t",
 *		.cgroups = KTSTR_CGROUPS(
 *			{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN }),
 *	};
 */
#ifndef KTSTR_TEST_H
#define KTSTR_TEST_H

#include <stdbool.h>
#include <stddef.h>

#include "common/topology.h"
#include "guest/work/work.h"

/* Check knobs: 0 inherits the scheduler's or the global default. */
#define KTSTR_OFF	(-1)
#define KTSTR_ON	1

struct ktstr_checks {
	int max_spread_pct;	/* off-CPU time spread within a cgroup */
	int max_gap_ms;		/* longest time a worker went unscheduled */
	int isolation;		/* workers must stay inside their cpuset */
	int not_starved;	/* every worker must make progress */
	long min_work_units;	/* per worker, when set */
	long max_migrations;	/* per worker, when set */
	long max_wake_lat_us;	/* worst wake latency, when set */
	/* Tool work types (work_tool.h), when set: */
	long min_bogo_ops_s;	/* every stress-ng stressor, per worker */
	long max_hackbench_ms;	/* every completed hackbench run */
};

/* Cgroups, created under /sys/fs/cgroup/ktstr/<name>. */
struct ktstr_cgroup_def {
	const char *name;
	const char *cpuset;	/* cpuset spec, see cpuset_spec.h; NULL = all */
	unsigned int workers;	/* 0 = the test's .workers */
	enum ktstr_work_type work; /* WORK_DEFAULT = the test's .work */
	int policy;		/* SCHED_OTHER, SCHED_BATCH, SCHED_IDLE */
	int nice;
	/*
	 * Tool work types: the tool's arguments, split on blanks (no
	 * quoting); NULL = its defaults (work_tool.h).
	 */
	const char *work_args;
};

enum ktstr_op_kind {
	OP_END = 0,
	OP_ADD_CGROUP,		/* .cgroup, .arg = cpuset spec, .count workers */
	OP_REMOVE_CGROUP,	/* stop its workers, rmdir */
	OP_SET_CPUSET,		/* .cgroup, .arg = cpuset spec */
	OP_CLEAR_CPUSET,	/* .cgroup back to all CPUs */
	OP_SWAP_CPUSETS,	/* .cgroup <-> .arg (another cgroup) */
	OP_SPAWN,		/* .count more workers into .cgroup */
	OP_STOP,		/* stop .count workers of .cgroup (0 = all) */
	OP_MOVE_TASKS,		/* workers of .cgroup into cgroup .arg */
	OP_SET_AFFINITY,	/* sched_setaffinity of .cgroup's workers to .arg */
};

struct ktstr_op {
	enum ktstr_op_kind kind;
	const char *cgroup;
	const char *arg;
	unsigned int count;
};

enum ktstr_hold_kind {
	HOLD_FRACTION = 0,	/* .value permille of the test duration */
	HOLD_MS,		/* .value milliseconds */
	HOLD_LOOP,		/* repeat the step's ops .value times over the hold */
};

struct ktstr_hold {
	enum ktstr_hold_kind kind;
	unsigned int value;
	unsigned int loop_ms;	/* HOLD_LOOP: total time of the loop */
};

struct ktstr_step {
	const struct ktstr_op *ops;	/* terminated by OP_END */
	struct ktstr_hold hold;
};

enum ktstr_expect {
	EXPECT_PASS = 0,
	EXPECT_SCHED_EXIT,	/* the scheduler must die with .expect_exit_kind */
	EXPECT_LOAD_FAIL,	/* the scheduler must fail to load (verifier) */
};

struct ktstr_ctx;

struct ktstr_test {
	const char *name;
	const char *description;
	const char *topology;		/* default KTSTR_DEFAULT_TOPOLOGY */
	const char *scheduler;		/* NULL or "eevdf": the built-in class */
	const char *sched_args;		/* space separated */
	/*
	 * What the auto-repro VM runs instead of .sched_args. Only for the
	 * suite's own proof of how a repro that does not reproduce the
	 * crash is reported: a real test reruns exactly what failed.
	 */
	const char *repro_sched_args;
	unsigned int duration_ms;	/* workload time; default 2000 */
	unsigned int workers;		/* per cgroup; default 2 */
	enum ktstr_work_type work;	/* default WORK_CPU_SPIN */
	const struct ktstr_cgroup_def *cgroups;	/* name == NULL terminates */
	const struct ktstr_step *steps;		/* ops == NULL terminates */
	struct ktstr_checks checks;
	enum ktstr_expect expect;
	int expect_exit_kind;		/* SCX_EXIT_* number */
	bool no_auto_repro;
	/*
	 * Not part of the default run: only when a -t pattern selects it.
	 * For tests meant to fail, e.g. the crash_* tests that show auto-repro.
	 */
	bool manual;
	/*
	 * About the workload, not about one scheduler: `ktstr run
	 * --scheduler PATH` runs it under that binary instead of
	 * .scheduler (with no .sched_args). Fault tests and tests of one
	 * scheduler's own behaviour leave it false.
	 */
	bool generic;
	/*
	 * Custom body instead of (or around) the scenario. Return
	 * KTSTR_RESULT_{PASS,FAIL,SKIP}; ktstr_fail() records why.
	 */
	int (*run)(struct ktstr_ctx *ctx);
	/* host-side VM timeout, >= 40; 0 = derived from the workload */
	unsigned int timeout_s;
};

#define KTSTR_CGROUPS(...) \
	((const struct ktstr_cgroup_def[]){ __VA_ARGS__, { .name = NULL } })
#define KTSTR_OPS(...) \
	((const struct ktstr_op[]){ __VA_ARGS__, { .kind = OP_END } })
#define KTSTR_STEPS(...) \
	((const struct ktstr_step[]){ __VA_ARGS__, { .ops = NULL } })

void ktstr_register(struct ktstr_test *test);

#define KTSTR_TEST(id)							\
	static struct ktstr_test id;					\
	static void __attribute__((constructor)) ktstr_register_##id(void) \
	{								\
		if (!id.name)						\
			id.name = #id;					\
		ktstr_register(&id);					\
	}								\
	static struct ktstr_test id

#endif /* KTSTR_TEST_H */
