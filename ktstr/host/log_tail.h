/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Following a VM's log file as it grows: with -v, a repro VM's console and
 * channel lines are shown as they come, not only in its report.
 */
#ifndef KTSTR_HOST_LOG_TAIL_H
#define KTSTR_HOST_LOG_TAIL_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct ktstr_log_tail {
	off_t off;		/* how far the file was shown */
};

/*
 * Write to @out the complete lines @path gained since @t, each as
 * "ktstr: <tag>: <line>"; a line still being written waits for the next
 * call. @channel: only the channel's "# " and stage lines (its probe
 * payload records are for the report).
 */
void ktstr_log_tail(struct ktstr_log_tail *t, const char *path,
		    const char *tag, bool channel, FILE *out);

#endif /* KTSTR_HOST_LOG_TAIL_H */
