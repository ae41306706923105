// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "host/cmd.h"
#include "host/target.h"
#include "host/util.h"
#include "host/vm/initramfs.h"

static int find_one(const char *bindir, const char *spec,
		    struct ktstr_target *tg)
{
	char why[PATH_MAX + 256];

	if (ktstr_kernel_find(spec, bindir, &tg->kernel, why, sizeof(why))) {
		/* Nothing can run without a kernel: a skip, not a failure. */
		pr_err("%s", why);
		return KTSTR_EXIT_SKIP;
	}
	if (ktstr_guest_set_find(bindir, &tg->kernel, &tg->set, why,
				 sizeof(why))) {
		pr_err("%s", why);
		return KTSTR_EXIT_SKIP;
	}
	snprintf(tg->label, sizeof(tg->label), "%s",
		 tg->kernel.release[0] ? tg->kernel.release : tg->set.release);
	if (!tg->label[0])
		snprintf(tg->label, sizeof(tg->label), "unknown");
	pr_info("kernel %s: %s (%s%s), guest set %s (BPF by clang %s)",
		tg->label, tg->kernel.boot, tg->kernel.from,
		tg->kernel.pvh ? ", PVH entry" : ", bzImage", tg->set.dir,
		tg->set.clang_version[0] ? tg->set.clang_version : "?");
	return 0;
}

int ktstr_targets_find(const char *bindir, char *const *specs, size_t nr,
		       struct ktstr_targets *t)
{
	size_t i, j;
	int ret;

	memset(t, 0, sizeof(*t));
	if (nr > KTSTR_MAX_TARGETS) {
		pr_err("more than %d --kernel options", KTSTR_MAX_TARGETS);
		return KTSTR_EXIT_USAGE;
	}
	for (i = 0; i < (nr ? nr : 1); i++) {
		ret = find_one(bindir, nr ? specs[i] : NULL, &t->v[i]);
		if (ret)
			return ret;
		for (j = 0; j < i; j++) {
			if (strcmp(t->v[j].kernel.boot, t->v[i].kernel.boot))
				continue;
			pr_err("--kernel '%s': the same kernel as '%s'",
			       specs[i], specs[j]);
			return KTSTR_EXIT_USAGE;
		}
		/* Two builds of one release: the labels name directories. */
		for (j = 0; j < i; j++)
			if (!strcmp(t->v[j].label, t->v[i].label))
				snprintf(t->v[i].label + strlen(t->v[i].label),
					 sizeof(t->v[i].label) -
					 strlen(t->v[i].label), "-%zu", i + 1);
		t->nr++;
	}
	return 0;
}

int ktstr_targets_prepare(struct ktstr_targets *t, const char *dir,
			  const char *busybox)
{
	size_t i;
	int err;

	for (i = 0; i < t->nr; i++) {
		struct ktstr_target *tg = &t->v[i];

		if (t->nr == 1)
			err = snprintf(tg->results_dir, sizeof(tg->results_dir),
				       "%s", dir) >= (int)sizeof(tg->results_dir);
		else
			err = ktstr_path_join(tg->results_dir,
					      sizeof(tg->results_dir), dir,
					      tg->label) ||
			      ktstr_mkdir_p(tg->results_dir, 0755);
		if (err || ktstr_path_join(tg->initrd, sizeof(tg->initrd),
					   tg->results_dir, "initramfs.cpio")) {
			pr_err("results directory under '%s': %s", dir,
			       strerror(ENAMETOOLONG));
			return KTSTR_EXIT_FAIL;
		}
		if (ktstr_initramfs_build(tg->set.dir, busybox, tg->initrd))
			return KTSTR_EXIT_FAIL;
	}
	return 0;
}

void ktstr_targets_cleanup(const struct ktstr_targets *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		unlink(t->v[i].initrd);
}
