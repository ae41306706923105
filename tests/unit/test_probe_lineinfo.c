// SPDX-License-Identifier: GPL-2.0
/*
 * BPF line_info lookup for auto-repro: which source line a JITed address
 * belongs to. Links guest/probe_lineinfo.c.
 */
#include "kselftest_harness.h"
#include "guest/probe/probe_data.h"

TEST(nearest_entry_at_or_below)
{
	const unsigned long long jited[] = { 0x1000, 0x1010, 0x1024, 0x1040 };

	EXPECT_EQ(0, ktstr_probe_line_lookup(jited, 4, 0x1000));
	EXPECT_EQ(0, ktstr_probe_line_lookup(jited, 4, 0x100f));
	EXPECT_EQ(1, ktstr_probe_line_lookup(jited, 4, 0x1010));
	EXPECT_EQ(2, ktstr_probe_line_lookup(jited, 4, 0x1030));
	EXPECT_EQ(3, ktstr_probe_line_lookup(jited, 4, 0x2000));
	EXPECT_EQ(-1, ktstr_probe_line_lookup(jited, 4, 0xfff));
	EXPECT_EQ(-1, ktstr_probe_line_lookup(jited, 0, 0x1000));
}

TEST(subprograms_are_separate_images)
{
	/* Main program at 0x5000, a subprogram JITed below it at 0x2000. */
	const unsigned long long jited[] = {
		0x5000, 0x5008, 0x5020, 0x2000, 0x2010,
	};

	EXPECT_EQ(4, ktstr_probe_line_lookup(jited, 5, 0x2018));
	EXPECT_EQ(3, ktstr_probe_line_lookup(jited, 5, 0x2004));
	EXPECT_EQ(2, ktstr_probe_line_lookup(jited, 5, 0x5100));
	EXPECT_EQ(1, ktstr_probe_line_lookup(jited, 5, 0x5010));
}

TEST(shared_address_takes_the_last_entry)
{
	/* Entries 1 and 2 share an address: 1's code was optimized away. */
	const unsigned long long jited[] = { 0x100, 0x110, 0x110, 0x120 };

	EXPECT_EQ(2, ktstr_probe_line_lookup(jited, 4, 0x110));
	EXPECT_EQ(2, ktstr_probe_line_lookup(jited, 4, 0x11f));
}

TEST(src_is_basename_and_line)
{
	char buf[64];

	ktstr_probe_src_fmt(buf, sizeof(buf),
			    "/root/linux/tools/sched_ext/scx_qmap.bpf.c", 230);
	EXPECT_STREQ("scx_qmap.bpf.c:230", buf);
	ktstr_probe_src_fmt(buf, sizeof(buf), "scx_simple.bpf.c", 7);
	EXPECT_STREQ("scx_simple.bpf.c:7", buf);
	ktstr_probe_src_fmt(buf, sizeof(buf), NULL, 3);
	EXPECT_STREQ("?:3", buf);
	ktstr_probe_src_fmt(buf, sizeof(buf), "dir/", 3);
	EXPECT_STREQ("?:3", buf);
}

TEST_HARNESS_MAIN
