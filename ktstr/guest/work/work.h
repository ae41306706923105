/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Work types: what a worker process does, and what it reports.
 *
 * A worker is a forked process, placed in its cgroup before it starts
 * running its work. It runs until told to stop and keeps its report in
 * memory shared with the parent (MAP_SHARED), so a worker that is killed
 * still leaves the numbers it had.
 */
#ifndef KTSTR_WORK_H
#define KTSTR_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ktstr_work_type {
	WORK_DEFAULT = 0,	/* the test's work type (CPU spin if unset) */
	WORK_CPU_SPIN,
	WORK_YIELD_HEAVY,
	WORK_MIXED,
	WORK_IO_SYNC,
	WORK_BURSTY,
	WORK_PIPE_IO,		/* pairs */
	WORK_FUTEX_PING_PONG,	/* pairs */
	WORK_FUTEX_FAN_OUT,
	WORK_CACHE_PRESSURE,
	WORK_CACHE_YIELD,
	WORK_CACHE_PIPE,	/* pairs */
	WORK_SEQUENCE,
	WORK_FORK_EXIT,
	WORK_NICE_SWEEP,
	WORK_AFFINITY_CHURN,
	WORK_POLICY_CHURN,
	WORK_PAGE_FAULT_CHURN,
	WORK_MUTEX_CONTENTION,
	WORK_STRESS_NG,		/* runs stress-ng: see work_tool.h */
	WORK_HACKBENCH,		/* runs hackbench, run after run */
	WORK_NR,
};

const char *ktstr_work_name(enum ktstr_work_type type);
/* Returns WORK_NR when @name names no work type. */
enum ktstr_work_type ktstr_work_from_name(const char *name);
/* Pair work types need an even worker count: partners are i and i^1. */
bool ktstr_work_is_paired(enum ktstr_work_type type);
bool ktstr_work_has_wakes(enum ktstr_work_type type);

/*
 * Tool work types run an external program instead of instrumented loops:
 * their worker is a supervisor that starts the tool in its cgroup, stops
 * it and reads its output (work_tool.h). Inline, so that the pure check
 * code can ask without linking the work table.
 */
static inline bool ktstr_work_is_tool(enum ktstr_work_type type)
{
	return type == WORK_STRESS_NG || type == WORK_HACKBENCH;
}

/* Limits of what a tool worker reports. */
#define KTSTR_TOOL_MAX_FIGURES	8	/* stress-ng stressors per run */
#define KTSTR_TOOL_FIGURE_NAME	24
#define KTSTR_TOOL_TAIL		480	/* the last lines of its output */

enum ktstr_tool_state {
	KTSTR_TOOL_NOT_RUN = 0,	/* the worker never got to start it */
	KTSTR_TOOL_RUNNING,	/* started; nothing final is known yet */
	KTSTR_TOOL_EXEC_FAILED,	/* fork or exec failed: see exec_errno */
	KTSTR_TOOL_DONE,	/* ended and was reaped: see wait_status */
};

/* One stress-ng stressor's figures from its --yaml metrics. */
struct ktstr_tool_figure {
	char name[KTSTR_TOOL_FIGURE_NAME];
	uint64_t bogo_ops;
	double bogo_ops_s;		/* per second of real time */
};

/*
 * What a tool worker saw of its tool. For hackbench, which runs again
 * and again until the stop, the figures cover every run that completed,
 * and a failed run ends the loop and decides the status.
 */
struct ktstr_tool_report {
	int32_t state;			/* enum ktstr_tool_state */
	int32_t exec_errno;
	int32_t wait_status;		/* of the run that decides the result */
	uint32_t runs;			/* runs completed and parsed */
	bool interrupted;		/* stopped by us at the end (SIGINT) */
	bool killed;			/* SIGKILLed: it outlived its stop */
	int8_t verdict;			/* stress-ng: 1 successful, 0 not, -1 unknown */
	uint32_t fail_lines;		/* stress-ng "fail:" lines */
	uint32_t skipped;		/* stress-ng stressors it skipped */
	uint32_t nr_figures;
	struct ktstr_tool_figure figure[KTSTR_TOOL_MAX_FIGURES];
	double time_max_s;		/* hackbench: slowest run's "Time:" */
	double time_sum_s;
	char log[96];			/* the log file, for messages */
	char tail[KTSTR_TOOL_TAIL];	/* last lines, '\n' separated */
};

struct ktstr_worker_report {
	uint64_t work_units;
	uint64_t cpu_ns;		/* CLOCK_THREAD_CPUTIME of the worker */
	uint64_t wall_ns;
	uint64_t offcpu_ns;		/* wall - cpu */
	uint64_t max_gap_ns;		/* longest stretch not running */
	uint64_t max_gap_at_ns;		/* CLOCK_MONOTONIC when it ended */
	int32_t max_gap_cpu;		/* CPU it resumed on */
	int32_t pid;
	uint64_t cpus_used;		/* bitmask of CPUs seen (< 64 CPUs) */
	uint64_t migrations;		/* CPU changes seen by the worker */
	uint64_t wake_count;
	uint64_t wake_lat_sum_ns;
	uint64_t wake_lat_max_ns;
	uint64_t run_delay_ns;		/* /proc/self/schedstat, 2nd field */
	uint64_t allowed_cpus;		/* cpuset the worker was placed in */
	bool done;			/* worker finished and wrote its report */
	struct ktstr_tool_report tool;	/* tool work types only */
};

/*
 * Shared state of a group of workers doing the same work. Allocated with
 * MAP_SHARED before fork so that paired workers can use futexes and the
 * parent can read the reports.
 */
struct ktstr_work_shared;

struct ktstr_work_shared *ktstr_work_shared_alloc(enum ktstr_work_type type,
						 unsigned int nr_workers);
void ktstr_work_shared_free(struct ktstr_work_shared *shared,
			    unsigned int nr_workers);
struct ktstr_worker_report *
ktstr_work_report(struct ktstr_work_shared *shared, unsigned int idx);

/*
 * What a batch of tool workers needs to know before they fork: strings
 * are borrowed (the test definition's), and stay valid in the children.
 */
struct ktstr_work_tool_cfg {
	const char *cgroup;		/* names the logs */
	const char *args;		/* NULL or "": the type's defaults */
	unsigned int first_idx;		/* the batch's first index in its cgroup */
	unsigned int stop_ms;		/* how long the scenario waits for a stop */
};

void ktstr_work_shared_set_tool(struct ktstr_work_shared *shared,
				const struct ktstr_work_tool_cfg *cfg);

/*
 * Whether work @type can run here: 0 for every built-in type; for a tool,
 * whether it is installed and starts (its shared libraries load). Else
 * -ENOENT (or another -errno) with @why naming the tool and the problem.
 * Runs the tool once, so call it before forking workers, not in them.
 */
int ktstr_work_available(enum ktstr_work_type type, char *why, size_t len);

/*
 * Run work @type as worker @idx of @shared until *stop becomes true (or
 * the process is signalled); *stop lives in shared memory written by the
 * parent and is read with __atomic_load_n, then fill in the report. Called in the
 * forked child, after it joined its cgroup. Never returns an error: a
 * work type that cannot do its syscall counts no work units, which the
 * starvation check reports.
 */
void ktstr_work_run(enum ktstr_work_type type, struct ktstr_work_shared *shared,
		    unsigned int idx, const int *stop);

#endif /* KTSTR_WORK_H */
