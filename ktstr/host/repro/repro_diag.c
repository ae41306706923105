// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/scx_exit.h"
#include "host/repro/repro_decode.h"
#include "host/repro/repro_extract.h"
#include "host/repro/repro_payload.h"
#include "host/repro/repro_render.h"


/* "-22 (EINVAL)" */
static const char *errno_str(int err, char *buf, size_t size)
{
	const char *name = err < 0 ? strerrorname_np(-err) : NULL;

	if (name)
		snprintf(buf, size, "%d (%s)", err, name);
	else
		snprintf(buf, size, "%d", err);
	return buf;
}

static void list(FILE *out, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? ", " : "", v[i]);
}

/*
 * "kprobe do_enqueue_task 436, balance_scx 12; fentry qmap_enqueue 436":
 * each probe with the events it produced (and, past its budget, how
 * many the guest kept).
 */
static void attach_list(FILE *out, const struct repro_attach *v, size_t n)
{
	const char *kind = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *k = v[i].kind ? v[i].kind : "probe";

		if (!kind || strcmp(kind, k))
			fprintf(out, "%s%s ", kind ? "; " : "", k);
		else
			fprintf(out, ", ");
		fprintf(out, "%s %ld", v[i].name, v[i].events);
		if (v[i].kept < v[i].events)
			fprintf(out, " (kept %ld)", v[i].kept);
		kind = k;
	}
}

/* The exit kind the repro VM saw: the BPF counter's, else the meta's. */
static int exit_kind(const struct repro_payload *p)
{
	if (p->diag.has_last_exit_kind)
		return p->diag.last_exit_kind;
	if (p->meta.has_exit_kind)
		return p->meta.exit_kind;
	return -1;
}

/*
 * The trigger fired for an error. Its BPF counter counts every exit,
 * clean ones too; the meta says whether one of them was an error.
 */
static bool trigger_fired(const struct repro_payload *p)
{
	if (p->meta.present)
		return p->meta.trigger_fired;
	return p->diag.has_bpf && p->diag.trigger_fires > 0;
}

bool repro_payload_error_exit(const struct repro_payload *p,
			      int result_kind, int *kind)
{
	*kind = p->meta.trigger_fired && p->meta.has_exit_kind ?
		p->meta.exit_kind : exit_kind(p);
	/*
	 * The probes saw no exit at all: 6.12's clean unregistration never
	 * passes through scx_ops_exit_kind(), the trigger's function. The
	 * repro's own result then says how the scheduler exited.
	 */
	if (*kind <= 0 && result_kind > 0)
		*kind = result_kind;
	return trigger_fired(p);
}

int repro_why_no_events(const struct repro_payload *p, char *buf,
			size_t size)
{
	const struct repro_meta *m = &p->meta;
	/* stitching follows the op's task when there is one */
	const char *comm = m->has_trigger_task ? m->trigger_task.comm :
			   m->trigger_comm;
	int pid = m->has_trigger_task ? m->trigger_task.pid : m->trigger_pid;
	int kind = exit_kind(p);
	const char *name = scx_exit_kind_name(kind);
	char err[64];

	if (p->diag.trigger_attach_err)
		return snprintf(buf, size,
				"the exit trigger failed to attach (%s): nothing marked the exit",
				errno_str(p->diag.trigger_attach_err, err,
					  sizeof(err)));
	if (!trigger_fired(p) && kind > 0 && !scx_exit_kind_is_error(kind))
		return snprintf(buf, size,
				"the scheduler exited cleanly (exit kind %d %s): only errors fire the trigger",
				kind, name ? name : "?");
	if (!trigger_fired(p))
		return snprintf(buf, size,
				"the exit trigger never fired: the scheduler did not exit while probed");
	if (kind == SCX_EXIT_ERROR_STALL)
		return snprintf(buf, size,
				"a stall (exit kind 1026): the watchdog raised it, no task caused it, so no task's events were kept");
	if (kind == SCX_EXIT_ERROR && !m->has_trigger_task &&
	    !strncmp(m->trigger_comm, "kworker", 7))
		return snprintf(buf, size,
				"a generic error (exit kind 1024) raised from a kworker (%s[%d]): the task behind it is not the one that exited",
				m->trigger_comm, m->trigger_pid);
	if (kind == SCX_EXIT_ERROR_BPF || kind == SCX_EXIT_ERROR)
		return snprintf(buf, size,
				"a %s error (exit kind %d) by %s[%d], but no captured event belongs to that task",
				kind == SCX_EXIT_ERROR_BPF ? "BPF" : "runtime",
				kind, *comm ? comm : "?", pid);
	if (name)
		return snprintf(buf, size,
				"exit kind %d (%s) is not an error: there is no culprit task to follow",
				kind, name);
	return snprintf(buf, size,
			"exit kind %d is unknown to this ktstr: events cannot be matched to it",
			kind);
}

