/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small file helpers for sysfs/procfs/tracefs, and CPU lists ("0-3,8").
 * All return 0 (or a length) on success and a negative errno on failure.
 */
#ifndef KTSTR_SYSFS_H
#define KTSTR_SYSFS_H

#include <stddef.h>
#include <stdint.h>

#include "guest/lib/strbuf.h"

/* Read a short file into @buf, without the trailing newline. */
int ktstr_read_text(const char *path, char *buf, size_t len);
/* Read a whole file (any size) and append it to @b. */
int ktstr_read_file_buf(const char *path, struct ktstr_buf *b);
int ktstr_write_text(const char *path, const char *text);

/* "0-3,8" -> bits 0..3 and 8. -EINVAL on syntax errors or CPUs >= 64. */
int ktstr_cpulist_parse(const char *s, uint64_t *mask);
/* The canonical form the kernel prints: "0-3,8"; "" for an empty mask. */
void ktstr_cpulist_format(uint64_t mask, char *buf, size_t len);

#endif /* KTSTR_SYSFS_H */
