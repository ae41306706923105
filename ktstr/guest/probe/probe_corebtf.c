// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal BTF for the trace instances' CO-RE relocations.
 *
 * libbpf parses the whole vmlinux BTF for every object it loads with
 * CO-RE relocations: ~150 ms under TCG while a scheduler runs, which is
 * longer than some crashing schedulers live. The trace programs only read
 * the fields below; a BTF with just those, at this kernel's offsets, taken
 * from the vmlinux BTF already parsed for the kernel probes, relocates them the same
 * and parses in no time (bpf_object_open_opts.btf_custom_path).
 *
 * Keep the list in step with read_task() and read_objs() in
 * ktstr_probe.bpf.c. A field missing here fails the load, and the loader
 * then retries with the full vmlinux BTF.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "common/log.h"
#include "common/compiler.h"
#include "guest/probe/probe_int.h"

#define MAX_FIELDS	8

/* Embedded structs before the structs that embed them. */
static const struct {
	const char *name;
	const char *fields[MAX_FIELDS];
} core_types[] = {
	{ "cpumask",		{ "bits" } },
	{ "scx_dispatch_q",	{ "id" } },
	{ "sched_ext_entity",	{ "flags", "weight", "slice", "dsq_vtime",
				  "dsq", "kf_tasks" } },
	{ "task_struct",	{ "pid", "comm", "cpus_ptr", "scx" } },
	{ "rq",			{ "cpu" } },
};

#define NR_CORE_TYPES	ARRAY_SIZE(core_types)

struct conv {
	const struct btf *src;
	struct btf *dst;
	int int_id;			/* array index type */
	int done[NR_CORE_TYPES];	/* dst ids of the structs added */
};

/*
 * The type of a kept field, as little as CO-RE needs: any pointer
 * matches any pointer and any int any int, arrays match by element, and
 * embedded structs must be the kept ones.
 */
static int conv_type(struct conv *c, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(c->src, id);
	unsigned int i;
	int elem;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(c->src, t->type);
	if (!t)
		return -ENOENT;
	if (btf_is_ptr(t))
		return btf__add_ptr(c->dst, 0);
	if (btf_is_int(t))
		return btf__add_int(c->dst,
				    btf__name_by_offset(c->src, t->name_off),
				    t->size, btf_int_encoding(t));
	if (btf_is_array(t)) {
		elem = conv_type(c, btf_array(t)->type);
		if (elem < 0)
			return elem;
		return btf__add_array(c->dst, c->int_id, elem,
				      btf_array(t)->nelems);
	}
	for (i = 0; i < NR_CORE_TYPES; i++)
		if (btf_is_composite(t) && c->done[i] &&
		    !strcmp(btf__name_by_offset(c->src, t->name_off),
			    core_types[i].name))
			return c->done[i];
	return -EOPNOTSUPP;
}

static bool kept(unsigned int i, const char *field)
{
	unsigned int f;

	for (f = 0; f < MAX_FIELDS && core_types[i].fields[f]; f++)
		if (!strcmp(core_types[i].fields[f], field))
			return true;
	return false;
}

/* Struct @i with its kept fields; left out if this kernel lacks it. */
static int add_struct(struct conv *c, unsigned int i)
{
	int id, sid, type[MAX_FIELDS], err;
	const struct btf_member *m;
	unsigned int j, k, n = 0;
	const struct btf_type *t;
	__u32 idx[MAX_FIELDS];

	id = btf__find_by_name_kind(c->src, core_types[i].name,
				    BTF_KIND_STRUCT);
	if (id < 0)
		return 0;
	t = btf__type_by_id(c->src, id);
	/* Field types first: BTF wants a struct's fields right after it. */
	m = btf_members(t);
	for (j = 0; j < btf_vlen(t) && n < MAX_FIELDS; j++, m++) {
		if (!kept(i, btf__name_by_offset(c->src, m->name_off)))
			continue;
		type[n] = conv_type(c, m->type);
		if (type[n] < 0)
			return type[n];
		idx[n++] = j;
	}
	sid = btf__add_struct(c->dst, core_types[i].name, t->size);
	if (sid < 0)
		return sid;
	for (k = 0; k < n; k++) {
		m = btf_members(t) + idx[k];
		err = btf__add_field(c->dst,
				     btf__name_by_offset(c->src, m->name_off),
				     type[k], btf_member_bit_offset(t, idx[k]),
				     btf_member_bitfield_size(t, idx[k]));
		if (err)
			return err;
	}
	c->done[i] = sid;
	return 0;
}

int ktstr_core_btf_write(const struct btf *vmlinux, const char *path)
{
	struct conv c = { .src = vmlinux };
	const void *data;
	unsigned int i;
	__u32 size;
	FILE *f;
	int err = 0;

	c.dst = btf__new_empty();
	if (!c.dst)
		return -errno;
	c.int_id = btf__add_int(c.dst, "int", 4, BTF_INT_SIGNED);
	if (c.int_id < 0)
		err = c.int_id;
	for (i = 0; i < NR_CORE_TYPES && !err; i++)
		err = add_struct(&c, i);
	data = err ? NULL : btf__raw_data(c.dst, &size);
	if (!err && !data)
		err = -ENOMEM;
	if (!err) {
		f = fopen(path, "we");
		if (!f || fwrite(data, 1, size, f) != size)
			err = -errno;
		if (f && fclose(f) && !err)
			err = -errno;
	}
	if (err)
		pr_err("CO-RE BTF %s: %s", path,
			strerror(-err));
	btf__free(c.dst);
	return err;
}
