// SPDX-License-Identifier: GPL-2.0
/*
 * The failure dump's BTF walker and map records (guest/probe/probe_maps.c)
 * on the BTF of the suite's own BPF objects - scx_qmap.bpf.o and
 * scx_ktstr.bpf.o, opened with libbpf as the loader does, which fixes up
 * their DATASECs just as the kernel then gets them - with value bytes
 * made up at the offsets that BTF gives. BTF built here with libbpf's
 * btf__add_*() covers what those objects lack: enums, bitfields, unions,
 * CPU masks and DSQ ids. Every record must parse with json-c.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"
#include "common/protocol.h"
#include "guest/probe/probe_int.h"
#include "guest/probe/probe_maps.h"
#include "host/repro/repro_dump.h"
#include "host/repro/repro_payload.h"

#ifndef KTSTR_OBJ_DIR
#define KTSTR_OBJ_DIR	"."
#endif

/* A map of a BPF object, as the guest would hold it, with no entries. */
struct obj {
	struct bpf_object *o;
	const struct btf *btf;
};

static bool obj_open(struct obj *ob, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", KTSTR_OBJ_DIR, name);
	if (access(path, R_OK))
		return false;
	ob->o = bpf_object__open_file(path, NULL);
	if (!ob->o)
		return false;
	ob->btf = bpf_object__btf(ob->o);
	return ob->btf != NULL;
}

/* libbpf names global data "<object name, cut>.<section>". */
static bool map_from_obj(struct ktstr_sched_map *m, const struct obj *ob,
			 const char *name)
{
	const struct bpf_map *bm = bpf_object__find_map_by_name(ob->o, name);

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	if (!bm)
		return false;
	snprintf(m->name, sizeof(m->name), "%s", bpf_map__name(bm));
	m->type = bpf_map__type(bm);
	m->key_size = bpf_map__key_size(bm);
	m->value_size = bpf_map__value_size(bm);
	m->max_entries = bpf_map__max_entries(bm);
	m->btf_id = 1;
	m->btf_key_type_id = bpf_map__btf_key_type_id(bm);
	m->btf_value_type_id = bpf_map__btf_value_type_id(bm);
	m->btf = ob->btf;
	m->read = true;
	m->nr_cpus = 1;
	m->stride = m->value_size;
	return true;
}

/* Give @m one more entry; the bytes are the caller's to fill in. */
static unsigned char *map_add(struct ktstr_sched_map *m, uint32_t key)
{
	unsigned char *v;

	m->keys = realloc(m->keys, (m->n + 1) * m->key_size);
	m->values = realloc(m->values, (m->n + 1) * m->stride);
	if (!m->keys || !m->values)
		return NULL;
	memset(m->keys + m->n * m->key_size, 0, m->key_size);
	memcpy(m->keys + m->n * m->key_size, &key,
	       m->key_size < sizeof(key) ? m->key_size : sizeof(key));
	v = m->values + m->n * m->stride;
	memset(v, 0, m->stride);
	m->n++;
	m->scanned++;
	return v;
}

static void map_clear(struct ktstr_sched_map *m)
{
	free(m->keys);
	free(m->values);
	m->keys = m->values = NULL;
	m->n = 0;
}

/* The offset of variable @var in DATASEC @sec. */
static long var_off(const struct btf *btf, const char *sec, const char *var)
{
	int id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	unsigned int i;

	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++)
		if (!strcmp(btf__name_by_offset(btf,
			    btf__type_by_id(btf, vs->type)->name_off), var))
			return vs->offset;
	return -1;
}

/* The byte offset of member @name of struct @sname. */
static long member_off(const struct btf *btf, const char *sname,
		       const char *name)
{
	int id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	const struct btf_member *m;
	const struct btf_type *t;
	unsigned int i;

	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name))
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

/* The record @m renders to, parsed; NULL if it is not one JSON line. */
static json_object *render_map(const struct ktstr_sched_map *m,
			       size_t budget, size_t *len)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	json_object *obj;
	const char *s;

	ktstr_maps_render_map(&b, m, budget);
	s = ktstr_buf_str(&b);
	*len = b.len;
	obj = b.len && s[b.len - 1] == '\n' && !memchr(s, '\n', b.len - 1) ?
	      json_tokener_parse(s) : NULL;
	if (!obj)
		fprintf(stderr, "# not a JSON line: %.400s\n", s);
	ktstr_buf_free(&b);
	return obj;
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, k, &v);
	return v;
}

static json_object *value0(json_object *rec)
{
	json_object *e = json_object_array_get_idx(get(rec, "entries"), 0);

	return get(e, "value");
}

static const char *str(json_object *o)
{
	return o ? json_object_get_string(o) : "(absent)";
}

/* The value of @v rendered alone, as a JSON string (for comparisons). */
static const char *js(json_object *v)
{
	return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN) :
		   "(absent)";
}

FIXTURE(qmap) {
	struct obj ob;
};

FIXTURE_SETUP(qmap)
{
	if (!obj_open(&self->ob, "scx_qmap.bpf.o"))
		SKIP(return, "no %s/scx_qmap.bpf.o (build the suite first)",
		     KTSTR_OBJ_DIR);
}

FIXTURE_TEARDOWN(qmap)
{
	bpf_object__close(self->ob.o);
}

