// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers a test can name. Check overrides sit here, next to the
 * scheduler they excuse, so a test only states what it is about.
 */
#include <string.h>

#include "common/compiler.h"
#include "guest/sched/sched.h"

static const struct ktstr_sched_def sched_defs[] = {
	{ .name = KTSTR_SCHED_EEVDF, .ops = NULL },
	{ .name = "scx_simple", .ops = "simple" },
	{ .name = "scx_qmap", .ops = "qmap" },
	{
		.name = "scx_central", .ops = "central",
		/*
		 * One CPU makes every scheduling decision and the others wait
		 * for it to kick them, so which worker runs next depends on
		 * when the central CPU gets around to it: the off-CPU time of
		 * equal workers drifts apart by design, not by a bug. It is
		 * above the TCG default (35) on purpose: an override is not
		 * relaxed further under TCG (checks.h).
		 */
		.why = "all dispatching funnels through the central CPU",
		.init_cpu0 = true,
		.checks = { .max_spread_pct = 60 },
	},
	{ .name = "scx_flatcg", .ops = "flatcg" },
	{ .name = "scx_ktstr", .ops = "ktstr" },
};

#define NR_SCHED_DEFS	ARRAY_SIZE(sched_defs)

const struct ktstr_sched_def *ktstr_sched_def_find(const char *name)
{
	unsigned int i;

	if (!name)
		name = KTSTR_SCHED_EEVDF;
	for (i = 0; i < NR_SCHED_DEFS; i++)
		if (!strcmp(sched_defs[i].name, name))
			return &sched_defs[i];
	return NULL;
}

const struct ktstr_sched_def *ktstr_sched_def_at(unsigned int idx)
{
	return idx < NR_SCHED_DEFS ? &sched_defs[idx] : NULL;
}
