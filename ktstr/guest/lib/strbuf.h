/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A growable, always NUL-terminated string buffer. Appends never fail
 * loudly: on allocation failure the buffer keeps what it had and sets
 * @oom, so a result can still be rendered (truncated) when memory is short.
 */
#ifndef KTSTR_STRBUF_H
#define KTSTR_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/compiler.h"

struct ktstr_buf {
	char *s;
	size_t len;
	size_t cap;
	bool oom;
};

#define KTSTR_BUF_INIT { .s = NULL }

void ktstr_buf_free(struct ktstr_buf *b);
void ktstr_buf_reset(struct ktstr_buf *b);
/* The contents, "" for a buffer never appended to. */
const char *ktstr_buf_str(const struct ktstr_buf *b);
void ktstr_buf_addn(struct ktstr_buf *b, const char *s, size_t n);
void ktstr_buf_add(struct ktstr_buf *b, const char *s);
void ktstr_buf_addc(struct ktstr_buf *b, char c);
void ktstr_buf_addf(struct ktstr_buf *b, const char *fmt, ...)
	__printf(2, 3);
void ktstr_buf_vaddf(struct ktstr_buf *b, const char *fmt, va_list ap)
	__printf(2, 0);
/* Drop all but the last @max bytes, starting at a line boundary if any. */
void ktstr_buf_keep_tail(struct ktstr_buf *b, size_t max);

#endif /* KTSTR_STRBUF_H */
