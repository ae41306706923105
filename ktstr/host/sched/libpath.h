/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the dynamic loader looks for a library by name, besides the
 * DT_RPATH and DT_RUNPATH of the object that needs it: LD_LIBRARY_PATH, the
 * directories ld.so.cache is built from (those of ld.so.conf, with its
 * `include` globs expanded in glob order, nested), then the default
 * directories. ld.so.conf is read directly: the host then needs no cache
 * format parser and gets the same directories ldconfig scans.
 *
 * A value, not global state, so unit tests point the closure walker
 * (sched_bin.h) at fixture directories. Directories are kept as written
 * (not checked for existence); empty LD_LIBRARY_PATH elements, which
 * ld.so reads as the current directory, are skipped: a scheduler's
 * libraries never live in the launcher's working directory.
 */
#ifndef KTSTR_HOST_SCHED_LIBPATH_H
#define KTSTR_HOST_SCHED_LIBPATH_H

#include <stdbool.h>
#include <stddef.h>

#define KTSTR_LD_SO_CONF	"/etc/ld.so.conf"

/*
 * The default directories, NULL-terminated: Debian's multiarch pair, then
 * the lib64 and plain lib ones other distributions use.
 */
extern const char *const ktstr_libpath_default_dirs[];

/*
 * The directories Debian's x86-64 ld.so searches by itself, with no
 * ld.so.cache (as in the guest) and no LD_LIBRARY_PATH: `ld.so --help`,
 * "system search path". NULL-terminated.
 */
extern const char *const ktstr_ldso_system_dirs[];

struct ktstr_libpath {
	char **env_dirs;	/* LD_LIBRARY_PATH, split on ':' and ';' */
	size_t nr_env;
	char **conf_dirs;	/* ld.so.conf and the files it includes */
	size_t nr_conf;
	char **default_dirs;
	size_t nr_default;
	char *conf_path;	/* the ld.so.conf read, or NULL */
	char *env;		/* LD_LIBRARY_PATH as given, or NULL */
};

/*
 * Build a search path from @ld_so_conf (NULL: none; a missing file is an
 * empty one, as for ldconfig), @ld_library_path (NULL: none) and
 * @default_dirs (NULL-terminated; NULL: ktstr_libpath_default_dirs).
 * Returns 0, or -errno with @why naming the unreadable file or the
 * include loop. Free with ktstr_libpath_free(), also after an error.
 */
int ktstr_libpath_init(struct ktstr_libpath *lp, const char *ld_so_conf,
		       const char *ld_library_path,
		       const char *const *default_dirs,
		       char *why, size_t whylen);

/* The host's: /etc/ld.so.conf, getenv("LD_LIBRARY_PATH"), the defaults. */
int ktstr_libpath_host(struct ktstr_libpath *lp, char *why, size_t whylen);

void ktstr_libpath_free(struct ktstr_libpath *lp);

/* Whether @dir is one of @lp's default directories. */
bool ktstr_libpath_is_default(const struct ktstr_libpath *lp,
			      const char *dir);

/*
 * One search path element with its dynamic string tokens expanded as
 * ld.so does: $ORIGIN and ${ORIGIN} to @origin (the directory of the
 * object whose DT_RPATH/DT_RUNPATH it is), $LIB to lib/x86_64-linux-gnu
 * and $PLATFORM to x86_64 (Debian x86-64's values). Other $NAME stay as
 * written, as in ld.so. Allocated; NULL only when out of memory.
 */
char *ktstr_libpath_expand(const char *dir, const char *origin);

/*
 * @path, absolute, with "//", "." and ".." resolved lexically (so the
 * result is only right where no directory on the way is a symlink, as in
 * the guest's initramfs). Allocated; NULL if @path is not absolute or
 * out of memory.
 */
char *ktstr_path_normalize(const char *path);

#endif /* KTSTR_HOST_SCHED_LIBPATH_H */
