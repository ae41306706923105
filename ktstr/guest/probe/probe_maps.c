// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler's BPF maps at its exit (probe_maps.h): held from the
 * discovery of its programs on and read once it has exited. Their values
 * are rendered by probe_maps_btf.c, their records by probe_maps_render.c
 * (docs/probe-payload.md).
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
#include "guest/probe/probe_int.h"
#include "guest/probe/probe_maps.h"
#include "guest/probe/probe_maps_internal.h"

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

bool probe_maps_type_percpu(unsigned int type)
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

bool probe_maps_ends_with(const char *s, const char *suffix)
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
		if (probe_maps_ends_with(map->name, suffixes[i]))
			return true;
	return strstr(map->name, ".data.") || strstr(map->name, ".rodata.");
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
	else if (probe_maps_ends_with(info.name, "uei_dump"))
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
		if (!global && probe_maps_all_zero(val, mp->stride)) {
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
		if (probe_maps_type_percpu(mp->type)) {
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
