/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduler profile files (`ktstr run --profiles FILE [-s NAME]`): an INI
 * file a scheduler author keeps in their repository, read with inih.
 *
 *   [scheduler scx_nest]
 *   binary = ./target/release/scx_nest   ; relative to the file's directory
 *   args = -v                            ; before every profile's own args
 *   profile = default:
 *   profile = fast: --slice-us 5000 --fast
 *   timeout = 120                        ; seconds per test VM, 1..86400
 *   max_spread_pct = 50                  ; check overrides, 1..100
 *   max_gap_ms = 3000                    ; 1..600000
 *   files = /etc/scx_nest.toml ./data/x.bin
 *   stress = stress-ng --cpu 2 --switch 2 --timeout 35s
 *
 * - Several [scheduler NAME] sections; NAME and profile names are
 *   [A-Za-z0-9_-]+, unique in the file and in their section.
 * - `profile = NAME: ARGS` repeats; ARGS may be empty. A section without
 *   one has the single profile "default". A profile's args here are the
 *   section's `args`, a space, then its own: "base args + profile args".
 * - binary is required; each other key at most once. Relative `binary`
 *   and `files` paths are made absolute against the profile file's
 *   directory (symlinks resolved in that directory only; not checked for
 *   existence: see sched_bin.h for the binary's checks).
 * - Comments: lines starting with '#' or ';', and " ; ..." after a value
 *   ('#' after a value is part of it). An indented line after a key
 *   continues that key's value, for args, profile, files and stress only.
 *   Lines are at most 199 characters (inih's line buffer).
 */
#ifndef KTSTR_HOST_SCHED_PROFILE_H
#define KTSTR_HOST_SCHED_PROFILE_H

#include <stddef.h>

#define KTSTR_PROFILE_DEFAULT	"default"

struct ktstr_profile {
	char *name;
	char *args;		/* the section's args + its own; "" if none */
	unsigned int line;	/* of its `profile =`, or of the section */
};

struct ktstr_sched_profile {
	char *name;		/* NAME of [scheduler NAME] */
	char *binary;		/* absolute */
	char *args;		/* the section's `args`, "" if none */
	struct ktstr_profile *profiles;	/* in file order; at least one */
	size_t nr_profiles;
	unsigned int timeout_s;	/* 0: not set, the test's own */
	int max_spread_pct;	/* 0: not set */
	int max_gap_ms;		/* 0: not set */
	char **files;		/* absolute host paths, in file order */
	size_t nr_files;
	char *stress;		/* the command line as written, or NULL */
	unsigned int line;	/* of the [scheduler NAME] header */
};

struct ktstr_profile_file {
	char *path;		/* as given to ktstr_profile_file_load() */
	struct ktstr_sched_profile *scheds;	/* in file order; at least one */
	size_t nr;
};

/*
 * Read @path. Returns 0, or a negative errno with one line in @why that
 * names the file, the line and the key:
 *   -ENOENT etc.  "cannot read 'x.ini': No such file or directory"
 *   -EINVAL       "x.ini:7: key 'timout' in [scheduler scx_nest]: unknown
 *                 key (expected binary, args, profile, timeout,
 *                 max_spread_pct, max_gap_ms, files, stress)",
 *                 "x.ini:9: key 'max_spread_pct' in [scheduler scx_nest]:
 *                 '150' is not a number in 1..100",
 *                 "x.ini:2: [scheduler scx_nest] has no 'binary' key",
 *                 "x.ini:8: [scheduler a] is already defined at line 2",
 *                 "x.ini:6: key 'profile' in [scheduler a]: profile 'fast'
 *                 is already defined at line 4",
 *                 "x.ini:1: section [foo] is not [scheduler NAME]",
 *                 "x.ini:1: scheduler name 'a.b' is not [A-Za-z0-9_-]+",
 *                 "x.ini:3: syntax error: expected [scheduler NAME],
 *                 KEY = VALUE or a comment", ...
 * Free with ktstr_profile_file_free(), also after an error.
 */
int ktstr_profile_file_load(const char *path, struct ktstr_profile_file *pf,
			    char *why, size_t whylen);

/*
 * The scheduler named @name, or NULL. A NULL @name finds the only one of
 * a file that has exactly one (`--profiles FILE` without `-s`).
 */
const struct ktstr_sched_profile *
ktstr_profile_file_find(const struct ktstr_profile_file *pf, const char *name);

/* The profile of @sp named @name, or NULL. */
const struct ktstr_profile *
ktstr_sched_profile_find(const struct ktstr_sched_profile *sp,
			 const char *name);

void ktstr_profile_file_free(struct ktstr_profile_file *pf);

#endif /* KTSTR_HOST_SCHED_PROFILE_H */
