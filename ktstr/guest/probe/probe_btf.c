// SPDX-License-Identifier: GPL-2.0
/*
 * Function signatures from the running kernel's BTF: argument names and
 * C types for the payload, and which argument is a task or a runqueue so
 * the BPF side knows what to dereference.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "guest/probe/probe_int.h"

static const struct btf_type *resolve(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

/* @t is a pointer to struct @name. */
static bool is_ptr_to(const struct btf *btf, const struct btf_type *t,
		      const char *name)
{
	if (!t || !btf_is_ptr(t))
		return false;
	t = resolve(btf, t->type);
	return t && btf_is_struct(t) &&
	       !strcmp(btf__name_by_offset(btf, t->name_off), name);
}

/*
 * One btf_dump for the process: libbpf walks every type and member of
 * vmlinux BTF when it creates one (to find what anonymous enums are
 * referenced), which under TCG took over a second for the repro VM's
 * hundred-odd argument types. Output goes to @out of the call at hand.
 */
static struct {
	pthread_mutex_t lock;
	const struct btf *btf;
	struct btf_dump *d;
	char *out;
} dumper = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void type_printf(void *ctx, const char *fmt, va_list args)
{
	char *buf = dumper.out;
	size_t len = strlen(buf);

	(void)ctx;
	if (len < 63)
		vsnprintf(buf + len, 64 - len, fmt, args);
}

/* "struct rq *", "u64": the type as the source declares it. */
static void type_str(const struct btf *btf, __u32 id, char *buf)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
	size_t len;

	buf[0] = '\0';
	pthread_mutex_lock(&dumper.lock);
	if (dumper.btf != btf) {
		btf_dump__free(dumper.d);
		dumper.d = btf_dump__new(btf, type_printf, NULL, NULL);
		dumper.btf = dumper.d ? btf : NULL;
	}
	if (dumper.d) {
		dumper.out = buf;
		btf_dump__emit_type_decl(dumper.d, id, &opts);
		dumper.out = NULL;
	}
	pthread_mutex_unlock(&dumper.lock);
	len = strlen(buf);
	while (len && buf[len - 1] == ' ')
		buf[--len] = '\0';
}

static void arg_fmt(const struct btf *btf, __u32 id, const char *name,
		    struct ktstr_probe_arg *a)
{
	const struct btf_type *t = resolve(btf, id);
	__u8 enc;

	a->fmt = KTSTR_ARG_HEX;
	a->size = 8;
	if (!t || strstr(name, "flags"))
		return;
	if (btf_is_int(t)) {
		enc = btf_int_encoding(t);
		a->size = t->size;
		if (enc & BTF_INT_BOOL)
			a->fmt = KTSTR_ARG_BOOL;
		else if (enc & BTF_INT_SIGNED)
			a->fmt = KTSTR_ARG_SIGNED;
		else
			a->fmt = KTSTR_ARG_UNSIGNED;
	} else if (btf_is_any_enum(t)) {
		a->size = t->size;
		a->fmt = btf_kflag(t) ? KTSTR_ARG_SIGNED : KTSTR_ARG_UNSIGNED;
	}
}

/* Fill @t's args from FUNC_PROTO @proto; names may be missing. */
static void proto_args(const struct btf *btf, const struct btf_type *proto,
		       struct ktstr_probe_target *t)
{
	const struct btf_param *p = btf_params(proto);
	unsigned int i, n = btf_vlen(proto);

	t->task_arg = t->rq_arg = t->enq_flags_arg = -1;
	t->void_ret = !proto->type;
	if (n > KTSTR_PROBE_MAX_ARGS)
		n = KTSTR_PROBE_MAX_ARGS;
	t->nargs = n;
	for (i = 0; i < n; i++) {
		struct ktstr_probe_arg *a = &t->args[i];
		const struct btf_type *at = resolve(btf, p[i].type);

		snprintf(a->name, sizeof(a->name), "%s",
			 btf__name_by_offset(btf, p[i].name_off) ?: "");
		type_str(btf, p[i].type, a->type);
		arg_fmt(btf, p[i].type, a->name, a);
		if (t->task_arg < 0 && is_ptr_to(btf, at, "task_struct"))
			t->task_arg = i;
		if (t->rq_arg < 0 && is_ptr_to(btf, at, "rq"))
			t->rq_arg = i;
		if (!strcmp(a->name, "enq_flags"))
			t->enq_flags_arg = i;
	}
}

