/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro (docs/auto-repro.md): when a test fails because its sched_ext
 * scheduler errored or died, boot a second VM with the same kernel,
 * initramfs, topology and test, asking its guest to probe the functions
 * of the crash stack, and report what the probes saw under the test's TAP
 * line and in its result JSON.
 *
 *	extract (repro_extract.c) -> repro VM (the runner's follow-up VM,
 *	log tag "repro") -> payload (repro_payload.c) -> render
 *	(repro_render.c, repro_diag.c, repro_verdict.c)
 */
#ifndef KTSTR_HOST_REPRO_H
#define KTSTR_HOST_REPRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct json_object;
struct ktstr_followup;
struct ktstr_run_cfg;
struct ktstr_test_run;
struct repro_ctx;

struct ktstr_repro_cfg {
	bool enabled;			/* false with --no-auto-repro */
};

struct ktstr_repro {
	bool ran;			/* a repro VM was booted */
	char why_not[128];		/* when not: why, in words */
	char *text;			/* the report, lines without "# " */
	size_t len;
	struct json_object *json;	/* "auto_repro" of the result file */
	struct repro_ctx *ctx;		/* from plan to render */
};

/*
 * When the test's first VM @run is final (the runner's follow-up
 * callback): a failed test gets its struct ktstr_repro in run->priv, and
 * true with @fu set (valid until the repro is freed) when it deserves a
 * repro VM; else the repro says why not. A passing test gets nothing.
 */
bool ktstr_repro_plan(const struct ktstr_repro_cfg *rc,
		      struct ktstr_test_run *run, struct ktstr_followup *fu);

/* Render the report of the repro VM run->followup, once. */
void ktstr_repro_render(const struct ktstr_run_cfg *cfg,
			const struct ktstr_test_run *run);

/* The report as TAP diagnostics ("# " lines), nothing if none ran. */
void ktstr_repro_print(FILE *f, const struct ktstr_test_run *run);

/*
 * Add "auto_repro" to a test's result object: the report and its facts
 * for a repro that ran, or why none did for a failed test. Returns 0 or
 * -ENOMEM.
 */
int ktstr_repro_add_json(const struct ktstr_test_run *run,
			 struct json_object *result);

/* Free a struct ktstr_repro (run->priv); NULL is fine. */
void ktstr_repro_free(void *priv);

#endif /* KTSTR_HOST_REPRO_H */
