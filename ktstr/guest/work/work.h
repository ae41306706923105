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
	WORK_NR,
};

const char *ktstr_work_name(enum ktstr_work_type type);
/* Returns WORK_NR when @name names no work type. */
enum ktstr_work_type ktstr_work_from_name(const char *name);
/* Pair work types need an even worker count: partners are i and i^1. */
bool ktstr_work_is_paired(enum ktstr_work_type type);
bool ktstr_work_has_wakes(enum ktstr_work_type type);

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
