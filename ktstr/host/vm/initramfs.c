// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/protocol.h"
#include "common/log.h"
#include "host/util.h"
#include "host/vm/cpio.h"
#include "host/vm/initramfs.h"

static const char * const dirs[] = {
	"bin", "dev", "proc", "sys", "tmp", "etc", "root", "run", "boot",
};

/*
 * Nodes init can use before devtmpfs is mounted: without /dev/console the
 * kernel starts init with no stdin/stdout/stderr at all.
 */
static const struct {
	const char *name;
	unsigned int major, minor;
} nodes[] = {
	{ "dev/console", 5, 1 },
	{ "dev/null", 1, 3 },
	{ "dev/ttyS0", 4, 64 },
	{ "dev/ttyS1", 4, 65 },
};

static int add_file(struct ktstr_cpio *c, const char *name, const char *src)
{
	int err = ktstr_cpio_copy(c, name, 0755, src);

	if (err)
		pr_err("initramfs: cannot read '%s': %s", src,
		       err == -EINVAL ? "not a regular file" : strerror(-err));
	return err;
}

static int add_base(struct ktstr_cpio *c, const char *init,
		    const char *kconfig, const char *busybox)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		ktstr_cpio_dir(c, dirs[i], 0755);
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		ktstr_cpio_chardev(c, nodes[i].name, 0600, nodes[i].major,
				   nodes[i].minor);
	err = add_file(c, "init", init);
	if (!err && kconfig)
		err = add_file(c, KTSTR_GUEST_KCONFIG, kconfig);
	if (!err && busybox) {
		err = add_file(c, "bin/busybox", busybox);
		if (!err)
			err = ktstr_cpio_symlink(c, "bin/sh", "busybox");
	}
	return err ?: ktstr_cpio_finish(c);
}

/* An archive written to a temporary file, renamed into place when whole. */
struct archive {
	struct ktstr_cpio c;
	char tmp[PATH_MAX];
	FILE *f;
};

static int archive_open(struct archive *a, const char *out_path)
{
	int fd, err;

	if (snprintf(a->tmp, sizeof(a->tmp), "%s.XXXXXX", out_path) >=
	    (int)sizeof(a->tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		err = -errno;
		pr_err("initramfs: cannot create '%s': %s", a->tmp,
		       strerror(-err));
		return err;
	}
	a->f = fdopen(fd, "w");
	if (!a->f) {
		err = -errno;
		close(fd);
		unlink(a->tmp);
		return err;
	}
	ktstr_cpio_init(&a->c, a->f);
	return 0;
}

/*
 * Close and rename, or remove on @err. An input error was named where it
 * happened (@err without a->c.err); an output error is named here.
 */
static int archive_close(struct archive *a, const char *out_path, int err)
{
	bool logged = err && !a->c.err;

	if (fclose(a->f) && !err)
		err = -errno;
	if (!err && rename(a->tmp, out_path))
		err = -errno;
	if (err) {
		if (!logged)
			pr_err("initramfs: writing '%s': %s", out_path,
			       strerror(-err));
		unlink(a->tmp);
	}
	return err;
}

int ktstr_initramfs_base(const char *init, const char *kconfig,
			 const char *busybox, const char *out)
{
	struct archive a;
	int err;

	err = archive_open(&a, out);
	if (err)
		return err;
	err = add_base(&a.c, init, kconfig, busybox);
	return archive_close(&a, out, err);
}

/* Directories already in the part: each parent is written once. */
struct dirset {
	char **v;
	size_t n;
};

static bool dirset_add(struct dirset *d, const char *dir)
{
	char **v;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->v[i], dir))
			return false;
	v = realloc(d->v, (d->n + 1) * sizeof(*v));
	if (!v)
		return false;
	d->v = v;
	d->v[d->n] = strdup(dir);
	return d->v[d->n] && ++d->n;
}

/* Every parent of @path ("lib/x86_64-linux-gnu/libc.so.6"), outermost first. */
static void add_parents(struct ktstr_cpio *c, struct dirset *d,
			const char *path)
{
	char dir[PATH_MAX];
	const char *p;

	for (p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
		if ((size_t)(p - path) >= sizeof(dir))
			return;
		memcpy(dir, path, p - path);
		dir[p - path] = '\0';
		/* existing ones (bin, usr) are fine: the kernel leaves them */
		if (dirset_add(d, dir))
			ktstr_cpio_dir(c, dir, 0755);
	}
}

int ktstr_initramfs_part(const struct ktstr_initramfs_file *files, size_t n,
			 const char *out)
{
	struct dirset d = { 0 };
	struct archive a;
	size_t i;
	int err;

	err = archive_open(&a, out);
	if (err)
		return err;
	for (i = 0; i < n && !err; i++) {
		const char *g = files[i].guest;

		while (*g == '/')
			g++;
		add_parents(&a.c, &d, g);
		if (files[i].link)
			err = ktstr_cpio_symlink(&a.c, g, files[i].link);
		else
			err = add_file(&a.c, g, files[i].host);
	}
	if (!err)
		err = ktstr_cpio_finish(&a.c);
	for (i = 0; i < d.n; i++)
		free(d.v[i]);
	free(d.v);
	return archive_close(&a, out, err);
}

/* Copy a shared archive into the VM's. */
static int copy_base(FILE *out, const char *base)
{
	char buf[1 << 16];
	size_t n;
	FILE *in;
	int err = 0;

	in = fopen(base, "re");
	if (!in) {
		err = -errno;
		pr_err("initramfs: cannot read '%s': %s", base, strerror(-err));
		return err;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			err = -errno ?: -EIO;
			break;
		}
	if (!err && ferror(in))
		err = -EIO;
	fclose(in);
	return err;
}

int ktstr_initramfs_vm(const char *const *layers, size_t n,
		       const struct ktstr_guest_args *args, const char *out_path)
{
	struct archive a;
	size_t len, i;
	char *enc;
	int err;

	err = ktstr_guest_args_encode(args, &enc, &len);
	if (err) {
		pr_err("initramfs: guest arguments: %s", strerror(-err));
		return err;
	}
	err = archive_open(&a, out_path);
	if (err) {
		free(enc);
		return err;
	}
	/*
	 * The kernel unpacks concatenated archives in turn: the shared ones,
	 * then this VM's own, a few hundred bytes.
	 */
	for (i = 0; i < n && !err; i++)
		err = copy_base(a.f, layers[i]);
	if (!err) {
		ktstr_cpio_dir(&a.c, KTSTR_GUEST_DIR, 0755);
		ktstr_cpio_file(&a.c, KTSTR_GUEST_ARGS, 0644, enc, len);
		err = ktstr_cpio_finish(&a.c);
	}
	free(enc);
	return archive_close(&a, out_path, err);
}
