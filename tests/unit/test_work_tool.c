// SPDX-License-Identifier: GPL-2.0
/*
 * The tool work types' pure side: default arguments, the argv ktstr
 * execs, the parsers of stress-ng's YAML and log and of hackbench's
 * output (on real captures of Debian 12's stress-ng 0.15.06 and rt-tests
 * 2.4, tests/unit/data/stress/), the tail of a log for messages, and what
 * the scenario validator says about .work_args, ops on tool cgroups and
 * the tools' bounds.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "guest/scenario/scenario.h"
#include "guest/work/work_tool.h"

static char *capture(const char *name, size_t *len)
{
	char path[128];

	snprintf(path, sizeof(path), "stress/%s", name);
	return unit_data_read(__FILE__, path, 0, len);
}

TEST(names_paths_defaults)
{
	EXPECT_STREQ("stress-ng", ktstr_tool_name(WORK_STRESS_NG));
	EXPECT_STREQ("hackbench", ktstr_tool_name(WORK_HACKBENCH));
	EXPECT_EQ(NULL, ktstr_tool_name(WORK_CPU_SPIN));
	EXPECT_STREQ("/usr/bin/stress-ng", ktstr_tool_path(WORK_STRESS_NG));
	EXPECT_STREQ("/usr/bin/hackbench", ktstr_tool_path(WORK_HACKBENCH));
	EXPECT_EQ(NULL, ktstr_tool_path(WORK_PIPE_IO));
	EXPECT_STREQ("--cpu 1 --switch 1", ktstr_tool_args(WORK_STRESS_NG, NULL));
	EXPECT_STREQ("--cpu 1 --switch 1", ktstr_tool_args(WORK_STRESS_NG, ""));
	EXPECT_STREQ("-g 2 -f 4 -l 200", ktstr_tool_args(WORK_HACKBENCH, NULL));
	EXPECT_STREQ("--fork 2", ktstr_tool_args(WORK_STRESS_NG, "--fork 2"));
	EXPECT_TRUE(ktstr_work_is_tool(WORK_STRESS_NG));
	EXPECT_TRUE(ktstr_work_is_tool(WORK_HACKBENCH));
	EXPECT_FALSE(ktstr_work_is_tool(WORK_FORK_EXIT));
	EXPECT_STREQ("stress_ng", ktstr_work_name(WORK_STRESS_NG));
	EXPECT_TRUE(ktstr_work_from_name("hackbench") == WORK_HACKBENCH);
	EXPECT_TRUE(ktstr_work_from_name("stress_ng") == WORK_STRESS_NG);
}

TEST(args_check)
{
	char why[160] = "";
	char many[400] = "";
	int i;

	EXPECT_EQ(0, ktstr_tool_args_check(WORK_STRESS_NG, NULL, why, sizeof(why)));
	EXPECT_EQ(0, ktstr_tool_args_check(WORK_STRESS_NG,
					   " --affinity 2\t--fork 2 --metrics ",
					   why, sizeof(why)));
	EXPECT_EQ(0, ktstr_tool_args_check(WORK_HACKBENCH, "-g 1 -l 10", why,
					   sizeof(why)));

	EXPECT_EQ(-EINVAL, ktstr_tool_args_check(WORK_STRESS_NG,
						 "--cpu 1 --yaml /x", why,
						 sizeof(why)));
	EXPECT_STREQ("stress-ng work_args: ktstr sets --yaml itself", why);
	EXPECT_EQ(-EINVAL, ktstr_tool_args_check(WORK_STRESS_NG, "-Y /x", why,
						 sizeof(why)));
	EXPECT_EQ(-EINVAL, ktstr_tool_args_check(WORK_STRESS_NG, "--yaml=/x",
						 why, sizeof(why)));
	/* Longer options that start the same are not --yaml. */
	EXPECT_EQ(0, ktstr_tool_args_check(WORK_STRESS_NG, "--yamlish", why,
					   sizeof(why)));
	/* hackbench has no --yaml of ktstr's. */
	EXPECT_EQ(0, ktstr_tool_args_check(WORK_HACKBENCH, "--yaml", why,
					   sizeof(why)));

	for (i = 0; i < 33; i++)
		strcat(many, "-p ");
	EXPECT_EQ(-E2BIG, ktstr_tool_args_check(WORK_HACKBENCH, many, why,
						sizeof(why)));
	EXPECT_STREQ("hackbench work_args: more than 32 words", why);
	memset(many, 'x', 300);
	many[300] = '\0';
	EXPECT_EQ(-E2BIG, ktstr_tool_args_check(WORK_HACKBENCH, many, why,
						sizeof(why)));
	EXPECT_STREQ("hackbench work_args: 300 characters > 256", why);

	EXPECT_EQ(-EINVAL, ktstr_tool_args_check(WORK_CPU_SPIN, "-x", why,
						 sizeof(why)));
}

