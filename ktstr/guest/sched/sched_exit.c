// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/compiler.h"
#include "guest/sched/sched_exit.h"

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
	{ SCX_EXIT_ERROR,	"ERROR",	"runtime error" },
	{ SCX_EXIT_ERROR_BPF,	"ERROR_BPF",	"scx_bpf_error" },
	{ SCX_EXIT_ERROR_STALL,	"ERROR_STALL",	"runnable task stall" },
};

#define NR_EXIT_KINDS	ARRAY_SIZE(exit_kinds)

const char *ktstr_exit_kind_name(int kind)
{
	size_t i;

	for (i = 0; i < NR_EXIT_KINDS; i++)
		if (exit_kinds[i].kind == kind)
			return exit_kinds[i].name;
	return NULL;
}

const char *ktstr_exit_kind_reason(int kind)
{
	size_t i;

	for (i = 0; i < NR_EXIT_KINDS; i++)
		if (exit_kinds[i].kind == kind)
			return exit_kinds[i].reason;
	return NULL;
}

int ktstr_exit_kind_by_reason(const char *reason)
{
	size_t i;

	for (i = 0; i < NR_EXIT_KINDS; i++)
		if (exit_kinds[i].reason &&
		    !strcmp(exit_kinds[i].reason, reason))
			return exit_kinds[i].kind;
	return -1;
}

