// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "host/repro/repro_decode.h"
#include "host/repro/repro_extract.h"
#include "host/repro/repro_payload.h"
#include "host/repro/repro_render.h"
#include "host/repro/repro_srcloc.h"
#include "host/util.h"

#define FIELD_LEN	192
/* Frames of the trigger's stack worth a line each. */
#define REPRO_MAX_STACK	16

static bool is_entry(const struct repro_event *e)
{
	return e->kind == REPRO_PROBE_KPROBE || e->kind == REPRO_PROBE_FENTRY;
}

void repro_pair_events(const struct repro_payload *p, long *exit_of,
		       long *entry_of)
{
	size_t i, j;

	for (i = 0; i < p->nr_events; i++)
		exit_of[i] = entry_of[i] = -1;
	for (j = 0; j < p->nr_events; j++) {
		const struct repro_event *x = &p->events[j];

		if (x->kind != REPRO_PROBE_FEXIT)
			continue;
		/* the latest open entry: recursion pairs inside out */
		for (i = j; i-- > 0;) {
			const struct repro_event *e = &p->events[i];

			if (is_entry(e) && exit_of[i] < 0 && e->pid == x->pid &&
			    !strcmp(e->func, x->func)) {
				exit_of[i] = j;
				entry_of[j] = i;
				break;
			}
		}
	}
}

/* A u64 field as text: the decoded name where the value has one. */
enum task_field {
	TF_CPUS, TF_DSQ, TF_ENQ_FLAGS, TF_SCX_FLAGS, TF_SLICE, TF_VTIME,
	TF_WEIGHT, NR_TF,
};

static const struct {
	const char *name;
	unsigned int bit;
} task_fields[NR_TF] = {
	[TF_CPUS]	= { "cpus",		REPRO_TF_CPUS },
	[TF_DSQ]	= { "dsq_id",		REPRO_TF_DSQ },
	[TF_ENQ_FLAGS]	= { "enq_flags",	REPRO_TF_ENQ_FLAGS },
	[TF_SCX_FLAGS]	= { "scx_flags",	REPRO_TF_SCX_FLAGS },
	[TF_SLICE]	= { "slice",		REPRO_TF_SLICE },
	[TF_VTIME]	= { "vtime",		REPRO_TF_VTIME },
	[TF_WEIGHT]	= { "weight",		REPRO_TF_WEIGHT },
};

static void task_field(const struct repro_task *t, enum task_field f,
		       char *buf, size_t size)
{
	switch (f) {
	case TF_CPUS:
		if (repro_cpus_str(t->cpus, buf, size) < 0)
			snprintf(buf, size, "%s (?)", t->cpus);
		break;
	case TF_DSQ:
		repro_dsq_name(t->dsq_id, buf, size);
		break;
	case TF_ENQ_FLAGS:
		repro_enq_flags_str(t->enq_flags, buf, size);
		break;
	case TF_SCX_FLAGS:
		repro_scx_flags_str(t->scx_flags, buf, size);
		break;
	case TF_SLICE:
		snprintf(buf, size, "%" PRIu64, t->slice);
		break;
	case TF_VTIME:
		snprintf(buf, size, "%" PRIu64, t->vtime);
		break;
	case TF_WEIGHT:
		snprintf(buf, size, "%" PRIu64, t->weight);
		break;
	default:
		buf[0] = '\0';
	}
}

/*
 * An argument's value, decoded where its name says what it is: the
 * sched_ext callbacks and their kernel callers name these consistently.
 */
static void arg_value(const struct repro_arg *a, char *buf, size_t size)
{
	char dec[FIELD_LEN];
	unsigned long long v;
	char *end;
	int n = -1;

	snprintf(buf, size, "%s", a->value ? a->value : "?");
	if (!a->value || !a->name || !*a->value || *a->value == '-')
		return;
	errno = 0;
	v = strtoull(a->value, &end, 0);
	if (errno || *end)
		return;
	if (!strcmp(a->name, "enq_flags"))
		n = repro_enq_flags_str(v, dec, sizeof(dec));
	else if (!strcmp(a->name, "dsq_id"))
		n = repro_dsq_name(v, dec, sizeof(dec));
	if (v && n > 0 && strcmp(dec, a->value))
		snprintf(buf, size, "%s (%s)", a->value, dec);
}

static void render_args(FILE *out, const struct repro_event *e)
{
	char val[FIELD_LEN * 2];
	size_t i;

	for (i = 0; i < e->nr_args; i++) {
		const struct repro_arg *a = &e->args[i];

		arg_value(a, val, sizeof(val));
		fprintf(out, "      %s%s%s%s = %s\n", a->name ? a->name : "?",
			a->type ? " (" : "", a->type ? a->type : "",
			a->type ? ")" : "", val);
	}
}

/*
 * Two lines: who and where the task is, then its flags, which are long.
 * Every event shows the whole state: the reader follows one task's
 * fields down the chain without scrolling back.
 */
