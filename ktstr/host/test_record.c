// SPDX-License-Identifier: GPL-2.0
#include "host/jsonc.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"
#include "host/test_record.h"

/* Which binary exactly ran, for `ktstr run --scheduler` / --profiles. */
static struct json_object *variant_record(const struct ktstr_sched_variant *v)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *libs = json_object_new_array();
	const struct ktstr_sched_closure *c = v->closure;
	size_t i;
	int err;

	if (!obj || !libs) {
		json_object_put(obj);
		json_object_put(libs);
		return NULL;
	}
	for (i = 1; i < c->nr; i++)
		json_object_array_add(libs, json_object_new_string(
					      c->files[i].guest_path));
	err = jsonc_add(obj, "label", json_object_new_string(v->label)) ?:
	      jsonc_add(obj, "path", json_object_new_string(v->path)) ?:
	      jsonc_add(obj, "sha256", json_object_new_string(v->sha256)) ?:
	      jsonc_add(obj, "args", json_object_new_string(v->args)) ?:
	      jsonc_add(obj, "static", json_object_new_boolean(c->is_static)) ?:
	      jsonc_add(obj, "guest_files", libs);
	if (!err && v->profile_file)
		err = jsonc_add(obj, "profile_file",
				json_object_new_string(v->profile_file)) ?:
		      jsonc_add(obj, "profile",
				json_object_new_string(v->profile));
	if (err) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

struct json_object *ktstr_test_record(const struct ktstr_run_cfg *cfg,
				      const struct ktstr_test_run *run)
{
	struct json_object *obj = json_object_new_object();
	const struct ktstr_verdict *v = &run->verdict;
	const struct ktstr_target *tg = run->target;
	char how[96];
	int err;

	if (!obj)
		return NULL;
	ktstr_vm_exit_describe(&run->exit, how, sizeof(how));
	err = jsonc_add(obj, "test", json_object_new_string(run->spec->test)) ?:
	      jsonc_add(obj, "name", json_object_new_string(run->name)) ?:
	      jsonc_add(obj, "status",
		  json_object_new_string(ktstr_status_name(v->status))) ?:
	      jsonc_add(obj, "reason", json_object_new_string(v->reason)) ?:
	      jsonc_add(obj, "infrastructure", json_object_new_boolean(v->infra)) ?:
	      jsonc_add(obj, "duration_s", jsonc_seconds(run->exit.duration_s)) ?:
	      jsonc_add(obj, "stage", json_object_new_string(run->ch.stage)) ?:
	      jsonc_add(obj, "accel",
		  json_object_new_string(ktstr_accel_name(cfg->accel))) ?:
	      jsonc_add(obj, "boots", json_object_new_int(run->attempts)) ?:
	      jsonc_add(obj, "timed_out",
		  json_object_new_boolean(run->exit.timed_out)) ?:
	      jsonc_add(obj, "vm_exit", json_object_new_string(how)) ?:
	      jsonc_add(obj, "kernel", json_object_new_string(tg->kernel.boot)) ?:
	      jsonc_add(obj, "kernel_release", json_object_new_string(tg->label)) ?:
	      jsonc_add(obj, "bpf_compiler", json_object_new_string(tg->set.clang)) ?:
	      jsonc_add(obj, "bpf_compiler_version",
		  json_object_new_string(tg->set.clang_version)) ?:
	      jsonc_add(obj, "console_log",
		  json_object_new_string(run->console_path)) ?:
	      jsonc_add(obj, "channel_log",
		  json_object_new_string(run->channel_path));
	if (!err && run->spec->variant)
		err = jsonc_add(obj, "scheduler_binary",
				variant_record(run->spec->variant));
	/* The spec and the guest's result are shared, not copied. */
	if (!err && run->spec->json)
		err = jsonc_add(obj, "spec", json_object_get(run->spec->json));
	if (!err && run->ch.result)
		err = jsonc_add(obj, "result", json_object_get(run->ch.result));
	if (err) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}
