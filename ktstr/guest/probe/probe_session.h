/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The repro VM's side of auto-repro: the guest init's --repro-* options
 * turned into probe.h calls at the right points of a test run. Without
 * those options every call is a no-op.
 */
#ifndef KTSTR_REPRO_H
#define KTSTR_REPRO_H

#include <stdbool.h>

struct ktstr_repro_opts {
	const char *funcs;	/* --repro-funcs f1,f2,...; NULL if not given */
	bool discover;		/* --repro-discover */
	bool stall;		/* --repro-stall: a stall has no causal task */
};

/* Before the scheduler starts: phase A probes and the trigger. */
void ktstr_repro_start(const struct ktstr_repro_opts *opts);
/* Once the scheduler is attached: its callbacks and their callers. */
void ktstr_repro_attach(void);
/* After the result record: the probe payload on the test channel. */
void ktstr_repro_finish(void);

#endif /* KTSTR_REPRO_H */
