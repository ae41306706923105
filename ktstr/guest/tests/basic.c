// SPDX-License-Identifier: GPL-2.0
/*
 * The simplest thing that must work before anything else means much: the
 * kernel's own EEVDF class runs a workload (attach.c does the same for
 * each sched_ext scheduler).
 */
#include "guest/ctx.h"

KTSTR_TEST(eevdf_spin) = {
	.description = "EEVDF shares CPUs between spinning workers in a cgroup",
	.topology = "1n1l2c1t",
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN }),
};
