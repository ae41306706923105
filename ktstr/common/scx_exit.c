// SPDX-License-Identifier: GPL-2.0
/*
 * A scheduler's exit as sched_ext prints it (scx_exit.h): the exit kinds,
 * the dump's trigger and "EXIT:" lines in a scheduler log and the
 * "disabled" lines of the kernel log. The dump itself is read by
 * scx_exit_dump.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/compiler.h"
#include "common/scx_exit.h"
#include "common/scx_exit_internal.h"

static const struct {
	int kind;
	const char *name;
	const char *reason;	/* scx_exit_reason(), NULL: none */
} exit_kinds[] = {
	{ SCX_EXIT_NONE,	"NONE",		NULL },
	{ SCX_EXIT_DONE,	"DONE",		NULL },
	{ SCX_EXIT_UNREG,	"UNREG",	"unregistered from user space" },
	{ SCX_EXIT_UNREG_BPF,	"UNREG_BPF",	"unregistered from BPF" },
	{ SCX_EXIT_UNREG_KERN,	"UNREG_KERN",
	  "unregistered from the main kernel" },
	{ SCX_EXIT_SYSRQ,	"SYSRQ",	"disabled by sysrq-S" },
	{ SCX_EXIT_PARENT,	"PARENT",	"parent exiting" },
	{ SCX_EXIT_PARENT_KILL,	"PARENT_KILL",	"killed by parent scheduler" },
	{ SCX_EXIT_ERROR,	"ERROR",	"runtime error" },
	{ SCX_EXIT_ERROR_BPF,	"ERROR_BPF",	"scx_bpf_error" },
	{ SCX_EXIT_ERROR_STALL,	"ERROR_STALL",	"runnable task stall" },
	{ SCX_EXIT_ERROR_REENQ,	"ERROR_REENQ",	"reenqueue limit" },
	{ SCX_EXIT_ERROR_RESCUE, "ERROR_RESCUE", "rescue bandwidth overload" },
};

static const char trigger_marker[] = " triggered exit kind ";
static const char on_cpu[] = " on CPU ";
static const char exit_prefix[] = "EXIT: ";
static const char disabled_head[] = "sched_ext: BPF ";
static const char disabled_tail[] = "\" disabled";

const char *scx_exit_kind_name(int kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exit_kinds); i++)
		if (exit_kinds[i].kind == kind)
			return exit_kinds[i].name;
	return NULL;
}

const char *scx_exit_kind_reason(int kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exit_kinds); i++)
		if (exit_kinds[i].kind == kind)
			return exit_kinds[i].reason;
	return NULL;
}

int scx_exit_kind_by_reason(struct ktstr_text reason)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exit_kinds); i++) {
		const char *r = exit_kinds[i].reason;

		if (r && strlen(r) == reason.len &&
		    !memcmp(r, reason.s, reason.len))
			return exit_kinds[i].kind;
	}
	return -1;
}

void scx_exit_init(struct scx_exit *ex)
{
	memset(ex, 0, sizeof(*ex));
	ex->cpu = -1;
}

