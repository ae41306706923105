// SPDX-License-Identifier: GPL-2.0
/*
 * Cpuset specs resolved against several topologies, and the messages a bad
 * spec gets. Links common/cpuset_spec.c and common/topology.c only.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "kselftest_harness.h"
#include "common/cpuset_spec.h"

struct spec_case {
	const char *topo;
	const char *spec;
	uint64_t mask;
};

static const struct spec_case good[] = {
	/* 4 CPUs, two LLCs of two CPUs. */
	{ "1n2l2c1t", "all",		0xf },
	{ "1n2l2c1t", NULL,		0xf },
	{ "1n2l2c1t", "llc:0",		0x3 },
	{ "1n2l2c1t", "llc:1",		0xc },
	{ "1n2l2c1t", "node:0",		0xf },
	{ "1n2l2c1t", "part:0/2",	0x3 },
	{ "1n2l2c1t", "part:1/2",	0xc },
	{ "1n2l2c1t", "part:3/4",	0x8 },
	{ "1n2l2c1t", "part:0/1",	0xf },
	{ "1n2l2c1t", "overlap:0/2",	0x7 },
	{ "1n2l2c1t", "overlap:1/2",	0xd },	/* wraps to CPU 0 */
	{ "1n2l2c1t", "overlap:0/1",	0xf },
	{ "1n2l2c1t", "range:1-2",	0x6 },
	{ "1n2l2c1t", "range:3-3",	0x8 },
	{ "1n2l2c1t", "cpus:0,2",	0x5 },
	{ "1n2l2c1t", "cpus:0-1,3",	0xb },
	{ "1n2l2c1t", "cpus:3",		0x8 },
	/* 16 CPUs: 2 nodes x 2 LLCs x 2 cores x 2 threads. */
	{ "2n4l2c2t", "all",		0xffff },
	{ "2n4l2c2t", "llc:1",		0x00f0 },
	{ "2n4l2c2t", "llc:3",		0xf000 },
	{ "2n4l2c2t", "node:0",		0x00ff },
	{ "2n4l2c2t", "node:1",		0xff00 },
	{ "2n4l2c2t", "part:1/4",	0x00f0 },
	{ "2n4l2c2t", "overlap:1/4",	0x01f0 },
	{ "2n4l2c2t", "overlap:3/4",	0xf001 },
	{ "2n4l2c2t", "part:15/16",	0x8000 },
	/* 3 CPUs: partitions that cannot be equal differ by one CPU. */
	{ "1n1l3c1t", "part:0/2",	0x1 },
	{ "1n1l3c1t", "part:1/2",	0x6 },
	{ "1n1l3c1t", "overlap:0/2",	0x3 },
	{ "1n1l3c1t", "overlap:1/2",	0x7 },
	{ "1n1l3c1t", "part:2/3",	0x4 },
	/* 64 CPUs: the top bit must survive every path. */
	{ "1n8l8c1t", "all",		~(uint64_t)0 },
	{ "1n8l8c1t", "llc:7",		0xffULL << 56 },
	{ "1n8l8c1t", "range:60-63",	0xfULL << 60 },
	{ "1n8l8c1t", "cpus:63",	1ULL << 63 },
	{ "1n8l8c1t", "part:1/2",	0xffffffffULL << 32 },
	{ "1n8l8c1t", "overlap:1/2",	(0xffffffffULL << 32) | 1 },
	{ "4n8l8c1t", "node:3",		0xffffULL << 48 },
};

TEST(resolves_every_kind)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct spec_case *c = &good[i];
		struct ktstr_topo topo;
		char err[256] = "";
		uint64_t mask = 0;

		ASSERT_EQ(0, ktstr_topo_parse(c->topo, &topo, NULL, 0));
		EXPECT_EQ(0, ktstr_cpuset_resolve(c->spec, &topo, &mask,
						  err, sizeof(err)))
			TH_LOG("%s on %s: %s", c->spec, c->topo, err);
		EXPECT_EQ(c->mask, mask)
			TH_LOG("%s on %s: got %#llx", c->spec, c->topo,
			       (unsigned long long)mask);
	}
}

struct bad_case {
	const char *topo;
	const char *spec;
	const char *msg;
};

