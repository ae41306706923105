// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr auto-repro probes.
 *
 * One object, loaded several times by guest/probe_skel.c:
 *  - the main instance owns the maps and runs the generic kprobe (attached
 *    once per kernel function) and the exit trigger;
 *  - trace instances hold fentry/fexit programs, one per target (a
 *    scheduler's struct_ops callback, or a kernel function). They reuse
 *    the main instance's maps (.bss included) and get their targets'
 *    descriptions in their own .rodata.
 *
 * Recording stops a short grace period after the trigger fired, so the
 * ring buffer ends with the path into the exit, not with the teardown.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "bpf/ktstr_probe.h"

char _license[] SEC("license") = "GPL";

/*
 * Set by the loader before load. libbpf freezes .rodata, so the verifier
 * sees constants and prunes what does not apply; "const volatile" (the
 * libbpf idiom for load-time constants) keeps clang from folding the
 * initial values into the code.
 */
const volatile struct ktstr_probe_rodata conf = {
	.grace_ns = 20 * 1000 * 1000,
};

/* Counters and the trigger's record, read by the loader. */
__u64 probe_fires;
__u64 trigger_fires;
__u64 ringbuf_drops;
__s64 last_exit_kind = -1;
__s64 trigger_kind = -1;
__u32 trigger_pid;
__u32 trigger_cpu;
__u64 trigger_ts;		/* written last: non-zero means fired */
char trigger_comm[KTSTR_PROBE_COMM_LEN];
/* Its own copy: a stack map bucket may be taken by another stack. */
__u64 trigger_stack[KTSTR_PROBE_STACK_DEPTH];
/* The task the in-progress sched_ext op was called for, if any. */
struct ktstr_probe_task trigger_task;
static __u32 trigger_claimed;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KTSTR_PROBE_STACK_DEPTH * sizeof(__u64));
	__uint(max_entries, KTSTR_PROBE_STACK_ENTRIES);
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, struct ktstr_probe_target_info);
	__uint(max_entries, KTSTR_PROBE_MAX_TARGETS);
} targets SEC(".maps");

static __always_inline bool recording(void)
{
	__u64 t = trigger_ts;

	return !t || bpf_ktime_get_ns() - t <= conf.grace_ns;
}

static __always_inline void read_task(struct ktstr_probe_task *t,
				      struct task_struct *p)
{
	struct scx_dispatch_q *dsq;
	const struct cpumask *mask;

	if (!p)
		return;
	t->pid = BPF_CORE_READ(p, pid);
	bpf_core_read_str(t->comm, sizeof(t->comm), &p->comm);
	mask = BPF_CORE_READ(p, cpus_ptr);
	bpf_core_read(&t->cpus, sizeof(t->cpus), &mask->bits[0]);
	t->flags = KTSTR_TASK_VALID;
	/*
	 * A kernel without sched_ext still gets pid, comm and cpus. 6.12 and
	 * 7.3 have all of the scx fields below, but each is checked on its
	 * own: libbpf turns the read of a field the kernel lacks into an
	 * instruction the verifier rejects, which would fail the load of
	 * every probe, not just leave one field at zero.
	 */
	if (!bpf_core_field_exists(p->scx))
		return;
	if (bpf_core_field_exists(p->scx.flags))
		t->scx_flags = BPF_CORE_READ(p, scx.flags);
	if (bpf_core_field_exists(p->scx.slice))
		t->slice = BPF_CORE_READ(p, scx.slice);
	if (bpf_core_field_exists(p->scx.dsq_vtime))
		t->dsq_vtime = BPF_CORE_READ(p, scx.dsq_vtime);
	if (bpf_core_field_exists(p->scx.weight))
		t->weight = BPF_CORE_READ(p, scx.weight);
	if (!bpf_core_field_exists(p->scx.dsq))
		return;
	dsq = BPF_CORE_READ(p, scx.dsq);
	if (dsq && bpf_core_field_exists(dsq->id)) {
		t->dsq_id = BPF_CORE_READ(dsq, id);
		t->flags |= KTSTR_TASK_HAS_DSQ;
	}
}

