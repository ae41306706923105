/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records shared by the auto-repro probes (ktstr_probe.bpf.c) and their
 * guest loader (guest/probe*.c). Plain fixed-size types only: the BPF side
 * gets them from vmlinux.h, userspace from <linux/types.h>.
 */
#ifndef KTSTR_BPF_PROBE_H
#define KTSTR_BPF_PROBE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define KTSTR_PROBE_MAX_ARGS	6
#define KTSTR_PROBE_COMM_LEN	16
#define KTSTR_PROBE_STACK_DEPTH	32
#define KTSTR_PROBE_STACK_ENTRIES	8192
#define KTSTR_PROBE_MAX_TARGETS	256
#define KTSTR_PROBE_NO_ARG	0xff	/* ktstr_probe_target_info.*_arg */
#define KTSTR_PROBE_NO_STACK	(-1)

enum ktstr_probe_ev_kind {
	KTSTR_EV_KPROBE = 0,
	KTSTR_EV_FENTRY,
	KTSTR_EV_FEXIT,
};

/* ktstr_probe_task.flags */
#define KTSTR_TASK_VALID	0x1
#define KTSTR_TASK_HAS_DSQ	0x2

/* sched_ext state of a task, read with CO-RE from its task_struct. */
struct ktstr_probe_task {
	__u64 slice;
	__u64 dsq_vtime;
	__u64 dsq_id;		/* p->scx.dsq->id, if KTSTR_TASK_HAS_DSQ */
	__u64 cpus;		/* first 64 bits of p->cpus_ptr */
	__u32 pid;
	__u32 scx_flags;
	__u32 weight;
	__u32 flags;		/* KTSTR_TASK_* */
	char comm[KTSTR_PROBE_COMM_LEN];
};

/* One probe hit, as sent through the ring buffer. */
struct ktstr_probe_event {
	__u64 ts_ns;
	__u64 ip;		/* probed function (kernel or BPF prog) */
	__u64 args[KTSTR_PROBE_MAX_ARGS];
	__u64 ret;		/* fexit only */
	struct ktstr_probe_task task;
	__u32 kind;		/* enum ktstr_probe_ev_kind */
	__u32 target;		/* index into the loader's target table */
	__u32 cpu;
	__u32 pid;		/* current */
	__s32 stack_id;		/* KTSTR_PROBE_NO_STACK if none */
	__s32 rq_cpu;		/* -1 unless the target has a struct rq * */
	__u32 nargs;
	__u32 pad;
	char comm[KTSTR_PROBE_COMM_LEN];	/* current */
};

/*
 * What the BPF side needs to know about a kprobe target, keyed by the
 * function's address (what bpf_get_func_ip() returns).
 */
struct ktstr_probe_target_info {
	__u32 target;		/* index into the loader's target table */
	__u8 nargs;
	__u8 task_arg;		/* index of a struct task_struct *, or NO_ARG */
	__u8 rq_arg;		/* index of a struct rq *, or NO_ARG */
	__u8 pad;
};

/*
 * One fentry/fexit program slot of a trace instance: its target, set by
 * the loader in .rodata before load.
 */
#define KTSTR_PROBE_TRACE_SLOTS	16

struct ktstr_probe_trace_conf {
	__u32 target;		/* index into the loader's target table */
	__u32 nargs;
	__u32 task_arg;		/* KTSTR_PROBE_NO_ARG if none */
	__u32 rq_arg;		/* KTSTR_PROBE_NO_ARG if none */
	__u32 bpf_prog;		/* the target is a BPF program (struct_ops) */
};

/* The .rodata of every instance. */
struct ktstr_probe_rodata {
	__u64 grace_ns;		/* record this long after the trigger */
	struct ktstr_probe_trace_conf fentry[KTSTR_PROBE_TRACE_SLOTS];
	struct ktstr_probe_trace_conf fexit[KTSTR_PROBE_TRACE_SLOTS];
};

#endif /* KTSTR_BPF_PROBE_H */
