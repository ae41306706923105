// SPDX-License-Identifier: GPL-2.0
/*
 * Every work type under a scheduler: wakeup-heavy pairs, blocking I/O,
 * process churn, priority churn and lock contention each stress a different
 * path (wakeup, enqueue/dequeue, fork/exit, reweight, policy switch).
 */
#include "guest/ctx.h"

KTSTR_TEST(wakeup_pairs) = {
	.description = "pipe and futex partners are woken promptly (scx_qmap)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_qmap",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "pipe", .workers = 2, .work = WORK_PIPE_IO },
		{ .name = "futex", .workers = 2, .work = WORK_FUTEX_PING_PONG },
		{ .name = "fanout", .workers = 3, .work = WORK_FUTEX_FAN_OUT }),
};

KTSTR_TEST(io_bursty) = {
	.description = "sync I/O, bursts and phase sequences (scx_simple)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_simple",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "io", .workers = 2, .work = WORK_IO_SYNC },
		{ .name = "bursty", .workers = 2, .work = WORK_BURSTY },
		{ .name = "seq", .workers = 2, .work = WORK_SEQUENCE }),
};

KTSTR_TEST(task_churn) = {
	.description = "fork/exit, affinity, policy and page-fault churn (scx_ktstr)",
	.generic = true,
	.topology = "1n2l2c1t",
	.scheduler = "scx_ktstr",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "fork", .workers = 1, .work = WORK_FORK_EXIT },
		{ .name = "affinity", .workers = 2, .work = WORK_AFFINITY_CHURN },
		{ .name = "policy", .workers = 2, .work = WORK_POLICY_CHURN },
		{ .name = "fault", .workers = 1, .work = WORK_PAGE_FAULT_CHURN }),
};

KTSTR_TEST(nice_mutex) = {
	.description = "nice sweeps and a contended mutex (scx_flatcg)",
	.generic = true,
	.topology = "1n1l2c1t",
	.scheduler = "scx_flatcg",
	.duration_ms = 3000,
	.cgroups = KTSTR_CGROUPS(
		{ .name = "nice", .workers = 2, .work = WORK_NICE_SWEEP },
		{ .name = "mutex", .workers = 3, .work = WORK_MUTEX_CONTENTION }),
};
