// SPDX-License-Identifier: GPL-2.0
/*
 * Work type registry, the shared mapping, and the entry point a forked
 * worker calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/log.h"
#include "guest/work/work_internal.h"

struct work_type {
	const char *name;
	void (*run)(struct work_ctx *w);
	bool paired;		/* partners are idx and idx ^ 1 */
	bool has_wakes;		/* reports wake latency */
	bool pipes;		/* needs a pipe per worker */
};

static const struct work_type work_types[WORK_NR] = {
	[WORK_DEFAULT]		= { "Default", work_cpu_spin },
	[WORK_CPU_SPIN]		= { "CpuSpin", work_cpu_spin },
	[WORK_YIELD_HEAVY]	= { "YieldHeavy", work_yield_heavy },
	[WORK_MIXED]		= { "Mixed", work_mixed },
	[WORK_IO_SYNC]		= { "IoSync", work_io_sync },
	[WORK_BURSTY]		= { "Bursty", work_bursty },
	[WORK_PIPE_IO]		= { "PipeIo", work_pipe_io, true, true, true },
	[WORK_FUTEX_PING_PONG]	= { "FutexPingPong", work_futex_ping_pong,
				    true, true },
	[WORK_FUTEX_FAN_OUT]	= { "FutexFanOut", work_futex_fan_out,
				    false, true },
	[WORK_CACHE_PRESSURE]	= { "CachePressure", work_cache_pressure },
	[WORK_CACHE_YIELD]	= { "CacheYield", work_cache_yield },
	[WORK_CACHE_PIPE]	= { "CachePipe", work_cache_pipe,
				    true, true, true },
	[WORK_SEQUENCE]		= { "Sequence", work_sequence },
	[WORK_FORK_EXIT]	= { "ForkExit", work_fork_exit },
	[WORK_NICE_SWEEP]	= { "NiceSweep", work_nice_sweep },
	[WORK_AFFINITY_CHURN]	= { "AffinityChurn", work_affinity_churn },
	[WORK_POLICY_CHURN]	= { "PolicyChurn", work_policy_churn },
	[WORK_PAGE_FAULT_CHURN]	= { "PageFaultChurn", work_page_fault_churn },
	[WORK_MUTEX_CONTENTION]	= { "MutexContention", work_mutex_contention },
	[WORK_STRESS_NG]	= { "stress_ng", work_tool_run },
	[WORK_HACKBENCH]	= { "hackbench", work_tool_run },
};

const char *ktstr_work_name(enum ktstr_work_type type)
{
	return type < WORK_NR ? work_types[type].name : "unknown";
}

enum ktstr_work_type ktstr_work_from_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < WORK_NR; i++)
		if (!strcasecmp(name, work_types[i].name))
			return i;
	return WORK_NR;
}

bool ktstr_work_is_paired(enum ktstr_work_type type)
{
	return type < WORK_NR && work_types[type].paired;
}

bool ktstr_work_has_wakes(enum ktstr_work_type type)
{
	return type < WORK_NR && work_types[type].has_wakes;
}

static int work_shared_init(struct ktstr_work_shared *sh)
{
	pthread_mutexattr_t attr;
	unsigned int i;
	int err;

	/* All of them first: a failure frees the mapping and closes them. */
	for (i = 0; i < sh->nr_workers; i++)
		sh->slot[i].wake.pipe[0] = sh->slot[i].wake.pipe[1] = -1;
	for (i = 0; work_types[sh->type].pipes && i < sh->nr_workers; i++) {
		if (pipe2(sh->slot[i].wake.pipe, O_CLOEXEC)) {
			err = -errno;
			pr_err("work: pipe for worker %u: %s",
				i, strerror(errno));
			return err;
		}
	}

	/*
	 * Robust, so that a worker killed inside the critical section does
	 * not leave the others waiting for it forever.
	 */
	pthread_mutexattr_init(&attr);
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (!err)
		err = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	if (!err)
		err = pthread_mutex_init(&sh->mutex, &attr);
	pthread_mutexattr_destroy(&attr);
	if (err) {
		pr_err("work: shared mutex: %s",
			strerror(err));
		return -err;
	}
	return 0;
}

struct ktstr_work_shared *ktstr_work_shared_alloc(enum ktstr_work_type type,
						 unsigned int nr_workers)
{
	struct ktstr_work_shared *sh;
	size_t size;
	int err;

	if (type >= WORK_NR) {
		errno = EINVAL;
		return NULL;
	}
	size = sizeof(*sh) + (size_t)nr_workers * sizeof(sh->slot[0]);
	sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		err = errno;
		pr_err("work: mapping %zu bytes for %u %s workers: %s",
			size, nr_workers, work_types[type].name, strerror(err));
		errno = err;
		return NULL;
	}
	sh->type = type;
	sh->nr_workers = nr_workers;
	sh->size = size;

	err = work_shared_init(sh);
	if (err) {
		ktstr_work_shared_free(sh, nr_workers);
		errno = -err;
		return NULL;
	}
	return sh;
}

void ktstr_work_shared_free(struct ktstr_work_shared *sh,
			    unsigned int nr_workers)
{
	unsigned int i, j;

	if (!sh)
		return;
	for (i = 0; i < sh->nr_workers; i++)
		for (j = 0; j < 2; j++)
			if (sh->slot[i].wake.pipe[j] >= 0)
				close(sh->slot[i].wake.pipe[j]);
	munmap(sh, sh->size);
}

struct ktstr_worker_report *
ktstr_work_report(struct ktstr_work_shared *sh, unsigned int idx)
{
	return idx < sh->nr_workers ? &sh->slot[idx].report : NULL;
}

void ktstr_work_shared_set_tool(struct ktstr_work_shared *sh,
				const struct ktstr_work_tool_cfg *cfg)
{
	sh->tool = *cfg;
}

void ktstr_work_run(enum ktstr_work_type type, struct ktstr_work_shared *sh,
		    unsigned int idx, const int *stop)
{
	struct work_ctx w = {
		.shared = sh,
		.idx = idx,
		/* Loads through work_stopped() are atomic, never cached. */
		.stop = stop,
	};

	if (type >= WORK_NR || !sh || idx >= sh->nr_workers)
		return;
	work_measure_begin(&w);
	work_types[type].run(&w);
	work_measure_end(&w);
}
