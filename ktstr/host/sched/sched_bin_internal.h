/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between sched_bin.c (the walk of a binary's closure) and
 * sched_bin_search.c (ld.so's search for one library). sched_bin.h is
 * the API.
 */
#ifndef KTSTR_HOST_SCHED_BIN_INTERNAL_H
#define KTSTR_HOST_SCHED_BIN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

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

/* --- sched_bin.c ----------------------------------------------------- */

int sched_bin_oom(struct walk *w);
char *sched_bin_dir_of(const char *path);

/* --- sched_bin_search.c ---------------------------------------------- */

/*
 * Whether @path is a library ld.so would take (1) or pass over (0),
 * as its open_verify(): an ELF shared object of the host's kind.
 */
int sched_bin_try_candidate(struct walk *w, const char *path, struct found *f);
/* ld.so's search for @name needed by object @loader; 1 found, 0 not. */
int sched_bin_search(struct walk *w, const char *name, size_t loader,
		     struct found *f);
/* A name with a '/' is a path, searched nowhere. */
int sched_bin_by_path(struct walk *w, const char *name, size_t loader,
		      struct found *f);
/* The message that @name needed by @loader was not found: -ENOENT. */
int sched_bin_not_found(struct walk *w, const char *name, size_t loader);

#endif /* KTSTR_HOST_SCHED_BIN_INTERNAL_H */
