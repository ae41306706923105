// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/compiler.h"
#include "host/sched/libpath.h"
#include "host/sched/sched_bin.h"
#include "host/sched/sched_elf.h"

/* One ELF object of the closure: the binary, its interpreter, a library. */
struct obj {
	const char *label;	/* for messages: the name it was needed as */
	char *guest;		/* its guest path (not owned: the file's) */
	char *host_origin;	/* $ORIGIN on the host and in the guest */
	char *guest_origin;
	int loader;		/* the object that needed it first; -1 */
	bool is_interp;
	dev_t dev;
	ino_t ino;
	struct ktstr_elf_dyn elf;
};

/* A name an object answers to: one it was found as, or its soname. */
struct name {
	const char *name;
	size_t obj;
};

struct walk {
	const char *binary;
	const struct ktstr_libpath *lp;
	struct ktstr_sched_closure *c;
	struct obj *objs;
	size_t nr_objs;
	struct name *names;
	size_t nr_names;
	char *why;
	size_t whylen;
	char reject[512];	/* the first unusable candidate, in words */
};

/* Where a library was found, and through which part of the search. */
enum found_via { VIA_PATH, VIA_RPATH, VIA_ENV, VIA_RUNPATH, VIA_CONF,
		 VIA_DEFAULT };

struct found {
	char *search;		/* host path searched for */
	char *guest_dir;	/* its directory in the guest, normalized */
	enum found_via via;
	struct stat st;
	struct ktstr_elf_dyn elf;
};

static int oom(struct walk *w)
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
		return oom(w);
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
		return oom(w);
	}
	c->files = tmp;
	c->files[c->nr++] = (struct ktstr_guest_file){ host, guest, link };
	return 0;
}

static char *dir_of(const char *path)
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
		return oom(w);
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
	o->host_origin = dir_of(loader < 0 && !is_interp ? host : f->search);
	o->guest_origin = dir_of(guest);
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
		return oom(w);
	if (o->elf.soname && !find_name(w, o->elf.soname))
		return add_name(w, o->elf.soname, w->nr_objs - 1);
	return 0;
}

/* Remember the first candidate passed over, for the not-found message. */
static __printf(2, 3) void reject(struct walk *w, const char *fmt, ...)
{
	va_list ap;

	if (w->reject[0])
		return;
	va_start(ap, fmt);
	vsnprintf(w->reject, sizeof(w->reject), fmt, ap);
	va_end(ap);
}

/*
 * Whether @path is a library ld.so would take (1) or pass over (0),
 * as its open_verify(): an ELF shared object of the host's kind.
 */
static int try_candidate(struct walk *w, const char *path, struct found *f)
{
	char msg[512], name[64];
	int err;

	if (stat(path, &f->st) || !S_ISREG(f->st.st_mode))
		return 0;
	err = ktstr_elf_dyn_read(path, &f->elf, msg, sizeof(msg));
	if (err == -ENOMEM)
		return oom(w);
	if (err) {
		reject(w, "%s", msg);
		return 0;
	}
	if (!ktstr_elf_is_host(&f->elf)) {
		snprintf(msg, sizeof(msg), "%s, expected %s",
			 ktstr_elf_name(&f->elf, name, sizeof(name)),
			 ktstr_elf_host_name());
		reject(w, "%s is an ELF for %s", path, msg);
	} else if (f->elf.type != ET_DYN) {
		reject(w, "%s is not a shared library", path);
	} else {
		return 1;
	}
	ktstr_elf_dyn_free(&f->elf);
	return 0;
}

/*
 * Try @name in @host_dir (which is @guest_dir in the guest): 1 when found
 * (@f filled), 0 when not, or -errno.
 */
static int try_dir(struct walk *w, const char *name, const char *host_dir,
		   const char *guest_dir, enum found_via via, struct found *f)
{
	char *path, *gdir;
	int ret;

	/* A relative directory is ld.so's working directory: not ours. */
	if (host_dir[0] != '/' || guest_dir[0] != '/')
		return 0;
	if (asprintf(&path, "%s/%s", host_dir, name) < 0)
		return oom(w);
	ret = try_candidate(w, path, f);
	if (ret <= 0) {
		free(path);
		return ret;
	}
	gdir = ktstr_path_normalize(guest_dir);
	if (!gdir) {
		free(path);
		ktstr_elf_dyn_free(&f->elf);
		return oom(w);
	}
	f->search = path;
	f->guest_dir = gdir;
	f->via = via;
	return 1;
}

/* Each element of the ':'-separated @list, $ORIGIN being @o's. */
static int try_list(struct walk *w, const char *name, const char *list,
		    const struct obj *o, enum found_via via, struct found *f)
{
	char *elem, *host = NULL, *guest = NULL;
	size_t len;
	int ret = 0;

	while (*list && !ret) {
		len = strcspn(list, ":");
		elem = strndup(list, len);
		host = elem ? ktstr_libpath_expand(elem, o->host_origin) : NULL;
		guest = elem ? ktstr_libpath_expand(elem, o->guest_origin) : NULL;
		ret = host && guest ? try_dir(w, name, host, guest, via, f) :
		      oom(w);
		free(elem);
		free(host);
		free(guest);
		list += len;
		if (*list)
			list++;
	}
	return ret;
}

