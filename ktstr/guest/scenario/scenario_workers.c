// SPDX-License-Identifier: GPL-2.0
/*
 * Workers: fork them into their cgroup, tell them to stop, reap them, and
 * judge how they ended.
 *
 * A new worker blocks on a pipe until the scenario has written its pid
 * into cgroup.procs, so not one of its work units runs outside its
 * cgroup; a whole batch is released at once so that its workers start
 * together (and paired ones find their partner running).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/compiler.h"
#include "guest/scenario/scenario_internal.h"
#include "guest/work/work_tool.h"

/* Exit codes of a worker that never got to its work. */
#define WORKER_EXIT_ABORTED	3	/* the scenario gave up on its batch */
#define WORKER_EXIT_SETUP	4	/* policy or nice: see sc_shm */

/* After SIGKILL: a task that takes longer is stuck in the kernel. */
#define KILL_WAIT_MS		2000
#define REAP_POLL_MS		10

static int worker_setup(const struct sc_cgroup *cg, struct sc_shm *me)
{
	struct sched_param param = { .sched_priority = 0 };

	/* SCHED_OTHER is inherited; setting it could undo a SCHED_EXT parent. */
	if (cg->policy != SCHED_OTHER &&
	    sched_setscheduler(0, cg->policy, &param)) {
		me->setup_errno = errno;
		me->setup_step = SC_SETUP_POLICY;
		return -1;
	}
	if (cg->nice && setpriority(PRIO_PROCESS, 0, cg->nice)) {
		me->setup_errno = errno;
		me->setup_step = SC_SETUP_NICE;
		return -1;
	}
	return 0;
}

