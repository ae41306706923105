/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro report, the VM part: whether the repro VM reproduced the
 * crash when no probe data came back, how long it ran, and the tails of
 * what it left: scheduler log (periodic output collapsed), sched_ext dump
 * and kernel console. Pure rendering to a FILE, no "# " prefix.
 */
#ifndef KTSTR_HOST_REPRO_VERDICT_H
#define KTSTR_HOST_REPRO_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/text.h"

#define REPRO_TAIL_LINES	40
#define REPRO_DUMP_LINES	200
/* When the primary VM failed before its workload ran. */
#define REPRO_WARN_NO_WORKLOAD \
	"WARNING: the primary VM never reached the workload, so this repro says nothing about whether the crash reproduces"

/* Longest cycle of periodic scheduler output recognised as one. */
#define REPRO_MAX_PERIOD	8

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

/* Duration, then the scheduler log, dump and console tails. */
void repro_render_tails(FILE *out, const struct repro_outcome *o);

/*
 * Print the last @max lines of @t, a run of lines that repeats with a
 * period of up to REPRO_MAX_PERIOD lines and differs only in its numbers
 * (qmap's "stats :"/"cpuperf:" blocks) shown once, the latest, after
 * "[... N similar lines ...]". Each line goes out as @indent + line.
 */
void repro_print_collapsed(FILE *out, const char *indent,
			   struct ktstr_text t, size_t max);

enum repro_console_class {
	REPRO_CONSOLE_EMPTY = 0,	/* nothing, or only blanks */
	REPRO_CONSOLE_GARBAGE,		/* mostly NUL/0xFF/control bytes */
	REPRO_CONSOLE_TEXT,
};

/* Classify a console capture; @bad gets the count of unprintable bytes. */
enum repro_console_class repro_console_classify(struct ktstr_text t,
						size_t *bad);

/*
 * The console's last @max lines minus the sched_ext dump (its
 * sched_ext_dump trace lines and any DEBUG DUMP block), or one line saying
 * in words why there is nothing to show.
 */
void repro_print_console(FILE *out, const char *indent, struct ktstr_text t,
			 size_t max);

#endif /* KTSTR_HOST_REPRO_VERDICT_H */
