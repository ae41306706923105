// SPDX-License-Identifier: GPL-2.0
/*
 * The VM must have the shape the test asked for, or every topology-aware
 * test after it measures the wrong thing. Checks the guest's sysfs against
 * common/topology.h's numbering: online CPUs, LLC sharing, SMT siblings
 * and NUMA nodes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest/ctx.h"
#include "guest/lib/sysfs.h"

#define CPU_DIR		"/sys/devices/system/cpu"
#define NODE_DIR	"/sys/devices/system/node"

/* The CPUs for which @same(topo, cpu) equals @same(topo, @ref). */
static uint64_t cpus_like(const struct ktstr_topo *topo, unsigned int ref,
			  unsigned int (*same)(const struct ktstr_topo *,
					       unsigned int))
{
	unsigned int cpu, nr = ktstr_topo_nr_cpus(topo);
	uint64_t mask = 0;

	for (cpu = 0; cpu < nr; cpu++)
		if (same(topo, cpu) == same(topo, ref))
			mask |= 1ULL << cpu;
	return mask;
}

/* One ktstr_fail() line per mismatch; returns 1 on a mismatch. */
static int expect_cpulist(struct ktstr_ctx *ctx, const char *what,
			  const char *path, uint64_t want)
{
	char actual[256], expected[256];
	uint64_t got;
	int err;

	ktstr_cpulist_format(want, expected, sizeof(expected));
	err = ktstr_read_text(path, actual, sizeof(actual));
	if (err < 0) {
		ktstr_fail(ctx, "%s: %s: cannot read (%s), expected %s", what,
			   path, strerror(-err), expected);
		return 1;
	}
	if (ktstr_cpulist_parse(actual, &got) || got != want) {
		ktstr_fail(ctx, "%s: %s: expected %s, actual %s", what, path,
			   expected, actual);
		return 1;
	}
	return 0;
}

static int check_topology(struct ktstr_ctx *ctx)
{
	const struct ktstr_topo *topo = &ctx->topo;
	unsigned int nr = ktstr_topo_nr_cpus(topo), cpu, node;
	uint64_t all = nr >= 64 ? ~0ULL : (1ULL << nr) - 1;
	char path[128], what[32];
	int bad;

	bad = expect_cpulist(ctx, "online CPUs", CPU_DIR "/online", all);
	for (cpu = 0; cpu < nr; cpu++) {
		snprintf(what, sizeof(what), "cpu %u LLC", cpu);
		snprintf(path, sizeof(path),
			 CPU_DIR "/cpu%u/cache/index3/shared_cpu_list", cpu);
		bad += expect_cpulist(ctx, what, path,
				      cpus_like(topo, cpu, ktstr_topo_cpu_llc));

		snprintf(what, sizeof(what), "cpu %u SMT siblings", cpu);
		snprintf(path, sizeof(path),
			 CPU_DIR "/cpu%u/topology/thread_siblings_list", cpu);
		bad += expect_cpulist(ctx, what, path,
				      cpus_like(topo, cpu, ktstr_topo_cpu_core));
	}
	for (node = 0; node < topo->nodes; node++) {
		unsigned int first = node * ktstr_topo_llcs_per_node(topo) *
				     topo->cores * topo->threads;

		snprintf(what, sizeof(what), "node %u CPUs", node);
		snprintf(path, sizeof(path), NODE_DIR "/node%u/cpulist", node);
		bad += expect_cpulist(ctx, what, path,
				      cpus_like(topo, first, ktstr_topo_cpu_node));
	}
	/* And no node beyond those: they would hold no CPU of ours. */
	bad += expect_cpulist(ctx, "online nodes", NODE_DIR "/online",
			      topo->nodes >= 64 ? ~0ULL :
			      (1ULL << topo->nodes) - 1);
	return bad ? KTSTR_RESULT_FAIL : KTSTR_RESULT_PASS;
}

KTSTR_TEST(topo_1n1l2c1t) = {
	.description = "guest sysfs shows 2 CPUs sharing one LLC, no SMT, one node",
	.topology = "1n1l2c1t",
	.run = check_topology,
};

KTSTR_TEST(topo_1n2l2c1t) = {
	.description = "guest sysfs shows 2 LLCs of 2 cores each, no SMT, one node",
	.topology = "1n2l2c1t",
	.run = check_topology,
};

KTSTR_TEST(topo_1n1l2c2t) = {
	.description = "guest sysfs shows 2 cores of 2 SMT threads in one LLC",
	.topology = "1n1l2c2t",
	.run = check_topology,
};

KTSTR_TEST(topo_2n2l2c1t) = {
	.description = "guest sysfs shows 2 NUMA nodes, each one LLC of 2 cores",
	.topology = "2n2l2c1t",
	.run = check_topology,
};
