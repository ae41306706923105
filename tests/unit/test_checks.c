// SPDX-License-Identifier: GPL-2.0
/*
 * Check thresholds (defaults, TCG relaxation, merging, KTSTR_OFF), check
 * evaluation on synthetic worker reports, and the stats JSON; the same
 * for the tool work types (stress-ng, hackbench). Links guest/checks.c,
 * common/cpuset_spec.c, common/topology.c and the tools' pure side.
 */
#include <json-c/json.h>
#include <string.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "guest/scenario/checks.h"

#define MS	1000000ULL

struct lines {
	unsigned int nr;
	char line[16][512];
};

static void collect(void *arg, const char *line)
{
	struct lines *l = arg;

	if (l->nr < 16)
		snprintf(l->line[l->nr], sizeof(l->line[0]), "%s", line);
	l->nr++;
}

/* A healthy spinner: ran the whole 2 s, 10% off-CPU, on CPUs 0-1. */
static struct ktstr_check_worker spinner(int pid)
{
	return (struct ktstr_check_worker) {
		.rep = {
			.pid = pid,
			.work_units = 1000,
			.wall_ns = 2000 * MS,
			.cpu_ns = 1800 * MS,
			.offcpu_ns = 200 * MS,
			.max_gap_ns = 30 * MS,
			.max_gap_cpu = 1,
			.cpus_used = 0x3,
			.migrations = 4,
			.run_delay_ns = 150 * MS,
			.done = true,
		},
		.allowed = 0x3,
	};
}

static void set_offcpu(struct ktstr_check_worker *w, unsigned int pct)
{
	w->rep.offcpu_ns = w->rep.wall_ns * pct / 100;
	w->rep.cpu_ns = w->rep.wall_ns - w->rep.offcpu_ns;
}

FIXTURE(eval) {
	struct ktstr_checks checks;
	struct ktstr_check_worker w[4];
	struct ktstr_check_cgroup cg;
	struct lines out;
};

FIXTURE_SETUP(eval)
{
	unsigned int i;

	ktstr_checks_merge(&self->checks, false, NULL, NULL);
	for (i = 0; i < 4; i++)
		self->w[i] = spinner(100 + i);
	self->cg = (struct ktstr_check_cgroup) {
		.name = "a",
		.work = WORK_CPU_SPIN,
		.work_name = "cpu_spin",
		.nr_workers = 3,
		.workers = self->w,
	};
	memset(&self->out, 0, sizeof(self->out));
}

FIXTURE_TEARDOWN(eval)
{
}

static unsigned int run_eval(struct _test_data_eval *self)
{
	return ktstr_checks_eval(&self->checks, &self->cg, 1, collect,
				 &self->out);
}

TEST(defaults_native)
{
	struct ktstr_checks c;

	ktstr_checks_defaults(&c, false);
	EXPECT_EQ(15, c.max_spread_pct);
	EXPECT_EQ(2000, c.max_gap_ms);
	EXPECT_EQ(KTSTR_ON, c.isolation);
	EXPECT_EQ(KTSTR_ON, c.not_starved);
	EXPECT_EQ(0, c.min_work_units);
	EXPECT_EQ(0, c.max_migrations);
	EXPECT_EQ(0, c.max_wake_lat_us);
}

TEST(defaults_relaxed_under_tcg)
{
	struct ktstr_checks c;

	ktstr_checks_defaults(&c, true);
	EXPECT_EQ(35, c.max_spread_pct);
	EXPECT_EQ(4000, c.max_gap_ms);
	EXPECT_EQ(KTSTR_ON, c.isolation);
	EXPECT_EQ(KTSTR_ON, c.not_starved);
}

