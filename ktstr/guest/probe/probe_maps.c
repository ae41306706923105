// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler's BPF maps at its exit (probe_maps.h): held from the
 * discovery of its programs on, read once it has exited, and rendered
 * with their BTF as payload records (docs/probe-payload.md).
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "common/log.h"
#include "guest/lib/jsonw.h"
#include "guest/probe/probe_int.h"
#include "guest/probe/probe_maps.h"

#define MAX_DEPTH	12	/* nesting of values rendered */
#define ZERO_RUN	4	/* zero elements in a row shown as one marker */
#define BYTES_SHOWN	64	/* of a value rendered as bytes */
#define MASK_WORDS	128	/* 8192 CPUs: longer arrays are no mask */

/* --- map types ------------------------------------------------------- */

bool ktstr_map_type_kept(unsigned int type)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

static bool type_percpu(unsigned int type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool type_array(unsigned int type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

const char *ktstr_map_type_name(unsigned int type)
{
	const char *s = libbpf_bpf_map_type_str(type);

	return s ? s : "unknown";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

bool ktstr_map_is_global_data(const struct ktstr_sched_map *map)
{
	static const char *const suffixes[] = {
		".bss", ".data", ".rodata", ".kconfig",
	};
	const struct btf_type *t;
	size_t i;

	if (map->type != BPF_MAP_TYPE_ARRAY)
		return false;
	if (map->btf && map->btf_value_type_id) {
		t = btf__type_by_id(map->btf, map->btf_value_type_id);
		if (t && btf_is_datasec(t))
			return true;
	}
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (ends_with(map->name, suffixes[i]))
			return true;
	return strstr(map->name, ".data.") || strstr(map->name, ".rodata.");
}

/* --- values ---------------------------------------------------------- */

struct walk {
	struct ktstr_buf *b;
	const struct btf *btf;
	size_t limit;		/* nothing new once b->len is past it */
	unsigned int depth;
};

static bool over(const struct walk *w)
{
	return w->b->len >= w->limit || w->b->oom;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Little-endian, as the x86 guest stores it; @n at most 8. */
static unsigned long long load_le(const unsigned char *p, size_t n)
{
	unsigned long long v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static void key(struct ktstr_buf *b, bool *first, const char *k)
{
	if (!*first)
		ktstr_buf_add(b, ", ");
	*first = false;
	jsonw_str(b, k);
	ktstr_buf_add(b, ": ");
}

/* {"@hint": "bytes", "hex": "0a00..."}: memory order, the first ones. */
static void render_bytes(struct walk *w, const unsigned char *p, size_t n)
{
	size_t i, shown = n < BYTES_SHOWN ? n : BYTES_SHOWN;

	ktstr_buf_add(w->b, "{\"@hint\": \"bytes\", \"hex\": \"");
	for (i = 0; i < shown; i++)
		ktstr_buf_addf(w->b, "%02x", p[i]);
	ktstr_buf_addc(w->b, '"');
	if (shown < n)
		ktstr_buf_addf(w->b, ", \"len\": %zu", n);
	ktstr_buf_addc(w->b, '}');
}

/* A CPU mask of @nwords 64-bit words (CPUs 0-63 in the first). */
static void render_cpumask(struct walk *w, const unsigned char *p,
			   size_t nwords)
{
	bool lead = true;
	size_t i;

	ktstr_buf_add(w->b, "{\"@hint\": \"cpumask\", \"v\": \"0x");
	for (i = nwords; i-- > 0;) {
		unsigned long long v = load_le(p + i * 8, 8);

		if (lead && !v && i)
			continue;
		ktstr_buf_addf(w->b, lead ? "%llx" : "%016llx", v);
		lead = false;
	}
	ktstr_buf_add(w->b, "\"}");
}

/* The type @id stands for, past typedefs and modifiers. */
static const struct btf_type *resolve(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/*
 * Names that say what a value is: the sched_ext API calls DSQ ids
 * "dsq_id" or "*_dsq" and CPU masks "*cpumask*" (arrays: "*cpus*" too).
 */
static bool name_is_dsq(const char *name)
{
	return name && (ends_with(name, "dsq") || ends_with(name, "dsq_id"));
}

static bool name_is_cpumask(const char *name, bool array)
{
	return name && (strstr(name, "cpumask") ||
			(array && strstr(name, "cpus")));
}

static void emit_int(struct walk *w, unsigned long long v, unsigned int bits,
		     bool is_signed, bool is_bool, const char *name)
{
	unsigned char le[8];
	unsigned int i;

	if (bits < 64)
		v &= (1ULL << bits) - 1;
	if (is_bool) {
		ktstr_buf_add(w->b, v ? "true" : "false");
	} else if (bits == 64 && name_is_dsq(name)) {
		ktstr_buf_addf(w->b, "{\"@hint\": \"dsq_id\", \"v\": \"0x%llx\"}",
			       v);
	} else if (bits == 64 && !is_signed && name_is_cpumask(name, false)) {
		for (i = 0; i < 8; i++)
			le[i] = v >> (8 * i);
		render_cpumask(w, le, 1);
	} else if (is_signed) {
		if (bits < 64 && (v & (1ULL << (bits - 1))))
			v |= ~0ULL << bits;
		ktstr_buf_addf(w->b, "%lld", (long long)v);
	} else {
		ktstr_buf_addf(w->b, "%llu", v);
	}
}

static void render_int(struct walk *w, const struct btf_type *t,
		       const unsigned char *data, const char *name)
{
	__u32 enc = btf_int_encoding(t);
	unsigned int bits = btf_int_bits(t), i;

	if (t->size > 8) {
		/* __int128: hex, most significant byte first */
		ktstr_buf_add(w->b, "\"0x");
		for (i = t->size; i-- > 0;)
			ktstr_buf_addf(w->b, "%02x", data[i]);
		ktstr_buf_addc(w->b, '"');
		return;
	}
	emit_int(w, load_le(data, t->size) >> btf_int_offset(t), bits,
		 enc & BTF_INT_SIGNED, enc & BTF_INT_BOOL, name);
}

/* {"@hint": "enum", "name": "SCX_DSQ_GLOBAL", "v": 1}; no name if none. */
static void emit_enum(struct walk *w, const struct btf_type *t,
		      unsigned long long v, unsigned int bits)
{
	unsigned long long mask = bits < 64 ? (1ULL << bits) - 1 : ~0ULL;
	const char *found = NULL;
	unsigned int i;

	v &= mask;
	for (i = 0; i < btf_vlen(t) && !found; i++) {
		unsigned long long ev;
		__u32 name_off;

		if (btf_is_enum(t)) {
			ev = (unsigned long long)(long long)btf_enum(t)[i].val;
			name_off = btf_enum(t)[i].name_off;
		} else {
			ev = btf_enum64_value(&btf_enum64(t)[i]);
			name_off = btf_enum64(t)[i].name_off;
		}
		if ((ev & mask) == v)
			found = btf__name_by_offset(w->btf, name_off);
	}
	ktstr_buf_add(w->b, "{\"@hint\": \"enum\"");
	if (found) {
		ktstr_buf_add(w->b, ", \"name\": ");
		jsonw_str(w->b, found);
	}
	if (btf_kflag(t) && bits < 64 && (v & (1ULL << (bits - 1))))
		v |= ~mask;
	ktstr_buf_addf(w->b, btf_kflag(t) ? ", \"v\": %lld}" : ", \"v\": %llu}",
		       v);
}

static void render_float(struct walk *w, const struct btf_type *t,
			 const unsigned char *data)
{
	double d;
	float f;

	if (t->size == sizeof(f)) {
		memcpy(&f, data, sizeof(f));
		d = f;
	} else if (t->size == sizeof(d)) {
		memcpy(&d, data, sizeof(d));
	} else {
		render_bytes(w, data, t->size);
		return;
	}
	if (isfinite(d))
		ktstr_buf_addf(w->b, "%.17g", d);
	else
		ktstr_buf_addf(w->b, "\"%s\"", isnan(d) ? "nan" : "inf");
}

/* An array of plain char (not u8): a string when it reads as one. */
static bool is_char(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	while (t && btf_is_mod(t))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_int(t) || t->size != 1)
		return false;
	name = btf__name_by_offset(btf, t->name_off);
	return name && (!strcmp(name, "char") || !strcmp(name, "signed char") ||
			!strcmp(name, "unsigned char"));
}

static void render_chars(struct walk *w, const unsigned char *p, size_t n)
{
	size_t k = strnlen((const char *)p, n), i;
	char *s;

	for (i = 0; i < k; i++) {
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
		    p[i] == 0x7f) {
			render_bytes(w, p, n);
			return;
		}
	}
	if (!k && !all_zero(p, n)) {
		render_bytes(w, p, n);
		return;
	}
	s = strndup((const char *)p, k < KTSTR_MAPS_STR_MAX ? k :
				       KTSTR_MAPS_STR_MAX);
	if (!s) {
		w->b->oom = true;
		return;
	}
	if (k > KTSTR_MAPS_STR_MAX) {
		ktstr_buf_add(w->b, "{\"@hint\": \"string\", \"v\": ");
		jsonw_str(w->b, s);
		ktstr_buf_addf(w->b, ", \"len\": %zu}", k);
	} else {
		jsonw_str(w->b, s);
	}
	free(s);
}

static void render_value(struct walk *w, __u32 id, const unsigned char *data,
			 size_t len, const char *name);

/* Elements of @n at @base, @stride apart, of @elen bytes of type @tid. */
static void render_list(struct walk *w, const unsigned char *base,
			size_t n, size_t stride, size_t elen, __u32 tid,
			const char *name)
{
	size_t i = 0, run;

	ktstr_buf_addc(w->b, '[');
	while (i < n) {
		if (over(w)) {
			ktstr_buf_addf(w->b, "%s{\"@hint\": \"cut\", \"n\": %zu}",
				       i ? ", " : "", n - i);
			break;
		}
		if (i)
			ktstr_buf_add(w->b, ", ");
		for (run = 0; i + run < n &&
		     all_zero(base + (i + run) * stride, elen); run++)
			;
		if (run >= ZERO_RUN) {
			ktstr_buf_addf(w->b, "{\"@hint\": \"zeros\", \"n\": %zu}",
				       run);
			i += run;
			continue;
		}
		if (tid)
			render_value(w, tid, base + i * stride, elen, name);
		else
			render_bytes(w, base + i * stride, elen);
		i++;
	}
	ktstr_buf_addc(w->b, ']');
}

static void render_array(struct walk *w, const struct btf_type *t,
			 const unsigned char *data, size_t len,
			 const char *name)
{
	const struct btf_array *a = btf_array(t);
	__u32 eid = a->type;
	const struct btf_type *et = resolve(w->btf, &eid);
	long esz = btf__resolve_size(w->btf, a->type);
	size_t n = a->nelems;

	if (!et || esz <= 0) {
		render_bytes(w, data, len);
		return;
	}
	if (n > len / esz)
		n = len / esz;
	if (esz == 1 && is_char(w->btf, a->type)) {
		render_chars(w, data, n);
		return;
	}
	if (btf_is_int(et) && esz == 8 &&
	    !(btf_int_encoding(et) & BTF_INT_SIGNED) && n && n <= MASK_WORDS &&
	    name_is_cpumask(name, true)) {
		render_cpumask(w, data, n);
		return;
	}
	render_list(w, data, n, esz, esz, a->type, name);
}

static void render_bitfield(struct walk *w, const struct btf_type *mt,
			    const unsigned char *data, size_t len,
			    size_t boff, unsigned int bits, const char *name)
{
	size_t start = boff / 8, shift = boff % 8;
	size_t nbytes = (shift + bits + 7) / 8;
	unsigned long long v;
	__u32 enc;

	if (!mt || start + nbytes > len || nbytes > 8) {
		render_bytes(w, data + (start < len ? start : len),
			     start < len ? len - start : 0);
		return;
	}
	v = load_le(data + start, nbytes) >> shift;
	if (btf_is_any_enum(mt)) {
		emit_enum(w, mt, v, bits);
	} else if (btf_is_int(mt)) {
		enc = btf_int_encoding(mt);
		emit_int(w, v, bits, enc & BTF_INT_SIGNED, enc & BTF_INT_BOOL,
			 name);
	} else {
		render_bytes(w, data + start, nbytes);
	}
}

/*
 * The members of struct or union @t at bit @bit_base of @data into the
 * open object; anonymous members' own members as if they were @t's.
 */
static void render_members(struct walk *w, const struct btf_type *t,
			   const unsigned char *data, size_t len,
			   size_t bit_base, bool *first, unsigned int *cut)
{
	const struct btf_member *m = btf_members(t);
	unsigned int i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(w->btf, m->name_off);
		size_t boff = bit_base + btf_member_bit_offset(t, i);
		unsigned int bits = btf_member_bitfield_size(t, i);
		size_t off = boff / 8;
		__u32 mid = m->type;
		const struct btf_type *mt = resolve(w->btf, &mid);
		long msz;

		if (!mname || !*mname) {
			if (!bits && mt && btf_is_composite(mt))
				render_members(w, mt, data, len, boff, first,
					       cut);
			continue;	/* or bitfield padding */
		}
		if (over(w)) {
			(*cut)++;
			continue;
		}
		key(w->b, first, mname);
		if (bits) {
			render_bitfield(w, mt, data, len, boff, bits, mname);
			continue;
		}
		msz = btf__resolve_size(w->btf, m->type);
		if (msz < 0 || off > len || (size_t)msz > len - off)
			render_bytes(w, data + (off < len ? off : len),
				     off < len ? len - off : 0);
		else
			render_value(w, m->type, data + off, msz, mname);
	}
}

static void render_struct(struct walk *w, const struct btf_type *t,
			  const unsigned char *data, size_t len)
{
	const char *sname = btf__name_by_offset(w->btf, t->name_off);
	unsigned int cut = 0;
	bool first = true;

	/* The kernel's: struct cpumask { unsigned long bits[]; } */
	if (sname && !strcmp(sname, "cpumask") && btf_is_struct(t) &&
	    t->size && t->size % 8 == 0 && t->size / 8 <= MASK_WORDS) {
		render_cpumask(w, data, t->size / 8);
		return;
	}
	/* struct bpf_cpumask { cpumask_t cpumask; refcount_t usage; } */
	if (sname && !strcmp(sname, "bpf_cpumask") && btf_vlen(t) &&
	    !btf_member_bit_offset(t, 0) &&
	    !strcmp(btf__name_by_offset(w->btf, btf_members(t)->name_off),
		    "cpumask")) {
		render_value(w, btf_members(t)->type, data, len, "cpumask");
		return;
	}
	ktstr_buf_addc(w->b, '{');
	render_members(w, t, data, len, 0, &first, &cut);
	if (cut) {
		key(w->b, &first, "@cut");
		ktstr_buf_addf(w->b, "%u", cut);
	}
	ktstr_buf_addc(w->b, '}');
}

/* .bss, .data, .rodata: each variable by name (not format strings). */
static void render_datasec(struct walk *w, const struct btf_type *t,
			   const unsigned char *data, size_t len)
{
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);
	unsigned int i, cut = 0;
	bool first = true;

	ktstr_buf_addc(w->b, '{');
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(w->btf, vs->type);
		const char *vname;

		if (!v || !btf_is_var(v))
			continue;
		vname = btf__name_by_offset(w->btf, v->name_off);
		/* bpf_printk() and scx_bpf_error() formats */
		if (!vname || !*vname || strstr(vname, "___fmt"))
			continue;
		if (over(w) || vs->offset > len || vs->size > len - vs->offset) {
			cut++;
			continue;
		}
		key(w->b, &first, vname);
		render_value(w, v->type, data + vs->offset, vs->size, vname);
	}
	if (cut) {
		key(w->b, &first, "@cut");
		ktstr_buf_addf(w->b, "%u", cut);
	}
	ktstr_buf_addc(w->b, '}');
}

static void render_value(struct walk *w, __u32 id, const unsigned char *data,
			 size_t len, const char *name)
{
	const struct btf_type *t = resolve(w->btf, &id);
	long size;

	if (!t || w->depth >= MAX_DEPTH) {
		render_bytes(w, data, len);
		return;
	}
	size = btf_is_datasec(t) ? (long)len : btf__resolve_size(w->btf, id);
	if (size <= 0 || (size_t)size > len) {
		render_bytes(w, data, len);
		return;
	}
	w->depth++;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		render_int(w, t, data, name);
		break;
	case BTF_KIND_PTR:
		ktstr_buf_addf(w->b, "\"0x%llx\"", load_le(data, size > 8 ? 8 :
							   size));
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		emit_enum(w, t, load_le(data, size > 8 ? 8 : size), size * 8);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		render_struct(w, t, data, size);
		break;
	case BTF_KIND_ARRAY:
		render_array(w, t, data, size, name);
		break;
	case BTF_KIND_DATASEC:
		render_datasec(w, t, data, len);
		break;
	case BTF_KIND_FLOAT:
		render_float(w, t, data);
		break;
	default:
		render_bytes(w, data, size);
		break;
	}
	w->depth--;
}

