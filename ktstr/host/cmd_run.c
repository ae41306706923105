// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr run: the whole pipeline for the selected tests.
 *
 *   suite (guest --list) -> kernel, QEMU, accelerator -> initramfs ->
 *   runner (one VM per test) -> report (TAP) + results (JSON)
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/topology.h"
#include "host/cmd.h"
#include "common/log.h"
#include "host/report.h"
#include "host/repro/repro.h"
#include "host/jsonc.h"
#include "host/results_dir.h"
#include "host/test_record.h"
#include "host/run_summary.h"
#include "host/runner.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"
#include "host/tap.h"
#include "host/util.h"
#include "host/vm/initramfs.h"

#define MAX_GLOBS	64
#define KERNELS_MAX_LEN	1024

static const char run_usage[] =
"usage: ktstr run [options]\n"
"  -t, --test GLOB      run the tests matching GLOB (repeatable; default all)\n"
"      --kernel K       boot kernel K: a version (6.12, 7.3: the cached\n"
"                       build of Debian's linux-source-K) or a vmlinux or\n"
"                       bzImage; repeat it to run every test on each\n"
"      --topology T     override every test's topology (NnNlNcNt)\n"
"  -j, --jobs N         VMs at once (default 1, at most the host CPUs)\n"
"      --json FILE      also write a JSON summary of all tests\n"
"      --results DIR    logs and results (default ./ktstr-results/<time>)\n"
"      --accel kvm|tcg  force the accelerator (default: KVM only with vmx/svm)\n"
"      --no-auto-repro  do not re-run a crashed scheduler with probes\n"
"      --keep-initramfs keep initramfs.cpio in the results, to boot by hand\n"
KTSTR_SCHED_USAGE
"  -v, --verbose        show QEMU command lines, and a repro VM's console\n"
"                       and channel lines as they come\n"
"Exit: 0 all passed or skipped, 1 a test failed, 2 usage, 4 nothing could\n"
"run (no kernel or QEMU). Environment: KTSTR_KERNELS (kernels, as many\n"
"--kernel), KTSTR_KERNEL, KTSTR_QEMU, KTSTR_ACCEL, KTSTR_CLANG (the BPF\n"
"compiler of the guest sets), KTSTR_KERNEL_ARGS (more guest kernel\n"
"arguments, e.g. for debugging), KTSTR_SCHEDULER, KTSTR_SCHED_ARGS,\n"
"KTSTR_PROFILES, KTSTR_PROFILE (as --scheduler, --sched-args, --profiles,\n"
"-s).\n";

struct run_opts {
	char *globs[MAX_GLOBS];
	size_t nr_globs;
	char *kernels[KTSTR_MAX_TARGETS];
	size_t nr_kernels;
	char kernels_env[KERNELS_MAX_LEN];	/* KTSTR_KERNELS, split */
	const char *topology, *json, *results, *accel;
	unsigned int jobs;
	bool no_auto_repro;
	bool keep_initramfs;
	struct ktstr_sched_opts sched;
};

/* What the runner's callbacks need besides the run itself. */
struct run_state {
	struct ktstr_repro_cfg repro;
	struct json_object *summary;
	struct ktstr_run_summary kernels;
	size_t failed;
	int write_err;
};

static int parse_jobs(const char *s, unsigned int *jobs)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < 1 || n > 1024) {
		pr_err("--jobs '%s': expected a number of VMs, 1 or more", s);
		return KTSTR_EXIT_USAGE;
	}
	*jobs = n;
	return 0;
}

/* No --kernel: KTSTR_KERNELS ("6.12 7.3", commas too) says which. */
static int kernels_from_env(struct run_opts *o)
{
	const char *env = getenv("KTSTR_KERNELS");
	char *tok, *save;

	if (o->nr_kernels || !env || !*env)
		return 0;
	if (snprintf(o->kernels_env, sizeof(o->kernels_env), "%s", env) >=
	    (int)sizeof(o->kernels_env)) {
		pr_err("KTSTR_KERNELS: longer than %d bytes", KERNELS_MAX_LEN);
		return KTSTR_EXIT_USAGE;
	}
	for (tok = strtok_r(o->kernels_env, " ,\t", &save); tok;
	     tok = strtok_r(NULL, " ,\t", &save)) {
		if (o->nr_kernels == KTSTR_MAX_TARGETS) {
			pr_err("KTSTR_KERNELS: more than %d kernels",
			       KTSTR_MAX_TARGETS);
			return KTSTR_EXIT_USAGE;
		}
		o->kernels[o->nr_kernels++] = tok;
	}
	return 0;
}