TEST(merge_order_and_off)
{
	struct ktstr_checks sched = {
		.max_gap_ms = 3000,
		.max_spread_pct = KTSTR_OFF,
		.min_work_units = 100,
		.isolation = KTSTR_OFF,
	};
	struct ktstr_checks test = {
		.max_gap_ms = 500,
		.max_spread_pct = 20,
		.max_migrations = 7,
	};
	struct ktstr_checks c;

	/* The scheduler's values over the defaults. */
	ktstr_checks_merge(&c, false, &sched, NULL);
	EXPECT_EQ(3000, c.max_gap_ms);
	EXPECT_EQ(KTSTR_OFF, c.max_spread_pct);
	EXPECT_FALSE(ktstr_check_on(c.max_spread_pct));
	EXPECT_FALSE(ktstr_check_on(c.isolation));
	EXPECT_EQ(100, c.min_work_units);
	EXPECT_EQ(KTSTR_ON, c.not_starved);

	/* The test's over both; its zeros inherit. */
	ktstr_checks_merge(&c, false, &sched, &test);
	EXPECT_EQ(500, c.max_gap_ms);
	EXPECT_EQ(20, c.max_spread_pct);
	EXPECT_EQ(KTSTR_OFF, c.isolation);
	EXPECT_EQ(100, c.min_work_units);
	EXPECT_EQ(7, c.max_migrations);

	/* A test turns a default off without a scheduler table. */
	test = (struct ktstr_checks) { .not_starved = KTSTR_OFF };
	ktstr_checks_merge(&c, false, NULL, &test);
	EXPECT_FALSE(ktstr_check_on(c.not_starved));
	EXPECT_EQ(2000, c.max_gap_ms);
}

TEST(merge_under_tcg_keeps_explicit_values)
{
	struct ktstr_checks test = { .max_gap_ms = 500 };
	struct ktstr_checks sched = { .max_spread_pct = 25 };
	struct ktstr_checks c;

	ktstr_checks_merge(&c, true, &sched, &test);
	EXPECT_EQ(500, c.max_gap_ms);
	EXPECT_EQ(25, c.max_spread_pct);

	ktstr_checks_merge(&c, true, NULL, NULL);
	EXPECT_EQ(4000, c.max_gap_ms);
	EXPECT_EQ(35, c.max_spread_pct);
}

TEST_F(eval, healthy_workers_pass)
{
	EXPECT_EQ(0U, run_eval(self));
	EXPECT_EQ(0U, self->out.nr);
}

TEST_F(eval, starved_worker)
{
	self->w[1].rep.work_units = 0;
	self->checks.min_work_units = 10;
	ASSERT_EQ(1U, run_eval(self));
	/* Starved, not also "below the minimum". */
	EXPECT_STREQ("cgroup a worker 1 (pid 101): starved: 0 work units in 2000 ms",
		     self->out.line[0]);

	self->out.nr = 0;
	self->checks.not_starved = KTSTR_OFF;
	ASSERT_EQ(1U, run_eval(self));
	EXPECT_STREQ("cgroup a worker 1 (pid 101): 0 work units < 10 minimum",
		     self->out.line[0]);
}

TEST_F(eval, spread_names_both_ends)
{
	set_offcpu(&self->w[0], 10);
	set_offcpu(&self->w[1], 20);
	set_offcpu(&self->w[2], 40);
	ASSERT_EQ(1U, run_eval(self));
	EXPECT_STREQ("cgroup a: off-CPU spread 30.0% > 15% (worker 0 (pid 100) 10.0%, worker 2 (pid 102) 40.0%)",
		     self->out.line[0]);
}

TEST_F(eval, spread_at_threshold_passes)
{
	set_offcpu(&self->w[0], 10);
	set_offcpu(&self->w[2], 25);
	EXPECT_EQ(0U, run_eval(self));
}

TEST_F(eval, spread_skips_partial_workers)
{
	set_offcpu(&self->w[2], 60);
	self->w[2].partial = true;
	EXPECT_EQ(0U, run_eval(self));
	self->w[2].partial = false;
	EXPECT_EQ(1U, run_eval(self));
}

TEST_F(eval, spread_needs_two_workers)
{
	set_offcpu(&self->w[1], 90);
	self->w[0].partial = true;
	self->w[2].partial = true;
	EXPECT_EQ(0U, run_eval(self));
	self->w[2].partial = false;
	EXPECT_EQ(1U, run_eval(self));
}