static void render_task(FILE *out, const struct repro_event *e)
{
	const struct repro_task *t = &e->task;
	char val[FIELD_LEN];
	bool flags = false;
	int f;

	fprintf(out, "      task");
	if (t->has & REPRO_TF_COMM)
		fprintf(out, " %s", t->comm);
	if (t->has & REPRO_TF_PID)
		fprintf(out, "[%d]", t->pid);
	if (e->has_rq_cpu)
		fprintf(out, " rq_cpu=%d", e->rq_cpu);
	for (f = 0; f < NR_TF; f++) {
		if (!(t->has & task_fields[f].bit))
			continue;
		if (f == TF_ENQ_FLAGS || f == TF_SCX_FLAGS) {
			flags = true;
			continue;
		}
		task_field(t, f, val, sizeof(val));
		fprintf(out, " %s=%s", task_fields[f].name, val);
	}
	fprintf(out, "\n");
	if (!flags)
		return;
	fprintf(out, "       ");
	for (f = TF_ENQ_FLAGS; f <= TF_SCX_FLAGS; f++) {
		if (!(t->has & task_fields[f].bit))
			continue;
		task_field(t, f, val, sizeof(val));
		fprintf(out, " %s=%s", task_fields[f].name, val);
	}
	fprintf(out, "\n");
}

/* What an fexit's task state changed since its entry: "old → new". */
static void render_changes(FILE *out, const struct repro_event *in,
			   const struct repro_event *x)
{
	char old[FIELD_LEN], new[FIELD_LEN];
	bool any = false;
	int f;

	for (f = 0; f < NR_TF; f++) {
		unsigned int bit = task_fields[f].bit;

		if (!(in->task.has & bit) || !(x->task.has & bit))
			continue;
		task_field(&in->task, f, old, sizeof(old));
		task_field(&x->task, f, new, sizeof(new));
		if (!strcmp(old, new))
			continue;
		fprintf(out, "        %-9s %s → %s\n", task_fields[f].name,
			old, new);
		any = true;
	}
	if (in->has_rq_cpu && x->has_rq_cpu && in->rq_cpu != x->rq_cpu) {
		fprintf(out, "        %-9s %d → %d\n", "rq cpu", in->rq_cpu,
			x->rq_cpu);
		any = true;
	}
	if (!any)
		fprintf(out, "        (task fields unchanged)\n");
}

static void source_of(const struct repro_event *e, const char *vmlinux,
		      char *buf, size_t size)
{
	int err;

	if (e->bpf) {
		snprintf(buf, size, "%s", e->src ? e->src : "(no line_info)");
		return;
	}
	if (!e->has_ip) {
		snprintf(buf, size, "(no address)");
		return;
	}
	err = repro_srcloc_lookup(vmlinux, e->ip, e->func, buf, size);
	if (err)
		snprintf(buf, size, "0x%" PRIx64 " (%s)", e->ip,
			 !vmlinux ? "no vmlinux" :
			 err == -ENODATA ? "no DWARF" : "no line info");
}

static void render_event(FILE *out, const struct repro_payload *p,
			 size_t i, long entry, const char *vmlinux)
{
	const struct repro_event *e = &p->events[i];
	double ms = (e->ts_ns - p->events[0].ts_ns) / 1e6;
	char src[512];

	if (e->ts_ns < p->events[0].ts_ns)
		ms = 0;
	source_of(e, vmlinux, src, sizeof(src));
	fprintf(out, "  +%.3fms cpu%d %s[%d] %s%s [%s%s] %s\n", ms, e->cpu,
		e->comm, e->pid, entry >= 0 ? "← " : "", e->func,
		e->bpf ? "BPF " : "", repro_probe_kind_name(e->kind), src);
	if (entry >= 0) {
		/* the entry showed the arguments: show the result */
		if (e->ret)
			fprintf(out, "      returned %s\n", e->ret);
		if (e->has_task && p->events[entry].has_task)
			render_changes(out, &p->events[entry], e);
		return;
	}
	render_args(out, e);
	if (e->ret)
		fprintf(out, "      returned %s\n", e->ret);
	if (e->has_task)
		render_task(out, e);
}

/* The repro VM's own probe programs (bpf/ktstr_probe.bpf.c). */
static bool is_probe_frame(const char *func)
{
	static const char *const probes[] = {
		"ktstr_kprobe", "ktstr_fentry", "ktstr_fexit", "ktstr_trigger_",
	};
	char name[REPRO_FUNC_LEN];
	size_t i;

	if (strncmp(func, "bpf_prog_", 9) ||
	    !repro_probe_name(func, name, sizeof(name)))
		return false;
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (!strncmp(name, probes[i], strlen(probes[i])))
			return true;
	return false;
}

/*
 * A frame worth no line: one every exit shares (the exit machinery,
 * trampolines, interrupt entry), the probes' own, the same function again
 * (its trampoline), or a function's first byte, which no call returns to:
 * a stale word the guess unwinder picked up.
 */
static bool skip_frame(const char *func, const char *off, const char *prev)
{
	return repro_frame_is_generic(func) || is_probe_frame(func) ||
	       !strcmp(func, prev) || (off && !strcmp(off, "+0x0"));
}

