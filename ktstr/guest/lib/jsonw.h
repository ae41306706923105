/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON output helpers (emitting only: the guest never parses JSON).
 */
#ifndef KTSTR_JSON_H
#define KTSTR_JSON_H

#include <stdbool.h>

#include "guest/lib/strbuf.h"

/*
 * Append @s as a quoted JSON string. Quotes, backslashes and control
 * characters are escaped; bytes that are not valid UTF-8 become U+FFFD so
 * that the output is always valid JSON, whatever a scheduler log contains.
 * A NULL @s is written as null.
 */
void ktstr_json_str(struct ktstr_buf *b, const char *s);

/* "key": "value", with a leading ", " unless @first. */
void ktstr_json_kv_str(struct ktstr_buf *b, bool first, const char *key,
		       const char *val);
void ktstr_json_kv_long(struct ktstr_buf *b, bool first, const char *key,
			long val);
void ktstr_json_kv_bool(struct ktstr_buf *b, bool first, const char *key,
			bool val);

#endif /* KTSTR_JSON_H */
