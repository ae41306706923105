// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/protocol.h"
#include "host/channel.h"
#include "host/log_tail.h"
#include "common/log.h"
#include "host/runner.h"
#include "host/sched/sched_variant.h"
#include "host/sigs.h"
#include "host/suite.h"
#include "host/util.h"
#include "host/vm/initramfs.h"
#include "host/vm/qemu_args.h"
#include "host/vm/vm.h"

/* -v: how often a repro VM's new console and channel lines are shown. */
#define FOLLOW_POLL_MS	250

/* How often to look at a booting VM's channel for its init stage. */
#define BOOT_POLL_MS	200

struct slot {
	struct ktstr_test_run *run;	/* NULL: free */
	struct ktstr_vm vm;
	double boot_deadline;
	bool booted;
	struct ktstr_log_tail console, channel;	/* -v: a repro VM's */
};

struct runner {
	const struct ktstr_run_cfg *cfg;
	const struct ktstr_runner_ops *ops;
	size_t nr;			/* tests */
	struct ktstr_test_run *runs;	/* nr tests, then their follow-ups */
	bool *done;			/* per test: ready to report */
};

double ktstr_test_timeout(const struct ktstr_spec *spec,
			  enum ktstr_accel accel)
{
	double t = spec->timeout_s;

	/* The guest derives timeout_s; this only covers an old guest. */
	if (!t)
		t = 60 + 3 * spec->duration_ms / 1000.0;
	/* Hardware virtualization boots and runs several times faster. */
	if (accel == KTSTR_ACCEL_KVM)
		t = t / 2 > 30 ? t / 2 : 30;
	return t;
}

/*
 * A healthy boot reaches /init in about 2 s under TCG; one that hangs in
 * early boot would otherwise hold the VM for the whole test timeout before
 * the retry. Generous per vCPU: each one is brought up in turn, and many
 * vCPUs share few host CPUs under TCG.
 */
static double boot_timeout(const struct ktstr_run_cfg *cfg,
			   const struct ktstr_topo *topo, double test_timeout)
{
	unsigned int cpus = ktstr_topo_nr_cpus(topo);
	double t = cfg->accel == KTSTR_ACCEL_KVM ? 15 + cpus / 4.0 :
		   30 + 1.0 * cpus * cfg->jobs;

	return t < test_timeout ? t : test_timeout;
}

/* The guest's init has run: the channel says so (protocol.h). */
static bool channel_shows_init(const char *path)
{
	struct ktstr_channel ch;
	bool init = false;
	char *buf;
	size_t len;

	if (ktstr_read_file(path, &buf, &len))
		return false;
	if (!ktstr_channel_parse(buf, len, &ch))
		init = ch.reached_init;
	ktstr_channel_free(&ch);
	free(buf);
	return init;
}

static int set_paths(const struct ktstr_run_cfg *cfg,
		     struct ktstr_test_run *run)
{
	const char *d = run->target->results_dir, *n = run->spec->name;
	const char *tag = run->fu.log_tag ?: "";
	char *const paths[] = { run->console_path, run->channel_path,
				run->qemu_log_path, run->initrd_path };
	static const char * const sfx[] = { "console.log", "channel.log",
					    "qemu.log", "initramfs.cpio" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sfx); i++) {
		if (snprintf(paths[i], PATH_MAX, "%s/%s%s%s.%s", d, n,
			     *tag ? "." : "", tag, sfx[i]) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	return 0;
}

/* Keep the logs of a failed boot for the report instead of overwriting. */
static void keep_attempt_logs(struct ktstr_test_run *run)
{
	const char *const paths[] = { run->console_path,
				      run->channel_path,
				      run->qemu_log_path };
	char dst[PATH_MAX + 16];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		const char *dot = strrchr(paths[i], '/');

		dot = strchr(dot ? dot : paths[i], '.');
		if (!dot)
			continue;
		snprintf(dst, sizeof(dst), "%.*s.attempt%u%s",
			 (int)(dot - paths[i]), paths[i], run->attempts, dot);
		rename(paths[i], dst);
	}
}

