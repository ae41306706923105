// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "guest/ctx.h"
#include "guest/lib/sysfs.h"
#include "guest/scenario/cgroup.h"

/* How long rmdir waits for exiting tasks to leave a cgroup. */
#define CG_RMDIR_WAIT_MS	1000
#define CG_RMDIR_POLL_MS	10

static int cg_path(char *buf, size_t len, const char *dir, const char *name,
		   const char *file)
{
	int n = snprintf(buf, len, "%s%s%s%s%s", dir, name ? "/" : "",
			 name ? name : "", file ? "/" : "", file ? file : "");

	if (n < 0 || (size_t)n >= len) {
		ktstr_diag("cgroup: path %s/%s/%s too long", dir,
			   name ? name : "", file ? file : "");
		return -ENAMETOOLONG;
	}
	return 0;
}

static int cg_write(const char *dir, const char *name, const char *file,
		    const char *text)
{
	char path[KTSTR_CG_PATH + 128];
	int err;

	err = cg_path(path, sizeof(path), dir, name, file);
	if (err)
		return err;
	err = ktstr_write_text(path, text);
	if (err)
		ktstr_diag("cgroup: write '%s' to %s: %s", text, path,
			   strerror(-err));
	return err;
}

static int cg_mkdir(const char *dir, const char *name)
{
	char path[KTSTR_CG_PATH + 128];
	int err;

	err = cg_path(path, sizeof(path), dir, name, NULL);
	if (err)
		return err;
	/* A leftover of the same name is as good as a new one. */
	if (mkdir(path, 0755) && errno != EEXIST) {
		err = -errno;
		ktstr_diag("cgroup: mkdir %s: %s", path, strerror(errno));
		return err;
	}
	return 0;
}

static int cg_rmdir(const char *dir, const char *name)
{
	char path[KTSTR_CG_PATH + 128];
	long waited = 0;
	int err;

	err = cg_path(path, sizeof(path), dir, name, NULL);
	if (err)
		return err;
	/*
	 * A reaped task may still be on its way out of the cgroup for a
	 * moment; EBUSY then is not the caller's fault.
	 */
	while (rmdir(path)) {
		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || waited >= CG_RMDIR_WAIT_MS) {
			err = -errno;
			ktstr_diag("cgroup: rmdir %s: %s", path, strerror(errno));
			return err;
		}
		ktstr_sleep_ms(CG_RMDIR_POLL_MS);
		waited += CG_RMDIR_POLL_MS;
	}
	return 0;
}

/* Each controller on its own: one missing names itself in the log. */
static int enable_controllers(const char *dir)
{
	int err;

	err = cg_write(dir, NULL, "cgroup.subtree_control", "+cpuset");
	if (!err)
		err = cg_write(dir, NULL, "cgroup.subtree_control", "+cpu");
	return err;
}

int ktstr_cg_setup(struct ktstr_cg *cg, const char *root)
{
	int err;

	err = cg_path(cg->base, sizeof(cg->base), root, KTSTR_CG_DIR, NULL);
	if (!err)
		err = enable_controllers(root);
	if (!err)
		err = cg_mkdir(root, KTSTR_CG_DIR);
	if (!err)
		err = enable_controllers(cg->base);
	return err;
}

int ktstr_cg_teardown(struct ktstr_cg *cg)
{
	return cg_rmdir(cg->base, NULL);
}

int ktstr_cg_create(const struct ktstr_cg *cg, const char *name)
{
	return cg_mkdir(cg->base, name);
}

int ktstr_cg_remove(const struct ktstr_cg *cg, const char *name)
{
	return cg_rmdir(cg->base, name);
}

int ktstr_cg_set_cpus(const struct ktstr_cg *cg, const char *name,
		      const char *cpus)
{
	return cg_write(cg->base, name, "cpuset.cpus", cpus);
}

int ktstr_cg_set_mems(const struct ktstr_cg *cg, const char *name,
		      const char *mems)
{
	return cg_write(cg->base, name, "cpuset.mems", mems);
}

int ktstr_cg_get_effective_cpus(const struct ktstr_cg *cg, const char *name,
				char *buf, size_t len)
{
	char path[KTSTR_CG_PATH + 128];
	int err;

	err = cg_path(path, sizeof(path), cg->base, name, "cpuset.cpus.effective");
	if (err)
		return err;
	err = ktstr_read_text(path, buf, len);
	if (err < 0) {
		ktstr_diag("cgroup: read %s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}

int ktstr_cg_attach(const struct ktstr_cg *cg, const char *name, pid_t pid)
{
	char text[24];

	snprintf(text, sizeof(text), "%d", (int)pid);
	return cg_write(cg->base, name, "cgroup.procs", text);
}
