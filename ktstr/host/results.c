// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "host/results.h"
#include "host/suite.h"
#include "host/util.h"

/* Absolute, so the paths in TAP and JSON work from any directory. */
static int absolute(char *path, size_t len)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		return -errno;
	if (snprintf(path, len, "%s", real) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int ktstr_results_dir(const char *requested, char *out, size_t len)
{
	char stamp[32];
	struct tm tm;
	time_t now;
	int i, err;

	if (requested) {
		if (snprintf(out, len, "%s", requested) >= (int)len)
			return -ENAMETOOLONG;
		err = ktstr_mkdir_p(out, 0755);
		return err ?: absolute(out, len);
	}
	err = ktstr_mkdir_p("ktstr-results", 0755);
	if (err)
		return err;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* Two runs in the same second get their own directories. */
	for (i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(out, len, "ktstr-results/%s", stamp);
		else
			snprintf(out, len, "ktstr-results/%s-%d", stamp, i);
		if (!mkdir(out, 0755))
			return absolute(out, len);
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int ktstr_json_add(struct json_object *obj, const char *key,
		   struct json_object *val)
{
	if (!val)
		return -ENOMEM;
	return json_object_object_add(obj, key, val) ? -ENOMEM : 0;
}

/* Milliseconds are plenty; json-c would print 17 digits. */
struct json_object *ktstr_json_seconds(double s)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.3f", s);
	return json_object_new_double_s(s, buf);
}

struct json_object *ktstr_result_json(const struct ktstr_run_cfg *cfg,
				      const struct ktstr_test_run *run)
{
	struct json_object *obj = json_object_new_object();
	const struct ktstr_verdict *v = &run->verdict;
	char how[96];
	int err;

	if (!obj)
		return NULL;
	ktstr_vm_exit_describe(&run->exit, how, sizeof(how));
	err = ktstr_json_add(obj, "test", json_object_new_string(run->spec->name)) ?:
	      ktstr_json_add(obj, "status",
		  json_object_new_string(ktstr_status_name(v->status))) ?:
	      ktstr_json_add(obj, "reason", json_object_new_string(v->reason)) ?:
	      ktstr_json_add(obj, "infrastructure", json_object_new_boolean(v->infra)) ?:
	      ktstr_json_add(obj, "duration_s", ktstr_json_seconds(run->exit.duration_s)) ?:
	      ktstr_json_add(obj, "stage", json_object_new_string(run->ch.stage)) ?:
	      ktstr_json_add(obj, "accel",
		  json_object_new_string(ktstr_accel_name(cfg->accel))) ?:
	      ktstr_json_add(obj, "boots", json_object_new_int(run->attempts)) ?:
	      ktstr_json_add(obj, "timed_out",
		  json_object_new_boolean(run->exit.timed_out)) ?:
	      ktstr_json_add(obj, "vm_exit", json_object_new_string(how)) ?:
	      ktstr_json_add(obj, "kernel", json_object_new_string(cfg->kernel)) ?:
	      ktstr_json_add(obj, "console_log",
		  json_object_new_string(run->console_path)) ?:
	      ktstr_json_add(obj, "channel_log",
		  json_object_new_string(run->channel_path));
	/* The spec and the guest's result are shared, not copied. */
	if (!err && run->spec->json)
		err = ktstr_json_add(obj, "spec", json_object_get(run->spec->json));
	if (!err && run->ch.result)
		err = ktstr_json_add(obj, "result", json_object_get(run->ch.result));
	if (err) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

int ktstr_json_write(const char *path, struct json_object *obj)
{
	const char *text;
	size_t len;
	char *buf;
	int err;

	text = json_object_to_json_string_length(obj,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE,
			&len);
	if (!text)
		return -ENOMEM;
	/* A trailing newline, so the file is a proper text file. */
	if (asprintf(&buf, "%s\n", text) < 0)
		return -ENOMEM;
	err = ktstr_write_atomic(path, buf, len + 1);
	free(buf);
	return err;
}
