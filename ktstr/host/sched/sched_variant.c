// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/sched/sched_variant.h"

/*
 * The binary's name is its /bin path in the guest, part of TAP names and
 * of file names: no blanks, slashes or shell characters.
 */
static bool name_ok(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("_-.+", *s))
			return false;
	return true;
}

/* Check @path, find its closure and digest into @vs. */
static int load_binary(struct ktstr_sched_variants *vs, const char *path,
		       char *why, size_t whylen)
{
	char guest[PATH_MAX], abs[PATH_MAX], sha[KTSTR_SHA256_HEX_LEN + 1];
	const char *base = strrchr(path, '/');
	int err;

	base = base ? base + 1 : path;
	err = ktstr_sched_bin_check(path, why, whylen);
	if (err)
		return err;
	if (!name_ok(base)) {
		snprintf(why, whylen,
			 "'%s': the file name must be [A-Za-z0-9_.+-]+, not starting with '.' (it is the binary's name in the guest and in test names)",
			 path);
		return -EINVAL;
	}
	if (!realpath(path, abs)) {
		err = -errno;
		snprintf(why, whylen, "'%s': %s", path, strerror(errno));
		return err;
	}
	snprintf(guest, sizeof(guest), "/bin/%s", base);
	err = ktstr_sched_closure(path, guest, &vs->closure, why, whylen);
	if (err)
		return err;
	err = ktstr_sha256_file(abs, sha);
	if (err) {
		snprintf(why, whylen, "'%s': cannot read it for its sha256: %s",
			 path, strerror(-err));
		return err;
	}
	vs->path = strdup(abs);
	vs->name = strdup(base);
	if (!vs->path || !vs->name)
		return -ENOMEM;
	memcpy(vs->v[0].sha256, sha, sizeof(sha));
	return 0;
}

static void variant_init(struct ktstr_sched_variant *v,
			 const struct ktstr_sched_variants *vs)
{
	v->name = vs->name;
	v->path = vs->path;
	v->closure = &vs->closure;
	if (v != vs->v)
		memcpy(v->sha256, vs->v[0].sha256, sizeof(v->sha256));
}

int ktstr_variants_from_binary(const char *path, const char *args,
			       struct ktstr_sched_variants *vs, char *why,
			       size_t whylen)
{
	struct ktstr_sched_variant *v;
	int err;

	memset(vs, 0, sizeof(*vs));
	vs->v = calloc(1, sizeof(*vs->v));
	vs->args = strdup(args ? args : "");
	if (!vs->v || !vs->args)
		return -ENOMEM;
	err = load_binary(vs, path, why, whylen);
	if (err)
		return err;
	v = &vs->v[0];
	variant_init(v, vs);
	v->args = vs->args;
	snprintf(v->label, sizeof(v->label), "%s", vs->name);
	snprintf(v->file_id, sizeof(v->file_id), "%s", vs->name);
	vs->nr = 1;
	return 0;
}

/* A profile's `files` must be there now, not when the VM's archive is made. */
static int check_files(const char *file, const struct ktstr_sched_profile *sp,
		       char *why, size_t whylen)
{
	struct stat st;
	size_t i;

	for (i = 0; i < sp->nr_files; i++) {
		const char *f = sp->files[i];
		const char *what = NULL;

		if (stat(f, &st))
			what = strerror(errno);
		else if (!S_ISREG(st.st_mode))
			what = "not a regular file";
		if (what) {
			snprintf(why, whylen,
				 "%s: [scheduler %s] files: '%s': %s", file,
				 sp->name, f, what);
			return -EINVAL;
		}
	}
	return 0;
}

int ktstr_variants_from_profiles(const char *file, const char *sched,
				 struct ktstr_sched_variants *vs, char *why,
				 size_t whylen)
{
	const struct ktstr_sched_profile *sp;
	bool implicit;
	size_t i;
	int err;

	memset(vs, 0, sizeof(*vs));
	err = ktstr_profile_file_load(file, &vs->pf, why, whylen);
	if (err)
		return err;
	sp = ktstr_profile_file_find(&vs->pf, sched);
	if (!sp) {
		if (sched)
			snprintf(why, whylen, "%s: no [scheduler %s] section",
				 file, sched);
		else
			snprintf(why, whylen,
				 "%s: %zu [scheduler NAME] sections: choose one with -s NAME",
				 file, vs->pf.nr);
		return -EINVAL;
	}
	err = check_files(file, sp, why, whylen);
	if (err)
		return err;
	vs->v = calloc(sp->nr_profiles, sizeof(*vs->v));
	if (!vs->v)
		return -ENOMEM;
	err = load_binary(vs, sp->binary, why, whylen);
	if (err)
		return err;
	/* A section without `profile =` lines is just the scheduler. */
	implicit = sp->nr_profiles == 1 &&
		   !strcmp(sp->profiles[0].name, KTSTR_PROFILE_DEFAULT);
	for (i = 0; i < sp->nr_profiles; i++) {
		struct ktstr_sched_variant *v = &vs->v[i];
		const struct ktstr_profile *pr = &sp->profiles[i];

		variant_init(v, vs);
		v->args = pr->args;
		v->profile_file = vs->pf.path;
		v->profile = pr->name;
		v->timeout_s = sp->timeout_s;
		v->max_spread_pct = sp->max_spread_pct;
		v->max_gap_ms = sp->max_gap_ms;
		v->stress = sp->stress;
		v->files = sp->files;
		v->nr_files = sp->nr_files;
		if (implicit) {
			snprintf(v->label, sizeof(v->label), "%s", sp->name);
			snprintf(v->file_id, sizeof(v->file_id), "%s",
				 sp->name);
		} else {
			snprintf(v->label, sizeof(v->label), "%s:%s", sp->name,
				 pr->name);
			snprintf(v->file_id, sizeof(v->file_id), "%s.%s",
				 sp->name, pr->name);
		}
	}
	vs->nr = sp->nr_profiles;
	return 0;
}

void ktstr_variants_free(struct ktstr_sched_variants *vs)
{
	free(vs->v);
	ktstr_profile_file_free(&vs->pf);
	ktstr_sched_closure_free(&vs->closure);
	free(vs->path);
	free(vs->args);
	free(vs->name);
	memset(vs, 0, sizeof(*vs));
}
