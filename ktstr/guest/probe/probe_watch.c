// SPDX-License-Identifier: GPL-2.0
/*
 * Callback probes as early as possible. A scheduler that crashes a few
 * hundred milliseconds after it attached (scx_ktstr -e 300 under TCG) is
 * gone before the runner sees it attached and calls
 * ktstr_probe_attach_scheduler(). But its programs are all loaded once
 * sched_ext starts enabling it, and fentry can attach to them then, while
 * ops.init() and ops.init_task() run: a thread watches for that.
 *
 * The same thread then watches for the exit trigger and sends the payload
 * right when it fired: a VM that hangs or dies after the crash has
 * already told the host what the probes saw.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/log.h"
#include "guest/lib/sysfs.h"
#include "guest/probe/probe_int.h"

#define WATCH_POLL_MS	5
/* Once attached: the trigger is looked at less often. */
#define TRIGGER_POLL_MS	20

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

static bool trigger_fired(const struct ktstr_probe *p)
{
	struct ktstr_probe_bss bss;

	ktstr_skel_read_bss(p->skel, &bss);
	return bss.trigger_ts;
}

static void *watch(void *arg)
{
	struct ktstr_probe *p = arg;

	while (!__atomic_load_n(&p->watch_stop, __ATOMIC_ACQUIRE)) {
		bool done = __atomic_load_n(&p->callbacks_done,
					    __ATOMIC_ACQUIRE);

		if (!done && sched_ext_starting()) {
			attach_callbacks(p);
			continue;
		}
		/* A crash during the enable is an exit too. */
		if (trigger_fired(p)) {
			ktstr_probe_send_at_exit(p);
			break;
		}
		ktstr_sleep_ms(done ? TRIGGER_POLL_MS : WATCH_POLL_MS);
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
	/*
	 * Attached by now: the watcher sees it within a poll, or did. It
	 * goes on watching for the trigger; without it, do it here.
	 */
	if (!p->watching || !sched_ext_starting()) {
		ktstr_watch_stop(p);
		if (!__atomic_load_n(&p->callbacks_done, __ATOMIC_ACQUIRE))
			attach_callbacks(p);
		return p->callbacks_err;
	}
	while (!__atomic_load_n(&p->callbacks_done, __ATOMIC_ACQUIRE))
		ktstr_sleep_ms(WATCH_POLL_MS);
	return p->callbacks_err;
}
