// SPDX-License-Identifier: GPL-2.0
/*
 * The collector: a thread that keeps the BPF ring buffer drained while
 * the test runs, so that a long run does not fill it and drop the events
 * right before the crash, which are the ones that matter. It keeps the
 * last @cap events in a ring of its own.
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
	struct ktstr_collector *c = ctx;

	if (size < sizeof(struct ktstr_probe_event))
		return 0;
	memcpy(&c->evs[c->seen % c->cap], data, sizeof(*c->evs));
	c->seen++;
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
			  size_t cap)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->cap = cap;
	c->evs = calloc(cap, sizeof(*c->evs));
	if (!c->evs) {
		set_error(c, "event store", ENOMEM);
		return -ENOMEM;
	}
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

int ktstr_collector_events(const struct ktstr_collector *c,
			   struct ktstr_probe_event **out, size_t *n)
{
	size_t kept = c->seen < c->cap ? c->seen : c->cap;
	size_t first = c->seen - kept, i;
	struct ktstr_probe_event *evs;

	evs = calloc(kept ? kept : 1, sizeof(*evs));
	if (!evs)
		return -ENOMEM;
	for (i = 0; i < kept; i++)
		evs[i] = c->evs[(first + i) % c->cap];
	*out = evs;
	*n = kept;
	return 0;
}

void ktstr_collector_free(struct ktstr_collector *c)
{
	ktstr_collector_finish(c);
	ring_buffer__free(c->rb);
	free(c->evs);
	c->rb = NULL;
	c->evs = NULL;
}
