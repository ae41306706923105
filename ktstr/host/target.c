// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/protocol.h"
#include "host/cmd.h"
#include "host/sched/sched_bin.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"
#include "host/target.h"
#include "host/util.h"
#include "host/vm/initramfs.h"

static int find_one(const char *bindir, const char *spec,
		    struct ktstr_target *tg)
{
	char why[PATH_MAX + 256];

	if (ktstr_kernel_find(spec, bindir, &tg->kernel, why, sizeof(why))) {
		/* Nothing can run without a kernel: a skip, not a failure. */
		pr_err("%s", why);
		return KTSTR_EXIT_SKIP;
	}
	if (ktstr_guest_set_find(bindir, &tg->kernel, &tg->set, why,
				 sizeof(why))) {
		pr_err("%s", why);
		return KTSTR_EXIT_SKIP;
	}
	snprintf(tg->label, sizeof(tg->label), "%s",
		 tg->kernel.release[0] ? tg->kernel.release : tg->set.release);
	if (!tg->label[0])
		snprintf(tg->label, sizeof(tg->label), "unknown");
	pr_info("kernel %s: %s (%s%s), guest set %s (BPF by clang %s)",
		tg->label, tg->kernel.boot, tg->kernel.from,
		tg->kernel.pvh ? ", PVH entry" : ", bzImage", tg->set.dir,
		tg->set.clang_version[0] ? tg->set.clang_version : "?");
	return 0;
}

int ktstr_targets_find(const char *bindir, char *const *specs, size_t nr,
		       struct ktstr_targets *t)
{
	size_t i, j;
	int ret;

	memset(t, 0, sizeof(*t));
	if (nr > KTSTR_MAX_TARGETS) {
		pr_err("more than %d --kernel options", KTSTR_MAX_TARGETS);
		return KTSTR_EXIT_USAGE;
	}
	for (i = 0; i < (nr ? nr : 1); i++) {
		ret = find_one(bindir, nr ? specs[i] : NULL, &t->v[i]);
		if (ret)
			return ret;
		for (j = 0; j < i; j++) {
			if (strcmp(t->v[j].kernel.boot, t->v[i].kernel.boot))
				continue;
			pr_err("--kernel '%s': the same kernel as '%s'",
			       specs[i], specs[j]);
			return KTSTR_EXIT_USAGE;
		}
		/* Two builds of one release: the labels name directories. */
		for (j = 0; j < i; j++)
			if (!strcmp(t->v[j].label, t->v[i].label))
				snprintf(t->v[i].label + strlen(t->v[i].label),
					 sizeof(t->v[i].label) -
					 strlen(t->v[i].label), "-%zu", i + 1);
		t->nr++;
	}
	return 0;
}

/*
 * A guest binary of the set, stripped of its debug info when the build
 * made a stripped copy (smaller archives unpack faster); the set keeps
 * the original for the host.
 */
static int set_binary(const struct ktstr_target *tg, const char *name,
		      char *buf, size_t len)
{
	char sub[PATH_MAX];

	if (snprintf(sub, sizeof(sub), "stripped/%s", name) < (int)sizeof(sub) &&
	    !ktstr_path_join(buf, len, tg->set.dir, sub) && !access(buf, R_OK))
		return 0;
	return ktstr_path_join(buf, len, tg->set.dir, name);
}

/* The kernel's .config: beside a cached image, or in its build tree. */
static bool kernel_config(const struct ktstr_target *tg, char *buf,
			  size_t len)
{
	const char *img = tg->kernel.vmlinux[0] ? tg->kernel.vmlinux :
			  tg->kernel.boot;
	const char *slash = strrchr(img, '/');

	return slash && snprintf(buf, len, "%.*s/.config", (int)(slash - img),
				 img) < (int)len && !access(buf, R_OK);
}

