// SPDX-License-Identifier: GPL-2.0
/*
 * A scheduler binary's closure (sched_bin.h): the checks of the binary,
 * then its interpreter and libraries walked breadth first, each added as
 * a guest file. Where ld.so would find a library is sched_bin_search.c.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/sched/libpath.h"
#include "host/sched/sched_bin.h"
#include "host/sched/sched_bin_internal.h"
#include "host/sched/sched_elf.h"

int sched_bin_oom(struct walk *w)
{
	snprintf(w->why, w->whylen, "closure of '%s': %s", w->binary,
		 strerror(ENOMEM));
	return -ENOMEM;
}

static bool is_kernel_provided(const char *name)
{
	return !strcmp(name, "linux-vdso.so.1") ||
	       !strcmp(name, "linux-gate.so.1");
}

static int add_name(struct walk *w, const char *name, size_t obj)
{
	struct name *tmp;

	tmp = realloc(w->names, (w->nr_names + 1) * sizeof(*tmp));
	if (!tmp)
		return sched_bin_oom(w);
	w->names = tmp;
	w->names[w->nr_names++] = (struct name){ name, obj };
	return 0;
}

static const struct name *find_name(const struct walk *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nr_names; i++)
		if (!strcmp(w->names[i].name, name))
			return &w->names[i];
	return NULL;
}

static int add_file(struct walk *w, char *host, char *guest, char *link)
{
	struct ktstr_sched_closure *c = w->c;
	struct ktstr_guest_file *tmp;
	size_t i;

	for (i = 0; i < c->nr; i++) {
		if (strcmp(c->files[i].guest_path, guest))
			continue;
		snprintf(w->why, w->whylen,
			 "closure of '%s': %s and %s would both be %s in the guest",
			 w->binary, c->files[i].host_path ?: c->files[i].symlink_to,
			 host ?: link, guest);
		free(host);
		free(guest);
		free(link);
		return -EEXIST;
	}
	tmp = realloc(c->files, (c->nr + 1) * sizeof(*tmp));
	if (!tmp) {
		free(host);
		free(guest);
		free(link);
		return sched_bin_oom(w);
	}
	c->files = tmp;
	c->files[c->nr++] = (struct ktstr_guest_file){ host, guest, link };
	return 0;
}

char *sched_bin_dir_of(const char *path)
{
	char *dup = strdup(path), *d;

	if (!dup)
		return NULL;
	d = strdup(dirname(dup));
	free(dup);
	return d;
}

/*
 * Add the object found at @f (its ELF info moves into the object): its
 * closure file, its origins and names.
 */
static int add_obj(struct walk *w, struct found *f, const char *label,
		   int loader, bool is_interp, char *guest)
{
	struct obj *tmp, *o;
	char *host;
	int err;

	host = realpath(f->search, NULL);
	if (!host) {
		err = -errno;
		snprintf(w->why, w->whylen, "closure of '%s': %s: %s",
			 w->binary, f->search, strerror(errno));
		free(guest);
		return err;
	}
	tmp = realloc(w->objs, (w->nr_objs + 1) * sizeof(*tmp));
	if (!tmp) {
		free(host);
		free(guest);
		return sched_bin_oom(w);
	}
	w->objs = tmp;
	o = &w->objs[w->nr_objs];
	memset(o, 0, sizeof(*o));
	o->label = label;
	o->loader = loader;
	o->is_interp = is_interp;
	o->dev = f->st.st_dev;
	o->ino = f->st.st_ino;
	o->guest = guest;
	/* ld.so's $ORIGIN: the real path for the executable only. */
	o->host_origin = sched_bin_dir_of(loader < 0 && !is_interp ? host :
					   f->search);
	o->guest_origin = sched_bin_dir_of(guest);
	err = add_file(w, host, guest, NULL);
	if (err) {
		free(o->host_origin);
		free(o->guest_origin);
		return err;
	}
	w->nr_objs++;
	o->elf = f->elf;
	memset(&f->elf, 0, sizeof(f->elf));
	if (!o->host_origin || !o->guest_origin)
		return sched_bin_oom(w);
	if (o->elf.soname && !find_name(w, o->elf.soname))
		return add_name(w, o->elf.soname, w->nr_objs - 1);
	return 0;
}