/* .bss: every variable by name, counters, an array, static locals. */
TEST_F(qmap, bss)
{
	struct ktstr_sched_map m;
	json_object *rec, *v;
	unsigned char *val;
	uint64_t u64;
	uint32_t u32;
	size_t len;
	long off;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_qmap.bss"));
	ASSERT_NE(0U, m.btf_value_type_id);
	EXPECT_TRUE(ktstr_map_is_global_data(&m));
	ASSERT_NE(NULL, val = map_add(&m, 0));

	off = var_off(m.btf, ".bss", "nr_enqueued");
	ASSERT_GE(off, 0);
	u64 = 1500;
	memcpy(val + off, &u64, 8);
	off = var_off(m.btf, ".bss", "test_error_cnt");
	ASSERT_GE(off, 0);
	u32 = 500;
	memcpy(val + off, &u32, 4);
	off = var_off(m.btf, ".bss", "core_sched_tail_seqs");
	ASSERT_GE(off, 0);
	u64 = 5;
	memcpy(val + off + 2 * 8, &u64, 8);
	off = var_off(m.btf, ".bss", "____qmap_enqueue.user_cnt");
	ASSERT_GE(off, 0);
	u32 = 7;
	memcpy(val + off, &u32, 4);

	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_STREQ("map", str(get(rec, "type")));
	EXPECT_STREQ("scx_qmap.bss", str(get(rec, "name")));
	EXPECT_STREQ("array", str(get(rec, "map_type")));
	EXPECT_EQ(216, json_object_get_int(get(rec, "value_size")));
	EXPECT_TRUE(json_object_get_boolean(get(rec, "global_data")));
	EXPECT_EQ(0, json_object_get_int(get(rec, "left_out")));
	EXPECT_EQ(NULL, get(rec, "error"));
	v = value0(rec);
	ASSERT_NE(NULL, v);
	EXPECT_EQ(1500, json_object_get_int64(get(v, "nr_enqueued")));
	EXPECT_EQ(500, json_object_get_int(get(v, "test_error_cnt")));
	EXPECT_EQ(0, json_object_get_int(get(v, "nr_dispatched")));
	EXPECT_STREQ("[0,0,5,0,0]", js(get(v, "core_sched_tail_seqs")));
	EXPECT_EQ(7, json_object_get_int(get(v, "____qmap_enqueue.user_cnt")));
	EXPECT_NE(NULL, get(v, "dispatch_highpri.highpri_seq"));
	EXPECT_NE(NULL, get(v, "cpuperf_target_max"));
	json_object_put(rec);
	map_clear(&m);
}

/* .data: user_exit_info's strings and a negative s64; no format strings. */
TEST_F(qmap, data_uei)
{
	struct ktstr_sched_map m;
	json_object *rec, *uei;
	unsigned char *val;
	long off, o;
	int32_t kind = 1025;
	int64_t code = -22;
	size_t len;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_qmap.data"));
	ASSERT_NE(NULL, val = map_add(&m, 0));
	off = var_off(m.btf, ".data", "uei");
	ASSERT_GE(off, 0);
	memcpy(val + off + member_off(m.btf, "user_exit_info", "kind"),
	       &kind, 4);
	memcpy(val + off + member_off(m.btf, "user_exit_info", "exit_code"),
	       &code, 8);
	o = member_off(m.btf, "user_exit_info", "reason");
	ASSERT_GE(o, 0);
	snprintf((char *)val + off + o, 128, "scx_bpf_error");
	o = member_off(m.btf, "user_exit_info", "msg");
	snprintf((char *)val + off + o, 1024, "test \"triggering\" error");
	/* a format string the guest must not send */
	off = var_off(m.btf, ".data", "____qmap_enqueue.___fmt");
	ASSERT_GE(off, 0);
	snprintf((char *)val + off, 4, "fmt");

	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	uei = get(value0(rec), "uei");
	ASSERT_NE(NULL, uei);
	EXPECT_EQ(1025, json_object_get_int(get(uei, "kind")));
	EXPECT_EQ(-22, json_object_get_int64(get(uei, "exit_code")));
	EXPECT_STREQ("scx_bpf_error", str(get(uei, "reason")));
	EXPECT_STREQ("test \"triggering\" error", str(get(uei, "msg")));
	EXPECT_EQ(NULL, get(value0(rec), "____qmap_enqueue.___fmt"));
	EXPECT_EQ(1, json_object_object_length(value0(rec)));
	json_object_put(rec);
	map_clear(&m);
}

/* .rodata: the loader's knobs, a bool and a negative s32. */
TEST_F(qmap, rodata)
{
	struct ktstr_sched_map m;
	json_object *rec, *v;
	unsigned char *val;
	uint64_t slice = 20000000;
	int32_t tgid = -1;
	size_t len;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_qmap.rodata"));
	ASSERT_NE(NULL, val = map_add(&m, 0));
	memcpy(val + var_off(m.btf, ".rodata", "slice_ns"), &slice, 8);
	val[var_off(m.btf, ".rodata", "highpri_boosting")] = 1;
	memcpy(val + var_off(m.btf, ".rodata", "disallow_tgid"), &tgid, 4);
	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	v = value0(rec);
	EXPECT_EQ(20000000, json_object_get_int64(get(v, "slice_ns")));
	EXPECT_TRUE(json_object_is_type(get(v, "highpri_boosting"),
					json_type_boolean));
	EXPECT_TRUE(json_object_get_boolean(get(v, "highpri_boosting")));
	EXPECT_FALSE(json_object_get_boolean(get(v, "print_shared_dsq")));
	EXPECT_EQ(-1, json_object_get_int(get(v, "disallow_tgid")));
	json_object_put(rec);
	map_clear(&m);
}