static int boot_vm(const struct ktstr_run_cfg *cfg, struct slot *s)
{
	struct ktstr_test_run *run = s->run;
	const struct ktstr_sched_variant *var = run->spec->variant;
	struct ktstr_guest_args args = {
		.test = run->spec->test,
		.tcg = cfg->accel == KTSTR_ACCEL_TCG,
		.topology = cfg->topology,
		.repro = run->fu.repro,
	};
	struct ktstr_qemu_cfg qc = {
		.qemu = cfg->qemu,
		.kernel = run->target->kernel.boot,
		.initrd = run->initrd_path,
		.topo = run->topo,
		.kvm = cfg->accel == KTSTR_ACCEL_KVM,
		.console_path = run->console_path,
		.channel_path = run->channel_path,
		.cmdline_extra = cfg->kernel_args,
		.bios = ktstr_qemu_fast_bios(),
		.tcg_single_thread = run->fu.repro.mode != KTSTR_REPRO_NONE,
	};
	double timeout = ktstr_test_timeout(run->spec, cfg->accel);
	struct ktstr_layers layers;
	struct ktstr_argv argv;
	int err;

	if (var)
		args.sched = (struct ktstr_guest_sched){
			.name = var->name,
			.args = var->args,
			.ld_library_path = var->closure->ld_library_path,
			.max_spread_pct = var->max_spread_pct,
			.max_gap_ms = var->max_gap_ms,
			.stress_args = var->stress,
			.vm_timeout_s = run->spec->timeout_s,
		};
	err = ktstr_target_layers(run->target, run->spec, &layers,
				  run->verdict.reason, sizeof(run->verdict.reason));
	if (!err)
		err = ktstr_initramfs_vm(layers.v, layers.n, &args,
					 run->initrd_path);
	if (err) {
		if (!run->verdict.reason[0])
			snprintf(run->verdict.reason, sizeof(run->verdict.reason),
				 "writing the VM's initramfs: %s",
				 strerror(-err));
		return err;
	}
	err = ktstr_qemu_argv(&qc, &argv);
	if (err) {
		snprintf(run->verdict.reason, sizeof(run->verdict.reason),
			 "building the QEMU command line: %s", strerror(-err));
		return err;
	}
	if (ktstr_verbose) {
		char *line = ktstr_argv_join(&argv);
		char guest[512];

		ktstr_guest_args_format(&args, guest, sizeof(guest));
		pr_debug("%s: guest arguments: %s", run->name, guest);
		pr_debug("%s: %s", run->name, line ? line : "?");
		free(line);
	}
	run->attempts++;
	s->booted = false;
	s->console = s->channel = (struct ktstr_log_tail){ 0 };
	err = ktstr_vm_start(&s->vm, argv.v, run->qemu_log_path, false,
			     timeout);
	ktstr_argv_free(&argv);
	if (err) {
		snprintf(run->verdict.reason, sizeof(run->verdict.reason),
			 "cannot start '%s': %s", cfg->qemu, strerror(-err));
		return err;
	}
	s->boot_deadline = s->vm.start + boot_timeout(cfg, &run->topo,
						      timeout);
	return 0;
}

static void load(const char *path, char **buf, size_t *len)
{
	free(*buf);
	*buf = NULL;
	*len = 0;
	if (ktstr_read_file(path, buf, len))
		*buf = NULL;
}

/* The VM is over: read what it left and decide. */
static void collect(const struct ktstr_run_cfg *cfg, struct slot *s)
{
	struct ktstr_test_run *run = s->run;

	run->exit = s->vm.exit;
	if (!cfg->keep_initramfs)
		unlink(run->initrd_path);
	ktstr_channel_free(&run->ch);
	load(run->channel_path, &run->channel, &run->channel_len);
	if (ktstr_channel_parse(run->channel ?: "", run->channel_len,
				&run->ch))
		pr_err("%s: out of memory parsing the channel", run->name);
	load(run->console_path, &run->console, &run->console_len);
	load(run->qemu_log_path, &run->qemu_log, &run->qemu_log_len);
	ktstr_verdict_eval(run->spec->test, &run->ch, &run->exit,
			   run->console, &run->verdict);
}

static void announce(const struct ktstr_run_cfg *cfg,
		     const struct ktstr_test_run *run, size_t total)
{
	char how[96] = "";

	if (run->verdict.status == KTSTR_FAIL)
		ktstr_vm_exit_describe(&run->exit, how, sizeof(how));
	pr_info("[%zu/%zu] %s%s%s: %s in %.1f s (%s%s%s%s)", run->num, total,
		run->name, run->fu.log_tag ? "." : "",
		run->fu.log_tag ?: "",
		ktstr_status_name(run->verdict.status),
		run->exit.duration_s, ktstr_accel_name(cfg->accel),
		run->attempts > 1 ? ", 2nd boot" : "", *how ? ", " : "", how);
}

