// SPDX-License-Identifier: GPL-2.0
/*
 * The failure dump (repro_dump.h): the map records of the probe payload
 * walked as json-c trees, and the dump's CPU states, as text. Values sent
 * with an "@hint" (docs/probe-payload.md) are decoded here, with the
 * decoders the event chain uses (repro_decode.h). The same as JSON is
 * repro_dump_json.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "host/jsonc.h"
#include "host/repro/repro_decode.h"
#include "host/repro/repro_dump.h"
#include "host/repro/repro_dump_internal.h"
#include "host/repro/repro_payload.h"

#define TEXT_LEN	192	/* a value shown on its label's line */
#define MAX_DEPTH	24	/* nesting shown */
#define DUMP_INDENT	2

/* --- CPU states ------------------------------------------------------ */

int repro_dump_cpus_read(struct ktstr_text dump, struct ktstr_text log,
			 struct repro_dump_cpus *c)
{
	struct ktstr_text t = dump;
	struct scx_dump_block b;
	int nr = -ENOENT;

	memset(c, 0, sizeof(*c));
	if (t.s && t.len) {
		nr = scx_dump_cpus(t, NULL, 0);
		c->source = "sched_ext dump";
	}
	if (nr < 0 && log.s && log.len && !scx_dump_block_find(log, &b)) {
		t = b.body;
		nr = scx_dump_cpus(t, NULL, 0);
		c->source = "scheduler log";
	}
	if (nr <= 0) {
		c->source = NULL;
		return 0;
	}
	c->total = nr;
	c->n = c->total < REPRO_DUMP_MAX_CPUS ? c->total : REPRO_DUMP_MAX_CPUS;
	c->v = calloc(c->n, sizeof(*c->v));
	if (!c->v) {
		memset(c, 0, sizeof(*c));
		return -ENOMEM;
	}
	scx_dump_cpus(t, c->v, c->n);
	return 0;
}