TEST_F(eval, spread_only_for_cpu_bound_work)
{
	set_offcpu(&self->w[1], 90);
	self->cg.work = WORK_PIPE_IO;
	EXPECT_EQ(0U, run_eval(self));
	self->cg.work = WORK_CACHE_PRESSURE;
	EXPECT_EQ(1U, run_eval(self));
	EXPECT_FALSE(ktstr_spread_applies(WORK_YIELD_HEAVY));
	EXPECT_FALSE(ktstr_spread_applies(WORK_NICE_SWEEP));
	EXPECT_TRUE(ktstr_spread_applies(WORK_CPU_SPIN));
}

TEST_F(eval, spread_off)
{
	set_offcpu(&self->w[1], 90);
	self->checks.max_spread_pct = KTSTR_OFF;
	EXPECT_EQ(0U, run_eval(self));
}

TEST_F(eval, max_gap)
{
	self->w[1].rep.max_gap_ns = 2300 * MS;
	self->w[1].rep.max_gap_cpu = 2;
	self->w[2].rep.max_gap_ns = 2000 * MS;	/* at the limit: fine */
	ASSERT_EQ(1U, run_eval(self));
	EXPECT_STREQ("cgroup a worker 1 (pid 101): max gap 2300 ms > 2000 ms (on cpu 2)",
		     self->out.line[0]);

	/* The TCG default tolerates it. */
	ktstr_checks_merge(&self->checks, true, NULL, NULL);
	EXPECT_EQ(0U, run_eval(self));
	EXPECT_EQ(1U, self->out.nr);
}

TEST_F(eval, isolation_names_cpus)
{
	self->w[0].rep.cpus_used = 0xd;		/* 0, 2, 3 */
	self->w[2].rep.cpus_used = 0x5;		/* 0, 2 */
	ASSERT_EQ(2U, run_eval(self));
	EXPECT_STREQ("cgroup a worker 0 (pid 100): ran on CPUs 2-3 outside its cpuset 0-1",
		     self->out.line[0]);
	EXPECT_STREQ("cgroup a worker 2 (pid 102): ran on CPU 2 outside its cpuset 0-1",
		     self->out.line[1]);

	/* A cpuset that grew during the run covers the new CPUs. */
	self->w[0].allowed = 0xf;
	self->w[2].allowed = 0xf;
	EXPECT_EQ(0U, run_eval(self));

	self->w[0].allowed = 0x3;
	self->checks.isolation = KTSTR_OFF;
	EXPECT_EQ(0U, run_eval(self));
}

TEST_F(eval, optional_thresholds)
{
	self->w[0].rep.work_units = 40;
	self->w[1].rep.migrations = 12;
	self->w[2].rep.wake_lat_max_ns = 5300 * 1000ULL;
	EXPECT_EQ(0U, run_eval(self));	/* all off by default */

	self->checks.min_work_units = 50;
	self->checks.max_migrations = 10;
	self->checks.max_wake_lat_us = 5000;
	ASSERT_EQ(3U, run_eval(self));
	EXPECT_STREQ("cgroup a worker 0 (pid 100): 40 work units < 50 minimum",
		     self->out.line[0]);
	EXPECT_STREQ("cgroup a worker 1 (pid 101): 12 migrations > 10",
		     self->out.line[1]);
	EXPECT_STREQ("cgroup a worker 2 (pid 102): max wake latency 5300 us > 5000 us",
		     self->out.line[2]);
}

TEST_F(eval, every_failure_of_every_cgroup)
{
	struct ktstr_check_cgroup cgs[2] = { self->cg, self->cg };

	cgs[1].name = "b";
	cgs[1].workers = &self->w[1];
	cgs[1].nr_workers = 1;
	self->w[1].rep.work_units = 0;
	self->w[1].rep.max_gap_ns = 2100 * MS;
	self->w[1].rep.max_gap_cpu = 0;
	EXPECT_EQ(4U, ktstr_checks_eval(&self->checks, cgs, 2, collect,
				       &self->out));
	EXPECT_STREQ("cgroup b worker 0 (pid 101): starved: 0 work units in 2000 ms",
		     self->out.line[2]);
	EXPECT_STREQ("cgroup b worker 0 (pid 101): max gap 2100 ms > 2000 ms (on cpu 0)",
		     self->out.line[3]);
}

