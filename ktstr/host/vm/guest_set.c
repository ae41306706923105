// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/compiler.h"
#include "common/text.h"
#include "host/util.h"
#include "host/vm/guest_set.h"

static int put(char *dst, size_t size, struct ktstr_text v)
{
	if (v.len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, v.s, v.len);
	dst[v.len] = '\0';
	return 0;
}

int ktstr_guest_set_parse(const char *text, struct ktstr_guest_set *s,
			  char *why, size_t whylen)
{
	struct ktstr_text rest = ktstr_text_of(text), line;
	unsigned int nr = 0;

	memset(s, 0, sizeof(*s));
	while (ktstr_text_next_line(&rest, &line)) {
		const char *eq = memchr(line.s, '=', line.len);
		struct ktstr_text key, val;
		int err = 0;

		nr++;
		if (!line.len)
			continue;
		if (!eq) {
			snprintf(why, whylen, "guest.info line %u: '%.*s' is not key=value",
				 nr, (int)line.len, line.s);
			return -EINVAL;
		}
		key = (struct ktstr_text){ line.s, eq - line.s };
		val = (struct ktstr_text){ eq + 1, line.s + line.len - eq - 1 };
		if (ktstr_text_is(key, "vmlinux"))
			err = put(s->vmlinux, sizeof(s->vmlinux), val);
		else if (ktstr_text_is(key, "release"))
			err = put(s->release, sizeof(s->release), val);
		else if (ktstr_text_is(key, "source"))
			err = put(s->source, sizeof(s->source), val);
		else if (ktstr_text_is(key, "clang"))
			err = put(s->clang, sizeof(s->clang), val);
		else if (ktstr_text_is(key, "clang_version"))
			err = put(s->clang_version, sizeof(s->clang_version),
				  val);
		else if (ktstr_text_is(key, "schedulers") &&
			 val.len + 2 < sizeof(s->schedulers))
			/* blank on both sides: a word is found as " name " */
			snprintf(s->schedulers, sizeof(s->schedulers), " %.*s ",
				 (int)val.len, val.s);
		if (err) {
			snprintf(why, whylen, "guest.info line %u: value too long",
				 nr);
			return -EINVAL;
		}
	}
	if (!s->vmlinux[0] || !s->release[0]) {
		snprintf(why, whylen, "guest.info has no %s",
			 !s->vmlinux[0] ? "vmlinux" : "release");
		return -EINVAL;
	}
	return 0;
}

int ktstr_guest_set_read(const char *dir, struct ktstr_guest_set *s,
			 char *why, size_t whylen)
{
	char path[PATH_MAX], *text;
	int err;

	if (ktstr_path_join(path, sizeof(path), dir, KTSTR_GUEST_INFO))
		return -ENAMETOOLONG;
	err = ktstr_read_file(path, &text, NULL);
	if (err) {
		snprintf(why, whylen, "%s: %s", path, strerror(-err));
		return err;
	}
	err = ktstr_guest_set_parse(text, s, why, whylen);
	free(text);
	if (!err && snprintf(s->dir, sizeof(s->dir), "%s", dir) >=
		    (int)sizeof(s->dir))
		err = -ENAMETOOLONG;
	return err;
}

/* Two names of one file: a cache path may be reached through a symlink. */
static bool same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (!strcmp(a, b))
		return true;
	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

static bool matches(const struct ktstr_guest_set *s,
		    const struct ktstr_kernel *k)
{
	if (k->vmlinux[0] && same_file(s->vmlinux, k->vmlinux))
		return true;
	/* Another build of the same release: CO-RE covers the rest. */
	return k->release[0] && !strcmp(s->release, k->release);
}

/* The length of "7.3" in "7.3.4": what --version takes. */
static int major_minor(const char *release)
{
	const char *dot = strchr(release, '.');

	if (dot)
		dot = strchr(dot + 1, '.');
	return dot ? (int)(dot - release) : (int)strlen(release);
}

int ktstr_guest_set_find(const char *bindir, const struct ktstr_kernel *k,
			 struct ktstr_guest_set *s, char *why, size_t whylen)
{
	char dir[PATH_MAX], own_release[64] = "";
	struct ktstr_guest_set own;
	bool have_own;
	struct dirent *de;
	DIR *d;

	have_own = !ktstr_guest_set_read(bindir, &own, why, whylen);
	if (have_own) {
		snprintf(own_release, sizeof(own_release), "%s", own.release);
		if (matches(&own, k) || !k->release[0]) {
			*s = own;
			return 0;
		}
	}
	if (ktstr_path_join(dir, sizeof(dir), bindir, "kernels"))
		return -ENAMETOOLONG;
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		char sub[PATH_MAX];

		if (de->d_name[0] == '.' ||
		    snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(sub))
			continue;
		if (!ktstr_guest_set_read(sub, s, why, whylen) &&
		    matches(s, k)) {
			closedir(d);
			return 0;
		}
	}
	if (d)
		closedir(d);
	snprintf(why, whylen,
		 "no guest binaries for kernel %s (%s)%s%s%s; build them: ktstr kernel build --version %.*s",
		 k->release, k->boot, have_own ? "; this build has " : "",
		 own_release, have_own ? "'s" : "",
		 major_minor(k->release), k->release);
	return -ENOENT;
}

bool ktstr_guest_set_has(const struct ktstr_guest_set *s, const char *name)
{
	char word[128];

	if (snprintf(word, sizeof(word), " %s ", name) >= (int)sizeof(word))
		return false;
	return strstr(s->schedulers, word);
}
