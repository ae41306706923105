// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "common/protocol.h"
#include "host/jsonc.h"
#include "common/log.h"
#include "host/repro/repro_payload.h"
#include "host/util.h"

static void copy_comm(char *dst, json_object *obj, const char *key)
{
	json_object *v = jsonc_get(obj, key, json_type_string);

	if (v)
		snprintf(dst, REPRO_COMM_LEN, "%s", json_object_get_string(v));
}

/*
 * The elements of array field @key of type @type, each handed to @fill
 * with a zeroed slot of @size bytes in a calloc()ed array: what it keeps
 * (returns > 0) is counted in *nr, what it rejects (0) is reused. Elements
 * of other types are skipped, as a truncated or hand-edited payload may
 * have them.
 */
static int get_array(json_object *obj, const char *key, json_type type,
		     size_t size, void **out, size_t *nr,
		     int (*fill)(json_object *e, void *slot))
{
	json_object *arr = jsonc_get(obj, key, json_type_array);
	size_t i, n;
	int ret;

	*out = NULL;
	*nr = 0;
	n = arr ? json_object_array_length(arr) : 0;
	if (!n)
		return 0;
	*out = calloc(n, size);
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(e, type))
			continue;
		ret = fill(e, (char *)*out + *nr * size);
		if (ret < 0)
			return ret;
		*nr += ret;
	}
	return 0;
}

static int fill_string(json_object *e, void *slot)
{
	char **str = slot;

	*str = strdup(json_object_get_string(e));
	return *str ? 1 : -ENOMEM;
}

/* The string elements of an array field. */
static int get_strings(json_object *obj, const char *key, char ***out,
		       size_t *nr)
{
	return get_array(obj, key, json_type_string, sizeof(**out),
			 (void **)out, nr, fill_string);
}

static int fill_attach(json_object *e, void *slot)
{
	struct repro_attach *a = slot;

	a->name = jsonc_dup_text(e, "name");
	if (!a->name)
		return 0;
	a->kind = jsonc_dup_text(e, "kind");
	jsonc_int(e, "err", &a->err);
	jsonc_long(e, "events", &a->events);
	jsonc_long(e, "kept", &a->kept);
	return 1;
}

static int get_attach(json_object *obj, const char *key,
		      struct repro_attach **out, size_t *nr)
{
	return get_array(obj, key, json_type_object, sizeof(**out),
			 (void **)out, nr, fill_attach);
}

static void parse_task(json_object *obj, struct repro_task *t)
{
	if (jsonc_int(obj, "pid", &t->pid))
		t->has |= REPRO_TF_PID;
	if (jsonc_get(obj, "comm", json_type_string)) {
		copy_comm(t->comm, obj, "comm");
		t->has |= REPRO_TF_COMM;
	}
	t->cpus = jsonc_dup_text(obj, "cpus");
	if (t->cpus)
		t->has |= REPRO_TF_CPUS;
	if (jsonc_u64(obj, "dsq_id", &t->dsq_id))
		t->has |= REPRO_TF_DSQ;
	if (jsonc_u64(obj, "enq_flags", &t->enq_flags))
		t->has |= REPRO_TF_ENQ_FLAGS;
	if (jsonc_u64(obj, "scx_flags", &t->scx_flags))
		t->has |= REPRO_TF_SCX_FLAGS;
	if (jsonc_u64(obj, "slice", &t->slice))
		t->has |= REPRO_TF_SLICE;
	if (jsonc_u64(obj, "vtime", &t->vtime))
		t->has |= REPRO_TF_VTIME;
	if (jsonc_u64(obj, "weight", &t->weight))
		t->has |= REPRO_TF_WEIGHT;
}

static int fill_frame(json_object *e, void *slot)
{
	struct repro_frame *f = slot;

	f->has_ip = jsonc_u64(e, "ip", &f->ip);
	f->func = jsonc_dup_text(e, "func");
	f->src = jsonc_dup_text(e, "src");
	return 1;
}

static int parse_frames(json_object *obj, const char *key,
			struct repro_frame **out, size_t *nr)
{
	return get_array(obj, key, json_type_object, sizeof(**out),
			 (void **)out, nr, fill_frame);
}

