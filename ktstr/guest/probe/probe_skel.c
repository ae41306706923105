// SPDX-License-Identifier: GPL-2.0
/*
 * Instances of ktstr_probe.bpf.c (see there for why there are several).
 *
 * bpftool names the skeleton after the object, struct ktstr_probe, which
 * is also the name of the API's handle (probe.h): this file, the only one
 * that includes the skeleton, calls it struct ktstr_probe_skel.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "common/log.h"
#include "common/compiler.h"
#include "guest/probe/probe_int.h"

/* The skeleton's .bss has a struct ktstr_probe_task: probe_int.h first. */
#define ktstr_probe ktstr_probe_skel
#include "ktstr_probe.bpf.skel.h"
#undef ktstr_probe

/* The trigger program for an exit kind in argument @arg; NULL if none. */
static struct bpf_program *trigger_prog(const struct ktstr_probe_skel *s,
					bool tp, unsigned int arg)
{
	struct bpf_program *kprobes[] = {
		s->progs.ktstr_trigger_kprobe0,
		s->progs.ktstr_trigger_kprobe1,
		s->progs.ktstr_trigger_kprobe2,
	};
	struct bpf_program *tps[] = {
		s->progs.ktstr_trigger_tp0,
		s->progs.ktstr_trigger_tp1,
	};

	if (tp)
		return arg < ARRAY_SIZE(tps) ? tps[arg] : NULL;
	return arg < ARRAY_SIZE(kprobes) ? kprobes[arg] : NULL;
}

int ktstr_skel_main_load(struct ktstr_probe_skel **out, bool tp_trigger,
			 unsigned int kind_arg)
{
	struct bpf_program *trigger, *p;
	struct ktstr_probe_skel *s;
	int err;

	s = ktstr_probe__open();
	if (!s) {
		err = -errno;
		pr_err("open BPF object: %s",
			strerror(-err));
		return err;
	}
	trigger = trigger_prog(s, tp_trigger, kind_arg);
	if (!trigger) {
		pr_err("no trigger program for an exit kind in argument %u",
			kind_arg);
		ktstr_probe__destroy(s);
		return -EOPNOTSUPP;
	}
	/* The generic kprobe and one trigger; tracing programs per target. */
	bpf_object__for_each_program(p, s->obj)
		bpf_program__set_autoload(p, p == s->progs.ktstr_kprobe ||
					     p == s->progs.ktstr_kprobe_multi ||
					     p == trigger);
	err = ktstr_probe__load(s);
	if (err) {
		pr_err("load BPF object: %s",
			strerror(-err));
		ktstr_probe__destroy(s);
		return err;
	}
	*out = s;
	return 0;
}

int ktstr_skel_attach_trigger(struct ktstr_probe_skel *s, const char *sym,
			      unsigned int kind_arg, struct bpf_link **link)
{
	struct bpf_program *prog = trigger_prog(s, !sym, kind_arg);
	struct bpf_link *l;
	int err;

	if (sym)
		l = bpf_program__attach_kprobe(prog, false, sym);
	else
		l = bpf_program__attach(prog);
	if (!l) {
		err = -errno;
		pr_err("attach trigger %s: %s",
			sym ?: "tp_btf/sched_ext_exit", strerror(-err));
		return err;
	}
	*link = l;
	return 0;
}

static __u8 arg_idx(int i)
{
	return i >= 0 && i < KTSTR_PROBE_MAX_ARGS ? i : KTSTR_PROBE_NO_ARG;
}

/* Tell the BPF side about kprobe target @t, by its address. */
static int set_target_info(struct ktstr_probe_skel *s,
			   const struct ktstr_probe_target *t, unsigned int idx)
{
	struct ktstr_probe_target_info ti = {
		.target = idx,
		.nargs = t->nargs,
		.task_arg = arg_idx(t->task_arg),
		.rq_arg = arg_idx(t->rq_arg),
	};
	__u64 ip = t->ip;
	int err;

	/* bpf_get_func_ip() gives the function's address: the key. */
	err = bpf_map__update_elem(s->maps.targets, &ip, sizeof(ip), &ti,
				   sizeof(ti), BPF_ANY);
	if (err)
		pr_err("target table, %s: %s",
			t->name, strerror(-err));
	return err;
}

int ktstr_skel_attach_kprobe(struct ktstr_probe_skel *s,
			     struct ktstr_probe_target *t, unsigned int idx)
{
	int err;

	err = set_target_info(s, t, idx);
	if (err)
		return err;
	t->link = bpf_program__attach_kprobe(s->progs.ktstr_kprobe, false,
					     t->sym);
	if (!t->link) {
		err = -errno;
		pr_err("kprobe %s: %s", t->sym,
			strerror(-err));
	}
	return err;
}

int ktstr_skel_attach_kprobes(struct ktstr_probe_skel *s,
			      struct ktstr_probe_target **t,
			      const unsigned int *idx, unsigned int n,
			      struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts);
	const char **syms;
	unsigned int i;
	int err = 0;

	syms = calloc(n, sizeof(*syms));
	if (!syms)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++) {
		syms[i] = t[i]->sym;
		err = set_target_info(s, t[i], idx[i]);
	}
	if (!err) {
		opts.syms = syms;
		opts.cnt = n;
		*link = bpf_program__attach_kprobe_multi_opts(
			s->progs.ktstr_kprobe_multi, NULL, &opts);
		if (!*link) {
			err = -errno;
			pr_err("kprobe.multi on %u functions: %s",
				n, strerror(-err));
		}
	}
	free(syms);
	return err;
}

