// SPDX-License-Identifier: GPL-2.0
/*
 * Stitching: of everything the probes captured, keep the chain of the
 * task that took the scheduler down.
 */
#include <errno.h>
#include <stdlib.h>

#include "guest/probe/probe_data.h"

struct pid_seen {
	unsigned int pid;
	unsigned long long last_ts;
};

const char *ktstr_stitch_mode_name(enum ktstr_stitch_mode mode)
{
	switch (mode) {
	case KTSTR_STITCH_TRIGGER:
		return "trigger_task";
	case KTSTR_STITCH_TRIGGER_CPU:
		return "trigger_cpu";
	case KTSTR_STITCH_MOST_FREQUENT:
		return "most_frequent";
	default:
		return "none";
	}
}

static bool has_pid(const unsigned int *pids, unsigned int npids,
		    unsigned int pid)
{
	unsigned int i;

	for (i = 0; i < npids; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

static bool event_matches(const struct ktstr_probe_event *ev,
			  const unsigned int *pids, unsigned int npids)
{
	if (has_pid(pids, npids, ev->pid))
		return true;
	return (ev->task.flags & KTSTR_TASK_VALID) &&
	       has_pid(pids, npids, ev->task.pid);
}

static int cmp_seen(const void *a, const void *b)
{
	const struct pid_seen *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return 0;
}

/*
 * The task that occurs most often: as a task argument when any event has
 * one (that is whom the scheduler was deciding about), else as current.
 * The idle task (pid 0) is everywhere and explains nothing. Ties go to
 * the task seen last, the one closest to the failure. Returns -ENOENT if
 * there is no candidate.
 */
static int most_frequent(const struct ktstr_probe_event *evs, size_t n,
			 unsigned int *pid)
{
	struct pid_seen *seen;
	bool by_task = false;
	size_t i, m = 0, run, best_run = 0;
	unsigned long long best_ts = 0, last_ts;
	int err = -ENOENT;

	for (i = 0; i < n && !by_task; i++)
		by_task = (evs[i].task.flags & KTSTR_TASK_VALID) &&
			  evs[i].task.pid;
	seen = calloc(n ? n : 1, sizeof(*seen));
	if (!seen)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		unsigned int p = evs[i].pid;

		if (by_task) {
			if (!(evs[i].task.flags & KTSTR_TASK_VALID))
				continue;
			p = evs[i].task.pid;
		}
		if (!p)
			continue;
		seen[m].pid = p;
		seen[m++].last_ts = evs[i].ts_ns;
	}
	qsort(seen, m, sizeof(*seen), cmp_seen);
	for (i = 0; i < m; i += run) {
		last_ts = 0;
		for (run = 0; i + run < m && seen[i + run].pid == seen[i].pid;
		     run++)
			if (seen[i + run].last_ts > last_ts)
				last_ts = seen[i + run].last_ts;
		if (run > best_run || (run == best_run && last_ts > best_ts)) {
			best_run = run;
			best_ts = last_ts;
			*pid = seen[i].pid;
			err = 0;
		}
	}
	free(seen);
	return err;
}

static int cmp_time(const void *a, const void *b, void *arg)
{
	const struct ktstr_probe_event *evs = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	unsigned long long tx = evs[x].ts_ns, ty = evs[y].ts_ns;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	/* Same nanosecond: keep capture order. */
	return x < y ? -1 : x > y;
}

/* The events of @pids, or with no @pids those on @cpu. */
static size_t select_events(const struct ktstr_probe_event *evs, size_t n,
			    const unsigned int *pids, unsigned int npids,
			    int cpu, size_t *idx)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (npids ? event_matches(&evs[i], pids, npids) :
			    (int)evs[i].cpu == cpu)
			idx[k++] = i;
	return k;
}

int ktstr_probe_stitch(const struct ktstr_probe_event *evs, size_t n,
		       const unsigned int *pids, unsigned int npids, int cpu,
		       struct ktstr_stitch *st)
{
	unsigned int i, pid = 0;
	int err;

	st->mode = KTSTR_STITCH_NONE;
	st->npids = 0;
	st->n = 0;
	st->idx = calloc(n ? n : 1, sizeof(*st->idx));
	if (!st->idx)
		return -ENOMEM;
	if (!n)
		return 0;

	/* Every CPU's idle task is pid 0: it names no task. */
	for (i = 0; i < npids && st->npids < 2; i++)
		if (pids[i])
			st->pids[st->npids++] = pids[i];
	if (st->npids) {
		st->n = select_events(evs, n, st->pids, st->npids, -1, st->idx);
		if (st->n)
			st->mode = KTSTR_STITCH_TRIGGER;
	}
	if (!st->n && cpu >= 0) {
		st->npids = 0;
		st->n = select_events(evs, n, NULL, 0, cpu, st->idx);
		if (st->n)
			st->mode = KTSTR_STITCH_TRIGGER_CPU;
	}
	if (!st->n) {
		err = most_frequent(evs, n, &pid);
		if (err == -ENOMEM)
			return err;
		if (!err) {
			st->pids[0] = pid;
			st->npids = 1;
			st->n = select_events(evs, n, st->pids, 1, -1,
					      st->idx);
			st->mode = KTSTR_STITCH_MOST_FREQUENT;
		}
	}
	/* Ring buffer order is reservation order, not quite time order. */
	qsort_r(st->idx, st->n, sizeof(*st->idx), cmp_time, (void *)evs);
	return 0;
}

void ktstr_stitch_free(struct ktstr_stitch *st)
{
	free(st->idx);
	st->idx = NULL;
	st->n = 0;
}