void repro_dump_cpus_free(struct repro_dump_cpus *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

bool repro_failure_dump_any(const struct repro_payload *p,
			    const struct repro_dump_cpus *c)
{
	return p->nr_maps || p->maps_summary || (c && c->n);
}

/* --- values as text -------------------------------------------------- */

/* The "@hint" of an annotated value, or NULL for any other value. */
const char *repro_dump_hint_of(json_object *v)
{
	json_object *h;

	if (!json_object_is_type(v, json_type_object))
		return NULL;
	h = jsonc_get(v, "@hint", json_type_string);
	return h ? json_object_get_string(h) : NULL;
}

static const char *plain(json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* A DSQ id's name or a CPU mask's list, from the hex the guest sent. */
bool repro_dump_decode_hint(json_object *v, const char *hint, char *buf,
			    size_t size)
{
	const char *s = jsonc_str(v, "v", NULL);
	uint64_t id;

	if (!strcmp(hint, "dsq_id") && jsonc_u64(v, "v", &id)) {
		repro_dsq_name(id, buf, size);
		return true;
	}
	if (!strcmp(hint, "cpumask") && s &&
	    repro_cpumask_to_list(s, buf, size) != -EINVAL)
		return true;
	return false;
}

/* One line's worth of an annotated value; false for zeros and cuts. */
static bool hint_text(json_object *v, const char *hint, char *buf,
		      size_t size)
{
	json_object *n = jsonc_any(v, "v");
	const char *s;
	long len;

	if (repro_dump_decode_hint(v, hint, buf, size))
		return true;
	if (!strcmp(hint, "enum") && n) {
		s = jsonc_str(v, "name", NULL);
		if (s)
			snprintf(buf, size, "%s (%s)", s, plain(n));
		else
			snprintf(buf, size, "%s", plain(n));
		return true;
	}
	if (!strcmp(hint, "bytes")) {
		len = jsonc_num(v, "len", 0);
		s = jsonc_str(v, "hex", "");
		if (len)
			snprintf(buf, size, "<%ld bytes: %s...>", len, s);
		else
			snprintf(buf, size, "<bytes %s>", s);
		return true;
	}
	if (!strcmp(hint, "string") && n) {
		snprintf(buf, size, "%s... (%ld bytes)", plain(n),
			 jsonc_num(v, "len", 0));
		return true;
	}
	if (n && (!strcmp(hint, "dsq_id") || !strcmp(hint, "cpumask"))) {
		snprintf(buf, size, "%s", plain(n));	/* undecodable */
		return true;
	}
	return false;
}

/* @v on one line: a scalar or an annotated one. */
static bool scalar_text(json_object *v, char *buf, size_t size)
{
	const char *hint;

	switch (json_object_get_type(v)) {
	case json_type_array:
		return false;
	case json_type_object:
		hint = repro_dump_hint_of(v);
		return hint && hint_text(v, hint, buf, size);
	default:
		snprintf(buf, size, "%s", plain(v));
		return true;
	}
}

/* "[0, 0, 5, (298 zeros), 2]" when every element fits on one line. */
static bool inline_array(json_object *a, char *buf, size_t size)
{
	size_t i, n = json_object_array_length(a), len = 0;
	char item[TEXT_LEN];

	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *hint = repro_dump_hint_of(e);

		long run = hint ? jsonc_num(e, "n", 0) : 0;

		if (hint && !strcmp(hint, "zeros") && run > 0)
			snprintf(item, sizeof(item), "(%ld zeros)", run);
		else if (hint && !strcmp(hint, "cut") && run > 0)
			snprintf(item, sizeof(item), "... (%ld more)", run);
		else if (hint && (!strcmp(hint, "zeros") ||
				  !strcmp(hint, "cut")))
			snprintf(item, sizeof(item), "%s", plain(e));
		else if (!scalar_text(e, item, sizeof(item)))
			return false;
		len += snprintf(buf + len, size - len, "%s%s", i ? ", " : "[",
				item);
		if (len >= size)
			return false;
	}
	len += snprintf(buf + len, size - len, "%s", n ? "]" : "[]");
	return len < size;
}

static void print_value(FILE *out, int indent, const char *label,
			json_object *v, int depth);

/*
 * Elements of an array (@cpus: the values of a percpu map) labelled by
 * their index: a run of zeros is one line, a cut says how many are left.
 */
static void print_elements(FILE *out, int indent, json_object *a,
			   bool cpus, int depth)
{
	size_t i, n = json_object_array_length(a), idx = 0;
	char label[48];
	long run;

	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		const char *hint = repro_dump_hint_of(e);

		run = hint ? jsonc_num(e, "n", 0) : 0;
		if (hint && !strcmp(hint, "zeros") && run > 0) {
			fprintf(out, "%*s%s%zu-%zu%s: all zero\n", indent, "",
				cpus ? "cpu " : "[", idx, idx + run - 1,
				cpus ? "" : "]");
			idx += run;
			continue;
		}
		if (hint && !strcmp(hint, "cut") && run > 0) {
			fprintf(out, "%*s[... %ld more]\n", indent, "", run);
			idx += run;
			continue;
		}
		snprintf(label, sizeof(label), cpus ? "cpu %zu" : "[%zu]", idx);
		print_value(out, indent, label, e, depth);
		idx++;
	}
}

static void print_members(FILE *out, int indent, json_object *o, int depth)
{
	bool any = false;

	json_object_object_foreach(o, k, v) {
		any = true;
		if (!strcmp(k, "@cut"))
			fprintf(out, "%*s[... %s more]\n", indent, "", plain(v));
		else
			print_value(out, indent, k, v, depth);
	}
	if (!any)
		fprintf(out, "%*s(empty)\n", indent, "");
}

static void print_value(FILE *out, int indent, const char *label,
			json_object *v, int depth)
{
	char text[TEXT_LEN];

	if (scalar_text(v, text, sizeof(text)) ||
	    (json_object_is_type(v, json_type_array) &&
	     inline_array(v, text, sizeof(text)))) {
		fprintf(out, "%*s%s = %s\n", indent, "", label, text);
		return;
	}
	fprintf(out, "%*s%s:\n", indent, "", label);
	if (depth >= MAX_DEPTH)
		fprintf(out, "%*s(nested too deep)\n", indent + DUMP_INDENT, "");
	else if (json_object_is_type(v, json_type_array))
		print_elements(out, indent + DUMP_INDENT, v, false, depth + 1);
	else
		print_members(out, indent + DUMP_INDENT, v, depth + 1);
}

/* --- maps ------------------------------------------------------------ */

