// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler's BPF side, seen from outside: its struct_ops programs
 * with their full names, JITed ranges and line_info, and the kernel
 * functions that call each sched_ext_ops member.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "common/log.h"
#include "common/compiler.h"
#include "guest/probe/probe_int.h"

#define MAX_CALLERS	4

/*
 * SCX_CALL_OP*() sites in kernel/sched/ext.c: 6.12's enclosing functions
 * first, then the names later kernels gave them. Static functions get
 * inlined (6.12's balance_one into balance_scx), so list the outer one
 * too; whatever this kernel cannot trace is filtered out by the caller.
 */
static const struct {
	const char *member;
	const char *callers[MAX_CALLERS + 1];
} ops_callers[] = {
	{ "select_cpu",	{ "select_task_rq_scx" } },
	{ "enqueue",	{ "do_enqueue_task", "scx_do_enqueue_task" } },
	{ "dequeue",	{ "ops_dequeue", "scx_dispatch_enqueue" } },
	/* 7.3: scx_dispatch_sched() inlined into do_pick_task_scx() */
	{ "dispatch",	{ "balance_one", "balance_scx", "do_pick_task_scx" } },
	{ "tick",	{ "task_tick_scx" } },
	{ "runnable",	{ "enqueue_task_scx" } },
	{ "running",	{ "set_next_task_scx" } },
	{ "stopping",	{ "put_prev_task_scx", "dequeue_task_scx" } },
	{ "quiescent",	{ "dequeue_task_scx" } },
	{ "yield",	{ "yield_task_scx", "yield_to_task_scx" } },
	{ "core_sched_before", { "scx_prio_less" } },
	{ "set_weight",	{ "reweight_task_scx", "scx_ops_enable_task",
			  "scx_enable_task" } },
	{ "set_cpumask", { "set_cpus_allowed_scx", "switching_to_scx" } },
	{ "update_idle", { "__scx_update_idle" } },
	{ "cpu_acquire", { "balance_one", "balance_scx", "do_pick_task_scx" } },
	{ "cpu_release", { "switch_class", "put_prev_task_scx" } },
	{ "init_task",	{ "scx_ops_init_task", "scx_init_task",
			  "__scx_init_task" } },
	{ "exit_task",	{ "scx_ops_exit_task", "scx_exit_task",
			  "__scx_disable_and_exit_task" } },
	{ "enable",	{ "scx_ops_enable_task", "scx_enable_task" } },
	{ "disable",	{ "scx_ops_disable_task", "scx_disable_task" } },
	{ "cgroup_init", { "scx_cgroup_init", "scx_tg_online" } },
	{ "cgroup_exit", { "scx_cgroup_exit", "scx_tg_offline" } },
	{ "cgroup_prep_move", { "scx_cgroup_can_attach" } },
	{ "cgroup_move", { "scx_cgroup_move_task" } },
	{ "cgroup_cancel_move", { "scx_cgroup_cancel_attach",
				  "scx_cgroup_can_attach" } },
	{ "cgroup_set_weight", { "scx_group_set_weight" } },
	{ "cgroup_set_bandwidth", { "scx_group_set_bandwidth" } },
	{ "cgroup_set_idle", { "scx_group_set_idle" } },
	{ "cpu_online",	{ "handle_hotplug" } },
	{ "cpu_offline", { "handle_hotplug" } },
	{ "dump_task",	{ "scx_dump_task" } },
};

const char *const *ktstr_ops_callers(const char *member)
{
	static const char *const none[] = { NULL };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops_callers); i++)
		if (!strcmp(ops_callers[i].member, member))
			return ops_callers[i].callers;
	return none;
}