static int parse_meta(json_object *obj, struct repro_meta *m)
{
	json_object *task;

	if (m->present)
		return 0;	/* the first one counts */
	m->present = true;
	jsonc_int(obj, "version", &m->version);
	m->kernel = jsonc_dup_text(obj, "kernel");
	m->trigger = jsonc_dup_text(obj, "trigger");
	m->trigger_fired = jsonc_bool(obj, "trigger_fired", false);
	m->has_exit_kind = jsonc_int(obj, "exit_kind", &m->exit_kind);
	m->has_trigger_pid = jsonc_int(obj, "trigger_pid", &m->trigger_pid);
	m->has_trigger_cpu = jsonc_int(obj, "trigger_cpu", &m->trigger_cpu);
	copy_comm(m->trigger_comm, obj, "trigger_comm");
	m->stitch = jsonc_dup_text(obj, "stitch");
	task = jsonc_get(obj, "trigger_task", json_type_object);
	if (task) {
		parse_task(task, &m->trigger_task);
		m->has_trigger_task = m->trigger_task.has & REPRO_TF_PID;
	}
	return parse_frames(obj, "trigger_stack", &m->stack, &m->nr_stack);
}

static int parse_diag(json_object *obj, struct repro_diag *d)
{
	json_object *bpf;
	int err;

	if (d->present)
		return 0;
	d->present = true;
	jsonc_long(obj, "extracted", &d->extracted);
	err = get_strings(obj, "traceable", &d->traceable, &d->nr_traceable);
	if (!err)
		err = get_strings(obj, "dropped", &d->dropped, &d->nr_dropped);
	if (!err)
		err = get_strings(obj, "discovered", &d->discovered,
				  &d->nr_discovered);
	if (!err)
		err = get_attach(obj, "attached", &d->attached,
				 &d->nr_attached);
	if (!err)
		err = get_attach(obj, "failed", &d->failed, &d->nr_failed);
	jsonc_long(obj, "targets", &d->targets);
	jsonc_int(obj, "trigger_attach_err", &d->trigger_attach_err);
	jsonc_long(obj, "captured", &d->captured);
	jsonc_long(obj, "lost", &d->lost);
	jsonc_long(obj, "after_stitch", &d->after_stitch);
	d->has_emitted = jsonc_long(obj, "emitted", &d->emitted);
	d->collector_error = jsonc_dup_text(obj, "collector_error");
	bpf = jsonc_get(obj, "bpf", json_type_object);
	if (bpf) {
		d->has_bpf = true;
		jsonc_long(bpf, "probe_fires", &d->probe_fires);
		jsonc_long(bpf, "trigger_fires", &d->trigger_fires);
		jsonc_long(bpf, "ringbuf_drops", &d->ringbuf_drops);
		d->has_last_exit_kind = jsonc_int(bpf, "last_exit_kind",
						&d->last_exit_kind);
	}
	return err;
}

static enum repro_probe_kind probe_kind(const char *s)
{
	if (!s)
		return REPRO_PROBE_UNKNOWN;
	if (!strcmp(s, "kprobe"))
		return REPRO_PROBE_KPROBE;
	if (!strcmp(s, "fentry"))
		return REPRO_PROBE_FENTRY;
	if (!strcmp(s, "fexit"))
		return REPRO_PROBE_FEXIT;
	return REPRO_PROBE_UNKNOWN;
}

static void free_frames(struct repro_frame *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].func);
		free(f[i].src);
	}
	free(f);
}

static void free_event(struct repro_event *e)
{
	size_t i;

	for (i = 0; i < e->nr_args; i++) {
		free(e->args[i].name);
		free(e->args[i].type);
		free(e->args[i].value);
	}
	free(e->args);
	free(e->func);
	free(e->src);
	free(e->task.cpus);
	free(e->ret);
	free_frames(e->stack, e->nr_stack);
}

static int parse_args(json_object *obj, struct repro_event *e)
{
	json_object *arr = jsonc_get(obj, "args", json_type_array);
	size_t i, n;

	if (!arr)
		return 0;
	n = json_object_array_length(arr);
	if (!n)
		return 0;
	e->args = calloc(n, sizeof(*e->args));
	if (!e->args)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(arr, i);
		struct repro_arg *arg = &e->args[e->nr_args];

		if (!json_object_is_type(a, json_type_object))
			continue;
		arg->name = jsonc_dup_text(a, "name");
		arg->type = jsonc_dup_text(a, "type");
		arg->value = jsonc_dup_text(a, "value");
		e->nr_args++;
	}
	return 0;
}