static const struct bad_case bad[] = {
	{ "1n2l2c1t", "part:0/9",
	  "cpuset 'part:0/9': impossible cpuset (9 partitions of 4 CPUs)" },
	{ "1n2l2c1t", "overlap:0/5",
	  "cpuset 'overlap:0/5': impossible cpuset (5 partitions of 4 CPUs)" },
	{ "1n2l2c1t", "part:2/2",
	  "cpuset 'part:2/2': partition 2 of 2 does not exist (0..N-1)" },
	{ "1n2l2c1t", "part:0/0",
	  "cpuset 'part:0/0': partition 0 of 0 does not exist (0..N-1)" },
	{ "1n2l2c1t", "part:1",
	  "cpuset 'part:1': expected part:I/N" },
	{ "1n2l2c1t", "overlap:1/2x",
	  "cpuset 'overlap:1/2x': expected overlap:I/N" },
	{ "1n2l2c1t", "llc:2",
	  "cpuset 'llc:2': LLC 2 out of range (topology has 2 LLCs)" },
	{ "1n2l2c1t", "llc:-1", "cpuset 'llc:-1': expected llc:N" },
	{ "1n2l2c1t", "llc: 1", "cpuset 'llc: 1': expected llc:N" },
	{ "1n2l2c1t", "llc:", "cpuset 'llc:': expected llc:N" },
	{ "1n2l2c1t", "node:1",
	  "cpuset 'node:1': node 1 out of range (topology has 1 node)" },
	{ "1n2l2c1t", "range:0-4",
	  "cpuset 'range:0-4': CPU 4 out of range (4 CPUs)" },
	{ "1n2l2c1t", "range:3-1",
	  "cpuset 'range:3-1': range 3-1 runs backwards" },
	{ "1n2l2c1t", "range:3", "cpuset 'range:3': expected range:A-B" },
	{ "1n2l2c1t", "cpus:0,9",
	  "cpuset 'cpus:0,9': CPU 9 out of range (4 CPUs)" },
	{ "1n2l2c1t", "cpus:", "cpuset 'cpus:': no CPUs listed" },
	{ "1n2l2c1t", "cpus:0,,1",
	  "cpuset 'cpus:0,,1': expected a CPU number at ',1'" },
	{ "1n2l2c1t", "cpus:0,",
	  "cpuset 'cpus:0,': expected a CPU number at ''" },
	{ "1n2l2c1t", "cpus:2-1",
	  "cpuset 'cpus:2-1': range 2-1 runs backwards" },
	{ "1n2l2c1t", "cpus:0;1",
	  "cpuset 'cpus:0;1': expected ',' between CPUs" },
	{ "1n2l2c1t", "bogus:1", "cpuset 'bogus:1': unknown kind 'bogus'" },
	{ "1n2l2c1t", "",
	  "cpuset '': expected all, llc:N, node:N, part:I/N, overlap:I/N, range:A-B or cpus:LIST" },
	{ "1n8l8c1t", "range:0-64",
	  "cpuset 'range:0-64': CPU 64 out of range (64 CPUs)" },
	{ "1n8l8c1t", "cpus:99999999999",
	  "cpuset 'cpus:99999999999': expected a CPU number at '99999999999'" },
};

TEST(rejects_bad_specs_with_a_message)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct bad_case *c = &bad[i];
		struct ktstr_topo topo;
		uint64_t mask = 0x1234;
		char err[256] = "";

		ASSERT_EQ(0, ktstr_topo_parse(c->topo, &topo, NULL, 0));
		EXPECT_EQ(-EINVAL, ktstr_cpuset_resolve(c->spec, &topo, &mask,
							err, sizeof(err)))
			TH_LOG("%s on %s resolved to %#llx", c->spec, c->topo,
			       (unsigned long long)mask);
		EXPECT_STREQ(c->msg, err);
	}
}

TEST(error_without_buffer)
{
	struct ktstr_topo topo;
	uint64_t mask;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l2c1t", &topo, NULL, 0));
	EXPECT_EQ(-EINVAL, ktstr_cpuset_resolve("llc:5", &topo, &mask, NULL, 0));
}