/* A percpu array: one value per CPU, idle CPUs as one zero run. */
TEST_F(qmap, percpu)
{
	struct ktstr_sched_map m;
	json_object *rec, *vals, *c0;
	unsigned char *val;
	uint64_t idx = 2;
	uint32_t weight = 97;
	size_t len;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "cpu_ctx_stor"));
	ASSERT_EQ(BPF_MAP_TYPE_PERCPU_ARRAY, (int)m.type);
	m.nr_cpus = 8;
	m.stride = ((m.value_size + 7) & ~7U) * 8;
	ASSERT_NE(NULL, val = map_add(&m, 0));
	memcpy(val + member_off(m.btf, "cpu_ctx", "dsp_idx"), &idx, 8);
	memcpy(val + member_off(m.btf, "cpu_ctx", "avg_weight"), &weight, 4);
	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_STREQ("percpu_array", str(get(rec, "map_type")));
	EXPECT_EQ(8, json_object_get_int(get(rec, "nr_cpus")));
	EXPECT_FALSE(json_object_get_boolean(get(rec, "global_data")));
	vals = get(json_object_array_get_idx(get(rec, "entries"), 0),
		   "values");
	ASSERT_NE(NULL, vals);
	ASSERT_EQ(2U, json_object_array_length(vals));
	c0 = json_object_array_get_idx(vals, 0);
	EXPECT_EQ(2, json_object_get_int(get(c0, "dsp_idx")));
	EXPECT_EQ(97, json_object_get_int(get(c0, "avg_weight")));
	EXPECT_EQ(0, json_object_get_int(get(c0, "dsp_cnt")));
	EXPECT_STREQ("{\"@hint\":\"zeros\",\"n\":7}",
		     js(json_object_array_get_idx(vals, 1)));
	json_object_put(rec);
	map_clear(&m);
}

/* Rendering without BTF: the bytes, in memory order. */
TEST_F(qmap, no_btf)
{
	struct ktstr_sched_map m;
	json_object *rec, *e;
	unsigned char *val;
	size_t len;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "monitor_timer"));
	m.btf = NULL;
	ASSERT_NE(NULL, val = map_add(&m, 3));
	val[0] = 0xab;
	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_FALSE(json_object_get_boolean(get(rec, "btf")));
	e = json_object_array_get_idx(get(rec, "entries"), 0);
	EXPECT_EQ(3, json_object_get_int(get(e, "key")));
	EXPECT_STREQ("bytes", str(get(get(e, "value"), "@hint")));
	EXPECT_STREQ("ab000000000000000000000000000000",
		     str(get(get(e, "value"), "hex")));
	json_object_put(rec);
	map_clear(&m);
}

FIXTURE(ktstr) {
	struct obj ob;
};

FIXTURE_SETUP(ktstr)
{
	if (!obj_open(&self->ob, "scx_ktstr.bpf.o"))
		SKIP(return, "no %s/scx_ktstr.bpf.o (build the suite first)",
		     KTSTR_OBJ_DIR);
}

FIXTURE_TEARDOWN(ktstr)
{
	bpf_object__close(self->ob.o);
}

/* scx_ktstr's .bss: a 512-slot array, mostly zero, summarised. */
TEST_F(ktstr, sparse_array)
{
	struct ktstr_sched_map m;
	json_object *rec, *arr;
	unsigned char *val;
	uint64_t v = 7;
	size_t len, esz = 16;
	long off;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_ktst.bss"));
	ASSERT_NE(NULL, val = map_add(&m, 0));
	off = var_off(m.btf, ".bss", "cpu_ctxs");
	ASSERT_GE(off, 0);
	memcpy(val + off + 1 * esz, &v, 8);
	v = 2;
	memcpy(val + off + 300 * esz + 8, &v, 8);
	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_LT(len, 2000U);
	arr = get(value0(rec), "cpu_ctxs");
	ASSERT_EQ(5U, json_object_array_length(arr));
	EXPECT_STREQ("{\"dispatched\":0,\"skipped\":0}",
		     js(json_object_array_get_idx(arr, 0)));
	EXPECT_STREQ("{\"dispatched\":7,\"skipped\":0}",
		     js(json_object_array_get_idx(arr, 1)));
	EXPECT_STREQ("{\"@hint\":\"zeros\",\"n\":298}",
		     js(json_object_array_get_idx(arr, 2)));
	EXPECT_STREQ("{\"dispatched\":0,\"skipped\":2}",
		     js(json_object_array_get_idx(arr, 3)));
	EXPECT_STREQ("{\"@hint\":\"zeros\",\"n\":211}",
		     js(json_object_array_get_idx(arr, 4)));
	json_object_put(rec);
	map_clear(&m);
}

/* The knobs: an anonymous struct in .rodata, member by member. */
TEST_F(ktstr, knobs)
{
	struct ktstr_sched_map m;
	json_object *rec, *k;
	unsigned char *val;
	uint64_t after = 300;
	size_t len;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_ktst.rodata"));
	ASSERT_NE(NULL, val = map_add(&m, 0));
	memcpy(val + var_off(m.btf, ".rodata", "knobs"), &after, 8);
	rec = render_map(&m, KTSTR_MAPS_MAP_TEXT, &len);
	ASSERT_NE(NULL, rec);
	k = get(value0(rec), "knobs");
	EXPECT_EQ(300, json_object_get_int(get(k, "error_after")));
	EXPECT_FALSE(json_object_get_boolean(get(k, "fifo_sched")));
	EXPECT_NE(NULL, get(k, "verifier_fail"));
	json_object_put(rec);
	map_clear(&m);
}

