/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal writer for the "newc" cpio format the kernel unpacks as an
 * initramfs (Documentation/driver-api/early-userspace/buffer-format.rst).
 * Written here rather than by running cpio(1): the launcher then needs no
 * extra host tool and controls ownership (root) and timestamps (0).
 */
#ifndef KTSTR_HOST_CPIO_H
#define KTSTR_HOST_CPIO_H

#include <stdio.h>
#include <sys/types.h>

struct ktstr_cpio {
	FILE *f;
	unsigned long ino;
	int err;		/* first error; later calls do nothing */
};

void ktstr_cpio_init(struct ktstr_cpio *c, FILE *f);
int ktstr_cpio_dir(struct ktstr_cpio *c, const char *name, mode_t perm);
int ktstr_cpio_file(struct ktstr_cpio *c, const char *name, mode_t perm,
		    const void *data, size_t len);
/* Copy the host file at @src; -errno (e.g. -EACCES) if it cannot be read. */
int ktstr_cpio_copy(struct ktstr_cpio *c, const char *name, mode_t perm,
		    const char *src);
int ktstr_cpio_symlink(struct ktstr_cpio *c, const char *name,
		       const char *target);
int ktstr_cpio_chardev(struct ktstr_cpio *c, const char *name, mode_t perm,
		       unsigned int major, unsigned int minor);
/* The TRAILER!!! record; returns the first error of the whole archive. */
int ktstr_cpio_finish(struct ktstr_cpio *c);

#endif /* KTSTR_HOST_CPIO_H */
