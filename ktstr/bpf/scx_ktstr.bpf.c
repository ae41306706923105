// SPDX-License-Identifier: GPL-2.0
/*
 * scx_ktstr - the ktstr fixture scheduler.
 *
 * A global DSQ scheduler in the mould of scx_simple: weighted vtime by
 * default, FIFO with -q. Its real job is to fail on demand, so that ktstr can
 * test how a failing scheduler is detected, reported and reproduced. The
 * knobs (set by the loader before load, see scx_ktstr.c):
 *
 * - error_after (-e N): scx_bpf_error() on the Nth dispatched task.
 * - watch_flag (-f): scx_bpf_error() once user space sets error_flag.
 * - stall_after (-s N): after N dispatched tasks, park user threads on a DSQ
 *   that is never consumed, so the watchdog reports a runnable task stall.
 * - skip_nth (-d N): every Nth ops.dispatch() returns without dispatching.
 * - random_cpu (-r): ops.select_cpu() picks a random allowed CPU.
 * - verifier_fail (-V): drop a bounds check so the verifier rejects us.
 *
 * Unlike scx_simple, ops.select_cpu() never dispatches directly to a local
 * DSQ: every task goes through SHARED_DSQ and ops.dispatch(). That costs some
 * wakeup latency, but the dispatch counters then see every task and the
 * knobs trigger after the same amount of scheduling work however idle the
 * machine is. A wakeup on an idle CPU still runs promptly: the task is
 * enqueued on that CPU's rq, which preempts the idle task and dispatches.
 */
#include <scx/common.bpf.h>

#include "scx_ktstr_compat.bpf.h"

char _license[] SEC("license") = "GPL";

enum consts {
	SHARED_DSQ	= 0,
	STALL_DSQ	= 1,
	MAX_CPUS	= 512,
};

/*
 * The knobs, written by the loader before load. libbpf freezes .rodata at load
 * time, so the verifier sees them as constants and prunes the code of knobs
 * that are off. "const volatile" (the libbpf idiom for load-time constants)
 * keeps clang from folding the zero initial values into the code. The struct
 * is anonymous because the skeleton spells out anonymous types but only names
 * named ones, which the loader would then have to define again.
 */
const volatile struct {
	u64	error_after;	/* -e */
	u64	stall_after;	/* -s */
	u32	skip_nth;	/* -d */
	bool	fifo_sched;	/* -q */
	bool	watch_flag;	/* -f */
	bool	random_cpu;	/* -r */
	bool	verifier_fail;	/* -V */
} knobs;

/* Set by user space through the mmap'ed .bss, see check_error_flag(). */
u32 error_flag;

/* Statistics, read by user space */
u64 nr_enqueued, nr_dispatched, nr_errors_injected;
u64 nr_dispatch_calls, nr_dispatch_skipped, nr_stalled, nr_random_cpu;
bool stalling;

/*
 * Per-CPU counters for the debug dump. Each slot is only written by its own
 * CPU from ops.dispatch(), which runs under that CPU's rq lock, so plain
 * increments are enough. ktstr_init() refuses machines with more CPUs.
 */
struct cpu_ctx {
	u64	dispatched;
	u64	skipped;
};

static struct cpu_ctx cpu_ctxs[MAX_CPUS];

static u64 vtime_now;
UEI_DEFINE(uei);

static inline bool vtime_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/*
 * @cpu comes from the kernel and is always below nr_cpu_ids, but the verifier
 * only sees an s32 and refuses to index cpu_ctxs[] with it unless it is
 * bounds checked. -V drops the check to produce a program the verifier
 * rejects, so tests can exercise a scheduler that fails to load.
 *
 * verifier_fail lives in .rodata, which libbpf freezes before loading the
 * programs: the verifier knows its value and, in a normal load, never walks
 * the unchecked path. barrier_var() hides @idx from clang after the check;
 * otherwise clang could reason that an out-of-bounds index is undefined
 * behaviour anyway and fold the check away in the normal build too.
 */
static struct cpu_ctx *lookup_cpu_ctx(s32 cpu)
{
	u32 idx = cpu;

	if (!knobs.verifier_fail && idx >= MAX_CPUS) {
		scx_bpf_error("cpu %d beyond MAX_CPUS %d", cpu, MAX_CPUS);
		return NULL;
	}
	barrier_var(idx);
	return &cpu_ctxs[idx];
}