static void print_entry(FILE *out, json_object *e, bool global, bool percpu)
{
	json_object *key = jsonc_any(e, "key");
	json_object *v = jsonc_any(e, percpu ? "values" : "value");
	char k[TEXT_LEN], label[TEXT_LEN + 2];

	if (!v)
		return;
	if (global && json_object_is_type(v, json_type_object) &&
	    !repro_dump_hint_of(v)) {
		print_members(out, 2 * DUMP_INDENT, v, 1);
		return;
	}
	if (!key || !scalar_text(key, k, sizeof(k)))
		snprintf(k, sizeof(k), "%s", key ? plain(key) : "?");
	snprintf(label, sizeof(label), "[%s]", k);
	if (percpu && json_object_is_type(v, json_type_array)) {
		fprintf(out, "%*s%s:\n", 2 * DUMP_INDENT, "", label);
		print_elements(out, 3 * DUMP_INDENT, v, true, 2);
		return;
	}
	print_value(out, 2 * DUMP_INDENT, label, v, 1);
}

static void print_map(FILE *out, const struct repro_map *m)
{
	json_object *o = m->obj;
	json_object *entries = jsonc_get(o, "entries", json_type_array);
	size_t i, n = entries ? json_object_array_length(entries) : 0;
	bool global = jsonc_bool(o, "global_data", false);
	bool percpu = jsonc_get(o, "nr_cpus", json_type_int) != NULL;
	long left = jsonc_num(o, "left_out", 0);
	long zero = jsonc_num(o, "zero_entries", 0);
	const char *err = jsonc_str(o, "error", NULL);

	fprintf(out, "%*s%s (%s", DUMP_INDENT, "", m->name,
		m->map_type ? m->map_type : "?");
	if (global)
		fprintf(out, ", global data");
	if (percpu)
		fprintf(out, ", %ld CPUs", jsonc_num(o, "nr_cpus", 0));
	if (!global)
		fprintf(out, ", %zu entr%s shown", n, n == 1 ? "y" : "ies");
	if (zero > 0)
		fprintf(out, ", %ld all zero", zero);
	if (!jsonc_bool(o, "btf", true))
		fprintf(out, ", no BTF");
	fprintf(out, ")");
	if (err) {
		fprintf(out, ": not read: %s\n", err);
		return;
	}
	fprintf(out, n ? ":\n" : ": nothing to show\n");
	for (i = 0; i < n; i++)
		print_entry(out, json_object_array_get_idx(entries, i), global,
			    percpu);
	if (left > 0)
		fprintf(out, "%*s[... %ld more entr%s]\n", 2 * DUMP_INDENT, "",
			left, left == 1 ? "y" : "ies");
	if (jsonc_bool(o, "more", false))
		fprintf(out, "%*s[... and more past the %ld looked at]\n",
			2 * DUMP_INDENT, "", jsonc_num(o, "scanned", 0));
}

/*
 * "not dumped: queue0, queue1 (queue); qmap_ops (struct_ops)": the maps
 * skipped for their type grouped by it, the others by why.
 */
static void print_skipped(FILE *out, json_object *skipped)
{
	size_t i, j, n = json_object_array_length(skipped);
	const char *sep = "";
	bool *done = calloc(n ? n : 1, sizeof(*done));

	if (!done)
		return;
	fprintf(out, "%*snot dumped: ", DUMP_INDENT, "");
	for (i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(skipped, i);
		const char *why = jsonc_str(s, "why", "?");
		bool by_type = !strcmp(why, "not scheduler state");
		const char *group = by_type ? jsonc_str(s, "map_type", "?") : why;

		if (done[i])
			continue;
		fprintf(out, "%s", sep);
		sep = "; ";
		for (j = i; j < n; j++) {
			json_object *t = json_object_array_get_idx(skipped, j);
			const char *tw = jsonc_str(t, "why", "?");
			const char *tg = !strcmp(tw, "not scheduler state") ?
					 jsonc_str(t, "map_type", "?") : tw;

			if (done[j] || strcmp(tg, group) || strcmp(tw, why))
				continue;
			done[j] = true;
			fprintf(out, "%s%s", j == i ? "" : ", ",
				*jsonc_str(t, "name", "") ?
				jsonc_str(t, "name", "") : "?");
		}
		fprintf(out, " (%s)", group);
	}
	fprintf(out, "\n");
	free(done);
}

static void print_summary(FILE *out, const struct repro_payload *p)
{
	json_object *s = p->maps_summary;
	json_object *skipped = jsonc_get(s, "skipped", json_type_array);
	long dropped = jsonc_num(s, "dropped", 0);
	long gone = jsonc_num(s, "progs_gone", 0);

	fprintf(out, "%*s%zu map%s of the scheduler", DUMP_INDENT, "",
		p->nr_maps, p->nr_maps == 1 ? "" : "s");
	if (s && jsonc_num(s, "held", (long)p->nr_maps) != (long)p->nr_maps)
		fprintf(out, " (of %ld held: the payload lost some)",
			jsonc_num(s, "held", 0));
	if (dropped > 0)
		fprintf(out, ", %ld more past the limit", dropped);
	if (gone > 0)
		fprintf(out, ", %ld of its programs already gone", gone);
	fprintf(out, "\n");
	if (skipped && json_object_array_length(skipped))
		print_skipped(out, skipped);
}

