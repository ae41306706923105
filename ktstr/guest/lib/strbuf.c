// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/lib/strbuf.h"

static bool buf_grow(struct ktstr_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 256;
	char *s;

	if (b->oom)
		return false;
	if (need <= b->cap)
		return true;
	while (cap < need)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void ktstr_buf_free(struct ktstr_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

void ktstr_buf_reset(struct ktstr_buf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->s)
		b->s[0] = '\0';
}

const char *ktstr_buf_str(const struct ktstr_buf *b)
{
	return b->s ? b->s : "";
}

void ktstr_buf_addn(struct ktstr_buf *b, const char *s, size_t n)
{
	if (!buf_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ktstr_buf_add(struct ktstr_buf *b, const char *s)
{
	ktstr_buf_addn(b, s, strlen(s));
}

void ktstr_buf_addc(struct ktstr_buf *b, char c)
{
	ktstr_buf_addn(b, &c, 1);
}

void ktstr_buf_vaddf(struct ktstr_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !buf_grow(b, n))
		return;
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	b->len += n;
}

void ktstr_buf_addf(struct ktstr_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktstr_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void ktstr_buf_keep_tail(struct ktstr_buf *b, size_t max)
{
	size_t cut;
	char *nl;

	if (b->len <= max)
		return;
	cut = b->len - max;
	/* Start at a whole line so the tail does not begin mid-record. */
	nl = memchr(b->s + cut, '\n', b->len - cut);
	if (nl && nl + 1 < b->s + b->len)
		cut = nl + 1 - b->s;
	memmove(b->s, b->s + cut, b->len - cut + 1);
	b->len -= cut;
}
