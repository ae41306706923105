// SPDX-License-Identifier: GPL-2.0
/*
 * The collector: a thread that keeps the BPF ring buffer drained while
 * the test runs, so that a long run does not fill it and drop the events
 * right before the crash, which are the ones that matter. It keeps each
 * target's last @budget events in a ring of its own (probe_int.h).
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "common/log.h"
#include "guest/probe/probe_int.h"

#define POLL_MS		100

static void set_error(struct ktstr_collector *c, const char *what, int err)
{
	if (!c->error[0])
		snprintf(c->error, sizeof(c->error), "%s: %s", what,
			 strerror(err < 0 ? -err : err));
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct ktstr_probe_event *ev = data;
	struct ktstr_collector *c = ctx;
	struct ktstr_coll_target *t;

	if (size < sizeof(*ev) || ev->target >= KTSTR_PROBE_MAX_TARGETS)
		return 0;
	pthread_mutex_lock(&c->lock);
	c->seen++;
	t = &c->targets[ev->target];
	if (!t->ring)
		t->ring = calloc(c->budget, sizeof(*t->ring));
	if (t->ring) {
		t->ring[t->seen % c->budget] = *ev;
		t->seen++;
	} else {
		c->no_room++;
	}
	pthread_mutex_unlock(&c->lock);
	return 0;
}

static void *collect(void *arg)
{
	struct ktstr_collector *c = arg;
	int err;

	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		err = ring_buffer__poll(c->rb, POLL_MS);
		if (err < 0 && err != -EINTR) {
			set_error(c, "ring_buffer__poll", err);
			pr_err("collector: %s", c->error);
			break;
		}
	}
	return NULL;
}

int ktstr_collector_start(struct ktstr_collector *c, int events_fd,
			  size_t budget)
{
	int err;

	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->budget = budget ? budget : 1;
	c->rb = ring_buffer__new(events_fd, on_event, c, NULL);
	if (!c->rb) {
		err = -errno;
		set_error(c, "ring_buffer__new", err);
		pr_err("collector: %s", c->error);
		return err;
	}
	err = pthread_create(&c->thread, NULL, collect, c);
	if (err) {
		/* ktstr_collector_finish() still drains, once, at the end. */
		set_error(c, "pthread_create", err);
		pr_err("collector: %s", c->error);
		return -err;
	}
	c->running = true;
	return 0;
}

void ktstr_collector_finish(struct ktstr_collector *c)
{
	int err;

	if (c->collected)
		return;
	c->collected = true;
	if (c->running) {
		__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
		pthread_join(c->thread, NULL);
		c->running = false;
	}
	if (!c->rb)
		return;
	err = ring_buffer__consume(c->rb);
	if (err < 0)
		set_error(c, "ring_buffer__consume", err);
}

static int by_time(const void *a, const void *b)
{
	const struct ktstr_probe_event *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return 0;
}

int ktstr_collector_events(struct ktstr_collector *c,
			   struct ktstr_probe_event **out, size_t *n)
{
	struct ktstr_probe_event *evs;
	size_t kept = 0, i, j;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < KTSTR_PROBE_MAX_TARGETS; i++)
		if (c->targets[i].ring)
			kept += c->targets[i].seen < c->budget ?
				c->targets[i].seen : c->budget;
	evs = calloc(kept ? kept : 1, sizeof(*evs));
	if (!evs) {
		pthread_mutex_unlock(&c->lock);
		return -ENOMEM;
	}
	*n = 0;
	for (i = 0; i < KTSTR_PROBE_MAX_TARGETS; i++) {
		const struct ktstr_coll_target *t = &c->targets[i];
		size_t k, first;

		if (!t->ring)
			continue;
		k = t->seen < c->budget ? t->seen : c->budget;
		first = t->seen - k;
		for (j = 0; j < k; j++)
			evs[(*n)++] = t->ring[(first + j) % c->budget];
	}
	pthread_mutex_unlock(&c->lock);
	/* Stamped by one clock (bpf_ktime_get_ns) on every CPU. */
	qsort(evs, *n, sizeof(*evs), by_time);
	*out = evs;
	return 0;
}

void ktstr_collector_free(struct ktstr_collector *c)
{
	size_t i;

	ktstr_collector_finish(c);
	ring_buffer__free(c->rb);
	c->rb = NULL;
	for (i = 0; i < KTSTR_PROBE_MAX_TARGETS; i++) {
		free(c->targets[i].ring);
		c->targets[i].ring = NULL;
	}
}