/* A dense .bss past the per-map budget: cut, counted, still JSON. */
TEST_F(ktstr, budget)
{
	struct ktstr_sched_map m;
	json_object *rec, *arr, *last;
	unsigned char *val;
	uint64_t v;
	size_t len, i;
	long off;

	ASSERT_TRUE(map_from_obj(&m, &self->ob, "scx_ktst.bss"));
	ASSERT_NE(NULL, val = map_add(&m, 0));
	off = var_off(m.btf, ".bss", "cpu_ctxs");
	for (i = 0; i < 512; i++) {
		v = 1000000 + i;
		memcpy(val + off + i * 16, &v, 8);
	}
	rec = render_map(&m, 4096, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_LT(len, 4096U + 512);
	arr = get(value0(rec), "cpu_ctxs");
	ASSERT_NE(NULL, arr);
	last = json_object_array_get_idx(arr,
					 json_object_array_length(arr) - 1);
	EXPECT_STREQ("cut", str(get(last, "@hint")));
	EXPECT_EQ(512, (int)json_object_array_length(arr) - 1 +
		       json_object_get_int(get(last, "n")));
	json_object_put(rec);

	/* No budget at all: the map is there, its entry left out. */
	rec = render_map(&m, 0, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_EQ(0U, json_object_array_length(get(rec, "entries")));
	EXPECT_EQ(1, json_object_get_int(get(rec, "left_out")));
	json_object_put(rec);
	map_clear(&m);
}

/* --- BTF made here: what the schedulers' objects do not have ---------- */

struct made {
	struct btf *btf;
	int u64_id, s8_id, u32_id, bool_id, char_id, int_id;
	int val_id;	/* struct val below */
};

/*
 *	enum dsq_kind { KIND_A = 1, KIND_B = -2 } (4 bytes, signed);
 *	struct cpumask { unsigned long bits[2]; };
 *	struct val {
 *		u64 dsq_id;			0
 *		u64 shared_dsq;			8
 *		u64 idle_cpus[2];		16
 *		struct cpumask mask;		32
 *		enum dsq_kind kind;		48
 *		enum dsq_kind other;		52
 *		unsigned int f3:3, :2;		56, bits 0-2 (and padding)
 *		int neg:5;			56, bits 5-9
 *		union { u32 word; char c[4]; } u;	60
 *		struct { u32 inner; };		64 (anonymous)
 *		void *ptr;			72
 *		char name[8];			80
 *		char bin[4];			88
 *		s8 small;			92
 *		bool on;			93
 *		double d;			96
 *	};				size 104
 */
static int make_btf(struct made *mk)
{
	struct btf *b = btf__new_empty();
	int ul, arr2, cm, en, un, anon, ptr, arr8, arr4, dbl, c4;

	if (!b)
		return -ENOMEM;
	mk->btf = b;
	mk->u64_id = btf__add_int(b, "unsigned long long", 8, 0);
	ul = btf__add_int(b, "unsigned long", 8, 0);
	mk->s8_id = btf__add_int(b, "signed char", 1, BTF_INT_SIGNED);
	mk->u32_id = btf__add_int(b, "unsigned int", 4, 0);
	mk->int_id = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	mk->bool_id = btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
	mk->char_id = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	dbl = btf__add_float(b, "double", 8);
	arr2 = btf__add_array(b, mk->u32_id, mk->u64_id, 2);
	cm = btf__add_struct(b, "cpumask", 16);
	btf__add_field(b, "bits", btf__add_array(b, mk->u32_id, ul, 2), 0, 0);
	en = btf__add_enum(b, "dsq_kind", 4);
	btf__add_enum_value(b, "KIND_A", 1);
	btf__add_enum_value(b, "KIND_B", -2);
	c4 = btf__add_array(b, mk->u32_id, mk->char_id, 4);
	un = btf__add_union(b, NULL, 4);
	btf__add_field(b, "word", mk->u32_id, 0, 0);
	btf__add_field(b, "c", c4, 0, 0);
	anon = btf__add_struct(b, NULL, 4);
	btf__add_field(b, "inner", mk->u32_id, 0, 0);
	ptr = btf__add_ptr(b, 0);
	arr8 = btf__add_array(b, mk->u32_id, mk->char_id, 8);
	arr4 = btf__add_array(b, mk->u32_id, mk->char_id, 4);
	mk->val_id = btf__add_struct(b, "val", 104);
	btf__add_field(b, "dsq_id", mk->u64_id, 0, 0);
	btf__add_field(b, "shared_dsq", mk->u64_id, 64, 0);
	btf__add_field(b, "idle_cpus", arr2, 128, 0);
	btf__add_field(b, "mask", cm, 256, 0);
	btf__add_field(b, "kind", en, 384, 0);
	btf__add_field(b, "other", en, 416, 0);
	btf__add_field(b, "f3", mk->u32_id, 448, 3);
	btf__add_field(b, NULL, mk->u32_id, 451, 2);
	btf__add_field(b, "neg", mk->int_id, 453, 5);
	btf__add_field(b, "u", un, 480, 0);
	btf__add_field(b, NULL, anon, 512, 0);
	btf__add_field(b, "ptr", ptr, 576, 0);
	btf__add_field(b, "name", arr8, 640, 0);
	btf__add_field(b, "bin", arr4, 704, 0);
	btf__add_field(b, "small", mk->s8_id, 736, 0);
	btf__add_field(b, "on", mk->bool_id, 744, 0);
	btf__add_field(b, "d", dbl, 768, 0);
	return mk->val_id > 0 ? 0 : mk->val_id;
}

static json_object *render_value(const struct made *mk, const void *data,
				 size_t len, const char *name, size_t limit)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	json_object *obj;

	ktstr_btf_render_value(&b, mk->btf, mk->val_id, data, len, name,
			       limit);
	obj = json_tokener_parse(ktstr_buf_str(&b));
	if (!obj)
		fprintf(stderr, "# not JSON: %s\n", ktstr_buf_str(&b));
	ktstr_buf_free(&b);
	return obj;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

TEST(made_kinds)
{
	unsigned char val[104] = { 0 };
	struct made mk;
	json_object *o;
	uint32_t u;
	int32_t s = 7;
	double d = 0.5;

	ASSERT_EQ(0, make_btf(&mk));
	put_u64(val + 0, 0x8000000000000002ULL);	/* SCX_DSQ_LOCAL */
	put_u64(val + 8, 0x4000000000000003ULL);
	put_u64(val + 16, 0xf);				/* CPUs 0-3 */
	put_u64(val + 24, 0x1);				/* and 64 */
	put_u64(val + 32, 0x100);			/* CPU 8 */
	u = (uint32_t)-2;
	memcpy(val + 48, &u, 4);			/* KIND_B */
	memcpy(val + 52, &s, 4);			/* no name */
	u = 5 | (3 << 3) | (0x1a << 5);			/* f3=5, neg=-6 */
	memcpy(val + 56, &u, 4);
	memcpy(val + 60, "ab\0\0", 4);
	u = 42;
	memcpy(val + 64, &u, 4);
	put_u64(val + 72, 0xffff888012345678ULL);
	memcpy(val + 80, "init", 5);
	memcpy(val + 88, "\x01\x02\x00\x03", 4);
	val[92] = (unsigned char)-3;
	val[93] = 1;
	memcpy(val + 96, &d, 8);

	o = render_value(&mk, val, sizeof(val), NULL, 1 << 20);
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("{\"@hint\":\"dsq_id\",\"v\":\"0x8000000000000002\"}",
		     js(get(o, "dsq_id")));
	EXPECT_STREQ("{\"@hint\":\"dsq_id\",\"v\":\"0x4000000000000003\"}",
		     js(get(o, "shared_dsq")));
	EXPECT_STREQ("{\"@hint\":\"cpumask\",\"v\":\"0x1000000000000000f\"}",
		     js(get(o, "idle_cpus")));
	EXPECT_STREQ("{\"@hint\":\"cpumask\",\"v\":\"0x100\"}",
		     js(get(o, "mask")));
	EXPECT_STREQ("{\"@hint\":\"enum\",\"name\":\"KIND_B\",\"v\":-2}",
		     js(get(o, "kind")));
	EXPECT_STREQ("{\"@hint\":\"enum\",\"v\":7}", js(get(o, "other")));
	EXPECT_EQ(5, json_object_get_int(get(o, "f3")));
	EXPECT_EQ(-6, json_object_get_int(get(o, "neg")));
	EXPECT_EQ(0x6261, json_object_get_int(get(get(o, "u"), "word")));
	EXPECT_STREQ("ab", str(get(get(o, "u"), "c")));
	EXPECT_EQ(42, json_object_get_int(get(o, "inner")));
	EXPECT_STREQ("0xffff888012345678", str(get(o, "ptr")));
	EXPECT_STREQ("init", str(get(o, "name")));
	EXPECT_STREQ("{\"@hint\":\"bytes\",\"hex\":\"01020003\"}",
		     js(get(o, "bin")));
	EXPECT_EQ(-3, json_object_get_int(get(o, "small")));
	EXPECT_TRUE(json_object_get_boolean(get(o, "on")));
	EXPECT_TRUE(json_object_get_double(get(o, "d")) == 0.5);
	/* 16 members; the anonymous struct's one in place of it */
	EXPECT_EQ(16, json_object_object_length(o));
	json_object_put(o);

	/* A value shorter than its type is bytes, not a read past it. */
	o = render_value(&mk, val, 8, NULL, 1 << 20);
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("bytes", str(get(o, "@hint")));
	json_object_put(o);

	/* Out of room at once: every member is counted as cut. */
	o = render_value(&mk, val, sizeof(val), NULL, 0);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(16, json_object_get_int(get(o, "@cut")));
	json_object_put(o);
	btf__free(mk.btf);
}

/* A string longer than the guest shows is cut and says how long it was. */
TEST(long_string)
{
	struct btf *b = btf__new_empty();
	struct ktstr_buf out = KTSTR_BUF_INIT;
	char s[1000];
	json_object *o;
	int c, arr;

	ASSERT_NE(NULL, b);
	c = btf__add_int(b, "char", 1, BTF_INT_SIGNED);
	arr = btf__add_array(b, btf__add_int(b, "int", 4, 0), c, sizeof(s));
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	ktstr_btf_render_value(&out, b, arr, s, sizeof(s), "log", 1 << 20);
	o = json_tokener_parse(ktstr_buf_str(&out));
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("string", str(get(o, "@hint")));
	EXPECT_EQ(KTSTR_MAPS_STR_MAX, (int)strlen(str(get(o, "v"))));
	EXPECT_EQ(999, json_object_get_int(get(o, "len")));
	json_object_put(o);
	ktstr_buf_free(&out);
	btf__free(b);
}

/* A hash map: keys by BTF, entries past the budget counted. */
TEST(hash_map)
{
	struct ktstr_sched_map m = { 0 };
	unsigned char val[104] = { 0 };
	struct made mk;
	json_object *rec;
	size_t len;
	unsigned int i;

	ASSERT_EQ(0, make_btf(&mk));
	m.fd = -1;
	snprintf(m.name, sizeof(m.name), "task_dsqs");
	m.type = BPF_MAP_TYPE_HASH;
	m.key_size = 4;
	m.value_size = sizeof(val);
	m.max_entries = 1024;
	m.btf = mk.btf;
	m.btf_key_type_id = mk.int_id;
	m.btf_value_type_id = mk.val_id;
	m.read = true;
	m.nr_cpus = 1;
	m.stride = sizeof(val);
	for (i = 0; i < 40; i++) {
		unsigned char *v = map_add(&m, 1000 + i);

		ASSERT_NE(NULL, v);
		memcpy(v, val, sizeof(val));
		put_u64(v, 0x8000000000000001ULL);
	}
	m.left_out = 5;
	m.more = true;
	rec = render_map(&m, 2048, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_STREQ("hash", str(get(rec, "map_type")));
	EXPECT_FALSE(json_object_get_boolean(get(rec, "global_data")));
	EXPECT_EQ(1000, json_object_get_int(get(json_object_array_get_idx(
			get(rec, "entries"), 0), "key")));
	EXPECT_EQ(40 + 5, (int)json_object_array_length(get(rec, "entries")) +
			  json_object_get_int(get(rec, "left_out")));
	EXPECT_LT(json_object_array_length(get(rec, "entries")), 40U);
	EXPECT_TRUE(json_object_get_boolean(get(rec, "more")));
	json_object_put(rec);

	m.read = false;
	rec = render_map(&m, 1 << 20, &len);
	ASSERT_NE(NULL, rec);
	EXPECT_STREQ("not read", str(get(rec, "error")));
	json_object_put(rec);
	map_clear(&m);
	btf__free(mk.btf);
}

/* The "maps" line, and the "map" lines after it, within the total. */
TEST(records)
{
	struct ktstr_map_skip skipped[2] = {
		{ .id = 3, .name = "queue0", .type = BPF_MAP_TYPE_QUEUE,
		  .why = "not scheduler state" },
		{ .id = 9, .name = "qmap_ops", .type = BPF_MAP_TYPE_STRUCT_OPS,
		  .why = "not scheduler state" },
	};
	struct ktstr_sched_map v[2] = {
		{ .id = 4, .name = "a", .type = BPF_MAP_TYPE_ARRAY,
		  .key_size = 4, .value_size = 8, .max_entries = 1, .fd = -1 },
		{ .id = 5, .name = "b.bss", .type = BPF_MAP_TYPE_ARRAY,
		  .key_size = 4, .value_size = 8, .max_entries = 1, .fd = -1,
		  .read = true, .err = -EPERM },
	};
	struct ktstr_sched_maps m = {
		.v = v, .n = 2, .skipped = skipped, .nr_skipped = 2,
	};
	struct ktstr_buf b = KTSTR_BUF_INIT;
	json_object *o, *s;
	char *line, *save = NULL, *copy;
	int nr = 0;

	ASSERT_EQ(0, ktstr_maps_render(&m, &b));
	copy = strdup(ktstr_buf_str(&b));
	ASSERT_NE(NULL, copy);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), nr++) {
		o = json_tokener_parse(line);
		ASSERT_NE(NULL, o);
		if (!nr) {
			EXPECT_STREQ("maps", str(get(o, "type")));
			EXPECT_EQ(2, json_object_get_int(get(o, "held")));
			s = json_object_array_get_idx(get(o, "skipped"), 1);
			EXPECT_STREQ("qmap_ops", str(get(s, "name")));
			EXPECT_STREQ("struct_ops", str(get(s, "map_type")));
			EXPECT_EQ(64, json_object_get_int(get(get(o, "limits"),
							      "entries")));
		} else if (nr == 1) {
			EXPECT_STREQ("a", str(get(o, "name")));
			EXPECT_STREQ("not read", str(get(o, "error")));
		} else {
			EXPECT_TRUE(json_object_get_boolean(get(o,
							"global_data")));
			EXPECT_STREQ(strerror(EPERM), str(get(o, "error")));
		}
		json_object_put(o);
	}
	EXPECT_EQ(3, nr);
	free(copy);
	ktstr_buf_free(&b);
}

TEST(types)
{
	EXPECT_TRUE(ktstr_map_type_kept(BPF_MAP_TYPE_ARRAY));
	EXPECT_TRUE(ktstr_map_type_kept(BPF_MAP_TYPE_LRU_PERCPU_HASH));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_STRUCT_OPS));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_RINGBUF));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_STACK_TRACE));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_PROG_ARRAY));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_ARENA));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_QUEUE));
	EXPECT_FALSE(ktstr_map_type_kept(BPF_MAP_TYPE_TASK_STORAGE));
	EXPECT_STREQ("lru_percpu_hash",
		     ktstr_map_type_name(BPF_MAP_TYPE_LRU_PERCPU_HASH));
	EXPECT_STREQ("unknown", ktstr_map_type_name(100000));
}

