// SPDX-License-Identifier: GPL-2.0
/*
 * Every in-tree sched_ext scheduler attaches (sched_ext says so, with its
 * ops name, and tasks run on it), carries a workload and detaches cleanly
 * (the runner checks the detach). A tree that lacks one of them makes its
 * test a SKIP naming it.
 */
#include <stdlib.h>
#include <string.h>

#include "guest/ctx.h"
#include "guest/lib/sysfs.h"

#define SCX_SYSFS	"/sys/kernel/sched_ext"

/* "ext.enabled : 1" in /proc/self/sched: this task runs on sched_ext. */
static int on_scx(void)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	const char *p;
	int on = -1;

	if (ktstr_read_file_buf("/proc/self/sched", &b) == 0) {
		p = strstr(ktstr_buf_str(&b), "ext.enabled");
		p = p ? strchr(p, ':') : NULL;
		if (p)
			on = atoi(p + 1);
	}
	ktstr_buf_free(&b);
	return on;
}

static int attached_then_workload(struct ktstr_ctx *ctx)
{
	const char *want = ktstr_sched_ops(ctx);
	char state[32] = "", ops[64] = "", all[8] = "";
	int err, on;

	err = ktstr_read_text(SCX_SYSFS "/state", state, sizeof(state));
	if (err < 0 || strcmp(state, "enabled"))
		ktstr_fail(ctx, "sched_ext state: expected enabled, actual '%s'%s",
			   state, err < 0 ? " (unreadable)" : "");
	err = ktstr_read_text(SCX_SYSFS "/root/ops", ops, sizeof(ops));
	if (err < 0 || !want || strcmp(ops, want))
		ktstr_fail(ctx, "sched_ext root/ops: expected %s, actual '%s'",
			   want ?: "a sched_ext scheduler", ops);
	/* A scheduler that switches every task has the runner too. */
	if (ktstr_read_text(SCX_SYSFS "/switch_all", all, sizeof(all)) >= 0 &&
	    !strcmp(all, "1")) {
		on = on_scx();
		if (on != 1)
			ktstr_fail(ctx, "/proc/self/sched ext.enabled: expected 1 under switch_all, actual %d",
				   on);
	}
	return ktstr_scenario_run(ctx);
}

/* What every attach test runs: four spinners, the default checks. */
static const struct ktstr_cgroup_def spinners[] = {
	{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN },
	{ .name = NULL },
};

KTSTR_TEST(scx_simple_attach) = {
	.description = "scx_simple attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_simple",
	.cgroups = spinners,
	.run = attached_then_workload,
};

KTSTR_TEST(qmap_attach) = {
	.description = "scx_qmap attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.cgroups = spinners,
	.run = attached_then_workload,
};

KTSTR_TEST(central_attach) = {
	.description = "scx_central attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_central",
	.cgroups = spinners,
	.run = attached_then_workload,
};

KTSTR_TEST(flatcg_attach) = {
	.description = "scx_flatcg attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_flatcg",
	.cgroups = spinners,
	.run = attached_then_workload,
};

KTSTR_TEST(cpu0_attach) = {
	.description = "scx_cpu0 attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_cpu0",
	.cgroups = spinners,
	.run = attached_then_workload,
};

/*
 * Manual: scx_userland of 7.3.4 has a bug this test finds every time
 * under TCG. When the user-space scheduler task itself is preempted
 * (under TCG its loop often outlasts its 20 ms slice), userland_enqueue()
 * drops it without setting usersched_needed; once every other task is
 * queued to user space, nothing dispatches it again (update_idle() would
 * kick, but nr_queued, which its comment says enqueue() counts, is never
 * incremented), the CPUs idle with six tasks QUEUED, and the watchdog
 * disables the scheduler after 30 s: ERROR_STALL "watchdog failed to
 * check in". It stays in the suite to show that, not in the default run.
 */
KTSTR_TEST(userland_attach) = {
	.description = "scx_userland attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_userland",
	.cgroups = spinners,
	.run = attached_then_workload,
	.manual = true,
};

KTSTR_TEST(pair_attach) = {
	.description = "scx_pair attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_pair",
	.cgroups = spinners,
	.run = attached_then_workload,
};

KTSTR_TEST(sdt_attach) = {
	.description = "scx_sdt attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_sdt",
	.cgroups = spinners,
	.run = attached_then_workload,
};
