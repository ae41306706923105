// SPDX-License-Identifier: GPL-2.0
/*
 * Check a test's cgroups and steps before anything runs, so that a typo
 * fails the test with a message naming the field instead of half-running
 * a scenario. Pure: no I/O.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "common/compiler.h"
#include "common/cpuset_spec.h"
#include "common/text.h"
#include "guest/registry.h"
#include "guest/scenario/checks.h"
#include "guest/scenario/scenario_internal.h"
#include "guest/work/work_tool.h"

#define NAME_MAX_LEN	63

struct names {
	const char *name[KTSTR_SC_MAX_CGROUPS];
	unsigned int nr;
};

static bool names_has(const struct names *n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n->nr; i++)
		if (!strcmp(n->name[i], name))
			return true;
	return false;
}

struct vctx {
	const struct ktstr_test *test;
	const struct ktstr_topo *topo;
	char *err;
	size_t len;
	char where[96];		/* "cgroup 'a'" or "steps[1].ops[0] (spawn)" */
	struct names names;
	unsigned long workers;	/* most workers the run can start */
	bool runs[WORK_NR];	/* work types some cgroup may run */
};

/* "test NAME: WHERE: what", or "test NAME: what" when @where is empty. */
#define vfail(v, fmt, ...)						\
	(snprintf((v)->err, (v)->len, "test %s: %s%s" fmt,		\
		  (v)->test->name, (v)->where, (v)->where[0] ? ": " : "", \
		  ##__VA_ARGS__), -EINVAL)

/* The policies a worker can take without privileges beyond root's. */
static bool valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || policy == SCHED_EXT;
}

static int check_name(struct vctx *v, const char *name, bool adding)
{
	if (!name)
		return vfail(v, "names no cgroup");
	if (!ktstr_name_ok(name, NAME_MAX_LEN))
		return vfail(v, "cgroup name '%s' must be 1..%d of [A-Za-z0-9_-]",
			     name, NAME_MAX_LEN);
	if (names_has(&v->names, name))
		return 0;
	if (!adding)
		return vfail(v, "unknown cgroup '%s'", name);
	if (v->names.nr == KTSTR_SC_MAX_CGROUPS)
		return vfail(v, "more than %d cgroups", KTSTR_SC_MAX_CGROUPS);
	v->names.name[v->names.nr++] = name;
	return 0;
}

static int check_spec(struct vctx *v, const char *cgroup, const char *spec)
{
	char why[160];
	uint64_t mask;

	if (ktstr_cpuset_resolve(spec, v->topo, &mask, why, sizeof(why)))
		return vfail(v, "cgroup '%s' %s", cgroup, why);
	return 0;
}

static int check_count(struct vctx *v, const char *cgroup,
		       enum ktstr_work_type work, unsigned int count,
		       unsigned int reps)
{
	if (ktstr_work_is_paired(work) && count % 2)
		return vfail(v, "cgroup '%s': %s pairs workers, %u is odd",
			     cgroup, ktstr_work_name(work), count);
	v->workers += (unsigned long)count * reps;
	if (count && work < WORK_NR)
		v->runs[work] = true;
	return 0;
}

/* Arguments belong to tool work types, and must suit their tool. */
static int check_work_args(struct vctx *v, const struct ktstr_cgroup_def *def)
{
	enum ktstr_work_type work = sc_work_type(v->test, def->work);
	char why[160];

	if (!ktstr_work_is_tool(work)) {
		if (def->work_args)
			return vfail(v, "work_args '%s' given, but %s runs no tool",
				     def->work_args, ktstr_work_name(work));
		return 0;
	}
	if (ktstr_tool_args_check(work, def->work_args, why, sizeof(why)))
		return vfail(v, "%s", why);
	return 0;
}

/* A tool's bound with no cgroup running the tool is a typo. */
static int check_tool_bound(struct vctx *v, const char *field, long value,
			    enum ktstr_work_type work)
{
	if (value < KTSTR_OFF)
		return vfail(v, "checks.%s: %ld is negative", field, value);
	if (ktstr_check_on(value) && !v->runs[work])
		return vfail(v, "checks.%s: set, but no cgroup runs %s", field,
			     ktstr_work_name(work));
	return 0;
}

static int check_tool_bounds(struct vctx *v)
{
	const struct ktstr_checks *c = &v->test->checks;

	return check_tool_bound(v, "min_bogo_ops_s", c->min_bogo_ops_s,
				WORK_STRESS_NG) ?:
	       check_tool_bound(v, "max_hackbench_ms", c->max_hackbench_ms,
				WORK_HACKBENCH);
}

/* The work type of a cgroup an op names: declared, else the test's. */
static enum ktstr_work_type op_work(struct vctx *v, const char *cgroup)
{
	const struct ktstr_cgroup_def *def = sc_find_def(v->test, cgroup);

	return sc_work_type(v->test, def ? def->work : WORK_DEFAULT);
}

static int check_op(struct vctx *v, const struct ktstr_op *op,
		    unsigned int reps)
{
	int ret;

	if (op->kind < OP_ADD_CGROUP || op->kind > OP_SET_AFFINITY)
		return vfail(v, "unknown op kind %d", op->kind);
	ret = check_name(v, op->cgroup, op->kind == OP_ADD_CGROUP);
	if (ret)
		return ret;

	/*
	 * Both act on the workers' pids: a tool worker's tool and its
	 * children would stay where they are.
	 */
	if ((op->kind == OP_MOVE_TASKS || op->kind == OP_SET_AFFINITY) &&
	    ktstr_work_is_tool(op_work(v, op->cgroup)))
		return vfail(v, "cgroup '%s': %s workers cannot be moved or pinned: their tool would stay behind",
			     op->cgroup, ktstr_work_name(op_work(v, op->cgroup)));

	switch (op->kind) {
	case OP_ADD_CGROUP:
		ret = check_spec(v, op->cgroup, op->arg);
		if (!ret)
			ret = check_count(v, op->cgroup, op_work(v, op->cgroup),
					  op->count, reps);
		return ret;
	case OP_SET_CPUSET:
	case OP_SET_AFFINITY:
		if (!op->arg)
			return vfail(v, "cgroup '%s': needs a cpuset spec in .arg",
				     op->cgroup);
		return check_spec(v, op->cgroup, op->arg);
	case OP_SWAP_CPUSETS:
	case OP_MOVE_TASKS:
		if (!op->arg)
			return vfail(v, "cgroup '%s': needs another cgroup in .arg",
				     op->cgroup);
		if (!strcmp(op->arg, op->cgroup))
			return vfail(v, "cgroup '%s': .arg names the same cgroup",
				     op->cgroup);
		return check_name(v, op->arg, false);
	case OP_SPAWN:
		if (!op->count)
			return vfail(v, "cgroup '%s': needs .count > 0",
				     op->cgroup);
		return check_count(v, op->cgroup, op_work(v, op->cgroup),
				   op->count, reps);
	default:
		return 0;
	}
}

static int check_steps(struct vctx *v)
{
	const struct ktstr_step *st;
	const struct ktstr_op *op;
	unsigned int i, j, reps;
	int ret;

	for (st = v->test->steps, i = 0; st && st->ops; st++, i++) {
		reps = 1;
		if (st->hold.kind == HOLD_LOOP) {
			snprintf(v->where, sizeof(v->where), "steps[%u].hold", i);
			if (!st->hold.value)
				return vfail(v, "HOLD_LOOP needs .value >= 1");
			reps = st->hold.value;
		}
		for (op = st->ops, j = 0; op->kind != OP_END; op++, j++) {
			snprintf(v->where, sizeof(v->where),
				 "steps[%u].ops[%u] (%s)", i, j,
				 sc_op_name(op->kind));
			ret = check_op(v, op, reps);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int check_cgroups(struct vctx *v)
{
	const struct ktstr_cgroup_def *def;
	int ret;

	for (def = v->test->cgroups; def && def->name; def++) {
		unsigned int count = def->workers ? def->workers :
				     sc_default_workers(v->test);

		snprintf(v->where, sizeof(v->where), "cgroup '%s'", def->name);
		if (names_has(&v->names, def->name))
			return vfail(v, "declared twice");
		ret = check_name(v, def->name, true);
		if (ret)
			return ret;
		if (def->work >= WORK_NR)
			return vfail(v, "unknown work type %d", def->work);
		if (!valid_policy(def->policy))
			return vfail(v, "policy %d is not SCHED_OTHER, SCHED_BATCH, SCHED_IDLE or SCHED_EXT",
				     def->policy);
		if (def->nice < -20 || def->nice > 19)
			return vfail(v, "nice %d outside -20..19", def->nice);
		ret = check_work_args(v, def);
		if (ret)
			return ret;
		/* These messages name the cgroup themselves. */
		v->where[0] = '\0';
		ret = check_spec(v, def->name, def->cpuset);
		if (!ret)
			ret = check_spec(v, def->name, def->cpuset);
		if (!ret)
			ret = check_count(v, def->name,
					  sc_work_type(v->test, def->work),
					  count, 1);
		if (ret)
			return ret;
	}
	return 0;
}

int ktstr_scenario_validate(const struct ktstr_test *test,
			    const struct ktstr_topo *topo,
			    char *why, size_t whylen)
{
	struct vctx v = {
		.test = test,
		.topo = topo,
		.err = why,
		.len = whylen,
	};
	int ret;

	ret = check_cgroups(&v);
	if (!ret)
		ret = check_steps(&v);
	if (ret)
		return ret;
	v.where[0] = '\0';
	if (!v.names.nr)
		return vfail(&v, "declares no cgroups");
	ret = check_tool_bounds(&v);
	if (ret)
		return ret;
	if (v.workers > KTSTR_SC_MAX_WORKERS)
		return vfail(&v, "starts up to %lu workers, more than %d",
			     v.workers, KTSTR_SC_MAX_WORKERS);
	return 0;
}