/*
 * -f: user space sets error_flag (after -F MS, or on SIGUSR1). Several CPUs
 * may see the flag before the scheduler is torn down; clear it with a
 * cmpxchg so exactly one of them injects the error and nr_errors_injected
 * stays exact.
 */
static void check_error_flag(void)
{
	u32 flag;

	if (!knobs.watch_flag)
		return;

	flag = READ_ONCE(error_flag);
	if (!flag || __sync_val_compare_and_swap(&error_flag, flag, 0) != flag)
		return;

	__sync_fetch_and_add(&nr_errors_injected, 1);
	scx_bpf_error("-f: error flag %u set by user space after %llu dispatches",
		      flag, nr_dispatched);
}

s32 BPF_STRUCT_OPS(ktstr_select_cpu, struct task_struct *p, s32 prev_cpu,
		   u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	if (!knobs.random_cpu)
		return scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	/*
	 * -r: the core falls back on its own if the CPU is offline, but an
	 * affinity violation would be our bug, so honour p->cpus_ptr here.
	 */
	cpu = bpf_get_prandom_u32() % scx_bpf_nr_cpu_ids();
	if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
		return prev_cpu;

	__sync_fetch_and_add(&nr_random_cpu, 1);
	return cpu;
}

void BPF_STRUCT_OPS(ktstr_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 vtime = p->scx.dsq_vtime;

	__sync_fetch_and_add(&nr_enqueued, 1);

	/*
	 * -s: park user threads on STALL_DSQ, which ktstr_dispatch() never
	 * consumes. They stay on their rq's runnable_list with runnable_at
	 * unchanged, so the watchdog sees them wait past ops.timeout_ms and
	 * exits with SCX_EXIT_ERROR_STALL, naming one of them. Parking them
	 * on a DSQ rather than dropping them (as scx_qmap -t does) shows
	 * where they are in the debug dump (dsq_id=0x1). Kernel threads keep
	 * running: the watchdog itself runs from a kworker, and stalling it
	 * would turn the exit into "watchdog failed to check in" instead.
	 */
	if (knobs.stall_after && READ_ONCE(stalling) &&
	    !(p->flags & PF_KTHREAD)) {
		__sync_fetch_and_add(&nr_stalled, 1);
		ktstr_dsq_insert(p, STALL_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}

	if (knobs.fifo_sched) {
		ktstr_dsq_insert(p, SHARED_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}

	/*
	 * Limit the amount of budget that an idling task can accumulate to
	 * one slice.
	 */
	if (vtime_before(vtime, vtime_now - SCX_SLICE_DFL))
		vtime = vtime_now - SCX_SLICE_DFL;

	ktstr_dsq_insert_vtime(p, SHARED_DSQ, SCX_SLICE_DFL, vtime, enq_flags);
}

void BPF_STRUCT_OPS(ktstr_dispatch, s32 cpu, struct task_struct *prev)
{
	struct cpu_ctx *cpuc;
	u64 calls, nr;

	check_error_flag();

	cpuc = lookup_cpu_ctx(cpu);
	if (!cpuc)
		return;

	calls = __sync_add_and_fetch(&nr_dispatch_calls, 1);
	if (knobs.skip_nth && !(calls % knobs.skip_nth)) {
		cpuc->skipped++;
		__sync_fetch_and_add(&nr_dispatch_skipped, 1);
		/*
		 * With nothing dispatched, this CPU keeps running @prev or
		 * goes idle even if SHARED_DSQ holds tasks, and if it goes
		 * idle nothing may come back for them. Kick it if idle: the
		 * kick is deferred to an irq_work, so it lands after this
		 * scheduling cycle and starts a new one whose ops.dispatch()
		 * is not skipped (balance_one() uses the same trick to break
		 * out of its dispatch loop).
		 */
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}

	if (!ktstr_dsq_move_to_local(SHARED_DSQ))
		return;

	cpuc->dispatched++;

	/*
	 * __sync_add_and_fetch() hands out each count exactly once, so with
	 * several CPUs dispatching the knobs below still fire exactly once.
	 */
	nr = __sync_add_and_fetch(&nr_dispatched, 1);

	if (knobs.stall_after && nr == knobs.stall_after)
		WRITE_ONCE(stalling, true);

	if (knobs.error_after && nr == knobs.error_after) {
		__sync_fetch_and_add(&nr_errors_injected, 1);
		scx_bpf_error("-e %llu: injected error after %llu dispatches",
			      knobs.error_after, nr);
	}
}

void BPF_STRUCT_OPS(ktstr_tick, struct task_struct *p)
{
	/*
	 * ops.dispatch() alone could miss the flag for a while when CPUs
	 * keep running their current tasks; the tick catches it within a
	 * jiffy on any CPU running a sched_ext task.
	 */
	check_error_flag();
}

void BPF_STRUCT_OPS(ktstr_running, struct task_struct *p)
{
	if (knobs.fifo_sched)
		return;

	/*
	 * Global vtime always progresses forward as tasks start executing.
	 * The test and update can race between CPUs; any error is contained
	 * and temporary (same reasoning as scx_simple).
	 */
	if (vtime_before(vtime_now, p->scx.dsq_vtime))
		vtime_now = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(ktstr_stopping, struct task_struct *p, bool runnable)
{
	if (knobs.fifo_sched)
		return;

	/*
	 * Scale the execution time by the inverse of the weight and charge.
	 * A yielding task has its slice zeroed and is charged a full slice.
	 */
	p->scx.dsq_vtime += (SCX_SLICE_DFL - p->scx.slice) * 100 / p->scx.weight;
}

void BPF_STRUCT_OPS(ktstr_enable, struct task_struct *p)
{
	p->scx.dsq_vtime = vtime_now;
}

void BPF_STRUCT_OPS(ktstr_dump, struct scx_dump_ctx *dctx)
{
	scx_bpf_dump("ktstr: knobs fifo=%d e=%llu f=%d s=%llu d=%u r=%d\n",
		     knobs.fifo_sched, knobs.error_after, knobs.watch_flag,
		     knobs.stall_after, knobs.skip_nth, knobs.random_cpu);
	scx_bpf_dump("ktstr: enq=%llu dsp=%llu calls=%llu skipped=%llu errors=%llu random=%llu\n",
		     nr_enqueued, nr_dispatched, nr_dispatch_calls,
		     nr_dispatch_skipped, nr_errors_injected, nr_random_cpu);
	scx_bpf_dump("ktstr: shared_dsq=%d stall_dsq=%d stalling=%d stalled=%llu vtime_now=%llu\n",
		     scx_bpf_dsq_nr_queued(SHARED_DSQ),
		     scx_bpf_dsq_nr_queued(STALL_DSQ), stalling, nr_stalled,
		     vtime_now);
}

void BPF_STRUCT_OPS(ktstr_dump_cpu, struct scx_dump_ctx *dctx, s32 cpu,
		    bool idle)
{
	struct cpu_ctx *cpuc;

	if (idle)
		return;

	cpuc = lookup_cpu_ctx(cpu);
	if (!cpuc)
		return;

	scx_bpf_dump("ktstr: dispatched=%llu skipped=%llu",
		     cpuc->dispatched, cpuc->skipped);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(ktstr_init)
{
	u32 nr_cpus = scx_bpf_nr_cpu_ids();
	s32 ret;

	if (nr_cpus > MAX_CPUS) {
		scx_bpf_error("%u CPUs, at most %d supported",
			      nr_cpus, MAX_CPUS);
		return -E2BIG;
	}

	ret = scx_bpf_create_dsq(SHARED_DSQ, -1);
	if (ret)
		return ret;

	return scx_bpf_create_dsq(STALL_DSQ, -1);
}

void BPF_STRUCT_OPS(ktstr_exit, struct scx_exit_info *ei)
{
	UEI_RECORD(uei, ei);
}

SCX_OPS_DEFINE(ktstr_ops,
	       .select_cpu		= (void *)ktstr_select_cpu,
	       .enqueue			= (void *)ktstr_enqueue,
	       .dispatch		= (void *)ktstr_dispatch,
	       .tick			= (void *)ktstr_tick,
	       .running			= (void *)ktstr_running,
	       .stopping		= (void *)ktstr_stopping,
	       .enable			= (void *)ktstr_enable,
	       .dump			= (void *)ktstr_dump,
	       .dump_cpu		= (void *)ktstr_dump_cpu,
	       .init			= (void *)ktstr_init,
	       .exit			= (void *)ktstr_exit,
	       .name			= "ktstr");
