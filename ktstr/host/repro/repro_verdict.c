// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "common/scx_exit.h"
#include "host/repro/repro_verdict.h"

static void print_kind(FILE *out, const struct repro_outcome *o)
{
	const char *name = scx_exit_kind_name(o->exit_kind);

	fprintf(out, "exit kind %d%s%s", o->exit_kind, name ? " " : "",
		name ? name : "");
}

static void print_why(FILE *out, const struct repro_outcome *o)
{
	if (o->exit_reason && *o->exit_reason)
		fprintf(out, ": %s", o->exit_reason);
	if (o->exit_msg && *o->exit_msg)
		fprintf(out, " (%s)", o->exit_msg);
}

static bool outcome_is(const struct repro_outcome *o, const char *what)
{
	return o->sched_outcome && !strcmp(o->sched_outcome, what);
}

void repro_render_verdict(FILE *out, const struct repro_outcome *o)
{
	const char *stage = o->last_stage && *o->last_stage ?
			    o->last_stage : "none";
	const char *vm = o->vm_exit ? o->vm_exit : "?";

	if (!o->primary_reached_workload)
		fprintf(out, "%s\n", REPRO_WARN_NO_WORKLOAD);
	fprintf(out, "repro verdict: ");
	switch (o->end) {
	case REPRO_VM_NO_INIT:
		fprintf(out, "inconclusive: the repro VM never reached /init (%s)\n",
			vm);
		return;
	case REPRO_VM_TIMEOUT:
		fprintf(out, "not reproduced in time: the repro VM timed out after %.0f s (last stage: %s)\n",
			o->timeout_s, stage);
		return;
	case REPRO_VM_CRASHED:
		fprintf(out, "inconclusive: the repro VM's guest crashed before reporting (%s, last stage: %s)\n",
			vm, stage);
		return;
	default:
		break;
	}
	if (outcome_is(o, "load_failed") || outcome_is(o, "never_attached")) {
		fprintf(out, "inconclusive: the scheduler did not attach (%s)",
			o->sched_outcome);
		if (o->exit_reason || o->exit_msg)
			print_why(out, o);
		else if (o->result_reason)
			fprintf(out, ": %s", o->result_reason);
		fprintf(out, "\n");
	} else if (o->has_exit_kind && scx_exit_kind_is_error(o->exit_kind)) {
		fprintf(out, "reproduced: the scheduler died again, ");
		print_kind(out, o);
		print_why(out, o);
		fprintf(out, "; no probe data came back\n");
	} else if (o->has_exit_kind && o->exit_kind > 1) {
		fprintf(out, "not reproduced: the scheduler was unloaded, ");
		print_kind(out, o);
		print_why(out, o);
		fprintf(out, "\n");
	} else if (o->has_exit_code && o->exit_code) {
		fprintf(out, "not reproduced as such: the scheduler exited with code %d, without a sched_ext error\n",
			o->exit_code);
	} else if (outcome_is(o, "died")) {
		fprintf(out, "reproduced: the scheduler died again%s%s; no probe data came back\n",
			o->result_reason ? ": " : "",
			o->result_reason ? o->result_reason : "");
	} else {
		fprintf(out, "not reproduced: the scheduler ran clean through the test\n");
	}
}
