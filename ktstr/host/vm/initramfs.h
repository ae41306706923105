/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's root filesystem: /init (the ktstr guest binary), the sched_ext
 * schedulers found beside the launcher in /bin, busybox for `ktstr shell`,
 * and the few directories and device nodes init needs before it mounts
 * anything. Built once per run and shared; each VM boots a copy of it
 * with a small archive of its own appended: the guest's arguments.
 */
#ifndef KTSTR_HOST_INITRAMFS_H
#define KTSTR_HOST_INITRAMFS_H

#include "common/guest_args.h"

/* Debian's busybox-static: a static binary that runs in the guest as-is. */
#define KTSTR_BUSYBOX	"/bin/busybox"

/*
 * Write the archive to @out_path atomically (temp file + rename). @bindir
 * holds ktstr-init and the schedulers; @busybox is NULL or a busybox binary.
 * Logs one line naming any unreadable input; returns 0 or -errno.
 */
int ktstr_initramfs_build(const char *bindir, const char *busybox,
			  const char *out_path);

/*
 * One VM's archive at @out_path (atomically): the shared archive @base
 * and, after it, the KTSTR_GUEST_ARGS file for @args. Returns 0 or -errno
 * after one line on stderr.
 */
int ktstr_initramfs_vm(const char *base, const struct ktstr_guest_args *args,
		       const char *out_path);

#endif /* KTSTR_HOST_INITRAMFS_H */
