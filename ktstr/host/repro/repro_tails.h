/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro report, the tails of what the repro VM left: scheduler log
 * (periodic output collapsed), sched_ext dump and kernel console, each
 * with the dump's lines where they belong. Pure rendering to a FILE, no
 * "# " prefix.
 */
#ifndef KTSTR_HOST_REPRO_TAILS_H
#define KTSTR_HOST_REPRO_TAILS_H

#include <stddef.h>
#include <stdio.h>

#include "common/text.h"
#include "host/repro/repro_verdict.h"

#define REPRO_TAIL_LINES	40
#define REPRO_DUMP_LINES	200
/* Longest cycle of periodic scheduler output recognised as one. */
#define REPRO_MAX_PERIOD	8

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

#endif /* KTSTR_HOST_REPRO_TAILS_H */