/* A scheduler profile's `stress` line: the tool first, then its args. */
TEST(command_parse)
{
	enum ktstr_work_type type = WORK_DEFAULT;
	const char *args = NULL;
	char why[200] = "";

	ASSERT_EQ(0, ktstr_tool_command_parse("stress-ng --cpu 2 --switch 2",
					      &type, &args, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_TRUE(type == WORK_STRESS_NG);
	EXPECT_STREQ("--cpu 2 --switch 2", args);
	ASSERT_EQ(0, ktstr_tool_command_parse(" /usr/bin/hackbench\t-g 2",
					      &type, &args, why, sizeof(why)));
	EXPECT_TRUE(type == WORK_HACKBENCH);
	EXPECT_STREQ("-g 2", args);
	/* Alone: the tool's defaults. */
	ASSERT_EQ(0, ktstr_tool_command_parse("hackbench", &type, &args, why,
					      sizeof(why)));
	EXPECT_STREQ("", args);

	EXPECT_EQ(-EINVAL, ktstr_tool_command_parse("stress --cpu 2", &type,
						    &args, why, sizeof(why)));
	EXPECT_STREQ("stress 'stress --cpu 2': 'stress' is not stress-ng or hackbench",
		     why);
	EXPECT_EQ(-EINVAL, ktstr_tool_command_parse("stress-ngx", &type, &args,
						    why, sizeof(why)));
	EXPECT_EQ(-EINVAL, ktstr_tool_command_parse("  ", &type, &args, why,
						    sizeof(why)));
	EXPECT_EQ(-EINVAL, ktstr_tool_command_parse("stress-ng --yaml /x",
						    &type, &args, why,
						    sizeof(why)));
	EXPECT_STREQ("stress-ng work_args: ktstr sets --yaml itself", why);
}

TEST(argv_stress_ng)
{
	char buf[KTSTR_TOOL_ARGV_BUF], *argv[KTSTR_TOOL_MAX_ARGV];

	ASSERT_EQ(8, ktstr_tool_argv(WORK_STRESS_NG, NULL, "/tmp/a.0.stress-ng.yaml",
				     buf, sizeof(buf), argv, KTSTR_TOOL_MAX_ARGV));
	EXPECT_STREQ("/usr/bin/stress-ng", argv[0]);
	EXPECT_STREQ("--cpu", argv[1]);
	EXPECT_STREQ("1", argv[2]);
	EXPECT_STREQ("--switch", argv[3]);
	EXPECT_STREQ("1", argv[4]);
	EXPECT_STREQ("--metrics-brief", argv[5]);
	EXPECT_STREQ("--yaml", argv[6]);
	EXPECT_STREQ("/tmp/a.0.stress-ng.yaml", argv[7]);
	EXPECT_EQ(NULL, argv[8]);

	/* The caller's --metrics stays, and no --metrics-brief is added. */
	ASSERT_EQ(6, ktstr_tool_argv(WORK_STRESS_NG, "\t--fork 2  --metrics ",
				     "/y", buf, sizeof(buf), argv,
				     KTSTR_TOOL_MAX_ARGV));
	EXPECT_STREQ("--fork", argv[1]);
	EXPECT_STREQ("2", argv[2]);
	EXPECT_STREQ("--metrics", argv[3]);
	EXPECT_STREQ("--yaml", argv[4]);
	EXPECT_EQ(NULL, argv[6]);

	EXPECT_EQ(-EINVAL, ktstr_tool_argv(WORK_STRESS_NG, "-Y x", "/y", buf,
					   sizeof(buf), argv,
					   KTSTR_TOOL_MAX_ARGV));
	/* Too little room is an error, never a cut argv. */
	EXPECT_EQ(-E2BIG, ktstr_tool_argv(WORK_STRESS_NG, NULL, "/y", buf, 20,
					  argv, KTSTR_TOOL_MAX_ARGV));
	EXPECT_EQ(-E2BIG, ktstr_tool_argv(WORK_STRESS_NG, NULL, "/y", buf,
					  sizeof(buf), argv, 4));
}

TEST(argv_hackbench)
{
	char buf[KTSTR_TOOL_ARGV_BUF], *argv[KTSTR_TOOL_MAX_ARGV];

	ASSERT_EQ(7, ktstr_tool_argv(WORK_HACKBENCH, NULL, "/unused", buf,
				     sizeof(buf), argv, KTSTR_TOOL_MAX_ARGV));
	EXPECT_STREQ("/usr/bin/hackbench", argv[0]);
	EXPECT_STREQ("-g", argv[1]);
	EXPECT_STREQ("200", argv[6]);
	EXPECT_EQ(NULL, argv[7]);
	EXPECT_EQ(-EINVAL, ktstr_tool_argv(WORK_MIXED, NULL, NULL, buf,
					   sizeof(buf), argv,
					   KTSTR_TOOL_MAX_ARGV));
}

TEST(exit_text)
{
	EXPECT_STREQ("one or more stressors failed",
		     ktstr_tool_exit_text(WORK_STRESS_NG, 2));
	EXPECT_STREQ("a stressor lacked resources",
		     ktstr_tool_exit_text(WORK_STRESS_NG, 3));
	EXPECT_STREQ("bogo ops metrics are untrustworthy",
		     ktstr_tool_exit_text(WORK_STRESS_NG, 7));
	EXPECT_STREQ("", ktstr_tool_exit_text(WORK_STRESS_NG, 8));
	EXPECT_STREQ("", ktstr_tool_exit_text(WORK_STRESS_NG, 0));
	EXPECT_STREQ("", ktstr_tool_exit_text(WORK_HACKBENCH, 1));
	EXPECT_STREQ("the program or a library of it could not be loaded",
		     ktstr_tool_exit_text(WORK_HACKBENCH, 127));
}

/* stress-ng --cpu 2 --switch 2 --timeout 3s --metrics-brief --yaml F */
TEST(yaml_cpu_switch)
{
	struct ktstr_tool_report rep = { .nr_figures = 5 };
	size_t len;
	char *text = capture("stress-ng-cpu-switch.yaml", &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(2, ktstr_stress_ng_parse_yaml(text, len, &rep));
	EXPECT_STREQ("cpu", rep.figure[0].name);
	EXPECT_EQ(1150ULL, rep.figure[0].bogo_ops);
	EXPECT_LT(382.0875, rep.figure[0].bogo_ops_s);
	EXPECT_GT(382.0876, rep.figure[0].bogo_ops_s);
	EXPECT_STREQ("switch", rep.figure[1].name);
	EXPECT_EQ(114413ULL, rep.figure[1].bogo_ops);
	EXPECT_LT(38126.2238, rep.figure[1].bogo_ops_s);
	EXPECT_GT(38126.2239, rep.figure[1].bogo_ops_s);
	free(text);
}

/* stress-ng --fork 2 --affinity 2 --switch 2 ... */
TEST(yaml_fork_affinity)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-fork-affinity.yaml", &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(3, ktstr_stress_ng_parse_yaml(text, len, &rep));
	EXPECT_STREQ("fork", rep.figure[0].name);
	EXPECT_EQ(56ULL, rep.figure[0].bogo_ops);
	EXPECT_STREQ("affinity", rep.figure[1].name);
	EXPECT_EQ(137423ULL, rep.figure[1].bogo_ops);
	EXPECT_STREQ("switch", rep.figure[2].name);
	EXPECT_LT(6900.14, rep.figure[2].bogo_ops_s);
	EXPECT_GT(6900.15, rep.figure[2].bogo_ops_s);
	free(text);
}

/* A 30 s run stopped by SIGINT after 3 s still writes its metrics. */
TEST(yaml_after_sigint)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-sigint.yaml", &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(2, ktstr_stress_ng_parse_yaml(text, len, &rep));
	EXPECT_EQ(929ULL, rep.figure[0].bogo_ops);
	EXPECT_EQ(87961ULL, rep.figure[1].bogo_ops);
	free(text);
}

/* Without --metrics-brief the YAML has system-info only. */
TEST(yaml_without_metrics)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-no-metrics.yaml", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(-ENODATA, ktstr_stress_ng_parse_yaml(text, len, &rep));
	EXPECT_EQ(0U, rep.nr_figures);
	EXPECT_EQ(-ENODATA, ktstr_stress_ng_parse_yaml("", 0, &rep));
	free(text);
}

