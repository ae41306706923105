/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro report, the VM part: what the repro VM left (struct
 * repro_outcome) and whether it reproduced the crash when no probe data
 * came back. repro_tails.h shows the rest of what it left. Pure rendering
 * to a FILE, no "# " prefix.
 */
#ifndef KTSTR_HOST_REPRO_VERDICT_H
#define KTSTR_HOST_REPRO_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/text.h"

/* When the primary VM failed before its workload ran. */
#define REPRO_WARN_NO_WORKLOAD \
	"WARNING: the primary VM never reached the workload, so this repro says nothing about whether the crash reproduces"


enum repro_vm_end {
	REPRO_VM_NO_INIT = 0,		/* never reached /init */
	REPRO_VM_TIMEOUT,		/* killed at its deadline */
	REPRO_VM_CRASHED,		/* ended without a result */
	REPRO_VM_REPORTED,		/* the guest sent its result */
};

/* What the repro VM left, read by the caller from its run. */
struct repro_outcome {
	enum repro_vm_end end;
	double duration_s;
	double timeout_s;
	const char *vm_exit;		/* "exited 0", "killed by signal 9" */
	const char *last_stage;		/* the guest's last KTSTR-STAGE */
	bool primary_reached_workload;
	/* the result's "scheduler" object; strings may be NULL */
	const char *sched_outcome;	/* none|clean|load_failed|... */
	const char *exit_reason;
	const char *exit_msg;
	const char *result_reason;	/* the result's "reason" */
	bool has_exit_kind;
	int exit_kind;
	bool has_exit_code;
	int exit_code;			/* the scheduler process's */
	struct ktstr_text sched_log;
	struct ktstr_text dump;		/* "" : taken from the log */
	struct ktstr_text console;
};

/*
 * The status line(s) for a repro without probe data: whether the crash
 * reproduced, under a warning when the primary VM never reached its
 * workload (then the repro cannot say whether the crash reproduces).
 */
void repro_render_verdict(FILE *out, const struct repro_outcome *o);

#endif /* KTSTR_HOST_REPRO_VERDICT_H */
