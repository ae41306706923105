// SPDX-License-Identifier: GPL-2.0
/*
 * Check thresholds, their evaluation, and the stats summary.
 *
 * Default thresholds and why:
 *
 * - max_spread_pct 15 (35 under TCG): spinning workers that share CPUs
 *   under a fair scheduler end a 2 s run within a few points of each
 *   other's off-CPU fraction; simple FIFO sched_ext schedulers with 20 ms
 *   slices add a few more. 15 points leaves that room and still catches a
 *   worker that gets clearly less than its share. Under TCG every vCPU is
 *   a host thread, often more of them than the host (2 cores here) has
 *   cores: the host deschedules whole vCPUs for tens of ms, the guest's
 *   tick-based accounting gets coarse, and one worker's share swings by
 *   far more, so only a gross imbalance (35 points) is reported.
 *
 * - max_gap_ms 2000 (4000 under TCG): a runnable task normally waits at
 *   most a few slices (tens of ms). Two seconds is far beyond any sane
 *   slice yet well under the sched_ext watchdog's 30 s, so it catches
 *   starvation the watchdog would not. Under TCG a stalled vCPU thread
 *   adds host scheduling delay on top, and timer interrupts arrive late;
 *   4 s keeps that noise out.
 *
 * - isolation and not_starved are on: they are exact (a CPU outside the
 *   cpuset, zero work units) and need no slack, TCG or not.
 *
 * - min_work_units, max_migrations and max_wake_lat_us depend on the work
 *   and the topology, so only a scheduler or a test sets them.
 *
 * These are judgement, not measurement: revisit them with data from runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/cpuset_spec.h"
#include "guest/lib/jsonw.h"
#include "guest/lib/strbuf.h"
#include "guest/scenario/checks.h"

void ktstr_checks_defaults(struct ktstr_checks *out, bool tcg)
{
	*out = (struct ktstr_checks) {
		.max_spread_pct = tcg ? KTSTR_DEF_SPREAD_PCT_TCG :
					KTSTR_DEF_SPREAD_PCT,
		.max_gap_ms = tcg ? KTSTR_DEF_GAP_MS_TCG : KTSTR_DEF_GAP_MS,
		.isolation = KTSTR_ON,
		.not_starved = KTSTR_ON,
	};
}

#define MERGE(out, over, field)			\
	do {					\
		if ((over)->field)		\
			(out)->field = (over)->field; \
	} while (0)

static void merge_over(struct ktstr_checks *out, const struct ktstr_checks *over)
{
	MERGE(out, over, max_spread_pct);
	MERGE(out, over, max_gap_ms);
	MERGE(out, over, isolation);
	MERGE(out, over, not_starved);
	MERGE(out, over, min_work_units);
	MERGE(out, over, max_migrations);
	MERGE(out, over, max_wake_lat_us);
}

void ktstr_checks_merge(struct ktstr_checks *out, bool tcg,
			const struct ktstr_checks *sched,
			const struct ktstr_checks *test)
{
	ktstr_checks_defaults(out, tcg);
	if (sched)
		merge_over(out, sched);
	if (test)
		merge_over(out, test);
}

/*
 * Only workers that are always runnable and never wait by choice have an
 * off-CPU fraction that is the scheduler's doing alone: spin and cache
 * pressure. Sleeping, yielding, paired and churning types wait, yield or
 * change their own nice/policy/affinity by design, and their off-CPU time
 * differs without any unfairness.
 */
bool ktstr_spread_applies(enum ktstr_work_type type)
{
	switch (type) {
	case WORK_CPU_SPIN:
	case WORK_CACHE_PRESSURE:
		return true;
	default:
		return false;
	}
}

static double offcpu_pct(const struct ktstr_worker_report *rep)
{
	return (double)rep->offcpu_ns * 100.0 / (double)rep->wall_ns;
}

void ktstr_cgroup_stats(const struct ktstr_check_cgroup *cg,
			struct ktstr_cgroup_stats *st)
{
	bool applies = ktstr_spread_applies(cg->work);
	double lo = 0, hi = 0;
	unsigned int i, full = 0;