TEST(yaml_limits)
{
	struct ktstr_tool_report rep = { 0 };
	char text[4096] = "metrics:\n";
	size_t off = strlen(text);
	int i;

	for (i = 0; i < KTSTR_TOOL_MAX_FIGURES + 2; i++)
		off += snprintf(text + off, sizeof(text) - off,
				"    - stressor: a-stressor-with-a-very-long-name-%d\n"
				"      bogo-ops: %d\n"
				"      bogo-ops-per-second-real-time: inf\n\n",
				i, i);
	/* A key at column 0 ends the section: "other" is no stressor. */
	snprintf(text + off, sizeof(text) - off,
		 "other:\n    - stressor: no\n...\n");
	ASSERT_EQ(KTSTR_TOOL_MAX_FIGURES,
		  ktstr_stress_ng_parse_yaml(text, strlen(text), &rep));
	EXPECT_STREQ("a-stressor-with-a-very-", rep.figure[0].name);
	EXPECT_EQ(7ULL, rep.figure[7].bogo_ops);
	/* What JSON cannot carry is no figure. */
	EXPECT_EQ(0.0, rep.figure[0].bogo_ops_s);
}

TEST(log_successful)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-cpu-switch.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ktstr_stress_ng_parse_log(text, len, &rep));
	EXPECT_EQ(1, rep.verdict);
	EXPECT_EQ(0U, rep.fail_lines);
	EXPECT_EQ(0U, rep.skipped);
	free(text);

	text = capture("stress-ng-sigint.log", &len);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ktstr_stress_ng_parse_log(text, len, &rep));
	EXPECT_EQ(1, rep.verdict);
	free(text);
}

