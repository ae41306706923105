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
	char initrd[PATH_MAX];		/* the base layer (initramfs.h) */
	char layers_dir[PATH_MAX];	/* the parts, built on first use */
};

/* A test's layers: base, its scheduler's part, its tools' parts. */
#define KTSTR_MAX_LAYERS	8

struct ktstr_layers {
	const char *v[KTSTR_MAX_LAYERS];
	size_t n;
	char paths[KTSTR_MAX_LAYERS][PATH_MAX];
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

struct ktstr_spec;

/*
 * The layers a VM of @spec on @tg boots, into @l: the base, then the part
 * of the spec's scheduler (EEVDF needs none) and of each tool its work
 * types run. Parts are built the first time. Returns 0, or -errno with
 * the reason in @why.
 */
int ktstr_target_layers(const struct ktstr_target *tg,
			const struct ktstr_spec *spec, struct ktstr_layers *l,
			char *why, size_t whylen);

/* For `ktstr shell`: the base and every scheduler of the set. */
int ktstr_target_all_layers(const struct ktstr_target *tg,
			    struct ktstr_layers *l);

#endif /* KTSTR_HOST_TARGET_H */
