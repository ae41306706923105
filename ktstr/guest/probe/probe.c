// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-repro probes, the kernel probes and the callback probes (probe.h):
 * decide what to probe on this kernel and attach it. probe_finish.c
 * collects and reports.
 *
 * Targets are queued, then attached in batches: every ftrace update and
 * every BPF object load is slow under TCG, and a scheduler that crashes
 * soon after it attached does not wait for one probe at a time.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "common/log.h"
#include "common/compiler.h"
#include "guest/probe/probe_int.h"

/*
 * Events kept in the guest per target: the last ones before the exit
 * matter. 2048 events of ~200 bytes each for a few dozen callbacks and
 * their callers: a few tens of MB of the guest's 512.
 */
#define EVENTS_PER_TARGET	2048

/*
 * Where sched_ext's exit path starts, newest kernels last; which one this
 * kernel has, and where the exit kind is in its arguments, comes from its
 * BTF and ftrace's list.
 */
static const char *const trigger_funcs[] = {
	"scx_ops_exit_kind",	/* 6.12 */
	"scx_exit_kind",
	"scx_claim_exit",	/* 7.3, where every exit path meets */
	"scx_vexit",
	"scx_exit",
};

struct ktstr_probe_target *ktstr_probe_add_target(struct ktstr_probe *p,
						  const char *name,
						  unsigned int kind)
{
	struct ktstr_probe_target *t;

	if (p->ntargets == KTSTR_PROBE_MAX_TARGETS) {
		pr_err("%s: more than %d targets",
			name, KTSTR_PROBE_MAX_TARGETS);
		return NULL;
	}
	t = &p->targets[p->ntargets++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->kind = kind;
	t->task_arg = t->rq_arg = t->enq_flags_arg = -1;
	return t;
}

static bool has_target(const struct ktstr_probe *p, const char *name,
		       unsigned int kind)
{
	unsigned int i;

	for (i = 0; i < p->ntargets; i++)
		if (p->targets[i].kind == kind &&
		    !strcmp(p->targets[i].name, name))
			return true;
	return false;
}

static void set_result(struct ktstr_probe_target *t, int err)
{
	t->err = err;
	t->attached = !err;
}

/* A new target described like @like (its args and objects), queued. */
static struct ktstr_probe_target *
add_like(struct ktstr_probe *p, const struct ktstr_probe_target *like,
	 const char *name, unsigned int kind)
{
	struct ktstr_probe_target *t;

	t = ktstr_probe_add_target(p, name, kind);
	if (!t)
		return NULL;
	memcpy(t->args, like->args, sizeof(t->args));
	t->nargs = like->nargs;
	t->task_arg = like->task_arg;
	t->rq_arg = like->rq_arg;
	t->enq_flags_arg = like->enq_flags_arg;
	t->void_ret = like->void_ret;
	t->ip = like->ip;
	t->queued = true;
	return t;
}

/* Queue a kprobe on kernel function @name, traceable as symbol @sym. */
static void add_kprobe(struct ktstr_probe *p, const char *name,
		       const char *sym)
{
	struct ktstr_probe_target *t;
	bool btf;

	if (has_target(p, name, KTSTR_EV_KPROBE))
		return;
	t = ktstr_probe_add_target(p, name, KTSTR_EV_KPROBE);
	if (!t)
		return;
	snprintf(t->sym, sizeof(t->sym), "%s", sym);
	/* Without BTF: six raw registers, nothing dereferenced. */
	btf = !ktstr_btf_func_args(p->vmlinux_btf, name, t);
	if (!btf)
		t->nargs = KTSTR_PROBE_MAX_ARGS;
	t->ip = ktstr_syms_addr(&p->syms, sym);
	if (!t->ip) {
		set_result(t, -ENOENT);
		return;
	}
	/*
	 * Entry only: an fexit trampoline on a function that also has this
	 * (ftrace-based) kprobe oopsed 7.3.4 within a second, a write to
	 * kernel text from select_task_rq_scx's ftrace site in an interrupt.
	 * The callbacks' own fentry/fexit pairs show the state changes.
	 */
	t->queued = true;
}

static int keep_link(struct ktstr_probe *p, struct bpf_link *link)
{
	struct bpf_link **v;

	v = realloc(p->links, (p->nlinks + 1) * sizeof(*v));
	if (!v) {
		bpf_link__destroy(link);
		return -ENOMEM;
	}
	p->links = v;
	p->links[p->nlinks++] = link;
	return 0;
}

/* The queued kprobes: one kprobe.multi link, or one by one if refused. */
static void flush_kprobes(struct ktstr_probe *p)
{
	struct ktstr_probe_target *t[KTSTR_PROBE_MAX_TARGETS];
	unsigned int idx[KTSTR_PROBE_MAX_TARGETS], i, n = 0;
	struct bpf_link *link;
	int err;

	for (i = 0; i < p->ntargets; i++) {
		if (p->targets[i].kind != KTSTR_EV_KPROBE ||
		    !p->targets[i].queued)
			continue;
		p->targets[i].queued = false;
		t[n] = &p->targets[i];
		idx[n++] = i;
	}
	if (!n)
		return;
	err = ktstr_skel_attach_kprobes(p->skel, t, idx, n, &link);
	if (!err)
		err = keep_link(p, link);
	for (i = 0; i < n; i++)
		set_result(t[i], err ? ktstr_skel_attach_kprobe(p->skel, t[i],
								idx[i]) : 0);
}

/* Keep a loaded trace instance until the end. */
static int keep_instance(struct ktstr_probe *p, struct ktstr_probe_skel *inst)
{
	struct ktstr_probe_skel **v;

	if (!inst)
		return 0;
	v = realloc(p->insts, (p->ninsts + 1) * sizeof(*v));
	if (!v) {
		ktstr_skel_destroy(inst);
		return -ENOMEM;
	}
	p->insts = v;
	p->insts[p->ninsts++] = inst;
	return 0;
}

/* A new fd of discovered program @id, from the one held since. */
static int held_prog_fd(const struct ktstr_probe *p, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < p->progs.n; i++)
		if (p->progs.v[i].id == id)
			return ktstr_bpf_prog_fd(&p->progs.v[i]);
	return bpf_prog_get_fd_by_id(id);
}