/* Returns true when the test is final, false when it was restarted. */
static bool finish(const struct ktstr_run_cfg *cfg, struct slot *s,
		   size_t total)
{
	struct ktstr_test_run *run = s->run;

	collect(cfg, s);
	if (run->verdict.infra && run->exit.started &&
	    run->attempts < KTSTR_MAX_ATTEMPTS) {
		char how[96];

		ktstr_vm_exit_describe(&run->exit, how, sizeof(how));
		pr_info("%s%s%s: VM never reached /init (%s); retrying once",
			run->name, run->fu.log_tag ? "." : "",
			run->fu.log_tag ?: "", how);
		keep_attempt_logs(run);
		if (!boot_vm(cfg, s))
			return false;
	}
	run->done_at = ktstr_now();
	announce(cfg, run, total);
	return true;
}

/*
 * -v: an auto-repro VM's console (the guest's probe lines among it) and
 * its channel's diagnostics as they come, so that a long repro shows what
 * it is doing before its report.
 */
static bool following(const struct slot *s)
{
	return ktstr_verbose && s->run &&
	       s->run->fu.repro.mode != KTSTR_REPRO_NONE;
}

static void follow(struct slot *s)
{
	char tag[sizeof(s->run->name) + 8];

	if (!following(s))
		return;
	snprintf(tag, sizeof(tag), "%s.repro", s->run->name);
	ktstr_log_tail(&s->console, s->run->console_path, tag, false, stderr);
	ktstr_log_tail(&s->channel, s->run->channel_path, tag, true, stderr);
}

/* A VM still booting past its boot deadline is killed as a boot hang. */
static void check_boot(struct slot *s)
{
	if (s->booted || !s->vm.pid)
		return;
	if (channel_shows_init(s->run->channel_path)) {
		s->booted = true;
		return;
	}
	if (ktstr_now() >= s->boot_deadline) {
		ktstr_vm_kill(&s->vm, false);
		s->vm.exit.timed_out = true;
		s->vm.exit.boot_timed_out = true;
		s->vm.exit.timeout_s = s->boot_deadline - s->vm.start;
	}
}

static int wait_ms(struct slot *slots, unsigned int nr)
{
	double ms = 1000;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		double left;

		if (!slots[i].run)
			continue;
		left = ktstr_vm_remaining(&slots[i].vm);
		if (left >= 0 && left * 1000 < ms)
			ms = left * 1000;
		if (following(&slots[i]) && ms > FOLLOW_POLL_MS)
			ms = FOLLOW_POLL_MS;
		if (!slots[i].booted && ms > BOOT_POLL_MS)
			ms = BOOT_POLL_MS;
	}
	return (int)ms + 1;
}

/* Fills run->verdict.reason when the test cannot get a VM at all. */
static int prepare(const struct ktstr_run_cfg *cfg, struct ktstr_test_run *run)
{
	const char *topo = cfg->topology ?: run->spec->topology;
	struct ktstr_verdict *v = &run->verdict;
	int err;

	err = set_paths(cfg, run);
	if (err) {
		snprintf(v->reason, sizeof(v->reason),
			 "results path too long under '%.200s'",
			 run->target->results_dir);
		return err;
	}
	err = ktstr_topo_parse(topo, &run->topo, v->reason, sizeof(v->reason));
	return err;
}

/* No VM was started: the test fails with the reason prepare/start gave. */
static void fail_setup(const struct ktstr_run_cfg *cfg,
		       struct ktstr_test_run *run, size_t total)
{
	run->verdict.status = KTSTR_FAIL;
	if (!run->verdict.reason[0])
		snprintf(run->verdict.reason, sizeof(run->verdict.reason),
			 "cannot start QEMU '%s'", cfg->qemu);
	run->done_at = ktstr_now();
	announce(cfg, run, total);
}

/*
 * Set up @run and boot it in @s; false when it is final without a VM: a
 * test its target cannot run (a skip), or one that could not start.
 */
static bool start(struct runner *r, struct slot *s,
		  struct ktstr_test_run *run)
{
	if (run->skip[0]) {
		run->verdict.status = KTSTR_SKIP;
		snprintf(run->verdict.reason, sizeof(run->verdict.reason),
			 "%s", run->skip);
		run->done_at = ktstr_now();
		announce(r->cfg, run, r->nr);
		return false;
	}
	s->run = run;
	if (!prepare(r->cfg, run) && !boot_vm(r->cfg, s))
		return true;
	fail_setup(r->cfg, run, r->nr);
	s->run = NULL;
	return false;
}

/*
 * @run, last in slot @s, is final. A test's first run may get a follow-up
 * VM in that slot; the test is done when no follow-up runs.
 */
static void run_final(struct runner *r, struct slot *s,
		      struct ktstr_test_run *run)
{
	size_t idx = run->num - 1;
	struct ktstr_test_run *next = &r->runs[r->nr + idx];

