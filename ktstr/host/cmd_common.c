// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd.h"
#include "common/log.h"
#include "host/util.h"
#include "host/vm/vm.h"

int ktstr_usage_error(const char *cmd, const char *arg)
{
	pr_err("%s: unknown or incomplete option '%s' (see: ktstr %s --help)",
	       cmd, arg, cmd);
	return KTSTR_EXIT_USAGE;
}

int ktstr_env_bindir(struct ktstr_vm_env *env)
{
	int err = ktstr_self_dir(env->bindir, sizeof(env->bindir));

	if (err) {
		pr_err("cannot find the launcher's directory (/proc/self/exe): %s",
		       strerror(-err));
		return KTSTR_EXIT_FAIL;
	}
	return 0;
}

int ktstr_env_check_accel(const char *opt_accel)
{
	const char *val = opt_accel ?: getenv("KTSTR_ACCEL");

	if (!val || !*val || !strcmp(val, "kvm") || !strcmp(val, "tcg"))
		return 0;
	pr_err("%s '%s': expected kvm or tcg",
	       opt_accel ? "--accel" : "KTSTR_ACCEL", val);
	return KTSTR_EXIT_USAGE;
}

int ktstr_env_setup(struct ktstr_vm_env *env, char *const *kernels,
		    size_t nr_kernels, const char *opt_accel)
{
	char why[PATH_MAX + 200];
	int err;

	err = ktstr_targets_find(env->bindir, kernels, nr_kernels,
				 &env->targets);
	if (err)
		return err;
	err = ktstr_qemu_find(env->qemu, sizeof(env->qemu));
	if (err) {
		const char *q = getenv("KTSTR_QEMU");

		pr_err("QEMU '%s' not found (%s); install qemu-system-x86 or set KTSTR_QEMU",
		       q && *q ? q : "qemu-system-x86_64", strerror(-err));
		return KTSTR_EXIT_SKIP;
	}

	err = ktstr_accel_choose(opt_accel, &env->accel, why, sizeof(why));
	if (err) {
		pr_err("%s", why);
		return KTSTR_EXIT_USAGE;
	}
	pr_info("accelerator %s (%s)", ktstr_accel_name(env->accel), why);
	return 0;
}
