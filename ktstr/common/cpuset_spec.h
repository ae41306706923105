/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cpuset specs: how a test names a set of CPUs without knowing how many the
 * VM has. Resolved against the test's topology, on the host (to reject a
 * bad test before booting) and in the guest (to write cpuset.cpus).
 *
 *   all           every CPU
 *   llc:N         the CPUs of LLC N
 *   node:N        the CPUs of NUMA node N
 *   part:I/N      partition I of N disjoint contiguous partitions
 *   overlap:I/N   partition I plus the first CPU of partition I+1
 *   range:A-B     CPUs A to B
 *   cpus:LIST     exactly LIST, e.g. 0,2 or 0-1,3
 *
 * CPU masks are uint64_t: topologies have at most KTSTR_MAX_CPUS (64) CPUs.
 */
#ifndef KTSTR_CPUSET_SPEC_H
#define KTSTR_CPUSET_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "common/topology.h"

/* All CPUs of @topo. */
uint64_t ktstr_topo_all_cpus(const struct ktstr_topo *topo);

/*
 * Resolve @spec (NULL means "all") into @mask. Returns 0, or -EINVAL with
 * @err (if not NULL) naming the spec and what was expected, e.g.
 * "cpuset 'part:0/9': impossible cpuset (9 partitions of 4 CPUs)".
 */
int ktstr_cpuset_resolve(const char *spec, const struct ktstr_topo *topo,
			 uint64_t *mask, char *why, size_t whylen);

/*
 * Parse a kernel CPU list ("0-3,6", as in cpuset.cpus.effective; "" and
 * "\n" are the empty set) into @mask. CPUs must be below @nr_cpus. Returns
 * 0 or -EINVAL with a message in @err.
 */
int ktstr_cpumask_parse(const char *list, unsigned int nr_cpus,
			uint64_t *mask, char *why, size_t whylen);

/*
 * Format @mask as a kernel CPU list, "0-3,6" ("" for no CPUs). Returns the
 * length, or -ENOSPC (with @buf holding "") when @len is too small;
 * KTSTR_CPUMASK_STRLEN always fits.
 */
#define KTSTR_CPUMASK_STRLEN	192
int ktstr_cpumask_format(uint64_t mask, char *buf, size_t len);

/* NUMA nodes that hold at least one CPU of @cpus, as a node mask. */
uint64_t ktstr_cpus_to_nodes(const struct ktstr_topo *topo, uint64_t cpus);

#endif /* KTSTR_CPUSET_SPEC_H */
