// SPDX-License-Identifier: GPL-2.0
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/scx_exit.h"
#include "host/repro/repro_policy.h"
#include "host/repro/repro_verdict.h"
#include "host/suite.h"
#include "host/util.h"

static struct json_object *get(struct json_object *obj, const char *key,
			       enum json_type type)
{
	struct json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

static const char *get_str(struct json_object *obj, const char *key)
{
	struct json_object *v = get(obj, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

static bool get_int(struct json_object *obj, const char *key, int *out)
{
	struct json_object *v = get(obj, key, json_type_int);

	if (v)
		*out = json_object_get_int(v);
	return v;
}

struct json_object *repro_result_sched(struct json_object *result)
{
	return get(result, "scheduler", json_type_object);
}

struct ktstr_text repro_result_log(struct json_object *result)
{
	const char *log = get_str(repro_result_sched(result), "log");

	return (struct ktstr_text){ log ? log : "", log ? strlen(log) : 0 };
}

int repro_primary_exit_kind(const struct repro_primary *pr)
{
	int kind;

	if (get_int(repro_result_sched(pr->result), "exit_kind", &kind))
		return kind;
	return repro_exit_kind_from_text(repro_result_log(pr->result),
					 pr->console);
}

bool repro_wanted(const struct repro_primary *pr, char *why, size_t len)
{
	struct json_object *sched = repro_result_sched(pr->result);
	const char *outcome = get_str(sched, "outcome");
	const char *name = pr->spec->scheduler;
	const char *no = NULL;

	if (!pr->failed)
		no = "the test did not fail";
	else if (pr->infra)
		no = "the VM never reached /init";
	else if (!name || !*name || !strcmp(name, "eevdf"))
		no = "the test runs no sched_ext scheduler";
	else if (!pr->spec->auto_repro)
		no = "the test sets auto_repro: false";
	else if (!(outcome && !strcmp(outcome, "died")) &&
		 !scx_exit_kind_is_error(repro_primary_exit_kind(pr)))
		no = "the failure is not a scheduler error or death";
	if (no && why)
		snprintf(why, len, "%s", no);
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
	const char *reason = get_str(result, "reason"), *p;
	char *end;
	long v;

	if (get_int(repro_result_sched(result), "exit_code", code))
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
	const char *dump = get_str(sched, "dump");

	o->sched_outcome = get_str(sched, "outcome");
	o->exit_reason = get_str(sched, "exit_reason");
	o->exit_msg = get_str(sched, "exit_msg");
	o->result_reason = get_str(result, "reason");
	o->has_exit_kind = get_int(sched, "exit_kind", &o->exit_kind);
	o->has_exit_code = exit_code(result, &o->exit_code);
	o->sched_log = repro_result_log(result);
	o->dump = (struct ktstr_text){ dump, dump ? strlen(dump) : 0 };
}

bool repro_stage_reached_workload(const char *stage)
{
	static const char *const later[] = { "workload", "checks", "done" };
	size_t i;

	for (i = 0; stage && i < ARRAY_SIZE(later); i++)
		if (!strcmp(stage, later[i]))
			return true;
	return false;
}
