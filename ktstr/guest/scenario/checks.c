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
 * - Tool work types (stress-ng, hackbench) are not instrumented: of the
 *   checks above only isolation applies (to the supervising worker). A
 *   tool must have started, ended with status 0 and printed its figures;
 *   min_bogo_ops_s and max_hackbench_ms bound those figures when set.
 *
 * These are judgement, not measurement: revisit them with data from runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "common/clock.h"
#include "common/cpuset_spec.h"
#include "guest/lib/jsonw.h"
#include "guest/lib/strbuf.h"
#include "guest/scenario/checks.h"
#include "guest/work/work_tool.h"

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
	MERGE(out, over, min_bogo_ops_s);
	MERGE(out, over, max_hackbench_ms);
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

bool ktstr_work_instrumented(enum ktstr_work_type type)
{
	return !ktstr_work_is_tool(type);
}

/*
 * A tool's end as one number, as a shell would say it: the exit code,
 * 128 + the signal that killed it, 127 when it could not be started, -1
 * while unknown (never started, or its worker was killed first).
 */
static int tool_exit_code(const struct ktstr_tool_report *t)
{
	switch (t->state) {
	case KTSTR_TOOL_EXEC_FAILED:
		return 127;
	case KTSTR_TOOL_DONE:
		if (WIFEXITED(t->wait_status))
			return WEXITSTATUS(t->wait_status);
		if (WIFSIGNALED(t->wait_status))
			return 128 + WTERMSIG(t->wait_status);
		return -1;
	default:
		return -1;
	}
}

/* Sum @f into @st's figure of the same stressor name. */
static void add_figure(struct ktstr_cgroup_stats *st,
		       const struct ktstr_tool_figure *f)
{
	unsigned int i;

	for (i = 0; i < st->nr_figures; i++) {
		if (!strcmp(st->figure[i].name, f->name)) {
			st->figure[i].bogo_ops += f->bogo_ops;
			st->figure[i].bogo_ops_s += f->bogo_ops_s;
			return;
		}
	}
	if (st->nr_figures < KTSTR_TOOL_MAX_FIGURES)
		st->figure[st->nr_figures++] = *f;
}

static void tool_stats(const struct ktstr_check_cgroup *cg,
		       struct ktstr_cgroup_stats *st)
{
	double sum_s = 0;
	unsigned int i, j;

