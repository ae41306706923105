/* SPDX-License-Identifier: GPL-2.0 */
/* File descriptor I/O that neither a signal nor a short write can cut. */
#ifndef KTSTR_COMMON_FDIO_H
#define KTSTR_COMMON_FDIO_H

#include <stddef.h>

/* Write all of @buf to @fd, retrying on EINTR. Returns 0 or -errno. */
int ktstr_write_all(int fd, const void *buf, size_t len);

#endif /* KTSTR_COMMON_FDIO_H */
