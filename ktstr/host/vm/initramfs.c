// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/vm/cpio.h"
#include "host/vm/initramfs.h"
#include "host/log.h"
#include "host/util.h"

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

int ktstr_initramfs_build(const char *bindir, const char *busybox,
			  const char *out_path)
{
	struct ktstr_cpio c;
	char tmp[PATH_MAX];
	bool logged;
	FILE *f;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out_path) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		pr_err("initramfs: cannot create '%s': %s", tmp, strerror(-err));
		return err;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	ktstr_cpio_init(&c, f);
	err = add_all(&c, bindir, busybox);
	/* An input error was named where it happened; c.err is output. */
	logged = err && !c.err;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, out_path))
		err = -errno;
	if (err) {
		if (!logged)
			pr_err("initramfs: writing '%s': %s", out_path,
			       strerror(-err));
		unlink(tmp);
	}
	return err;
}
