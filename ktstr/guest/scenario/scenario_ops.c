// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroups and the step ops: add and remove cgroups, change cpusets and
 * affinities, spawn, stop and move workers. Each failure is recorded with
 * the op that caused it (sc->where) and ends the run: later ops, and the
 * checks, would measure a scenario other than the one declared.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "common/cpuset_spec.h"
#include "guest/scenario/scenario_internal.h"

int sc_find_cgroup(const struct scenario *sc, const char *name)
{
	unsigned int i;

	for (i = 0; i < sc->nr_cgroups; i++)
		if (!strcmp(sc->cgroups[i].name, name))
			return i;
	return -ENOENT;
}

/* A cgroup that exists now, or a failure naming it. */
static int live_cgroup(struct scenario *sc, const char *name)
{
	int cgi = sc_find_cgroup(sc, name);

	if (cgi < 0 || !sc->cgroups[cgi].exists) {
		sc_fail(sc, "%scgroup %s does not exist at this point",
			sc->where, name);
		return -ENOENT;
	}
	return cgi;
}

/* Validated already; a failure here means the topology changed under us. */
static int resolve(struct scenario *sc, const char *spec, uint64_t *cpus)
{
	char why[160];

	if (!ktstr_cpuset_resolve(spec, &sc->ctx->topo, cpus, why, sizeof(why)))
		return 0;
	sc_fail(sc, "%s%s", sc->where, why);
	return -EINVAL;
}

/*
 * What the kernel made of @asked: isolation is judged against the CPUs a
 * worker could really use. They differ only if the VM lacks CPUs the
 * topology promised, which is worth a line of its own.
 */
static uint64_t effective_cpus(struct scenario *sc, unsigned int cgi,
			       uint64_t asked)
{
	const char *name = sc->cgroups[cgi].name;
	char text[KTSTR_CPUMASK_STRLEN];
	uint64_t got;

	if (ktstr_cg_get_effective_cpus(&sc->cg, name, text, sizeof(text)) ||
	    ktstr_cpumask_parse(text, KTSTR_MAX_CPUS, &got, NULL, 0))
		return asked;
	if (got != asked) {
		char want[KTSTR_CPUMASK_STRLEN];

		ktstr_cpumask_format(asked, want, sizeof(want));
		ktstr_diag("cgroup %s: asked for CPUs %s, got %s", name, want,
			   text);
	}
	return got;
}

int sc_set_cpus(struct scenario *sc, unsigned int cgi, uint64_t cpus)
{
	const struct ktstr_topo *topo = &sc->ctx->topo;
	struct sc_cgroup *cg = &sc->cgroups[cgi];
	char list[KTSTR_CPUMASK_STRLEN];
	unsigned int i;
	int err;

	ktstr_cpumask_format(cpus, list, sizeof(list));
	err = ktstr_cg_set_cpus(&sc->cg, cg->name, list);
	if (err) {
		sc_fail(sc, "%scgroup %s: cpuset.cpus '%s': %s", sc->where,
			cg->name, list, strerror(-err));
		return err;
	}
	/*
	 * Memory near the CPUs. Not what any check measures, so a failure
	 * (logged by the write) costs locality, not the test.
	 */
	if (topo->nodes > 1) {
		char mems[KTSTR_CPUMASK_STRLEN];

		ktstr_cpumask_format(ktstr_cpus_to_nodes(topo, cpus), mems,
				     sizeof(mems));
		ktstr_cg_set_mems(&sc->cg, cg->name, mems);
	}
	cg->cpus = effective_cpus(sc, cgi, cpus);
	for (i = 0; i < sc->nr_workers; i++)
		if (sc_worker_in(sc, i, cgi))
			sc->workers[i].allowed |= cg->cpus;
	return 0;
}

int sc_add_cgroup(struct scenario *sc, const char *name, const char *spec)
{
	const struct ktstr_cgroup_def *def = sc_find_def(sc->test, name);
	int cgi = sc_find_cgroup(sc, name), err;
	struct sc_cgroup *cg;
	uint64_t cpus;

	if (cgi >= 0 && sc->cgroups[cgi].exists) {
		sc_fail(sc, "%scgroup %s exists already", sc->where, name);
		return -EEXIST;
	}
	if (cgi < 0) {
		/* Validation bounds the names; this only guards the array. */
		if (sc->nr_cgroups == KTSTR_SC_MAX_CGROUPS) {
			sc_fail(sc, "%scgroup %s: more than %d cgroups",
				sc->where, name, KTSTR_SC_MAX_CGROUPS);
			return -E2BIG;
		}
		cgi = sc->nr_cgroups++;
		sc->cgroups[cgi] = (struct sc_cgroup) {
			.name = name,
			.work = sc_work_type(sc->test,
					     def ? def->work : WORK_DEFAULT),
			.policy = def ? def->policy : SCHED_OTHER,
			.nice = def ? def->nice : 0,
		};
	}
	cg = &sc->cgroups[cgi];
	err = ktstr_cg_create(&sc->cg, name);
	if (err) {
		sc_fail(sc, "%scgroup %s: mkdir: %s", sc->where, name,
			strerror(-err));
		return err;
	}
	cg->exists = true;
	cg->cpus = sc->all_cpus;
	/* No spec: leave cpuset.cpus empty, i.e. the parent's (all CPUs). */
	if (!spec)
		return cgi;
	err = resolve(sc, spec, &cpus);
	if (!err)
		err = sc_set_cpus(sc, cgi, cpus);
	return err ? err : cgi;
}

