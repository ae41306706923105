// SPDX-License-Identifier: GPL-2.0
/*
 * Standard stress loads as work types: stress-ng and hackbench run in
 * the test's cgroups like any worker, checked by their exit status and
 * their headline figures (work_tool.h). Two tiers, as the scx CI has:
 *
 * - smoke, in the default run: a few seconds each, on two CPUs;
 * - stress, manual (-t stress_watchdog): stress-ng and hackbench just
 *   past the sched_ext watchdog (30 s by default), so that a task the
 *   scheduler leaves behind for that long ends it with ERROR_STALL.
 *
 * A guest without the tool skips the test, naming the tool.
 *
 * Bounds are loose, for an emulated (TCG) guest: natively stress-ng's
 * cpu stressor makes ~300 bogo ops/s per instance and fork ~20, and a
 * 16- or 20-task hackbench run takes 30-100 ms; TCG is assumed 10-30
 * times slower (not yet measured in a VM). They catch a stressor or a
 * run that got (almost) nothing done, not a slow scheduler.
 */
#include "guest/ctx.h"

KTSTR_TEST(stress_smoke) = {
	.description = "stress-ng --cpu/--switch for 5 s (scx_simple)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_simple",
	.duration_ms = 5000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "stress", .workers = 1, .work = WORK_STRESS_NG,
		  .work_args = "--cpu 2 --switch 2" }),
	.checks = { .min_bogo_ops_s = 1 },
};

KTSTR_TEST(hackbench_smoke) = {
	.description = "hackbench runs back to back for 4 s (EEVDF)",
	.generic = true,
	.topology = "1n1l2c1t",
	.duration_ms = 4000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "hackbench", .workers = 1, .work = WORK_HACKBENCH }),
	.checks = { .max_hackbench_ms = 10000 },
};

KTSTR_TEST(stress_watchdog) = {
	.description = "stress-ng --affinity/--fork/--switch and hackbench for 35 s, past the sched_ext watchdog (scx_simple)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_simple",
	.duration_ms = 35000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "stress", .workers = 1, .work = WORK_STRESS_NG,
		  .work_args = "--affinity 2 --fork 2 --switch 2" },
		{ .name = "hackbench", .workers = 1, .work = WORK_HACKBENCH,
		  .work_args = "-g 2 -f 5 -l 300" }),
	.checks = { .min_bogo_ops_s = 1, .max_hackbench_ms = 20000 },
	.manual = true,
};
