/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Find a test kernel. --kernel names one by path or by version ("7.3": the
 * cached build of Debian's linux-source-7.3, scripts/kernel-build.sh).
 * Without one: $KTSTR_KERNEL, the kernel tree around the launcher
 * ($KBUILD_OUTPUT or $O, then the directories above the binary: the
 * in-tree tools/testing/selftests/ktstr case), the kernel the launcher's
 * own guest set was built for, then the cache's default version.
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
	char release[64];	/* "7.3.4"; "" if unknown */
	const char *from;	/* which lookup step found it, for messages */
};

/* "6.12", "7.3": a version, not a path. */
bool ktstr_kernel_is_version(const char *spec);

/*
 * @spec is --kernel (or NULL), @bindir the launcher's directory. Returns
 * 0, or a negative errno with a one-line message in @why: -ENOENT when no
 * kernel was found (a version not built yet included), another errno for
 * a named image that is missing or cannot be booted.
 */
int ktstr_kernel_find(const char *spec, const char *bindir,
		      struct ktstr_kernel *k, char *why, size_t whylen);

#endif /* KTSTR_HOST_KERNEL_H */