static void render_trigger(FILE *out, const struct repro_payload *p)
{
	const char *trigger = p->meta.trigger ? p->meta.trigger : "exit";
	int kind = exit_kind(p);
	const char *name = scx_exit_kind_name(kind);
	char err[64];

	fprintf(out, "  trigger: %s", trigger);
	if (p->diag.trigger_attach_err) {
		fprintf(out, " failed to attach: %s\n",
			errno_str(p->diag.trigger_attach_err, err,
				  sizeof(err)));
		return;
	}
	if (!trigger_fired(p)) {
		fprintf(out, " attached, never fired\n");
		return;
	}
	fprintf(out, " fired");
	if (p->diag.has_bpf && p->diag.trigger_fires > 1)
		fprintf(out, " %ld times", p->diag.trigger_fires);
	if (kind >= 0)
		fprintf(out, ", exit kind %d%s%s%s", kind, name ? " (" : "",
			name ? name : "", name ? ")" : "");
	if (p->meta.has_trigger_pid)
		fprintf(out, " in %s[%d]", p->meta.trigger_comm,
			p->meta.trigger_pid);
	if (p->meta.has_trigger_task)
		fprintf(out, ", op task %s[%d]", p->meta.trigger_task.comm,
			p->meta.trigger_task.pid);
	fprintf(out, "\n");
}

static void render_payload_state(FILE *out, const struct repro_payload *p)
{
	if (p->complete && !p->nr_bad)
		return;
	fprintf(out, "  payload: %s, %zu complete record%s",
		p->complete ? "complete" : "truncated (no end marker)",
		p->nr_lines - p->nr_bad, p->nr_lines - p->nr_bad == 1 ? "" : "s");
	if (p->nr_bad)
		fprintf(out, ", %zu unreadable line%s", p->nr_bad,
			p->nr_bad == 1 ? "" : "s");
	if (p->cut_line)
		fprintf(out, ", a partial last line dropped");
	fprintf(out, "\n");
}

void repro_render_diag(FILE *out, const struct repro_payload *p,
		       const struct repro_stack *st)
{
	const struct repro_diag *d = &p->diag;
	char why[512], err[64];
	size_t i;

	fprintf(out, "probe pipeline:\n");
	render_payload_state(out, p);
	if (st)
		fprintf(out, "  functions extracted: %zu from %s\n", st->nr,
			repro_stack_source_name(st->source));
	if (!d->present) {
		fprintf(out, "  diagnostics: missing (the repro VM stopped before sending them)\n");
		if (p->meta.present)
			render_trigger(out, p);
		fprintf(out, "  events: %zu received\n", p->nr_events);
		return;
	}
	if (!st)
		fprintf(out, "  functions extracted: %ld\n", d->extracted);
	fprintf(out, "  traceable: %zu", d->nr_traceable);
	if (d->nr_traceable) {
		fprintf(out, " (");
		list(out, d->traceable, d->nr_traceable);
		fprintf(out, ")");
	}
	fprintf(out, "; dropped: %zu", d->nr_dropped);
	if (d->nr_dropped) {
		fprintf(out, " (");
		list(out, d->dropped, d->nr_dropped);
		fprintf(out, ")");
	}
	fprintf(out, "\n  BPF programs discovered: %zu", d->nr_discovered);
	if (d->nr_discovered) {
		fprintf(out, " (");
		list(out, d->discovered, d->nr_discovered);
		fprintf(out, ")");
	}
	fprintf(out, "\n  probe targets: %ld\n", d->targets);
	fprintf(out, "  attached: %zu", d->nr_attached);
	if (d->nr_attached) {
		fprintf(out, " (");
		attach_list(out, d->attached, d->nr_attached);
		fprintf(out, ")");
	}
	fprintf(out, "\n  failed: %zu\n", d->nr_failed);
	for (i = 0; i < d->nr_failed; i++)
		fprintf(out, "    %s %s: %s\n",
			d->failed[i].kind ? d->failed[i].kind : "probe",
			d->failed[i].name,
			errno_str(d->failed[i].err, err, sizeof(err)));
	render_trigger(out, p);
	fprintf(out, "  events: %ld captured", d->captured);
	if (d->lost)
		fprintf(out, " (%ld lost)", d->lost);
	fprintf(out, ", %ld after stitch", d->after_stitch);
	if (p->meta.stitch)
		fprintf(out, " (%s)", p->meta.stitch);
	if (d->has_emitted && d->emitted != d->after_stitch)
		fprintf(out, ", %ld sent", d->emitted);
	if ((size_t)(d->has_emitted ? d->emitted : d->after_stitch) !=
	    p->nr_events)
		fprintf(out, ", %zu received", p->nr_events);
	fprintf(out, "\n");
	if (d->has_bpf)
		fprintf(out, "  BPF counters: %ld probe fires, %ld trigger fires, %ld ring buffer drops\n",
			d->probe_fires, d->trigger_fires, d->ringbuf_drops);
	if (d->collector_error && *d->collector_error)
		fprintf(out, "  collector error: %s\n", d->collector_error);
	if (!p->nr_events && !d->after_stitch) {
		repro_why_no_events(p, why, sizeof(why));
		fprintf(out, "  no events kept: %s\n", why);
	}
}
