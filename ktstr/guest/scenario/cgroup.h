/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test's cgroups on cgroup2: <root>/ktstr/<name>, with the cpuset and
 * cpu controllers enabled for them. Every function returns 0 or a negative
 * errno and logs one diagnostic line naming the file it failed on.
 */
#ifndef KTSTR_CGROUP_H
#define KTSTR_CGROUP_H

#include <sys/types.h>

#define KTSTR_CG_ROOT	"/sys/fs/cgroup"
#define KTSTR_CG_DIR	"ktstr"
#define KTSTR_CG_PATH	256

struct ktstr_cg {
	char base[KTSTR_CG_PATH];	/* <root>/ktstr */
};

/*
 * Enable +cpuset +cpu in @root's subtree_control, create <root>/ktstr and
 * enable them there too, so that every test cgroup has both.
 */
int ktstr_cg_setup(struct ktstr_cg *cg, const char *root);
/* Remove <root>/ktstr; its children must be gone. */
int ktstr_cg_teardown(struct ktstr_cg *cg);

int ktstr_cg_create(const struct ktstr_cg *cg, const char *name);
/* rmdir, waiting a little for exiting tasks to leave. */
int ktstr_cg_remove(const struct ktstr_cg *cg, const char *name);
/* Write cpuset.cpus and cpuset.mems ("0-3,6"). */
int ktstr_cg_set_cpus(const struct ktstr_cg *cg, const char *name,
		      const char *cpus);
int ktstr_cg_set_mems(const struct ktstr_cg *cg, const char *name,
		      const char *mems);
/* cpuset.cpus.effective: the CPUs the kernel actually gives @name. */
int ktstr_cg_get_effective_cpus(const struct ktstr_cg *cg, const char *name,
				char *buf, size_t len);
/* Move process @pid into cgroup @name. */
int ktstr_cg_attach(const struct ktstr_cg *cg, const char *name, pid_t pid);

#endif /* KTSTR_CGROUP_H */
