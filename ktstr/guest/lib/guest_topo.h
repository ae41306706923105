/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU topology the guest kernel actually sees, from sysfs: reported in
 * the "# guest:" diagnostic and the result, and compared against the
 * requested shape by the topology tests.
 */
#ifndef KTSTR_GUEST_TOPO_H
#define KTSTR_GUEST_TOPO_H

#include <stdint.h>

struct ktstr_guest_topo {
	unsigned int cpus;		/* online */
	unsigned int nodes;		/* online NUMA nodes */
	unsigned int llcs;		/* distinct last-level cache domains */
	unsigned int threads_per_core;	/* widest SMT sibling set */
	uint64_t online;		/* mask of online CPUs */
};

int ktstr_guest_topo_read(struct ktstr_guest_topo *t);
/*
 * The CPUs sharing @cpu's last-level cache (the highest cache index the
 * kernel lists for it).
 */
int ktstr_guest_llc_cpus(unsigned int cpu, uint64_t *mask);

#endif /* KTSTR_GUEST_TOPO_H */
