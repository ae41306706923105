/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine-readable results: one JSON file per test beside its console and
 * channel logs, and an optional summary array. Written atomically so a
 * reader (CI, a dashboard) never sees half a file.
 */
#ifndef KTSTR_HOST_RESULTS_H
#define KTSTR_HOST_RESULTS_H

#include <stddef.h>

#include "host/runner.h"

struct json_object;

/*
 * Create the results directory: @requested (mkdir -p), or
 * ./ktstr-results/<YYYYmmdd-HHMMSS>[-N] that did not exist before. @out
 * gets its absolute path.
 */
int ktstr_results_dir(const char *requested, char *out, size_t len);

/*
 * The record of one test: its spec as listed, status, reason, duration,
 * last stage, VM facts, log paths and the guest's result object verbatim.
 * Returns a new reference, or NULL on allocation failure.
 */
struct json_object *ktstr_result_json(const struct ktstr_run_cfg *cfg,
				      const struct ktstr_test_run *run);

/*
 * Add @val under @key, taking its reference; a NULL @val (a failed
 * json_object_new_*) is -ENOMEM, so calls can be chained with ||.
 */
int ktstr_json_add(struct json_object *obj, const char *key,
		   struct json_object *val);
/* A duration in seconds, printed with millisecond precision. */
struct json_object *ktstr_json_seconds(double s);

/* Serialize @obj (pretty) to @path atomically. Returns 0 or -errno. */
int ktstr_json_write(const char *path, struct json_object *obj);

#endif /* KTSTR_HOST_RESULTS_H */
