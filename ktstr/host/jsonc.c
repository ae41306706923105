// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/jsonc.h"
#include "host/util.h"

struct json_object *jsonc_any(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

struct json_object *jsonc_get(struct json_object *obj, const char *key,
			      enum json_type type)
{
	struct json_object *v = jsonc_any(obj, key);

	return v && json_object_is_type(v, type) ? v : NULL;
}

const char *jsonc_str(struct json_object *obj, const char *key,
		      const char *def)
{
	struct json_object *v = jsonc_get(obj, key, json_type_string);

	return v ? json_object_get_string(v) : def;
}

bool jsonc_bool(struct json_object *obj, const char *key, bool def)
{
	struct json_object *v = jsonc_get(obj, key, json_type_boolean);

	return v ? json_object_get_boolean(v) : def;
}

long jsonc_num(struct json_object *obj, const char *key, long def)
{
	struct json_object *v = jsonc_get(obj, key, json_type_int);

	return v ? json_object_get_int64(v) : def;
}

bool jsonc_long(struct json_object *obj, const char *key, long *out)
{
	struct json_object *v = jsonc_get(obj, key, json_type_int);

	if (!v)
		return false;
	*out = json_object_get_int64(v);
	return true;
}

bool jsonc_int(struct json_object *obj, const char *key, int *out)
{
	long v;

	if (!jsonc_long(obj, key, &v) || v < INT_MIN || v > INT_MAX)
		return false;
	*out = v;
	return true;
}

bool jsonc_u64(struct json_object *obj, const char *key, uint64_t *out)
{
	struct json_object *v = jsonc_any(obj, key);
	const char *s;
	char *end;

	if (!v)
		return false;
	if (json_object_is_type(v, json_type_int)) {
		if (json_object_get_int64(v) < 0)
			return false;
		*out = json_object_get_uint64(v);
		return true;
	}
	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	if (*s == '-' || *s == '\0')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && *end == '\0';
}

char *jsonc_dup_text(struct json_object *obj, const char *key)
{
	struct json_object *v = jsonc_any(obj, key);
	const char *s;

	if (!v || json_object_is_type(v, json_type_object) ||
	    json_object_is_type(v, json_type_array))
		return NULL;
	s = json_object_get_string(v);
	return s ? strdup(s) : NULL;
}

int jsonc_add(struct json_object *obj, const char *key,
	      struct json_object *val)
{
	if (!val)
		return -ENOMEM;
	return json_object_object_add(obj, key, val) ? -ENOMEM : 0;
}

/* Milliseconds are plenty; json-c would print 17 digits. */
struct json_object *jsonc_seconds(double s)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.3f", s);
	return json_object_new_double_s(s, buf);
}

int jsonc_write_file(const char *path, struct json_object *obj)
{
	const char *text;
	size_t len;
	char *buf;
	int err;

	text = json_object_to_json_string_length(obj,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE,
			&len);
	if (!text)
		return -ENOMEM;
	/* A trailing newline, so the file is a proper text file. */
	if (asprintf(&buf, "%s\n", text) < 0)
		return -ENOMEM;
	err = ktstr_write_atomic(path, buf, len + 1);
	free(buf);
	return err;
}