static __always_inline void read_objs(struct ktstr_probe_event *ev,
				      __u32 task_arg, __u32 rq_arg)
{
	struct rq *rq;

	if (task_arg < KTSTR_PROBE_MAX_ARGS && task_arg < ev->nargs)
		read_task(&ev->task, (struct task_struct *)ev->args[task_arg]);
	if (rq_arg < KTSTR_PROBE_MAX_ARGS && rq_arg < ev->nargs) {
		/* Not inside BPF_CORE_READ(): ev is ours, not the kernel's. */
		rq = (struct rq *)ev->args[rq_arg];
		if (rq)
			ev->rq_cpu = BPF_CORE_READ(rq, cpu);
	}
}

static __always_inline struct ktstr_probe_event *
reserve(void *ctx, __u32 kind, __u64 ip, __u32 target, __u32 nargs)
{
	struct ktstr_probe_event *ev;

	__sync_fetch_and_add(&probe_fires, 1);
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		__sync_fetch_and_add(&ringbuf_drops, 1);
		return NULL;
	}
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->ts_ns = bpf_ktime_get_ns();
	ev->ip = ip;
	ev->kind = kind;
	ev->target = target;
	ev->cpu = bpf_get_smp_processor_id();
	ev->pid = (__u32)bpf_get_current_pid_tgid();
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	ev->stack_id = bpf_get_stackid(ctx, &stacks, 0);
	ev->rq_cpu = -1;
	ev->nargs = nargs < KTSTR_PROBE_MAX_ARGS ? nargs : KTSTR_PROBE_MAX_ARGS;
	return ev;
}