/*
 * The round trip: what the guest renders for qmap's .bss and .data, and
 * BTF made here, read back by the host's payload parser and failure dump.
 */
static void round_trip(struct __test_metadata *_metadata,
		       const struct obj *ob)
{
	struct ktstr_sched_map v[2];
	struct ktstr_map_skip skip = {
		.id = 9, .name = "qmap_ops", .type = BPF_MAP_TYPE_STRUCT_OPS,
		.why = "not scheduler state",
	};
	struct ktstr_sched_maps m = {
		.v = v, .n = 2, .skipped = &skip, .nr_skipped = 1,
	};
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct repro_payload p;
	unsigned char *val;
	uint64_t u64 = 1500;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	ASSERT_TRUE(map_from_obj(&v[0], ob, "scx_qmap.bss"));
	ASSERT_TRUE(map_from_obj(&v[1], ob, "scx_qmap.data"));
	ASSERT_NE(NULL, val = map_add(&v[0], 0));
	memcpy(val + var_off(v[0].btf, ".bss", "nr_enqueued"), &u64, 8);
	u64 = 5;
	memcpy(val + var_off(v[0].btf, ".bss", "core_sched_tail_seqs") + 16,
	       &u64, 8);
	ASSERT_NE(NULL, val = map_add(&v[1], 0));
	snprintf((char *)val + var_off(v[1].btf, ".data", "uei") +
		 member_off(v[1].btf, "user_exit_info", "reason"), 128,
		 "scx_bpf_error");

	ktstr_buf_add(&b, KTSTR_PROBE_BEGIN "\n");
	ASSERT_EQ(0, ktstr_maps_render(&m, &b));
	ktstr_buf_add(&b, KTSTR_PROBE_END "\n");
	ASSERT_EQ(0, repro_payload_parse(ktstr_buf_str(&b), b.len, &p));
	EXPECT_TRUE(p.complete);
	EXPECT_EQ(0U, p.nr_bad);
	ASSERT_EQ(2U, p.nr_maps);

	f = open_memstream(&text, &len);
	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, repro_render_failure_dump(f, &p, NULL, 0, NULL));
	fclose(f);
	EXPECT_NE(NULL, strstr(text, "  2 maps of the scheduler\n"
				     "  not dumped: qmap_ops (struct_ops)\n"
				     "  scx_qmap.bss (array, global data):\n"
				     "    nr_highpri_queued = 0\n"
				     "    test_error_cnt = 0\n"
				     "    nr_enqueued = 1500\n"));
	EXPECT_NE(NULL, strstr(text, "    core_sched_tail_seqs = [0, 0, 5, 0, 0]\n"));
	EXPECT_NE(NULL, strstr(text, "  scx_qmap.data (array, global data):\n"
				     "    uei:\n"
				     "      kind = 0\n"
				     "      exit_code = 0\n"
				     "      reason = \"scx_bpf_error\"\n"
				     "      msg = \"\"\n"));
	free(text);
	repro_payload_free(&p);
	ktstr_buf_free(&b);
	map_clear(&v[0]);
	map_clear(&v[1]);
}

