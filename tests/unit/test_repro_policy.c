// SPDX-License-Identifier: GPL-2.0
/*
 * Which failed tests get an auto-repro, and what a guest result says about
 * the scheduler of a repro VM. Links host/repro_policy.c,
 * host/repro_extract.c and host/repro_decode.c.
 */
#include <json-c/json.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/repro/repro_policy.h"
#include "host/repro/repro_verdict.h"
#include "host/suite.h"

static const char died[] =
	"{\"version\":1,\"test\":\"t\",\"status\":\"fail\",\"scheduler\":{\"name\":\"scx_qmap\",\"outcome\":\"died\",\"exit_kind\":1025,\"exit_reason\":\"scx_bpf_error\",\"exit_msg\":\"boom\",\"log\":\"stats\\nEXIT: x\\n\",\"dump\":\"CPU 0\\n\"}}";

struct fixture_data {
	struct ktstr_spec spec;
	struct repro_primary pr;
	char why[128];
};

static void setup(struct fixture_data *f, const char *result)
{
	memset(f, 0, sizeof(*f));
	f->spec.name = "t";
	f->spec.scheduler = "scx_qmap";
	f->spec.auto_repro = true;
	f->pr.spec = &f->spec;
	f->pr.failed = true;
	f->pr.result = result ? json_tokener_parse(result) : NULL;
	f->pr.console = (struct ktstr_text){ "", 0 };
}

TEST(wanted_for_a_scheduler_death)
{
	struct fixture_data f;

	setup(&f, died);
	ASSERT_NE(NULL, f.pr.result);
	EXPECT_TRUE(repro_wanted(&f.pr, f.why, sizeof(f.why)));
	EXPECT_EQ(1025, repro_primary_exit_kind(&f.pr));
	json_object_put(f.pr.result);
}

TEST(not_wanted)
{
	struct fixture_data f;

#define EXPECT_NOT(why_text) do {					\
		EXPECT_FALSE(repro_wanted(&f.pr, f.why, sizeof(f.why)));\
		EXPECT_STREQ(why_text, f.why);				\
	} while (0)

	setup(&f, died);
	f.pr.failed = false;
	EXPECT_NOT("the test did not fail");
	f.pr.failed = true;
	f.pr.infra = true;
	EXPECT_NOT("the VM never reached /init");
	f.pr.infra = false;
	f.spec.scheduler = "eevdf";
	EXPECT_NOT("the test runs no sched_ext scheduler");
	f.spec.scheduler = "scx_qmap";
	f.spec.auto_repro = false;
	EXPECT_NOT("the test sets auto_repro: false");
	json_object_put(f.pr.result);

	/* a workload check failed, the scheduler was fine */
	setup(&f, "{\"status\":\"fail\",\"scheduler\":{\"outcome\":\"clean\"}}");
	EXPECT_NOT("the failure is not a scheduler error or death");
	json_object_put(f.pr.result);
	/* it was unloaded, which is not an error */
	setup(&f, "{\"scheduler\":{\"outcome\":\"clean\",\"exit_kind\":64}}");
	EXPECT_NOT("the failure is not a scheduler error or death");
	json_object_put(f.pr.result);
	setup(&f, "{\"scheduler\":{\"outcome\":\"load_failed\"}}");
	EXPECT_NOT("the failure is not a scheduler error or death");
	json_object_put(f.pr.result);
#undef EXPECT_NOT
}

/* The guest died before its result: the console says the scheduler did. */
TEST(wanted_from_the_console_alone)
{
	static const char con[] =
		"sched_ext: BPF scheduler \"qmap\" disabled (runnable task stall)\n"
		"Kernel panic - not syncing: oops\n";
	struct fixture_data f;

	setup(&f, NULL);
	f.pr.console = (struct ktstr_text){ con, strlen(con) };
	EXPECT_TRUE(repro_wanted(&f.pr, f.why, sizeof(f.why)));
	EXPECT_EQ(1026, repro_primary_exit_kind(&f.pr));
	setup(&f, NULL);
	EXPECT_FALSE(repro_wanted(&f.pr, f.why, sizeof(f.why)));
}

TEST(outcome_from_result)
{
	struct json_object *r = json_tokener_parse(died);
	struct repro_outcome o = { 0 };

	ASSERT_NE(NULL, r);
	repro_outcome_from_result(r, &o);
	EXPECT_STREQ("died", o.sched_outcome);
	EXPECT_TRUE(o.has_exit_kind);
	EXPECT_EQ(1025, o.exit_kind);
	EXPECT_STREQ("scx_bpf_error", o.exit_reason);
	EXPECT_STREQ("boom", o.exit_msg);
	EXPECT_FALSE(o.has_exit_code);
	EXPECT_EQ(14U, o.sched_log.len);
	EXPECT_EQ(6U, o.dump.len);
	json_object_put(r);

	/* a process exit without a sched_ext verdict, named in the reason */
	r = json_tokener_parse("{\"reason\":\"scheduler scx_qmap died: exit status 3\",\"scheduler\":{\"outcome\":\"died\"}}");
	memset(&o, 0, sizeof(o));
	repro_outcome_from_result(r, &o);
	EXPECT_TRUE(o.has_exit_code);
	EXPECT_EQ(3, o.exit_code);
	EXPECT_FALSE(o.has_exit_kind);
	EXPECT_EQ(0U, o.sched_log.len);
	EXPECT_EQ(NULL, o.dump.s);
	json_object_put(r);

	memset(&o, 0, sizeof(o));
	repro_outcome_from_result(NULL, &o);
	EXPECT_EQ(NULL, o.sched_outcome);
}

TEST(stages)
{
	EXPECT_FALSE(repro_stage_reached_workload(NULL));
	EXPECT_FALSE(repro_stage_reached_workload(""));
	EXPECT_FALSE(repro_stage_reached_workload("sched-attached"));
	EXPECT_TRUE(repro_stage_reached_workload("workload"));
	EXPECT_TRUE(repro_stage_reached_workload("checks"));
	EXPECT_TRUE(repro_stage_reached_workload("done"));
}

TEST_HARNESS_MAIN
