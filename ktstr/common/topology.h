/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test VM CPU topology: "NnNlNcNt" = NUMA nodes, LLCs (in total, spread
 * evenly over the nodes), cores per LLC, threads per core.
 *
 * CPU numbering follows QEMU's x86 enumeration, which the guest kernel keeps:
 * threads of a core are adjacent, then cores of an LLC (die), then LLCs of a
 * node (socket).
 */
#ifndef KTSTR_TOPOLOGY_H
#define KTSTR_TOPOLOGY_H

#include <stddef.h>

#define KTSTR_MAX_CPUS		64
#define KTSTR_TOPO_STRLEN	32
#define KTSTR_DEFAULT_TOPOLOGY	"1n1l2c1t"

struct ktstr_topo {
	unsigned int nodes;
	unsigned int llcs;		/* total, a multiple of nodes */
	unsigned int cores;		/* per LLC */
	unsigned int threads;		/* per core */
};

/*
 * Parse @str into @topo. Returns 0 or -EINVAL; on error, @err (if not NULL)
 * gets a message naming what was expected.
 */
int ktstr_topo_parse(const char *str, struct ktstr_topo *topo,
		     char *why, size_t whylen);
int ktstr_topo_format(const struct ktstr_topo *topo, char *buf, size_t len);

unsigned int ktstr_topo_nr_cpus(const struct ktstr_topo *topo);
unsigned int ktstr_topo_llcs_per_node(const struct ktstr_topo *topo);
unsigned int ktstr_topo_cpu_node(const struct ktstr_topo *topo, unsigned int cpu);
unsigned int ktstr_topo_cpu_llc(const struct ktstr_topo *topo, unsigned int cpu);
unsigned int ktstr_topo_cpu_core(const struct ktstr_topo *topo, unsigned int cpu);

#endif /* KTSTR_TOPOLOGY_H */