void ktstr_btf_render_value(struct ktstr_buf *b, const struct btf *btf,
			    unsigned int type_id, const void *data,
			    size_t len, const char *name, size_t limit)
{
	struct walk w = { .b = b, .btf = btf, .limit = limit };

	if (!btf || !type_id)
		render_bytes(&w, data, len);
	else
		render_value(&w, type_id, data, len, name);
}

/* --- records --------------------------------------------------------- */

static void render_key(struct ktstr_buf *b, const struct ktstr_sched_map *m,
		       const unsigned char *k, size_t limit)
{
	if (m->btf && m->btf_key_type_id)
		ktstr_btf_render_value(b, m->btf, m->btf_key_type_id, k,
				       m->key_size, NULL, limit);
	else if (m->key_size == 4)
		ktstr_buf_addf(b, "%llu", load_le(k, 4));
	else
		ktstr_btf_render_value(b, NULL, 0, k, m->key_size, NULL, limit);
}

void ktstr_maps_render_map(struct ktstr_buf *b,
			   const struct ktstr_sched_map *m, size_t budget)
{
	size_t limit = b->len + budget;
	unsigned long left = m->left_out;
	bool percpu = type_percpu(m->type);
	unsigned int i;

	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "map");
	jsonw_kv_long(b, false, "id", m->id);
	jsonw_kv_str(b, false, "name", m->name);
	jsonw_kv_str(b, false, "map_type", ktstr_map_type_name(m->type));
	jsonw_kv_long(b, false, "key_size", m->key_size);
	jsonw_kv_long(b, false, "value_size", m->value_size);
	jsonw_kv_long(b, false, "max_entries", m->max_entries);
	jsonw_kv_bool(b, false, "global_data", ktstr_map_is_global_data(m));
	jsonw_kv_bool(b, false, "btf", m->btf != NULL);
	if (percpu)
		jsonw_kv_long(b, false, "nr_cpus", m->nr_cpus);
	if (!m->read)
		jsonw_kv_str(b, false, "error", "not read");
	else if (m->err)
		jsonw_kv_str(b, false, "error", strerror(-m->err));
	ktstr_buf_add(b, ", \"entries\": [");
	for (i = 0; i < m->n; i++) {
		struct walk w = { .b = b, .btf = m->btf, .limit = limit };
		const unsigned char *v = m->values + i * m->stride;

		if (b->len >= limit) {
			left += m->n - i;
			break;
		}
		ktstr_buf_add(b, i ? ", {\"key\": " : "{\"key\": ");
		render_key(b, m, m->keys + (size_t)i * m->key_size, limit);
		if (percpu) {
			ktstr_buf_add(b, ", \"values\": ");
			render_list(&w, v, m->nr_cpus, m->stride / m->nr_cpus,
				    m->value_size,
				    m->btf ? m->btf_value_type_id : 0, NULL);
		} else {
			ktstr_buf_add(b, ", \"value\": ");
			ktstr_btf_render_value(b, m->btf, m->btf_value_type_id,
					       v, m->value_size, NULL, limit);
		}
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
	jsonw_kv_u64(b, false, "scanned", m->scanned);
	jsonw_kv_u64(b, false, "zero_entries", m->zero);
	jsonw_kv_u64(b, false, "left_out", left);
	jsonw_kv_bool(b, false, "more", m->more);
	ktstr_buf_add(b, "}\n");
}