/* Not a TEST_F: 6.12's fixture wrapper trips -Wclobbered around it. */
TEST(qmap_round_trip)
{
	struct obj ob;

	if (!obj_open(&ob, "scx_qmap.bpf.o"))
		SKIP(return, "no %s/scx_qmap.bpf.o (build the suite first)",
		     KTSTR_OBJ_DIR);
	round_trip(_metadata, &ob);
	bpf_object__close(ob.o);
}

/* ... and the hints of the BTF made here, decoded on the host. */
TEST(round_trip_hints)
{
	struct ktstr_sched_map v = { 0 };
	struct ktstr_sched_maps m = { .v = &v, .n = 1 };
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct repro_payload p;
	struct made mk;
	char *text = NULL;
	size_t len = 0;
	int32_t kind = -2;
	FILE *f;

	ASSERT_EQ(0, make_btf(&mk));
	v.fd = -1;
	snprintf(v.name, sizeof(v.name), "vals");
	v.type = BPF_MAP_TYPE_ARRAY;
	v.key_size = 4;
	v.value_size = 104;
	v.max_entries = 1;
	v.btf = mk.btf;
	v.btf_value_type_id = mk.val_id;
	v.read = true;
	v.nr_cpus = 1;
	v.stride = 104;
	ASSERT_NE(NULL, map_add(&v, 0));
	put_u64(v.values, 0xc000000000000003ULL);	/* SCX_DSQ_LOCAL_ON|3 */
	put_u64(v.values + 16, 0xf);
	put_u64(v.values + 24, 0x1);
	memcpy(v.values + 48, &kind, 4);

	ktstr_buf_add(&b, KTSTR_PROBE_BEGIN "\n");
	ASSERT_EQ(0, ktstr_maps_render(&m, &b));
	ASSERT_EQ(0, repro_payload_parse(ktstr_buf_str(&b), b.len, &p));
	f = open_memstream(&text, &len);
	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, repro_render_failure_dump(f, &p, NULL, 0, NULL));
	fclose(f);
	EXPECT_NE(NULL, strstr(text, "  vals (array, 1 entry shown):\n"
				     "    [0]:\n"
				     "      dsq_id = SCX_DSQ_LOCAL_ON|3\n"
				     "      shared_dsq = 0\n"
				     "      idle_cpus = 0-3,64\n"
				     "      mask = (none)\n"
				     "      kind = KIND_B (-2)\n"));
	free(text);
	repro_payload_free(&p);
	ktstr_buf_free(&b);
	map_clear(&v);
	btf__free(mk.btf);
}

