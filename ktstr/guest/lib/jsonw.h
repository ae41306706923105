/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's JSON writer (emitting only: the guest never parses JSON,
 * and links no JSON library). The host reads it with json-c (jsonc_*).
 */
#ifndef KTSTR_GUEST_JSONW_H
#define KTSTR_GUEST_JSONW_H

#include <stdbool.h>

#include "common/compiler.h"
#include "guest/lib/strbuf.h"

/*
 * Append @s as a quoted JSON string. Quotes, backslashes and control
 * characters are escaped; bytes that are not valid UTF-8 become U+FFFD so
 * that the output is always valid JSON, whatever a scheduler log contains.
 * A NULL @s is written as null.
 */
void jsonw_str(struct ktstr_buf *b, const char *s);

/* "key": "value", with a leading ", " unless @first. */
void jsonw_kv_str(struct ktstr_buf *b, bool first, const char *key,
		  const char *val);
void jsonw_kv_long(struct ktstr_buf *b, bool first, const char *key,
		   long val);
void jsonw_kv_bool(struct ktstr_buf *b, bool first, const char *key,
		   bool val);
void jsonw_kv_u64(struct ktstr_buf *b, bool first, const char *key,
		  unsigned long long val);
/* A number printed with @fmt ("%.1f"): the caller's format must be one. */
__printf(4, 5) void jsonw_kv_num(struct ktstr_buf *b, bool first,
				 const char *key, const char *fmt, ...);

#endif /* KTSTR_GUEST_JSONW_H */
