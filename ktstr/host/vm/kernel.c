// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/spawn.h"
#include "host/util.h"
#include "host/vm/image.h"
#include "host/vm/kernel.h"

#define TREE_BZIMAGE	"arch/x86/boot/bzImage"

static int file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* @path with its last component replaced by @name. */
static int sibling(char *buf, size_t len, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : 1;

	if (snprintf(buf, len, "%.*s/%s", dirlen, slash ? path : ".", name) >=
	    (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* The bzImage that goes with an ELF vmlinux: cache sibling, or the tree's. */
static int find_bzimage(const char *vmlinux, char *buf, size_t len)
{
	static const char * const names[] = { "bzImage", TREE_BZIMAGE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (sibling(buf, len, vmlinux, names[i]))
			continue;
		if (ktstr_image_kind_file(buf) == KTSTR_IMAGE_BZIMAGE)
			return 0;
	}
	return -ENOENT;
}

static int is_elf_file(const char *path)
{
	int kind = ktstr_image_kind_file(path);

	return kind == KTSTR_IMAGE_ELF || kind == KTSTR_IMAGE_ELF_PVH;
}

/* The ELF vmlinux that goes with a bzImage, if there is one. */
static void find_vmlinux(const char *bzimage, char *buf, size_t len)
{
	size_t n = strlen(bzimage), t = strlen(TREE_BZIMAGE);
	char path[PATH_MAX];

	buf[0] = '\0';
	if (!sibling(path, sizeof(path), bzimage, "vmlinux") &&
	    is_elf_file(path)) {
		snprintf(buf, len, "%s", path);
		return;
	}
	/* <tree>/arch/x86/boot/bzImage -> <tree>/vmlinux */
	if (n <= t || strcmp(bzimage + n - t, TREE_BZIMAGE) ||
	    bzimage[n - t - 1] != '/')
		return;
	if (snprintf(path, sizeof(path), "%.*svmlinux", (int)(n - t),
		     bzimage) < (int)sizeof(path) && is_elf_file(path))
		snprintf(buf, len, "%s", path);
}

/*
 * The release of @k: the cache writes it beside the image, a tree's build
 * has include/config/kernel.release, a bzImage says it in its header.
 */
static void find_release(struct ktstr_kernel *k)
{
	static const char *const files[] = {
		"release", "include/config/kernel.release",
	};
	const char *img = k->vmlinux[0] ? k->vmlinux : k->boot;
	char path[PATH_MAX], *text;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (sibling(path, sizeof(path), img, files[i]) ||
		    ktstr_read_file(path, &text, NULL))
			continue;
		text[strcspn(text, "\n")] = '\0';
		snprintf(k->release, sizeof(k->release), "%s", text);
		free(text);
		if (k->release[0])
			return;
	}
	if (ktstr_image_release(k->boot, k->release, sizeof(k->release)))
		k->release[0] = '\0';
}

/* Turn a named image (vmlinux or bzImage) into what to boot. */
static int resolve(const char *path, const char *from, struct ktstr_kernel *k,
		   char *why, size_t whylen)
{
	int kind = ktstr_image_kind_file(path);

	k->from = from;
	k->pvh = false;
	if (kind < 0) {
		snprintf(why, whylen, "kernel image '%s' (%s): %s", path, from,
			 strerror(-kind));
		return kind;
	}
	switch (kind) {
	case KTSTR_IMAGE_ELF_PVH:
		snprintf(k->boot, sizeof(k->boot), "%s", path);
		snprintf(k->vmlinux, sizeof(k->vmlinux), "%s", path);
		k->pvh = true;
		find_release(k);
		return 0;
	case KTSTR_IMAGE_ELF:
		snprintf(k->vmlinux, sizeof(k->vmlinux), "%s", path);
		if (!find_bzimage(path, k->boot, sizeof(k->boot))) {
			find_release(k);
			return 0;
		}
		snprintf(why, whylen,
			 "kernel image '%s' (%s): ELF without a PVH entry note (CONFIG_PVH=y) and no bzImage beside it",
			 path, from);
		return -ENOEXEC;
	case KTSTR_IMAGE_BZIMAGE:
		snprintf(k->boot, sizeof(k->boot), "%s", path);
		find_vmlinux(path, k->vmlinux, sizeof(k->vmlinux));
		find_release(k);
		return 0;
	default:
		snprintf(why, whylen,
			 "kernel image '%s' (%s): neither an ELF vmlinux nor an x86 bzImage",
			 path, from);
		return -ENOEXEC;
	}
}

static int is_kernel_tree(const char *dir)
{
	static const char * const need[] = {
		"vmlinux", "Makefile", "kernel/sched/ext.c",
	};
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(need); i++) {
		if (ktstr_path_join(path, sizeof(path), dir, need[i]) ||
		    !file_exists(path))
			return 0;
	}
	return 1;
}

/*
 * The tree the launcher was built in: an O= output directory from the
 * environment, or a directory above the binary with vmlinux and sources.
 */
static int find_in_tree(const char *bindir, char *buf, size_t len)
{
	static const char * const envs[] = { "KBUILD_OUTPUT", "O" };
	char dir[PATH_MAX];
	unsigned int i;
	char *slash;

	for (i = 0; i < ARRAY_SIZE(envs); i++) {
		const char *o = getenv(envs[i]);

		if (o && *o && !ktstr_path_join(buf, len, o, "vmlinux") &&
		    file_exists(buf))
			return 0;
	}
	if (snprintf(dir, sizeof(dir), "%s", bindir) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	for (;;) {
		if (is_kernel_tree(dir))
			return ktstr_path_join(buf, len, dir, "vmlinux");
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return -ENOENT;
		*slash = '\0';
	}
}

bool ktstr_kernel_is_version(const char *spec)
{
	const char *p = spec;
	int dots = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; *p; p++) {
		if (*p == '.')
			dots++;
		else if (!isdigit((unsigned char)*p))
			return false;
	}
	return dots == 1 && p[-1] != '.';
}

/*
 * Ask the build script for the cached kernel of @version (NULL: its
 * default); it fails, saying how to build it, when there is none.
 */
static int find_in_cache(const char *bindir, const char *version, char *buf,
			 size_t len, char *why, size_t whylen)
{
	char script[PATH_MAX], *out = NULL, *nl;
	char *const argv[] = { script, "--print-path",
			       version ? "--version" : NULL,
			       (char *)version, NULL };
	int err, status = 0;

	if (ktstr_path_join(script, sizeof(script), bindir,
			    "scripts/kernel-build.sh"))
		return -ENAMETOOLONG;
	/* stdout has the path, or stderr why there is none: one line. */
	err = ktstr_capture(argv, &out, NULL, &status, KTSTR_STDERR_MERGE);
	if (err) {
		snprintf(why, whylen, "cannot run '%s': %s", script,
			 strerror(-err));
		return err;
	}
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	err = WIFEXITED(status) && !WEXITSTATUS(status) && *out ? 0 : -ENOENT;
	/* The script prefixes its messages; ours get "ktstr: " already. */
	if (err)
		snprintf(why, whylen, "%s", !*out ? "no cached kernel" :
			 !strncmp(out, "ktstr kernel: ", 14) ? out + 14 : out);
	else if (snprintf(buf, len, "%s", out) >= (int)len)
		err = -ENAMETOOLONG;
	free(out);
	return err;
}

/* The kernel the launcher's own guest set was built for. */
static int find_for_guest_set(const char *bindir, char *buf, size_t len)
{
	char path[PATH_MAX], *text, *v, *nl;
	int err;

	if (ktstr_path_join(path, sizeof(path), bindir, "guest.info") ||
	    ktstr_read_file(path, &text, NULL))
		return -ENOENT;
	v = strstr(text, "vmlinux=");
	err = -ENOENT;
	if (v && (v == text || v[-1] == '\n')) {
		v += strlen("vmlinux=");
		nl = strchr(v, '\n');
		if (nl)
			*nl = '\0';
		if (access(v, R_OK) == 0 &&
		    snprintf(buf, len, "%s", v) < (int)len)
			err = 0;
	}
	free(text);
	return err;
}

int ktstr_kernel_find(const char *spec, const char *bindir,
		      struct ktstr_kernel *k, char *why, size_t whylen)
{
	const char *env = getenv("KTSTR_KERNEL");
	char path[PATH_MAX];
	int err;

	memset(k, 0, sizeof(*k));
	if (spec && ktstr_kernel_is_version(spec) && access(spec, F_OK)) {
		err = find_in_cache(bindir, spec, path, sizeof(path), why,
				    whylen);
		return err ?: resolve(path, "cache", k, why, whylen);
	}
	if (spec)
		return resolve(spec, "--kernel", k, why, whylen);
	if (env && *env)
		return resolve(env, "KTSTR_KERNEL", k, why, whylen);
	if (!find_in_tree(bindir, path, sizeof(path)))
		return resolve(path, "kernel tree", k, why, whylen);
	if (!find_for_guest_set(bindir, path, sizeof(path)))
		return resolve(path, "guest set", k, why, whylen);
	if (!find_in_cache(bindir, NULL, path, sizeof(path), why, whylen))
		return resolve(path, "cache", k, why, whylen);
	snprintf(why, whylen,
		 "no test kernel found (tried --kernel, KTSTR_KERNEL, the kernel tree around %s, the cache); build one with: make kernel",
		 bindir);
	return -ENOENT;
}
