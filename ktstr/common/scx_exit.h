/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything sched_ext prints about a scheduler's exit, read in one place
 * for the guest (exit detection) and the host (stack extraction, verdicts,
 * tails). Pure: text in, facts out. When a kernel changes its wording, this
 * file changes and nothing else does.
 *
 * What the kernels print (kernel/sched/ext.c in 6.12; kernel/sched/ext/ext.c
 * in 7.3):
 *
 *  - the dump (scx_dump_state()), a copy in the scheduler's own log between
 *    UEI_REPORT()'s rulers, and one sched_ext_dump trace event per line:
 *	DEBUG DUMP
 *	================================================================
 *	[qmap: root]					7.3
 *	<comm>[<pid>] triggered exit kind <N>[ on CPU <M>]:	"on CPU": 7.3
 *	  <reason> (<msg>)
 *	Backtrace:
 *	  <frames>
 *	...
 *	================================================================
 *	EXIT: <reason>[ (<msg>)][ on CPU <M>]		"on CPU": 7.3
 *  - the kernel log (scx_log_sched_disable() in 7.3):
 *	sched_ext: BPF scheduler "<ops>" disabled (<reason>)
 *	sched_ext: BPF sub-scheduler "<ops>" disabled (<reason>)	7.3
 *	sched_ext: <ops>: <msg>				errors only
 *	  <frames>					errors only
 *  - sched_ext_dump events, as tracefs prints them and as the console does
 *    with "trace_event=sched_ext:sched_ext_dump tp_printk":
 *	<task>-<pid> [<cpu>] <flags> <ts>: sched_ext_dump: <line>
 *	[<ts>] sched_ext_dump: <line>
 */
#ifndef KTSTR_COMMON_SCX_EXIT_H
#define KTSTR_COMMON_SCX_EXIT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/text.h"

/* enum scx_exit_kind: every kind of every kernel ktstr knows. */
#define SCX_EXIT_NONE		0
#define SCX_EXIT_DONE		1
#define SCX_EXIT_UNREG		64
#define SCX_EXIT_UNREG_BPF	65
#define SCX_EXIT_UNREG_KERN	66
#define SCX_EXIT_SYSRQ		67
#define SCX_EXIT_PARENT		68	/* 7.3: sub-schedulers */
#define SCX_EXIT_PARENT_KILL	69	/* 7.3 */
#define SCX_EXIT_ERROR		1024	/* this and above are errors */
#define SCX_EXIT_ERROR_BPF	1025
#define SCX_EXIT_ERROR_STALL	1026
#define SCX_EXIT_ERROR_REENQ	1027	/* 7.3 */
#define SCX_EXIT_ERROR_RESCUE	1028	/* 7.3 */

#define SCX_EXIT_REASON_LEN	64
#define SCX_EXIT_MSG_LEN	1024	/* the kernel's SCX_EXIT_MSG_LEN */
#define SCX_EXIT_TASK_LEN	64

/* "ERROR_BPF" for 1025; NULL for a kind no known kernel defines. */
const char *scx_exit_kind_name(int kind);
/* scx_exit_reason(): "scx_bpf_error" for 1025; NULL if it has none. */
const char *scx_exit_kind_reason(int kind);
/* The kind whose scx_exit_reason() is exactly @reason, or -1. */
int scx_exit_kind_by_reason(struct ktstr_text reason);

static inline bool scx_exit_kind_is_error(int kind)
{
	return kind >= SCX_EXIT_ERROR;
}

/* What the text says about one exit; "" and -1 for what it does not. */
struct scx_exit {
	bool has_kind;
	int kind;
	int cpu;			/* "on CPU M", -1 if not said */
	char reason[SCX_EXIT_REASON_LEN];
	char msg[SCX_EXIT_MSG_LEN];
	char task[SCX_EXIT_TASK_LEN];	/* "comm[pid]" that triggered it */
};

void scx_exit_init(struct scx_exit *ex);

/*
 * The dump's "<comm>[<pid>] triggered exit kind N[ on CPU M]:" line:
 * true with kind, cpu and task set in @ex.
 */
bool scx_exit_parse_trigger(struct ktstr_text line, struct scx_exit *ex);

/*
 * From a scheduler log: the dump's trigger and reason lines and the
 * "EXIT:" line after it (which wins for reason and message). Returns 0 if
 * it held any exit information, -ENOENT if not.
 */
int scx_exit_from_log(struct ktstr_text log, struct scx_exit *ex);

/*
 * From kernel log text (with or without printk timestamps): the last
 * disabled line of @ops (NULL: any scheduler) and the message line after
 * it. Fields already set in @ex are kept. 0, or -ENOENT without one.
 */
int scx_exit_from_kmsg(struct ktstr_text kmsg, const char *ops,
		       struct scx_exit *ex);

/* One 'sched_ext: BPF [sub-]scheduler "NAME" disabled (REASON)' line. */
struct scx_disabled {
	struct ktstr_text name;
	struct ktstr_text reason;	/* empty if the line lost its end */
	bool sub_sched;
};

bool scx_parse_disabled(struct ktstr_text line, struct scx_disabled *d);

/*
 * The text after the last disabled line of @console (its message and,
 * for an error, the backtrace stack_trace_print() put there). False if
 * there is no disabled line; @d (may be NULL) gets the line's parts.
 */