	*st = (struct ktstr_cgroup_stats) {
		.workers = cg->nr_workers,
		.max_gap_cpu = -1,
	};
	for (i = 0; i < cg->nr_workers; i++) {
		const struct ktstr_check_worker *w = &cg->workers[i];
		const struct ktstr_worker_report *rep = &w->rep;
		uint64_t gap_ms = rep->max_gap_ns / NSEC_PER_MSEC;
		uint64_t lat_us = rep->wake_lat_max_ns / NSEC_PER_USEC;

		st->work_units += rep->work_units;
		st->cpus_used |= rep->cpus_used;
		st->migrations += rep->migrations;
		st->run_delay_ms += rep->run_delay_ns / NSEC_PER_MSEC;
		if (lat_us > st->wake_lat_max_us)
			st->wake_lat_max_us = lat_us;
		if (rep->max_gap_ns && (st->max_gap_cpu < 0 ||
					gap_ms > st->max_gap_ms)) {
			st->max_gap_ms = gap_ms;
			st->max_gap_cpu = rep->max_gap_cpu;
			st->max_gap_worker = i;
		}

		/* A worker that never ran has no fraction: starvation says it. */
		if (!applies || w->partial || !rep->wall_ns)
			continue;
		if (!full || offcpu_pct(rep) < lo) {
			lo = offcpu_pct(rep);
			st->spread_min = i;
		}
		if (!full || offcpu_pct(rep) > hi) {
			hi = offcpu_pct(rep);
			st->spread_max = i;
		}
		full++;
	}
	if (full >= 2) {
		st->has_spread = true;
		st->spread_pct = hi - lo;
	}
}

struct eval {
	const struct ktstr_checks *checks;
	const struct ktstr_check_cgroup *cg;
	void (*fail)(void *arg, const char *line);
	void *arg;
	unsigned int nr_fail;
	char line[512];
};

static void report(struct eval *ev)
{
	ev->fail(ev->arg, ev->line);
	ev->nr_fail++;
}

/*
 * "cgroup a worker 1 (pid 57): <what>". A macro so that snprintf checks
 * the format against its arguments.
 */
#define worker_fail(ev, idx, fmt, ...)					\
	do {								\
		snprintf((ev)->line, sizeof((ev)->line),		\
			 "cgroup %s worker %u (pid %d): " fmt,		\
			 (ev)->cg->name, (idx),				\
			 (ev)->cg->workers[idx].rep.pid, ##__VA_ARGS__); \
		report(ev);						\
	} while (0)

static void check_worker(struct eval *ev, unsigned int idx)
{
	const struct ktstr_check_worker *w = &ev->cg->workers[idx];
	const struct ktstr_worker_report *rep = &w->rep;
	const struct ktstr_checks *c = ev->checks;
	uint64_t outside = rep->cpus_used & ~w->allowed;
	bool starved = false;

	if (ktstr_check_on(c->not_starved) && !rep->work_units) {
		worker_fail(ev, idx, "starved: 0 work units in %llu ms",
			    (unsigned long long)(rep->wall_ns / NSEC_PER_MSEC));
		starved = true;
	}
	if (ktstr_check_on(c->min_work_units) && !starved &&
	    rep->work_units < (uint64_t)c->min_work_units)
		worker_fail(ev, idx, "%llu work units < %ld minimum",
			    (unsigned long long)rep->work_units,
			    c->min_work_units);
	if (ktstr_check_on(c->max_gap_ms) &&
	    rep->max_gap_ns > (uint64_t)c->max_gap_ms * NSEC_PER_MSEC)
		worker_fail(ev, idx, "max gap %llu ms > %d ms (on cpu %d)",
			    (unsigned long long)(rep->max_gap_ns / NSEC_PER_MSEC),
			    c->max_gap_ms, rep->max_gap_cpu);
	if (ktstr_check_on(c->isolation) && outside) {
		char used[KTSTR_CPUMASK_STRLEN], allowed[KTSTR_CPUMASK_STRLEN];

		ktstr_cpumask_format(outside, used, sizeof(used));
		ktstr_cpumask_format(w->allowed, allowed, sizeof(allowed));
		worker_fail(ev, idx, "ran on CPU%s %s outside its cpuset %s",
			    __builtin_popcountll(outside) > 1 ? "s" : "",
			    used, allowed);
	}
	if (ktstr_check_on(c->max_migrations) &&
	    rep->migrations > (uint64_t)c->max_migrations)
		worker_fail(ev, idx, "%llu migrations > %ld",
			    (unsigned long long)rep->migrations,
			    c->max_migrations);
	if (ktstr_check_on(c->max_wake_lat_us) &&
	    rep->wake_lat_max_ns > (uint64_t)c->max_wake_lat_us * NSEC_PER_USEC)
		worker_fail(ev, idx, "max wake latency %llu us > %ld us",
			    (unsigned long long)(rep->wake_lat_max_ns /
						 NSEC_PER_USEC),
			    c->max_wake_lat_us);
}

static void check_spread(struct eval *ev)
{
	const struct ktstr_check_cgroup *cg = ev->cg;
	int max = ev->checks->max_spread_pct;
	struct ktstr_cgroup_stats st;
	const struct ktstr_worker_report *lo, *hi;

	if (!ktstr_check_on(max))
		return;
	ktstr_cgroup_stats(cg, &st);
	if (!st.has_spread || st.spread_pct <= max)
		return;
	lo = &cg->workers[st.spread_min].rep;
	hi = &cg->workers[st.spread_max].rep;
	snprintf(ev->line, sizeof(ev->line),
		 "cgroup %s: off-CPU spread %.1f%% > %d%% (worker %u (pid %d) %.1f%%, worker %u (pid %d) %.1f%%)",
		 cg->name, st.spread_pct, max, st.spread_min, lo->pid,
		 offcpu_pct(lo), st.spread_max, hi->pid, offcpu_pct(hi));
	report(ev);
}

unsigned int ktstr_checks_eval(const struct ktstr_checks *checks,
			       const struct ktstr_check_cgroup *cgs,
			       unsigned int nr_cgs,
			       void (*fail)(void *arg, const char *line),
			       void *arg)
{
	struct eval ev = {
		.checks = checks,
		.fail = fail,
		.arg = arg,
	};
	unsigned int i, w;

	for (i = 0; i < nr_cgs; i++) {
		ev.cg = &cgs[i];
		for (w = 0; w < cgs[i].nr_workers; w++)
			check_worker(&ev, w);
		check_spread(&ev);
	}
	return ev.nr_fail;
}

static void json_cgroup(struct ktstr_buf *b,
			const struct ktstr_check_cgroup *cg,
			const struct ktstr_cgroup_stats *st)
{
	char cpus[KTSTR_CPUMASK_STRLEN];

	ktstr_cpumask_format(st->cpus_used, cpus, sizeof(cpus));
	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "name", cg->name);
	jsonw_kv_str(b, false, "work", cg->work_name);
	jsonw_kv_u64(b, false, "workers", st->workers);
	jsonw_kv_u64(b, false, "work_units", st->work_units);
	if (st->has_spread)
		jsonw_kv_num(b, false, "spread_pct", "%.1f", st->spread_pct);
	jsonw_kv_u64(b, false, "max_gap_ms", st->max_gap_ms);
	jsonw_kv_long(b, false, "max_gap_cpu", st->max_gap_cpu);
	jsonw_kv_str(b, false, "cpus_used", cpus);
	jsonw_kv_u64(b, false, "migrations", st->migrations);
	jsonw_kv_u64(b, false, "wake_lat_max_us", st->wake_lat_max_us);
	jsonw_kv_u64(b, false, "run_delay_ms", st->run_delay_ms);
	ktstr_buf_addc(b, '}');
}

