// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers a test can name. Check overrides sit here, next to the
 * scheduler they excuse, so a test only states what it is about.
 */
#include <stdio.h>
#include <string.h>

#include "common/compiler.h"
#include "guest/sched/sched.h"

static const struct ktstr_sched_def sched_defs[] = {
	{ .name = KTSTR_SCHED_EEVDF, .ops = NULL },
	{ .name = "scx_simple", .ops = "simple" },
	{
		.name = "scx_qmap", .ops = "qmap",
		/*
		 * 7.3's qmap keeps its queues in a BPF arena (cid.bpf.h).
		 * clang-19, the newest Debian 12 has, emits code the 7.3
		 * verifier rejects ("R7 invalid mem access 'scalar'" at
		 * scx_qmap.bpf.c:336, qmap_dequeue); LLVM 22 works.
		 */
		.bpf_need = { 7, 3, 20, "its queues live in a BPF arena" },
	},
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
	/* 7.x's tools/sched_ext adds these; older trees do not have them. */
	{
		.name = "scx_cpu0", .ops = "cpu0",
		/*
		 * Only CPU 0 dispatches: every worker waits its turn in one
		 * FIFO, so the others run in bursts by design.
		 */
		.why = "everything runs on CPU 0, in FIFO order",
		.checks = { .max_spread_pct = 60 },
	},
	{ .name = "scx_userland", .ops = "userland" },
	{
		.name = "scx_pair", .ops = "pair",
		/*
		 * Fills its map of 4096 per-cgroup queues from user space,
		 * one map create and update each, before it attaches: 25 s
		 * of 7.3 under TCG.
		 */
		.attach_s = 60,
	},
	{ .name = "scx_sdt", .ops = "sdt" },
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

/* "7.3.4" -> 7, 3; false for a release that does not start so. */
static bool major_minor(const char *s, unsigned int *major,
			unsigned int *minor)
{
	return sscanf(s, "%u.%u", major, minor) == 2;
}

bool ktstr_sched_bpf_ok(const struct ktstr_sched_def *def, const char *release,
			const char *clang_version, char *why, size_t whylen)
{
	const struct ktstr_bpf_need *n = &def->bpf_need;
	unsigned int kmaj, kmin, cmaj, cmin;

	if (!n->llvm_major || !major_minor(release, &kmaj, &kmin))
		return true;
	if (kmaj < n->kernel_major ||
	    (kmaj == n->kernel_major && kmin < n->kernel_minor))
		return true;
	if (major_minor(clang_version, &cmaj, &cmin) && cmaj >= n->llvm_major)
		return true;
	snprintf(why, whylen, "%s on %s needs LLVM > %u (%s); have clang %s",
		 def->name, release, n->llvm_major - 1, n->why,
		 clang_version);
	return false;
}