static int try_plain(struct walk *w, const char *name, char **dirs,
		     size_t n, bool nodeflib, enum found_via via,
		     struct found *f)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		if (nodeflib && ktstr_libpath_is_default(w->lp, dirs[i]))
			continue;
		ret = try_dir(w, name, dirs[i], dirs[i], via, f);
	}
	return ret;
}

static int try_env(struct walk *w, const char *name, struct found *f)
{
	const struct ktstr_libpath *lp = w->lp;
	char *host, *guest;
	size_t i;
	int ret = 0;

	for (i = 0; i < lp->nr_env && !ret; i++) {
		host = ktstr_libpath_expand(lp->env_dirs[i],
					    w->objs[0].host_origin);
		guest = ktstr_libpath_expand(lp->env_dirs[i],
					     w->objs[0].guest_origin);
		ret = host && guest ?
		      try_dir(w, name, host, guest, VIA_ENV, f) : oom(w);
		free(host);
		free(guest);
	}
	return ret;
}

/* ld.so's search for @name needed by object @loader; 1 found, 0 not. */
static int search(struct walk *w, const char *name, size_t loader,
		  struct found *f)
{
	const struct obj *l = &w->objs[loader];
	const struct ktstr_libpath *lp = w->lp;
	int ret = 0, i;

	if (!l->elf.runpath) {
		for (i = loader; i >= 0 && !ret; i = w->objs[i].loader)
			if (w->objs[i].elf.rpath)
				ret = try_list(w, name, w->objs[i].elf.rpath,
					       &w->objs[i], VIA_RPATH, f);
	}
	if (!ret)
		ret = try_env(w, name, f);
	if (!ret && l->elf.runpath)
		ret = try_list(w, name, l->elf.runpath, l, VIA_RUNPATH, f);
	if (!ret)
		ret = try_plain(w, name, lp->conf_dirs, lp->nr_conf,
				l->elf.nodeflib, VIA_CONF, f);
	if (!ret && !l->elf.nodeflib)
		ret = try_plain(w, name, lp->default_dirs, lp->nr_default,
				false, VIA_DEFAULT, f);
	return ret;
}

static __printf(4, 5) void append(char *buf, size_t len, size_t *off,
				 const char *fmt, ...)
{
	va_list ap;

	if (*off && *off < len)
		*off += snprintf(buf + *off, len - *off, ", ");
	if (*off >= len)
		return;
	va_start(ap, fmt);
	*off += vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
}

/* What search() looked through, for the message that it found nothing. */
static void describe_search(const struct walk *w, size_t loader, char *buf,
			    size_t len)
{
	const struct obj *l = &w->objs[loader];
	const struct ktstr_libpath *lp = w->lp;
	size_t off = 0;
	int i;

	buf[0] = '\0';
	if (!l->elf.runpath)
		for (i = loader; i >= 0; i = w->objs[i].loader)
			if (w->objs[i].elf.rpath)
				append(buf, len, &off, "RPATH %s",
				       w->objs[i].elf.rpath);
	if (lp->nr_env)
		append(buf, len, &off, "LD_LIBRARY_PATH %s", lp->env);
	if (l->elf.runpath)
		append(buf, len, &off, "RUNPATH %s", l->elf.runpath);
	if (lp->conf_path)
		append(buf, len, &off, "%s dirs", lp->conf_path);
	if (lp->nr_default && !l->elf.nodeflib)
		append(buf, len, &off, "default dirs");
	if (!off)
		append(buf, len, &off, "no directories");
}

static int not_found(struct walk *w, const char *name, size_t loader)
{
	char where[1024], through[256] = "";

	describe_search(w, loader, where, sizeof(where));
	if (loader)
		snprintf(through, sizeof(through), " (through %s)",
			 w->objs[loader].label);
	snprintf(w->why, w->whylen,
		 "'%s' needs %s%s, which is not in the library search path (%s)%s%s",
		 w->binary, name, through, where, w->reject[0] ? "; " : "",
		 w->reject);
	return -ENOENT;
}

/* A name with a '/' is a path, searched nowhere. */
static int by_path(struct walk *w, const char *name, size_t loader,
		   struct found *f)
{
	char *dir;
	int ret;

	if (name[0] != '/') {
		snprintf(w->why, w->whylen,
			 "'%s' needs %s by a relative path: it depends on the working directory",
			 w->binary, name);
		return -EINVAL;
	}
	dir = dir_of(name);
	if (!dir)
		return oom(w);
	ret = try_dir(w, strrchr(name, '/') + 1, dir, dir, VIA_PATH, f);
	free(dir);
	return ret ? ret : not_found(w, name, loader);
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
		return oom(w);
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
	ret = strchr(name, '/') ? by_path(w, name, loader, &f) :
	      search(w, name, loader, &f);
	if (ret == 0)
		return not_found(w, name, loader);
	if (ret < 0)
		return ret;
	if (asprintf(&guest, "%s/%s", strcmp(f.guest_dir, "/") ?
		     f.guest_dir : "", strrchr(name, '/') ?
		     strrchr(name, '/') + 1 : name) < 0) {
		ret = oom(w);
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
			ret = oom(w);
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
	ret = try_candidate(w, interp, &f);
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