static void render_summary(struct ktstr_buf *b, const struct ktstr_sched_maps *m)
{
	unsigned int i;

	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "maps");
	jsonw_kv_long(b, false, "held", m->n);
	ktstr_buf_add(b, ", \"skipped\": [");
	for (i = 0; i < m->nr_skipped; i++) {
		const struct ktstr_map_skip *s = &m->skipped[i];

		ktstr_buf_add(b, i ? ", {" : "{");
		jsonw_kv_long(b, true, "id", s->id);
		jsonw_kv_str(b, false, "name", s->name);
		jsonw_kv_str(b, false, "map_type", s->type ?
			     ktstr_map_type_name(s->type) : "");
		jsonw_kv_str(b, false, "why", s->why);
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
	jsonw_kv_long(b, false, "dropped", m->dropped);
	jsonw_kv_long(b, false, "progs_gone", m->progs_gone);
	ktstr_buf_add(b, ", \"limits\": {");
	jsonw_kv_long(b, true, "entries", KTSTR_MAPS_ENTRIES);
	jsonw_kv_long(b, false, "scan", KTSTR_MAPS_SCAN);
	jsonw_kv_long(b, false, "map_text", KTSTR_MAPS_MAP_TEXT);
	jsonw_kv_long(b, false, "text", KTSTR_MAPS_TEXT);
	ktstr_buf_add(b, "}}\n");
}