static int parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "test", required_argument, NULL, 't' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "topology", required_argument, NULL, 'T' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", required_argument, NULL, 'J' },
		{ "results", required_argument, NULL, 'r' },
		{ "accel", required_argument, NULL, 'a' },
		{ "no-auto-repro", no_argument, NULL, 'n' },
		{ "keep-initramfs", no_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "scheduler", required_argument, NULL, KTSTR_OPT_SCHED_PATH },
		{ "sched-args", required_argument, NULL,
		  KTSTR_OPT_SCHED_ARGS_VAL },
		{ "profiles", required_argument, NULL, KTSTR_OPT_PROFILES },
		{ "sched", required_argument, NULL, KTSTR_OPT_PROFILE_SECTION },
		{ 0 }
	};
	struct ktstr_topo topo;
	char why[160];
	int c, err;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:j:s:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (o->nr_globs == MAX_GLOBS) {
				pr_err("run: more than %d -t options", MAX_GLOBS);
				return KTSTR_EXIT_USAGE;
			}
			o->globs[o->nr_globs++] = optarg;
			break;
		case 'k':
			if (o->nr_kernels == KTSTR_MAX_TARGETS) {
				pr_err("run: more than %d --kernel options",
				       KTSTR_MAX_TARGETS);
				return KTSTR_EXIT_USAGE;
			}
			o->kernels[o->nr_kernels++] = optarg;
			break;
		case 'T':
			o->topology = optarg;
			break;
		case 'j':
			err = parse_jobs(optarg, &o->jobs);
			if (err)
				return err;
			break;
		case 'J':
			o->json = optarg;
			break;
		case 'r':
			o->results = optarg;
			break;
		case 'a':
			o->accel = optarg;
			break;
		case 'n':
			o->no_auto_repro = true;
			break;
		case 'K':
			o->keep_initramfs = true;
			break;
		case 'v':
			ktstr_verbose = 1;
			break;
		case 'h':
			fputs(run_usage, stdout);
			return -1;
		default:
			if (ktstr_sched_opt(&o->sched, c, optarg))
				break;
			return ktstr_usage_error("run", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		pr_err("run: unexpected argument '%s' (tests are chosen with -t GLOB)",
		       argv[optind]);
		return KTSTR_EXIT_USAGE;
	}
	if (o->topology &&
	    ktstr_topo_parse(o->topology, &topo, why, sizeof(why))) {
		pr_err("%s", why);
		return KTSTR_EXIT_USAGE;
	}
	return kernels_from_env(o) ?: ktstr_env_check_accel(o->accel);
}

static void cap_jobs(struct run_opts *o, size_t nr_tests)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (!o->jobs)
		o->jobs = 1;
	/* More VMs than host CPUs only makes each one slower (TCG). */
	if (cpus > 0 && o->jobs > cpus) {
		pr_info("-j %u capped at %ld host CPUs", o->jobs, cpus);
		o->jobs = cpus;
	}
	if (nr_tests && o->jobs > nr_tests)
		o->jobs = nr_tests;
}

/* A crashed scheduler's test gets a repro VM as its follow-up. */
static bool want_repro(struct ktstr_test_run *run, struct ktstr_followup *fu,
		       void *arg)
{
	struct run_state *st = arg;

	return ktstr_repro_plan(&st->repro, run, fu);
}

static void report_one(const struct ktstr_run_cfg *cfg,
		       struct ktstr_test_run *run, void *arg)
{
	struct run_state *st = arg;
	struct json_object *obj;
	char path[PATH_MAX];
	int err;

	ktstr_report_test(stdout, cfg, run);
	ktstr_run_summary_add(&st->kernels, run);
	if (run->verdict.status == KTSTR_FAIL)
		st->failed++;

	/* The repro's lines go under the TAP line just printed. */
	ktstr_repro_render(cfg, run);
	ktstr_repro_print(stdout, run);
	fflush(stdout);

	obj = ktstr_test_record(cfg, run);
	err = !obj ? -ENOMEM : ktstr_repro_add_json(run, obj);
	ktstr_repro_free(run->priv);
	run->priv = NULL;
	if (err) {
		json_object_put(obj);
		st->write_err = err;
		return;
	}
	if (snprintf(path, sizeof(path), "%s/%s.json",
		     run->target->results_dir, run->spec->name) >=
	    (int)sizeof(path))
		err = -ENAMETOOLONG;
	else
		err = jsonc_write_file(path, obj);
	if (err) {
		pr_err("writing '%s': %s", path, strerror(-err));
		st->write_err = err;
	}
	if (st->summary)
		json_object_array_add(st->summary, obj);
	else
		json_object_put(obj);
}