/* A cpu stressor SIGKILLed mid-run: exit status 2. */
TEST(log_unsuccessful)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-killed-stressor.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ktstr_stress_ng_parse_log(text, len, &rep));
	EXPECT_EQ(0, rep.verdict);
	EXPECT_EQ(3U, rep.fail_lines);
	free(text);
}

/* stress-ng --apparmor 1: skipped, "No stress workers invoked", exit 0. */
TEST(log_all_skipped)
{
	struct ktstr_tool_report rep = { 0 };
	size_t len;
	char *text = capture("stress-ng-all-skipped.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(-ENODATA, ktstr_stress_ng_parse_log(text, len, &rep));
	EXPECT_EQ(-1, rep.verdict);
	EXPECT_EQ(1U, rep.skipped);
	free(text);
}

TEST(hackbench_time)
{
	double secs = 0;
	size_t len;
	char *text = capture("hackbench-g2-l100.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, ktstr_hackbench_parse(text, len, &secs));
	EXPECT_LT(0.5579, secs);
	EXPECT_GT(0.5581, secs);
	free(text);
}

/* SIGTERM mid-run: it still prints a "Time:", which means nothing. */
TEST(hackbench_signalled)
{
	double secs = 0;
	size_t len;
	char *text = capture("hackbench-sigterm.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(-EINTR, ktstr_hackbench_parse(text, len, &secs));
	free(text);
}

TEST(hackbench_usage_error)
{
	double secs = 0;
	size_t len;
	char *text = capture("hackbench-bad-args.log", &len);

	ASSERT_NE(NULL, text);
	EXPECT_EQ(-ENODATA, ktstr_hackbench_parse(text, len, &secs));
	EXPECT_EQ(-ENODATA, ktstr_hackbench_parse("Time:\n", 6, &secs));
	free(text);
}

TEST(tail_of_a_log)
{
	char out[KTSTR_TOOL_TAIL], small[24], line[400];
	size_t len;
	char *text = capture("stress-ng-killed-stressor.log", &len);

	ASSERT_NE(NULL, text);
	ktstr_tool_tail(text, len, 2, out, sizeof(out));
	EXPECT_STREQ("stress-ng: fail:  [32657] metrics-check: stressor metrics corrupted, data is compromised\n"
		     "stress-ng: info:  [32657] unsuccessful run completed in 4.06s",
		     out);
	ktstr_tool_tail(text, len, 1, small, sizeof(small));
	EXPECT_STREQ("stress-ng: info:  [3265", small);
	free(text);

	/* Blank lines and CRs do not count; a last line without '\n' does. */
	ktstr_tool_tail("a\n\nb\r\n\n\nc", 10, 2, out, sizeof(out));
	EXPECT_STREQ("b\nc", out);
	ktstr_tool_tail("", 0, 3, out, sizeof(out));
	EXPECT_STREQ("", out);
	ktstr_tool_tail("\n\n", 2, 3, out, sizeof(out));
	EXPECT_STREQ("", out);

	/* Each line is cut to 160 characters. */
	memset(line, 'x', 300);
	line[300] = '\n';
	memcpy(line + 301, "end", 4);
	ktstr_tool_tail(line, strlen(line), 2, out, sizeof(out));
	EXPECT_EQ(160U + 1 + 3, strlen(out));
	EXPECT_STREQ("\nend", out + 160);
}

/* The scenario validator on .work_args, ops on tool cgroups and bounds. */

/* File scope: a compound literal in the setup would die with it. */
static const struct ktstr_cgroup_def both_tools[] = {
	{ .name = "s", .workers = 1, .work = WORK_STRESS_NG,
	  .work_args = "--cpu 2" },
	{ .name = "h", .workers = 1, .work = WORK_HACKBENCH },
	{ .name = NULL },
};

#define VALIDATE_TOPOLOGY	"1n1l2c1t"
#define VALIDATE_CGROUPS	both_tools
#include "validate_fixture.h"

TEST_F(validate, tools_with_bounds_pass)
{
	self->test.checks.min_bogo_ops_s = 10;
	self->test.checks.max_hackbench_ms = 2000;
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
	self->test.checks.min_bogo_ops_s = KTSTR_OFF;
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, tool_cgroups_pass)
{
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, args_without_a_tool)
{
	self->test.cgroups = KTSTR_CGROUPS(
		{ .name = "a", .work_args = "--cpu 1" });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 'a': work_args '--cpu 1' given, but CpuSpin runs no tool",
		     self->err);
}

TEST_F(validate, args_the_tool_cannot_take)
{
	self->test.cgroups = KTSTR_CGROUPS(
		{ .name = "s", .work = WORK_STRESS_NG,
		  .work_args = "--cpu 1 --yaml /tmp/x" });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: cgroup 's': stress-ng work_args: ktstr sets --yaml itself",
		     self->err);
}

/* The test's own work type counts, for cgroups that declare none. */
TEST_F(validate, tool_from_the_test)
{
	self->test.work = WORK_HACKBENCH;
	self->test.cgroups = KTSTR_CGROUPS({ .name = "a", .work_args = "-g 1" });
	self->test.checks.max_hackbench_ms = 500;
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, bound_without_its_tool)
{
	self->test.cgroups = KTSTR_CGROUPS(
		{ .name = "h", .work = WORK_HACKBENCH });
	self->test.checks.min_bogo_ops_s = 5;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: checks.min_bogo_ops_s: set, but no cgroup runs stress_ng",
		     self->err);

	/* A cgroup a step adds counts too. */
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "s",
				     .count = 1 }),
		  .hold = { HOLD_MS, 100 } });
	self->test.work = WORK_STRESS_NG;
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_F(validate, negative_bound)
{
	self->test.checks.max_hackbench_ms = -3;
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: checks.max_hackbench_ms: -3 is negative",
		     self->err);
}