TEST_F(eval, cgroup_stats)
{
	struct ktstr_cgroup_stats st;

	set_offcpu(&self->w[2], 13);
	self->w[1].rep.max_gap_ns = 70 * MS;
	self->w[1].rep.max_gap_cpu = 3;
	self->w[2].rep.cpus_used = 0x4;
	self->w[2].rep.wake_lat_max_ns = 2500 * 1000ULL;
	ktstr_cgroup_stats(&self->cg, &st);
	EXPECT_EQ(3U, st.workers);
	EXPECT_EQ(3000ULL, st.work_units);
	EXPECT_TRUE(st.has_spread);
	EXPECT_LT(2.999, st.spread_pct);
	EXPECT_GT(3.001, st.spread_pct);
	EXPECT_EQ(70ULL, st.max_gap_ms);
	EXPECT_EQ(3, st.max_gap_cpu);
	EXPECT_EQ(1U, st.max_gap_worker);
	EXPECT_EQ(0x7ULL, st.cpus_used);
	EXPECT_EQ(12ULL, st.migrations);
	EXPECT_EQ(2500ULL, st.wake_lat_max_us);
	EXPECT_EQ(450ULL, st.run_delay_ms);
}

TEST_F(eval, stats_json_text)
{
	struct ktstr_check_cgroup cgs[2] = { self->cg, self->cg };
	char *json;

	set_offcpu(&self->w[1], 13);
	cgs[0].nr_workers = 2;
	cgs[1].name = "pipe\"x";
	cgs[1].work = WORK_PIPE_IO;
	cgs[1].work_name = "pipe_io";
	cgs[1].workers = &self->w[2];
	cgs[1].nr_workers = 2;
	self->w[3].rep.max_gap_ns = 140 * MS;
	self->w[3].rep.max_gap_cpu = 0;
	json = ktstr_stats_json(cgs, 2, 4);
	ASSERT_NE(NULL, json);
	EXPECT_STREQ("{\"workers\": 4, \"cpus\": 4, \"migrations\": 16, \"worst_spread_pct\": 3.0, \"worst_gap_ms\": 140,\n"
		     " \"cgroups\": [\n"
		     "  {\"name\": \"a\", \"work\": \"cpu_spin\", \"workers\": 2, \"work_units\": 2000, \"spread_pct\": 3.0, \"max_gap_ms\": 30, \"max_gap_cpu\": 1, \"cpus_used\": \"0-1\", \"migrations\": 8, \"wake_lat_max_us\": 0, \"run_delay_ms\": 300},\n"
		     "  {\"name\": \"pipe\\\"x\", \"work\": \"pipe_io\", \"workers\": 2, \"work_units\": 2000, \"max_gap_ms\": 140, \"max_gap_cpu\": 0, \"cpus_used\": \"0-1\", \"migrations\": 8, \"wake_lat_max_us\": 0, \"run_delay_ms\": 300}]}",
		     json);
	free(json);
}

TEST_F(eval, stats_json_parses)
{
	struct json_object *obj, *cgs, *cg, *v;
	char *json;

	self->cg.name = "tab\there";
	json = ktstr_stats_json(&self->cg, 1, 2);
	ASSERT_NE(NULL, json);
	obj = json_tokener_parse(json);
	ASSERT_NE(NULL, obj) TH_LOG("not JSON: %s", json);
	ASSERT_TRUE(json_object_object_get_ex(obj, "cgroups", &cgs));
	ASSERT_EQ(1U, json_object_array_length(cgs));
	cg = json_object_array_get_idx(cgs, 0);
	ASSERT_TRUE(json_object_object_get_ex(cg, "name", &v));
	EXPECT_STREQ("tab\there", json_object_get_string(v));
	ASSERT_TRUE(json_object_object_get_ex(obj, "cpus", &v));
	EXPECT_EQ(2, json_object_get_int(v));
	json_object_put(obj);
	free(json);
}

