/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler's own state at its exit, for the failure dump: the BPF
 * maps its struct_ops programs use, read with their BTF and sent as
 * payload records "maps" and "map" (docs/probe-payload.md).
 *
 *	ktstr_maps_collect(&progs, &m);	as soon as the programs are known
 *	... the scheduler exits ...
 *	ktstr_maps_snapshot(&m);	read the entries, bounded
 *	ktstr_maps_render(&m, &buf);	the payload records
 *	ktstr_maps_free(&m);
 *
 * Collecting holds a file descriptor on each map, which keeps the map
 * alive after the scheduler process exits and sched_ext tears it down,
 * so its contents can still be read then. Collecting is cheap (no BTF
 * is loaded until the snapshot) and may be repeated: a map already held
 * is not taken twice.
 *
 * Kept: maps of the types that hold a scheduler's state (array,
 * percpu_array, hash, percpu_hash, lru_hash, lru_percpu_hash), global
 * data (.bss, .data, .rodata, .data.*, .kconfig) included; not the
 * struct_ops map, ring buffers, queues, task storage, stack traces, prog
 * arrays, maps of maps or arenas, nor UEI_DEFINE()'s copy of the dump
 * text (the report has the dump). The probes' own maps are not used by
 * the scheduler's programs, so they are never collected.
 *
 * The rendering is pure over BTF and bytes (ktstr_btf_render_value(),
 * ktstr_maps_render()): unit-tested on the suite's own BPF objects.
 */
#ifndef KTSTR_PROBE_MAPS_H
#define KTSTR_PROBE_MAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "guest/lib/strbuf.h"

#define KTSTR_MAPS_MAX		32		/* maps held at most */
#define KTSTR_MAPS_ENTRIES	64		/* entries kept per map */
#define KTSTR_MAPS_SCAN		4096		/* entries looked at per map */
#define KTSTR_MAPS_MAP_TEXT	(16 * 1024)	/* rendered bytes per map */
#define KTSTR_MAPS_TEXT		(192 * 1024)	/* ... for all maps */
#define KTSTR_MAPS_VALUE_MAX	(4 << 20)	/* bytes of one entry */
#define KTSTR_MAPS_KEEP_MAX	(8 << 20)	/* bytes kept per map */
#define KTSTR_MAPS_STR_MAX	256		/* chars of a string shown */
#define KTSTR_MAPS_NAME_LEN	16		/* BPF_OBJ_NAME_LEN */

struct btf;
struct ktstr_bpf_progs;

struct ktstr_sched_map {
	unsigned int id;
	int fd;				/* held; -1 for none */
	char name[KTSTR_MAPS_NAME_LEN];
	unsigned int type;		/* enum bpf_map_type */
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int btf_id;		/* 0: created without BTF */
	unsigned int btf_key_type_id;
	unsigned int btf_value_type_id;
	const struct btf *btf;		/* NULL: render bytes */
	struct btf *own_btf;		/* freed with the map, if loaded here */
	/* the snapshot */
	bool read;			/* a snapshot was taken */
	int err;			/* ... and failed: negative errno */
	unsigned int nr_cpus;		/* values per entry: percpu maps; else 1 */
	size_t stride;			/* bytes of one entry's value(s) */
	unsigned char *keys;		/* @n keys of @key_size bytes */
	unsigned char *values;		/* @n values of @stride bytes */
	unsigned int n;
	unsigned long scanned;		/* entries looked at */
	unsigned long zero;		/* array entries all zero, not kept */
	unsigned long left_out;		/* entries looked at but not kept */
	bool more;			/* entries past the scan */
};

/* A map of the programs that is not dumped, and why. */
struct ktstr_map_skip {
	unsigned int id;
	char name[KTSTR_MAPS_NAME_LEN];
	unsigned int type;
	const char *why;
};

struct ktstr_sched_maps {
	struct ktstr_sched_map *v;
	unsigned int n;
	struct ktstr_map_skip *skipped;
	unsigned int nr_skipped;
	unsigned int dropped;		/* kept types past KTSTR_MAPS_MAX */
	unsigned int progs_gone;	/* programs that no longer existed */
};

/*
 * Hold every map the programs of @progs use (bpf_prog_info.map_ids) that
 * is scheduler state. Returns 0 or -ENOMEM; a program or map that is
 * gone is counted, not an error.
 */
int ktstr_maps_collect(const struct ktstr_bpf_progs *progs,
		       struct ktstr_sched_maps *m);
/*
 * Read each held map's BTF and entries (bounded: KTSTR_MAPS_SCAN looked
 * at, KTSTR_MAPS_ENTRIES kept; array entries that are all zero are only
 * counted). A map that cannot be read gets its err. Repeating it takes
 * a new snapshot. Returns 0 or -ENOMEM.
 */
int ktstr_maps_snapshot(struct ktstr_sched_maps *m);
/*
 * Append the records: one "maps" line (what was held, skipped and why),
 * then one "map" line per held map, each at most about
 * KTSTR_MAPS_MAP_TEXT bytes and KTSTR_MAPS_TEXT in all (what does not
 * fit is counted in its left_out). Returns 0 or -ENOMEM.
 */
int ktstr_maps_render(const struct ktstr_sched_maps *m, struct ktstr_buf *b);
/* Close and free everything; @m may be freed again. */
void ktstr_maps_free(struct ktstr_sched_maps *m);

/* --- pure ----------------------------------------------------------- */

/* A map type that holds a scheduler's state (the list above). */
bool ktstr_map_type_kept(unsigned int type);
/* libbpf's name of a map type ("percpu_array"); "unknown" if none. */
const char *ktstr_map_type_name(unsigned int type);
/* A global data map: its value is a DATASEC, or its name says so. */
bool ktstr_map_is_global_data(const struct ktstr_sched_map *map);

/*
 * One JSON value for the @len bytes at @data, of BTF type @type_id of
 * @btf (docs/probe-payload.md, "Values"). @name is the variable's or the
 * member's (NULL if none): it says which values are CPU masks and DSQ
 * ids. Nothing is appended past about @limit bytes of @b: what is left
 * out is counted in a "@cut" marker.
 */
void ktstr_btf_render_value(struct ktstr_buf *b, const struct btf *btf,
			    unsigned int type_id, const void *data,
			    size_t len, const char *name, size_t limit);
/* The "map" line of @map, at most about @budget bytes of it. */
void ktstr_maps_render_map(struct ktstr_buf *b,
			   const struct ktstr_sched_map *map, size_t budget);

#endif /* KTSTR_PROBE_MAPS_H */