static int add_ldpath(struct walk *w, const char *dir)
{
	struct ktstr_sched_closure *c = w->c;
	const char *const *d;
	size_t len = strlen(dir), have;
	const char *p;
	char *tmp;

	for (d = ktstr_ldso_system_dirs; *d; d++)
		if (!strcmp(*d, dir))
			return 0;
	for (p = c->ld_library_path; p && *p; p += strcspn(p, ":"), p += !!*p)
		if (!strncmp(p, dir, len) && (p[len] == ':' || !p[len]))
			return 0;
	have = c->ld_library_path ? strlen(c->ld_library_path) : 0;
	tmp = realloc(c->ld_library_path, have + len + 2);
	if (!tmp)
		return sched_bin_oom(w);
	if (have)
		tmp[have++] = ':';
	memcpy(tmp + have, dir, len + 1);
	c->ld_library_path = tmp;
	return 0;
}

static int need(struct walk *w, const char *name, size_t loader)
{
	struct found f = { 0 };
	char *guest = NULL, *link = NULL;
	size_t i;
	int ret;

	if (is_kernel_provided(name) || find_name(w, name))
		return 0;
	w->reject[0] = '\0';
	ret = strchr(name, '/') ? sched_bin_by_path(w, name, loader, &f) :
	      sched_bin_search(w, name, loader, &f);
	if (ret == 0)
		return sched_bin_not_found(w, name, loader);
	if (ret < 0)
		return ret;
	if (asprintf(&guest, "%s/%s", strcmp(f.guest_dir, "/") ?
		     f.guest_dir : "", strrchr(name, '/') ?
		     strrchr(name, '/') + 1 : name) < 0) {
		ret = sched_bin_oom(w);
		goto out;
	}
	if (f.via == VIA_ENV || f.via == VIA_CONF || f.via == VIA_DEFAULT) {
		ret = add_ldpath(w, f.guest_dir);
		if (ret)
			goto out;
	}
	for (i = 0; i < w->nr_objs; i++) {
		if (w->objs[i].dev != f.st.st_dev ||
		    w->objs[i].ino != f.st.st_ino)
			continue;
		/* Loaded already under another name: the same object. */
		ret = add_name(w, name, i);
		if (ret || !strcmp(guest, w->objs[i].guest))
			goto out;
		link = strdup(w->objs[i].guest);
		if (!link) {
			ret = sched_bin_oom(w);
			goto out;
		}
		ret = add_file(w, NULL, guest, link);
		guest = NULL;
		goto out;
	}
	ret = add_obj(w, &f, name, loader, false, guest);
	guest = NULL;
	if (!ret)
		ret = add_name(w, name, w->nr_objs - 1);
out:
	free(guest);
	free(f.search);
	free(f.guest_dir);
	ktstr_elf_dyn_free(&f.elf);
	return ret;
}

static int check_file(const char *path, char *why, size_t whylen)
{
	struct stat st;
	int err;

	if (stat(path, &st)) {
		err = -errno;
		if (errno == ENOENT)
			snprintf(why, whylen, "'%s' does not exist", path);
		else
			snprintf(why, whylen, "cannot stat '%s': %s", path,
				 strerror(errno));
		return err;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "'%s' is a directory", path);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "'%s' is not a regular file", path);
		return -EINVAL;
	}
	if (!(st.st_mode & 0111)) {
		snprintf(why, whylen, "'%s' is not executable (mode %04o)",
			 path, st.st_mode & 07777);
		return -EACCES;
	}
	if (access(path, X_OK)) {
		err = -errno;
		snprintf(why, whylen,
			 "'%s' is not executable by this user (mode %04o, owner uid %u): %s",
			 path, st.st_mode & 07777, st.st_uid, strerror(errno));
		return err;
	}
	return 0;
}

static int check_elf(const char *path, const struct ktstr_elf_dyn *e,
		     char *why, size_t whylen)
{
	char name[64];

	if (!ktstr_elf_is_host(e)) {
		snprintf(why, whylen, "'%s' is an ELF for %s, expected %s",
			 path, ktstr_elf_name(e, name, sizeof(name)),
			 ktstr_elf_host_name());
		return -ENOEXEC;
	}
	switch (e->type) {
	case ET_EXEC:
	case ET_DYN:
		break;
	case ET_REL:
		snprintf(why, whylen,
			 "'%s' is an ELF relocatable object (ET_REL), not a program",
			 path);
		return -ENOEXEC;
	case ET_CORE:
		snprintf(why, whylen,
			 "'%s' is an ELF core dump (ET_CORE), not a program",
			 path);
		return -ENOEXEC;
	default:
		snprintf(why, whylen, "'%s' is an ELF of type %u, not a program",
			 path, e->type);
		return -ENOEXEC;
	}
	if (!e->interp && e->nr_needed) {
		snprintf(why, whylen,
			 "'%s' needs shared libraries but has no ELF interpreter (PT_INTERP): a library, not a program?",
			 path);
		return -ENOEXEC;
	}
	return 0;
}

