/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernels a run boots. Each target is a kernel, the guest set built
 * for it, that set's shared initramfs and the directory its tests'
 * records go to. One target: the run's results directory itself; several
 * (--kernel 6.12 --kernel 7.3): a subdirectory each, named for the
 * kernel's release, and every test runs on each of them in one TAP stream.
 */
#ifndef KTSTR_HOST_TARGET_H
#define KTSTR_HOST_TARGET_H

#include <limits.h>
#include <stddef.h>

#include "host/vm/guest_set.h"
#include "host/vm/kernel.h"

#define KTSTR_MAX_TARGETS	8

struct ktstr_target {
	struct ktstr_kernel kernel;
	struct ktstr_guest_set set;
	char label[64];			/* the release, "7.3.4" */
	char results_dir[PATH_MAX];
	char initrd[PATH_MAX];		/* the set's shared archive */
};

struct ktstr_targets {
	struct ktstr_target v[KTSTR_MAX_TARGETS];
	size_t nr;
};

/*
 * Resolve @specs (--kernel values: versions or paths; none: the default
 * kernel) into @t, each with its guest set, saying on stderr which kernel
 * and set each one is. Returns 0, or an exit code after one line on
 * stderr: KTSTR_EXIT_SKIP when a kernel or its guest set is missing (a
 * missing prerequisite), KTSTR_EXIT_USAGE for a kernel named twice.
 */
int ktstr_targets_find(const char *bindir, char *const *specs, size_t nr,
		       struct ktstr_targets *t);

/*
 * Results directories under the run's @dir and the shared initramfs of
 * each target (with busybox when @busybox is set). 0 or an exit code.
 */
int ktstr_targets_prepare(struct ktstr_targets *t, const char *dir,
			  const char *busybox);

/* Remove the shared archives (after the run, unless kept). */
void ktstr_targets_cleanup(const struct ktstr_targets *t);

#endif /* KTSTR_HOST_TARGET_H */
