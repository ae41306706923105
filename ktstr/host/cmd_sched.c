// SPDX-License-Identifier: GPL-2.0
/*
 * --scheduler / --profiles of `ktstr run` and `ktstr list`: which
 * external schedulers, and the generic tests under each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "host/cmd.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"

bool ktstr_sched_opt(struct ktstr_sched_opts *o, int c, const char *arg)
{
	switch (c) {
	case KTSTR_OPT_SCHED_PATH:
		o->path = arg;
		return true;
	case KTSTR_OPT_SCHED_ARGS_VAL:
		o->args = arg;
		return true;
	case KTSTR_OPT_PROFILES:
		o->profiles = arg;
		return true;
	case KTSTR_OPT_PROFILE_SECTION:
	case 's':
		o->section = arg;
		return true;
	}
	return false;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

bool ktstr_sched_opts_given(const struct ktstr_sched_opts *o)
{
	return o->path || o->profiles || o->args || o->section ||
	       env("KTSTR_SCHEDULER") || env("KTSTR_PROFILES");
}

/* Options first; the environment only when no option chose. */
static int resolve(struct ktstr_sched_opts *o)
{
	if (!o->path && !o->profiles) {
		o->path = env("KTSTR_SCHEDULER");
		o->profiles = env("KTSTR_PROFILES");
	}
	if (!o->args)
		o->args = env("KTSTR_SCHED_ARGS");
	if (!o->section)
		o->section = env("KTSTR_PROFILE");
	if (o->path && o->profiles) {
		pr_err("--scheduler '%s' and --profiles '%s': give one (a profile file names its binary)",
		       o->path, o->profiles);
		return KTSTR_EXIT_USAGE;
	}
	if (o->args && !o->path) {
		pr_err("--sched-args '%s' without --scheduler PATH (a profile file has its own args)",
		       o->args);
		return KTSTR_EXIT_USAGE;
	}
	if (o->section && !o->profiles) {
		pr_err("-s '%s' without --profiles FILE", o->section);
		return KTSTR_EXIT_USAGE;
	}
	return 0;
}

static void say_variants(const struct ktstr_sched_variants *vs)
{
	const struct ktstr_sched_closure *c = &vs->closure;
	/* files: the binary, then the interpreter, then the libraries */
	size_t libs = c->nr > 2 ? c->nr - 2 : 0, i;

	if (c->is_static)
		pr_info("external scheduler %s (sha256 %.16s..., static)",
			vs->path, vs->v[0].sha256);
	else
		pr_info("external scheduler %s (sha256 %.16s..., dynamic: %s and %zu shared librar%s)",
			vs->path, vs->v[0].sha256, c->files[1].guest_path,
			libs, libs == 1 ? "y" : "ies");
	for (i = 0; i < vs->nr; i++)
		pr_info("  %s: /bin/%s%s%s", vs->v[i].label, vs->v[i].name,
			*vs->v[i].args ? " " : "", vs->v[i].args);
}

int ktstr_sched_opts_apply(struct ktstr_sched_opts *o,
			   struct ktstr_suite *suite,
			   struct ktstr_sched_variants *vs)
{
	size_t dropped = 0, generic;
	char why[PATH_MAX + 256];
	int err;

	memset(vs, 0, sizeof(*vs));
	err = resolve(o);
	if (err)
		return err;
	if (!o->path && !o->profiles)
		return 0;
	if (o->path)
		err = ktstr_variants_from_binary(o->path, o->args, vs, why,
						 sizeof(why));
	else
		err = ktstr_variants_from_profiles(o->profiles, o->section, vs,
						   why, sizeof(why));
	if (err == -ENOMEM) {
		pr_err("out of memory loading the scheduler");
		return KTSTR_EXIT_FAIL;
	}
	if (err) {
		pr_err("%s", why);
		return KTSTR_EXIT_USAGE;
	}
	say_variants(vs);
	err = ktstr_suite_expand(suite, vs, &dropped);
	if (err) {
		pr_err("out of memory expanding the suite");
		return KTSTR_EXIT_FAIL;
	}
	generic = vs->nr ? suite->nr / vs->nr : 0;
	if (!suite->nr) {
		pr_err("none of the %zu selected tests is generic: tests pinned to one scheduler do not run under --scheduler (see: ktstr list)",
		       dropped);
		return KTSTR_EXIT_USAGE;
	}
	pr_info("%zu generic test%s x %zu profile%s (%zu selected test%s pinned to one scheduler left out)",
		generic, generic == 1 ? "" : "s", vs->nr,
		vs->nr == 1 ? "" : "s", dropped, dropped == 1 ? "" : "s");
	return 0;
}