/*
 * A stack as the guest sent it, innermost first: BPF frames carry the src
 * of their line_info, kernel frames are looked up like events. Every frame
 * but the first is a return address, which points past its call (often
 * to the next line): it is looked up at ip - 1.
 */
static void render_frames(FILE *out, const char *indent,
			  const struct repro_frame *frames, size_t n,
			  const char *vmlinux)
{
	char func[REPRO_FUNC_LEN], prev[REPRO_FUNC_LEN] = "", src[512];
	size_t i, shown = 0, hidden = 0;

	for (i = 0; i < n; i++) {
		const struct repro_frame *f = &frames[i];
		const char *off = f->func ? strchr(f->func, '+') : NULL;

		/* "name+0x1f" -> "name" */
		snprintf(func, sizeof(func), "%s", f->func ? f->func : "?");
		func[strcspn(func, "+")] = '\0';
		if (skip_frame(func, off, prev) || shown == REPRO_MAX_STACK) {
			hidden++;
			continue;
		}
		snprintf(prev, sizeof(prev), "%s", func);
		if (f->src)
			snprintf(src, sizeof(src), "%s", f->src);
		else if (!f->has_ip ||
			 repro_srcloc_lookup(vmlinux, i ? f->ip - 1 : f->ip,
					     func, src, sizeof(src)))
			src[0] = '\0';
		fprintf(out, "%s%s%s%s\n", indent, f->func ? f->func : "?",
			*src ? "  " : "", src);
		shown++;
	}
	if (hidden)
		fprintf(out, "%s(%zu generic, repeated or stale frame%s not shown)\n",
			indent, hidden, hidden == 1 ? "" : "s");
}

/* Where the exit was raised, as the trigger saw it. */
static void render_trigger_stack(FILE *out, const struct repro_payload *p,
				 const char *vmlinux)
{
	if (!p->meta.nr_stack)
		return;
	fprintf(out, "exit raised at:\n");
	render_frames(out, "  ", p->meta.stack, p->meta.nr_stack, vmlinux);
}

/* The kernel stacks the guest sent with the chain's last events. */
static void render_event_stacks(FILE *out, const struct repro_payload *p,
				size_t first, const char *vmlinux)
{
	size_t i, n = 0;

	for (i = first; i < p->nr_events; i++) {
		const struct repro_event *e = &p->events[i];

		if (!e->nr_stack)
			continue;
		if (!n++)
			fprintf(out, "stacks of the last events:\n");
		fprintf(out, "  %s [%s%s] cpu%d %s[%d]:\n", e->func,
			e->bpf ? "BPF " : "", repro_probe_kind_name(e->kind),
			e->cpu, e->comm, e->pid);
		render_frames(out, "    ", e->stack, e->nr_stack, vmlinux);
	}
}

int repro_render_events(FILE *out, const struct repro_payload *p,
			const char *vmlinux, size_t last)
{
	long *exit_of, *entry_of;
	size_t i, first;

	if (!p->nr_events) {
		render_trigger_stack(out, p, vmlinux);
		return 0;
	}
	exit_of = calloc(p->nr_events, sizeof(*exit_of));
	entry_of = calloc(p->nr_events, sizeof(*entry_of));
	if (!exit_of || !entry_of) {
		free(exit_of);
		free(entry_of);
		return -ENOMEM;
	}
	repro_pair_events(p, exit_of, entry_of);
	fprintf(out, "probe chain: %zu event%s", p->nr_events,
		p->nr_events == 1 ? "" : "s");
	/* the op's task is the one stitched on; current may be idle */
	if (p->meta.stitch && !strcmp(p->meta.stitch, "trigger_cpu"))
		fprintf(out, " on CPU %d, where the exit was raised (no task was tied to it)",
			p->meta.has_trigger_cpu ? p->meta.trigger_cpu : -1);
	else if (p->meta.stitch && strcmp(p->meta.stitch, "trigger_task"))
		fprintf(out, " of %s",
			!strcmp(p->meta.stitch, "most_frequent") ?
			"the task most often probed (best effort: no task was tied to the exit)" :
			"every task (not stitched)");
	else if (p->meta.has_trigger_task)
		fprintf(out, " of %s[%d], the task of the op that hit the exit",
			p->meta.trigger_task.comm, p->meta.trigger_task.pid);
	else if (p->meta.has_trigger_pid)
		fprintf(out, " of %s[%d], the task that hit the exit",
			p->meta.trigger_comm, p->meta.trigger_pid);
	if (p->meta.stitch)
		fprintf(out, " (stitch: %s)", p->meta.stitch);
	fprintf(out, "\n");
	first = last && p->nr_events > last ? p->nr_events - last : 0;
	if (first)
		fprintf(out, "  [... %zu earlier events ...]\n", first);
	for (i = first; i < p->nr_events; i++)
		render_event(out, p, i, entry_of[i], vmlinux);
	render_event_stacks(out, p, first, vmlinux);
	render_trigger_stack(out, p, vmlinux);
	free(exit_of);
	free(entry_of);
	return 0;
}
