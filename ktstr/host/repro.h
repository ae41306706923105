/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro (DESIGN.md section 4): when a test fails because its sched_ext
 * scheduler errored or died, boot a second VM with the same kernel,
 * initramfs, topology and test, asking its guest to probe the functions
 * of the crash stack, and report what the probes saw under the test's TAP
 * line and in its result JSON.
 *
 *	extract (repro_extract.c) -> repro VM (runner.c, log tag "repro")
 *	-> payload (repro_payload.c) -> render (repro_render.c,
 *	repro_diag.c, repro_verdict.c)
 */
#ifndef KTSTR_HOST_REPRO_H
#define KTSTR_HOST_REPRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct json_object;
struct ktstr_run_cfg;
struct ktstr_test_run;

struct ktstr_repro_cfg {
	bool enabled;			/* false with --no-auto-repro */
	const char *vmlinux;		/* DWARF for source lines, or NULL */
};

struct ktstr_repro {
	bool ran;			/* a repro VM was booted */
	char why_not[128];		/* when not: why, in words */
	char *text;			/* the report, lines without "# " */
	size_t len;
	struct json_object *json;	/* "auto_repro" of the result file */
};

/*
 * For a test that deserves one, boot the repro VM and render the report
 * into @out (free it with ktstr_repro_free()). Returns 0 (also when no
 * repro was wanted: @out says why), the termination signal that stopped
 * the repro VM (it was killed), or a negative errno.
 */
int ktstr_repro_run(const struct ktstr_repro_cfg *rc,
		    const struct ktstr_run_cfg *cfg,
		    const struct ktstr_test_run *run, struct ktstr_repro *out);

/* The report as TAP diagnostics ("# " lines), nothing if none ran. */
void ktstr_repro_print(FILE *f, const struct ktstr_repro *r);

/*
 * Add "auto_repro" to a test's result object: the report and its facts
 * for a repro that ran, or why none did for a failed test. Returns 0 or
 * -ENOMEM.
 */
int ktstr_repro_add_json(const struct ktstr_repro *r,
			 struct json_object *result);

void ktstr_repro_free(struct ktstr_repro *r);

#endif /* KTSTR_HOST_REPRO_H */