/* Share the main instance's maps, all but the per-target .rodata. */
static int reuse_maps(struct ktstr_probe_skel *inst,
		      const struct ktstr_probe_skel *main)
{
	struct bpf_map *m, *mm;
	int err;

	bpf_object__for_each_map(m, inst->obj) {
		if (m == inst->maps.rodata)
			continue;
		mm = bpf_object__find_map_by_name(main->obj,
						  bpf_map__name(m));
		if (!mm)
			return -ENOENT;
		err = bpf_map__reuse_fd(m, bpf_map__fd(mm));
		if (err)
			return err;
	}
	return 0;
}

/* Slot @slot's program and config for an fentry or fexit target. */
static struct bpf_program *
trace_slot(struct ktstr_probe_skel *inst, bool fexit, unsigned int slot,
	   struct ktstr_probe_trace_conf **conf)
{
	char name[32];

	snprintf(name, sizeof(name), "ktstr_%s%u", fexit ? "fexit" : "fentry",
		 slot);
	*conf = fexit ? &inst->rodata->conf.fexit[slot] :
			&inst->rodata->conf.fentry[slot];
	return bpf_object__find_program_by_name(inst->obj, name);
}

static void trace_fail(struct ktstr_probe_target *t, const char *what,
		       int err)
{
	t->err = err;
	pr_err("%s %s: %s: %s",
		ktstr_probe_kind_name(t->kind), t->name, what, strerror(-err));
}

/* Give each request a slot; returns how many programs will load. */
static unsigned int assign_slots(struct ktstr_probe_skel *inst,
				 struct ktstr_trace_req *reqs, unsigned int n)
{
	unsigned int i, used[2] = { 0, 0 }, nload = 0;
	struct ktstr_probe_trace_conf *c;

	for (i = 0; i < n; i++) {
		struct ktstr_probe_target *t = reqs[i].t;
		bool fexit = t->kind == KTSTR_EV_FEXIT;
		int err;

		reqs[i].prog = NULL;
		if (used[fexit] == KTSTR_PROBE_TRACE_SLOTS) {
			trace_fail(t, "slot", -E2BIG);
			continue;
		}
		reqs[i].prog = trace_slot(inst, fexit, used[fexit]++, &c);
		c->target = reqs[i].idx;
		c->nargs = t->nargs;
		c->task_arg = arg_idx(t->task_arg);
		c->rq_arg = arg_idx(t->rq_arg);
		c->bpf_prog = t->bpf;
		err = bpf_program__set_attach_target(reqs[i].prog,
						     reqs[i].prog_fd, t->name);
		if (err) {
			trace_fail(t, "target", err);
			reqs[i].prog = NULL;
			continue;
		}
		bpf_program__set_autoload(reqs[i].prog, true);
		nload++;
	}
	return nload;
}

int ktstr_skel_attach_traces(struct ktstr_probe_skel *s,
			     struct ktstr_trace_req *reqs, unsigned int n,
			     const char *core_btf, struct ktstr_probe_skel **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = core_btf);
	struct ktstr_probe_skel *inst;
	struct bpf_program *p;
	unsigned int i;
	int err;

	*out = NULL;
	inst = ktstr_probe__open_opts(&opts);
	if (!inst) {
		err = -errno;
		pr_err("open trace instance: %s",
			strerror(-err));
		return err;
	}
	bpf_object__for_each_program(p, inst->obj)
		bpf_program__set_autoload(p, false);
	inst->rodata->conf.grace_ns = s->rodata->conf.grace_ns;
	err = reuse_maps(inst, s);
	if (err) {
		pr_err("trace instance maps: %s",
			strerror(-err));
		goto out;
	}
	if (!assign_slots(inst, reqs, n))
		goto out;
	err = ktstr_probe__load(inst);
	if (err) {
		pr_err("load %u trace programs: %s", n,
			strerror(-err));
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!reqs[i].prog)
			continue;
		reqs[i].t->link = bpf_program__attach_trace(reqs[i].prog);
		if (!reqs[i].t->link)
			trace_fail(reqs[i].t, "attach", -errno);
	}
	*out = inst;
	return 0;
out:
	ktstr_probe__destroy(inst);
	return err;
}

int ktstr_skel_events_fd(const struct ktstr_probe_skel *s)
{
	return bpf_map__fd(s->maps.events);
}

int ktstr_skel_stacks_fd(const struct ktstr_probe_skel *s)
{
	return bpf_map__fd(s->maps.stacks);
}

void ktstr_skel_read_bss(const struct ktstr_probe_skel *s,
			 struct ktstr_probe_bss *bss)
{
	/* Plain loads of memory the BPF side writes: take one snapshot. */
	__sync_synchronize();
	bss->probe_fires = s->bss->probe_fires;
	bss->trigger_fires = s->bss->trigger_fires;
	bss->ringbuf_drops = s->bss->ringbuf_drops;
	bss->last_exit_kind = s->data->last_exit_kind;
	bss->trigger_kind = s->data->trigger_kind;
	bss->trigger_pid = s->bss->trigger_pid;
	bss->trigger_cpu = s->bss->trigger_cpu;
	bss->trigger_ts = s->bss->trigger_ts;
	memcpy(bss->trigger_comm, s->bss->trigger_comm,
	       sizeof(bss->trigger_comm));
	bss->trigger_task = s->bss->trigger_task;
	memcpy(bss->trigger_stack, s->bss->trigger_stack,
	       sizeof(bss->trigger_stack));
}

void ktstr_skel_destroy(struct ktstr_probe_skel *s)
{
	ktstr_probe__destroy(s);
}