	st->tool = true;
	for (i = 0; i < cg->nr_workers; i++) {
		const struct ktstr_tool_report *t = &cg->workers[i].rep.tool;
		int code = tool_exit_code(t);

		if (code && !st->tool_exit)
			st->tool_exit = code;
		st->tool_runs += t->runs;
		st->tool_skipped += t->skipped;
		for (j = 0; j < t->nr_figures && j < KTSTR_TOOL_MAX_FIGURES; j++)
			add_figure(st, &t->figure[j]);
		sum_s += t->time_sum_s;
		if (t->time_max_s > st->hackbench_max_s)
			st->hackbench_max_s = t->time_max_s;
	}
	if (st->tool_runs && cg->work == WORK_HACKBENCH)
		st->hackbench_mean_s = sum_s / st->tool_runs;
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
	if (!ktstr_work_instrumented(cg->work)) {
		tool_stats(cg, st);
		return;
	}
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
	char line[1024];	/* room for a tool's last lines */
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

static void check_isolation(struct eval *ev, unsigned int idx)
{
	const struct ktstr_check_worker *w = &ev->cg->workers[idx];
	uint64_t outside = w->rep.cpus_used & ~w->allowed;
	char used[KTSTR_CPUMASK_STRLEN], allowed[KTSTR_CPUMASK_STRLEN];

	if (!ktstr_check_on(ev->checks->isolation) || !outside)
		return;
	ktstr_cpumask_format(outside, used, sizeof(used));
	ktstr_cpumask_format(w->allowed, allowed, sizeof(allowed));
	worker_fail(ev, idx, "ran on CPU%s %s outside its cpuset %s",
		    __builtin_popcountll(outside) > 1 ? "s" : "",
		    used, allowed);
}

/* "; /tmp/a.0.stress-ng.log ends:\n<its last lines>", or "". */
static const char *tail_note(const struct ktstr_tool_report *t, char *buf,
			     size_t len)
{
	if (!t->tail[0])
		return "";
	snprintf(buf, len, "; %s ends:\n%s", t->log, t->tail);
	return buf;
}

/*
 * How the tool ended, when that is a failure. A partial worker (stopped
 * early, spawned late) may have had no time to report: only how its tool
 * ended counts, not missing figures.
 */
static void check_tool_end(struct eval *ev, unsigned int idx,
			   const char *name, const struct ktstr_tool_report *t)
{
	bool partial = ev->cg->workers[idx].partial;
	char buf[KTSTR_TOOL_TAIL + 128];
	int st = t->wait_status, code;
	const char *what, *note;

	switch (t->state) {
	case KTSTR_TOOL_NOT_RUN:
		worker_fail(ev, idx, "%s never started", name);
		return;
	case KTSTR_TOOL_EXEC_FAILED:
		worker_fail(ev, idx, "%s could not be started: %s", name,
			    strerror(t->exec_errno));
		return;
	case KTSTR_TOOL_RUNNING:
		worker_fail(ev, idx, "%s was still running when its worker was killed: no result",
			    name);
		return;
	}
	note = tail_note(t, buf, sizeof(buf));
	if (t->killed) {
		worker_fail(ev, idx, "%s did not end after SIGINT and was killed%s",
			    name, note);
	} else if (t->interrupted && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT) {
		/* Stopped before it had set up its handlers. */
		if (!partial)
			worker_fail(ev, idx, "%s died of the SIGINT that stops it, before it could report%s",
				    name, note);
	} else if (WIFSIGNALED(st)) {
		worker_fail(ev, idx, "%s was killed by signal %d (%s)%s", name,
			    WTERMSIG(st), strsignal(WTERMSIG(st)), note);
	} else if (WIFEXITED(st) && WEXITSTATUS(st)) {
		code = WEXITSTATUS(st);
		what = ktstr_tool_exit_text(ev->cg->work, code);
		worker_fail(ev, idx, "%s exited with status %d%s%s%s%s", name,
			    code, *what ? " (" : "", what, *what ? ")" : "",
			    note);
	} else if (!t->verdict) {
		if (ev->cg->work == WORK_STRESS_NG)
			worker_fail(ev, idx, "%s reported an unsuccessful run%s",
				    name, note);
		else
			worker_fail(ev, idx, "%s run %u printed no \"Time:\"%s",
				    name, t->runs + 1, note);
	} else if (partial) {
		return;
	} else if (ev->cg->work == WORK_STRESS_NG && !t->nr_figures) {
		worker_fail(ev, idx, "%s reported no bogo ops metrics%s", name,
			    note);
	} else if (ev->cg->work == WORK_HACKBENCH && !t->runs) {
		worker_fail(ev, idx, "no %s run completed in %llu ms", name,
			    (unsigned long long)(ev->cg->workers[idx].rep.wall_ns /
						 NSEC_PER_MSEC));
	}
}

static void check_tool(struct eval *ev, unsigned int idx)
{
	const struct ktstr_tool_report *t = &ev->cg->workers[idx].rep.tool;
	const struct ktstr_checks *c = ev->checks;
	const char *name = ktstr_tool_name(ev->cg->work);
	unsigned int nr = ev->nr_fail, i;

	check_isolation(ev, idx);
	check_tool_end(ev, idx, name, t);
	/* Figures of a failed run are no figures to bound. */
	if (ev->nr_fail != nr)
		return;
	for (i = 0; i < t->nr_figures && i < KTSTR_TOOL_MAX_FIGURES; i++) {
		const struct ktstr_tool_figure *f = &t->figure[i];

		/* A stressor that got nothing done: starvation, tool style. */
		if (ktstr_check_on(c->not_starved) && !f->bogo_ops)
			worker_fail(ev, idx, "%s %s: starved: 0 bogo ops",
				    name, f->name);
		else if (ktstr_check_on(c->min_bogo_ops_s) &&
			 f->bogo_ops_s < (double)c->min_bogo_ops_s)
			worker_fail(ev, idx, "%s %s: %.2f bogo ops/s < %ld minimum",
				    name, f->name, f->bogo_ops_s,
				    c->min_bogo_ops_s);
	}
	if (ktstr_check_on(c->max_hackbench_ms) && t->runs &&
	    t->time_max_s * 1000.0 > (double)c->max_hackbench_ms)
		worker_fail(ev, idx, "%s: slowest of %u runs took %.3f s > %.3f s maximum",
			    name, t->runs, t->time_max_s,
			    c->max_hackbench_ms / 1000.0);
}

static void check_worker(struct eval *ev, unsigned int idx)
{
	const struct ktstr_check_worker *w = &ev->cg->workers[idx];
	const struct ktstr_worker_report *rep = &w->rep;
	const struct ktstr_checks *c = ev->checks;
	bool starved = false;

	if (!ktstr_work_instrumented(ev->cg->work)) {
		check_tool(ev, idx);
		return;
	}
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
	check_isolation(ev, idx);
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

/*
 * A tool cgroup's figures instead of the instrumented ones: "tool",
 * "tool_exit", "tool_runs", then stress-ng's "bogo_ops_s" per stressor
 * (summed over the workers) or hackbench's slowest and mean run.
 */
static void json_tool(struct ktstr_buf *b, const struct ktstr_check_cgroup *cg,
		      const struct ktstr_cgroup_stats *st)
{
	unsigned int i;

	jsonw_kv_str(b, false, "tool", ktstr_tool_name(cg->work));
	jsonw_kv_long(b, false, "tool_exit", st->tool_exit);
	jsonw_kv_u64(b, false, "tool_runs", st->tool_runs);
	if (cg->work == WORK_STRESS_NG) {
		if (st->tool_skipped)
			jsonw_kv_u64(b, false, "tool_skipped",
				     st->tool_skipped);
		ktstr_buf_add(b, ", \"bogo_ops_s\": {");
		for (i = 0; i < st->nr_figures; i++)
			jsonw_kv_num(b, !i, st->figure[i].name, "%.2f",
				     st->figure[i].bogo_ops_s);
		ktstr_buf_addc(b, '}');
	} else if (st->tool_runs) {
		jsonw_kv_num(b, false, "hackbench_max_s", "%.3f",
			     st->hackbench_max_s);
		jsonw_kv_num(b, false, "hackbench_mean_s", "%.3f",
			     st->hackbench_mean_s);
	}
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
	if (st->tool) {
		json_tool(b, cg, st);
		ktstr_buf_addc(b, '}');
		return;
	}
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