static const struct btf_type *func_proto(const struct btf *btf,
					 const char *func)
{
	const struct btf_type *t;
	int id;

	id = ktstr_btf_find(btf, func, BTF_KIND_FUNC);
	if (id < 0)
		return NULL;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

int ktstr_btf_func_args(const struct btf *btf, const char *func,
			struct ktstr_probe_target *t)
{
	const struct btf_type *proto = func_proto(btf, func);

	if (!proto)
		return -ENOENT;
	proto_args(btf, proto, t);
	return 0;
}

int ktstr_btf_ops_member(const struct btf *btf, const char *cb,
			 char *member, size_t len,
			 struct ktstr_probe_target *t)
{
	const struct btf_type *ops, *best_proto = NULL, *proto;
	const struct btf_member *m;
	size_t cbn = strlen(cb), best = 0;
	const char *best_name = NULL;
	char stub[KTSTR_PROBE_NAME_LEN];
	unsigned int i;
	int id;

	id = ktstr_btf_find(btf, "sched_ext_ops", BTF_KIND_STRUCT);
	if (id < 0)
		return -ENOENT;
	ops = btf__type_by_id(btf, id);
	m = btf_members(ops);
	/* The longest member name that ends @cb after a '_'. */
	for (i = 0; i < btf_vlen(ops); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *mt = resolve(btf, m->type);
		size_t n = strlen(name);

		if (!mt || !btf_is_ptr(mt) || n <= best || n > cbn)
			continue;
		proto = resolve(btf, mt->type);
		if (!proto || !btf_is_func_proto(proto))
			continue;
		if (strcmp(cb + cbn - n, name) ||
		    (n < cbn && cb[cbn - n - 1] != '_'))
			continue;
		best = n;
		best_name = name;
		best_proto = proto;
	}
	if (!best_name)
		return -ENOENT;
	snprintf(member, len, "%s", best_name);
	/*
	 * Member prototypes have no parameter names; the CFI stubs the
	 * kernel defines for every member do ("enqueue_stub" in 6.12,
	 * "sched_ext_ops__enqueue" later).
	 */
	snprintf(stub, sizeof(stub), "sched_ext_ops__%s", best_name);
	proto = func_proto(btf, stub);
	if (!proto) {
		snprintf(stub, sizeof(stub), "%s_stub", best_name);
		proto = func_proto(btf, stub);
	}
	if (!proto || btf_vlen(proto) != btf_vlen(best_proto))
		proto = best_proto;
	proto_args(btf, proto, t);
	return 0;
}

static int exit_kind_param(const struct btf *btf,
			   const struct btf_type *proto, unsigned int first)
{
	const struct btf_param *p = btf_params(proto);
	unsigned int i;

	for (i = first; i < btf_vlen(proto); i++) {
		const struct btf_type *t = resolve(btf, p[i].type);

		if (t && btf_is_any_enum(t) &&
		    !strcmp(btf__name_by_offset(btf, t->name_off),
			    "scx_exit_kind"))
			return i - first;
	}
	return -ENOENT;
}

/*
 * A tracepoint may carry the kind as a plain integer: 7.3's sched_ext_exit
 * is TP_PROTO(struct scx_sched *sch, __u32 kind), and BTF keeps no
 * parameter names. Its one 32-bit integer is the kind; two would be a
 * guess, so none is taken.
 */
static int tp_lone_u32_param(const struct btf *btf,
			     const struct btf_type *proto, unsigned int first)
{
	const struct btf_param *p = btf_params(proto);
	int found = -ENOENT;
	unsigned int i;

	for (i = first; i < btf_vlen(proto); i++) {
		const struct btf_type *t = resolve(btf, p[i].type);

		if (!t || !btf_is_int(t) || t->size != 4)
			continue;
		if (found >= 0)
			return -ENOENT;
		found = i - first;
	}
	return found;
}

int ktstr_btf_exit_kind_arg(const struct btf *btf, const char *func)
{
	const struct btf_type *proto = func_proto(btf, func);

	return proto ? exit_kind_param(btf, proto, 0) : -ENOENT;
}

int ktstr_btf_tp_exit_kind_arg(const struct btf *btf, const char *tp)
{
	const struct btf_type *t;
	char name[KTSTR_PROBE_NAME_LEN];
	int id;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = ktstr_btf_find(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -ENOENT;
	/* typedef void (*btf_trace_<tp>)(void *__data, <TP_PROTO args>) */
	t = resolve(btf, id);
	if (!t || !btf_is_ptr(t))
		return -ENOENT;
	t = resolve(btf, t->type);
	if (!t || !btf_is_func_proto(t))
		return -ENOENT;
	id = exit_kind_param(btf, t, 1);
	return id >= 0 ? id : tp_lone_u32_param(btf, t, 1);
}
