// SPDX-License-Identifier: GPL-2.0
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/protocol.h"
#include "common/scx_exit.h"
#include "host/jsonc.h"
#include "host/repro/repro_policy.h"
#include "host/repro/repro_verdict.h"
#include "host/suite.h"
#include "host/util.h"

struct json_object *repro_result_sched(struct json_object *result)
{
	return jsonc_get(result, "scheduler", json_type_object);
}

struct ktstr_text repro_result_log(struct json_object *result)
{
	const char *log = jsonc_str(repro_result_sched(result), "log", NULL);

	return (struct ktstr_text){ log ? log : "", log ? strlen(log) : 0 };
}

int repro_primary_exit_kind(const struct repro_primary *pr)
{
	int kind;

	if (jsonc_int(repro_result_sched(pr->result), "exit_kind", &kind))
		return kind;
	return repro_exit_kind_from_text(repro_result_log(pr->result),
					 pr->console);
}

bool repro_wanted(const struct repro_primary *pr, char *why, size_t whylen)
{
	struct json_object *sched = repro_result_sched(pr->result);
	const char *outcome = jsonc_str(sched, "outcome", NULL);
	const char *name = pr->spec->scheduler;
	const char *no = NULL;

	if (!pr->failed)
		no = "the test did not fail";
	else if (pr->infra)
		no = "the VM never reached /init";
	else if (!name || !*name || !strcmp(name, KTSTR_SCHED_EEVDF))
		no = "the test runs no sched_ext scheduler";
	else if (!pr->spec->auto_repro)
		no = "the test sets auto_repro: false";
	else if (!(outcome && !strcmp(outcome, "died")) &&
		 !scx_exit_kind_is_error(repro_primary_exit_kind(pr)))
		no = "the failure is not a scheduler error or death";
	if (no && why)
		snprintf(why, whylen, "%s", no);
	return !no;
}

/*
 * The scheduler process's exit code: the result's "exit_code" when the
 * guest sends one, else the "exit status N" its reason names when the
 * process exited without a sched_ext verdict.
 */
static bool exit_code(struct json_object *result, int *code)
{
	static const char key[] = "exit status ";
	const char *reason = jsonc_str(result, "reason", NULL), *p;
	char *end;
	long v;

	if (jsonc_int(repro_result_sched(result), "exit_code", code))
		return true;
	p = reason ? strstr(reason, key) : NULL;
	if (!p)
		return false;
	v = strtol(p + strlen(key), &end, 10);
	if (end == p + strlen(key) || v < 0 || v > 255)
		return false;
	*code = v;
	return true;
}

void repro_outcome_from_result(struct json_object *result,
			       struct repro_outcome *o)
{
	struct json_object *sched = repro_result_sched(result);
	const char *dump = jsonc_str(sched, "dump", NULL);

	o->sched_outcome = jsonc_str(sched, "outcome", NULL);
	o->exit_reason = jsonc_str(sched, "exit_reason", NULL);
	o->exit_msg = jsonc_str(sched, "exit_msg", NULL);
	o->result_reason = jsonc_str(result, "reason", NULL);
	o->has_exit_kind = jsonc_int(sched, "exit_kind", &o->exit_kind);
	o->has_exit_code = exit_code(result, &o->exit_code);
	o->sched_log = repro_result_log(result);
	o->dump = (struct ktstr_text){ dump, dump ? strlen(dump) : 0 };
}

bool repro_stage_reached_workload(const char *stage)
{
	return ktstr_stage_index(stage) >=
	       ktstr_stage_index(KTSTR_STAGE_WORKLOAD);
}
