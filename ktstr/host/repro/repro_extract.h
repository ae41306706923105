/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro, step 1: which functions to probe, read from the crash stack
 * the primary VM left behind (pure: no I/O).
 *
 * The scheduler's log is the first source: its DEBUG DUMP holds
 *
 *	Backtrace:
 *	  __bstr_format+0xe8/0x11a
 *	  bpf_prog_a0f719a8ced6bf18_qmap_enqueue+0xdb/0x326
 *	  do_enqueue_task+0x130/0x333
 *	  ...
 *
 * When the log has none (the scheduler died before dumping, or its log was
 * lost), the kernel console's copy printed after
 * 'sched_ext: BPF scheduler "<ops>" disabled (<reason>)' is used instead.
 */
#ifndef KTSTR_HOST_REPRO_EXTRACT_H
#define KTSTR_HOST_REPRO_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/scx_exit.h"
#include "common/text.h"

/* KSYM_NAME_LEN is 512; our frames are sched_ext's, far shorter. */
#define REPRO_FUNC_LEN		128
/* An exit backtrace holds at most SCX_EXIT_BT_LEN (64) frames. */
#define REPRO_MAX_FUNCS		64


enum repro_stack_source {
	REPRO_STACK_NONE = 0,		/* no usable frame anywhere */
	REPRO_STACK_LOG,		/* the scheduler log's DEBUG DUMP */
	REPRO_STACK_CONSOLE,		/* the kernel console's backtrace */
};

struct repro_stack {
	enum repro_stack_source source;
	size_t nr;			/* functions kept, in stack order */
	char funcs[REPRO_MAX_FUNCS][REPRO_FUNC_LEN];
	size_t nr_frames;		/* frames parsed, before filtering */
};

/*
 * Parse one backtrace line ("  do_enqueue_task+0x130/0x333 [mod]"). On a
 * symbolic frame returns 1 with the bare symbol in @name (a BPF program
 * "bpf_prog_<tag>_<name>" stays as is) and its column in @indent; returns
 * 0 for a frame without a symbol (a raw address), -EINVAL for anything
 * else, including a line cut before its "/0x<size>".
 */
int repro_parse_frame(const char *line, size_t len, char *name, size_t size,
		      size_t *indent);

/*
 * The name to probe for frame symbol @sym: "qmap_enqueue" for
 * "bpf_prog_a0f719a8ced6bf18_qmap_enqueue", @sym itself for a kernel
 * function. Returns false for an unnamed BPF program.
 */
bool repro_probe_name(const char *sym, char *buf, size_t size);

/*
 * True for frames every crash stack shares and that say nothing about this
 * one: the scheduling core, syscall and interrupt entry, spinlocks, BPF
 * trampolines and the sched_ext exit/dump/stack-trace machinery itself.
 */
bool repro_frame_is_generic(const char *sym);

/*
 * Fill @st from @sched_log, falling back to @console. Either may be empty,
 * neither needs to be complete: a log whose dump lost its closing ruler
 * (the scheduler died mid-write) still gives every whole frame line.
 * Returns the number of functions (0: discover instead).
 */
int repro_extract(struct ktstr_text sched_log, struct ktstr_text console,
		  struct repro_stack *st);

/*
 * The exit kind the text names: "triggered exit kind <N>:" in a scheduler
 * log, else the reason of 'BPF scheduler "<ops>" disabled (<reason>)' on
 * the console. Returns the kind or -1.
 */
int repro_exit_kind_from_text(struct ktstr_text sched_log,
			      struct ktstr_text console);

const char *repro_stack_source_name(enum repro_stack_source src);

#endif /* KTSTR_HOST_REPRO_EXTRACT_H */