static int build_base(struct ktstr_target *tg, const char *busybox)
{
	char init[PATH_MAX], kconfig[PATH_MAX];

	if (set_binary(tg, "ktstr-init", init, sizeof(init)))
		return -ENAMETOOLONG;
	return ktstr_initramfs_base(init, kernel_config(tg, kconfig,
							sizeof(kconfig)) ?
				    kconfig : NULL, busybox, tg->initrd);
}

int ktstr_targets_prepare(struct ktstr_targets *t, const char *dir,
			  const char *busybox)
{
	size_t i;
	int err;

	for (i = 0; i < t->nr; i++) {
		struct ktstr_target *tg = &t->v[i];

		if (t->nr == 1)
			err = snprintf(tg->results_dir, sizeof(tg->results_dir),
				       "%s", dir) >= (int)sizeof(tg->results_dir);
		else
			err = ktstr_path_join(tg->results_dir,
					      sizeof(tg->results_dir), dir,
					      tg->label) ||
			      ktstr_mkdir_p(tg->results_dir, 0755);
		if (err || ktstr_path_join(tg->layers_dir, sizeof(tg->layers_dir),
					   tg->results_dir, ".layers") ||
		    ktstr_path_join(tg->initrd, sizeof(tg->initrd),
				    tg->layers_dir, "base.cpio") ||
		    ktstr_mkdir_p(tg->layers_dir, 0755)) {
			pr_err("results directory under '%s': cannot create it",
			       dir);
			return KTSTR_EXIT_FAIL;
		}
		if (build_base(tg, busybox))
			return KTSTR_EXIT_FAIL;
	}
	return 0;
}

/* Remove @dir's files and @dir (the layers: one level, no subdirs). */
static void remove_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    !ktstr_path_join(path, sizeof(path), dir, de->d_name))
			unlink(path);
	if (d)
		closedir(d);
	rmdir(dir);
}

void ktstr_targets_cleanup(const struct ktstr_targets *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		remove_dir(t->v[i].layers_dir);
}

/* The part at @path from @files, unless a VM before built it. */
static int part(const char *path, const struct ktstr_initramfs_file *files,
		size_t n)
{
	if (!access(path, R_OK))
		return 0;
	return ktstr_initramfs_part(files, n, path);
}