TEST(formats_cpu_lists)
{
	char buf[KTSTR_CPUMASK_STRLEN];

	EXPECT_EQ(0, ktstr_cpumask_format(0, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	ktstr_cpumask_format(0x1, buf, sizeof(buf));
	EXPECT_STREQ("0", buf);
	EXPECT_EQ(5, ktstr_cpumask_format(0x4f, buf, sizeof(buf)));
	EXPECT_STREQ("0-3,6", buf);
	ktstr_cpumask_format(0x5, buf, sizeof(buf));
	EXPECT_STREQ("0,2", buf);
	ktstr_cpumask_format(0xa, buf, sizeof(buf));
	EXPECT_STREQ("1,3", buf);
	ktstr_cpumask_format(~(uint64_t)0, buf, sizeof(buf));
	EXPECT_STREQ("0-63", buf);
	ktstr_cpumask_format(3ULL << 62, buf, sizeof(buf));
	EXPECT_STREQ("62-63", buf);
	ktstr_cpumask_format(0x8000000000000001ULL, buf, sizeof(buf));
	EXPECT_STREQ("0,63", buf);
}

TEST(format_worst_case_fits)
{
	char buf[KTSTR_CPUMASK_STRLEN];
	uint64_t pairs = 0;
	unsigned int cpu;

	/* "0-1,3-4,..." and "0,2,4,..." are the longest lists. */
	for (cpu = 0; cpu < 64; cpu += 3)
		pairs |= 3ULL << cpu;
	EXPECT_LT(0, ktstr_cpumask_format(pairs, buf, sizeof(buf)));
	EXPECT_LT(0, ktstr_cpumask_format(0x5555555555555555ULL, buf,
					  sizeof(buf)));
}

TEST(format_reports_short_buffer)
{
	char buf[4] = "xyz";

	EXPECT_EQ(-ENOSPC, ktstr_cpumask_format(0x4f, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(-ENOSPC, ktstr_cpumask_format(0x1, buf, 0));
}

TEST(cpulist_round_trip)
{
	uint64_t masks[] = { 0, 1, 0x4f, 0xf0f0, 0x8000000000000001ULL,
			     ~(uint64_t)0, 0x5555555555555555ULL };
	char buf[KTSTR_CPUMASK_STRLEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		uint64_t back = 42;

		ASSERT_LE(0, ktstr_cpumask_format(masks[i], buf, sizeof(buf)));
		EXPECT_EQ(0, ktstr_cpumask_parse(buf, 64, &back, NULL, 0))
			TH_LOG("'%s'", buf);
		EXPECT_EQ(masks[i], back);
	}
}

TEST(cpulist_parses_sysfs_text)
{
	char err[128] = "";
	uint64_t mask;

	EXPECT_EQ(0, ktstr_cpumask_parse("0-3,6\n", 8, &mask, err, sizeof(err)));
	EXPECT_EQ(0x4fULL, mask);
	EXPECT_EQ(0, ktstr_cpumask_parse("\n", 8, &mask, err, sizeof(err)));
	EXPECT_EQ(0ULL, mask);
	EXPECT_EQ(-EINVAL, ktstr_cpumask_parse("4", 4, &mask, err, sizeof(err)));
	EXPECT_STREQ("CPU list '4': CPU 4 out of range (4 CPUs)", err);
	EXPECT_EQ(-EINVAL, ktstr_cpumask_parse("1\n\n", 4, &mask, err,
					       sizeof(err)));
}

TEST(nodes_covering_cpus)
{
	struct ktstr_topo topo;

	ASSERT_EQ(0, ktstr_topo_parse("2n4l2c2t", &topo, NULL, 0));
	EXPECT_EQ(0x1ULL, ktstr_cpus_to_nodes(&topo, 0x00f0));
	EXPECT_EQ(0x2ULL, ktstr_cpus_to_nodes(&topo, 0x8000));
	EXPECT_EQ(0x3ULL, ktstr_cpus_to_nodes(&topo, 0x01f0));
	EXPECT_EQ(0x0ULL, ktstr_cpus_to_nodes(&topo, 0));
	/* CPUs beyond the topology belong to no node. */
	EXPECT_EQ(0x0ULL, ktstr_cpus_to_nodes(&topo, 1ULL << 40));
}

TEST(all_cpus)
{
	struct ktstr_topo topo;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l1c1t", &topo, NULL, 0));
	EXPECT_EQ(0x1ULL, ktstr_topo_all_cpus(&topo));
	ASSERT_EQ(0, ktstr_topo_parse("2n2l4c2t", &topo, NULL, 0));
	EXPECT_EQ(0xffffULL, ktstr_topo_all_cpus(&topo));
}

TEST_HARNESS_MAIN