	s->run = NULL;
	if (run == &r->runs[idx] && r->ops->followup &&
	    r->ops->followup(run, &next->fu, r->ops->arg)) {
		next->spec = run->spec;
		next->target = run->target;
		next->num = run->num;
		snprintf(next->name, sizeof(next->name), "%s", run->name);
		/* never over the first run's logs */
		if (!next->fu.log_tag)
			next->fu.log_tag = "followup";
		run->followup = next;
		if (start(r, s, next))
			return;
	}
	r->done[idx] = true;
}

static void free_run(struct ktstr_test_run *run)
{
	ktstr_channel_free(&run->ch);
	free(run->console);
	free(run->qemu_log);
	free(run->channel);
	run->console = run->qemu_log = run->channel = NULL;
}

/*
 * Run @run is test @spec on @tg: named for its external scheduler and
 * its kernel when there are several ("cpuset_swap [scx_nest:fast,
 * 7.3.4]"), and skipped up front when its scheduler is not in the guest
 * set (the kernel tree has no such scheduler).
 */
static void plan(const struct ktstr_run_cfg *cfg, struct ktstr_test_run *run,
		 const struct ktstr_spec *spec, const struct ktstr_target *tg)
{
	const char *sched = spec->scheduler;
	const char *var = spec->variant ? spec->variant->label : NULL;
	const char *kernel = cfg->targets->nr > 1 ? tg->label : NULL;

	run->spec = spec;
	run->target = tg;
	if (var || kernel)
		snprintf(run->name, sizeof(run->name), "%s [%s%s%s]",
			 spec->test, var ?: "", var && kernel ? ", " : "",
			 kernel ?: "");
	else
		snprintf(run->name, sizeof(run->name), "%s", spec->test);
	if (!spec->variant && strcmp(sched, KTSTR_SCHED_EEVDF) &&
	    !ktstr_guest_set_has(&tg->set, sched))
		snprintf(run->skip, sizeof(run->skip),
			 "%s is not in linux %s's tools/sched_ext", sched,
			 tg->set.release);
}

int ktstr_runner_run(const struct ktstr_run_cfg *cfg,
		     const struct ktstr_suite *suite,
		     const struct ktstr_runner_ops *ops)
{
	struct pollfd pfd = { .fd = ktstr_signals_fd(), .events = POLLIN };
	size_t nt = cfg->targets->nr, n = suite->nr * nt;
	struct runner r = { .cfg = cfg, .ops = ops, .nr = n };
	unsigned int jobs = cfg->jobs ? cfg->jobs : 1, i;
	size_t next = 0, reported = 0;
	struct slot *slots;
	int sig = 0;

	r.runs = calloc(n ? 2 * n : 1, sizeof(*r.runs));
	r.done = calloc(n ? n : 1, sizeof(*r.done));
	slots = calloc(jobs, sizeof(*slots));
	if (!r.runs || !r.done || !slots) {
		free(r.runs);
		free(r.done);
		free(slots);
		return -ENOMEM;
	}
	/* A test's kernels side by side: what differs shows at a glance. */
	for (i = 0; i < n; i++) {
		plan(cfg, &r.runs[i], &suite->specs[i / nt],
		     &cfg->targets->v[i % nt]);
		r.runs[i].num = i + 1;
	}

	while (reported < n) {
		/* Fill free slots with the next tests. */
		for (i = 0; i < jobs && next < n; i++) {
			struct ktstr_test_run *run = &r.runs[next];

			if (slots[i].run)
				continue;
			next++;
			if (!start(&r, &slots[i], run))
				run_final(&r, &slots[i], run);
		}
		/* Report finished tests in suite order. */
		while (reported < n && r.done[reported]) {
			struct ktstr_test_run *run = &r.runs[reported];

			ops->report(cfg, run, ops->arg);
			if (run->followup)
				free_run(run->followup);
			free_run(run);
			reported++;
		}
		if (reported == n)
			break;

		poll(&pfd, 1, wait_ms(slots, jobs));
		sig = ktstr_signals_read();
		if (sig)
			break;
		for (i = 0; i < jobs; i++) {
			struct slot *s = &slots[i];

			if (!s->run)
				continue;
			check_boot(s);
			follow(s);
			if (ktstr_vm_poll(&s->vm) && finish(cfg, s, n))
				run_final(&r, s, s->run);
		}
	}

	/* Interrupted: no VM outlives the launcher, follow-ups included. */
	for (i = 0; i < jobs; i++)
		ktstr_vm_kill(&slots[i].vm, false);
	for (i = 0; i < 2 * n; i++) {
		if (r.runs[i].priv && ops->free_priv)
			ops->free_priv(r.runs[i].priv);
		free_run(&r.runs[i]);
	}
	free(r.runs);
	free(r.done);
	free(slots);
	return sig;
}
