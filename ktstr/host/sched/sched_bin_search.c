// SPDX-License-Identifier: GPL-2.0
/*
 * ld.so's search for a library a scheduler binary needs (sched_bin.h):
 * DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, ld.so.conf and the default
 * directories, with $ORIGIN expanded for the host and the guest, and
 * candidates of the wrong kind passed over; and the message saying where
 * it looked when it found nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/compiler.h"
#include "host/sched/libpath.h"
#include "host/sched/sched_bin.h"
#include "host/sched/sched_bin_internal.h"
#include "host/sched/sched_elf.h"

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
int sched_bin_try_candidate(struct walk *w, const char *path, struct found *f)
{
	char msg[512], name[64];
	int err;

	if (stat(path, &f->st) || !S_ISREG(f->st.st_mode))
		return 0;
	err = ktstr_elf_dyn_read(path, &f->elf, msg, sizeof(msg));
	if (err == -ENOMEM)
		return sched_bin_oom(w);
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
		return sched_bin_oom(w);
	ret = sched_bin_try_candidate(w, path, f);
	if (ret <= 0) {
		free(path);
		return ret;
	}
	gdir = ktstr_path_normalize(guest_dir);
	if (!gdir) {
		free(path);
		ktstr_elf_dyn_free(&f->elf);
		return sched_bin_oom(w);
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
		      sched_bin_oom(w);
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
		      try_dir(w, name, host, guest, VIA_ENV, f) :
		      sched_bin_oom(w);
		free(host);
		free(guest);
	}
	return ret;
}

/* ld.so's search for @name needed by object @loader; 1 found, 0 not. */
int sched_bin_search(struct walk *w, const char *name, size_t loader,
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

/* What sched_bin_search() looked through, for the not-found message. */
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

int sched_bin_not_found(struct walk *w, const char *name, size_t loader)
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
int sched_bin_by_path(struct walk *w, const char *name, size_t loader,
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
	dir = sched_bin_dir_of(name);
	if (!dir)
		return sched_bin_oom(w);
	ret = try_dir(w, strrchr(name, '/') + 1, dir, dir, VIA_PATH, f);
	free(dir);
	return ret ? ret : sched_bin_not_found(w, name, loader);
}