TEST(stats_json_without_cgroups)
{
	char *json = ktstr_stats_json(NULL, 0, 4);

	ASSERT_NE(NULL, json);
	EXPECT_STREQ("{\"workers\": 0, \"cpus\": 4, \"migrations\": 0, \"worst_gap_ms\": 0,\n"
		     " \"cgroups\": []}", json);
	free(json);
}

/*
 * A stress-ng worker whose run went well: 4 s, cpu and switch figures;
 * its own (supervisor's) measurements would fail every instrumented check.
 */
static struct ktstr_check_worker stress_ng_worker(int pid)
{
	struct ktstr_check_worker w = {
		.rep = {
			.pid = pid,
			.wall_ns = 4000 * MS,
			.max_gap_ns = 3900 * MS,
			.cpus_used = 0x1,
			.migrations = 50,
			.wake_lat_max_ns = 900 * MS,
			.done = true,
			.tool = {
				.state = KTSTR_TOOL_DONE,
				.runs = 1,
				.interrupted = true,
				.verdict = 1,
				.nr_figures = 2,
				.figure = {
					{ "cpu", 1150, 382.09 },
					{ "switch", 114413, 38126.22 },
				},
				.log = "/tmp/s.0.stress-ng.log",
				.tail = "stress-ng: metrc: [31475] switch 52338.32 nanosecs per context switch\n"
					"stress-ng: info:  [31475] successful run completed in 3.06s",
			},
		},
		.allowed = 0x3,
	};
	return w;
}

static struct ktstr_check_worker hackbench_worker(int pid)
{
	struct ktstr_check_worker w = {
		.rep = {
			.pid = pid,
			.wall_ns = 4000 * MS,
			.cpus_used = 0x2,
			.done = true,
			.tool = {
				.state = KTSTR_TOOL_DONE,
				.runs = 4,
				.verdict = 1,
				.time_max_s = 0.9,
				.time_sum_s = 2.0,
				.log = "/tmp/h.0.hackbench.log",
				.tail = "Time: 0.412",
			},
		},
		.allowed = 0x3,
	};
	return w;
}

FIXTURE(tool) {
	struct ktstr_checks checks;
	struct ktstr_check_worker w[2];
	struct ktstr_check_cgroup cg;
	struct lines out;
};

FIXTURE_SETUP(tool)
{
	ktstr_checks_merge(&self->checks, true, NULL, NULL);
	self->w[0] = stress_ng_worker(200);
	self->w[1] = stress_ng_worker(201);
	self->cg = (struct ktstr_check_cgroup) {
		.name = "s",
		.work = WORK_STRESS_NG,
		.work_name = "stress_ng",
		.nr_workers = 2,
		.workers = self->w,
	};
	memset(&self->out, 0, sizeof(self->out));
}

FIXTURE_TEARDOWN(tool)
{
}

static unsigned int run_tool_eval(struct _test_data_tool *self)
{
	memset(&self->out, 0, sizeof(self->out));
	return ktstr_checks_eval(&self->checks, &self->cg, 1, collect,
				 &self->out);
}

static void as_hackbench(struct _test_data_tool *self)
{
	self->w[0] = hackbench_worker(300);
	self->w[1] = hackbench_worker(301);
	self->cg.name = "h";
	self->cg.work = WORK_HACKBENCH;
	self->cg.work_name = "hackbench";
}

TEST(tool_knobs_merge)
{
	struct ktstr_checks sched = { .min_bogo_ops_s = 10,
				      .max_hackbench_ms = 3000 };
	struct ktstr_checks test = { .max_hackbench_ms = KTSTR_OFF };
	struct ktstr_checks c;

	ktstr_checks_defaults(&c, false);
	EXPECT_EQ(0, c.min_bogo_ops_s);
	EXPECT_EQ(0, c.max_hackbench_ms);
	ktstr_checks_merge(&c, false, &sched, &test);
	EXPECT_EQ(10, c.min_bogo_ops_s);
	EXPECT_FALSE(ktstr_check_on(c.max_hackbench_ms));
}

