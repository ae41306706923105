/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro report, the failure dump: the scheduler's own state at its
 * exit. Its BPF maps as the repro VM read them (payload records "maps"
 * and "map", docs/probe-payload.md), and the per-CPU state of the
 * kernel's dump (scx_dump_cpus(), common/scx_exit.h), rendered as text
 * under the TAP line and saved as <test>.repro.failure-dump.json. Pure
 * rendering to a FILE, no "# " prefix; the file is written atomically.
 */
#ifndef KTSTR_HOST_REPRO_DUMP_H
#define KTSTR_HOST_REPRO_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/scx_exit.h"
#include "common/text.h"

#define REPRO_DUMP_SUFFIX	".repro.failure-dump.json"
/* CPUs of the dump kept: its text lists at most every possible CPU. */
#define REPRO_DUMP_MAX_CPUS	512

struct json_object;
struct repro_payload;

struct repro_dump_cpus {
	struct scx_dump_cpu *v;
	size_t n;			/* kept in @v */
	size_t total;			/* CPU blocks in the dump */
	const char *source;		/* where the dump was; NULL: none */
};

/*
 * The CPU states of the repro VM's sched_ext dump: @dump (the guest's
 * copy, from its sched_ext_dump events or its scheduler log), else the
 * DEBUG DUMP block of the scheduler log @log. Either may be empty.
 * Returns 0, with c->n 0 when neither has CPU states, or -ENOMEM.
 */
int repro_dump_cpus_read(struct ktstr_text dump, struct ktstr_text log,
			 struct repro_dump_cpus *c);
void repro_dump_cpus_free(struct repro_dump_cpus *c);

/* There is something to show: map records or CPU states (@c may be NULL). */
bool repro_failure_dump_any(const struct repro_payload *p,
			    const struct repro_dump_cpus *c);

/*
 * The "repro failure dump:" section: what the guest held and skipped,
 * each map's entries (global data by variable, structs indented, CPU
 * masks as lists, DSQ ids and enums by name, long maps cut with
 * "[... N more entries]"), then a table of the CPU states. At most
 * @max_lines lines (0: all), the rest said to be in @file (may be NULL).
 * Nothing when repro_failure_dump_any() is false. Returns 0 or -ENOMEM.
 */
int repro_render_failure_dump(FILE *out, const struct repro_payload *p,
			      const struct repro_dump_cpus *c,
			      size_t max_lines, const char *file);

/*
 * The failure dump as JSON: "maps_summary", "maps" (the records, with
 * DSQ ids and CPU masks decoded beside the values sent: "name", "cpus"),
 * "cpus" and "cpus_total". NULL on allocation failure.
 */
struct json_object *repro_failure_dump_json(const struct repro_payload *p,
					    const struct repro_dump_cpus *c);

/*
 * Save it as "<dir>/<test>" REPRO_DUMP_SUFFIX (tmp + rename), its path in
 * @path ("" when there was nothing to save). Returns 0, also when there
 * is nothing, or a negative errno after one line on stderr.
 */
int repro_failure_dump_save(const struct repro_payload *p,
			    const struct repro_dump_cpus *c, const char *dir,
			    const char *test, char *path, size_t size);

#endif /* KTSTR_HOST_REPRO_DUMP_H */
