/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test suite as the guest binary declares it: `ktstr-init --list --json`
 * (a static binary, so it runs on the host too) is the one source of truth
 * for names, topologies, schedulers and timeouts (docs/protocol.md).
 */
#ifndef KTSTR_HOST_SUITE_H
#define KTSTR_HOST_SUITE_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

#define KTSTR_SPEC_MAX_TOOLS	4

struct ktstr_sched_variant;
struct ktstr_sched_variants;

struct ktstr_spec {
	/* Strings point into @json and live as long as the suite. */
	/*
	 * The run's name, which its files are named after: the test's, or
	 * "<test>@<variant>" under an external scheduler.
	 */
	const char *name;
	const char *test;	/* the test's name, for the guest */
	const char *description;
	const char *topology;
	const char *scheduler;
	const char *sched_args;
	const char *expect;
	unsigned int duration_ms;
	unsigned int timeout_s;
	int expect_exit_kind;
	bool auto_repro;
	bool manual;		/* only run when a -t glob selects it */
	bool generic;		/* runs under --scheduler (ktstr_test.h) */
	/* The external scheduler in place of .scheduler, or NULL. */
	const struct ktstr_sched_variant *variant;
	const char *tools[KTSTR_SPEC_MAX_TOOLS];	/* in the guest */
	size_t nr_tools;
	struct json_object *json;	/* the object as listed, for results */
};

struct ktstr_suite {
	struct ktstr_spec *specs;
	size_t nr;
	struct json_object *root;
	char **names;		/* the variant runs' names, owned */
	size_t nr_names;
};

/*
 * Parse the --list --json text. Pure. Returns 0 or -EINVAL with a message
 * in @why naming what was malformed.
 */
int ktstr_suite_parse(const char *text, struct ktstr_suite *suite,
		      char *why, size_t whylen);

/* Run @init_path --list --json and parse it; logs its own errors. */
int ktstr_suite_load(const char *init_path, struct ktstr_suite *suite);

/*
 * Keep the specs whose name matches any of @globs (fnmatch), in suite
 * order; with no globs, every test not marked manual (tests meant to fail,
 * run on request). A glob that matches nothing is an error (-ENOENT),
 * logged as "no test matches 'X'".
 */
int ktstr_suite_filter(struct ktstr_suite *suite, char *const *globs,
		       size_t nr_globs);

/*
 * Under external schedulers: each generic test of @suite once per
 * variant of @vs, in suite order then variant order, run by the
 * variant's binary with its args; the others are dropped, their number
 * in @dropped. The VM timeout grows by the longer attach an external
 * scheduler gets, and to the profile's timeout if that is longer.
 * Returns 0 or -ENOMEM.
 */
int ktstr_suite_expand(struct ktstr_suite *suite,
		       const struct ktstr_sched_variants *vs, size_t *dropped);

void ktstr_suite_free(struct ktstr_suite *suite);

#endif /* KTSTR_HOST_SUITE_H */