/* Up to a trace instance's worth of queued fentry/fexit targets. */
static unsigned int next_traces(struct ktstr_probe *p, bool bpf,
				struct ktstr_trace_req *reqs)
{
	unsigned int i, n = 0, nkind[2] = { 0, 0 };

	for (i = 0; i < p->ntargets; i++) {
		struct ktstr_probe_target *t = &p->targets[i];
		bool fexit = t->kind == KTSTR_EV_FEXIT;

		if (t->kind == KTSTR_EV_KPROBE || !t->queued || t->bpf != bpf ||
		    nkind[fexit] == KTSTR_PROBE_TRACE_SLOTS)
			continue;
		t->queued = false;
		nkind[fexit]++;
		reqs[n].t = t;
		reqs[n].idx = i;
		reqs[n].prog_fd = 0;
		if (bpf) {
			reqs[n].prog_fd = held_prog_fd(p, t->prog_id);
			if (reqs[n].prog_fd < 0) {
				pr_err("%s: BPF program %u: %s",
					t->name, t->prog_id,
					strerror(-reqs[n].prog_fd));
				set_result(t, reqs[n].prog_fd);
				continue;
			}
		}
		n++;
	}
	return n;
}

/*
 * Load the queued fentry/fexit targets on BPF programs (@bpf) or kernel
 * functions, in as few instances as the slots allow. An instance that
 * fails to load as a whole (a program the verifier rejects) is retried
 * one target at a time, so one bad target does not take the others down.
 */
static void flush_traces(struct ktstr_probe *p, bool bpf)
{
	struct ktstr_trace_req reqs[2 * KTSTR_PROBE_TRACE_SLOTS];
	struct ktstr_probe_skel *inst;
	unsigned int i, n;
	int err;

	while ((n = next_traces(p, bpf, reqs))) {
		err = ktstr_skel_attach_traces(p->skel, reqs, n, p->core_btf,
					       &inst);
		if (err && p->core_btf) {
			pr_err("relocating with the full vmlinux BTF");
			p->core_btf = NULL;
			err = ktstr_skel_attach_traces(p->skel, reqs, n, NULL,
						       &inst);
		}
		if (!err)
			err = keep_instance(p, inst);
		for (i = 0; i < n && err; i++) {
			if (!ktstr_skel_attach_traces(p->skel, &reqs[i], 1,
						      NULL, &inst))
				keep_instance(p, inst);
			else if (!reqs[i].t->err)
				reqs[i].t->err = err;
		}
		for (i = 0; i < n; i++) {
			struct ktstr_probe_target *t = reqs[i].t;

			set_result(t, t->link ? 0 : t->err ?: -ENOENT);
			if (reqs[i].prog_fd > 0)
				close(reqs[i].prog_fd);
		}
	}
}

