/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands. Each parses its own options and returns the process exit
 * code; this is the one layer that turns errors into exit codes.
 */
#ifndef KTSTR_HOST_CMD_H
#define KTSTR_HOST_CMD_H

#include <limits.h>
#include <stddef.h>

#include "host/target.h"
#include "host/vm/accel.h"

#define KTSTR_EXIT_OK		0
#define KTSTR_EXIT_FAIL		1
#define KTSTR_EXIT_USAGE	2
#define KTSTR_EXIT_SKIP		4	/* kselftest: could not run */

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_stack(int argc, char **argv);

/* What every VM needs: kernels, QEMU and accelerator (cmd_common.c). */
struct ktstr_vm_env {
	char bindir[PATH_MAX];
	struct ktstr_targets targets;
	char qemu[PATH_MAX];
	enum ktstr_accel accel;
};

/* Fills env->bindir only; logs and returns an exit code on failure. */
int ktstr_env_bindir(struct ktstr_vm_env *env);

/*
 * Resolve the kernels (@kernels: --kernel values, or none for the
 * default), QEMU and accelerator, saying on stderr what was chosen.
 * Returns 0 or an exit code: SKIP when a kernel, its guest set or QEMU
 * is missing.
 */
int ktstr_env_setup(struct ktstr_vm_env *env, char *const *kernels,
		    size_t nr_kernels, const char *opt_accel);

/* Validate --accel / $KTSTR_ACCEL before any work: 0 or KTSTR_EXIT_USAGE. */
int ktstr_env_check_accel(const char *opt_accel);

/* Report an unknown option the way every subcommand does. */
int ktstr_usage_error(const char *cmd, const char *arg);

#endif /* KTSTR_HOST_CMD_H */