bool scx_console_after_disabled(struct ktstr_text console,
				struct ktstr_text *after,
				struct scx_disabled *d);

/*
 * The dump line a sched_ext_dump event carries, in either form (trace
 * file or tp_printk console). False for any other line.
 */
bool scx_dump_event_line(struct ktstr_text line, struct ktstr_text *body);

/*
 * Every sched_ext_dump event's line in @t, joined with newlines into a
 * new string *@out (free it). Returns the number of lines (0: *@out is
 * NULL), or -ENOMEM.
 */
int scx_dump_from_events(struct ktstr_text t, char **out, size_t *len);

/* The DEBUG DUMP block UEI_REPORT() wrote to a scheduler log. */
struct scx_dump_block {
	struct ktstr_text whole;	/* header through the closing ruler */
	struct ktstr_text body;		/* the dump, rulers and blanks off */
	bool closed;			/* the closing ruler is there */
};

/*
 * The last DEBUG DUMP block of @log. A block that lost its closing ruler
 * (the scheduler was cut off mid-write) runs to the end. Returns 0, or
 * -ENOENT without one.
 */
int scx_dump_block_find(struct ktstr_text log, struct scx_dump_block *b);

/*
 * The lines after the "Backtrace:" of a dump (or of a log holding one):
 * the first after the last DEBUG DUMP header, else the first anywhere
 * (the header may have been cut from the log). False if none.
 */
bool scx_dump_backtrace(struct ktstr_text text, struct ktstr_text *frames);

/*
 * The dump's "CPU states" section (scx_dump_state(), 6.12; scx_dump_cpu(),
 * 7.3), one block per CPU that is not idle or that ops.dump_cpu() spoke
 * of:
 *	CPU <N>   : nr_run=<n> flags=0x<x> cpu_rel=<n> pnt_seq=<n>	6.12
 *	CPU <N>   : nr_run=<n> flags=0x<x> cpu_rel=<n> ksync=<n>	7.3
 *	          rescue=<n> budget=<n>us rescuing=<comm>[<pid>]	7.3
 *	          curr=<comm>[<pid>] class=<sched_class>
 *	  cpus_to_kick   : <mask>		(and the other kick masks)
 *	  <what ops.dump_cpu() printed>
 *	 *R <comm>[<pid>] [*root ]+<n>ms	the current task ('*'), then
 *	  R <comm>[<pid>] ...			the runnable ones, each with
 *	      key=value ...			its fields and a backtrace
 */
#define SCX_DUMP_KEY_LEN	24
#define SCX_DUMP_VAL_LEN	48
#define SCX_DUMP_CPU_KVS	12	/* key=value pairs kept per CPU */
#define SCX_DUMP_TASK_KVS	12	/* ... per task */
#define SCX_DUMP_CPU_TASKS	4	/* tasks kept per CPU */
#define SCX_DUMP_OPS_LEN	192

struct scx_dump_kv {
	char key[SCX_DUMP_KEY_LEN];	/* "pnt_seq", "scx_state/flags" */
	char val[SCX_DUMP_VAL_LEN];	/* as printed: "4", "3/0x5" */
};

struct scx_dump_task {
	bool curr;			/* marked '*': the CPU's current task */
	char state;			/* task_state_to_char(): 'R', 'S', ... */
	char comm[SCX_EXIT_TASK_LEN];
	int pid;
	char rest[SCX_DUMP_VAL_LEN];	/* after comm[pid]: "+0ms", "*root -16ms" */
	struct scx_dump_kv kv[SCX_DUMP_TASK_KVS];
	unsigned int nr_kv;
};

struct scx_dump_cpu {
	int cpu;
	long nr_run;			/* -1 if not said */
	bool has_flags;
	unsigned long flags;		/* rq->scx.flags */
	char curr_comm[SCX_EXIT_TASK_LEN];	/* "" if not said */
	int curr_pid;			/* -1 if not said */
	char curr_class[SCX_DUMP_VAL_LEN];	/* "ext_sched_class" */
	/* the other pairs of the CPU's lines, kick masks included */
	struct scx_dump_kv kv[SCX_DUMP_CPU_KVS];
	unsigned int nr_kv;
	char ops[SCX_DUMP_OPS_LEN];	/* ops.dump_cpu()'s lines, "; " between */
	struct scx_dump_task tasks[SCX_DUMP_CPU_TASKS];
	unsigned int nr_tasks;		/* kept in @tasks */
	unsigned int all_tasks;		/* listed under the CPU, kept or not */
};

/*
 * The CPU blocks of the last "CPU states" section in @dump (a dump, or a
 * log holding one), the first @max of them into @cpus (may be NULL with
 * @max 0). Returns how many blocks there are (more than @max: the rest
 * were not kept), or -ENOENT without a "CPU states" section.
 */
int scx_dump_cpus(struct ktstr_text dump, struct scx_dump_cpu *cpus,
		  size_t max);

/* The value of @key among @kv, or NULL. */
const char *scx_dump_kv_get(const struct scx_dump_kv *kv, unsigned int n,
			    const char *key);

#endif /* KTSTR_COMMON_SCX_EXIT_H */
