// SPDX-License-Identifier: GPL-2.0
/*
 * What every worker measures, whatever its work: scheduling gaps, CPUs
 * and migrations, wake latency, CPU and wall time, run delay. The report
 * lives in shared memory and is refreshed as the worker goes, so a worker
 * that gets killed still leaves recent numbers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest/work/work_internal.h"

/* Longer than a sample takes, even under TCG; shorter than any tick. */
#define WORK_GAP_NS		(1 * NSEC_PER_MSEC)
#define WORK_PUBLISH_NS		(50 * NSEC_PER_MSEC)
/* A few microseconds natively: sampling stays cheap and fine-grained. */
#define WORK_SPIN_ITERS		2048

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static uint64_t work_cpu_time(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return ts_ns(&ts);
}

/* Second field of /proc/self/schedstat: time spent runnable, waiting. */
static uint64_t work_run_delay(struct work_ctx *w)
{
	unsigned long long run, delay;
	char buf[96];
	ssize_t n;

	if (w->schedstat_fd < 0)
		return 0;
	n = pread(w->schedstat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%llu %llu", &run, &delay) != 2)
		return 0;
	return delay;
}

static void work_publish(struct work_ctx *w, uint64_t now)
{
	struct ktstr_worker_report *rep = w->rep;
	uint64_t cpu = work_cpu_time() - w->cpu0_ns;
	uint64_t delay = work_run_delay(w);

	rep->wall_ns = now - w->start_ns;
	rep->cpu_ns = cpu;
	rep->offcpu_ns = rep->wall_ns > cpu ? rep->wall_ns - cpu : 0;
	rep->run_delay_ns = delay > w->delay0_ns ? delay - w->delay0_ns : 0;
	w->publish_ns = now;
}

/* Running again at @now on @cpu, after work or after a wait. */
static void work_resume(struct work_ctx *w, uint64_t now, int cpu)
{
	if (cpu >= 0) {
		if (cpu < 64)
			w->rep->cpus_used |= 1ULL << cpu;
		if (w->last_cpu >= 0 && cpu != w->last_cpu)
			w->rep->migrations++;
		w->last_cpu = cpu;
	}
	w->last_ns = now;
	if (now - w->publish_ns >= WORK_PUBLISH_NS)
		work_publish(w, now);
}

void work_sample(struct work_ctx *w)
{
	struct ktstr_worker_report *rep = w->rep;
	uint64_t now = ktstr_now_ns();
	uint64_t gap = now - w->last_ns;
	int cpu = sched_getcpu();

	if (gap > WORK_GAP_NS && gap > rep->max_gap_ns) {
		rep->max_gap_ns = gap;
		rep->max_gap_at_ns = now;
		rep->max_gap_cpu = cpu;
	}
	work_resume(w, now, cpu);
}

void work_block_begin(struct work_ctx *w)
{
	work_sample(w);
	w->block_ns = w->last_ns;
}

void work_block_end(struct work_ctx *w)
{
	work_resume(w, ktstr_now_ns(), sched_getcpu());
}

/*
 * Only the first post since the owner last woke keeps its time: that is
 * the one that woke it, however many came after.
 */
void work_wake_stamp(struct work_wake *ww)
{
	uint64_t none = 0;

	__atomic_compare_exchange_n(&ww->stamp_ns, &none, ktstr_now_ns(), false,
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

void work_wake_end(struct work_ctx *w, struct work_wake *ww)
{
	struct ktstr_worker_report *rep = w->rep;
	uint64_t stamp = __atomic_exchange_n(&ww->stamp_ns, 0,
					     __ATOMIC_SEQ_CST);
	uint64_t lat;

	work_block_end(w);
	/* A post from before the wait began found us awake: no wakeup. */
	if (!stamp || stamp < w->block_ns)
		return;
	lat = w->last_ns - stamp;
	rep->wake_count++;
	rep->wake_lat_sum_ns += lat;
	if (lat > rep->wake_lat_max_ns)
		rep->wake_lat_max_ns = lat;
}

void work_spin_unit(void)
{
	static uint64_t sink;
	uint64_t x = sink;
	int i;

	for (i = 0; i < WORK_SPIN_ITERS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		/* Keep the compiler from folding or vectorizing the chain. */
		asm volatile("" : "+r" (x));
	}
	sink = x;
}

void work_spin(struct work_ctx *w, uint64_t ns)
{
	uint64_t end = ktstr_now_ns() + ns;

	while (!work_stopped(w)) {
		work_spin_unit();
		work_sample(w);
		if (w->last_ns >= end)
			break;
	}
}

void work_sleep(struct work_ctx *w, uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = ns / NSEC_PER_SEC,
		.tv_nsec = ns % NSEC_PER_SEC,
	};

	work_block_begin(w);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	work_block_end(w);
}

/* For a worker that cannot do its work: wait for the stop, count nothing. */
void work_idle(struct work_ctx *w)
{
	while (!work_stopped(w))
		work_sleep(w, WORK_WAIT_SLICE_MS * NSEC_PER_MSEC);
}

void work_measure_begin(struct work_ctx *w)
{
	struct ktstr_worker_report *rep = &w->shared->slot[w->idx].report;
	int cpu;

	memset(rep, 0, sizeof(*rep));
	w->rep = rep;
	rep->pid = getpid();
	rep->max_gap_cpu = -1;

	if (sched_getaffinity(0, sizeof(w->allowed), &w->allowed))
		CPU_ZERO(&w->allowed);
	for (cpu = 0; cpu < 64; cpu++)
		if (CPU_ISSET(cpu, &w->allowed))
			rep->allowed_cpus |= 1ULL << cpu;

	w->schedstat_fd = open("/proc/self/schedstat", O_RDONLY | O_CLOEXEC);
	w->delay0_ns = work_run_delay(w);
	w->cpu0_ns = work_cpu_time();
	w->start_ns = w->publish_ns = ktstr_now_ns();
	w->last_cpu = -1;
	work_resume(w, w->start_ns, sched_getcpu());
}

void work_measure_end(struct work_ctx *w)
{
	work_publish(w, ktstr_now_ns());
	if (w->schedstat_fd >= 0)
		close(w->schedstat_fd);
	__atomic_store_n(&w->rep->done, true, __ATOMIC_RELEASE);
}
