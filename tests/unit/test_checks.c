// SPDX-License-Identifier: GPL-2.0
/*
 * Check thresholds (defaults, TCG relaxation, merging, KTSTR_OFF), check
 * evaluation on synthetic worker reports, and the stats JSON. Links
 * guest/checks.c, common/cpuset_spec.c and common/topology.c only.
 */
#include <json-c/json.h>
#include <string.h>

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

TEST_HARNESS_MAIN
