/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's root filesystem, in layers the kernel unpacks one after
 * another (concatenated newc archives):
 *
 *   base     /init (the guest set's ktstr-init), the directories and device
 *            nodes init needs before it mounts anything, the kernel's
 *            config (libbpf reads __kconfig values from it) and, for
 *            `ktstr shell`, busybox. One per kernel per run.
 *   parts    what a test needs beyond that: its scheduler (and that
 *            binary's shared-library closure), the tools its work types
 *            run (stress-ng, hackbench, with theirs). Built on first use
 *            and reused by every VM of the run.
 *   args     the guest init's arguments (KTSTR_GUEST_ARGS), per VM.
 *
 * A VM's archive is the concatenation: a few MB instead of every
 * scheduler of the tree, and the cached layers are only copied.
 */
#ifndef KTSTR_HOST_INITRAMFS_H
#define KTSTR_HOST_INITRAMFS_H

#include <stddef.h>

#include "common/guest_args.h"
#include "common/protocol.h"

/* Debian's busybox-static: a static binary that runs in the guest as-is. */
#define KTSTR_BUSYBOX	"/bin/busybox"


/* A file of a part: @host's bytes at @guest, or @guest a link to @link. */
struct ktstr_initramfs_file {
	const char *host;
	const char *guest;	/* absolute or relative to / */
	const char *link;	/* NULL, or the symlink's target */
};

/*
 * The base archive at @out (atomically): @init as /init, @kconfig (may be
 * NULL) as KTSTR_GUEST_KCONFIG, @busybox (may be NULL) as /bin/busybox
 * and /bin/sh. Logs one line naming an unreadable input; 0 or -errno.
 */
int ktstr_initramfs_base(const char *init, const char *kconfig,
			 const char *busybox, const char *out);

/*
 * A part holding @files, their parent directories included. 0 or -errno
 * after one line on stderr.
 */
int ktstr_initramfs_part(const struct ktstr_initramfs_file *files, size_t n,
			 const char *out);

/*
 * One VM's archive at @out (atomically): the @n archives of @layers
 * (base first), then the KTSTR_GUEST_ARGS file for @args.
 */
int ktstr_initramfs_vm(const char *const *layers, size_t n,
		       const struct ktstr_guest_args *args, const char *out);

#endif /* KTSTR_HOST_INITRAMFS_H */