TEST_F(validate, tool_workers_stay_put)
{
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_ADD_CGROUP, .cgroup = "x" },
				   { .kind = OP_MOVE_TASKS, .cgroup = "s", .arg = "x" }),
		  .hold = { HOLD_MS, 100 } });
	EXPECT_EQ(-EINVAL, check(self));
	EXPECT_STREQ("test t: steps[0].ops[1] (move_tasks): cgroup 's': stress_ng workers cannot be moved or pinned: their tool would stay behind",
		     self->err);

	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_AFFINITY, .cgroup = "h", .arg = "cpus:0" }),
		  .hold = { HOLD_MS, 100 } });
	EXPECT_EQ(-EINVAL, check(self));

	/* Cpusets are the cgroup's: they reach the tool too. */
	self->test.steps = KTSTR_STEPS(
		{ .ops = KTSTR_OPS({ .kind = OP_SET_CPUSET, .cgroup = "h", .arg = "cpus:0" },
				   { .kind = OP_STOP, .cgroup = "s" },
				   { .kind = OP_SPAWN, .cgroup = "s", .count = 1 }),
		  .hold = { HOLD_MS, 100 } });
	EXPECT_EQ(0, check(self)) TH_LOG("%s", self->err);
}

TEST_HARNESS_MAIN
