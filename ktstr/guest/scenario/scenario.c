// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr_scenario_run(): check the definition, create the cgroups, start
 * the workers, run the steps and holds while watching the scheduler, stop
 * everything, then judge: how workers ended, the checks, the stats.
 * What the declaration leaves open is decided in scenario.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "common/clock.h"
#include "common/cpuset_spec.h"
#include "guest/scenario/checks.h"
#include "guest/scenario/scenario_internal.h"

/* How often a hold looks at the scheduler: a dead one stops the run. */
#define HOLD_POLL_MS		100
/*
 * How long workers get to notice their stop flag. A blocked worker looks
 * every 20 ms (work_internal.h); a runnable one needs a slice. TCG runs
 * everything ~10x slower.
 */
#define STOP_WAIT_MS		1000
#define STOP_WAIT_MS_TCG	3000

/* Hold until @deadline (ms). False, early, when the scheduler died. */
static bool hold_until(struct scenario *sc, long deadline)
{
	long left;

	for (;;) {
		if (!ktstr_sched_alive(sc->ctx)) {
			sc->sched_died = true;
			ktstr_diag("scheduler died %ld ms into the workload; stopping the workers",
				   ktstr_now_ms() - sc->start_ms);
			return false;
		}
		sc_poll_exits(sc);
		left = deadline - ktstr_now_ms();
		if (left <= 0)
			return true;
		ktstr_sleep_ms(left < HOLD_POLL_MS ? left : HOLD_POLL_MS);
	}
}

/*
 * A hold starts after its ops: it is the time the workload runs in the
 * state they made, however long a stop or a move took.
 */
static int run_step(struct scenario *sc, unsigned int i,
		    const struct ktstr_step *st)
{
	const struct ktstr_hold *h = &st->hold;
	long begin, hold = h->value;
	unsigned int r;
	int err;

	if (h->kind == HOLD_LOOP) {
		begin = ktstr_now_ms();
		for (r = 0; r < h->value; r++) {
			err = sc_run_ops(sc, i, st->ops);
			if (err)
				return err;
			/* Deadlines from the loop's start, so no drift. */
			if (!hold_until(sc, begin + (long)h->loop_ms * (r + 1) /
						h->value))
				return -ECANCELED;
		}
		return 0;
	}
	if (h->kind == HOLD_FRACTION)
		hold = (long)h->value * sc->ctx->duration_ms / 1000;
	err = sc_run_ops(sc, i, st->ops);
	if (err)
		return err;
	return hold_until(sc, ktstr_now_ms() + hold) ? 0 : -ECANCELED;
}

static int run_steps(struct scenario *sc)
{
	const struct ktstr_step *st;
	unsigned int i;
	int err;

	for (st = sc->test->steps, i = 0; st && st->ops; st++, i++) {
		err = run_step(sc, i, st);
		if (err)
			return err;
	}
	/* The rest of the duration, or all of it without steps. */
	return hold_until(sc, sc->start_ms + sc->ctx->duration_ms) ?
	       0 : -ECANCELED;
}

static int setup(struct scenario *sc)
{
	const struct ktstr_cgroup_def *def;
	int cgi, err;

	err = ktstr_cg_setup(&sc->cg, KTSTR_CG_ROOT);
	if (err) {
		sc_fail(sc, "cgroups: cannot set up %s/%s with cpuset and cpu: %s",
			KTSTR_CG_ROOT, KTSTR_CG_DIR, strerror(-err));
		return err;
	}
	sc->cg_ready = true;
	for (def = sc->test->cgroups; def && def->name; def++) {
		cgi = sc_add_cgroup(sc, def->name, def->cpuset);
		if (cgi < 0)
			return cgi;
	}
	sc->start_ms = ktstr_now_ms();
	for (def = sc->test->cgroups, cgi = 0; def && def->name; def++, cgi++) {
		err = sc_spawn(sc, cgi, def->workers ? def->workers :
				   sc_default_workers(sc->test), false);
		if (err)
			return err;
	}
	return 0;
}

static void stop_all(struct scenario *sc)
{
	unsigned int i;

	for (i = 0; i < sc->nr_workers; i++)
		sc_request_stop(sc, i);
	sc_wait_stopped(sc);
}

static void check_failed(void *arg, const char *line)
{
	struct scenario *sc = arg;

	sc_fail(sc, "%s", line);
}

