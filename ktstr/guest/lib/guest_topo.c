// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "guest/lib/guest_topo.h"
#include "guest/lib/sysfs.h"

#define CPU_DIR	"/sys/devices/system/cpu"

static int read_cpulist(const char *path, uint64_t *mask)
{
	char buf[256];
	int n;

	n = ktstr_read_text(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	return ktstr_cpulist_parse(buf, mask);
}

int ktstr_guest_llc_cpus(unsigned int cpu, uint64_t *mask)
{
	char path[128];
	int idx;

	/* The last level is the highest index; usually index3 (L3). */
	for (idx = 7; idx >= 0; idx--) {
		snprintf(path, sizeof(path),
			 CPU_DIR "/cpu%u/cache/index%d/shared_cpu_list", cpu,
			 idx);
		if (access(path, R_OK) == 0)
			return read_cpulist(path, mask);
	}
	return -ENOENT;
}

int ktstr_guest_topo_read(struct ktstr_guest_topo *t)
{
	uint64_t llcs[64], nodes, mask;
	unsigned int nr_llcs = 0, cpu, i;
	char path[128];
	int err;

	memset(t, 0, sizeof(*t));
	err = read_cpulist(CPU_DIR "/online", &t->online);
	if (err) {
		pr_err("reading %s/online: %s", CPU_DIR,
			strerror(-err));
		return err;
	}
	t->cpus = __builtin_popcountll(t->online);

	/* No node directory means a kernel without NUMA: one node. */
	if (read_cpulist("/sys/devices/system/node/online", &nodes) == 0)
		t->nodes = __builtin_popcountll(nodes);
	else
		t->nodes = 1;

	for (cpu = 0; cpu < 64; cpu++) {
		if (!(t->online & (1ULL << cpu)))
			continue;
		snprintf(path, sizeof(path),
			 CPU_DIR "/cpu%u/topology/thread_siblings_list", cpu);
		if (read_cpulist(path, &mask) == 0 &&
		    (unsigned int)__builtin_popcountll(mask) >
			    t->threads_per_core)
			t->threads_per_core = __builtin_popcountll(mask);

		if (ktstr_guest_llc_cpus(cpu, &mask))
			continue;
		for (i = 0; i < nr_llcs && llcs[i] != mask; i++)
			;
		if (i == nr_llcs)
			llcs[nr_llcs++] = mask;
	}
	t->llcs = nr_llcs;
	return 0;
}