/* The part at @path of closure @c, unless a VM before built it. */
static int closure_part(const char *path, const struct ktstr_sched_closure *c)
{
	struct ktstr_initramfs_file *files;
	size_t i;
	int err;

	if (!access(path, R_OK))
		return 0;
	files = calloc(c->nr, sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (i = 0; i < c->nr; i++)
		files[i] = (struct ktstr_initramfs_file){
			c->files[i].host_path, c->files[i].guest_path,
			c->files[i].symlink_to };
	err = ktstr_initramfs_part(files, c->nr, path);
	free(files);
	return err;
}

/* A binary of the host's and its shared-library closure, at @guest. */
static int tool_part(const char *path, const char *host, const char *guest,
		     char *why, size_t whylen)
{
	struct ktstr_sched_closure c;
	int err;

	if (!access(path, R_OK))
		return 0;
	err = ktstr_sched_closure(host, guest, &c, why, whylen);
	if (!err)
		err = closure_part(path, &c);
	ktstr_sched_closure_free(&c);
	return err;
}

/*
 * An external scheduler: its closure, then the files its profile names,
 * each at its host path.
 */
static int variant_parts(const struct ktstr_target *tg,
			 const struct ktstr_sched_variant *v,
			 struct ktstr_layers *l, char *why, size_t whylen)
{
	struct ktstr_initramfs_file *files;
	char *path = l->paths[l->n];
	size_t i;
	int err;

	if (snprintf(path, PATH_MAX, "%s/ext-%s.cpio", tg->layers_dir,
		     v->name) >= PATH_MAX)
		return -ENAMETOOLONG;
	err = closure_part(path, v->closure);
	if (err) {
		snprintf(why, whylen, "initramfs part of %s: %s", v->path,
			 strerror(-err));
		return err;
	}
	l->v[l->n++] = path;
	if (!v->nr_files)
		return 0;
	path = l->paths[l->n];
	if (snprintf(path, PATH_MAX, "%s/ext-%s-files.cpio", tg->layers_dir,
		     v->file_id) >= PATH_MAX)
		return -ENAMETOOLONG;
	files = calloc(v->nr_files, sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (i = 0; i < v->nr_files; i++)
		files[i] = (struct ktstr_initramfs_file){ v->files[i],
							   v->files[i], NULL };
	err = part(path, files, v->nr_files);
	free(files);
	if (err) {
		snprintf(why, whylen, "initramfs part of %s's files: %s",
			 v->label, strerror(-err));
		return err;
	}
	l->v[l->n++] = path;
	return 0;
}

int ktstr_target_layers(const struct ktstr_target *tg,
			const struct ktstr_spec *spec, struct ktstr_layers *l,
			char *why, size_t whylen)
{
	char host[PATH_MAX], guest[PATH_MAX];
	const char *sched = spec->scheduler;
	char (*paths)[PATH_MAX] = l->paths;
	const char **layers = l->v;
	size_t i, n = 0;
	int err;

	layers[n++] = tg->initrd;
	if (spec->variant) {
		l->n = n;
		err = variant_parts(tg, spec->variant, l, why, whylen);
		if (err)
			return err;
		n = l->n;
	} else if (strcmp(sched, KTSTR_SCHED_EEVDF)) {
		struct ktstr_initramfs_file f = { host, guest, NULL };

		if (set_binary(tg, sched, host, sizeof(host)) ||
		    snprintf(guest, sizeof(guest), "bin/%s", sched) >=
		    (int)sizeof(guest) ||
		    snprintf(paths[n], PATH_MAX, "%s/%s.cpio", tg->layers_dir,
			     sched) >= PATH_MAX)
			return -ENAMETOOLONG;
		err = part(paths[n], &f, 1);
		if (err) {
			snprintf(why, whylen, "initramfs part of %s: %s", sched,
				 strerror(-err));
			return err;
		}
		layers[n] = paths[n];
		n++;
	}
	/* A tool the host lacks is left out: the guest skips its test. */
	for (i = 0; i < spec->nr_tools && n < KTSTR_MAX_LAYERS; i++) {
		const char *tool = spec->tools[i];
		const char *base = strrchr(tool, '/');

		if (access(tool, X_OK) ||
		    snprintf(paths[n], PATH_MAX, "%s/tool-%s.cpio",
			     tg->layers_dir, base ? base + 1 : tool) >= PATH_MAX)
			continue;
		err = tool_part(paths[n], tool, tool, why, whylen);
		if (err)
			return err;
		layers[n] = paths[n];
		n++;
	}
	l->n = n;
	return 0;
}

int ktstr_target_all_layers(const struct ktstr_target *tg,
			    struct ktstr_layers *l)
{
	struct ktstr_initramfs_file files[32];
	char hosts[32][PATH_MAX], guests[32][80], words[sizeof(tg->set.schedulers)];
	char *tok, *save;
	size_t n = 0;
	int err;

	snprintf(words, sizeof(words), "%s", tg->set.schedulers);
	for (tok = strtok_r(words, " ", &save); tok && n < ARRAY_SIZE(files);
	     tok = strtok_r(NULL, " ", &save)) {
		if (set_binary(tg, tok, hosts[n], sizeof(hosts[n])) ||
		    snprintf(guests[n], sizeof(guests[n]), "bin/%s", tok) >=
		    (int)sizeof(guests[n]))
			continue;
		files[n] = (struct ktstr_initramfs_file){ hosts[n], guests[n],
							   NULL };
		n++;
	}
	l->v[0] = tg->initrd;
	if (snprintf(l->paths[1], PATH_MAX, "%s/all-schedulers.cpio",
		     tg->layers_dir) >= PATH_MAX)
		return -ENAMETOOLONG;
	err = part(l->paths[1], files, n);
	l->v[1] = l->paths[1];
	l->n = 2;
	return err;
}
