// SPDX-License-Identifier: GPL-2.0
/*
 * btf__find_by_name_kind() walks every type of vmlinux BTF, tens of
 * thousands, on each call; the repro VM looks up a few per callback and
 * per caller, and under TCG those walks cost most of a second between the
 * scheduler's enable and its probes: a crash early in the run beat them.
 * One sorted index of the named types, built on first use, answers in a
 * binary search.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "guest/probe/probe_int.h"

static struct {
	pthread_mutex_t lock;
	const struct btf *btf;	/* whose index this is */
	__u32 cnt;		/* and its type count, should @btf be reused */
	__u32 *ids;		/* named types, by name then id */
	__u32 n;
} idx = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const struct btf *sort_btf;

static int cmp_id(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;
	const char *nx = btf__name_by_offset(sort_btf,
					     btf__type_by_id(sort_btf, x)->name_off);
	const char *ny = btf__name_by_offset(sort_btf,
					     btf__type_by_id(sort_btf, y)->name_off);
	int c = strcmp(nx, ny);

	return c ? c : (x > y) - (x < y);
}

static int build(const struct btf *btf)
{
	__u32 i, n = btf__type_cnt(btf), k = 0;
	__u32 *ids = malloc(n * sizeof(*ids));

	if (!ids)
		return -ENOMEM;
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (t->name_off && *btf__name_by_offset(btf, t->name_off))
			ids[k++] = i;
	}
	sort_btf = btf;
	qsort(ids, k, sizeof(*ids), cmp_id);
	free(idx.ids);
	idx.ids = ids;
	idx.n = k;
	idx.btf = btf;
	idx.cnt = n;
	return 0;
}

static const char *name_of(const struct btf *btf, __u32 id)
{
	return btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
}

int ktstr_btf_find(const struct btf *btf, const char *name, __u32 kind)
{
	__u32 lo = 0, hi;
	int ret = -ENOENT;

	pthread_mutex_lock(&idx.lock);
	if ((idx.btf != btf || idx.cnt != btf__type_cnt(btf)) && build(btf)) {
		pthread_mutex_unlock(&idx.lock);
		return btf__find_by_name_kind(btf, name, kind);
	}
	/* The first entry named @name, then the one of @kind among them. */
	hi = idx.n;
	while (lo < hi) {
		__u32 mid = lo + (hi - lo) / 2;

		if (strcmp(name_of(btf, idx.ids[mid]), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < idx.n && !strcmp(name_of(btf, idx.ids[lo]), name); lo++) {
		if (btf_kind(btf__type_by_id(btf, idx.ids[lo])) == kind) {
			ret = idx.ids[lo];
			break;
		}
	}
	pthread_mutex_unlock(&idx.lock);
	return ret;
}
