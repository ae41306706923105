/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario engine: runs a test's declared cgroups, workers and steps
 * (ktstr_scenario_run() in ctx.h), then evaluates the checks.
 *
 * Semantics the declaration leaves open, decided here:
 * - The workload lasts ctx->duration_ms, or the steps' holds if they add
 *   up to more: after the last step the rest of the duration is held.
 * - OP_ADD_CGROUP creates .cgroup with .count workers (0: an empty cgroup,
 *   e.g. as an OP_MOVE_TASKS target) of the test's work type, or of its
 *   declared type when it re-adds a declared cgroup; .arg is its cpuset.
 * - OP_SPAWN needs .count > 0. OP_STOP stops the .count most recently
 *   started workers in the cgroup (0: all), and a stopped worker of a
 *   paired type takes its partner with it.
 * - OP_CLEAR_CPUSET writes every CPU to cpuset.cpus. (Emptying it, which
 *   would mean "the parent's", fails with ENOSPC while the cgroup has
 *   tasks.)
 * - HOLD_LOOP runs the step's ops .value times, .loop_ms / .value apart.
 * - Workers are reported under the cgroup they were started in, with
 *   their index there (in start order), even after OP_MOVE_TASKS.
 * - Isolation: a worker may run on every CPU of every cpuset it was
 *   confined to during the run (the union over cpuset changes and moves,
 *   each as cpuset.cpus.effective said after the write), since a cpuset
 *   change reaches a running task a moment later.
 * - Off-CPU spread compares only workers that ran the whole workload in
 *   their cgroup: a late spawn, an early stop or a move sees another
 *   level of contention and says nothing about fairness.
 */
#ifndef KTSTR_SCENARIO_H
#define KTSTR_SCENARIO_H

#include <stddef.h>

#include "guest/ktstr_test.h"

/* Limits of one run: workers ever started, cgroups ever named. */
#define KTSTR_SC_MAX_WORKERS	512
#define KTSTR_SC_MAX_CGROUPS	32

/*
 * Check @test's cgroups and steps against @topo: cpuset specs, cgroup
 * names in ops, paired work types' worker counts, hold loops, limits.
 * Returns 0 or -EINVAL with @err naming the test and field, e.g. "test
 * cpuset_bad: cgroup 'a' cpuset 'part:0/9': impossible cpuset (9
 * partitions of 4 CPUs)".
 */
int ktstr_scenario_validate(const struct ktstr_test *test,
			    const struct ktstr_topo *topo,
			    char *why, size_t whylen);

#endif /* KTSTR_SCENARIO_H */