static int setup_trigger(struct ktstr_probe *p)
{
	char sym[KTSTR_PROBE_NAME_LEN];
	const char *func = NULL;
	int kind_arg, err;
	size_t i;

	kind_arg = ktstr_btf_tp_exit_kind_arg(p->vmlinux_btf,
					      "sched_ext_exit");
	if (kind_arg >= 0) {
		snprintf(p->trigger, sizeof(p->trigger),
			 "tp_btf:sched_ext_exit");
	} else {
		for (i = 0; i < ARRAY_SIZE(trigger_funcs); i++) {
			if (ktstr_syms_traceable(&p->syms, trigger_funcs[i],
						 sym, sizeof(sym)))
				continue;
			kind_arg = ktstr_btf_exit_kind_arg(p->vmlinux_btf,
							   trigger_funcs[i]);
			if (kind_arg >= 0) {
				func = sym;
				break;
			}
		}
		if (!func) {
			pr_err("no sched_ext exit function to trigger on");
			return -ENOENT;
		}
		snprintf(p->trigger, sizeof(p->trigger), "kprobe:%s", func);
	}
	err = ktstr_skel_main_load(&p->skel, !func, kind_arg);
	if (err)
		return err;
	/* Probes without a trigger still tell something: carry on. */
	p->diag.trigger_attach_err =
		ktstr_skel_attach_trigger(p->skel, func, kind_arg,
					  &p->trigger_link);
	return 0;
}

int ktstr_probe_start(const char *const *funcs, unsigned int nr,
		      bool discover, int chan_fd, struct ktstr_probe **out)
{
	char sym[KTSTR_PROBE_NAME_LEN];
	struct ktstr_probe *p;
	unsigned int i;
	int err;

	p = calloc(1, sizeof(*p));
	if (p)
		p->targets = calloc(KTSTR_PROBE_MAX_TARGETS,
				    sizeof(*p->targets));
	if (!p || !p->targets) {
		free(p);
		pr_err("start: out of memory");
		return -ENOMEM;
	}
	p->discover = discover;
	p->chan_fd = chan_fd;
	p->diag.extracted = nr;
	p->diag.last_exit_kind = -1;

	err = ktstr_syms_load(&p->syms);
	if (err)
		goto fail;
	p->vmlinux_btf = btf__load_vmlinux_btf();
	if (!p->vmlinux_btf) {
		err = -errno;
		pr_err("vmlinux BTF: %s",
			strerror(-err));
		goto fail;
	}
	err = setup_trigger(p);
	if (err)
		goto fail;
	if (!ktstr_core_btf_write(p->vmlinux_btf, KTSTR_PROBE_CORE_BTF))
		p->core_btf = KTSTR_PROBE_CORE_BTF;

	for (i = 0; i < nr; i++) {
		/* Not a kernel function: perhaps a BPF callback, matched later. */
		if (ktstr_syms_traceable(&p->syms, funcs[i], sym,
					 sizeof(sym))) {
			err = ktstr_strv_add(&p->pending, funcs[i]);
		} else {
			err = ktstr_strv_add(&p->diag.traceable, funcs[i]);
			add_kprobe(p, funcs[i], sym);
		}
		if (err)
			goto fail;
	}
	flush_kprobes(p);
	flush_traces(p, false);
	/* A collector that failed to start is reported, not fatal. */
	ktstr_collector_start(&p->coll, ktstr_skel_events_fd(p->skel),
			      EVENTS_PER_TARGET);
	ktstr_watch_start(p);
	*out = p;
	return 0;
fail:
	ktstr_probe_free(p);
	return err;
}

/* Queue fentry and fexit on a struct_ops program and kprobes on its callers. */
static void add_callback(struct ktstr_probe *p,
			 const struct ktstr_bpf_prog *prog)
{
	static const unsigned int kinds[] = { KTSTR_EV_FENTRY, KTSTR_EV_FEXIT };
	struct ktstr_probe_target like = {
		.task_arg = -1, .rq_arg = -1, .enq_flags_arg = -1,
		.ip = prog->addr,
	};
	char member[64] = "", sym[KTSTR_PROBE_NAME_LEN];
	const char *const *callers;
	struct ktstr_probe_target *t;
	unsigned int i;

	/* An unknown member still gets its calls timed, without args. */
	ktstr_btf_ops_member(p->vmlinux_btf, prog->name, member,
			     sizeof(member), &like);
	for (i = 0; i < 2; i++) {
		t = add_like(p, &like, prog->name, kinds[i]);
		if (!t)
			break;
		t->bpf = true;
		t->prog_id = prog->id;
		ktstr_bpf_prog_src(prog, prog->addr, t->src, sizeof(t->src));
	}
	for (callers = ktstr_ops_callers(member); *callers; callers++)
		if (!ktstr_syms_traceable(&p->syms, *callers, sym,
					  sizeof(sym)))
			add_kprobe(p, *callers, sym);
}