int ktstr_maps_render(const struct ktstr_sched_maps *m, struct ktstr_buf *b)
{
	size_t start = b->len, used, budget;
	unsigned int i;

	render_summary(b, m);
	for (i = 0; i < m->n; i++) {
		used = b->len - start;
		budget = used < KTSTR_MAPS_TEXT ? KTSTR_MAPS_TEXT - used : 0;
		if (budget > KTSTR_MAPS_MAP_TEXT)
			budget = KTSTR_MAPS_MAP_TEXT;
		ktstr_maps_render_map(b, &m->v[i], budget);
	}
	return b->oom ? -ENOMEM : 0;
}

/* --- holding the maps ------------------------------------------------ */

static bool known(const struct ktstr_sched_maps *m, __u32 id)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].id == id)
			return true;
	for (i = 0; i < m->nr_skipped; i++)
		if (m->skipped[i].id == id)
			return true;
	return false;
}

static int add_skip(struct ktstr_sched_maps *m, __u32 id, const char *name,
		    unsigned int type, const char *why)
{
	struct ktstr_map_skip *v, *s;

	v = realloc(m->skipped, (m->nr_skipped + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	m->skipped = v;
	s = &v[m->nr_skipped++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->type = type;
	s->why = why;
	return 0;
}

static int add_map(struct ktstr_sched_maps *m, __u32 id)
{
	static const char past_limit[] = "past the map limit";
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct ktstr_sched_map *v, *mp;
	const char *why = NULL;
	int fd, err;

	if (known(m, id))
		return 0;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return add_skip(m, id, "", 0, fd == -ENOENT ? "gone" :
				"cannot open");
	err = bpf_map_get_info_by_fd(fd, &info, &len);
	if (err)
		why = "no map info";
	else if (!ktstr_map_type_kept(info.type))
		why = "not scheduler state";
	else if (ends_with(info.name, "uei_dump"))
		why = "the dump's text: in the report already";
	else if (m->n >= KTSTR_MAPS_MAX)
		why = past_limit;
	if (why) {
		close(fd);
		if (why == past_limit)
			m->dropped++;
		return add_skip(m, id, err ? "" : info.name, err ? 0 : info.type,
				why);
	}
	v = realloc(m->v, (m->n + 1) * sizeof(*v));
	if (!v) {
		close(fd);
		return -ENOMEM;
	}
	m->v = v;
	mp = &v[m->n++];
	memset(mp, 0, sizeof(*mp));
	mp->id = id;
	mp->fd = fd;
	snprintf(mp->name, sizeof(mp->name), "%s", info.name);
	mp->type = info.type;
	mp->key_size = info.key_size;
	mp->value_size = info.value_size;
	mp->max_entries = info.max_entries;
	mp->btf_id = info.btf_id;
	mp->btf_key_type_id = info.btf_key_type_id;
	mp->btf_value_type_id = info.btf_value_type_id;
	return 0;
}

/* The ids of the maps program @fd uses, in *@ids (malloc'ed). */
static int map_ids_of(int fd, __u32 **ids, __u32 *n)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err;

	*ids = NULL;
	*n = 0;
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err || !info.nr_map_ids)
		return err;
	*ids = calloc(info.nr_map_ids, sizeof(**ids));
	if (!*ids)
		return -ENOMEM;
	*n = info.nr_map_ids;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = *n;
	info.map_ids = (__u64)(unsigned long)*ids;
	len = sizeof(info);
	err = bpf_prog_get_info_by_fd(fd, &info, &len);
	if (err) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return err;
	}
	if (info.nr_map_ids < *n)
		*n = info.nr_map_ids;
	return 0;
}

