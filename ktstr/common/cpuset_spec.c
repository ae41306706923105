// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/cpuset_spec.h"

/* Large enough for any CPU, LLC or partition count, small enough to add. */
#define NUM_MAX		100000U

static uint64_t cpu_bit(unsigned int cpu)
{
	return (uint64_t)1 << cpu;
}

/* CPUs lo..hi inclusive; callers keep hi < 64. */
static uint64_t cpu_span(unsigned int lo, unsigned int hi)
{
	uint64_t upto_hi = hi >= 63 ? ~(uint64_t)0 : cpu_bit(hi + 1) - 1;

	return upto_hi & ~(cpu_bit(lo) - 1);
}

uint64_t ktstr_topo_all_cpus(const struct ktstr_topo *topo)
{
	unsigned int nr = ktstr_topo_nr_cpus(topo);

	return nr ? cpu_span(0, nr - 1) : 0;
}

/*
 * "<label> '<spec>': <what>", so every message names its input. A macro
 * rather than a function so that snprintf's own format checking applies.
 */
#define input_error(why, whylen, label, spec, fmt, ...)			\
	((why) && (whylen) ?						\
	 snprintf(why, whylen, "%s '%s': " fmt, label, spec, ##__VA_ARGS__) : \
	 0, -EINVAL)
#define spec_error(why, whylen, spec, fmt, ...) \
	input_error(why, whylen, "cpuset", spec, fmt, ##__VA_ARGS__)

/*
 * A plain decimal number: no sign, no spaces, no hex, so "llc: 1" or
 * "llc:-1" are errors rather than surprises. Advances *@p past it.
 */
static int parse_num(const char **p, unsigned int *val)
{
	unsigned long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > NUM_MAX)
			return -EINVAL;
		s++;
	}
	*p = s;
	*val = v;
	return 0;
}

/* "NUM" and nothing else. */
static int parse_only_num(const char *s, unsigned int *val)
{
	if (parse_num(&s, val) || *s)
		return -EINVAL;
	return 0;
}

/* "NUM<sep>NUM" and nothing else. */
static int parse_pair(const char *s, char sep, unsigned int *a, unsigned int *b)
{
	if (parse_num(&s, a) || *s++ != sep || parse_num(&s, b) || *s)
		return -EINVAL;
	return 0;
}

/* Parse @list; messages name @label '@name' (the list, or a whole spec). */
static int cpulist_parse(const char *list, const char *label,
			 const char *name, unsigned int nr_cpus,
			 uint64_t *mask, char *why, size_t whylen)
{
	const char *p = list;
	uint64_t m = 0;

	if (nr_cpus > 64)
		nr_cpus = 64;

	if (!*p || !strcmp(p, "\n")) {
		*mask = 0;
		return 0;
	}
	for (;;) {
		unsigned int lo, hi;

		if (parse_num(&p, &lo))
			return input_error(why, whylen, label, name,
					  "expected a CPU number at '%s'", p);
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_num(&p, &hi))
				return input_error(why, whylen, label, name,
						  "expected a CPU number after '-'");
		}
		if (hi < lo)
			return input_error(why, whylen, label, name,
					  "range %u-%u runs backwards", lo, hi);
		if (hi >= nr_cpus)
			return input_error(why, whylen, label, name,
					  "CPU %u out of range (%u CPUs)",
					  hi, nr_cpus);
		m |= cpu_span(lo, hi);
		if (*p == '\n' && !p[1])
			break;
		if (!*p)
			break;
		if (*p++ != ',')
			return input_error(why, whylen, label, name,
					  "expected ',' between CPUs");
	}
	*mask = m;
	return 0;
}

int ktstr_cpumask_parse(const char *list, unsigned int nr_cpus,
			uint64_t *mask, char *why, size_t whylen)
{
	return cpulist_parse(list, "CPU list", list, nr_cpus, mask, why, whylen);
}

/*
 * Partition @i of @n over @nr CPUs: [i * nr / n, (i + 1) * nr / n). When
 * @n does not divide @nr the sizes differ by at most one CPU, and every
 * partition still has at least one CPU as long as n <= nr.
 */
static uint64_t partition(unsigned int i, unsigned int n, unsigned int nr)
{
	unsigned int lo = i * nr / n, hi = (i + 1) * nr / n - 1;

	return cpu_span(lo, hi);
}

static int resolve_part(const char *spec, const char *arg, bool overlap,
			unsigned int nr, uint64_t *mask,
			char *why, size_t whylen)
{
	unsigned int i, n;

	if (parse_pair(arg, '/', &i, &n))
		return spec_error(why, whylen, spec, "expected %s:I/N",
				  overlap ? "overlap" : "part");
	if (n == 0 || i >= n)
		return spec_error(why, whylen, spec,
				  "partition %u of %u does not exist (0..N-1)",
				  i, n);
	if (n > nr)
		return spec_error(why, whylen, spec,
				  "impossible cpuset (%u partitions of %u CPUs)",
				  n, nr);
	*mask = partition(i, n, nr);
	/*
	 * The next partition wraps to the first, so every overlap set is one
	 * CPU larger than its partition and each shares a CPU with both its
	 * neighbours: the same shape whatever I is.
	 */
	if (overlap)
		*mask |= cpu_bit((i + 1) % n * nr / n);
	return 0;
}