TEST(tools_are_not_instrumented)
{
	EXPECT_FALSE(ktstr_work_instrumented(WORK_STRESS_NG));
	EXPECT_FALSE(ktstr_work_instrumented(WORK_HACKBENCH));
	EXPECT_TRUE(ktstr_work_instrumented(WORK_FORK_EXIT));
	EXPECT_FALSE(ktstr_spread_applies(WORK_STRESS_NG));
	EXPECT_FALSE(ktstr_spread_applies(WORK_HACKBENCH));
}

/* Gaps, work units, migrations, wake latency, spread: none of them. */
TEST_F(tool, instrumented_checks_do_not_apply)
{
	self->checks.min_work_units = 100;
	self->checks.max_migrations = 1;
	self->checks.max_wake_lat_us = 10;
	self->checks.max_gap_ms = 100;
	self->checks.max_spread_pct = 1;
	self->w[1].rep.offcpu_ns = self->w[1].rep.wall_ns;
	EXPECT_EQ(0U, run_tool_eval(self));
	as_hackbench(self);
	EXPECT_EQ(0U, run_tool_eval(self));
}

TEST_F(tool, isolation_still_applies)
{
	self->w[1].rep.cpus_used = 0x5;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): ran on CPU 2 outside its cpuset 0-1",
		     self->out.line[0]);
}

TEST_F(tool, exit_status_with_the_log_tail)
{
	struct ktstr_tool_report *t = &self->w[0].rep.tool;

	t->wait_status = 2 << 8;
	t->verdict = 0;
	snprintf(t->tail, sizeof(t->tail), "%s",
		 "stress-ng: fail:  [32657] metrics-check: stressor metrics corrupted, data is compromised\n"
		 "stress-ng: info:  [32657] unsuccessful run completed in 4.06s");
	/* The bounds say nothing about a failed run's figures. */
	self->checks.min_bogo_ops_s = 1000000;
	ASSERT_EQ(3U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng exited with status 2 (one or more stressors failed); /tmp/s.0.stress-ng.log ends:\n"
		     "stress-ng: fail:  [32657] metrics-check: stressor metrics corrupted, data is compromised\n"
		     "stress-ng: info:  [32657] unsuccessful run completed in 4.06s",
		     self->out.line[0]);
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng cpu: 382.09 bogo ops/s < 1000000 minimum",
		     self->out.line[1]);
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng switch: 38126.22 bogo ops/s < 1000000 minimum",
		     self->out.line[2]);

	t->wait_status = 1 << 8;
	t->tail[0] = '\0';
	self->checks.min_bogo_ops_s = 0;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng exited with status 1 (bad options or a fatal harness error)",
		     self->out.line[0]);
	t->wait_status = 9 << 8;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng exited with status 9",
		     self->out.line[0]);
}

TEST_F(tool, how_a_tool_can_fail_to_end)
{
	struct ktstr_tool_report *t = &self->w[0].rep.tool;

	t->tail[0] = '\0';
	t->wait_status = SIGSEGV;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng was killed by signal 11 (Segmentation fault)",
		     self->out.line[0]);

	t->wait_status = SIGKILL;
	t->killed = true;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng did not end after SIGINT and was killed",
		     self->out.line[0]);

	t->state = KTSTR_TOOL_RUNNING;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng was still running when its worker was killed: no result",
		     self->out.line[0]);

	t->state = KTSTR_TOOL_EXEC_FAILED;
	t->exec_errno = ENOEXEC;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng could not be started: Exec format error",
		     self->out.line[0]);

	t->state = KTSTR_TOOL_NOT_RUN;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng never started",
		     self->out.line[0]);
}

TEST_F(tool, stress_ng_output)
{
	struct ktstr_tool_report *t = &self->w[1].rep.tool;

	t->tail[0] = '\0';
	t->verdict = 0;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng reported an unsuccessful run",
		     self->out.line[0]);

	/* No verdict line is no failure by itself; no metrics is. */
	t->verdict = -1;
	EXPECT_EQ(0U, run_tool_eval(self));
	t->nr_figures = 0;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng reported no bogo ops metrics",
		     self->out.line[0]);
}

