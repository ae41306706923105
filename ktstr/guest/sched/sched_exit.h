/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a sched_ext scheduler exited, read from the text it and the kernel
 * leave behind (pure functions: no I/O, unit-tested).
 *
 * Sources, most exact first:
 *  - the scheduler's log: its DEBUG DUMP starts with
 *	"<comm>[<pid>] triggered exit kind <kind>:"
 *	"  <reason> (<msg>)"
 *    and UEI_REPORT() ends it with "EXIT: <reason> (<msg>)";
 *  - the kernel log: 'sched_ext: BPF scheduler "<ops>" disabled (<reason>)'
 *    and, for errors, "sched_ext: <ops>: <msg>" right after it.
 * The reason strings are scx_exit_reason()'s in kernel/sched/ext.c (6.12).
 */
#ifndef KTSTR_SCHED_EXIT_H
#define KTSTR_SCHED_EXIT_H

#include <stdbool.h>

#include "guest/lib/strbuf.h"

/* enum scx_exit_kind, 6.12 */
#define SCX_EXIT_NONE		0
#define SCX_EXIT_DONE		1
#define SCX_EXIT_UNREG		64
#define SCX_EXIT_UNREG_BPF	65
#define SCX_EXIT_UNREG_KERN	66
#define SCX_EXIT_SYSRQ		67
#define SCX_EXIT_ERROR		1024
#define SCX_EXIT_ERROR_BPF	1025
#define SCX_EXIT_ERROR_STALL	1026

#define KTSTR_EXIT_REASON_LEN	64
#define KTSTR_EXIT_MSG_LEN	1024	/* SCX_EXIT_MSG_LEN */

struct ktstr_sched_exit {
	bool has_kind;
	int kind;
	char reason[KTSTR_EXIT_REASON_LEN];	/* "" if unknown */
	char msg[KTSTR_EXIT_MSG_LEN];		/* "" if none */
	char task[64];		/* "comm[pid]" that triggered it, if known */
};

/* "ERROR_BPF" for 1025; NULL for a kind 6.12 does not define. */
const char *ktstr_exit_kind_name(int kind);
/* scx_exit_reason(): "scx_bpf_error" for 1025; NULL if not defined. */
const char *ktstr_exit_kind_reason(int kind);
/* The kind whose scx_exit_reason() is @reason, or -1. */
int ktstr_exit_kind_by_reason(const char *reason);

/*
 * Fill in from a scheduler log. Returns 0 if it held any exit information,
 * -ENOENT if not. Fields already set in @ex are kept.
 */
int ktstr_sched_exit_from_log(const char *log, struct ktstr_sched_exit *ex);
/* Same, from kernel log text (one message per line) for ops name @ops. */
int ktstr_sched_exit_from_kmsg(const char *kmsg, const char *ops,
			       struct ktstr_sched_exit *ex);

/*
 * The sched_ext_dump event payloads of a tracefs "trace" file, one per
 * line, with the "comm-pid [cpu] flags ts: sched_ext_dump: " prefix
 * stripped. Returns the number of lines found.
 */
int ktstr_sched_dump_from_trace(const char *trace, struct ktstr_buf *out);
/*
 * The DEBUG DUMP block of a scheduler log, between its ===== rulers.
 * Returns 0, 1 if the closing ruler is missing (the scheduler was cut
 * off: everything up to the end is kept), or -ENOENT if there is none.
 */
int ktstr_sched_dump_from_log(const char *log, struct ktstr_buf *out);

#endif /* KTSTR_SCHED_EXIT_H */