static __noreturn void worker_main(struct scenario *sc, unsigned int wi,
				   int gate[2])
{
	const struct sc_worker *w = &sc->workers[wi];
	const struct sc_cgroup *cg = &sc->cgroups[w->home];
	struct sc_shm *me = &sc->shm[wi];
	ssize_t n;
	char go;

	close(gate[1]);
	/* Never outlive the scenario, whatever happens to it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	do {
		n = read(gate[0], &go, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(WORKER_EXIT_ABORTED);
	close(gate[0]);

	if (worker_setup(cg, me))
		_exit(WORKER_EXIT_SETUP);
	ktstr_work_run(cg->work, w->shared, w->slot, &me->stop);
	_exit(0);
}

/* Reap @w if it has exited. Returns true once it is gone. */
static bool reap(struct sc_worker *w)
{
	pid_t got;
	int status;

	if (w->exited)
		return true;
	do {
		got = waitpid(w->pid, &status, WNOHANG);
	} while (got < 0 && errno == EINTR);
	if (got == 0)
		return false;
	w->exited = true;
	w->early = !w->stopping;
	/* ECHILD: someone else reaped it; how it ended is unknown. */
	w->status = got > 0 ? status : -1;
	return true;
}

static void kill_worker(struct sc_worker *w)
{
	if (w->exited || w->pid <= 0)
		return;
	kill(w->pid, SIGKILL);
	w->killed = true;
}

bool sc_worker_in(const struct scenario *sc, unsigned int wi, unsigned int cg)
{
	const struct sc_worker *w = &sc->workers[wi];

	return w->cur == cg && !w->stopping && !w->exited;
}

void sc_request_stop(struct scenario *sc, unsigned int wi)
{
	struct sc_worker *w = &sc->workers[wi];

	if (w->stopping || w->exited)
		return;
	w->stopping = true;
	__atomic_store_n(&sc->shm[wi].stop, 1, __ATOMIC_RELEASE);
}

void sc_poll_exits(struct scenario *sc)
{
	unsigned int i;

	for (i = 0; i < sc->nr_workers; i++)
		if (!sc->workers[i].stopping)
			reap(&sc->workers[i]);
}

/* Wait for the stopping workers until @deadline; true when all are gone. */
static bool wait_stopping(struct scenario *sc, long deadline)
{
	unsigned int i;
	bool all;

	for (;;) {
		all = true;
		for (i = 0; i < sc->nr_workers; i++)
			if (sc->workers[i].stopping && !reap(&sc->workers[i]))
				all = false;
		if (all || ktstr_now_ms() >= deadline)
			return all;
		ktstr_sleep_ms(REAP_POLL_MS);
	}
}

void sc_wait_stopped(struct scenario *sc)
{
	unsigned int i;

	if (wait_stopping(sc, ktstr_now_ms() + sc->stop_wait_ms))
		return;
	for (i = 0; i < sc->nr_workers; i++) {
		struct sc_worker *w = &sc->workers[i];

		if (!w->stopping || w->exited)
			continue;
		ktstr_diag("cgroup %s worker %u (pid %d) did not stop within %ld ms; killed",
			   sc->cgroups[w->home].name, w->idx, w->pid,
			   sc->stop_wait_ms);
		kill_worker(w);
	}
	if (wait_stopping(sc, ktstr_now_ms() + KILL_WAIT_MS))
		return;
	for (i = 0; i < sc->nr_workers; i++) {
		struct sc_worker *w = &sc->workers[i];

		if (w->stopping && !w->exited)
			ktstr_diag("cgroup %s worker %u (pid %d) survived SIGKILL for %d ms",
				   sc->cgroups[w->home].name, w->idx, w->pid,
				   KILL_WAIT_MS);
	}
}

/* Undo a batch that could not be started: its workers never ran. */
static void abort_batch(struct scenario *sc, unsigned int first)
{
	unsigned int i;

	for (i = first; i < sc->nr_workers; i++) {
		sc->workers[i].stopping = true;
		kill_worker(&sc->workers[i]);
	}
	wait_stopping(sc, ktstr_now_ms() + KILL_WAIT_MS);
}

static int start_batch(struct scenario *sc, unsigned int cgi,
		       struct ktstr_work_shared *shared, unsigned int count,
		       bool partial, int gate[2])
{
	struct sc_cgroup *cg = &sc->cgroups[cgi];
	bool paired = ktstr_work_is_paired(cg->work);
	unsigned int i, first = sc->nr_workers;
	int err = 0;

	for (i = 0; i < count; i++) {
		unsigned int wi = sc->nr_workers;
		struct sc_worker *w = &sc->workers[wi];
		pid_t pid;

		*w = (struct sc_worker) {
			.home = cgi,
			.idx = cg->nr_workers,
			.cur = cgi,
			.shared = shared,
			.slot = i,
			.partner = paired ? first + (i ^ 1) : SC_NONE,
			.allowed = cg->cpus,
			.partial = partial,
			.status = -1,
		};
		memset(&sc->shm[wi], 0, sizeof(sc->shm[wi]));
		pid = fork();
		if (pid < 0) {
			err = -errno;
			sc_fail(sc, "cgroup %s: fork of worker %u: %s",
				cg->name, w->idx, strerror(errno));
			return err;
		}
		if (pid == 0)
			worker_main(sc, wi, gate);
		w->pid = pid;
		sc->nr_workers++;
		cg->nr_workers++;
		err = ktstr_cg_attach(&sc->cg, cg->name, pid);
		if (err) {
			sc_fail(sc, "cgroup %s worker %u (pid %d): cannot join the cgroup: %s",
				cg->name, w->idx, pid, strerror(-err));
			return err;
		}
	}
	return 0;
}

/*
 * A tool that is not in the guest skips the test: the guest lacks it, the
 * scheduler did nothing wrong. Any other trouble starting it fails.
 */
static int check_available(struct scenario *sc, const struct sc_cgroup *cg)
{
	char why[256];
	int err;

	err = ktstr_work_available(cg->work, why, sizeof(why));
	if (err == -ENOENT)
		ktstr_skip(sc->ctx, "cgroup %s: %s", cg->name, why);
	else if (err)
		sc_fail(sc, "cgroup %s: %s", cg->name, why);
	return err;
}

/* What tool workers need from the definition: their args and log names. */
static void set_tool(struct scenario *sc, const struct sc_cgroup *cg,
		     struct ktstr_work_shared *shared)
{
	const struct ktstr_cgroup_def *def = sc_find_def(sc->test, cg->name);
	bool override = sc->ctx->tool_override != WORK_DEFAULT &&
			sc->ctx->tool_override == cg->work;
	struct ktstr_work_tool_cfg cfg = {
		.cgroup = cg->name,
		.args = override ? sc->ctx->tool_override_args :
			def ? def->work_args : NULL,
		.first_idx = cg->nr_workers,
		.stop_ms = sc->stop_wait_ms,
	};

	ktstr_work_shared_set_tool(shared, &cfg);
}

int sc_spawn(struct scenario *sc, unsigned int cgi, unsigned int count,
	     bool partial)
{
	struct sc_cgroup *cg = &sc->cgroups[cgi];
	struct ktstr_work_shared *shared;
	unsigned int first = sc->nr_workers;
	char go[KTSTR_SC_MAX_WORKERS];
	int gate[2], err;

	if (!count)
		return 0;
	if (sc->nr_workers + count > KTSTR_SC_MAX_WORKERS) {
		sc_fail(sc, "cgroup %s: %u more workers would exceed %d",
			cg->name, count, KTSTR_SC_MAX_WORKERS);
		return -E2BIG;
	}
	err = check_available(sc, cg);
	if (err)
		return err;
	shared = ktstr_work_shared_alloc(cg->work, count);
	if (!shared) {
		err = -errno;
		sc_fail(sc, "cgroup %s: shared memory for %u %s workers: %s",
			cg->name, count, ktstr_work_name(cg->work),
			strerror(errno));
		return err;
	}
	sc->batches[sc->nr_batches++] = (struct sc_batch) { shared, count };
	if (ktstr_work_is_tool(cg->work))
		set_tool(sc, cg, shared);
	if (pipe2(gate, O_CLOEXEC)) {
		err = -errno;
		sc_fail(sc, "cgroup %s: pipe: %s", cg->name, strerror(errno));
		return err;
	}

	err = start_batch(sc, cgi, shared, count, partial, gate);
	close(gate[0]);
	if (!err) {
		/* One byte each; fewer than PIPE_BUF, so one write does it. */
		memset(go, 'g', count);
		if (write(gate[1], go, count) != (ssize_t)count) {
			err = -EIO;
			sc_fail(sc, "cgroup %s: cannot release %u workers",
				cg->name, count);
		}
	}
	close(gate[1]);
	if (err)
		abort_batch(sc, first);
	return err;
}

static void judge_one(struct scenario *sc, const struct sc_worker *w)
{
	const struct sc_shm *shm = &sc->shm[w - sc->workers];
	const char *cg = sc->cgroups[w->home].name;

	if (shm->setup_step != SC_SETUP_OK) {
		const struct sc_cgroup *c = &sc->cgroups[w->home];

		if (shm->setup_step == SC_SETUP_POLICY)
			sc_fail(sc, "cgroup %s worker %u (pid %d): policy %d: %s",
				cg, w->idx, w->pid, c->policy,
				strerror(shm->setup_errno));
		else
			sc_fail(sc, "cgroup %s worker %u (pid %d): nice %d: %s",
				cg, w->idx, w->pid, c->nice,
				strerror(shm->setup_errno));
		return;
	}
	/* How a worker we killed ended says nothing about it. */
	if (!w->exited || w->status < 0 || w->killed)
		return;
	if (WIFSIGNALED(w->status))
		sc_fail(sc, "cgroup %s worker %u (pid %d): killed by signal %d (%s)",
			cg, w->idx, w->pid, WTERMSIG(w->status),
			strsignal(WTERMSIG(w->status)));
	else if (WIFEXITED(w->status) && WEXITSTATUS(w->status))
		sc_fail(sc, "cgroup %s worker %u (pid %d): exited with status %d",
			cg, w->idx, w->pid, WEXITSTATUS(w->status));
	else if (w->early && WIFEXITED(w->status))
		sc_fail(sc, "cgroup %s worker %u (pid %d): stopped working before it was told to",
			cg, w->idx, w->pid);
}

void sc_judge_exits(struct scenario *sc)
{
	unsigned int i;

	for (i = 0; i < sc->nr_workers; i++)
		judge_one(sc, &sc->workers[i]);
}

void sc_free_batches(struct scenario *sc)
{
	unsigned int i;

	for (i = 0; i < sc->nr_batches; i++)
		ktstr_work_shared_free(sc->batches[i].shared,
				       sc->batches[i].nr);
	sc->nr_batches = 0;
}