/* --- the syscall half, on this machine's kernel ----------------------- */

/*
 * A program that uses @n maps (it only loads their addresses), so that
 * its bpf_prog_info lists them as a scheduler's programs do theirs.
 */
static int load_prog_using(const int *fds, unsigned int n)
{
	struct bpf_insn insns[2 * 8 + 2] = { 0 };
	unsigned int i, k = 0;

	for (i = 0; i < n && i < 8; i++) {
		insns[k].code = BPF_LD | BPF_DW | BPF_IMM;
		insns[k].dst_reg = BPF_REG_1;
		insns[k].src_reg = BPF_PSEUDO_MAP_FD;
		insns[k].imm = fds[i];
		k += 2;
	}
	insns[k].code = BPF_ALU64 | BPF_MOV | BPF_K;	/* r0 = 0 */
	insns[k++].dst_reg = BPF_REG_0;
	insns[k++].code = BPF_JMP | BPF_EXIT;
	return bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "ktstr_maps_t",
			     "GPL", insns, k, NULL);
}

/*
 *	.bss of two variables: u64 nr_enqueued; u64 local_dsq;
 *	a struct val array, a percpu array of u64, a hash, a ring buffer
 */
TEST(live)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct ktstr_bpf_prog prog = { 0 };
	struct ktstr_bpf_progs progs = { .v = &prog, .n = 1 };
	struct ktstr_sched_maps m = { 0 };
	struct ktstr_buf b = KTSTR_BUF_INIT;
	unsigned char val[104] = { 0 }, bss[16] = { 0 };
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), k;
	int fds[5], prog_fd, btf_fd, sec, v1, v2, i, ncpus;
	unsigned long long *pc;
	const struct ktstr_sched_map *mp;
	struct made mk;
	json_object *o;
	char *copy, *line, *save = NULL;
	int nr_map = 0;

	ASSERT_EQ(0, make_btf(&mk));
	v1 = btf__add_var(mk.btf, "nr_enqueued", BTF_VAR_GLOBAL_ALLOCATED,
			  mk.u64_id);
	v2 = btf__add_var(mk.btf, "local_dsq", BTF_VAR_GLOBAL_ALLOCATED,
			  mk.u64_id);
	sec = btf__add_datasec(mk.btf, ".bss", 16);
	btf__add_datasec_var_info(mk.btf, v1, 0, 8);
	btf__add_datasec_var_info(mk.btf, v2, 8, 8);
	if (btf__load_into_kernel(mk.btf)) {
		btf__free(mk.btf);
		SKIP(return, "no BPF here: %s", strerror(errno));
	}
	btf_fd = btf__fd(mk.btf);

	opts.btf_fd = btf_fd;
	opts.btf_value_type_id = sec;
	fds[0] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "live.bss", 4, 16, 1,
				&opts);
	opts.btf_key_type_id = mk.u32_id;
	opts.btf_value_type_id = mk.val_id;
	fds[1] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "vals", 4, sizeof(val),
				100, &opts);
	opts.btf_value_type_id = mk.u64_id;
	fds[2] = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "pcpu", 4, 8, 1,
				&opts);
	fds[3] = bpf_map_create(BPF_MAP_TYPE_HASH, "h", 4, 8, 128, &opts);
	fds[4] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "rb", 0, 0, 4096, NULL);
	for (i = 0; i < 5; i++)
		ASSERT_LE(0, fds[i]);
	prog_fd = load_prog_using(fds, 5);
	ASSERT_LE(0, prog_fd) TH_LOG("prog load: %s", strerror(-prog_fd));
	ASSERT_EQ(0, bpf_prog_get_info_by_fd(prog_fd, &info, &len));
	prog.id = info.id;

	put_u64(bss, 1500);
	put_u64(bss + 8, 0x4000000000000001ULL);
	k = 0;
	ASSERT_EQ(0, bpf_map_update_elem(fds[0], &k, bss, 0));
	put_u64(val, 0x8000000000000001ULL);
	k = 7;
	ASSERT_EQ(0, bpf_map_update_elem(fds[1], &k, val, 0));
	ncpus = libbpf_num_possible_cpus();
	ASSERT_LT(0, ncpus);
	pc = calloc(ncpus, 8);
	ASSERT_NE(NULL, pc);
	pc[0] = 11;
	k = 0;
	ASSERT_EQ(0, bpf_map_update_elem(fds[2], &k, pc, 0));
	for (k = 0; k < 70; k++)
		ASSERT_EQ(0, bpf_map_update_elem(fds[3], &k, bss, 0));

	ASSERT_EQ(0, ktstr_maps_collect(&progs, &m));
	ASSERT_EQ(0, ktstr_maps_collect(&progs, &m));	/* nothing twice */
	EXPECT_EQ(4U, m.n);
	ASSERT_EQ(1U, m.nr_skipped);
	EXPECT_STREQ("rb", m.skipped[0].name);
	EXPECT_EQ(0U, m.progs_gone);

	/* The scheduler is gone: only the held descriptors keep its maps. */
	close(prog_fd);
	for (i = 0; i < 5; i++)
		close(fds[i]);
	btf__free(mk.btf);
	close(btf_fd);

	ASSERT_EQ(0, ktstr_maps_snapshot(&m));
	mp = &m.v[0];
	EXPECT_STREQ("live.bss", mp->name);
	EXPECT_TRUE(ktstr_map_is_global_data(mp));
	EXPECT_NE(NULL, mp->btf);
	EXPECT_EQ(1U, mp->n);
	mp = &m.v[1];
	EXPECT_EQ(0, mp->err);
	EXPECT_EQ(1U, mp->n);		/* index 7; the 99 others are zero */
	EXPECT_EQ(99UL, mp->zero);
	EXPECT_EQ(100UL, mp->scanned);
	EXPECT_EQ(7U, *(__u32 *)mp->keys);
	EXPECT_EQ((unsigned int)ncpus, m.v[2].nr_cpus);
	mp = &m.v[3];
	EXPECT_EQ((unsigned int)KTSTR_MAPS_ENTRIES, mp->n);
	EXPECT_EQ(70UL - KTSTR_MAPS_ENTRIES, mp->left_out);
	EXPECT_FALSE(mp->more);

	ASSERT_EQ(0, ktstr_maps_render(&m, &b));
	copy = strdup(ktstr_buf_str(&b));
	ASSERT_NE(NULL, copy);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_object *e, *v;

		o = json_tokener_parse(line);
		ASSERT_NE(NULL, o);
		if (strcmp(str(get(o, "type")), "map")) {
			json_object_put(o);
			continue;
		}
		e = json_object_array_get_idx(get(o, "entries"), 0);
		v = get(e, "value");
		switch (nr_map++) {
		case 0:
			EXPECT_EQ(1500, json_object_get_int(get(v,
							"nr_enqueued")));
			EXPECT_STREQ("{\"@hint\":\"dsq_id\",\"v\":\"0x4000000000000001\"}",
				     js(get(v, "local_dsq")));
			break;
		case 1:
			EXPECT_EQ(7, json_object_get_int(get(e, "key")));
			EXPECT_STREQ("0x8000000000000001",
				     str(get(get(v, "dsq_id"), "v")));
			EXPECT_EQ(99, json_object_get_int(get(o,
							"zero_entries")));
			break;
		case 2:
			EXPECT_EQ(11, json_object_get_int(json_object_array_get_idx(
					get(e, "values"), 0)));
			break;
		default:
			EXPECT_EQ(6, json_object_get_int(get(o, "left_out")));
			break;
		}
		json_object_put(o);
	}
	EXPECT_EQ(4, nr_map);
	free(copy);
	free(pc);
	ktstr_buf_free(&b);
	ktstr_maps_free(&m);
	ktstr_maps_free(&m);
}

TEST_HARNESS_MAIN
