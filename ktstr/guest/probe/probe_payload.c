// SPDX-License-Identifier: GPL-2.0
/*
 * The lines of the probe payload (docs/probe-payload.md), one JSON object
 * each. Values that may not fit a JSON number exactly (addresses, masks,
 * flags) are hex strings.
 */
#include <stdio.h>

#include "guest/lib/jsonw.h"
#include "guest/lib/sysfs.h"
#include "guest/probe/probe_data.h"

const char *ktstr_probe_kind_name(unsigned int kind)
{
	switch (kind) {
	case KTSTR_EV_FENTRY:
		return "fentry";
	case KTSTR_EV_FEXIT:
		return "fexit";
	default:
		return "kprobe";
	}
}

static void kv_hex(struct ktstr_buf *b, bool first, const char *key,
		   unsigned long long v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%llx", v);
	jsonw_kv_str(b, first, key, s);
}

static void kv_ull(struct ktstr_buf *b, bool first, const char *key,
		   unsigned long long v)
{
	if (!first)
		ktstr_buf_add(b, ", ");
	jsonw_str(b, key);
	ktstr_buf_addf(b, ": %llu", v);
}

/* BPF gives comms NUL-terminated, but do not trust a fixed array. */
static void kv_comm(struct ktstr_buf *b, const char *key, const char *comm)
{
	char s[KTSTR_PROBE_COMM_LEN + 1];

	snprintf(s, sizeof(s), "%.*s", KTSTR_PROBE_COMM_LEN, comm);
	jsonw_kv_str(b, false, key, s);
}

static void render_arg_value(char *s, size_t len,
			     const struct ktstr_probe_arg *a,
			     unsigned long long v)
{
	unsigned int bits = a->size ? a->size * 8 : 64;
	long long sv;

	switch (a->fmt) {
	case KTSTR_ARG_SIGNED:
		sv = bits < 64 ? (long long)(v << (64 - bits)) >> (64 - bits) :
				 (long long)v;
		snprintf(s, len, "%lld", sv);
		break;
	case KTSTR_ARG_UNSIGNED:
		if (bits < 64)
			v &= (1ULL << bits) - 1;
		snprintf(s, len, "%llu", v);
		break;
	case KTSTR_ARG_BOOL:
		snprintf(s, len, "%s", (v & 0xff) ? "true" : "false");
		break;
	default:
		snprintf(s, len, "0x%llx", v);
		break;
	}
}

