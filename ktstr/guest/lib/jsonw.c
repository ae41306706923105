// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "guest/lib/jsonw.h"

/*
 * Length of the valid UTF-8 sequence at @p (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), or 0 if it is not one.
 */
static size_t utf8_seq_len(const unsigned char *p)
{
	unsigned char c = p[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	/* The first continuation byte has the narrowed range. */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

void jsonw_str(struct ktstr_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		ktstr_buf_add(b, "null");
		return;
	}
	ktstr_buf_addc(b, '"');
	while (*p) {
		size_t n;

		switch (*p) {
		case '"':
			ktstr_buf_add(b, "\\\"");
			break;
		case '\\':
			ktstr_buf_add(b, "\\\\");
			break;
		case '\n':
			ktstr_buf_add(b, "\\n");
			break;
		case '\r':
			ktstr_buf_add(b, "\\r");
			break;
		case '\t':
			ktstr_buf_add(b, "\\t");
			break;
		case '\b':
			ktstr_buf_add(b, "\\b");
			break;
		case '\f':
			ktstr_buf_add(b, "\\f");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				ktstr_buf_addf(b, "\\u%04x", *p);
				break;
			}
			n = utf8_seq_len(p);
			if (!n) {
				ktstr_buf_add(b, "\\ufffd");
				break;
			}
			ktstr_buf_addn(b, (const char *)p, n);
			p += n;
			continue;
		}
		p++;
	}
	ktstr_buf_addc(b, '"');
}

static void json_key(struct ktstr_buf *b, bool first, const char *key)
{
	if (!first)
		ktstr_buf_add(b, ", ");
	jsonw_str(b, key);
	ktstr_buf_add(b, ": ");
}

void jsonw_kv_str(struct ktstr_buf *b, bool first, const char *key,
		  const char *val)
{
	json_key(b, first, key);
	jsonw_str(b, val);
}

void jsonw_kv_long(struct ktstr_buf *b, bool first, const char *key,
		   long val)
{
	json_key(b, first, key);
	ktstr_buf_addf(b, "%ld", val);
}

void jsonw_kv_bool(struct ktstr_buf *b, bool first, const char *key,
		   bool val)
{
	json_key(b, first, key);
	ktstr_buf_add(b, val ? "true" : "false");
}

void jsonw_kv_u64(struct ktstr_buf *b, bool first, const char *key,
		  unsigned long long val)
{
	json_key(b, first, key);
	ktstr_buf_addf(b, "%llu", val);
}

void jsonw_kv_num(struct ktstr_buf *b, bool first, const char *key,
		  const char *fmt, ...)
{
	va_list ap;

	json_key(b, first, key);
	va_start(ap, fmt);
	ktstr_buf_vaddf(b, fmt, ap);
	va_end(ap);
}
