/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro probes in the repro VM's guest (docs/auto-repro.md): attach
 * BPF probes around a scheduler that is expected to crash again, and when
 * it does, send the crashing task's chain of calls to the host as the
 * probe payload (docs/probe-payload.md).
 *
 *	ktstr_probe_start(funcs, nr, discover, chan_fd, &p);	before it
 *	ktstr_probe_attach_scheduler(p);		once it is attached
 *	... workload, until the scheduler dies: a payload goes to @chan_fd
 *	    as soon as the exit trigger fired ...
 *	ktstr_probe_finish(p);			the final payload
 *	ktstr_probe_free(p);
 *
 * Every call returns 0 or a negative errno and logs one line to stderr
 * on failure; a probe that fails to attach is recorded in the payload's
 * diagnostics, not treated as an error.
 */
#ifndef KTSTR_PROBE_H
#define KTSTR_PROBE_H

#include <stdbool.h>
#include <stdio.h>

/* Function names ktstr_probe_start() takes at most. */
#define KTSTR_PROBE_MAX_FUNCS	64

struct ktstr_probe;

/*
 * Kernel probes, before the scheduler starts: kprobes on @funcs (kernel
 * functions only; BPF callback names are matched with the callback
 * probes), kernel fexit, the exit trigger. @discover with no @funcs.
 */
int ktstr_probe_start(const char *const *funcs, unsigned int nr,
		      bool discover, int chan_fd, struct ktstr_probe **out);
/*
 * Callback probes, once the scheduler is attached: fentry/fexit on its
 * struct_ops programs (all when discovering, else the named ones) and
 * bridge kprobes on their kernel callers. A thread started by ktstr_probe_start() does
 * this as soon as sched_ext starts enabling the scheduler; this waits
 * for it (or does it, if that thread did not).
 */
int ktstr_probe_attach_scheduler(struct ktstr_probe *p);
/*
 * Wait (bounded) for the trigger or for sched_ext to be disabled, drain
 * the events, stitch them and write the final payload to the channel
 * between its markers.
 */
int ktstr_probe_finish(struct ktstr_probe *p);
void ktstr_probe_free(struct ktstr_probe *p);

#endif /* KTSTR_PROBE_H */
