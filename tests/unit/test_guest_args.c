// SPDX-License-Identifier: GPL-2.0
/*
 * The guest init's arguments (common/guest_args.c): what the host encodes
 * into the initramfs is what the guest parses back, whatever the command
 * or function list holds, and a bad file is named, not guessed at.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "common/guest_args.h"

/* Encode @in, parse it back into @out; @buf holds the strings. */
static int round_trip(const struct ktstr_guest_args *in, char **buf,
		      struct ktstr_guest_args *out)
{
	char err[160];
	size_t len;
	int ret;

	ret = ktstr_guest_args_encode(in, buf, &len);
	if (ret)
		return ret;
	return ktstr_guest_args_parse(*buf, len, out, err, sizeof(err));
}

TEST(test_run)
{
	struct ktstr_guest_args in = {
		.test = "cpuset_disjoint", .tcg = true, .topology = "2n2l2c1t",
	}, out;
	char *buf;

	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_STREQ("cpuset_disjoint", out.test);
	EXPECT_STREQ("2n2l2c1t", out.topology);
	EXPECT_TRUE(out.tcg);
	EXPECT_FALSE(out.shell);
	EXPECT_EQ(NULL, out.exec);
	EXPECT_EQ(KTSTR_REPRO_NONE, (int)out.repro.mode);
	free(buf);
}

/* The command `ktstr shell --exec` once refused: quotes, $, a newline. */
TEST(exec_any_command)
{
	static const char cmd[] =
		"for c in /sys/devices/system/cpu/cpu*; do echo \"$c\"; done\n"
		"echo 'single' \\\\ back";
	struct ktstr_guest_args in = { .exec = cmd }, out;
	char *buf;

	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_STREQ(cmd, out.exec);
	free(buf);
}

TEST(repro_modes)
{
	struct ktstr_guest_args in = { .test = "t" }, out;
	char *funcs, *buf;
	size_t i;

	/* far past the 768 bytes the kernel command line once allowed */
	funcs = malloc(8192);
	ASSERT_NE(NULL, funcs);
	for (i = 0; i < 8191; i++)
		funcs[i] = i % 64 == 63 ? ',' : 'a' + i % 26;
	funcs[8191] = '\0';
	in.repro = (struct ktstr_guest_repro){ KTSTR_REPRO_FUNCS, funcs };
	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_EQ(KTSTR_REPRO_FUNCS, (int)out.repro.mode);
	EXPECT_STREQ(funcs, out.repro.funcs);
	free(buf);

	in.repro = (struct ktstr_guest_repro){ KTSTR_REPRO_STALL, NULL };
	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_EQ(KTSTR_REPRO_STALL, (int)out.repro.mode);
	free(buf);
	in.repro = (struct ktstr_guest_repro){ KTSTR_REPRO_DISCOVER, NULL };
	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_EQ(KTSTR_REPRO_DISCOVER, (int)out.repro.mode);
	free(buf);
	free(funcs);
}

/* ktstr run --scheduler: what the guest needs to run a binary it does not know. */
TEST(external_scheduler)
{
	struct ktstr_guest_args in = {
		.test = "cpuset_swap",
		.sched = {
			.name = "scx_nest", .args = "-x 1 --slice-us 5000",
			.ld_library_path = "/opt/scx/lib:/usr/local/lib",
			.max_spread_pct = 50, .max_gap_ms = 3000,
			.stress_args = "stress-ng --cpu 2 --switch 2",
			.vm_timeout_s = 175,
		},
	}, out;
	char *buf;

	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_STREQ("cpuset_swap", out.test);
	EXPECT_STREQ("scx_nest", out.sched.name);
	EXPECT_STREQ("-x 1 --slice-us 5000", out.sched.args);
	EXPECT_STREQ("/opt/scx/lib:/usr/local/lib", out.sched.ld_library_path);
	EXPECT_EQ(50, out.sched.max_spread_pct);
	EXPECT_EQ(3000, out.sched.max_gap_ms);
	EXPECT_STREQ("stress-ng --cpu 2 --switch 2", out.sched.stress_args);
	EXPECT_EQ(175U, out.sched.vm_timeout_s);
	free(buf);

	/* Without one, nothing of it is set. */
	in = (struct ktstr_guest_args){ .test = "cpuset_swap" };
	ASSERT_EQ(0, round_trip(&in, &buf, &out));
	EXPECT_EQ(NULL, out.sched.name);
	EXPECT_EQ(NULL, out.sched.args);
	EXPECT_EQ(0U, out.sched.vm_timeout_s);
	free(buf);
}

TEST(empty_value_refused)
{
	struct ktstr_guest_args in = { .exec = "" };
	size_t len;
	char *buf;

	EXPECT_EQ(-EINVAL, ktstr_guest_args_encode(&in, &buf, &len));
}

TEST(bad_files)
{
	struct ktstr_guest_args a;
	char err[160];
	char unknown[] = "--test\0t\0--frobnicate\0";
	char missing[] = "--topology\0";
	char cut[] = { '-', '-', 't', 'e', 's', 't' };

	EXPECT_EQ(-EINVAL, ktstr_guest_args_parse(unknown, sizeof(unknown) - 1,
						  &a, err, sizeof(err)));
	EXPECT_STREQ("unknown argument '--frobnicate'", err);
	EXPECT_EQ(-EINVAL, ktstr_guest_args_parse(missing, sizeof(missing) - 1,
						  &a, err, sizeof(err)));
	EXPECT_STREQ("--topology needs a value", err);
	EXPECT_EQ(-EINVAL, ktstr_guest_args_parse(cut, sizeof(cut), &a, err,
						  sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "cut short"));
	/* No arguments at all is a valid (empty) file. */
	EXPECT_EQ(0, ktstr_guest_args_parse(cut, 0, &a, err, sizeof(err)));
	EXPECT_EQ(NULL, a.test);
}

TEST(format_for_logs)
{
	struct ktstr_guest_args a = {
		.test = "t", .tcg = true, .exec = "echo \"$x\"",
	};
	char buf[128];

	ASSERT_EQ(0, ktstr_guest_args_format(&a, buf, sizeof(buf)));
	EXPECT_STREQ("--test t --tcg --exec 'echo \"$x\"'", buf);
	EXPECT_EQ(-ENOSPC, ktstr_guest_args_format(&a, buf, 8));
}

TEST_HARNESS_MAIN
