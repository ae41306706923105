// SPDX-License-Identifier: GPL-2.0
/*
 * Topology strings ("NnNlNcNt"): parsing, formatting, and the CPU ->
 * LLC/node/core mapping that cpusets and reports rely on. Links
 * common/topology.c only.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "common/topology.h"

struct good_case {
	const char *str;
	unsigned int nodes, llcs, cores, threads, cpus;
};

static const struct good_case good[] = {
	{ "1n1l2c1t", 1, 1, 2, 1, 2 },
	{ "1n1l1c1t", 1, 1, 1, 1, 1 },
	{ "1n2l2c1t", 1, 2, 2, 1, 4 },
	{ "2n4l2c2t", 2, 4, 2, 2, 16 },
	{ "4n8l8c1t", 4, 8, 8, 1, 64 },
	{ "1n1l1c64t", 1, 1, 1, 64, 64 },
	{ "2n2l16c2t", 2, 2, 16, 2, 64 },
};

TEST(parses_valid_strings)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct good_case *c = &good[i];
		struct ktstr_topo topo;
		char err[256] = "";
		char back[KTSTR_TOPO_STRLEN];

		ASSERT_EQ(0, ktstr_topo_parse(c->str, &topo, err, sizeof(err)))
			TH_LOG("%s: %s", c->str, err);
		EXPECT_EQ(c->nodes, topo.nodes);
		EXPECT_EQ(c->llcs, topo.llcs);
		EXPECT_EQ(c->cores, topo.cores);
		EXPECT_EQ(c->threads, topo.threads);
		EXPECT_EQ(c->cpus, ktstr_topo_nr_cpus(&topo));
		EXPECT_EQ(c->llcs / c->nodes, ktstr_topo_llcs_per_node(&topo));
		EXPECT_LT(0, ktstr_topo_format(&topo, back, sizeof(back)));
		EXPECT_STREQ(c->str, back);
	}
}

struct bad_case {
	const char *str;
	const char *why;
};

static const struct bad_case bad[] = {
	{ "1n1l", "each field must start with a number" },
	{ "0n1l1c1t", "each count must be 1..64" },
	{ "2n3l1c1t", "LLC count must be a multiple of the node count" },
	{ "1n1l2c1tx", "trailing characters" },
	{ "1n1l2x1t", "expected 'c' after 2" },
	{ "1n1l2c1", "expected 't' after 1" },
	{ "1l1n2c1t", "expected 'n' after 1" },
	{ "-1n1l1c1t", "each field must start with a number" },
	{ " 1n1l1c1t", "each field must start with a number" },
	{ "1n1l+2c1t", "each field must start with a number" },
	{ "65n65l1c1t", "each count must be 1..64" },
	{ "1n2l8c8t", "more than 64 CPUs" },
	{ "1n1l99999999999999999999c1t", "each count must be 1..64" },
	{ "", "empty" },
};

TEST(rejects_malformed_strings)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct bad_case *c = &bad[i];
		struct ktstr_topo topo;
		char err[256] = "";

		EXPECT_EQ(-EINVAL, ktstr_topo_parse(c->str, &topo, err,
						    sizeof(err)))
			TH_LOG("'%s' parsed", c->str);
		/* The message names the input, the problem and the format. */
		EXPECT_NE(NULL, strstr(err, c->why)) TH_LOG("%s", err);
		EXPECT_NE(NULL, strstr(err, "expected NnNlNcNt"))
			TH_LOG("%s", err);
		if (*c->str) {
			char quoted[64];

			snprintf(quoted, sizeof(quoted), "'%s'", c->str);
			EXPECT_NE(NULL, strstr(err, quoted)) TH_LOG("%s", err);
		}
	}
}

TEST(rejects_null_and_tolerates_no_err_buffer)
{
	struct ktstr_topo topo;

	EXPECT_EQ(-EINVAL, ktstr_topo_parse(NULL, &topo, NULL, 0));
	EXPECT_EQ(-EINVAL, ktstr_topo_parse("1n1l", &topo, NULL, 0));
}

TEST(exact_message)
{
	struct ktstr_topo topo;
	char err[256];

	ASSERT_EQ(-EINVAL, ktstr_topo_parse("2n3l1c1t", &topo, err, sizeof(err)));
	EXPECT_STREQ("topology '2n3l1c1t': LLC count must be a multiple of the node count (expected NnNlNcNt, e.g. 2n2l2c1t)",
		     err);
}

/* Threads of a core adjacent, then cores of an LLC, then LLCs of a node. */
TEST(cpu_mapping_2n4l2c2t)
{
	static const unsigned int llc[16] = {
		0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };
	static const unsigned int node[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const unsigned int core[16] = {
		0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7 };
	struct ktstr_topo topo;
	unsigned int cpu;

	ASSERT_EQ(0, ktstr_topo_parse("2n4l2c2t", &topo, NULL, 0));
	for (cpu = 0; cpu < 16; cpu++) {
		EXPECT_EQ(llc[cpu], ktstr_topo_cpu_llc(&topo, cpu))
			TH_LOG("cpu %u", cpu);
		EXPECT_EQ(node[cpu], ktstr_topo_cpu_node(&topo, cpu))
			TH_LOG("cpu %u", cpu);
		EXPECT_EQ(core[cpu], ktstr_topo_cpu_core(&topo, cpu))
			TH_LOG("cpu %u", cpu);
	}
}

TEST(cpu_mapping_1n2l2c1t)
{
	struct ktstr_topo topo;

	ASSERT_EQ(0, ktstr_topo_parse("1n2l2c1t", &topo, NULL, 0));
	EXPECT_EQ(0U, ktstr_topo_cpu_llc(&topo, 1));
	EXPECT_EQ(1U, ktstr_topo_cpu_llc(&topo, 2));
	EXPECT_EQ(0U, ktstr_topo_cpu_node(&topo, 3));
	EXPECT_EQ(3U, ktstr_topo_cpu_core(&topo, 3));
}

TEST(cpu_mapping_4n8l8c1t)
{
	struct ktstr_topo topo;

	ASSERT_EQ(0, ktstr_topo_parse("4n8l8c1t", &topo, NULL, 0));
	EXPECT_EQ(2U, ktstr_topo_llcs_per_node(&topo));
	EXPECT_EQ(7U, ktstr_topo_cpu_llc(&topo, 63));
	EXPECT_EQ(3U, ktstr_topo_cpu_node(&topo, 63));
	EXPECT_EQ(1U, ktstr_topo_cpu_node(&topo, 16));
	EXPECT_EQ(0U, ktstr_topo_cpu_node(&topo, 15));
	EXPECT_EQ(63U, ktstr_topo_cpu_core(&topo, 63));
}

TEST(format_short_buffer_truncates)
{
	struct ktstr_topo topo = { 2, 4, 2, 2 };
	char buf[4];

	/* snprintf semantics: the full length comes back. */
	EXPECT_EQ(8, ktstr_topo_format(&topo, buf, sizeof(buf)));
	EXPECT_STREQ("2n4", buf);
}

TEST_HARNESS_MAIN
