/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The external schedulers a run tests: `ktstr run --scheduler PATH
 * [--sched-args ARGS]` gives one, `--profiles FILE [-s NAME]` one per
 * profile of a [scheduler NAME] section. Every generic test runs once
 * under each (and on each kernel), its TAP name saying which:
 * "cpuset_disjoint [scx_nest:fast]".
 *
 * Everything a variant needs in the guest is checked here, before any
 * VM boots, with one line naming the file and the problem: the binary
 * (sched_bin.h: exists, executable, an x86-64 ELF program, every library
 * found) and each file a profile names.
 */
#ifndef KTSTR_HOST_SCHED_VARIANT_H
#define KTSTR_HOST_SCHED_VARIANT_H

#include <stddef.h>

#include "host/sched/sched_bin.h"
#include "host/sched/sched_profile.h"
#include "host/sched/sha256.h"

#define KTSTR_VARIANT_LABEL_LEN	96

struct ktstr_sched_variant {
	/* "scx_nest", or "scx_nest:fast" for a profile: in TAP names */
	char label[KTSTR_VARIANT_LABEL_LEN];
	/* The label as a file name part: "scx_nest.fast" */
	char file_id[KTSTR_VARIANT_LABEL_LEN];
	const char *name;	/* the binary's basename: /bin/<name> */
	const char *path;	/* the host binary, absolute */
	const char *args;	/* "" if none */
	char sha256[KTSTR_SHA256_HEX_LEN + 1];
	const char *profile_file;	/* NULL: given by --scheduler */
	const char *profile;		/* the profile's name, or NULL */
	unsigned int timeout_s;		/* 0: the test's own */
	int max_spread_pct;		/* 0: the scheduler-neutral default */
	int max_gap_ms;
	const char *stress;		/* "stress-ng ARGS", or NULL */
	char *const *files;		/* absolute host = guest paths */
	size_t nr_files;
	/* The binary and its libraries, shared by a file's profiles. */
	const struct ktstr_sched_closure *closure;
};

struct ktstr_sched_variants {
	struct ktstr_sched_variant *v;
	size_t nr;
	/* What the strings point into. */
	struct ktstr_profile_file pf;
	struct ktstr_sched_closure closure;
	char *path, *args, *name;
};

/*
 * One variant: the binary at @path (relative to the working directory)
 * with @args (NULL: none). Returns 0, or -errno with one line in @why.
 */
int ktstr_variants_from_binary(const char *path, const char *args,
			       struct ktstr_sched_variants *vs, char *why,
			       size_t whylen);

/*
 * One variant per profile of the [scheduler @sched] section of @file
 * (NULL @sched: the file's only section). Returns 0, or -errno with one
 * line in @why (the parser's "file:line: key ..." ones included).
 */
int ktstr_variants_from_profiles(const char *file, const char *sched,
				 struct ktstr_sched_variants *vs, char *why,
				 size_t whylen);

void ktstr_variants_free(struct ktstr_sched_variants *vs);

#endif /* KTSTR_HOST_SCHED_VARIANT_H */