/* Returns 1 for an event without a function (a bad line), 0, -ENOMEM. */
static int parse_event(json_object *obj, struct repro_event *e)
{
	json_object *task, *kind;
	uint64_t ts;

	memset(e, 0, sizeof(*e));
	e->func = jsonc_dup_text(obj, "func");
	if (!e->func)
		return 1;
	if (jsonc_u64(obj, "ts_ns", &ts))
		e->ts_ns = ts;
	e->cpu = -1;
	jsonc_int(obj, "cpu", &e->cpu);
	jsonc_int(obj, "pid", &e->pid);
	copy_comm(e->comm, obj, "comm");
	kind = jsonc_get(obj, "kind", json_type_string);
	e->kind = probe_kind(kind ? json_object_get_string(kind) : NULL);
	e->bpf = jsonc_bool(obj, "bpf", false);
	e->src = jsonc_dup_text(obj, "src");
	e->has_ip = jsonc_u64(obj, "ip", &e->ip);
	task = jsonc_get(obj, "task", json_type_object);
	if (task) {
		e->has_task = true;
		parse_task(task, &e->task);
	}
	e->has_rq_cpu = jsonc_int(obj, "rq_cpu", &e->rq_cpu);
	e->ret = jsonc_dup_text(obj, "ret");
	return parse_args(obj, e) ?:
	       parse_frames(obj, "stack", &e->stack, &e->nr_stack);
}

static int add_event(struct repro_payload *p, json_object *obj,
		     size_t *cap)
{
	struct repro_event *tmp;
	int ret;

	if (p->nr_events == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;

		tmp = realloc(p->events, ncap * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		p->events = tmp;
		*cap = ncap;
	}
	ret = parse_event(obj, &p->events[p->nr_events]);
	if (ret) {
		free_event(&p->events[p->nr_events]);
		return ret;
	}
	p->nr_events++;
	return 0;
}

/*
 * One complete line: a JSON object and nothing after it but spaces.
 * Returns the object (put it) or NULL for a line that is not one.
 */
static json_object *parse_line(json_tokener *tok, const char *line,
			       size_t len)
{
	json_object *obj;
	size_t end;

	/* json-c stops at a NUL; a NUL in a record is corruption anyway. */
	if (!len || len > INT_MAX || memchr(line, '\0', len))
		return NULL;
	json_tokener_reset(tok);
	obj = json_tokener_parse_ex(tok, line, len);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(obj);
		return NULL;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++) {
		if (line[end] != ' ' && line[end] != '\t') {
			json_object_put(obj);
			return NULL;
		}
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* The first "maps" record (what the guest held and skipped). */
static int parse_maps(struct repro_payload *p, json_object *obj)
{
	if (!p->maps_summary)
		p->maps_summary = json_object_get(obj);
	return 0;
}

/*
 * A "map" record is kept whole, for the failure dump's renderer and
 * file; it needs a name. Returns 1 for one without (a bad line).
 */
static int parse_map(struct repro_payload *p, json_object *obj)
{
	struct repro_map *tmp, *m;
	char *name = jsonc_dup_text(obj, "name");

	if (!name || !jsonc_get(obj, "entries", json_type_array)) {
		free(name);
		return 1;
	}
	if (p->nr_maps == REPRO_MAX_MAPS) {
		free(name);
		return 0;
	}
	tmp = realloc(p->maps, (p->nr_maps + 1) * sizeof(*tmp));
	if (!tmp) {
		free(name);
		return -ENOMEM;
	}
	p->maps = tmp;
	m = &p->maps[p->nr_maps++];
	m->name = name;
	m->map_type = jsonc_dup_text(obj, "map_type");
	m->obj = json_object_get(obj);
	return 0;
}

static int parse_record(struct repro_payload *p, json_object *obj,
			size_t *cap)
{
	json_object *type = jsonc_get(obj, "type", json_type_string);
	const char *t = type ? json_object_get_string(type) : "";
	int ret;

	if (!strcmp(t, "event"))
		ret = add_event(p, obj, cap);
	else if (!strcmp(t, "meta"))
		ret = parse_meta(obj, &p->meta);
	else if (!strcmp(t, "diag"))
		ret = parse_diag(obj, &p->diag);
	else if (!strcmp(t, "map"))
		ret = parse_map(p, obj);
	else if (!strcmp(t, "maps"))
		ret = parse_maps(p, obj);
	else
		ret = 1;
	if (ret > 0)
		p->nr_bad++;
	return ret < 0 ? ret : 0;
}

static bool is_line(const char *s, size_t len, const char *what)
{
	if (len && s[len - 1] == '\r')
		len--;
	return len == strlen(what) && !memcmp(s, what, len);
}

/* Offset of the line after the first "KTSTR-PROBE-BEGIN v1" line, or 0. */
static size_t find_begin(const char *buf, size_t len, size_t *marker)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);

		if (!nl)
			return 0;
		if (is_line(buf + pos, nl - (buf + pos), KTSTR_PROBE_BEGIN)) {
			*marker = pos;
			return nl + 1 - buf;
		}
		pos = nl + 1 - buf;
	}
	return 0;
}

