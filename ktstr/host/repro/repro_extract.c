// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/repro/repro_decode.h"
#include "host/repro/repro_extract.h"
#include "host/util.h"

#define BPF_PROG_PREFIX		"bpf_prog_"
#define BPF_PROG_TAG_LEN	16	/* BPF_TAG_SIZE bytes in hex */

/* Lines allowed between the console's "disabled" line and its first frame. */
#define CONSOLE_LEAD_LINES	8

static bool is_sym_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* Skip "0x<hex>" at *i; false (and *i unchanged) if not there. */
static bool skip_hex(const char *s, size_t len, size_t *i)
{
	size_t j = *i;

	if (j + 2 > len || s[j] != '0' || s[j + 1] != 'x')
		return false;
	j += 2;
	if (j >= len || !isxdigit((unsigned char)s[j]))
		return false;
	while (j < len && isxdigit((unsigned char)s[j]))
		j++;
	*i = j;
	return true;
}

static bool is_raw_address(const char *s, size_t len)
{
	size_t i = 0;

	return skip_hex(s, len, &i) && i == len;
}

int repro_parse_frame(const char *line, size_t len, char *name, size_t size,
		      size_t *indent)
{
	size_t i = 0, start, n;

	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (indent)
		*indent = i;
	/* show_stack() marks frames it is unsure of with "? " */
	if (i + 1 < len && line[i] == '?' && line[i + 1] == ' ')
		i += 2;
	start = i;
	while (i < len && is_sym_char(line[i]))
		i++;
	n = i - start;
	if (!n)
		return -EINVAL;
	if (i == len && is_raw_address(line + start, n))
		return 0;
	if (i >= len || line[i] != '+')
		return -EINVAL;
	i++;
	if (!skip_hex(line, len, &i) || i >= len || line[i] != '/')
		return -EINVAL;
	i++;
	if (!skip_hex(line, len, &i))
		return -EINVAL;
	/* " [module]" */
	if (i < len) {
		if (len - i < 4 || line[i] != ' ' || line[i + 1] != '[' ||
		    line[len - 1] != ']')
			return -EINVAL;
	}
	if (is_raw_address(line + start, n))
		return 0;
	if (isdigit((unsigned char)line[start]) || n >= size)
		return -EINVAL;
	memcpy(name, line + start, n);
	name[n] = '\0';
	return 1;
}

/* Copy @s whole into @buf, or nothing: a cut name would probe another. */
static bool copy_str(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		return false;
	memcpy(buf, s, n + 1);
	return true;
}

bool repro_probe_name(const char *sym, char *buf, size_t size)
{
	const char *p = sym;
	size_t i;

	if (strncmp(p, BPF_PROG_PREFIX, strlen(BPF_PROG_PREFIX)))
		goto kernel;
	p += strlen(BPF_PROG_PREFIX);
	for (i = 0; i < BPF_PROG_TAG_LEN; i++)
		if (!isxdigit((unsigned char)p[i]))
			goto kernel;
	p += BPF_PROG_TAG_LEN;
	if (*p == '\0')
		return false;		/* "bpf_prog_<tag>": no name */
	if (*p != '_')
		goto kernel;
	p++;
	if (*p == '\0')
		return false;
	return copy_str(buf, size, p);
kernel:
	return copy_str(buf, size, sym);
}

/* Generic frames, by name up to any ".isra.0"-style suffix. */
static const char *const generic_exact[] = {
	"__schedule", "schedule", "do_syscall_64", "do_int80_syscall_32",
	"ret_from_fork", "ret_from_fork_asm", "kthread", "worker_thread",
	"process_one_work", "arch_stack_walk", "show_stack", "dump_stack",
	"dump_stack_lvl", "__bstr_format", "scx_bpf_error_bstr",
	"scx_bpf_exit_bstr", "scx_ops_exit_kind", "scx_dump_state",
	"scx_exit", "scx_vexit", "scx_error_irq_workfn",
	"scx_ops_disable_workfn", "scx_disable_workfn", "lapic_next_event",
};