static void render_args(struct ktstr_buf *b,
			const struct ktstr_probe_event *ev,
			const struct ktstr_probe_target *t)
{
	static const struct ktstr_probe_arg unknown = {
		.type = "u64", .fmt = KTSTR_ARG_HEX,
	};
	unsigned int i, n = ev->nargs;
	char name[32], val[32];

	if (n > KTSTR_PROBE_MAX_ARGS)
		n = KTSTR_PROBE_MAX_ARGS;
	if (t && t->nargs < n)
		n = t->nargs;
	ktstr_buf_add(b, ", \"args\": [");
	for (i = 0; i < n; i++) {
		const struct ktstr_probe_arg *a = t ? &t->args[i] : &unknown;

		snprintf(name, sizeof(name), "%s", a->name);
		if (!name[0])
			snprintf(name, sizeof(name), "arg%u", i);
		render_arg_value(val, sizeof(val), a, ev->args[i]);
		ktstr_buf_add(b, i ? ", {" : "{");
		jsonw_kv_str(b, true, "name", name);
		jsonw_kv_str(b, false, "type", a->type[0] ? a->type : "u64");
		jsonw_kv_str(b, false, "value", val);
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
}

/* "key": [{"ip": ..., "func": "name+0x1f", "src": ...}, ...] */
static void render_frames(struct ktstr_buf *b, const char *key,
			  const struct ktstr_probe_frame *frames,
			  unsigned int n)
{
	char func[KTSTR_PROBE_NAME_LEN + 24];
	unsigned int i;

	ktstr_buf_add(b, ", ");
	jsonw_str(b, key);
	ktstr_buf_add(b, ": [");
	for (i = 0; i < n; i++) {
		const struct ktstr_probe_frame *f = &frames[i];

		ktstr_buf_add(b, i ? ", {" : "{");
		kv_hex(b, true, "ip", f->ip);
		if (f->func) {
			snprintf(func, sizeof(func), "%s+0x%llx", f->func,
				 f->off);
			jsonw_kv_str(b, false, "func", func);
		}
		if (f->src)
			jsonw_kv_str(b, false, "src", f->src);
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
}

/* The "task" object; @enq_flags_arg < 0 leaves enq_flags out. */
static void render_task(struct ktstr_buf *b, const char *key,
			const struct ktstr_probe_task *task,
			long long enq_flags_arg,
			const struct ktstr_probe_event *ev)
{
	char cpus[200];

	ktstr_buf_add(b, ", ");
	jsonw_str(b, key);
	ktstr_buf_add(b, ": {");
	jsonw_kv_long(b, true, "pid", task->pid);
	kv_comm(b, "comm", task->comm);
	ktstr_cpulist_format(task->cpus, cpus, sizeof(cpus));
	jsonw_kv_str(b, false, "cpus", cpus);
	if (task->flags & KTSTR_TASK_HAS_DSQ)
		kv_hex(b, false, "dsq_id", task->dsq_id);
	if (ev && enq_flags_arg >= 0 && enq_flags_arg < ev->nargs)
		kv_hex(b, false, "enq_flags", ev->args[enq_flags_arg]);
	kv_hex(b, false, "scx_flags", task->scx_flags);
	kv_ull(b, false, "slice", task->slice);
	kv_ull(b, false, "vtime", task->dsq_vtime);
	jsonw_kv_long(b, false, "weight", task->weight);
	ktstr_buf_addc(b, '}');
}

void ktstr_probe_render_event(struct ktstr_buf *b,
			      const struct ktstr_probe_event *ev,
			      const struct ktstr_probe_target *t,
			      const struct ktstr_probe_frame *stack,
			      unsigned int nstack)
{
	bool bpf = t && t->bpf;

	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "event");
	kv_ull(b, false, "ts_ns", ev->ts_ns);
	jsonw_kv_long(b, false, "cpu", ev->cpu);
	jsonw_kv_long(b, false, "pid", ev->pid);
	kv_comm(b, "comm", ev->comm);
	jsonw_kv_str(b, false, "func", t ? t->name : "?");
	jsonw_kv_str(b, false, "kind", ktstr_probe_kind_name(ev->kind));
	jsonw_kv_bool(b, false, "bpf", bpf);
	if (bpf && t->src[0])
		jsonw_kv_str(b, false, "src", t->src);
	kv_hex(b, false, "ip", ev->ip);
	render_args(b, ev, t);
	if (ev->task.flags & KTSTR_TASK_VALID)
		render_task(b, "task", &ev->task, t ? t->enq_flags_arg : -1,
			    ev);
	if (t && t->rq_arg >= 0 && ev->rq_cpu >= 0)
		jsonw_kv_long(b, false, "rq_cpu", ev->rq_cpu);
	if (ev->kind == KTSTR_EV_FEXIT && !(t && t->void_ret))
		kv_hex(b, false, "ret", ev->ret);
	if (stack)
		render_frames(b, "stack", stack, nstack);
	ktstr_buf_add(b, "}\n");
}

void ktstr_probe_render_meta(struct ktstr_buf *b,
			     const struct ktstr_probe_meta *m)
{
	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "meta");
	jsonw_kv_long(b, false, "version", 1);
	jsonw_kv_str(b, false, "kernel", m->kernel);
	jsonw_kv_str(b, false, "trigger", m->trigger);
	jsonw_kv_bool(b, false, "trigger_fired", m->trigger_fired);
	if (m->trigger_fired) {
		jsonw_kv_long(b, false, "exit_kind", m->exit_kind);
		jsonw_kv_long(b, false, "trigger_pid", m->trigger_pid);
		kv_comm(b, "trigger_comm", m->trigger_comm);
		jsonw_kv_long(b, false, "trigger_cpu", m->trigger_cpu);
		kv_ull(b, false, "trigger_ts_ns", m->trigger_ts_ns);
		if (m->trigger_task.flags & KTSTR_TASK_VALID)
			render_task(b, "trigger_task", &m->trigger_task, -1,
				    NULL);
		if (m->trigger_stack)
			render_frames(b, "trigger_stack", m->trigger_stack,
				      m->trigger_nstack);
	}
	jsonw_kv_str(b, false, "stitch", m->stitch);
	if (m->sent_at)
		jsonw_kv_str(b, false, "sent_at", m->sent_at);
	ktstr_buf_add(b, "}\n");
}