int repro_payload_parse(const char *buf, size_t len, struct repro_payload *p)
{
	size_t pos, cap = 0;
	json_tokener *tok;
	int err = 0;

	memset(p, 0, sizeof(*p));
	pos = find_begin(buf, len, &p->raw_off);
	if (!pos)
		return 0;
	p->found = true;
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
	while (pos < len && !err) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n;
		json_object *obj;

		if (!nl) {
			/* cut mid-line: the part we have is not a record */
			p->cut_line = true;
			pos = len;
			break;
		}
		n = nl - line;
		pos += n + 1;
		if (is_line(line, n, KTSTR_PROBE_END)) {
			p->complete = true;
			break;
		}
		if (n && line[n - 1] == '\r')
			n--;
		if (!n)
			continue;
		p->nr_lines++;
		obj = parse_line(tok, line, n);
		if (!obj) {
			p->nr_bad++;
			continue;
		}
		err = parse_record(p, obj, &cap);
		json_object_put(obj);
	}
	json_tokener_free(tok);
	p->raw_len = pos - p->raw_off;
	if (err)
		repro_payload_free(p);
	return err;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_attach(struct repro_attach *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].kind);
	}
	free(v);
}

void repro_payload_free(struct repro_payload *p)
{
	size_t i;

	for (i = 0; i < p->nr_events; i++)
		free_event(&p->events[i]);
	free(p->events);
	free(p->meta.kernel);
	free(p->meta.trigger);
	free(p->meta.stitch);
	free(p->meta.trigger_task.cpus);
	free_frames(p->meta.stack, p->meta.nr_stack);
	free_strings(p->diag.traceable, p->diag.nr_traceable);
	free_strings(p->diag.dropped, p->diag.nr_dropped);
	free_strings(p->diag.discovered, p->diag.nr_discovered);
	free_attach(p->diag.attached, p->diag.nr_attached);
	free_attach(p->diag.failed, p->diag.nr_failed);
	free(p->diag.collector_error);
	for (i = 0; i < p->nr_maps; i++) {
		free(p->maps[i].name);
		free(p->maps[i].map_type);
		json_object_put(p->maps[i].obj);
	}
	free(p->maps);
	json_object_put(p->maps_summary);
	memset(p, 0, sizeof(*p));
}

int repro_payload_save_partial(const struct repro_payload *p,
			       const char *buf, const char *dir,
			       const char *test, char *path, size_t size)
{
	int err;

	path[0] = '\0';
	if (!p->found || p->complete)
		return 0;
	if (snprintf(path, size, "%s/%s" REPRO_PARTIAL_SUFFIX, dir, test) >=
	    (int)size) {
		pr_err("repro: %s: results path too long", test);
		path[0] = '\0';
		return -ENAMETOOLONG;
	}
	err = ktstr_write_atomic(path, buf + p->raw_off, p->raw_len);
	if (err) {
		pr_err("repro: cannot write %s: %s", path, strerror(-err));
		path[0] = '\0';
	}
	return err;
}

const char *repro_probe_kind_name(enum repro_probe_kind kind)
{
	switch (kind) {
	case REPRO_PROBE_KPROBE:
		return "kprobe";
	case REPRO_PROBE_FENTRY:
		return "fentry";
	case REPRO_PROBE_FEXIT:
		return "fexit";
	default:
		return "probe";
	}
}
