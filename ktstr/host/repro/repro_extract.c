// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* 7.3 */
	"scx_exit_bstr", "__scx_exit", "scx_claim_exit", "scx_disable",
	"scx_disable_irq_workfn", "scx_finish_exit", "scx_root_disable",
	"scx_log_sched_disable",
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

/*
 * Take the frames starting at @rest's next line, allowing up to @lead
 * other lines before the first. The first frame's column is the stack's:
 * a line indented deeper is a nested context (the timer interrupt that
 * happened to be running) and is skipped; anything that is not a frame
 * ends it.
 */
static void take_frames(struct ktstr_text rest, int lead,
			struct repro_stack *st)
{
	char sym[REPRO_FUNC_LEN];
	size_t indent, col = 0;
	struct ktstr_text line;
	bool started = false;
	int ret;

	while (ktstr_text_next_line(&rest, &line)) {
		line = ktstr_text_skip_printk_time(line);
		ret = repro_parse_frame(line.s, line.len, sym, sizeof(sym),
					&indent);
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

/* The console's copy, after a 'BPF scheduler "<ops>" disabled' line. */
static void extract_console(struct ktstr_text con, struct repro_stack *st)
{
	struct ktstr_text after;

	while (!st->nr && scx_console_after_disabled(con, &after, NULL)) {
		take_frames(after, CONSOLE_LEAD_LINES, st);
		con = after;
	}
}

int repro_extract(struct ktstr_text sched_log, struct ktstr_text console,
		  struct repro_stack *st)
{
	struct ktstr_text frames;

	memset(st, 0, sizeof(*st));
	if (sched_log.s && scx_dump_backtrace(sched_log, &frames))
		take_frames(frames, 0, st);
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

int repro_exit_kind_from_text(struct ktstr_text sched_log,
			      struct ktstr_text console)
{
	struct ktstr_text rest = sched_log, line, after;
	struct scx_disabled d;
	struct scx_exit ex;
	int kind = -1;

	scx_exit_init(&ex);
	while (sched_log.s && ktstr_text_next_line(&rest, &line))
		if (scx_exit_parse_trigger(line, &ex))
			return ex.kind;
	rest = console;
	while (console.s && scx_console_after_disabled(rest, &after, &d)) {
		if (d.reason.s)
			kind = scx_exit_kind_by_reason(d.reason);
		rest = after;
	}
	return kind;
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