char *ktstr_stats_json(const struct ktstr_check_cgroup *cgs,
		       unsigned int nr_cgs, unsigned int nr_cpus)
{
	unsigned long long migrations = 0, worst_gap = 0;
	struct ktstr_buf b = KTSTR_BUF_INIT;
	double worst_spread = 0;
	bool any_spread = false;
	unsigned int i, workers = 0;
	char *text;

	for (i = 0; i < nr_cgs; i++) {
		struct ktstr_cgroup_stats st;

		ktstr_cgroup_stats(&cgs[i], &st);
		workers += st.workers;
		migrations += st.migrations;
		if (st.max_gap_ms > worst_gap)
			worst_gap = st.max_gap_ms;
		if (st.has_spread && (!any_spread || st.spread_pct > worst_spread))
			worst_spread = st.spread_pct;
		any_spread |= st.has_spread;
	}
	ktstr_buf_addc(&b, '{');
	jsonw_kv_u64(&b, true, "workers", workers);
	jsonw_kv_u64(&b, false, "cpus", nr_cpus);
	jsonw_kv_u64(&b, false, "migrations", migrations);
	if (any_spread)
		jsonw_kv_num(&b, false, "worst_spread_pct", "%.1f",
			     worst_spread);
	jsonw_kv_u64(&b, false, "worst_gap_ms", worst_gap);
	ktstr_buf_add(&b, ",\n \"cgroups\": [");
	for (i = 0; i < nr_cgs; i++) {
		struct ktstr_cgroup_stats st;

		ktstr_cgroup_stats(&cgs[i], &st);
		ktstr_buf_add(&b, i ? ",\n  " : "\n  ");
		json_cgroup(&b, &cgs[i], &st);
	}
	ktstr_buf_add(&b, "]}");
	text = b.oom ? NULL : strdup(ktstr_buf_str(&b));
	ktstr_buf_free(&b);
	return text;
}