/* llc:N or node:N: the CPUs whose @unit_of is N. */
static int resolve_unit(const char *spec, const char *arg, const char *kind,
			const char *unit, unsigned int count,
			unsigned int (*unit_of)(const struct ktstr_topo *,
						unsigned int),
			const struct ktstr_topo *topo, uint64_t *mask,
			char *why, size_t whylen)
{
	unsigned int nr = ktstr_topo_nr_cpus(topo), idx, cpu;

	if (parse_only_num(arg, &idx))
		return spec_error(why, whylen, spec, "expected %s:N", kind);
	if (idx >= count)
		return spec_error(why, whylen, spec,
				  "%s %u out of range (topology has %u %s%s)",
				  unit, idx, count, unit, count == 1 ? "" : "s");
	*mask = 0;
	for (cpu = 0; cpu < nr; cpu++)
		if (unit_of(topo, cpu) == idx)
			*mask |= cpu_bit(cpu);
	return 0;
}

int ktstr_cpuset_resolve(const char *spec, const struct ktstr_topo *topo,
			 uint64_t *mask, char *why, size_t whylen)
{
	unsigned int nr = ktstr_topo_nr_cpus(topo);
	const char *colon;
	unsigned int a, b;
	size_t kind_len;
	const char *arg;
	int ret;

	if (!spec || !strcmp(spec, "all")) {
		*mask = ktstr_topo_all_cpus(topo);
		return 0;
	}
	colon = strchr(spec, ':');
	if (!colon)
		return spec_error(why, whylen, spec,
				  "expected all, llc:N, node:N, part:I/N, overlap:I/N, range:A-B or cpus:LIST");
	kind_len = (size_t)(colon - spec);
	arg = colon + 1;

#define KIND(s) (kind_len == sizeof(s) - 1 && !strncmp(spec, s, kind_len))
	if (KIND("llc"))
		return resolve_unit(spec, arg, "llc", "LLC", topo->llcs,
				    ktstr_topo_cpu_llc, topo, mask, why, whylen);
	if (KIND("node"))
		return resolve_unit(spec, arg, "node", "node", topo->nodes,
				    ktstr_topo_cpu_node, topo, mask, why, whylen);
	if (KIND("part"))
		return resolve_part(spec, arg, false, nr, mask, why, whylen);
	if (KIND("overlap"))
		return resolve_part(spec, arg, true, nr, mask, why, whylen);
	if (KIND("range")) {
		if (parse_pair(arg, '-', &a, &b))
			return spec_error(why, whylen, spec, "expected range:A-B");
		if (b < a)
			return spec_error(why, whylen, spec,
					  "range %u-%u runs backwards", a, b);
		if (b >= nr)
			return spec_error(why, whylen, spec,
					  "CPU %u out of range (%u CPUs)",
					  b, nr);
		*mask = cpu_span(a, b);
		return 0;
	}
	if (KIND("cpus")) {
		ret = cpulist_parse(arg, "cpuset", spec, nr, mask, why, whylen);
		if (!ret && !*mask)
			return spec_error(why, whylen, spec, "no CPUs listed");
		return ret;
	}
#undef KIND
	return spec_error(why, whylen, spec, "unknown kind '%.*s'",
			  (int)kind_len, spec);
}

int ktstr_cpumask_format(uint64_t mask, char *buf, size_t len)
{
	unsigned int cpu = 0;
	size_t pos = 0;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	while (cpu < 64) {
		unsigned int end;
		int n;

		if (!(mask & cpu_bit(cpu))) {
			cpu++;
			continue;
		}
		for (end = cpu; end < 63 && (mask & cpu_bit(end + 1)); end++)
			;
		if (end == cpu)
			n = snprintf(buf + pos, len - pos, "%s%u",
				     pos ? "," : "", cpu);
		else
			n = snprintf(buf + pos, len - pos, "%s%u-%u",
				     pos ? "," : "", cpu, end);
		if (n < 0 || (size_t)n >= len - pos) {
			buf[0] = '\0';
			return -ENOSPC;
		}
		pos += (size_t)n;
		cpu = end + 1;
	}
	return (int)pos;
}

uint64_t ktstr_cpus_to_nodes(const struct ktstr_topo *topo, uint64_t cpus)
{
	unsigned int nr = ktstr_topo_nr_cpus(topo), cpu;
	uint64_t nodes = 0;

	for (cpu = 0; cpu < nr; cpu++)
		if (cpus & cpu_bit(cpu))
			nodes |= cpu_bit(ktstr_topo_cpu_node(topo, cpu));
	return nodes;
}