int ktstr_maps_collect(const struct ktstr_bpf_progs *progs,
		       struct ktstr_sched_maps *m)
{
	unsigned int i, j;
	__u32 *ids, n;
	int fd, err;

	m->progs_gone = 0;
	for (i = 0; i < progs->n; i++) {
		fd = ktstr_bpf_prog_fd(&progs->v[i]);
		if (fd < 0) {
			m->progs_gone++;
			continue;
		}
		err = map_ids_of(fd, &ids, &n);
		close(fd);
		if (err == -ENOMEM)
			return err;
		if (err) {
			pr_err("BPF prog %u: map ids: %s", progs->v[i].id,
			       strerror(-err));
			continue;
		}
		for (j = 0, err = 0; j < n && !err; j++)
			err = add_map(m, ids[j]);
		free(ids);
		if (err)
			return err;
	}
	return 0;
}

/* --- reading them ---------------------------------------------------- */

static void snap_free(struct ktstr_sched_map *mp)
{
	free(mp->keys);
	free(mp->values);
	mp->keys = mp->values = NULL;
	mp->n = 0;
	mp->scanned = mp->zero = mp->left_out = 0;
	mp->more = false;
	mp->read = false;
	mp->err = 0;
}

/* Scheduler maps share their object's BTF: load each one once. */
static void load_btf(struct ktstr_sched_maps *m, struct ktstr_sched_map *mp)
{
	unsigned int i;

	if (!mp->btf_id || mp->btf)
		return;
	for (i = 0; i < m->n; i++) {
		if (m->v[i].btf_id == mp->btf_id && m->v[i].btf) {
			mp->btf = m->v[i].btf;
			return;
		}
	}
	mp->own_btf = btf__load_from_kernel_by_id(mp->btf_id);
	if (!mp->own_btf)
		pr_err("map %s: BTF %u: %s", mp->name, mp->btf_id,
		       strerror(errno));
	mp->btf = mp->own_btf;
}

