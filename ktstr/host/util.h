/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small file and path helpers shared by the launcher's stages. All return 0
 * or a negative errno and log nothing: the caller knows the context.
 */
#ifndef KTSTR_HOST_UTIL_H
#define KTSTR_HOST_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "common/clock.h"
#include "common/compiler.h"

/* Read a whole file; *buf is NUL terminated and must be freed. */
int ktstr_read_file(const char *path, char **buf, size_t *len);

/* Write via "<path>.tmp.<pid>" + fsync + rename: readers never see half. */
int ktstr_write_atomic(const char *path, const void *buf, size_t len);

/* mkdir -p */
int ktstr_mkdir_p(const char *path, mode_t mode);

/* Directory holding the running executable (its scripts and guest files). */
int ktstr_self_dir(char *buf, size_t len);

/* snprintf "%s/%s", -ENAMETOOLONG when it does not fit. */
int ktstr_path_join(char *buf, size_t len, const char *dir, const char *name);

#endif /* KTSTR_HOST_UTIL_H */
