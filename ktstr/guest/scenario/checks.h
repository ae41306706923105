/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workload checks: their thresholds (global defaults, overridden by the
 * scheduler's, overridden by the test's), their evaluation over the worker
 * reports of each cgroup, and the "stats" summary (docs/protocol.md).
 *
 * Pure: no I/O, so the host-side unit tests run it on synthetic reports.
 */
#ifndef KTSTR_CHECKS_H
#define KTSTR_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

#include "guest/ktstr_test.h"
#include "guest/work/work.h"

/* Global defaults; why these numbers: see checks.c. */
#define KTSTR_DEF_SPREAD_PCT		15
#define KTSTR_DEF_SPREAD_PCT_TCG	35
#define KTSTR_DEF_GAP_MS		2000
#define KTSTR_DEF_GAP_MS_TCG		4000

/* The global defaults; relaxed when @tcg (emulated CPUs). */
void ktstr_checks_defaults(struct ktstr_checks *out, bool tcg);

/*
 * @out = defaults <- @sched <- @test, field by field: 0 inherits the value
 * before it, anything else (KTSTR_OFF included) replaces it. @sched may be
 * NULL. A value of @test is taken as written, TCG or not: a test that
 * sets its own threshold has said what it means.
 */
void ktstr_checks_merge(struct ktstr_checks *out, bool tcg,
			const struct ktstr_checks *sched,
			const struct ktstr_checks *test);

/* A merged knob is in force when > 0 (KTSTR_OFF and "unset" are not). */
static inline bool ktstr_check_on(long knob)
{
	return knob > 0;
}

/* Whether the off-CPU spread of a cgroup of @type workers means anything. */
bool ktstr_spread_applies(enum ktstr_work_type type);

/*
 * Whether a worker's own measurements (work units, gaps, migrations, wake
 * latency) describe its work: not for tool work types, whose worker only
 * supervises an uninstrumented program. Their checks are the tool's exit
 * status, its figures and their bounds; isolation applies to every type.
 */
bool ktstr_work_instrumented(enum ktstr_work_type type);

struct ktstr_check_worker {
	struct ktstr_worker_report rep;	/* a copy, taken after the stop */
	uint64_t allowed;	/* union of every cpuset it was confined to */
	bool partial;		/* spawned late, stopped early or moved */
};

/* The workers of one cgroup, by their index in it. */
struct ktstr_check_cgroup {
	const char *name;
	enum ktstr_work_type work;
	const char *work_name;
	unsigned int nr_workers;
	const struct ktstr_check_worker *workers;
};

/*
 * Evaluate @checks. Calls @fail once per failure with a line naming the
 * cgroup, the worker (index and pid), the value and the threshold, e.g.
 * "cgroup a worker 1 (pid 57): max gap 2300 ms > 2000 ms (on cpu 2)".
 * Returns the number of failures.
 */
unsigned int ktstr_checks_eval(const struct ktstr_checks *checks,
			       const struct ktstr_check_cgroup *cgs,
			       unsigned int nr_cgs,
			       void (*fail)(void *arg, const char *line),
			       void *arg);

/* The summary of one cgroup, as in the "stats" object. */
struct ktstr_cgroup_stats {
	unsigned int workers;
	uint64_t work_units;
	bool has_spread;	/* spread applies and >= 2 full-run workers */
	double spread_pct;	/* percentage points of off-CPU time */
	unsigned int spread_min, spread_max;	/* worker indices */
	uint64_t max_gap_ms;
	int max_gap_cpu;	/* -1: no gap seen */
	unsigned int max_gap_worker;
	uint64_t cpus_used;
	uint64_t migrations;
	uint64_t wake_lat_max_us;
	uint64_t run_delay_ms;	/* summed over the workers */
	/* Tool work types: their figures, not the ones above. */
	bool tool;
	int tool_exit;		/* first non-zero: exit code, 128+signal, ... */
	unsigned int tool_runs;	/* completed runs, summed */
	unsigned int tool_skipped;	/* stress-ng stressors skipped */
	unsigned int nr_figures;	/* stress-ng: per stressor name, */
	struct ktstr_tool_figure figure[KTSTR_TOOL_MAX_FIGURES]; /* summed */
	double hackbench_max_s;	/* slowest run of any worker */
	double hackbench_mean_s;
};

void ktstr_cgroup_stats(const struct ktstr_check_cgroup *cg,
			struct ktstr_cgroup_stats *st);

/*
 * The "stats" JSON object of docs/protocol.md for @cgs on a VM of
 * @nr_cpus CPUs. Returns a malloc()ed string, or NULL when out of memory.
 */
char *ktstr_stats_json(const struct ktstr_check_cgroup *cgs,
		       unsigned int nr_cgs, unsigned int nr_cpus);

#endif /* KTSTR_CHECKS_H */