/* Copy at most @n bytes of @s into @dst of size @size, NUL-terminated. */
static void copy_n(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/*
 * Split "<reason> (<msg>)" or "<reason>" (@len bytes at @s). A known
 * reason is matched as a prefix, since a message can itself contain
 * " (": "scx_bpf_error (bad (nested) value)".
 */
static void parse_reason_msg(const char *s, size_t len,
			     struct ktstr_sched_exit *ex, bool override)
{
	size_t rlen = 0, i;
	const char *open;

	for (i = 0; i < NR_EXIT_KINDS; i++) {
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
		copy_n(ex->reason, sizeof(ex->reason), s, rlen);
	if (rlen + 3 <= len && (override || !ex->msg[0]))
		copy_n(ex->msg, sizeof(ex->msg), s + rlen + 2, len - rlen - 3);
	if (!ex->has_kind) {
		int kind = ktstr_exit_kind_by_reason(ex->reason);

		if (kind >= 0) {
			ex->kind = kind;
			ex->has_kind = true;
		}
	}
}

/* Length of the line at @p, without its newline. */
static size_t line_len(const char *p)
{
	return strchrnul(p, '\n') - p;
}

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl + 1 : NULL;
}

/* "<comm>[<pid>] triggered exit kind <kind>:" */
static bool parse_trigger_line(const char *p, size_t len,
			       struct ktstr_sched_exit *ex)
{
	static const char marker[] = " triggered exit kind ";
	const char *m = memmem(p, len, marker, sizeof(marker) - 1);
	const char *task = p;
	char *end;
	long kind;

	if (!m)
		return false;
	kind = strtol(m + sizeof(marker) - 1, &end, 10);
	if (end == m + sizeof(marker) - 1 || *end != ':')
		return false;
	while (task < m && (*task == ' ' || *task == '\t'))
		task++;
	copy_n(ex->task, sizeof(ex->task), task, m - task);
	ex->kind = kind;
	ex->has_kind = true;
	return true;
}

int ktstr_sched_exit_from_log(const char *log, struct ktstr_sched_exit *ex)
{
	const char *p;
	bool found = false;

	for (p = log; p && *p; p = next_line(p)) {
		size_t len = line_len(p);
		const char *q;

		if (parse_trigger_line(p, len, ex)) {
			found = true;
			/* The next line is "  <reason> (<msg>)". */
			q = next_line(p);
			if (q && !strncmp(q, "  ", 2) && line_len(q) > 2)
				parse_reason_msg(q + 2, line_len(q) - 2, ex,
						 true);
		} else if (len > 6 && !strncmp(p, "EXIT: ", 6)) {
			found = true;
			parse_reason_msg(p + 6, len - 6, ex, true);
		}
	}
	return found ? 0 : -ENOENT;
}

int ktstr_sched_exit_from_kmsg(const char *kmsg, const char *ops,
			       struct ktstr_sched_exit *ex)
{
	static const char marker[] = "sched_ext: BPF scheduler \"";
	static const char disabled[] = "\" disabled (";
	const char *p, *q, *last = NULL, *name = NULL, *reason = NULL;
	char prefix[96];
	size_t name_len = 0;

	for (p = kmsg; p && *p; p = next_line(p)) {
		size_t len = line_len(p);
		const char *m = memmem(p, len, marker, sizeof(marker) - 1);
		const char *n;

		if (!m)
			continue;
		n = m + sizeof(marker) - 1;
		q = memmem(n, p + len - n, disabled, sizeof(disabled) - 1);
		if (!q || p[len - 1] != ')')
			continue;
		if (ops && ((size_t)(q - n) != strlen(ops) ||
			    strncmp(n, ops, q - n)))
			continue;
		last = p;
		name = n;
		name_len = q - n;
		reason = q + sizeof(disabled) - 1;
	}
	if (!last)
		return -ENOENT;

	/* "(<reason>)": scx_exit_reason() strings have no parentheses. */
	if (!ex->reason[0])
		copy_n(ex->reason, sizeof(ex->reason), reason,
		       last + line_len(last) - 1 - reason);
	if (!ex->has_kind) {
		int kind = ktstr_exit_kind_by_reason(ex->reason);

		if (kind >= 0) {
			ex->kind = kind;
			ex->has_kind = true;
		}
	}

	/* Errors are followed by "sched_ext: <ops>: <msg>". */
	p = next_line(last);
	if (!p || ex->msg[0])
		return 0;
	snprintf(prefix, sizeof(prefix), "sched_ext: %.*s: ", (int)name_len,
		 name);
	q = memmem(p, line_len(p), prefix, strlen(prefix));
	if (q)
		copy_n(ex->msg, sizeof(ex->msg), q + strlen(prefix),
		       p + line_len(p) - q - strlen(prefix));
	return 0;
}

int ktstr_sched_dump_from_trace(const char *trace, struct ktstr_buf *out)
{
	static const char marker[] = " sched_ext_dump:";
	const char *p;
	int n = 0;

	for (p = trace; p && *p; p = next_line(p)) {
		size_t len = line_len(p);
		const char *m;

		if (*p == '#')
			continue;
		m = memmem(p, len, marker, sizeof(marker) - 1);
		if (!m)
			continue;
		m += sizeof(marker) - 1;
		/* TP_printk("%s"): one space, then the line (maybe empty). */
		if (m < p + len && *m == ' ')
			m++;
		ktstr_buf_addn(out, m, p + len - m);
		ktstr_buf_addc(out, '\n');
		n++;
	}
	return n;
}

static bool is_ruler(const char *p, size_t len)
{
	size_t i;

	if (len < 8)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != '=')
			return false;
	return true;
}

int ktstr_sched_dump_from_log(const char *log, struct ktstr_buf *out)
{
	const char *p, *start = NULL;

	for (p = log; p && *p; p = next_line(p)) {
		if (line_len(p) == 10 && !strncmp(p, "DEBUG DUMP", 10)) {
			start = p;
			break;
		}
	}
	if (!start)
		return -ENOENT;

	/* Skip the header, its ruler and the blank line UEI_REPORT() puts. */
	p = next_line(start);
	if (p && is_ruler(p, line_len(p)))
		p = next_line(p);
	if (p && line_len(p) == 0)
		p = next_line(p);

	for (start = p; p && *p; p = next_line(p)) {
		if (is_ruler(p, line_len(p))) {
			size_t len = p - start;

			/* UEI_REPORT() puts a blank line before the ruler. */
			if (len >= 2 && start[len - 2] == '\n')
				len--;
			ktstr_buf_addn(out, start, len);
			return 0;
		}
	}
	if (start)
		ktstr_buf_add(out, start);
	return 1;
}
