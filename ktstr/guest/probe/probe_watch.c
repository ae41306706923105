// SPDX-License-Identifier: GPL-2.0
/*
 * Callback probes as early as possible. A scheduler that crashes a few
 * hundred milliseconds after it attached (scx_ktstr -e 300 under TCG) is
 * gone before the runner sees it attached and calls
 * ktstr_probe_attach_scheduler(). But its programs are all loaded once
 * sched_ext starts enabling it, and fentry can attach to them then, while
 * ops.init() and ops.init_task() run: a thread watches for that.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "guest/lib/sysfs.h"
#include "guest/probe/probe_int.h"

#define WATCH_POLL_MS	5

static bool sched_ext_starting(void)
{
	char state[32];

	if (ktstr_read_text("/sys/kernel/sched_ext/state", state,
			    sizeof(state)) < 0)
		return false;
	return !strcmp(state, "enabling") || !strcmp(state, "enabled");
}

static void attach_callbacks(struct ktstr_probe *p)
{
	p->callbacks_err = ktstr_probe_attach_callbacks(p);
	__atomic_store_n(&p->callbacks_done, true, __ATOMIC_RELEASE);
}

static void *watch(void *arg)
{
	struct timespec poll = { 0, WATCH_POLL_MS * 1000000L };
	struct ktstr_probe *p = arg;

	while (!__atomic_load_n(&p->watch_stop, __ATOMIC_ACQUIRE)) {
		if (sched_ext_starting()) {
			attach_callbacks(p);
			break;
		}
		nanosleep(&poll, NULL);
	}
	return NULL;
}

void ktstr_watch_start(struct ktstr_probe *p)
{
	int err;

	err = pthread_create(&p->watcher, NULL, watch, p);
	if (err) {
		/* ktstr_probe_attach_scheduler() does it itself then. */
		pr_err("watcher thread: %s",
			strerror(err));
		return;
	}
	p->watching = true;
}

void ktstr_watch_stop(struct ktstr_probe *p)
{
	if (!p->watching)
		return;
	__atomic_store_n(&p->watch_stop, true, __ATOMIC_RELEASE);
	pthread_join(p->watcher, NULL);
	p->watching = false;
}

int ktstr_probe_attach_scheduler(struct ktstr_probe *p)
{
	/* Attached by now: the watcher sees it within a poll, or did. */
	if (p->watching && sched_ext_starting()) {
		pthread_join(p->watcher, NULL);
		p->watching = false;
	} else {
		ktstr_watch_stop(p);
	}
	if (!__atomic_load_n(&p->callbacks_done, __ATOMIC_ACQUIRE))
		attach_callbacks(p);
	return p->callbacks_err;
}