static const char *const generic_prefix[] = {
	/* scheduling core */
	"schedule_", "preempt_schedule",
	/* syscall entry */
	"entry_SYSCALL", "entry_INT80", "__do_sys_", "__x64_sys_",
	"__ia32_sys_", "__se_sys_", "__do_fast_syscall",
	/* interrupt and exception entry */
	"asm_", "sysvec_", "__sysvec_", "irq", "__irq", "irqentry_",
	/* locks */
	"_raw_spin_", "_raw_read_", "_raw_write_",
	/* BPF trampolines and struct_ops dispatch glue */
	"bpf__sched_ext_ops_", "bpf_trampoline_", "__bpf_prog_enter",
	"__bpf_prog_exit", "ftrace_",
	/* the exit, dump and stack trace machinery */
	"scx_ops_error", "stack_trace_save", "stack_trace_print",
	/* timer interrupt noise */
	"hrtimer_", "__hrtimer_", "tick_", "clockevents_", "ktime_get",
};

bool repro_frame_is_generic(const char *sym)
{
	size_t n = strcspn(sym, "."), i, plen;
	static const char timer_suffix[] = "_timer_interrupt";

	for (i = 0; i < ARRAY_SIZE(generic_exact); i++)
		if (strlen(generic_exact[i]) == n &&
		    !strncmp(sym, generic_exact[i], n))
			return true;
	for (i = 0; i < ARRAY_SIZE(generic_prefix); i++) {
		plen = strlen(generic_prefix[i]);
		if (plen <= n && !strncmp(sym, generic_prefix[i], plen))
			return true;
	}
	plen = strlen(timer_suffix);
	return n >= plen && !strncmp(sym + n - plen, timer_suffix, plen);
}

static void add_func(struct repro_stack *st, const char *sym)
{
	char name[REPRO_FUNC_LEN];
	size_t i;

	st->nr_frames++;
	if (repro_frame_is_generic(sym) ||
	    !repro_probe_name(sym, name, sizeof(name)))
		return;
	for (i = 0; i < st->nr; i++)
		if (!strcmp(st->funcs[i], name))
			return;
	if (st->nr < REPRO_MAX_FUNCS)
		copy_str(st->funcs[st->nr++], REPRO_FUNC_LEN, name);
}

/* A line of @t: [*pos, *end) without its newline. */
struct line_iter {
	const char *s;
	size_t len;
	size_t pos;
};

static bool next_line(struct line_iter *it, const char **line, size_t *len)
{
	const char *nl;

	if (it->pos >= it->len)
		return false;
	*line = it->s + it->pos;
	nl = memchr(*line, '\n', it->len - it->pos);
	*len = nl ? (size_t)(nl - *line) : it->len - it->pos;
	it->pos += *len + (nl ? 1 : 0);
	return true;
}

/* Drop a printk timestamp "[    8.123456] " when the console has one. */
static void strip_timestamp(const char **line, size_t *len)
{
	const char *p = *line, *end = *line + *len;

	if (p == end || *p != '[')
		return;
	for (p++; p < end && (*p == ' ' || isdigit((unsigned char)*p) ||
			      *p == '.'); p++)
		;
	if (p < end && *p == ']') {
		p++;
		if (p < end && *p == ' ')
			p++;
		*len -= p - *line;
		*line = p;
	}
}

static bool line_is(const char *line, size_t len, const char *what)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	while (len && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	return len == strlen(what) && !memcmp(line, what, len);
}

/*
 * Take the frames starting at @it's next line, allowing up to @lead other
 * lines before the first. The first frame's column is the stack's: a line
 * indented deeper is a nested context (the timer interrupt that happened
 * to be running) and is skipped; anything that is not a frame ends it.
 */
static void take_frames(struct line_iter *it, int lead, struct repro_stack *st)
{
	char sym[REPRO_FUNC_LEN];
	size_t len, indent, col = 0;
	bool started = false;
	const char *line;
	int ret;

	while (next_line(it, &line, &len)) {
		strip_timestamp(&line, &len);
		ret = repro_parse_frame(line, len, sym, sizeof(sym), &indent);
		if (ret < 0) {
			if (started || lead-- <= 0)
				return;
			continue;
		}
		if (!started) {
			started = true;
			col = indent;
		} else if (indent < col) {
			return;
		} else if (indent > col) {
			continue;
		}
		if (ret > 0)
			add_func(st, sym);
	}
}

static void extract_log(struct repro_text log, struct repro_stack *st)
{
	struct line_iter it = { log.s, log.len, 0 };
	size_t len, dump = 0, bt = 0;
	bool have_dump = false, have_bt = false;
	const char *line;

	/*
	 * The dump's own Backtrace: the first after the last "DEBUG DUMP"
	 * header, or the first anywhere when the header was cut from the log.
	 */
	while (next_line(&it, &line, &len)) {
		if (line_is(line, len, "DEBUG DUMP")) {
			dump = it.pos;
			have_dump = true;
		}
	}
	it.pos = have_dump ? dump : 0;
	while (next_line(&it, &line, &len)) {
		if (line_is(line, len, "Backtrace:")) {
			bt = it.pos;
			have_bt = true;
			break;
		}
	}
	if (!have_bt)
		return;
	it.pos = bt;
	take_frames(&it, 0, st);
}

