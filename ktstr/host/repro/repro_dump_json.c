// SPDX-License-Identifier: GPL-2.0
/*
 * The failure dump as JSON (repro_dump.h): the map records as the guest
 * sent them, with DSQ ids and CPU masks decoded beside the values, and
 * the dump's CPU states; saved as <test>.repro.failure-dump.json.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "host/jsonc.h"
#include "host/repro/repro_dump.h"
#include "host/repro/repro_dump_internal.h"
#include "host/repro/repro_payload.h"

/* Add the decoded forms beside the values the guest sent. */
static int decode_tree(json_object *v, int depth)
{
	char buf[2400];
	const char *hint;
	size_t i;
	int err = 0;

	if (depth > 64)
		return 0;
	if (json_object_is_type(v, json_type_array)) {
		for (i = 0; i < json_object_array_length(v) && !err; i++)
			err = decode_tree(json_object_array_get_idx(v, i),
					  depth + 1);
		return err;
	}
	if (!json_object_is_type(v, json_type_object))
		return 0;
	hint = repro_dump_hint_of(v);
	if (hint) {
		if (repro_dump_decode_hint(v, hint, buf, sizeof(buf)))
			err = jsonc_add(v, !strcmp(hint, "dsq_id") ? "name" :
					"cpus", json_object_new_string(buf));
		return err;
	}
	json_object_object_foreach(v, k, m) {
		(void)k;
		err = decode_tree(m, depth + 1);
		if (err)
			break;
	}
	return err;
}

static json_object *kv_json(const struct scx_dump_kv *kv, unsigned int n)
{
	json_object *o = json_object_new_object();
	unsigned int i;

	for (i = 0; o && i < n; i++) {
		if (jsonc_add(o, kv[i].key, json_object_new_string(kv[i].val))) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}

static json_object *task_json(const struct scx_dump_task *t)
{
	json_object *o = json_object_new_object();
	char state[2] = { t->state, '\0' };

	if (!o)
		return NULL;
	if (jsonc_add(o, "curr", json_object_new_boolean(t->curr)) ||
	    jsonc_add(o, "state", json_object_new_string(state)) ||
	    jsonc_add(o, "comm", json_object_new_string(t->comm)) ||
	    jsonc_add(o, "pid", json_object_new_int(t->pid)) ||
	    jsonc_add(o, "rest", json_object_new_string(t->rest)) ||
	    jsonc_add(o, "fields", kv_json(t->kv, t->nr_kv))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *cpu_json(const struct scx_dump_cpu *d)
{
	json_object *o = json_object_new_object(), *tasks;
	char flags[24];
	unsigned int i;
	int err;

	if (!o)
		return NULL;
	snprintf(flags, sizeof(flags), "0x%lx", d->flags);
	err = jsonc_add(o, "cpu", json_object_new_int(d->cpu));
	if (!err && d->nr_run >= 0)
		err = jsonc_add(o, "nr_run", json_object_new_int64(d->nr_run));
	if (!err && d->has_flags)
		err = jsonc_add(o, "flags", json_object_new_string(flags));
	if (!err && d->curr_pid >= 0)
		err = jsonc_add(o, "curr_comm",
				json_object_new_string(d->curr_comm)) ?:
		      jsonc_add(o, "curr_pid", json_object_new_int(d->curr_pid));
	if (!err && d->curr_class[0])
		err = jsonc_add(o, "curr_class",
				json_object_new_string(d->curr_class));
	if (!err)
		err = jsonc_add(o, "fields", kv_json(d->kv, d->nr_kv));
	if (!err && d->ops[0])
		err = jsonc_add(o, "ops", json_object_new_string(d->ops));
	tasks = err ? NULL : json_object_new_array();
	for (i = 0; tasks && !err && i < d->nr_tasks; i++) {
		json_object *t = task_json(&d->tasks[i]);

		err = !t || json_object_array_add(tasks, t) ? -ENOMEM : 0;
		if (err)
			json_object_put(t);
	}
	if (!err)
		err = jsonc_add(o, "tasks", tasks) ?:
		      jsonc_add(o, "nr_tasks", json_object_new_int(d->all_tasks));
	else
		json_object_put(tasks);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int add_copy(json_object *arr, json_object *src)
{
	json_object *dst = NULL;

	if (json_object_deep_copy(src, &dst, NULL) || decode_tree(dst, 0) ||
	    json_object_array_add(arr, dst)) {
		json_object_put(dst);
		return -ENOMEM;
	}
	return 0;
}

struct json_object *repro_failure_dump_json(const struct repro_payload *p,
					    const struct repro_dump_cpus *c)
{
	json_object *o = json_object_new_object(), *maps = NULL, *cpus = NULL;
	json_object *sum = NULL;
	size_t i;
	int err;

	if (!o)
		return NULL;
	if (p->maps_summary &&
	    json_object_deep_copy(p->maps_summary, &sum, NULL))
		sum = NULL;
	/*
	 * Each taken by @o as soon as it is made: nothing leaks. A repro
	 * without probes (a stall) has no maps: "maps_summary" is JSON null,
	 * which json-c spells as a NULL value (jsonc_add() would call that
	 * out of memory).
	 */
	err = jsonc_add(o, "version", json_object_new_int(1)) ?:
	      (p->maps_summary ? jsonc_add(o, "maps_summary", sum) :
	       json_object_object_add(o, "maps_summary", NULL) ? -ENOMEM : 0) ?:
	      jsonc_add(o, "maps", maps = json_object_new_array()) ?:
	      jsonc_add(o, "cpus", cpus = json_object_new_array());
	for (i = 0; !err && i < p->nr_maps; i++)
		err = add_copy(maps, p->maps[i].obj);
	for (i = 0; !err && c && i < c->n; i++) {
		json_object *cj = cpu_json(&c->v[i]);

		err = !cj || json_object_array_add(cpus, cj) ? -ENOMEM : 0;
		if (err)
			json_object_put(cj);
	}
	if (!err)
		err = jsonc_add(o, "cpus_total", json_object_new_int64(
					c ? c->total : 0));
	if (!err && c && c->source)
		err = jsonc_add(o, "cpus_source",
				json_object_new_string(c->source));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int repro_failure_dump_save(const struct repro_payload *p,
			    const struct repro_dump_cpus *c, const char *dir,
			    const char *test, char *path, size_t size)
{
	json_object *o;
	int err;

	path[0] = '\0';
	if (!repro_failure_dump_any(p, c))
		return 0;
	if (snprintf(path, size, "%s/%s" REPRO_DUMP_SUFFIX, dir, test) >=
	    (int)size) {
		pr_err("repro: %s: results path too long", test);
		path[0] = '\0';
		return -ENAMETOOLONG;
	}
	o = repro_failure_dump_json(p, c);
	err = !o ? -ENOMEM :
	      jsonc_add(o, "test", json_object_new_string(test)) ?:
	      jsonc_write_file(path, o);
	json_object_put(o);
	if (err) {
		pr_err("repro: cannot write %s: %s", path, strerror(-err));
		path[0] = '\0';
	}
	return err;
}