/* The names of the suite's tests, for the summary. */
static const char **test_names(const struct ktstr_suite *suite)
{
	const char **v = calloc(suite->nr ? suite->nr : 1, sizeof(*v));
	size_t i;

	for (i = 0; v && i < suite->nr; i++)
		v[i] = suite->specs[i].name;
	return v;
}

static int run_suite(struct run_opts *o, struct ktstr_vm_env *env,
		     struct ktstr_suite *suite)
{
	struct run_state st = {
		.repro = { .enabled = !o->no_auto_repro },
	};
	struct ktstr_run_cfg cfg = {
		.qemu = env->qemu,
		.targets = &env->targets,
		.accel = env->accel,
		.topology = o->topology,
		.kernel_args = getenv("KTSTR_KERNEL_ARGS"),
		.jobs = o->jobs,
		.keep_initramfs = o->keep_initramfs,
	};
	struct ktstr_runner_ops ops = {
		.followup = want_repro,
		.report = report_one,
		.free_priv = ktstr_repro_free,
		.arg = &st,
	};
	size_t nr = suite->nr * env->targets.nr;
	const char **names;
	char dir[PATH_MAX];
	int err, sig;

	err = ktstr_results_dir(o->results, dir, sizeof(dir));
	if (err) {
		pr_err("results directory '%s': %s",
		       o->results ?: "ktstr-results/<time>", strerror(-err));
		return KTSTR_EXIT_FAIL;
	}
	err = ktstr_targets_prepare(&env->targets, dir, NULL);
	if (err)
		return err;
	if (ktstr_run_summary_init(&st.kernels, suite->nr, env->targets.nr))
		return KTSTR_EXIT_FAIL;
	if (o->json) {
		st.summary = json_object_new_array();
		if (!st.summary) {
			ktstr_run_summary_free(&st.kernels);
			return KTSTR_EXIT_FAIL;
		}
	}
	pr_info("%zu test%s on %zu kernel%s, %u at a time, results in %s",
		suite->nr, suite->nr == 1 ? "" : "s", env->targets.nr,
		env->targets.nr == 1 ? "" : "s", o->jobs, dir);
	ktstr_tap_header(stdout, nr);
	sig = ktstr_runner_run(&cfg, suite, &ops);
	names = test_names(suite);
	if (!sig && names)
		ktstr_run_summary_print(stdout, &st.kernels, &env->targets,
					names);
	free(names);
	ktstr_run_summary_free(&st.kernels);

	/* The archives are rebuilt every run; logs and JSON are the record. */
	if (!o->keep_initramfs)
		ktstr_targets_cleanup(&env->targets);
	if (sig < 0) {
		pr_err("running tests: %s", strerror(-sig));
		json_object_put(st.summary);
		return KTSTR_EXIT_FAIL;
	}
	if (st.summary) {
		err = jsonc_write_file(o->json, st.summary);
		if (err) {
			pr_err("writing '%s': %s", o->json, strerror(-err));
			st.write_err = err;
		}
		json_object_put(st.summary);
	}
	if (sig) {
		pr_err("stopped by signal %d (%s); all VMs killed", sig,
		       strsignal(sig));
		return 128 + sig;
	}
	return st.failed || st.write_err ? KTSTR_EXIT_FAIL : KTSTR_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
	struct ktstr_sched_variants vs = { 0 };
	struct ktstr_suite suite = { 0 };
	struct run_opts o = { 0 };
	struct ktstr_vm_env env;
	char init[PATH_MAX];
	int ret;

	ret = parse(argc, argv, &o);
	if (ret)
		return ret < 0 ? KTSTR_EXIT_OK : ret;
	ret = ktstr_env_bindir(&env);
	if (ret)
		return ret;
	if (ktstr_path_join(init, sizeof(init), env.bindir, "ktstr-init"))
		return KTSTR_EXIT_FAIL;
	if (ktstr_suite_load(init, &suite))
		return KTSTR_EXIT_FAIL;
	if (ktstr_suite_filter(&suite, o.globs, o.nr_globs)) {
		ret = KTSTR_EXIT_USAGE;
		goto out;
	}
	if (!suite.nr) {
		pr_err("'%s --list' declares no tests", init);
		ret = KTSTR_EXIT_FAIL;
		goto out;
	}
	ret = ktstr_sched_opts_apply(&o.sched, &suite, &vs);
	if (ret)
		goto out;
	ret = ktstr_env_setup(&env, o.kernels, o.nr_kernels, o.accel);
	if (ret)
		goto out;
	cap_jobs(&o, suite.nr * env.targets.nr);
	ret = run_suite(&o, &env, &suite);
out:
	ktstr_suite_free(&suite);
	ktstr_variants_free(&vs);
	return ret;
}