static const char disabled_head[] = "sched_ext: BPF scheduler \"";
static const char disabled_tail[] = "\" disabled";

/* The 'BPF scheduler "<ops>" disabled (<reason>)' line's reason, if any. */
static bool is_disabled_line(const char *line, size_t len,
			     const char **reason, size_t *rlen)
{
	const char *p, *end = line + len;

	p = memmem(line, len, disabled_head, strlen(disabled_head));
	if (!p)
		return false;
	p = memmem(p, end - p, disabled_tail, strlen(disabled_tail));
	if (!p)
		return false;
	p += strlen(disabled_tail);
	*reason = NULL;
	*rlen = 0;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end - p >= 3 && p[0] == ' ' && p[1] == '(' && end[-1] == ')') {
		*reason = p + 2;
		*rlen = end - 1 - (p + 2);
	}
	return true;
}

static void extract_console(struct repro_text con, struct repro_stack *st)
{
	struct line_iter it = { con.s, con.len, 0 };
	const char *line, *reason;
	size_t len, rlen;

	while (!st->nr && next_line(&it, &line, &len)) {
		if (is_disabled_line(line, len, &reason, &rlen))
			take_frames(&it, CONSOLE_LEAD_LINES, st);
	}
}

int repro_extract(struct repro_text sched_log, struct repro_text console,
		  struct repro_stack *st)
{
	memset(st, 0, sizeof(*st));
	if (sched_log.s)
		extract_log(sched_log, st);
	if (st->nr) {
		st->source = REPRO_STACK_LOG;
		return st->nr;
	}
	st->nr_frames = 0;
	if (console.s)
		extract_console(console, st);
	if (st->nr)
		st->source = REPRO_STACK_CONSOLE;
	return st->nr;
}

static int kind_from_log(struct repro_text log)
{
	static const char key[] = "triggered exit kind ";
	const char *p = log.s, *end = log.s + log.len;
	long kind = -1;

	while (p < end && (p = memmem(p, end - p, key, strlen(key)))) {
		p += strlen(key);
		if (p < end && isdigit((unsigned char)*p)) {
			for (kind = 0; p < end && isdigit((unsigned char)*p) &&
			     kind < 1000000; p++)
				kind = kind * 10 + (*p - '0');
			return kind;
		}
	}
	return -1;
}

int repro_exit_kind_from_text(struct repro_text sched_log,
			      struct repro_text console)
{
	struct line_iter it = { console.s, console.len, 0 };
	const char *line, *reason;
	size_t len, rlen;
	int kind = -1;

	if (sched_log.s)
		kind = kind_from_log(sched_log);
	if (kind >= 0 || !console.s)
		return kind;
	while (next_line(&it, &line, &len)) {
		if (is_disabled_line(line, len, &reason, &rlen) && reason)
			kind = repro_exit_kind_by_reason(reason, rlen);
	}
	return kind;
}

int repro_guest_args(const struct repro_stack *st, int exit_kind,
		     char *buf, size_t size)
{
	size_t len, i;
	int n;

	if (exit_kind == REPRO_EXIT_STALL)
		n = snprintf(buf, size, "--repro-stall");
	else if (!st->nr)
		n = snprintf(buf, size, "--repro-discover");
	else
		n = snprintf(buf, size, "--repro-funcs %s", st->funcs[0]);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	len = n;
	if (exit_kind == REPRO_EXIT_STALL)
		return len;
	/* The innermost frames come first and matter most: keep those. */
	for (i = 1; i < st->nr; i++) {
		n = snprintf(buf + len, size - len, ",%s", st->funcs[i]);
		if (n < 0 || (size_t)n >= size - len) {
			buf[len] = '\0';
			break;
		}
		len += n;
	}
	return len;
}

const char *repro_stack_source_name(enum repro_stack_source src)
{
	switch (src) {
	case REPRO_STACK_LOG:
		return "the scheduler log";
	case REPRO_STACK_CONSOLE:
		return "the kernel console";
	default:
		return "no backtrace";
	}
}
