/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run the selected tests on each target kernel, one fresh VM each, up to
 * @jobs at a time, and hand each finished test to a report callback in
 * suite order, a test's kernels side by side (so TAP streams in order
 * while VMs finish in any order). A VM that never reached /init is
 * infrastructure trouble, not a test result: it is retried once.
 *
 * When a test's VM is final, a follow-up callback may ask for a second VM
 * of the same test (auto-repro). It boots right away in the same slot while
 * the other slots go on, and the test is reported when it is final too.
 */
#ifndef KTSTR_HOST_RUNNER_H
#define KTSTR_HOST_RUNNER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/guest_args.h"
#include "common/topology.h"
#include "host/channel.h"
#include "host/target.h"
#include "host/verdict.h"
#include "host/vm/accel.h"

struct ktstr_spec;
struct ktstr_suite;

struct ktstr_run_cfg {
	const char *qemu;
	const struct ktstr_targets *targets;	/* the kernels, each test on each */
	enum ktstr_accel accel;
	const char *topology;		/* --topology override, or NULL */
	const char *kernel_args;	/* extra kernel arguments, or NULL */
	unsigned int jobs;
	bool keep_initramfs;		/* keep each VM's archive */
};

/*
 * A follow-up VM of a test: the same kernel, initramfs, topology and test,
 * its guest asked to probe as @repro says, and a tag that keeps its logs
 * apart (<test>.<tag>.console.log).
 */
struct ktstr_followup {
	struct ktstr_guest_repro repro;
	const char *log_tag;
};

#define KTSTR_MAX_ATTEMPTS	2

/* One test on one target, complete when the report callback sees it. */
struct ktstr_test_run {
	const struct ktstr_spec *spec;
	const struct ktstr_target *target;
	size_t num;			/* 1-based, for TAP */
	char name[192];			/* in TAP: "eevdf_spin [7.3.4]" */
	char skip[160];			/* skipped without a VM: why */
	struct ktstr_topo topo;
	unsigned int attempts;
	struct ktstr_vm_exit exit;
	struct ktstr_channel ch;
	struct ktstr_verdict verdict;
	char *console;			/* COM1 text, NULL if none */
	size_t console_len;
	char *channel;			/* COM2 bytes as captured, parsed in ch */
	size_t channel_len;
	char *qemu_log;			/* QEMU's own stderr */
	size_t qemu_log_len;
	char console_path[PATH_MAX];
	char channel_path[PATH_MAX];
	char qemu_log_path[PATH_MAX];
	char initrd_path[PATH_MAX];	/* this VM's archive */
	double done_at;			/* ktstr_now() when it was final */
	struct ktstr_followup fu;	/* a follow-up's; zero for the first */
	struct ktstr_test_run *followup; /* the test's follow-up, or NULL */
	void *priv;			/* the callbacks', see ktstr_runner_ops */
};

struct ktstr_runner_ops {
	/*
	 * Asked once per test (may be NULL) when its first VM is final:
	 * true to boot a follow-up VM as @fu says (its strings must stay
	 * valid until the test is reported). It may keep state in
	 * run->priv for the report, which then also has the follow-up's
	 * run in run->followup.
	 */
	bool (*followup)(struct ktstr_test_run *run, struct ktstr_followup *fu,
			 void *arg);
	/* Each test, in suite order, once final; frees run->priv. */
	void (*report)(const struct ktstr_run_cfg *cfg,
		       struct ktstr_test_run *run, void *arg);
	/* run->priv of a test left unreported by a signal (may be NULL). */
	void (*free_priv)(void *priv);
	void *arg;
};

/*
 * Returns 0 when every test ran (whatever its outcome), the termination
 * signal number when interrupted (every VM killed, follow-ups included;
 * remaining tests not reported), or a negative errno.
 */
int ktstr_runner_run(const struct ktstr_run_cfg *cfg,
		     const struct ktstr_suite *suite,
		     const struct ktstr_runner_ops *ops);

/* The VM deadline for @spec: its timeout_s under TCG, less under KVM. */
double ktstr_test_timeout(const struct ktstr_spec *spec,
			  enum ktstr_accel accel);

#endif /* KTSTR_HOST_RUNNER_H */