static int keep(struct ktstr_sched_map *mp, const void *k, const void *v)
{
	unsigned char *keys, *values;

	if (mp->n >= KTSTR_MAPS_ENTRIES ||
	    (mp->n + 1) * mp->stride > KTSTR_MAPS_KEEP_MAX) {
		mp->left_out++;
		return 0;
	}
	keys = realloc(mp->keys, (mp->n + 1) * (size_t)mp->key_size);
	if (!keys)
		return -ENOMEM;
	mp->keys = keys;
	values = realloc(mp->values, (mp->n + 1) * mp->stride);
	if (!values)
		return -ENOMEM;
	mp->values = values;
	memcpy(keys + (size_t)mp->n * mp->key_size, k, mp->key_size);
	memcpy(values + mp->n * mp->stride, v, mp->stride);
	mp->n++;
	return 0;
}

static int read_array(struct ktstr_sched_map *mp, unsigned char *val,
		      bool global)
{
	__u32 i;
	int err;

	for (i = 0; i < mp->max_entries && i < KTSTR_MAPS_SCAN; i++) {
		err = bpf_map_lookup_elem(mp->fd, &i, val);
		if (err)
			return err;
		mp->scanned++;
		if (!global && all_zero(val, mp->stride)) {
			mp->zero++;
			continue;
		}
		err = keep(mp, &i, val);
		if (err)
			return err;
	}
	mp->more = mp->max_entries > mp->scanned;
	return 0;
}

