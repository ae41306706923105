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

static const char * const sched_bins[] = {
	"scx_simple", "scx_qmap", "scx_central", "scx_flatcg", "scx_ktstr",
};

static const char * const dirs[] = {
	"bin", "dev", "proc", "sys", "tmp", "etc", "root", "run",
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

static int add_all(struct ktstr_cpio *c, const char *bindir,
		   const char *busybox)
{
	char path[PATH_MAX], name[64], missing[256] = "";
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		ktstr_cpio_dir(c, dirs[i], 0755);
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		ktstr_cpio_chardev(c, nodes[i].name, 0600, nodes[i].major,
				   nodes[i].minor);

	err = ktstr_path_join(path, sizeof(path), bindir, "ktstr-init");
	if (!err)
		err = add_file(c, "init", path);
	if (err)
		return err;

	for (i = 0; i < ARRAY_SIZE(sched_bins); i++) {
		ktstr_path_join(path, sizeof(path), bindir, sched_bins[i]);
		/* Absent is fine (tests needing it fail); unreadable is not. */
		if (access(path, F_OK)) {
			snprintf(missing + strlen(missing),
				 sizeof(missing) - strlen(missing), "%s%s",
				 *missing ? ", " : "", sched_bins[i]);
			continue;
		}
		snprintf(name, sizeof(name), "bin/%s", sched_bins[i]);
		err = add_file(c, name, path);
		if (err)
			return err;
	}
	if (*missing)
		pr_info("note: not beside the launcher, left out of the initramfs: %s",
			missing);

	if (busybox) {
		err = add_file(c, "bin/busybox", busybox);
		if (err)
			return err;
		ktstr_cpio_symlink(c, "bin/sh", "busybox");
	}
	return ktstr_cpio_finish(c);
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

int ktstr_initramfs_build(const char *bindir, const char *busybox,
			  const char *out_path)
{
	struct archive a;
	int err;

	err = archive_open(&a, out_path);
	if (err)
		return err;
	err = add_all(&a.c, bindir, busybox);
	return archive_close(&a, out_path, err);
}

/* Copy the shared archive: the VM's starts with it. */
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

int ktstr_initramfs_vm(const char *base, const struct ktstr_guest_args *args,
		       const char *out_path)
{
	struct archive a;
	size_t len;
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
	 * The kernel unpacks concatenated archives in turn: the shared one,
	 * then this VM's own, a few hundred bytes.
	 */
	err = copy_base(a.f, base);
	if (!err) {
		ktstr_cpio_dir(&a.c, KTSTR_GUEST_DIR, 0755);
		ktstr_cpio_file(&a.c, KTSTR_GUEST_ARGS, 0644, enc, len);
		err = ktstr_cpio_finish(&a.c);
	}
	free(enc);
	return archive_close(&a, out_path, err);
}
