/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the files of the scheduler maps' dump: probe_maps.c
 * (holding and reading them), probe_maps_btf.c (values by their BTF) and
 * probe_maps_render.c (the records). probe_maps.h is the API.
 */
#ifndef KTSTR_PROBE_MAPS_INTERNAL_H
#define KTSTR_PROBE_MAPS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "guest/lib/strbuf.h"

struct btf;

/* --- probe_maps.c ---------------------------------------------------- */

bool probe_maps_type_percpu(unsigned int type);
bool probe_maps_ends_with(const char *s, const char *suffix);

/* --- probe_maps_btf.c ------------------------------------------------ */

struct walk {
	struct ktstr_buf *b;
	const struct btf *btf;
	size_t limit;		/* nothing new once b->len is past it */
	unsigned int depth;
};

bool probe_maps_all_zero(const unsigned char *p, size_t n);
/* Little-endian, as the x86 guest stores it; @n at most 8. */
unsigned long long probe_maps_load_le(const unsigned char *p, size_t n);
/* Elements of @n at @base, @stride apart, of @elen bytes of type @tid. */
void probe_maps_render_list(struct walk *w, const unsigned char *base,
			    size_t n, size_t stride, size_t elen, __u32 tid,
			    const char *name);

#endif /* KTSTR_PROBE_MAPS_INTERNAL_H */