/* --- CPU states ------------------------------------------------------ */

/* "ext" for "ext_sched_class": the table is narrow. */
static void class_short(const char *cls, char *buf, size_t size)
{
	size_t n = strlen(cls);
	static const char suffix[] = "_sched_class";

	if (n > strlen(suffix) && !strcmp(cls + n - strlen(suffix), suffix))
		n -= strlen(suffix);
	snprintf(buf, size, "%.*s", (int)n, cls);
}

static void print_cpus(FILE *out, const struct repro_dump_cpus *c)
{
	char curr[SCX_EXIT_TASK_LEN + 16], cls[SCX_DUMP_VAL_LEN];
	char flags[24], nr_run[24];
	size_t i;
	unsigned int k;

	fprintf(out, "%*sCPU states (from the %s, %zu CPU%s):\n", DUMP_INDENT,
		"", c->source, c->total, c->total == 1 ? "" : "s");
	fprintf(out, "%*s%-5s %-6s %-7s %-20s %-6s %-5s %s\n",
		2 * DUMP_INDENT, "", "CPU", "nr_run", "flags", "curr",
		"class", "tasks", "other");
	for (i = 0; i < c->n; i++) {
		const struct scx_dump_cpu *d = &c->v[i];

		if (d->curr_pid >= 0)
			snprintf(curr, sizeof(curr), "%s[%d]", d->curr_comm,
				 d->curr_pid);
		else
			snprintf(curr, sizeof(curr), "?");
		class_short(d->curr_class[0] ? d->curr_class : "?", cls,
			    sizeof(cls));
		snprintf(nr_run, sizeof(nr_run), d->nr_run >= 0 ? "%ld" : "?",
			 d->nr_run);
		snprintf(flags, sizeof(flags), d->has_flags ? "0x%lx" : "?",
			 d->flags);
		fprintf(out, "%*s%-5d %-6s %-7s %-20s %-6s %-5u", 2 * DUMP_INDENT,
			"", d->cpu, nr_run, flags, curr, cls, d->all_tasks);
		for (k = 0; k < d->nr_kv; k++)
			fprintf(out, " %s=%s", d->kv[k].key, d->kv[k].val);
		fprintf(out, "\n");
	}
	if (c->total > c->n)
		fprintf(out, "%*s[... %zu more CPUs]\n", 2 * DUMP_INDENT, "",
			c->total - c->n);
}

static void render_all(FILE *out, const struct repro_payload *p,
		       const struct repro_dump_cpus *c)
{
	size_t i;

	fprintf(out, "repro failure dump (the scheduler's state at the exit):\n");
	if (p->maps_summary || p->nr_maps)
		print_summary(out, p);
	else
		fprintf(out, "%*sno scheduler maps in the payload\n",
			DUMP_INDENT, "");
	for (i = 0; i < p->nr_maps; i++)
		print_map(out, &p->maps[i]);
	if (c && c->n)
		print_cpus(out, c);
	else
		fprintf(out, "%*sCPU states: none in the sched_ext dump\n",
			DUMP_INDENT, "");
}

int repro_render_failure_dump(FILE *out, const struct repro_payload *p,
			      const struct repro_dump_cpus *c,
			      size_t max_lines, const char *file)
{
	size_t len = 0, lines = 0, i;
	char *text = NULL;
	FILE *f;

	if (!repro_failure_dump_any(p, c))
		return 0;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	render_all(f, p, c);
	if (fclose(f)) {
		free(text);
		return -ENOMEM;
	}
	for (i = 0; i < len; i++) {
		if (max_lines && lines == max_lines)
			break;
		if (text[i] == '\n')
			lines++;
	}
	fwrite(text, 1, i, out);
	if (i < len) {
		for (lines = 0; i < len; i++)
			lines += text[i] == '\n';
		fprintf(out, "%*s[... %zu more lines%s%s]\n", DUMP_INDENT, "",
			lines, file ? " in " : "", file ? file : "");
	}
	free(text);
	return 0;
}
