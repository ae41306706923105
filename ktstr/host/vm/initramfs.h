/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's root filesystem: /init (the ktstr guest binary), the sched_ext
 * schedulers found beside the launcher in /bin, busybox for `ktstr shell`,
 * and the few directories and device nodes init needs before it mounts
 * anything. Built once per run; per-VM arguments go on the kernel command
 * line instead, so every VM shares one archive.
 */
#ifndef KTSTR_HOST_INITRAMFS_H
#define KTSTR_HOST_INITRAMFS_H

/* Debian's busybox-static: a static binary that runs in the guest as-is. */
#define KTSTR_BUSYBOX	"/bin/busybox"

/*
 * Write the archive to @out_path atomically (temp file + rename). @bindir
 * holds ktstr-init and the schedulers; @busybox is NULL or a busybox binary.
 * Logs one line naming any unreadable input; returns 0 or -errno.
 */
int ktstr_initramfs_build(const char *bindir, const char *busybox,
			  const char *out_path);

#endif /* KTSTR_HOST_INITRAMFS_H */