int ktstr_probe_attach_callbacks(struct ktstr_probe *p)
{
	const struct ktstr_bpf_prog *prog;
	unsigned int i;
	int ops_id, err;

	ops_id = ktstr_btf_find(p->vmlinux_btf, "sched_ext_ops",
					BTF_KIND_STRUCT);
	if (ops_id < 0) {
		pr_err("no struct sched_ext_ops in BTF");
		return ops_id;
	}
	err = ktstr_discover_struct_ops(ops_id, &p->progs);
	if (err) {
		pr_err("discovering struct_ops programs: %s",
			strerror(-err));
		return err;
	}
	for (i = 0; i < p->progs.n && !err; i++)
		err = ktstr_strv_add(&p->diag.discovered, p->progs.v[i].name);
	/*
	 * Every callback, not only those of the crash stack: the enqueue,
	 * dispatch, runnable and stopping history that set up the bad
	 * state is the evidence. The collector's per-target budget bounds
	 * what the hot ones keep. Those of the crash stack load first, in
	 * an instance of their own: loading all of them takes about two
	 * seconds of an emulated verifier, and a crash may come sooner.
	 * What loads after the crash still attaches (the programs are
	 * held) but sees nothing.
	 */
	for (i = 0; i < p->progs.n && !err; i++) {
		prog = &p->progs.v[i];
		if (p->discover || !ktstr_strv_has(&p->pending, prog->name))
			continue;
		err = ktstr_strv_add(&p->diag.traceable, prog->name);
		add_callback(p, prog);
	}
	flush_traces(p, true);
	for (i = 0; i < p->progs.n && !err; i++) {
		prog = &p->progs.v[i];
		if (p->discover || !ktstr_strv_has(&p->pending, prog->name))
			add_callback(p, prog);
	}
	/* Then the rest: the callbacks, then their callers. */
	flush_traces(p, true);
	/*
	 * Hold the scheduler's maps: a held fd keeps a map readable after
	 * its scheduler exited, for the failure dump (the held programs
	 * kept them alive until now).
	 */
	if (ktstr_maps_collect(&p->progs, &p->maps))
		pr_err("holding the scheduler's maps: the failure dump may miss some");
	flush_kprobes(p);
	flush_traces(p, false);
	/*
	 * Stacks go through the scheduler's programs, its struct_ops
	 * trampolines and ours: symbols that exist only while it runs.
	 */
	if (ktstr_syms_refresh(&p->syms))
		pr_err("stacks without BPF symbols");
	/* Neither a kernel function nor one of the scheduler's programs. */
	for (i = 0; i < p->pending.n && !err; i++)
		if (!ktstr_strv_has(&p->diag.discovered, p->pending.v[i]))
			err = ktstr_strv_add(&p->diag.dropped, p->pending.v[i]);
	if (err)
		pr_err("attach scheduler: %s",
			strerror(-err));
	return err;
}

void ktstr_probe_free(struct ktstr_probe *p)
{
	unsigned int i;

	if (!p)
		return;
	/* The threads use everything below: stop them first. */
	ktstr_watch_stop(p);
	ktstr_collector_free(&p->coll);
	for (i = 0; i < p->ntargets; i++)
		bpf_link__destroy(p->targets[i].link);
	for (i = 0; i < p->nlinks; i++)
		bpf_link__destroy(p->links[i]);
	for (i = 0; i < p->ninsts; i++)
		ktstr_skel_destroy(p->insts[i]);
	bpf_link__destroy(p->trigger_link);
	if (p->skel)
		ktstr_skel_destroy(p->skel);
	btf__free(p->vmlinux_btf);
	ktstr_syms_free(&p->syms);
	ktstr_maps_free(&p->maps);
	ktstr_bpf_progs_free(&p->progs);
	ktstr_strv_free(&p->pending);
	ktstr_strv_free(&p->diag.traceable);
	ktstr_strv_free(&p->diag.dropped);
	ktstr_strv_free(&p->diag.discovered);
	free(p->links);
	free(p->insts);
	free(p->targets);
	free(p);
}
