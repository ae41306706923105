/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between scx_exit.c (the exit) and scx_exit_dump.c (the dump).
 * scx_exit.h is the API.
 */
#ifndef KTSTR_COMMON_SCX_EXIT_INTERNAL_H
#define KTSTR_COMMON_SCX_EXIT_INTERNAL_H

#include <stddef.h>

#include "common/text.h"

/* Copy at most @n bytes of @s into @dst of size @size, NUL-terminated. */
void scx_exit_copy_n(char *dst, size_t size, const char *s, size_t n);
/* A decimal number at @t's start: its value and length, or 0 digits. */
size_t scx_exit_parse_num(struct ktstr_text t, long *val);

#endif /* KTSTR_COMMON_SCX_EXIT_INTERNAL_H */
