/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scheduler binary given by path (`ktstr run --scheduler PATH`) and the
 * files it needs to run unchanged in the guest: itself, its ELF
 * interpreter and every shared library it loads, found the way ld.so
 * finds them, without running the binary or ldd.
 *
 * Resolution of a DT_NEEDED name, for the object that needs it (ld.so's
 * _dl_map_object):
 *   - a name with a '/' is a path (it must be absolute here);
 *   - a name some loaded object was already found under, or that is a
 *     loaded object's DT_SONAME, is that object (so the NEEDED
 *     ld-linux-x86-64.so.2 of libc is the PT_INTERP one);
 *   - if the needing object has no DT_RUNPATH: the DT_RPATH of it, then
 *     of the object that loaded it, and so on up to the binary;
 *   - LD_LIBRARY_PATH, then the needing object's DT_RUNPATH (not
 *     inherited), then ld.so.conf's directories, then the default ones
 *     (these two skipped when the needing object has DF_1_NODEFLIB);
 *   - $ORIGIN is the directory of the binary (symlinks resolved, as ld.so
 *     does for the executable) or of the path a library was found at;
 *   - a candidate that is not an ELF shared object of the host's machine
 *     and class (e.g. /lib32's) is passed over and the search goes on;
 *   - a file already loaded under another path (same device and inode) is
 *     that object;
 *   - a relative directory (an empty element, or one not starting with '/'
 *     once expanded) is skipped: it would name ld.so's working directory,
 *     which is not the launcher's.
 * Libraries are walked breadth first, the order ld.so loads them in.
 * glibc-hwcaps and legacy hwcap subdirectories are not searched, on
 * purpose: the guest's CPU model may lack what the host's optimized copy
 * needs, and ld.so takes the baseline copy there when it does.
 * linux-vdso.so.1 and linux-gate.so.1 are the kernel's: skipped.
 *
 * Symlinks: a library's guest path is the path it was searched for
 * (/lib/x86_64-linux-gnu/libz.so.1) and its host path is the real file
 * behind it (realpath: /usr/lib/x86_64-linux-gnu/libz.so.1.2.13), so the
 * initramfs holds one regular file under the one name ld.so opens in the
 * guest and no link that could dangle. The single exception is a file
 * reached under two names neither of which is its soname: the second is
 * a symlink (@symlink_to) to the first, so the guest's ld.so too sees one
 * inode and does not load the library twice.
 *
 * Guest paths are absolute and lexically normalized (no ".", ".." or
 * "//"): every directory on them must be a real directory in the guest.
 * With $ORIGIN, they follow @guest_binary_path: RUNPATH $ORIGIN/../lib
 * of a binary at /bin/scx_foo puts its library at /lib/NAME.
 */
#ifndef KTSTR_HOST_SCHED_BIN_H
#define KTSTR_HOST_SCHED_BIN_H

#include <stdbool.h>
#include <stddef.h>

#include "host/sched/libpath.h"

struct ktstr_guest_file {
	char *host_path;	/* real file whose bytes to copy; NULL for a link */
	char *guest_path;	/* absolute path in the guest */
	char *symlink_to;	/* NULL, or: guest_path is a symlink to this */
};

struct ktstr_sched_closure {
	struct ktstr_guest_file *files;	/* [0]: the binary; then interp, libs */
	size_t nr;
	bool is_static;		/* no PT_INTERP, no DT_NEEDED: nr == 1 */
	/*
	 * NULL, or the guest directories, ':'-separated, of libraries found
	 * only through LD_LIBRARY_PATH, ld.so.conf or a default directory
	 * that the guest's ld.so (no ld.so.cache there) does not search by
	 * itself (ktstr_ldso_system_dirs): the LD_LIBRARY_PATH to run the
	 * binary with in the guest. Each library name is in the guest once,
	 * so this order cannot pick a different copy.
	 */
	char *ld_library_path;
};

/*
 * Whether @path is a scheduler binary that can run in the guest, with
 * the host's library search path (ktstr_libpath_host()). 0, or -errno
 * with one line in @why naming the file:
 *   -ENOENT   "'%s' does not exist"
 *   -EISDIR   "'%s' is a directory"
 *   -EINVAL   "'%s' is not a regular file"
 *   -EACCES   "'%s' is not executable (mode 0644)", or "... by this user"
 *   -ENOEXEC  "'%s' is not an ELF file", "'%s' is an ELF for aarch64,
 *             expected x86-64", "'%s' is an ELF relocatable object
 *             (ET_REL), not a program", a truncated or malformed ELF
 *   -ENOENT   "'%s' needs libfoo.so.3, which is not in the library search
 *             path (RUNPATH $ORIGIN/lib, /etc/ld.so.conf dirs, default
 *             dirs)", with "(through libbar.so.1)" after the name when a
 *             library needs it, and "; /lib32/libfoo.so.3 is an ELF for
 *             i386, expected x86-64" when only unusable copies exist
 */
int ktstr_sched_bin_check(const char *path, char *why, size_t whylen);

/*
 * The closure of @binary, which will be at @guest_binary_path (absolute)
 * in the guest: files[0] is the binary, then its PT_INTERP at the path it
 * names, then the libraries in load order. Does every check of
 * ktstr_sched_bin_check(), with the same errors. Free with
 * ktstr_sched_closure_free(), also after an error.
 */
int ktstr_sched_closure(const char *binary, const char *guest_binary_path,
			struct ktstr_sched_closure *c, char *why,
			size_t whylen);

/* The same with the search path @lp: tests point it at fixtures. */
int ktstr_sched_closure_lp(const char *binary, const char *guest_binary_path,
			   const struct ktstr_libpath *lp,
			   struct ktstr_sched_closure *c, char *why,
			   size_t whylen);

void ktstr_sched_closure_free(struct ktstr_sched_closure *c);

#endif /* KTSTR_HOST_SCHED_BIN_H */
