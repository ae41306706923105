// SPDX-License-Identifier: GPL-2.0
/*
 * Churn work: keep the kernel changing a task's state while it spins:
 * new processes, CPU affinity, scheduling policy, address space.
 */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/work/work_internal.h"

#define FAULT_PAGES		64

/* Each child forked, exited and reaped is a unit. */
void work_fork_exit(struct work_ctx *w)
{
	pid_t pid;

	/* Inherited SIG_IGN would reap children behind waitpid()'s back. */
	signal(SIGCHLD, SIG_DFL);
	while (!work_stopped(w)) {
		pid = fork();
		if (!pid)
			_exit(0);
		work_sample(w);
		if (pid < 0) {
			work_sleep(w, WORK_CHURN_NS);
			continue;
		}
		work_block_begin(w);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		work_block_end(w);
		w->rep->work_units++;
	}
}

/* The CPU of @set after @cpu, wrapping around; @set must not be empty. */
static int affinity_next(const cpu_set_t *set, int cpu)
{
	do
		cpu = (cpu + 1) % CPU_SETSIZE;
	while (!CPU_ISSET(cpu, set));
	return cpu;
}

/*
 * Each move to the next CPU of the affinity the worker started with is a
 * unit. A CPU the cpuset has taken away since then fails the move and is
 * skipped; widening the mask to relearn the cpuset could escape an
 * affinity the scenario set.
 */
void work_affinity_churn(struct work_ctx *w)
{
	cpu_set_t one;
	int cpu = -1;

	if (!CPU_COUNT(&w->allowed)) {
		work_idle(w);
		return;
	}
	while (!work_stopped(w)) {
		cpu = affinity_next(&w->allowed, cpu);
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		/* The move waits for the migration thread: not a gap. */
		work_block_begin(w);
		if (!sched_setaffinity(0, sizeof(one), &one))
			w->rep->work_units++;
		work_block_end(w);
		work_spin(w, WORK_CHURN_NS);
	}
}

/* Each policy that could be set, then held while spinning, is a unit. */
void work_policy_churn(struct work_ctx *w)
{
	static const int policies[] = { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE };
	const struct sched_param param = { .sched_priority = 0 };
	unsigned int i;

	for (i = 0; !work_stopped(w); i = (i + 1) % ARRAY_SIZE(policies)) {
		bool set = !sched_setscheduler(0, policies[i], &param);

		work_spin(w, WORK_CHURN_NS);
		if (set)
			w->rep->work_units++;
	}
}

/* Each map, fault in every page, unmap cycle is a unit. */
void work_page_fault_churn(struct work_ctx *w)
{
	size_t page = sysconf(_SC_PAGESIZE);
	size_t len = FAULT_PAGES * page, off;
	char *p;

	while (!work_stopped(w)) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			work_sleep(w, WORK_CHURN_NS);
			continue;
		}
		for (off = 0; off < len; off += page) {
			p[off] = 1;
			work_sample(w);
		}
		munmap(p, len);
		work_sample(w);
		w->rep->work_units++;
	}
}
