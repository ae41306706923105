/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the repro VM's guest is asked to probe for a crash (pure): no
 * probes for a stall (no task caused it), the crash stack's functions
 * when it has some, else the scheduler's callbacks, discovered in the VM.
 */
#ifndef KTSTR_HOST_REPRO_ARGS_H
#define KTSTR_HOST_REPRO_ARGS_H

#include <stddef.h>

#include "common/guest_args.h"
#include "host/repro/repro_extract.h"

/* Room for every function of a stack, comma separated. */
#define REPRO_FUNCS_LEN		(REPRO_MAX_FUNCS * REPRO_FUNC_LEN)

/*
 * Fill @out for @st and @exit_kind; a function list is written to @funcs
 * (REPRO_FUNCS_LEN bytes), which @out then points to.
 */
void repro_args_for(const struct repro_stack *st, int exit_kind,
		    char *funcs, struct ktstr_guest_repro *out);

#endif /* KTSTR_HOST_REPRO_ARGS_H */
