// SPDX-License-Identifier: GPL-2.0
/*
 * What a test's scenario declaration means where it leaves things out:
 * the defaults for a cgroup's work type and worker count, and the names
 * of its operations. Shared by the validator and the engine. Pure.
 */
#include <string.h>

#include "common/compiler.h"
#include "guest/registry.h"
#include "guest/scenario/scenario_internal.h"

static const char * const op_names[] = {
	[OP_END]		= "end",
	[OP_ADD_CGROUP]		= "add_cgroup",
	[OP_REMOVE_CGROUP]	= "remove_cgroup",
	[OP_SET_CPUSET]		= "set_cpuset",
	[OP_CLEAR_CPUSET]	= "clear_cpuset",
	[OP_SWAP_CPUSETS]	= "swap_cpusets",
	[OP_SPAWN]		= "spawn",
	[OP_STOP]		= "stop",
	[OP_MOVE_TASKS]		= "move_tasks",
	[OP_SET_AFFINITY]	= "set_affinity",
};

const char *sc_op_name(enum ktstr_op_kind kind)
{
	if ((unsigned int)kind < ARRAY_SIZE(op_names))
		return op_names[kind];
	return "unknown";
}

enum ktstr_work_type sc_work_type(const struct ktstr_test *test,
				  enum ktstr_work_type declared)
{
	if (declared != WORK_DEFAULT)
		return declared;
	return test->work != WORK_DEFAULT ? test->work : WORK_CPU_SPIN;
}

unsigned int sc_default_workers(const struct ktstr_test *test)
{
	return test->workers ? test->workers : KTSTR_DEFAULT_WORKERS;
}

const struct ktstr_cgroup_def *sc_find_def(const struct ktstr_test *test,
					   const char *name)
{
	const struct ktstr_cgroup_def *def;

	for (def = test->cgroups; def && def->name; def++)
		if (!strcmp(def->name, name))
			return def;
	return NULL;
}

/* The names an op may use so far: declared, then added by earlier ops. */
