/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Find the test kernel. Order: --kernel, $KTSTR_KERNEL, the kernel tree
 * around the launcher ($KBUILD_OUTPUT or $O, then the directories above the
 * binary: the in-tree tools/testing/selftests/ktstr case), then the cache
 * that scripts/kernel-build.sh maintains.
 */
#ifndef KTSTR_HOST_KERNEL_H
#define KTSTR_HOST_KERNEL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct ktstr_kernel {
	char boot[PATH_MAX];	/* what QEMU boots (-kernel) */
	char vmlinux[PATH_MAX];	/* ELF with symbols and BTF; "" if unknown */
	bool pvh;		/* boot == vmlinux, entered through PVH */
	const char *from;	/* which lookup step found it, for messages */
};

/*
 * @opt_path is --kernel (or NULL), @bindir the launcher's directory.
 * Returns 0, or a negative errno with a one-line message in @why: -ENOENT
 * when no kernel was found anywhere, another errno for a named image that
 * is missing or cannot be booted.
 */
int ktstr_kernel_find(const char *opt_path, const char *bindir,
		      struct ktstr_kernel *k, char *why, size_t whylen);

#endif /* KTSTR_HOST_KERNEL_H */
