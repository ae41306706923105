// SPDX-License-Identifier: GPL-2.0
/*
 * The sched_ext dump (scx_exit.h): its lines out of sched_ext_dump trace
 * events, its DEBUG DUMP block in a scheduler log, its backtrace and its
 * "CPU states" section.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/scx_exit.h"
#include "common/scx_exit_internal.h"

static const char dump_event[] = "sched_ext_dump:";

bool scx_dump_event_line(struct ktstr_text line, struct ktstr_text *body)
{
	struct ktstr_text t = ktstr_text_skip_printk_time(line);
	const char *m;

	if (line.len && line.s[0] == '#')	/* the trace file's header */
		return false;
	if (ktstr_text_starts(t, dump_event)) {
		m = t.s;
	} else {
		/* "<task>-<pid> [cpu] flags ts: sched_ext_dump: " */
		m = ktstr_text_find(t, " sched_ext_dump:");
		if (!m)
			return false;
		m++;
	}
	m += strlen(dump_event);
	/* TP_printk("%s"): one space, then the line (maybe empty). */
	if (m < t.s + t.len && *m == ' ')
		m++;
	*body = (struct ktstr_text){ m, t.s + t.len - m };
	return true;
}

int scx_dump_from_events(struct ktstr_text t, char **out, size_t *len)
{
	struct ktstr_text rest = t, line, body;
	size_t size = 0, n = 0;
	int nr = 0;
	char *buf;

	while (ktstr_text_next_line(&rest, &line))
		if (scx_dump_event_line(line, &body))
			size += body.len + 1;
	*out = NULL;
	if (len)
		*len = 0;
	if (!size)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return -ENOMEM;
	rest = t;
	while (ktstr_text_next_line(&rest, &line)) {
		if (!scx_dump_event_line(line, &body))
			continue;
		memcpy(buf + n, body.s, body.len);
		n += body.len;
		buf[n++] = '\n';
		nr++;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return nr;
}

int scx_dump_block_find(struct ktstr_text log, struct scx_dump_block *b)
{
	struct ktstr_text rest = log, line, start = { 0 };
	const char *body, *end = log.s + log.len;
	bool found = false;

	while (ktstr_text_next_line(&rest, &line)) {
		if (ktstr_text_is(line, "DEBUG DUMP")) {
			start = line;
			found = true;
		}
	}
	if (!found)
		return -ENOENT;
	memset(b, 0, sizeof(*b));
	rest = (struct ktstr_text){ start.s, end - start.s };
	ktstr_text_next_line(&rest, &line);
	/* Skip the ruler and the blank line UEI_REPORT() puts after it. */
	body = rest.s;
	if (ktstr_text_next_line(&rest, &line) && ktstr_text_is_ruler(line))
		body = rest.s;
	else
		rest = (struct ktstr_text){ body, end - body };
	if (ktstr_text_next_line(&rest, &line) && !line.len)
		body = rest.s;
	rest = (struct ktstr_text){ body, end - body };
	while (rest.len) {
		const char *at = rest.s;

		ktstr_text_next_line(&rest, &line);
		if (!ktstr_text_is_ruler(line))
			continue;
		b->body = (struct ktstr_text){ body, at - body };
		/* UEI_REPORT() puts a blank line before the ruler too. */
		if (b->body.len >= 2 && b->body.s[b->body.len - 2] == '\n')
			b->body.len--;
		b->whole = (struct ktstr_text){ start.s, rest.s - start.s };
		b->closed = true;
		return 0;
	}
	b->body = (struct ktstr_text){ body, end - body };
	b->whole = (struct ktstr_text){ start.s, end - start.s };
	return 0;
}

bool scx_dump_backtrace(struct ktstr_text text, struct ktstr_text *frames)
{
	struct ktstr_text rest, line;
	struct scx_dump_block b;

	rest = text;
	if (!scx_dump_block_find(text, &b))
		rest = (struct ktstr_text){ b.whole.s,
					    text.s + text.len - b.whole.s };
	while (ktstr_text_next_line(&rest, &line)) {
		if (ktstr_text_is(line, "Backtrace:")) {
			*frames = rest;
			return true;
		}
	}
	return false;
}

/* --- the dump's "CPU states" ----------------------------------------- */

static const char cpu_states[] = "CPU states";
static const char curr_key[] = "curr=";
static const char class_key[] = " class=";

static bool text_eq(struct ktstr_text t, const char *s)
{
	return t.len == strlen(s) && !memcmp(t.s, s, t.len);
}

/* Leading blanks of @line. */
static size_t indent_of(struct ktstr_text line)
{
	size_t i = 0;

	while (i < line.len && line.s[i] == ' ')
		i++;
	return i;
}

static void kv_add(struct scx_dump_kv *kv, unsigned int *n, unsigned int max,
		   struct ktstr_text key, struct ktstr_text val)
{
	if (*n >= max)
		return;
	scx_exit_copy_n(kv[*n].key, sizeof(kv[*n].key), key.s, key.len);
	scx_exit_copy_n(kv[*n].val, sizeof(kv[*n].val), val.s, val.len);
	(*n)++;
}

/*
 * The next blank-separated word of @rest that is "key=value", split at
 * its first '='; words without one are skipped. False at the end.
 */
static bool next_kv(struct ktstr_text *rest, struct ktstr_text *key,
		    struct ktstr_text *val)
{
	while (rest->len) {
		const char *w, *eq;
		size_t n = 0;

		while (rest->len && rest->s[0] == ' ') {
			rest->s++;
			rest->len--;
		}
		w = rest->s;
		while (n < rest->len && w[n] != ' ')
			n++;
		rest->s += n;
		rest->len -= n;
		eq = n ? memchr(w, '=', n) : NULL;
		if (!eq || eq == w)
			continue;
		*key = (struct ktstr_text){ w, eq - w };
		*val = (struct ktstr_text){ eq + 1, w + n - eq - 1 };
		return true;
	}
	return false;
}

static void parse_kvs(struct ktstr_text t, struct scx_dump_kv *kv,
		      unsigned int *n, unsigned int max)
{
	struct ktstr_text key, val;

	while (next_kv(&t, &key, &val))
		kv_add(kv, n, max, key, val);
}

/* "CPU <N>   : <rest>": true with the CPU and the text after the colon. */
static bool parse_cpu_line(struct ktstr_text line, long *cpu,
			   struct ktstr_text *rest)
{
	struct ktstr_text t;
	size_t n;

	if (!ktstr_text_starts(line, "CPU "))
		return false;
	t = (struct ktstr_text){ line.s + 4, line.len - 4 };
	n = scx_exit_parse_num(t, cpu);
	if (!n)
		return false;
	while (n < t.len && t.s[n] == ' ')
		n++;
	if (n >= t.len || t.s[n] != ':')
		return false;
	n++;
	*rest = (struct ktstr_text){ t.s + n, t.len - n };
	return true;
}

/*
 * "<comm>[<pid>]" at the end of @t (a comm may hold anything, brackets
 * too: the pid is in the last pair). True with both copied.
 */
static bool parse_comm_pid(struct ktstr_text t, char *comm, size_t size,
			   int *pid)
{
	const char *open = NULL, *p;
	struct ktstr_text num;
	long v;

	if (t.len < 3 || t.s[t.len - 1] != ']')
		return false;
	for (p = t.s; p < t.s + t.len - 1; p++)
		if (*p == '[')
			open = p;
	if (!open)
		return false;
	num = (struct ktstr_text){ open + 1, t.s + t.len - 1 - (open + 1) };
	if (!num.len || scx_exit_parse_num(num, &v) != num.len)
		return false;
	scx_exit_copy_n(comm, size, t.s, open - t.s);
	*pid = v;
	return true;
}

/* "curr=<comm>[<pid>] class=<class>" (trimmed). */
static void parse_curr(struct ktstr_text t, struct scx_dump_cpu *c)
{
	const char *end = t.s + t.len, *cls = NULL, *p = t.s;
	struct ktstr_text task;

	while ((p = memmem(p, end - p, class_key, strlen(class_key)))) {
		cls = p;
		p++;
	}
	task.s = t.s + strlen(curr_key);
	task.len = (cls ? cls : end) - task.s;
	if (!parse_comm_pid(task, c->curr_comm, sizeof(c->curr_comm),
			    &c->curr_pid))
		c->curr_comm[0] = '\0';
	if (cls)
		scx_exit_copy_n(c->curr_class, sizeof(c->curr_class),
				cls + strlen(class_key),
				end - cls - strlen(class_key));
}

/* The CPU line's pairs: nr_run and flags have fields of their own. */
static void parse_cpu_kvs(struct ktstr_text t, struct scx_dump_cpu *c)
{
	struct ktstr_text key, val;
	char num[24];

	while (next_kv(&t, &key, &val)) {
		if (text_eq(key, "nr_run") || text_eq(key, "flags")) {
			char *e;
			unsigned long v;

			scx_exit_copy_n(num, sizeof(num), val.s, val.len);
			errno = 0;
			v = strtoul(num, &e, 0);
			if (!errno && e != num && !*e) {
				if (text_eq(key, "nr_run")) {
					c->nr_run = v;
				} else {
					c->flags = v;
					c->has_flags = true;
				}
				continue;
			}
		}
		kv_add(c->kv, &c->nr_kv, SCX_DUMP_CPU_KVS, key, val);
	}
}

/* "  cpus_to_kick   : <mask>": the kick masks of a CPU. */
static bool parse_mask_line(struct ktstr_text line, struct scx_dump_cpu *c)
{
	struct ktstr_text name, val;
	size_t i = 2, n;

	if (indent_of(line) != 2)
		return false;
	while (i < line.len && (islower((unsigned char)line.s[i]) ||
				line.s[i] == '_'))
		i++;
	name = (struct ktstr_text){ line.s + 2, i - 2 };
	while (i < line.len && line.s[i] == ' ')
		i++;
	if (!name.len || i + 2 > line.len || line.s[i] != ':' ||
	    line.s[i + 1] != ' ')
		return false;
	val = ktstr_text_trim((struct ktstr_text){ line.s + i + 2,
						   line.len - i - 2 });
	for (n = 0; n < val.len; n++)
		if (!isxdigit((unsigned char)val.s[n]) && val.s[n] != ',')
			return false;
	if (!val.len)
		return false;
	kv_add(c->kv, &c->nr_kv, SCX_DUMP_CPU_KVS, name, val);
	return true;
}

/*
 * " *R <comm>[<pid>] <rest>": the marker ('*' for the CPU's current
 * task), the state letter, then the task. The first "[<digits>]"
 * followed by a blank or the end closes the comm.
 */
static bool parse_task_line(struct ktstr_text line, struct scx_dump_task *t)
{
	const char *s = line.s + 4, *end = line.s + line.len, *p;

	if (line.len < 8 || line.s[0] != ' ' ||
	    (line.s[1] != '*' && line.s[1] != ' ') ||
	    !isalpha((unsigned char)line.s[2]) || line.s[3] != ' ')
		return false;
	for (p = s; p < end; p++) {
		struct ktstr_text task = { s, p + 1 - s };

		if (*p != ']' || (p + 1 < end && p[1] != ' '))
			continue;
		if (!parse_comm_pid(task, t->comm, sizeof(t->comm), &t->pid))
			continue;
		t->curr = line.s[1] == '*';
		t->state = line.s[2];
		p += p + 1 < end ? 2 : 1;
		scx_exit_copy_n(t->rest, sizeof(t->rest), p, end - p);
		return true;
	}
	return false;
}

static void ops_add(struct scx_dump_cpu *c, struct ktstr_text line)
{
	size_t len = strlen(c->ops);

	line = ktstr_text_trim(line);
	if (!line.len || len + 3 >= sizeof(c->ops))
		return;
	if (len) {
		memcpy(c->ops + len, "; ", 2);
		len += 2;
	}
	scx_exit_copy_n(c->ops + len, sizeof(c->ops) - len, line.s, line.len);
}

static void cpu_init(struct scx_dump_cpu *c, long cpu)
{
	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->nr_run = -1;
	c->curr_pid = -1;
}

/* Where each line of a CPU block is. */
enum cpu_part {
	CPU_HEADER,		/* the CPU's own lines */
	CPU_OPS,		/* ops.dump_cpu(), after a blank */
	CPU_TASK,		/* a task line and its fields */
	CPU_TASK_MORE,		/* its ops.dump_task() and backtrace */
};

/* One line inside a CPU block into @c (NULL: a block not kept). */
static void cpu_line(struct scx_dump_cpu *c, struct ktstr_text line,
		     enum cpu_part *part)
{
	struct scx_dump_task task = { 0 }, *t;
	size_t ind = indent_of(line);

	if (ind == line.len) {
		if (*part == CPU_HEADER)
			*part = CPU_OPS;
		else if (*part == CPU_TASK)
			*part = CPU_TASK_MORE;
		return;
	}
	if (parse_task_line(line, &task)) {
		*part = CPU_TASK;
		if (!c)
			return;
		c->all_tasks++;
		if (c->nr_tasks < SCX_DUMP_CPU_TASKS)
			c->tasks[c->nr_tasks++] = task;
		return;
	}
	if (!c)
		return;
	switch (*part) {
	case CPU_HEADER:
		line = ktstr_text_trim(line);
		if (ind >= 8 && ktstr_text_starts(line, curr_key))
			parse_curr(line, c);
		else if (ind >= 8)
			parse_kvs(line, c->kv, &c->nr_kv, SCX_DUMP_CPU_KVS);
		else
			parse_mask_line((struct ktstr_text){ line.s - ind,
							     line.len + ind },
					c);
		break;
	case CPU_OPS:
		if (!parse_mask_line(line, c) && ind == 2)
			ops_add(c, line);
		break;
	case CPU_TASK:
		/* the task's fields; kept only if the task was */
		if (ind < 6 || !c->nr_tasks || c->all_tasks != c->nr_tasks)
			break;
		t = &c->tasks[c->nr_tasks - 1];
		parse_kvs(line, t->kv, &t->nr_kv, SCX_DUMP_TASK_KVS);
		break;
	default:
		break;
	}
}

int scx_dump_cpus(struct ktstr_text dump, struct scx_dump_cpu *cpus,
		  size_t max)
{
	struct ktstr_text rest = dump, line, section = { NULL, 0 }, after;
	struct scx_dump_cpu *c = NULL;
	enum cpu_part part = CPU_HEADER;
	bool in_cpu = false;
	size_t nr = 0;
	long cpu;

	while (ktstr_text_next_line(&rest, &line))
		if (text_eq(line, cpu_states))
			section = rest;
	if (!section.s)
		return -ENOENT;
	rest = section;
	while (ktstr_text_next_line(&rest, &line)) {
		if (parse_cpu_line(line, &cpu, &after)) {
			c = nr < max ? &cpus[nr] : NULL;
			if (c) {
				cpu_init(c, cpu);
				parse_cpu_kvs(after, c);
			}
			nr++;
			in_cpu = true;
			part = CPU_HEADER;
			continue;
		}
		/* Anything else at the left margin ends the section. */
		if (line.len && line.s[0] != ' ') {
			if (!in_cpu && line.s[0] == '-')
				continue;	/* the underline */
			break;
		}
		if (in_cpu)
			cpu_line(c, line, &part);
	}
	return nr > INT_MAX ? INT_MAX : (int)nr;
}

const char *scx_dump_kv_get(const struct scx_dump_kv *kv, unsigned int n,
			    const char *key)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].val;
	return NULL;
}
