/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the work types: the shared mapping's layout, the per-worker
 * measurement context, and the helpers the work families share.
 *
 * Measurement rule: a worker samples the clock and its CPU after every
 * small piece of CPU work (work_sample()). Time between two samples is a
 * scheduling gap, unless the worker chose to wait in between: every
 * voluntary sleep or blocking call is bracketed by work_block_begin() and
 * work_block_end() (or work_wake_end() when someone else wakes it), so the
 * wait does not count as a gap. sched_yield() is not bracketed: a yielding
 * task stays runnable, and how long it waits is the scheduler's doing.
 */
#ifndef KTSTR_WORK_INTERNAL_H
#define KTSTR_WORK_INTERNAL_H

#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/clock.h"
#include "common/compiler.h"
#include "guest/work/work.h"

#define WORK_CACHELINE		64

/* Longest a blocked worker sleeps before it looks at its stop flag again. */
#define WORK_WAIT_SLICE_MS	20
/* How long the churn types run between two changes of their settings. */
#define WORK_CHURN_NS		(1 * NSEC_PER_MSEC)

/* How a worker is woken: by a futex word, a pipe, or both. */
struct work_wake {
	uint32_t seq;		/* futex word, bumped to wake the owner */
	uint32_t seen;		/* the owner's last seen futex value */
	uint64_t stamp_ns;	/* first post since the owner last woke; 0 if none */
	int pipe[2];		/* the owner reads [0], others write [1] */
};

/* Aligned by its member: slots and their wake parts own their cache lines. */
struct work_slot {
	struct ktstr_worker_report report;
	/* Written by other workers: keep it off the report's cache line. */
	alignas(WORK_CACHELINE) struct work_wake wake;
};

struct ktstr_work_shared {
	enum ktstr_work_type type;
	unsigned int nr_workers;
	size_t size;
	pthread_mutex_t mutex;	/* MutexContention */
	uint64_t mutex_count;	/* what the mutex protects */
	uint32_t fan_seq;	/* FutexFanOut: the one word all waiters sleep on */
	struct ktstr_work_tool_cfg tool;	/* tool work types */
	struct work_slot slot[];
};

struct work_ctx {
	struct ktstr_work_shared *shared;
	struct ktstr_worker_report *rep;	/* lives in @shared */
	unsigned int idx;
	const int *stop;			/* read with work_stopped() */
	cpu_set_t allowed;			/* sched_getaffinity() at start */
	uint64_t start_ns;
	uint64_t last_ns;			/* last sample */
	uint64_t block_ns;			/* when the current wait began */
	uint64_t publish_ns;
	uint64_t cpu0_ns;			/* CPU time before the work */
	uint64_t delay0_ns;			/* run delay before the work */
	int last_cpu;
	int schedstat_fd;
};

/* work_measure.c */
static inline bool work_stopped(struct work_ctx *w)
{
	return __atomic_load_n(w->stop, __ATOMIC_RELAXED) != 0;
}
void work_measure_begin(struct work_ctx *w);
void work_measure_end(struct work_ctx *w);
void work_sample(struct work_ctx *w);
void work_block_begin(struct work_ctx *w);
void work_block_end(struct work_ctx *w);
void work_wake_stamp(struct work_wake *ww);
void work_wake_end(struct work_ctx *w, struct work_wake *ww);
void work_spin_unit(void);
void work_spin(struct work_ctx *w, uint64_t ns);
void work_sleep(struct work_ctx *w, uint64_t ns);
void work_idle(struct work_ctx *w);

/* work_pair.c: ping-pong between workers idx and idx ^ 1 */
struct work_link {
	/* Pass the turn to worker @to. */
	void (*send)(struct work_ctx *w, unsigned int to);
	/* Wait for the turn; false once the worker is told to stop. */
	bool (*recv)(struct work_ctx *w);
	/* Work done while holding the turn; NULL for none. */
	void (*turn)(struct work_ctx *w, void *arg);
};
void work_pair_run(struct work_ctx *w, const struct work_link *link,
		   void *arg);

/* work_cache.c */
struct work_cache {
	uint8_t *buf;
	size_t pos;
};
int work_cache_init(struct work_cache *c);
void work_cache_fini(struct work_cache *c);
void work_cache_chunk(struct work_ctx *w, struct work_cache *c);

/* work_io.c */
int work_io_open(void);
bool work_io_write_sync(struct work_ctx *w, int fd, uint64_t n);

/* The work types, one function each. */
void work_cpu_spin(struct work_ctx *w);
void work_yield_heavy(struct work_ctx *w);
void work_mixed(struct work_ctx *w);
void work_bursty(struct work_ctx *w);
void work_sequence(struct work_ctx *w);
void work_nice_sweep(struct work_ctx *w);
void work_io_sync(struct work_ctx *w);
void work_pipe_io(struct work_ctx *w);
void work_cache_pipe(struct work_ctx *w);
void work_futex_ping_pong(struct work_ctx *w);
void work_futex_fan_out(struct work_ctx *w);
void work_mutex_contention(struct work_ctx *w);
void work_cache_pressure(struct work_ctx *w);
void work_cache_yield(struct work_ctx *w);
void work_fork_exit(struct work_ctx *w);
void work_affinity_churn(struct work_ctx *w);
void work_policy_churn(struct work_ctx *w);
void work_page_fault_churn(struct work_ctx *w);
void work_tool_run(struct work_ctx *w);	/* work_tool.c: both tools */

#endif /* KTSTR_WORK_INTERNAL_H */