/* The stats always; the checks when the run went as declared. */
static void report(struct scenario *sc, bool evaluate)
{
	struct ktstr_check_cgroup cgs[KTSTR_SC_MAX_CGROUPS];
	unsigned int first[KTSTR_SC_MAX_CGROUPS];	/* a cgroup's in @ws */
	struct ktstr_check_worker *ws;
	unsigned int i, nr = 0, off = 0;
	char *json;

	ws = calloc(sc->nr_workers ? sc->nr_workers : 1, sizeof(*ws));
	if (!ws) {
		sc_fail(sc, "scenario: no memory for %u worker reports",
			sc->nr_workers);
		return;
	}
	for (i = 0; i < sc->nr_cgroups; i++) {
		const struct sc_cgroup *cg = &sc->cgroups[i];

		/* Empty cgroups (move targets) have nothing to report. */
		if (!cg->nr_workers)
			continue;
		first[i] = off;
		cgs[nr++] = (struct ktstr_check_cgroup) {
			.name = cg->name,
			.work = cg->work,
			.work_name = ktstr_work_name(cg->work),
			.nr_workers = cg->nr_workers,
			.workers = &ws[off],
		};
		off += cg->nr_workers;
	}
	for (i = 0; i < sc->nr_workers; i++) {
		const struct sc_worker *w = &sc->workers[i];
		struct ktstr_check_worker *cw = &ws[first[w->home] + w->idx];

		cw->rep = *ktstr_work_report(w->shared, w->slot);
		/* A worker killed before its work began never wrote its pid. */
		if (!cw->rep.pid)
			cw->rep.pid = w->pid;
		cw->allowed = w->allowed;
		cw->partial = w->partial;
	}

	json = ktstr_stats_json(cgs, nr, ktstr_topo_nr_cpus(&sc->ctx->topo));
	if (json)
		ktstr_result_set_stats(sc->ctx, json);
	else
		ktstr_diag("scenario: no memory for the stats");
	free(json);
	if (evaluate)
		ktstr_checks_eval(&sc->ctx->checks, cgs, nr, check_failed, sc);
	free(ws);
}

/* Leftovers only cost a diagnostic: the VM is thrown away after the test. */
static void teardown(struct scenario *sc)
{
	unsigned int i;

	if (!sc->cg_ready)
		return;
	for (i = sc->nr_cgroups; i-- > 0;)
		if (sc->cgroups[i].exists)
			ktstr_cg_remove(&sc->cg, sc->cgroups[i].name);
	ktstr_cg_teardown(&sc->cg);
}

static struct scenario *create(struct ktstr_ctx *ctx)
{
	struct scenario *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return NULL;
	/* Stop flags and setup errors, seen by parent and workers alike. */
	sc->shm = mmap(NULL, KTSTR_SC_MAX_WORKERS * sizeof(*sc->shm),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (sc->shm == MAP_FAILED) {
		free(sc);
		return NULL;
	}
	sc->ctx = ctx;
	sc->test = ctx->test;
	sc->all_cpus = ktstr_topo_all_cpus(&ctx->topo);
	sc->stop_wait_ms = ctx->tcg ? STOP_WAIT_MS_TCG : STOP_WAIT_MS;
	return sc;
}

static void destroy(struct scenario *sc)
{
	sc_free_batches(sc);
	munmap(sc->shm, KTSTR_SC_MAX_WORKERS * sizeof(*sc->shm));
	free(sc);
}

int ktstr_scenario_run(struct ktstr_ctx *ctx)
{
	struct scenario *sc;
	bool as_declared;
	char err[512];
	int ret;

	if (ktstr_scenario_validate(ctx->test, &ctx->topo, err, sizeof(err))) {
		ktstr_fail(ctx, "%s", err);
		return KTSTR_RESULT_FAIL;
	}
	sc = create(ctx);
	if (!sc) {
		ktstr_fail(ctx, "scenario: %s", strerror(ENOMEM));
		return KTSTR_RESULT_FAIL;
	}

	ret = setup(sc);
	if (!ret)
		ret = run_steps(sc);
	stop_all(sc);
	/*
	 * A dead scheduler ends the run early, but what the workers saw
	 * until then is real: judge it (the caller reports the death).
	 */
	as_declared = !ret || ret == -ECANCELED;
	if (as_declared)
		sc_judge_exits(sc);
	report(sc, as_declared);
	teardown(sc);

	ret = sc->nr_fail ? KTSTR_RESULT_FAIL : KTSTR_RESULT_PASS;
	destroy(sc);
	return ret;
}
