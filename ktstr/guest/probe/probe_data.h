/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The auto-repro probe pipeline's data, and the pure functions over it
 * (no libbpf, no I/O: unit-tested in tests/unit/test_probe_*.c):
 * string lists, stitching, BPF line_info lookup and the payload lines of
 * docs/probe-payload.md.
 */
#ifndef KTSTR_PROBE_DATA_H
#define KTSTR_PROBE_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "bpf/ktstr_probe.h"
#include "guest/lib/strbuf.h"

#define KTSTR_PROBE_NAME_LEN	128
#define KTSTR_PROBE_SRC_LEN	128
/* Events rendered at most: the last ones before the exit matter most. */
#define KTSTR_PROBE_MAX_EMIT	1000
/* Of those, the last ones that carry their kernel stack. */
#define KTSTR_PROBE_STACK_EVENTS	8

struct bpf_link;

/* --- string lists --------------------------------------------------- */

struct ktstr_strv {
	char **v;
	unsigned int n;
	unsigned int cap;
};

/* Append a copy of @s (once: duplicates are ignored). 0 or -ENOMEM. */
int ktstr_strv_add(struct ktstr_strv *sv, const char *s);
bool ktstr_strv_has(const struct ktstr_strv *sv, const char *s);
void ktstr_strv_free(struct ktstr_strv *sv);

/* --- what was probed ------------------------------------------------ */

enum ktstr_arg_fmt {
	KTSTR_ARG_HEX = 0,	/* pointers, flags, anything unknown */
	KTSTR_ARG_SIGNED,
	KTSTR_ARG_UNSIGNED,
	KTSTR_ARG_BOOL,
};

struct ktstr_probe_arg {
	char name[32];
	char type[64];		/* C type as BTF spells it: "struct rq *" */
	unsigned char fmt;	/* enum ktstr_arg_fmt */
	unsigned char size;	/* bytes, for SIGNED */
};

struct ktstr_probe_target {
	char name[KTSTR_PROBE_NAME_LEN];	/* function or BPF callback */
	unsigned int kind;		/* enum ktstr_probe_ev_kind */
	bool bpf;			/* a scheduler's BPF program */
	unsigned long long ip;		/* function or program address */
	unsigned int nargs;
	struct ktstr_probe_arg args[KTSTR_PROBE_MAX_ARGS];
	int task_arg;			/* -1 if none */
	int rq_arg;			/* -1 if none */
	int enq_flags_arg;		/* -1 if none */
	bool void_ret;			/* fexit: no return value to show */
	char src[KTSTR_PROBE_SRC_LEN];	/* BPF: "file.bpf.c:line" */
	bool attached;
	int err;			/* attach error, negative errno */
	unsigned long long events;	/* it produced, in the collector */
	unsigned long long kept;	/* of those, within its budget */
	/* loader state */
	char sym[KTSTR_PROBE_NAME_LEN];	/* kprobes: the symbol probed */
	unsigned int prog_id;		/* BPF targets */
	bool queued;			/* waiting to be attached */
	struct bpf_link *link;		/* NULL if in a shared link */
};

/* "kprobe", "fentry" or "fexit" */
const char *ktstr_probe_kind_name(unsigned int kind);

/* --- stitching ------------------------------------------------------ */

enum ktstr_stitch_mode {
	KTSTR_STITCH_NONE = 0,		/* no events at all */
	KTSTR_STITCH_TRIGGER,		/* the task(s) that caused the exit */
	KTSTR_STITCH_TRIGGER_CPU,	/* no such task: the trigger's CPU */
	KTSTR_STITCH_MOST_FREQUENT,	/* best effort, no trigger at all */
};

struct ktstr_stitch {
	enum ktstr_stitch_mode mode;
	unsigned int pids[2];		/* the tasks followed */
	unsigned int npids;
	size_t *idx;			/* kept events, time-ordered */
	size_t n;
};

const char *ktstr_stitch_mode_name(enum ktstr_stitch_mode mode);

/*
 * Keep the events of @evs whose current task or task argument is one of
 * @pids (the trigger's current task and the task of the op in progress;
 * pid 0, the idle tasks, is ignored), in time order. If there are none,
 * keep the events on @cpu (the trigger's CPU; -1 if it did not fire):
 * an exit from an idle CPU's dispatch names no task. Without a trigger,
 * follow the task that occurs most often instead. Returns 0 or -ENOMEM.
 */
int ktstr_probe_stitch(const struct ktstr_probe_event *evs, size_t n,
		       const unsigned int *pids, unsigned int npids, int cpu,
		       struct ktstr_stitch *st);
void ktstr_stitch_free(struct ktstr_stitch *st);

/* --- BPF line_info -------------------------------------------------- */

/*
 * The line_info entry covering JITed address @addr: the one with the
 * greatest address <= @addr among @jited (bpf_prog_info.jited_line_info,
 * not necessarily sorted), or -1 if @addr precedes them all.
 */
int ktstr_probe_line_lookup(const unsigned long long *jited, unsigned int n,
			    unsigned long long addr);
/* "scx_qmap.bpf.c:230": the basename of @file and the line. */
void ktstr_probe_src_fmt(char *buf, size_t len, const char *file,
			 unsigned int line);

/* --- payload lines -------------------------------------------------- */

/* One frame of a kernel stack; @func NULL if unknown. */
struct ktstr_probe_frame {
	unsigned long long ip;
	const char *func;
	unsigned long long off;
	const char *src;		/* BPF programs only */
};

struct ktstr_probe_meta {
	const char *kernel;
	const char *trigger;		/* "kprobe:scx_ops_exit_kind" */
	bool trigger_fired;
	long long exit_kind;
	unsigned int trigger_pid;
	unsigned int trigger_cpu;
	unsigned long long trigger_ts_ns;
	char trigger_comm[KTSTR_PROBE_COMM_LEN];
	struct ktstr_probe_task trigger_task;	/* the op's task, if VALID */
	const struct ktstr_probe_frame *trigger_stack;	/* NULL: none */
	unsigned int trigger_nstack;
	const char *stitch;		/* ktstr_stitch_mode_name() */
	/* "exit": sent when the trigger fired; "end": after the test */
	const char *sent_at;
};

struct ktstr_probe_diag {
	unsigned int extracted;
	struct ktstr_strv traceable;
	struct ktstr_strv dropped;
	struct ktstr_strv discovered;
	int trigger_attach_err;
	unsigned long captured;
	unsigned long lost;		/* overwritten in the guest's store */
	unsigned long after_stitch;
	unsigned long emitted;
	char collector_error[160];
	unsigned long long probe_fires;
	unsigned long long trigger_fires;
	unsigned long long ringbuf_drops;
	long long last_exit_kind;
};

/* Each appends one JSON line, '\n' included. */
void ktstr_probe_render_meta(struct ktstr_buf *b,
			     const struct ktstr_probe_meta *m);
/* @stack: the event's kernel stack, NULL to leave it out. */
void ktstr_probe_render_event(struct ktstr_buf *b,
			      const struct ktstr_probe_event *ev,
			      const struct ktstr_probe_target *t,
			      const struct ktstr_probe_frame *stack,
			      unsigned int nstack);
void ktstr_probe_render_diag(struct ktstr_buf *b,
			     const struct ktstr_probe_diag *d,
			     const struct ktstr_probe_target *targets,
			     unsigned int ntargets);

#endif /* KTSTR_PROBE_DATA_H */
