// SPDX-License-Identifier: GPL-2.0
/*
 * Field decoders of the auto-repro report: DSQ ids, enqueue and task
 * flags, cpumasks, exit kinds, with the values of 6.12's
 * include/linux/sched/ext.h. Links host/repro_decode.c only.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/repro/repro_decode.h"

TEST(dsq_ids)
{
	static const struct {
		unsigned long long id;
		const char *name;
	} cases[] = {
		{ 0x8000000000000000ULL, "SCX_DSQ_INVALID" },
		{ 0x8000000000000001ULL, "SCX_DSQ_GLOBAL" },
		{ 0x8000000000000002ULL, "SCX_DSQ_LOCAL" },
		{ 0xc000000000000000ULL, "SCX_DSQ_LOCAL_ON|0" },
		{ 0xc000000000000003ULL, "SCX_DSQ_LOCAL_ON|3" },
		{ 0xc0000000000000ffULL, "SCX_DSQ_LOCAL_ON|255" },
		{ 0x8000000000000010ULL, "SCX_DSQ_BUILTIN|0x10" },
		{ 0, "0" },
		{ 42, "42" },
		{ 0x7fffffffffffffffULL, "9223372036854775807" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ((int)strlen(cases[i].name),
			  repro_dsq_name(cases[i].id, buf, sizeof(buf)));
		EXPECT_STREQ(cases[i].name, buf);
	}
	EXPECT_EQ(-ENOSPC, repro_dsq_name(0xc000000000000003ULL, buf, 8));
	EXPECT_EQ(7U, strlen(buf));
}

TEST(enq_flags)
{
	char buf[256];

	EXPECT_EQ(1, repro_enq_flags_str(0, buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);
	repro_enq_flags_str(0x9, buf, sizeof(buf));
	EXPECT_STREQ("SCX_ENQ_WAKEUP|ENQUEUE_NOCLOCK", buf);
	repro_enq_flags_str(0x10 | (1ULL << 32) | (1ULL << 40) | (1ULL << 41),
			    buf, sizeof(buf));
	EXPECT_STREQ("SCX_ENQ_HEAD|SCX_ENQ_PREEMPT|SCX_ENQ_REENQ|SCX_ENQ_LAST",
		     buf);
	repro_enq_flags_str((1ULL << 56) | (1ULL << 57) | 0x400, buf,
			    sizeof(buf));
	EXPECT_STREQ("SCX_ENQ_CPU_SELECTED|SCX_ENQ_CLEAR_OPSS|SCX_ENQ_DSQ_PRIQ",
		     buf);
	repro_enq_flags_str(0x1 | (1ULL << 33), buf, sizeof(buf));
	EXPECT_STREQ("SCX_ENQ_WAKEUP|0x200000000", buf);
	EXPECT_EQ(-ENOSPC, repro_enq_flags_str(0x11, buf, 10));
}

TEST(scx_flags)
{
	char buf[256];

	repro_scx_flags_str(0x5, buf, sizeof(buf));
	EXPECT_STREQ("SCX_TASK_QUEUED|SCX_TASK_RESET_RUNNABLE_AT state=NONE",
		     buf);
	repro_scx_flags_str(0x308, buf, sizeof(buf));
	EXPECT_STREQ("SCX_TASK_DEQD_FOR_SLEEP state=ENABLED", buf);
	repro_scx_flags_str(0x200, buf, sizeof(buf));
	EXPECT_STREQ("0 state=READY", buf);
	repro_scx_flags_str(0x102, buf, sizeof(buf));
	EXPECT_STREQ("0x2 state=INIT", buf);
}

TEST(cpumask_to_list)
{
	static const struct {
		const char *mask, *list;
	} cases[] = {
		{ "f", "0-3" },
		{ "0xf", "0-3" },
		{ "1", "0" },
		{ "0x5", "0,2" },
		{ "f0", "4-7" },
		{ "8000000f", "0-3,31" },
		{ "1,00000001", "0,32" },
		{ "ff,ffffffff", "0-39" },
		{ "0xa5", "0,2,5,7" },
		{ "0", "(none)" },
		{ "0xFE", "1-7" },
	};
	char buf[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_LT(0, repro_cpumask_to_list(cases[i].mask, buf,
						   sizeof(buf)));
		EXPECT_STREQ(cases[i].list, buf);
	}
	EXPECT_EQ(-EINVAL, repro_cpumask_to_list("", buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, repro_cpumask_to_list("0x", buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, repro_cpumask_to_list("0-3", buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, repro_cpumask_to_list("zz", buf, sizeof(buf)));
	EXPECT_EQ(-ENOSPC, repro_cpumask_to_list("a5", buf, 4));
}

TEST(cpus_field)
{
	char buf[64];

	repro_cpus_str("0-3", buf, sizeof(buf));
	EXPECT_STREQ("0-3", buf);
	repro_cpus_str("0,2-3", buf, sizeof(buf));
	EXPECT_STREQ("0,2-3", buf);
	repro_cpus_str("0x6", buf, sizeof(buf));
	EXPECT_STREQ("1-2", buf);
	EXPECT_EQ(-EINVAL, repro_cpus_str("", buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, repro_cpus_str("all", buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
