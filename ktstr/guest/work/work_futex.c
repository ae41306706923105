// SPDX-License-Identifier: GPL-2.0
/*
 * Futex work: ping-pong between partners, one waker fanning out to all
 * others, and a process-shared mutex everyone fights over. The futex
 * words live in the MAP_SHARED mapping, so they are shared (not private)
 * futexes.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest/work/work_internal.h"

/* How long the fan-out waker works between two wakeups. */
#define FAN_OUT_PERIOD_NS	(500 * NSEC_PER_USEC)

static void futex_wake(uint32_t *word, int nr)
{
	__atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, word, FUTEX_WAKE, nr, NULL, NULL, 0);
}

/*
 * Sleep until @word moves on from the value this worker saw last. The
 * timeout is only there to notice the stop flag.
 */
static bool futex_wait_on(struct work_ctx *w, uint32_t *word)
{
	struct work_wake *me = &w->shared->slot[w->idx].wake;
	const struct timespec slice = {
		.tv_nsec = WORK_WAIT_SLICE_MS * NSEC_PER_MSEC,
	};
	uint32_t cur;

	work_block_begin(w);
	while ((cur = __atomic_load_n(word, __ATOMIC_ACQUIRE)) == me->seen) {
		if (work_stopped(w)) {
			work_block_end(w);
			return false;
		}
		syscall(SYS_futex, word, FUTEX_WAIT, cur, &slice, NULL, 0);
	}
	me->seen = cur;
	work_wake_end(w, me);
	return true;
}

static void ping_pong_send(struct work_ctx *w, unsigned int to)
{
	struct work_wake *ww = &w->shared->slot[to].wake;

	work_wake_stamp(ww);
	futex_wake(&ww->seq, 1);
}

static bool ping_pong_recv(struct work_ctx *w)
{
	return futex_wait_on(w, &w->shared->slot[w->idx].wake.seq);
}

void work_futex_ping_pong(struct work_ctx *w)
{
	static const struct work_link link = {
		.send = ping_pong_send,
		.recv = ping_pong_recv,
	};

	work_pair_run(w, &link, NULL);
}

/*
 * Worker 0 wakes every other worker through one futex word, again and
 * again; the others wait on it. Each waiter gets its own stamp so it can
 * tell how long the wakeup took to reach it.
 */
void work_futex_fan_out(struct work_ctx *w)
{
	struct ktstr_work_shared *sh = w->shared;
	unsigned int i;

	if (w->idx) {
		while (futex_wait_on(w, &sh->fan_seq)) {
			w->rep->work_units++;
			work_spin_unit();
			work_sample(w);
		}
		return;
	}
	while (!work_stopped(w)) {
		work_spin(w, FAN_OUT_PERIOD_NS);
		for (i = 1; i < sh->nr_workers; i++)
			work_wake_stamp(&sh->slot[i].wake);
		futex_wake(&sh->fan_seq, INT_MAX);
		w->rep->work_units++;
	}
}

static int mutex_lock(struct work_ctx *w, pthread_mutex_t *m)
{
	struct timespec until;
	uint64_t ns = ktstr_now_ns() + WORK_WAIT_SLICE_MS * NSEC_PER_MSEC;
	int err;

	until.tv_sec = ns / NSEC_PER_SEC;
	until.tv_nsec = ns % NSEC_PER_SEC;
	work_block_begin(w);
	err = pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &until);
	work_block_end(w);
	/* Its last owner was killed holding it: what it guards is a counter. */
	if (err == EOWNERDEAD)
		err = pthread_mutex_consistent(m);
	return err;
}

/* Every worker takes the one shared mutex for a short critical section. */
void work_mutex_contention(struct work_ctx *w)
{
	struct ktstr_work_shared *sh = w->shared;
	int err;

	while (!work_stopped(w)) {
		err = mutex_lock(w, &sh->mutex);
		if (err == ETIMEDOUT)
			continue;
		if (err) {
			work_idle(w);
			return;
		}
		sh->mutex_count++;
		work_spin_unit();
		pthread_mutex_unlock(&sh->mutex);
		w->rep->work_units++;
		work_spin_unit();
		work_sample(w);
	}
}
