// SPDX-License-Identifier: GPL-2.0
/*
 * The simplest things that must work before anything else means much:
 * EEVDF runs a workload, and a sched_ext scheduler attaches, schedules it
 * and detaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/ctx.h"
#include "guest/lib/sysfs.h"

KTSTR_TEST(eevdf_spin) = {
	.description = "EEVDF shares CPUs between spinning workers in a cgroup",
	.topology = "1n1l2c1t",
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN }),
};

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

static int simple_attached(struct ktstr_ctx *ctx)
{
	char state[32] = "", ops[64] = "";
	int err, on;

	err = ktstr_read_text("/sys/kernel/sched_ext/state", state,
			      sizeof(state));
	if (err < 0 || strcmp(state, "enabled"))
		ktstr_fail(ctx, "sched_ext state: expected enabled, actual '%s'%s",
			   state, err < 0 ? " (unreadable)" : "");
	err = ktstr_read_text("/sys/kernel/sched_ext/root/ops", ops,
			      sizeof(ops));
	if (err < 0 || strcmp(ops, "simple"))
		ktstr_fail(ctx, "sched_ext root/ops: expected simple, actual '%s'",
			   ops);
	/* scx_simple switches every SCHED_OTHER task, the runner too. */
	on = on_scx();
	if (on != 1)
		ktstr_fail(ctx, "/proc/self/sched ext.enabled: expected 1, actual %d",
			   on);

	/* Then it must carry a workload; the runner checks the detach. */
	return ktstr_scenario_run(ctx);
}

KTSTR_TEST(scx_simple_attach) = {
	.description = "scx_simple attaches, runs spinning workers, detaches cleanly",
	.topology = "1n1l2c1t",
	.scheduler = "scx_simple",
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 4, .work = WORK_CPU_SPIN }),
	.run = simple_attached,
};