static __always_inline int kprobe_call(struct pt_regs *ctx)
{
	struct ktstr_probe_target_info *ti;
	struct ktstr_probe_event *ev;
	__u64 ip;

	if (!recording())
		return 0;
	ip = bpf_get_func_ip(ctx);
	ti = bpf_map_lookup_elem(&targets, &ip);
	if (!ti)
		return 0;
	ev = reserve(ctx, KTSTR_EV_KPROBE, ip, ti->target, ti->nargs);
	if (!ev)
		return 0;
	ev->args[0] = PT_REGS_PARM1(ctx);
	ev->args[1] = PT_REGS_PARM2(ctx);
	ev->args[2] = PT_REGS_PARM3(ctx);
	ev->args[3] = PT_REGS_PARM4(ctx);
	ev->args[4] = PT_REGS_PARM5(ctx);
	ev->args[5] = PT_REGS_PARM6(ctx);
	read_objs(ev, ti->task_arg, ti->rq_arg);
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

/*
 * The same generic kprobe twice: kprobe.multi attaches to all functions
 * of a phase with one ftrace update (each update stops the machine, slow
 * under TCG); the plain one is the fallback, one function at a time.
 */
SEC("kprobe.multi")
int ktstr_kprobe_multi(struct pt_regs *ctx)
{
	return kprobe_call(ctx);
}

SEC("kprobe")
int ktstr_kprobe(struct pt_regs *ctx)
{
	return kprobe_call(ctx);
}

/*
 * The arguments after @kind come from the program's slot in conf, as
 * scalars: the verifier knows their values. (A copy of the volatile
 * struct would be folded to the initial zeros by clang.)
 */
static __always_inline int trace_call(__u64 *ctx, __u32 kind, __u32 target,
				      __u32 nargs, __u32 task_arg,
				      __u32 rq_arg, __u32 bpf_prog)
{
	struct ktstr_probe_event *ev;
	__u64 argv = 0, v;
	__u32 i;

	if (!recording())
		return 0;
	ev = reserve(ctx, kind, bpf_get_func_ip(ctx), target, nargs);
	if (!ev)
		return 0;
	/* A struct_ops program takes one u64 *ctx: its args are there. */
	if (bpf_prog)
		bpf_get_func_arg(ctx, 0, &argv);
	for (i = 0; i < KTSTR_PROBE_MAX_ARGS && i < nargs; i++) {
		v = 0;
		if (bpf_prog)
			bpf_probe_read_kernel(&v, sizeof(v),
					      (__u64 *)argv + i);
		else
			bpf_get_func_arg(ctx, i, &v);
		ev->args[i] = v;
	}
	if (kind == KTSTR_EV_FEXIT) {
		v = 0;
		bpf_get_func_ret(ctx, &v);
		ev->ret = v;
	}
	read_objs(ev, task_arg, rq_arg);
	bpf_ringbuf_submit(ev, 0);
	return 0;
}

/*
 * The kernel binds a tracing program to its target at load time, so one
 * program per target: TRACE_SLOTS copies of each, loaded together (one
 * object load instead of one per target, which is slow under TCG).
 */
#define TRACE_CALL(ctx, kind, c)					\
	trace_call(ctx, kind, (c).target, (c).nargs, (c).task_arg,	\
		   (c).rq_arg, (c).bpf_prog)

#define TRACE_SLOT(n)							\
SEC("fentry")								\
int ktstr_fentry##n(__u64 *ctx)						\
{									\
	return TRACE_CALL(ctx, KTSTR_EV_FENTRY, conf.fentry[n]);	\
}									\
SEC("fexit")								\
int ktstr_fexit##n(__u64 *ctx)						\
{									\
	return TRACE_CALL(ctx, KTSTR_EV_FEXIT, conf.fexit[n]);		\
}

TRACE_SLOT(0)
TRACE_SLOT(1)
TRACE_SLOT(2)
TRACE_SLOT(3)
TRACE_SLOT(4)
TRACE_SLOT(5)
TRACE_SLOT(6)
TRACE_SLOT(7)
TRACE_SLOT(8)
TRACE_SLOT(9)
TRACE_SLOT(10)
TRACE_SLOT(11)
TRACE_SLOT(12)
TRACE_SLOT(13)
TRACE_SLOT(14)
TRACE_SLOT(15)

static __always_inline void record_trigger(void *ctx, __s64 kind)
{
	struct task_struct *cur, *subject;

	__sync_fetch_and_add(&trigger_fires, 1);
	last_exit_kind = kind;
	/*
	 * Only errors are crashes: a clean unregistration or scx_bpf_exit()
	 * must not stop the recording nor stand in for the crash's chain.
	 * The host reads last_exit_kind to say the repro exited cleanly.
	 */
	if (kind < SCX_EXIT_ERROR)
		return;
	/* Only the first exit counts: the kernel keeps only that one too. */
	if (__sync_val_compare_and_swap(&trigger_claimed, 0, 1) != 0)
		return;
	trigger_kind = kind;
	trigger_pid = (__u32)bpf_get_current_pid_tgid();
	trigger_cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(trigger_comm, sizeof(trigger_comm));
	bpf_get_stack(ctx, trigger_stack, sizeof(trigger_stack), 0);
	/*
	 * SCX_CALL_OP_TASK() leaves the op's task in current->scx.kf_tasks[0]:
	 * for scx_bpf_error() in ops.enqueue(p) that is p, which need not be
	 * current.
	 */
	cur = (struct task_struct *)bpf_get_current_task();
	if (bpf_core_field_exists(cur->scx.kf_tasks)) {
		subject = BPF_CORE_READ(cur, scx.kf_tasks[0]);
		read_task(&trigger_task, subject);
	}
	trigger_ts = bpf_ktime_get_ns();
}

/*
 * One trigger program per position of the exit kind among the arguments
 * (6.12: scx_ops_exit_kind(kind, ...); 7.3: scx_claim_exit(sch, kind),
 * which every exit goes through, scx_bpf_error() included, and which also
 * runs for the losing claims of later exits); the loader keeps the one
 * this kernel needs. A single program switching
 * on the position would not do: clang folds the cases into a computed
 * ctx offset, which the verifier rejects.
 */
#define TRIGGER_KPROBE(n, parm)						\
SEC("kprobe")								\
int ktstr_trigger_kprobe##n(struct pt_regs *ctx)			\
{									\
	record_trigger(ctx, (int)parm(ctx));				\
	return 0;							\
}

TRIGGER_KPROBE(0, PT_REGS_PARM1)
TRIGGER_KPROBE(1, PT_REGS_PARM2)
TRIGGER_KPROBE(2, PT_REGS_PARM3)

/*
 * Kernels with a sched_ext_exit tracepoint: ctx[] are its arguments. 7.3
 * has TP_PROTO(struct scx_sched *sch, __u32 kind), so TRIGGER_TP(1); it
 * fires once, for the exit that won the claim.
 */
#define TRIGGER_TP(n)							\
SEC("tp_btf/sched_ext_exit")						\
int ktstr_trigger_tp##n(__u64 *ctx)					\
{									\
	record_trigger(ctx, (int)ctx[n]);				\
	return 0;							\
}

TRIGGER_TP(0)
TRIGGER_TP(1)
