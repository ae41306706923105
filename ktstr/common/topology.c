// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/topology.h"

static int topo_error(char *why, size_t whylen, const char *str,
		      const char *what)
{
	if (why && whylen)
		snprintf(why, whylen,
			 "topology '%s': %s (expected NnNlNcNt, e.g. 2n2l2c1t)",
			 str, what);
	return -EINVAL;
}

int ktstr_topo_parse(const char *str, struct ktstr_topo *topo,
		     char *why, size_t whylen)
{
	static const char suffix[] = "nlct";
	unsigned long val[4];
	const char *p = str;
	int i;

	if (!str || !*str)
		return topo_error(why, whylen, "", "empty");

	for (i = 0; i < 4; i++) {
		char *end;

		if (*p < '0' || *p > '9')
			return topo_error(why, whylen, str,
					  "each field must start with a number");
		errno = 0;
		val[i] = strtoul(p, &end, 10);
		if (errno || val[i] == 0 || val[i] > KTSTR_MAX_CPUS)
			return topo_error(why, whylen, str,
					  "each count must be 1..64");
		if (*end != suffix[i]) {
			char what[48];

			snprintf(what, sizeof(what), "expected '%c' after %lu",
				 suffix[i], val[i]);
			return topo_error(why, whylen, str, what);
		}
		p = end + 1;
	}
	if (*p)
		return topo_error(why, whylen, str, "trailing characters");

	if (val[1] % val[0])
		return topo_error(why, whylen, str,
				  "LLC count must be a multiple of the node count");
	if (val[1] * val[2] * val[3] > KTSTR_MAX_CPUS)
		return topo_error(why, whylen, str, "more than 64 CPUs");

	topo->nodes = val[0];
	topo->llcs = val[1];
	topo->cores = val[2];
	topo->threads = val[3];
	return 0;
}

int ktstr_topo_format(const struct ktstr_topo *topo, char *buf, size_t len)
{
	return snprintf(buf, len, "%un%ul%uc%ut", topo->nodes, topo->llcs,
			topo->cores, topo->threads);
}

unsigned int ktstr_topo_nr_cpus(const struct ktstr_topo *topo)
{
	return topo->llcs * topo->cores * topo->threads;
}

unsigned int ktstr_topo_llcs_per_node(const struct ktstr_topo *topo)
{
	return topo->llcs / topo->nodes;
}

unsigned int ktstr_topo_cpu_llc(const struct ktstr_topo *topo, unsigned int cpu)
{
	return cpu / (topo->cores * topo->threads);
}

unsigned int ktstr_topo_cpu_node(const struct ktstr_topo *topo, unsigned int cpu)
{
	return ktstr_topo_cpu_llc(topo, cpu) / ktstr_topo_llcs_per_node(topo);
}

unsigned int ktstr_topo_cpu_core(const struct ktstr_topo *topo, unsigned int cpu)
{
	return cpu / topo->threads;
}
