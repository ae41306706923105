// SPDX-License-Identifier: GPL-2.0
/*
 * Crashes left unexpected on purpose, so that they fail and show the
 * auto-repro section a scheduler author debugs from. Manual: they run only
 * when named with -t (make check does).
 *
 * The crashes come seconds into the workload: the repro VM's probes on
 * every callback and its callers load and attach 1.2-1.8 s after the
 * scheduler starts enabling under TCG (measured on 6.12, two VMs on two
 * host CPUs), and a crash before that leaves them without events.
 */
#include "guest/ctx.h"

KTSTR_TEST(crash_qmap_error) = {
	.description = "scx_qmap -e 1500 dies under yielding workers (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.sched_args = "-e 1500",
	.duration_ms = 5000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};

KTSTR_TEST(crash_ktstr_error) = {
	.description = "scx_ktstr -F 4000 errors 4 s after attaching (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-F 4000",
	.duration_ms = 6000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};

KTSTR_TEST(crash_ktstr_stall) = {
	.description = "scx_ktstr -s stalls: a repro VM without probes (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-s 100 -w 3000",
	.duration_ms = 6000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "spin", .workers = 2 }),
	.manual = true,
};

/*
 * The guest hangs 1 s after the error (scx_ktstr -H: SCHED_FIFO spinners
 * on every CPU, nothing else runs again) and never reports: the host's VM
 * timeout ends it. The repro VM hangs the same way, so its chain reaches
 * the host only because the guest sends it the moment the trigger fires.
 */
KTSTR_TEST(crash_ktstr_hang) = {
	.description = "scx_ktstr -F 3000 -H 1000 errors, then hangs the guest (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-F 3000 -H 1000",
	.duration_ms = 6000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.timeout_s = 45,	/* of a hung VM: the derived one is 94 s */
	.manual = true,
};

/*
 * The crash does not come back in the repro VM: there the scheduler gives
 * up on its own (-x, a clean unregistration), which the report must call
 * "not reproduced", never show as the crash's chain.
 */
KTSTR_TEST(crash_ktstr_clean_repro) = {
	.description = "scx_ktstr -F 3000 errors; its repro exits cleanly instead (auto-repro demo)",
	.topology = "1n1l2c1t",
	.scheduler = "scx_ktstr",
	.sched_args = "-F 3000",
	.repro_sched_args = "-x 3000",
	.duration_ms = 6000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "yield", .workers = 4, .work = WORK_YIELD_HEAVY }),
	.manual = true,
};
