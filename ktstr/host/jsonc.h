/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launcher's json-c helpers: typed getters that treat a member of the
 * wrong type as absent (what the guest sends may be cut or corrupted; a
 * hand-edited file may be anything), and the builders and writer of the
 * result files. The guest has no json-c: it writes JSON with jsonw_*.
 */
#ifndef KTSTR_HOST_JSONC_H
#define KTSTR_HOST_JSONC_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

/* Member @key of @obj (which may be NULL) if it has @type, else NULL. */
struct json_object *jsonc_get(struct json_object *obj, const char *key,
			      enum json_type type);
/* Member @key of any type, or NULL. */
struct json_object *jsonc_any(struct json_object *obj, const char *key);

const char *jsonc_str(struct json_object *obj, const char *key,
		      const char *def);
bool jsonc_bool(struct json_object *obj, const char *key, bool def);
long jsonc_num(struct json_object *obj, const char *key, long def);
/* True with *@out set when @key is an integer that fits. */
bool jsonc_int(struct json_object *obj, const char *key, int *out);
bool jsonc_long(struct json_object *obj, const char *key, long *out);
/*
 * A u64 as a JSON number or a string ("0x8000000000000002"): numbers past
 * 2^53 lose bits in many emitters, so wide values are sent as strings.
 */
bool jsonc_u64(struct json_object *obj, const char *key, uint64_t *out);
/* A copy of a string member, or of any scalar's text (5 -> "5"). */
char *jsonc_dup_text(struct json_object *obj, const char *key);

/*
 * Add @val under @key, taking its reference; a NULL @val (a failed
 * json_object_new_*) is -ENOMEM, so calls can be chained with ?:.
 */
int jsonc_add(struct json_object *obj, const char *key,
	      struct json_object *val);
/* A duration in seconds, printed with millisecond precision. */
struct json_object *jsonc_seconds(double s);
/* Serialize @obj (pretty) to @path atomically. Returns 0 or -errno. */
int jsonc_write_file(const char *path, struct json_object *obj);

#endif /* KTSTR_HOST_JSONC_H */