static int remove_cgroup(struct scenario *sc, unsigned int cgi)
{
	struct sc_cgroup *cg = &sc->cgroups[cgi];
	unsigned int i;
	int err;

	for (i = 0; i < sc->nr_workers; i++) {
		if (sc_worker_in(sc, i, cgi)) {
			sc->workers[i].partial = true;
			sc_request_stop(sc, i);
		}
	}
	sc_wait_stopped(sc);
	err = ktstr_cg_remove(&sc->cg, cg->name);
	if (err) {
		sc_fail(sc, "%scgroup %s: rmdir: %s", sc->where, cg->name,
			strerror(-err));
		return err;
	}
	cg->exists = false;
	return 0;
}

/* The @count most recent workers in @cgi (0: all), with their partners. */
static void stop_workers(struct scenario *sc, unsigned int cgi,
			 unsigned int count)
{
	unsigned int i, p, n = 0;

	for (i = sc->nr_workers; i-- > 0 && (!count || n < count);) {
		if (!sc_worker_in(sc, i, cgi))
			continue;
		sc->workers[i].partial = true;
		sc_request_stop(sc, i);
		n++;
		/* A paired worker alone would wait for its partner forever. */
		p = sc->workers[i].partner;
		if (p != SC_NONE && !sc->workers[p].stopping &&
		    !sc->workers[p].exited) {
			sc->workers[p].partial = true;
			sc_request_stop(sc, p);
			n += sc->workers[p].cur == cgi;
		}
	}
	sc_wait_stopped(sc);
}

static int move_workers(struct scenario *sc, unsigned int from,
			unsigned int to)
{
	const struct sc_cgroup *dst = &sc->cgroups[to];
	unsigned int i;
	int err;

	for (i = 0; i < sc->nr_workers; i++) {
		struct sc_worker *w = &sc->workers[i];

		if (!sc_worker_in(sc, i, from))
			continue;
		err = ktstr_cg_attach(&sc->cg, dst->name, w->pid);
		if (err) {
			sc_fail(sc, "%scgroup %s worker %u (pid %d): move to %s: %s",
				sc->where, sc->cgroups[w->home].name, w->idx,
				w->pid, dst->name, strerror(-err));
			return err;
		}
		w->cur = to;
		w->allowed |= dst->cpus;
		w->partial = true;
	}
	return 0;
}

static int set_affinity(struct scenario *sc, unsigned int cgi, uint64_t cpus)
{
	unsigned int i, cpu;
	cpu_set_t set;

	CPU_ZERO(&set);
	for (cpu = 0; cpu < 64; cpu++)
		if (cpus & (1ULL << cpu))
			CPU_SET(cpu, &set);
	for (i = 0; i < sc->nr_workers; i++) {
		struct sc_worker *w = &sc->workers[i];

		if (!sc_worker_in(sc, i, cgi))
			continue;
		if (sched_setaffinity(w->pid, sizeof(set), &set)) {
			int err = -errno;

			sc_fail(sc, "%scgroup %s worker %u (pid %d): sched_setaffinity: %s",
				sc->where, sc->cgroups[w->home].name, w->idx,
				w->pid, strerror(-err));
			return err;
		}
	}
	return 0;
}

static int swap_cpusets(struct scenario *sc, unsigned int a, unsigned int b)
{
	uint64_t cpus_a = sc->cgroups[a].cpus, cpus_b = sc->cgroups[b].cpus;
	int err;

	err = sc_set_cpus(sc, a, cpus_b);
	if (!err)
		err = sc_set_cpus(sc, b, cpus_a);
	return err;
}

/* Validated already: specs resolve, names are known, counts fit. */
static int run_op(struct scenario *sc, const struct ktstr_op *op)
{
	int cgi, other, err;
	uint64_t cpus = 0;

	if (op->kind == OP_ADD_CGROUP) {
		cgi = sc_add_cgroup(sc, op->cgroup, op->arg);
		return cgi < 0 ? cgi : sc_spawn(sc, cgi, op->count, true);
	}
	cgi = live_cgroup(sc, op->cgroup);
	if (cgi < 0)
		return cgi;

	switch (op->kind) {
	case OP_REMOVE_CGROUP:
		return remove_cgroup(sc, cgi);
	case OP_SET_CPUSET:
		err = resolve(sc, op->arg, &cpus);
		return err ? err : sc_set_cpus(sc, cgi, cpus);
	case OP_CLEAR_CPUSET:
		return sc_set_cpus(sc, cgi, sc->all_cpus);
	case OP_SWAP_CPUSETS:
		other = live_cgroup(sc, op->arg);
		return other < 0 ? other : swap_cpusets(sc, cgi, other);
	case OP_SPAWN:
		return sc_spawn(sc, cgi, op->count, true);
	case OP_STOP:
		stop_workers(sc, cgi, op->count);
		return 0;
	case OP_MOVE_TASKS:
		other = live_cgroup(sc, op->arg);
		return other < 0 ? other : move_workers(sc, cgi, other);
	case OP_SET_AFFINITY:
		err = resolve(sc, op->arg, &cpus);
		return err ? err : set_affinity(sc, cgi, cpus);
	default:
		sc_fail(sc, "%sunknown op kind %d", sc->where, op->kind);
		return -EINVAL;
	}
}

int sc_run_ops(struct scenario *sc, unsigned int step,
	       const struct ktstr_op *ops)
{
	unsigned int j;
	int err = 0;

	for (j = 0; !err && ops[j].kind != OP_END; j++) {
		snprintf(sc->where, sizeof(sc->where), "steps[%u].ops[%u] (%s): ",
			 step, j, sc_op_name(ops[j].kind));
		err = run_op(sc, &ops[j]);
	}
	sc->where[0] = '\0';
	return err;
}