TEST_F(tool, starved_stressor)
{
	self->w[0].rep.tool.figure[1].bogo_ops = 0;
	self->w[0].rep.tool.figure[1].bogo_ops_s = 0;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng switch: starved: 0 bogo ops",
		     self->out.line[0]);
	/* Starvation first: not also below the minimum. */
	self->checks.min_bogo_ops_s = 100;
	EXPECT_EQ(1U, run_tool_eval(self));
	self->checks.not_starved = KTSTR_OFF;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 0 (pid 200): stress-ng switch: 0.00 bogo ops/s < 100 minimum",
		     self->out.line[0]);
}

TEST_F(tool, bogo_ops_bound)
{
	self->checks.min_bogo_ops_s = 382;
	EXPECT_EQ(0U, run_tool_eval(self));
	self->checks.min_bogo_ops_s = 383;
	ASSERT_EQ(2U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng cpu: 382.09 bogo ops/s < 383 minimum",
		     self->out.line[1]);
}

TEST_F(tool, hackbench_runs)
{
	as_hackbench(self);
	self->checks.max_hackbench_ms = 900;
	EXPECT_EQ(0U, run_tool_eval(self));
	self->checks.max_hackbench_ms = 899;
	ASSERT_EQ(2U, run_tool_eval(self));
	EXPECT_STREQ("cgroup h worker 0 (pid 300): hackbench: slowest of 4 runs took 0.900 s > 0.899 s maximum",
		     self->out.line[0]);

	self->checks.max_hackbench_ms = 0;
	self->w[1].rep.tool.runs = 0;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup h worker 1 (pid 301): no hackbench run completed in 4000 ms",
		     self->out.line[0]);

	self->w[1].rep.tool.verdict = 0;
	self->w[1].rep.tool.tail[0] = '\0';
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup h worker 1 (pid 301): hackbench run 1 printed no \"Time:\"",
		     self->out.line[0]);
}

/* A worker stopped early may have had no time to report: no figures is fine. */
TEST_F(tool, partial_workers)
{
	struct ktstr_tool_report *t = &self->w[1].rep.tool;

	t->tail[0] = '\0';
	t->wait_status = SIGINT;
	t->nr_figures = 0;
	t->runs = 0;
	t->verdict = -1;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng died of the SIGINT that stops it, before it could report",
		     self->out.line[0]);
	self->w[1].partial = true;
	EXPECT_EQ(0U, run_tool_eval(self));
	t->wait_status = 0;
	EXPECT_EQ(0U, run_tool_eval(self));
	/* How it ended still counts. */
	t->wait_status = 3 << 8;
	ASSERT_EQ(1U, run_tool_eval(self));
	EXPECT_STREQ("cgroup s worker 1 (pid 201): stress-ng exited with status 3 (a stressor lacked resources)",
		     self->out.line[0]);
	t->wait_status = 0;
	t->verdict = 0;
	EXPECT_EQ(1U, run_tool_eval(self));

	as_hackbench(self);
	self->w[0].partial = true;
	self->w[0].rep.tool.runs = 0;
	EXPECT_EQ(0U, run_tool_eval(self));
	self->w[0].partial = false;
	EXPECT_EQ(1U, run_tool_eval(self));
}

