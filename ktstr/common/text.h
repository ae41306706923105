/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Captured text: a console, a scheduler log, a trace buffer. Never assumed
 * NUL terminated or clean (a serial line carries NUL bytes and noise), so
 * always a pointer and a length, walked a line at a time. Pure.
 */
#ifndef KTSTR_COMMON_TEXT_H
#define KTSTR_COMMON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct ktstr_text {
	const char *s;
	size_t len;
};

/* A NUL-terminated string (or NULL) as text. */
static inline struct ktstr_text ktstr_text_of(const char *s)
{
	return (struct ktstr_text){ s, s ? strlen(s) : 0 };
}

/*
 * Take the next line of @rest into @line, without its "\n" and any "\r"
 * before it, and advance @rest past it. A last line without a newline
 * counts. Returns false when @rest is empty.
 */
bool ktstr_text_next_line(struct ktstr_text *rest, struct ktstr_text *line);

/* @t without leading and trailing blanks. */
struct ktstr_text ktstr_text_trim(struct ktstr_text t);

/* @line, trimmed, is exactly @what. */
bool ktstr_text_is(struct ktstr_text line, const char *what);

/* @t starts with @prefix. */
bool ktstr_text_starts(struct ktstr_text t, const char *prefix);

/* First occurrence of @needle in @t, or NULL. */
const char *ktstr_text_find(struct ktstr_text t, const char *needle);

/* @line without a printk timestamp ("[    8.123456] ") when it has one. */
struct ktstr_text ktstr_text_skip_printk_time(struct ktstr_text line);

/*
 * A name ktstr makes paths or identifiers of: 1 to @max characters of
 * [A-Za-z0-9_-], so no '/', no "..", no spaces.
 */
bool ktstr_name_ok(const char *name, size_t max);

/* A line of eight or more '=' and nothing else (UEI_REPORT's rulers). */
bool ktstr_text_is_ruler(struct ktstr_text line);

#endif /* KTSTR_COMMON_TEXT_H */