static int read_hash(struct ktstr_sched_map *mp, unsigned char *val)
{
	unsigned char *k = malloc(mp->key_size), *next = malloc(mp->key_size);
	int err = -ENOMEM;

	if (!k || !next)
		goto out;
	err = bpf_map_get_next_key(mp->fd, NULL, next);
	while (!err && mp->scanned < KTSTR_MAPS_SCAN) {
		memcpy(k, next, mp->key_size);
		/* deleted meanwhile: skip it */
		if (!bpf_map_lookup_elem(mp->fd, k, val)) {
			mp->scanned++;
			err = keep(mp, k, val);
			if (err)
				goto out;
		}
		err = bpf_map_get_next_key(mp->fd, k, next);
	}
	mp->more = !err;
	if (err == -ENOENT || !err)
		err = 0;
out:
	free(k);
	free(next);
	return err;
}

static int read_entries(struct ktstr_sched_map *mp)
{
	unsigned char *val = malloc(mp->stride);
	int err;

	if (!val)
		return -ENOMEM;
	if (type_array(mp->type))
		err = read_array(mp, val, ktstr_map_is_global_data(mp));
	else
		err = read_hash(mp, val);
	free(val);
	return err;
}

int ktstr_maps_snapshot(struct ktstr_sched_maps *m)
{
	int ncpus = 0, err;
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		struct ktstr_sched_map *mp = &m->v[i];

		snap_free(mp);
		load_btf(m, mp);
		mp->read = true;
		mp->nr_cpus = 1;
		mp->stride = mp->value_size;
		if (type_percpu(mp->type)) {
			if (!ncpus)
				ncpus = libbpf_num_possible_cpus();
			if (ncpus <= 0) {
				mp->err = ncpus ? ncpus : -EINVAL;
				ncpus = 0;
				continue;
			}
			mp->nr_cpus = ncpus;
			mp->stride = ((mp->value_size + 7) & ~7UL) * ncpus;
		}
		if (!mp->stride || !mp->key_size ||
		    mp->stride > KTSTR_MAPS_VALUE_MAX) {
			mp->err = -E2BIG;
			continue;
		}
		err = read_entries(mp);
		if (err == -ENOMEM)
			return err;
		mp->err = err;
	}
	return 0;
}

void ktstr_maps_free(struct ktstr_sched_maps *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		snap_free(&m->v[i]);
		if (m->v[i].fd >= 0)
			close(m->v[i].fd);
	}
	/* Owners last: the others share their BTF. */
	for (i = 0; i < m->n; i++)
		btf__free(m->v[i].own_btf);
	free(m->v);
	free(m->skipped);
	memset(m, 0, sizeof(*m));
}
