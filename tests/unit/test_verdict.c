// SPDX-License-Identifier: GPL-2.0
/*
 * A test's verdict from what its VM left: the guest's result, or why there
 * is none (never booted, panic, timeout, truncated record). Links
 * host/verdict.c and host/channel.c.
 */
#include <signal.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/channel.h"
#include "host/verdict.h"

static void eval(struct __test_metadata *_metadata, const char *chan,
		 const struct ktstr_vm_exit *vx, const char *console,
		 struct ktstr_verdict *v)
{
	struct ktstr_channel ch;

	ASSERT_EQ(0, ktstr_channel_parse(chan, strlen(chan), &ch));
	ktstr_verdict_eval("t", &ch, vx, console, v);
	ktstr_channel_free(&ch);
}

#define RESULT(json) \
	"KTSTR-STAGE init\nKTSTR-RESULT-BEGIN v1\n" json \
	"\nKTSTR-RESULT-END\nKTSTR-STAGE done\n"

static const struct ktstr_vm_exit clean = { .started = true };

TEST(guest_result_decides)
{
	struct ktstr_verdict v;

	eval(_metadata, RESULT("{\"test\": \"t\", \"status\": \"pass\"}"),
	     &clean, NULL, &v);
	EXPECT_EQ(KTSTR_PASS, (int)v.status);
	EXPECT_FALSE(v.infra);

	eval(_metadata,
	     RESULT("{\"test\": \"t\", \"status\": \"fail\", \"reason\": \"gap 3 s\"}"),
	     &clean, NULL, &v);
	EXPECT_EQ(KTSTR_FAIL, (int)v.status);
	EXPECT_STREQ("gap 3 s", v.reason);

	eval(_metadata,
	     RESULT("{\"test\": \"t\", \"status\": \"skip\", \"reason\": \"no SMT\"}"),
	     &clean, NULL, &v);
	EXPECT_EQ(KTSTR_SKIP, (int)v.status);
	EXPECT_STREQ("no SMT", v.reason);
}

TEST(result_for_another_test_fails)
{
	struct ktstr_verdict v;

	eval(_metadata, RESULT("{\"test\": \"u\", \"status\": \"pass\"}"),
	     &clean, NULL, &v);
	EXPECT_EQ(KTSTR_FAIL, (int)v.status);
	EXPECT_STREQ("guest reported test 'u', expected 't'", v.reason);

	eval(_metadata, RESULT("{\"test\": \"t\", \"status\": \"maybe\"}"),
	     &clean, NULL, &v);
	EXPECT_EQ(KTSTR_FAIL, (int)v.status);
}

TEST(never_reached_init_is_infrastructure)
{
	struct ktstr_vm_exit hung = {
		.started = true, .timed_out = true, .boot_timed_out = true,
		.timeout_s = 32, .wstatus = SIGKILL,
	};
	struct ktstr_verdict v;

	eval(_metadata, "", &hung, "[0.0] Linux version\n", &v);
	EXPECT_EQ(KTSTR_FAIL, (int)v.status);
	EXPECT_TRUE(v.infra);
	EXPECT_STREQ(KTSTR_REASON_NO_INIT, v.reason);
}

TEST(panic_timeout_and_truncation)
{
	struct ktstr_vm_exit timed_out = {
		.started = true, .timed_out = true, .timeout_s = 60,
	};
	struct ktstr_verdict v;

	eval(_metadata, "KTSTR-STAGE init\nKTSTR-STAGE workload\n", &clean,
	     "[ 3.7] Kernel panic - not syncing: Oops: fatal exception\r\n"
	     "[ 3.8] CPU: 0\n", &v);
	EXPECT_FALSE(v.infra);
	EXPECT_STREQ("kernel panic at stage workload: Oops: fatal exception",
		     v.reason);

	eval(_metadata, "KTSTR-STAGE init\nKTSTR-STAGE workload\n",
	     &timed_out, "", &v);
	EXPECT_STREQ("timed out after 60 s at stage workload", v.reason);

	eval(_metadata, "KTSTR-STAGE init\nKTSTR-RESULT-BEGIN v1\n{\"te",
	     &clean, NULL, &v);
	EXPECT_STREQ("result record truncated at stage init (QEMU exited 0)",
		     v.reason);

	eval(_metadata, "KTSTR-STAGE init\n", &clean, NULL, &v);
	EXPECT_STREQ("no result from the guest (last stage init, QEMU exited 0)",
		     v.reason);
}

TEST(exit_description)
{
	struct ktstr_vm_exit vx = { .started = true, .wstatus = 1 << 8 };
	char buf[96];

	ktstr_vm_exit_describe(&vx, buf, sizeof(buf));
	EXPECT_STREQ("QEMU exited 1", buf);
	vx.wstatus = SIGSEGV;
	ktstr_vm_exit_describe(&vx, buf, sizeof(buf));
	EXPECT_STREQ("QEMU killed by signal 11", buf);
	vx.started = false;
	ktstr_vm_exit_describe(&vx, buf, sizeof(buf));
	EXPECT_STREQ("QEMU did not start", buf);
}

TEST_HARNESS_MAIN