static void *zalloc_array(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static void prog_free(struct ktstr_bpf_prog *p)
{
	if (p->fd > 0)
		close(p->fd);
	free(p->jited_lines);
	free(p->line_file_off);
	free(p->line_nr);
	free(p->func_addr);
	free(p->func_len);
	if (p->owns_btf)
		btf__free(p->btf);
	memset(p, 0, sizeof(*p));
}

/* The full name: bpf_prog_info.name is cut at BPF_OBJ_NAME_LEN - 1. */
static void prog_name(struct ktstr_bpf_prog *p, const struct bpf_prog_info *info,
		      const struct bpf_func_info *fi)
{
	const struct btf_type *t = NULL;

	if (p->btf && info->nr_func_info)
		t = btf__type_by_id(p->btf, fi[0].type_id);
	snprintf(p->name, sizeof(p->name), "%s",
		 t ? btf__name_by_offset(p->btf, t->name_off) : info->name);
}

/*
 * The BTF of object @id: a scheduler's programs share one, so load it
 * once (each load parses it, slow under TCG while the scheduler runs).
 */
static void prog_btf(struct ktstr_bpf_prog *p, __u32 id,
		     const struct ktstr_bpf_progs *progs)
{
	unsigned int i;

	p->btf_id = id;
	for (i = 0; i < progs->n; i++) {
		if (progs->v[i].btf_id == id && progs->v[i].btf) {
			p->btf = progs->v[i].btf;
			return;
		}
	}
	p->btf = btf__load_from_kernel_by_id(id);
	p->owns_btf = p->btf != NULL;
}

/* Second bpf_prog_get_info_by_fd() pass: the variable-length arrays. */
static int prog_arrays(int fd, struct ktstr_bpf_prog *p,
		       const struct bpf_prog_info *counts,
		       const struct ktstr_bpf_progs *progs)
{
	unsigned int nl = counts->nr_line_info, nf = counts->nr_jited_ksyms;
	unsigned int nfi = counts->nr_func_info, i;
	struct bpf_line_info *li = zalloc_array(nl, sizeof(*li));
	struct bpf_func_info *fi = zalloc_array(nfi, sizeof(*fi));
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err = -ENOMEM;

	p->jited_lines = zalloc_array(nl, sizeof(*p->jited_lines));
	p->line_file_off = zalloc_array(nl, sizeof(*p->line_file_off));
	p->line_nr = zalloc_array(nl, sizeof(*p->line_nr));
	p->func_addr = zalloc_array(nf, sizeof(*p->func_addr));
	p->func_len = zalloc_array(nf, sizeof(*p->func_len));
	if (!li || !fi || !p->jited_lines || !p->line_file_off ||
	    !p->line_nr || !p->func_addr || !p->func_len)
		goto out;

	/* Without a JITed line per line_info entry, lines are useless. */
	if (counts->nr_jited_line_info != nl)
		nl = 0;
	info.nr_line_info = nl;
	info.line_info_rec_size = sizeof(*li);
	info.line_info = (__u64)(unsigned long)li;
	info.nr_jited_line_info = nl;
	info.jited_line_info_rec_size = sizeof(__u64);
	info.jited_line_info = (__u64)(unsigned long)p->jited_lines;
	info.nr_jited_ksyms = nf;
	info.jited_ksyms = (__u64)(unsigned long)p->func_addr;
	info.nr_jited_func_lens = nf;
	info.jited_func_lens = (__u64)(unsigned long)p->func_len;
	info.nr_func_info = nfi;
	info.func_info_rec_size = sizeof(*fi);
	info.func_info = (__u64)(unsigned long)fi;
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err)
		goto out;

	if (info.btf_id)
		prog_btf(p, info.btf_id, progs);
	if (!p->btf)
		nl = 0;
	prog_name(p, &info, fi);
	for (i = 0; i < nl; i++) {
		p->line_file_off[i] = li[i].file_name_off;
		p->line_nr[i] = BPF_LINE_INFO_LINE_NUM(li[i].line_col);
	}
	p->nlines = nl;
	p->nfuncs = nf;
	p->addr = nf ? p->func_addr[0] : 0;
	p->len = info.jited_prog_len;
out:
	free(li);
	free(fi);
	return err;
}

/*
 * 0 and @p filled for a program implementing struct @ops_type_id (a
 * vmlinux BTF id), 1 to skip it, or -errno.
 */
static int prog_load_info(unsigned int id, __u32 ops_type_id,
			  const struct ktstr_bpf_progs *progs,
			  struct ktstr_bpf_prog *p)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd, err;

	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return fd == -ENOENT ? 1 : fd;	/* gone meanwhile */
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (!err && (info.type != BPF_PROG_TYPE_STRUCT_OPS ||
		     info.attach_btf_id != ops_type_id))
		err = 1;
	if (!err) {
		p->id = id;
		p->fd = fd;
		err = prog_arrays(fd, p, &info, progs);
		fd = -1;
	}
	if (fd >= 0)
		close(fd);
	if (err)
		prog_free(p);
	return err;
}

int ktstr_bpf_prog_fd(const struct ktstr_bpf_prog *p)
{
	int fd;

	if (p->fd <= 0)
		return bpf_prog_get_fd_by_id(p->id);
	fd = fcntl(p->fd, F_DUPFD_CLOEXEC, 3);
	return fd < 0 ? -errno : fd;
}

int ktstr_discover_struct_ops(unsigned int ops_type_id,
			      struct ktstr_bpf_progs *progs)
{
	struct ktstr_bpf_prog *v;
	__u32 id = 0;
	int err;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct ktstr_bpf_prog p = {};

		err = prog_load_info(id, ops_type_id, progs, &p);
		if (err > 0)
			continue;
		if (err < 0) {
			pr_err("BPF prog %u: %s", id,
				strerror(-err));
			continue;
		}
		v = realloc(progs->v, (progs->n + 1) * sizeof(*v));
		if (!v) {
			prog_free(&p);
			return -ENOMEM;
		}
		progs->v = v;
		progs->v[progs->n++] = p;
	}
	return 0;
}

void ktstr_bpf_progs_free(struct ktstr_bpf_progs *progs)
{
	unsigned int i;

	/* Owners last: the others share their BTF. */
	for (i = 0; i < progs->n; i++)
		if (!progs->v[i].owns_btf)
			prog_free(&progs->v[i]);
	for (i = 0; i < progs->n; i++)
		prog_free(&progs->v[i]);
	free(progs->v);
	memset(progs, 0, sizeof(*progs));
}

const struct ktstr_bpf_prog *ktstr_bpf_progs_lookup(
	const struct ktstr_bpf_progs *progs, unsigned long long addr)
{
	unsigned int i, f;

	for (i = 0; i < progs->n; i++) {
		const struct ktstr_bpf_prog *p = &progs->v[i];

		for (f = 0; f < p->nfuncs; f++)
			if (addr >= p->func_addr[f] &&
			    addr < p->func_addr[f] + p->func_len[f])
				return p;
	}
	return NULL;
}

int ktstr_bpf_prog_src(const struct ktstr_bpf_prog *prog,
		       unsigned long long addr, char *buf, size_t len)
{
	int i = ktstr_probe_line_lookup(prog->jited_lines, prog->nlines, addr);

	if (i < 0)
		return -ENOENT;
	ktstr_probe_src_fmt(buf, len,
			    btf__name_by_offset(prog->btf,
						prog->line_file_off[i]),
			    prog->line_nr[i]);
	return 0;
}
