/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest set: ktstr-init, scx_ktstr and the kernel tree's own schedulers,
 * built from and for one kernel (scripts/guest-build.sh). Its guest.info
 * says which: the vmlinux its BPF programs were built against, the
 * kernel release, the tree and the BPF compiler. The launcher's own
 * directory holds the default set; sets for other kernels are under
 * <launcher dir>/kernels/<kernel key>/.
 */
#ifndef KTSTR_HOST_GUEST_SET_H
#define KTSTR_HOST_GUEST_SET_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "host/vm/kernel.h"

#define KTSTR_GUEST_INFO	"guest.info"

struct ktstr_guest_set {
	char dir[PATH_MAX];
	char vmlinux[PATH_MAX];		/* what it was built against */
	char release[64];		/* "7.3.4" */
	char source[PATH_MAX];		/* the kernel tree */
	char clang[PATH_MAX];		/* the BPF compiler */
	char clang_version[32];		/* "19.1.7" */
	char schedulers[1024];		/* " scx_ktstr scx_simple ... " */
};

/*
 * Parse guest.info text (pure). Returns 0, or -EINVAL with the line in
 * @why when a line is not "key=value" or a required key is missing.
 */
int ktstr_guest_set_parse(const char *text, struct ktstr_guest_set *s,
			  char *why, size_t whylen);

/* The set in @dir. -ENOENT when it has no guest.info. */
int ktstr_guest_set_read(const char *dir, struct ktstr_guest_set *s,
			 char *why, size_t whylen);

/*
 * The set built for kernel @k: @bindir's own, or one under
 * @bindir/kernels/. A kernel of unknown release (an image named by path,
 * without a release beside it) gets @bindir's own set. Returns 0, or
 * -ENOENT with @why saying which kernel has no set and how to build one.
 */
int ktstr_guest_set_find(const char *bindir, const struct ktstr_kernel *k,
			 struct ktstr_guest_set *s, char *why, size_t whylen);

/* The set has scheduler binary @name. */
bool ktstr_guest_set_has(const struct ktstr_guest_set *s, const char *name);

#endif /* KTSTR_HOST_GUEST_SET_H */
