/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands. Each parses its own options and returns the process exit
 * code; this is the one layer that turns errors into exit codes.
 */
#ifndef KTSTR_HOST_CMD_H
#define KTSTR_HOST_CMD_H

#include <limits.h>
#include <stdbool.h>
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

/*
 * The external schedulers of `run` and `list` (cmd_sched.c): --scheduler
 * PATH [--sched-args ARGS], or --profiles FILE [-s NAME]; without them
 * $KTSTR_SCHEDULER, $KTSTR_SCHED_ARGS, $KTSTR_PROFILES, $KTSTR_PROFILE.
 */
struct ktstr_sched_opts {
	const char *path, *args;
	const char *profiles, *section;
};

struct ktstr_suite;
struct ktstr_sched_variants;

/* The long options' values, for getopt_long (see cmd_run.c). */
enum {
	KTSTR_OPT_SCHED_PATH = 0x100, KTSTR_OPT_SCHED_ARGS_VAL,
	KTSTR_OPT_PROFILES, KTSTR_OPT_PROFILE_SECTION,
};
#define KTSTR_SCHED_USAGE						\
"      --scheduler PATH run the generic tests under this sched_ext binary\n" \
"      --sched-args A   its arguments, split on blanks (with --scheduler)\n" \
"      --profiles FILE  run them once per profile of a scheduler profile\n" \
"                       file (README: \"Your own scheduler\")\n"		\
"  -s, --sched NAME     its [scheduler NAME] section (if it has several)\n"

/* One of those options (or -s): true if @c was one. */
bool ktstr_sched_opt(struct ktstr_sched_opts *o, int c, const char *arg);

/* Whether a scheduler option or variable is set. */
bool ktstr_sched_opts_given(const struct ktstr_sched_opts *o);

/*
 * With any scheduler option or variable set: check them, load the
 * variants into @vs, and narrow @suite to its generic tests under each,
 * saying so on stderr. Returns 0 (@vs->nr is 0 without any), or an exit
 * code after one line naming the input: KTSTR_EXIT_USAGE for a bad
 * binary, profile file or combination, or no generic test selected.
 */
int ktstr_sched_opts_apply(struct ktstr_sched_opts *o,
			   struct ktstr_suite *suite,
			   struct ktstr_sched_variants *vs);

/* Report an unknown option the way every subcommand does. */
int ktstr_usage_error(const char *cmd, const char *arg);

#endif /* KTSTR_HOST_CMD_H */