static void render_strv(struct ktstr_buf *b, const char *key,
			const struct ktstr_strv *sv)
{
	unsigned int i;

	ktstr_buf_add(b, ", ");
	jsonw_str(b, key);
	ktstr_buf_add(b, ": [");
	for (i = 0; i < sv->n; i++) {
		if (i)
			ktstr_buf_add(b, ", ");
		jsonw_str(b, sv->v[i]);
	}
	ktstr_buf_addc(b, ']');
}

static void render_targets(struct ktstr_buf *b, bool attached,
			   const struct ktstr_probe_target *targets,
			   unsigned int ntargets)
{
	bool first = true;
	unsigned int i;

	ktstr_buf_add(b, attached ? ", \"attached\": [" : ", \"failed\": [");
	for (i = 0; i < ntargets; i++) {
		const struct ktstr_probe_target *t = &targets[i];

		if (t->attached != attached)
			continue;
		ktstr_buf_add(b, first ? "{" : ", {");
		first = false;
		jsonw_kv_str(b, true, "name", t->name);
		jsonw_kv_str(b, false, "kind",
				  ktstr_probe_kind_name(t->kind));
		if (!attached) {
			jsonw_kv_long(b, false, "err", t->err);
		} else {
			jsonw_kv_u64(b, false, "events", t->events);
			jsonw_kv_u64(b, false, "kept", t->kept);
		}
		ktstr_buf_addc(b, '}');
	}
	ktstr_buf_addc(b, ']');
}

void ktstr_probe_render_diag(struct ktstr_buf *b,
			     const struct ktstr_probe_diag *d,
			     const struct ktstr_probe_target *targets,
			     unsigned int ntargets)
{
	ktstr_buf_addc(b, '{');
	jsonw_kv_str(b, true, "type", "diag");
	jsonw_kv_long(b, false, "extracted", d->extracted);
	render_strv(b, "traceable", &d->traceable);
	render_strv(b, "dropped", &d->dropped);
	render_strv(b, "discovered", &d->discovered);
	jsonw_kv_long(b, false, "targets", ntargets);
	render_targets(b, true, targets, ntargets);
	render_targets(b, false, targets, ntargets);
	jsonw_kv_long(b, false, "trigger_attach_err",
			   d->trigger_attach_err);
	kv_ull(b, false, "captured", d->captured);
	kv_ull(b, false, "lost", d->lost);
	kv_ull(b, false, "after_stitch", d->after_stitch);
	kv_ull(b, false, "emitted", d->emitted);
	jsonw_kv_str(b, false, "collector_error", d->collector_error);
	ktstr_buf_add(b, ", \"bpf\": {");
	kv_ull(b, true, "probe_fires", d->probe_fires);
	kv_ull(b, false, "trigger_fires", d->trigger_fires);
	kv_ull(b, false, "ringbuf_drops", d->ringbuf_drops);
	jsonw_kv_long(b, false, "last_exit_kind", d->last_exit_kind);
	ktstr_buf_add(b, "}}\n");
}