/* Copy at most @n bytes of @s into @dst of size @size, NUL-terminated. */
void scx_exit_copy_n(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* A decimal number at @t's start: its value and length, or 0 digits. */
size_t scx_exit_parse_num(struct ktstr_text t, long *val)
{
	size_t i = 0;
	long v = 0;

	while (i < t.len && isdigit((unsigned char)t.s[i]) && v < 100000000)
		v = v * 10 + (t.s[i++] - '0');
	*val = v;
	return i;
}

static void set_kind_from_reason(struct scx_exit *ex)
{
	int kind;

	if (ex->has_kind)
		return;
	kind = scx_exit_kind_by_reason(ktstr_text_of(ex->reason));
	if (kind >= 0) {
		ex->kind = kind;
		ex->has_kind = true;
	}
}

/*
 * Split "<reason> (<msg>)" or "<reason>". A known reason is matched as a
 * prefix, since a message can itself contain " (":
 * "scx_bpf_error (bad (nested) value)".
 */
static void parse_reason_msg(struct ktstr_text t, struct scx_exit *ex,
			     bool override)
{
	const char *s = t.s, *open;
	size_t len = t.len, rlen = 0, i;

	for (i = 0; i < ARRAY_SIZE(exit_kinds); i++) {
		const char *r = exit_kinds[i].reason;
		size_t n = r ? strlen(r) : 0;

		if (!n || n > len || strncmp(s, r, n))
			continue;
		if (n == len || (len >= n + 3 && !strncmp(s + n, " (", 2) &&
				 s[len - 1] == ')'))
			rlen = n;
	}
	if (!rlen) {
		open = memmem(s, len, " (", 2);
		rlen = (open && s[len - 1] == ')') ? (size_t)(open - s) : len;
	}
	if (override || !ex->reason[0])
		scx_exit_copy_n(ex->reason, sizeof(ex->reason), s, rlen);
	if (rlen + 3 <= len && (override || !ex->msg[0]))
		scx_exit_copy_n(ex->msg, sizeof(ex->msg), s + rlen + 2,
				len - rlen - 3);
	set_kind_from_reason(ex);
}

bool scx_exit_parse_trigger(struct ktstr_text line, struct scx_exit *ex)
{
	const char *m = ktstr_text_find(line, trigger_marker);
	const char *end = line.s + line.len, *task = line.s;
	struct ktstr_text rest;
	long kind, cpu;
	size_t n;

	if (!m)
		return false;
	rest.s = m + strlen(trigger_marker);
	rest.len = end - rest.s;
	n = scx_exit_parse_num(rest, &kind);
	if (!n)
		return false;
	rest.s += n;
	rest.len -= n;
	cpu = -1;
	if (ktstr_text_starts(rest, on_cpu)) {
		rest.s += strlen(on_cpu);
		rest.len -= strlen(on_cpu);
		n = scx_exit_parse_num(rest, &cpu);
		if (!n)
			return false;
		rest.s += n;
		rest.len -= n;
	}
	if (!rest.len || rest.s[0] != ':')
		return false;
	while (task < m && (*task == ' ' || *task == '\t'))
		task++;
	scx_exit_copy_n(ex->task, sizeof(ex->task), task, m - task);
	ex->kind = kind;
	ex->has_kind = true;
	ex->cpu = cpu;
	return true;
}

/* "EXIT: <reason> (<msg>) on CPU <M>": take the CPU off the end. */
static void parse_exit_line(struct ktstr_text t, struct scx_exit *ex)
{
	size_t i = t.len;
	long cpu;

	while (i && isdigit((unsigned char)t.s[i - 1]))
		i--;
	if (i < t.len && i >= strlen(on_cpu) &&
	    !memcmp(t.s + i - strlen(on_cpu), on_cpu, strlen(on_cpu))) {
		scx_exit_parse_num((struct ktstr_text){ t.s + i, t.len - i },
				   &cpu);
		ex->cpu = cpu;
		t.len = i - strlen(on_cpu);
	}
	parse_reason_msg(t, ex, true);
}

int scx_exit_from_log(struct ktstr_text log, struct scx_exit *ex)
{
	struct ktstr_text rest = log, line, next;
	bool found = false;

	while (ktstr_text_next_line(&rest, &line)) {
		if (scx_exit_parse_trigger(line, ex)) {
			found = true;
			/* The next line is "  <reason> (<msg>)". */
			next = rest;
			if (ktstr_text_next_line(&next, &line) &&
			    ktstr_text_starts(line, "  ") && line.len > 2)
				parse_reason_msg((struct ktstr_text){
					line.s + 2, line.len - 2 }, ex, true);
		} else if (ktstr_text_starts(line, exit_prefix) &&
			   line.len > strlen(exit_prefix)) {
			found = true;
			parse_exit_line((struct ktstr_text){
				line.s + strlen(exit_prefix),
				line.len - strlen(exit_prefix) }, ex);
		}
	}
	return found ? 0 : -ENOENT;
}

bool scx_parse_disabled(struct ktstr_text line, struct scx_disabled *d)
{
	static const char *const kinds[] = { "scheduler \"",
					     "sub-scheduler \"" };
	const char *p = ktstr_text_find(line, disabled_head);
	const char *end = line.s + line.len, *name = NULL, *q;
	struct ktstr_text rest;
	size_t i;

	if (!p)
		return false;
	p += strlen(disabled_head);
	rest = (struct ktstr_text){ p, end - p };
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (ktstr_text_starts(rest, kinds[i])) {
			name = p + strlen(kinds[i]);
			d->sub_sched = i == 1;
			break;
		}
	}
	if (!name)
		return false;
	q = memmem(name, end - name, disabled_tail, strlen(disabled_tail));
	if (!q)
		return false;
	d->name = (struct ktstr_text){ name, q - name };
	d->reason = (struct ktstr_text){ NULL, 0 };
	p = q + strlen(disabled_tail);
	rest = ktstr_text_trim((struct ktstr_text){ p, end - p });
	/* scx_exit_reason() strings have no parentheses of their own. */
	if (rest.len >= 3 && rest.s[0] == '(' && rest.s[rest.len - 1] == ')')
		d->reason = (struct ktstr_text){ rest.s + 1, rest.len - 2 };
	return true;
}

bool scx_console_after_disabled(struct ktstr_text console,
				struct ktstr_text *after,
				struct scx_disabled *d)
{
	struct ktstr_text rest = console, line;
	struct scx_disabled tmp;

	while (ktstr_text_next_line(&rest, &line)) {
		if (scx_parse_disabled(line, d ? d : &tmp)) {
			*after = rest;
			return true;
		}
	}
	return false;
}

int scx_exit_from_kmsg(struct ktstr_text kmsg, const char *ops,
		       struct scx_exit *ex)
{
	struct ktstr_text rest = kmsg, after, line, last_after = { 0 };
	struct scx_disabled d, last = { 0 };
	bool found = false;
	char prefix[SCX_EXIT_TASK_LEN + 16];
	const char *m;

	while (scx_console_after_disabled(rest, &after, &d)) {
		rest = after;
		if (ops && (d.name.len != strlen(ops) ||
			    memcmp(d.name.s, ops, d.name.len)))
			continue;
		/* The kmsg check of 6.12's guest: a complete line only. */
		if (!d.reason.s)
			continue;
		last = d;
		last_after = after;
		found = true;
	}
	if (!found)
		return -ENOENT;
	if (!ex->reason[0])
		scx_exit_copy_n(ex->reason, sizeof(ex->reason), last.reason.s,
				last.reason.len);
	set_kind_from_reason(ex);

	/* Errors are followed by "sched_ext: <ops>: <msg>". */
	if (ex->msg[0] || !ktstr_text_next_line(&last_after, &line))
		return 0;
	snprintf(prefix, sizeof(prefix), "sched_ext: %.*s: ",
		 (int)(last.name.len < SCX_EXIT_TASK_LEN ? last.name.len :
		       SCX_EXIT_TASK_LEN), last.name.s);
	m = ktstr_text_find(line, prefix);
	if (m)
		scx_exit_copy_n(ex->msg, sizeof(ex->msg), m + strlen(prefix),
				line.s + line.len - m - strlen(prefix));
	return 0;
}