TEST_F(tool, stats_json_text)
{
	struct ktstr_check_worker spin[1] = { spinner(100) };
	struct ktstr_check_worker hb[2] = { hackbench_worker(300),
					    hackbench_worker(301) };
	struct ktstr_check_cgroup cgs[3] = { self->cg, self->cg, self->cg };
	char *json;

	cgs[0] = (struct ktstr_check_cgroup) {
		.name = "spin", .work = WORK_CPU_SPIN, .work_name = "cpu_spin",
		.nr_workers = 1, .workers = spin,
	};
	/* Worker 1 ran a third stressor; its cpu adds to worker 0's. */
	self->w[1].rep.tool.figure[1] = (struct ktstr_tool_figure) { "fork", 56, 18.42 };
	self->w[1].rep.tool.nr_figures = 2;
	self->w[1].rep.tool.skipped = 1;
	cgs[2] = (struct ktstr_check_cgroup) {
		.name = "h", .work = WORK_HACKBENCH, .work_name = "hackbench",
		.nr_workers = 2, .workers = hb,
	};
	hb[1].rep.tool.time_max_s = 1.25;
	hb[1].rep.tool.wait_status = 1 << 8;
	json = ktstr_stats_json(cgs, 3, 2);
	ASSERT_NE(NULL, json);
	/* The tools' own gaps and migrations stay out of the totals. */
	EXPECT_STREQ("{\"workers\": 5, \"cpus\": 2, \"migrations\": 4, \"worst_gap_ms\": 30,\n"
		     " \"cgroups\": [\n"
		     "  {\"name\": \"spin\", \"work\": \"cpu_spin\", \"workers\": 1, \"work_units\": 1000, \"max_gap_ms\": 30, \"max_gap_cpu\": 1, \"cpus_used\": \"0-1\", \"migrations\": 4, \"wake_lat_max_us\": 0, \"run_delay_ms\": 150},\n"
		     "  {\"name\": \"s\", \"work\": \"stress_ng\", \"workers\": 2, \"tool\": \"stress-ng\", \"tool_exit\": 0, \"tool_runs\": 2, \"tool_skipped\": 1, \"bogo_ops_s\": {\"cpu\": 764.18, \"switch\": 38126.22, \"fork\": 18.42}},\n"
		     "  {\"name\": \"h\", \"work\": \"hackbench\", \"workers\": 2, \"tool\": \"hackbench\", \"tool_exit\": 1, \"tool_runs\": 8, \"hackbench_max_s\": 1.250, \"hackbench_mean_s\": 0.500}]}",
		     json);
	free(json);
}

TEST_F(tool, stats_json_parses)
{
	struct json_object *obj, *cgs, *cg, *ops, *v;
	struct ktstr_cgroup_stats st;
	char *json;

	self->w[0].rep.tool.state = KTSTR_TOOL_RUNNING;
	ktstr_cgroup_stats(&self->cg, &st);
	EXPECT_EQ(-1, st.tool_exit);
	EXPECT_EQ(2U, st.tool_runs);
	EXPECT_EQ(2U, st.nr_figures);
	self->w[0].rep.tool.state = KTSTR_TOOL_EXEC_FAILED;
	ktstr_cgroup_stats(&self->cg, &st);
	EXPECT_EQ(127, st.tool_exit);
	self->w[0].rep.tool.state = KTSTR_TOOL_DONE;
	self->w[0].rep.tool.wait_status = SIGKILL;
	ktstr_cgroup_stats(&self->cg, &st);
	EXPECT_EQ(128 + SIGKILL, st.tool_exit);

	snprintf(self->w[0].rep.tool.figure[0].name,
		 sizeof(self->w[0].rep.tool.figure[0].name), "a\"b");
	json = ktstr_stats_json(&self->cg, 1, 2);
	ASSERT_NE(NULL, json);
	obj = json_tokener_parse(json);
	ASSERT_NE(NULL, obj) TH_LOG("not JSON: %s", json);
	ASSERT_TRUE(json_object_object_get_ex(obj, "cgroups", &cgs));
	cg = json_object_array_get_idx(cgs, 0);
	ASSERT_TRUE(json_object_object_get_ex(cg, "bogo_ops_s", &ops));
	ASSERT_TRUE(json_object_object_get_ex(ops, "a\"b", &v));
	EXPECT_LT(382.0, json_object_get_double(v));
	ASSERT_TRUE(json_object_object_get_ex(cg, "tool_exit", &v));
	EXPECT_EQ(128 + SIGKILL, json_object_get_int(v));
	json_object_put(obj);
	free(json);
}

TEST_HARNESS_MAIN
