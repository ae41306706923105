// SPDX-License-Identifier: GPL-2.0
/*
 * The values of the scheduler's maps as JSON, walked by their BTF type
 * (ktstr_btf_render_value(), probe_maps.h): structs by member, global
 * data by variable, CPU masks, DSQ ids and enums annotated with an
 * "@hint" (docs/probe-payload.md, "Values"). Pure over BTF and bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "guest/lib/jsonw.h"
#include "guest/probe/probe_maps.h"
#include "guest/probe/probe_maps_internal.h"

#define MAX_DEPTH	12	/* nesting of values rendered */
#define ZERO_RUN	4	/* zero elements in a row shown as one marker */
#define BYTES_SHOWN	64	/* of a value rendered as bytes */
#define MASK_WORDS	128	/* 8192 CPUs: longer arrays are no mask */

static bool over(const struct walk *w)
{
	return w->b->len >= w->limit || w->b->oom;
}

bool probe_maps_all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Little-endian, as the x86 guest stores it; @n at most 8. */
unsigned long long probe_maps_load_le(const unsigned char *p, size_t n)
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
		unsigned long long v = probe_maps_load_le(p + i * 8, 8);

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
	return name && (probe_maps_ends_with(name, "dsq") ||
			probe_maps_ends_with(name, "dsq_id"));
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
	emit_int(w, probe_maps_load_le(data, t->size) >> btf_int_offset(t),
		 bits, enc & BTF_INT_SIGNED, enc & BTF_INT_BOOL, name);
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
	if (!k && !probe_maps_all_zero(p, n)) {
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
void probe_maps_render_list(struct walk *w, const unsigned char *base,
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
		     probe_maps_all_zero(base + (i + run) * stride, elen);
		     run++)
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
	probe_maps_render_list(w, data, n, esz, esz, a->type, name);
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
	v = probe_maps_load_le(data + start, nbytes) >> shift;
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
		ktstr_buf_addf(w->b, "\"0x%llx\"",
			       probe_maps_load_le(data, size > 8 ? 8 : size));
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		emit_enum(w, t, probe_maps_load_le(data, size > 8 ? 8 : size),
			  size * 8);
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