/* PT_INTERP: opened by the kernel at exactly that path. */
static int add_interp(struct walk *w)
{
	const char *interp = w->objs[0].elf.interp;
	struct found f = { 0 };
	char *guest;
	int ret;

	guest = ktstr_path_normalize(interp);
	if (!guest) {
		snprintf(w->why, w->whylen,
			 "'%s': its ELF interpreter %s is not an absolute path",
			 w->binary, interp);
		return -ENOEXEC;
	}
	f.search = (char *)interp;
	ret = sched_bin_try_candidate(w, interp, &f);
	if (ret <= 0) {
		free(guest);
		if (ret < 0)
			return ret;
		if (w->reject[0])
			snprintf(w->why, w->whylen, "'%s': its ELF interpreter: %s",
				 w->binary, w->reject);
		else
			snprintf(w->why, w->whylen,
				 "'%s' needs its ELF interpreter %s, which does not exist",
				 w->binary, interp);
		return -ENOENT;
	}
	ret = add_obj(w, &f, interp, 0, true, guest);
	ktstr_elf_dyn_free(&f.elf);
	return ret ? ret : add_name(w, interp, w->nr_objs - 1);
}

static int add_binary(struct walk *w, const char *guest_binary_path)
{
	struct found f = { 0 };
	char *guest;
	int err;

	err = check_file(w->binary, w->why, w->whylen);
	if (err)
		return err;
	err = ktstr_elf_dyn_read(w->binary, &f.elf, w->why, w->whylen);
	if (!err)
		err = check_elf(w->binary, &f.elf, w->why, w->whylen);
	if (!err && stat(w->binary, &f.st))
		err = -errno;
	if (err) {
		ktstr_elf_dyn_free(&f.elf);
		return err;
	}
	guest = ktstr_path_normalize(guest_binary_path);
	if (!guest) {
		snprintf(w->why, w->whylen, "guest path '%s' is not absolute",
			 guest_binary_path);
		ktstr_elf_dyn_free(&f.elf);
		return -EINVAL;
	}
	f.search = (char *)w->binary;
	err = add_obj(w, &f, w->binary, -1, false, guest);
	ktstr_elf_dyn_free(&f.elf);
	return err;
}

int ktstr_sched_closure_lp(const char *binary, const char *guest_binary_path,
			   const struct ktstr_libpath *lp,
			   struct ktstr_sched_closure *c, char *why,
			   size_t whylen)
{
	struct walk w = {
		.binary = binary, .lp = lp, .c = c, .why = why,
		.whylen = whylen,
	};
	size_t i, j;
	int err;

	memset(c, 0, sizeof(*c));
	err = add_binary(&w, guest_binary_path);
	if (err)
		goto out;
	if (!w.objs[0].elf.interp) {
		c->is_static = true;
		goto out;
	}
	err = add_interp(&w);
	/* Breadth first, as ld.so loads them; the interp needs nothing. */
	for (i = 0; !err && i < w.nr_objs; i++) {
		if (w.objs[i].is_interp)
			continue;
		for (j = 0; !err && j < w.objs[i].elf.nr_needed; j++)
			err = need(&w, w.objs[i].elf.needed[j], i);
	}
out:
	for (i = 0; i < w.nr_objs; i++) {
		free(w.objs[i].host_origin);
		free(w.objs[i].guest_origin);
		ktstr_elf_dyn_free(&w.objs[i].elf);
	}
	free(w.objs);
	free(w.names);
	return err;
}

int ktstr_sched_closure(const char *binary, const char *guest_binary_path,
			struct ktstr_sched_closure *c, char *why,
			size_t whylen)
{
	struct ktstr_libpath lp;
	int err;

	memset(c, 0, sizeof(*c));
	err = ktstr_libpath_host(&lp, why, whylen);
	if (!err)
		err = ktstr_sched_closure_lp(binary, guest_binary_path, &lp, c,
					     why, whylen);
	ktstr_libpath_free(&lp);
	return err;
}

int ktstr_sched_bin_check(const char *path, char *why, size_t whylen)
{
	struct ktstr_sched_closure c;
	int err;

	err = ktstr_sched_closure(path, "/bin/scheduler", &c, why, whylen);
	ktstr_sched_closure_free(&c);
	return err;
}

void ktstr_sched_closure_free(struct ktstr_sched_closure *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		free(c->files[i].host_path);
		free(c->files[i].guest_path);
		free(c->files[i].symlink_to);
	}
	free(c->files);
	free(c->ld_library_path);
	memset(c, 0, sizeof(*c));
}
