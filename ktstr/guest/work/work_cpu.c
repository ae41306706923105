// SPDX-License-Identifier: GPL-2.0
/*
 * CPU work: spinning, yielding, and mixes of spinning with sleeps, yields
 * and I/O, plus spinning through every nice level.
 */
#include <sys/resource.h>
#include <unistd.h>

#include "guest/work/work_internal.h"

#define MIXED_SPIN_NS		(1 * NSEC_PER_MSEC)
#define MIXED_SLEEP_NS		(100 * NSEC_PER_USEC)
/* Longer than a slice, so bursts get preempted when CPUs are shared. */
#define BURSTY_SPIN_NS		(10 * NSEC_PER_MSEC)
#define BURSTY_SLEEP_NS		(10 * NSEC_PER_MSEC)
#define SEQUENCE_PHASE_NS	(5 * NSEC_PER_MSEC)
#define NICE_LEVELS		20

void work_cpu_spin(struct work_ctx *w)
{
	while (!work_stopped(w)) {
		work_spin_unit();
		work_sample(w);
		w->rep->work_units++;
	}
}

void work_yield_heavy(struct work_ctx *w)
{
	while (!work_stopped(w)) {
		sched_yield();
		work_sample(w);
		w->rep->work_units++;
	}
}

void work_mixed(struct work_ctx *w)
{
	while (!work_stopped(w)) {
		work_spin(w, MIXED_SPIN_NS);
		work_sleep(w, MIXED_SLEEP_NS);
		sched_yield();
		work_sample(w);
		w->rep->work_units++;
	}
}

void work_bursty(struct work_ctx *w)
{
	while (!work_stopped(w)) {
		work_spin(w, BURSTY_SPIN_NS);
		work_sleep(w, BURSTY_SLEEP_NS);
		w->rep->work_units++;
	}
}

struct sequence {
	int fd;
	uint64_t block;
};

static bool sequence_spin(struct work_ctx *w, struct sequence *s)
{
	work_spin(w, SEQUENCE_PHASE_NS);
	return true;
}

static bool sequence_sleep(struct work_ctx *w, struct sequence *s)
{
	work_sleep(w, SEQUENCE_PHASE_NS);
	return true;
}

static bool sequence_yield(struct work_ctx *w, struct sequence *s)
{
	uint64_t end = ktstr_now_ns() + SEQUENCE_PHASE_NS;

	do {
		sched_yield();
		work_sample(w);
	} while (w->last_ns < end && !work_stopped(w));
	return true;
}

static bool sequence_io(struct work_ctx *w, struct sequence *s)
{
	uint64_t end = ktstr_now_ns() + SEQUENCE_PHASE_NS;

	do {
		if (!work_io_write_sync(w, s->fd, s->block++))
			return false;
	} while (w->last_ns < end && !work_stopped(w));
	return true;
}

/* Each completed phase is a unit of work. */
void work_sequence(struct work_ctx *w)
{
	static bool (*const phases[])(struct work_ctx *, struct sequence *) = {
		sequence_spin, sequence_sleep, sequence_yield, sequence_io,
	};
	struct sequence s = { .fd = work_io_open() };
	unsigned int i;

	for (i = 0; !work_stopped(w); i = (i + 1) % ARRAY_SIZE(phases))
		if (phases[i](w, &s))
			w->rep->work_units++;
	if (s.fd >= 0)
		close(s.fd);
}

/* Each nice level that could be set, then held while spinning, is a unit. */
void work_nice_sweep(struct work_ctx *w)
{
	int nice;

	for (nice = 0; !work_stopped(w); nice = (nice + 1) % NICE_LEVELS) {
		bool set = !setpriority(PRIO_PROCESS, 0, nice);

		work_spin(w, WORK_CHURN_NS);
		if (set)
			w->rep->work_units++;
	}
}
