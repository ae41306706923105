// SPDX-License-Identifier: GPL-2.0
/*
 * Sending the payload (docs/probe-payload.md): once as soon as the exit
 * trigger fired (the watcher thread, probe_watch.c), so that a repro VM
 * that hangs, panics or is killed after the crash still delivers the
 * chain; and once more at the end of the test with the final counters.
 * The host keeps the last complete one.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "common/log.h"
#include "common/clock.h"
#include "common/fdio.h"
#include "common/protocol.h"
#include "guest/lib/sysfs.h"
#include "guest/probe/probe_int.h"

#define WAIT_MS		10000	/* for the trigger or sched_ext disabled */
#define POLL_MS		50
/* After the trigger: the BPF side records for its grace period more. */
#define SETTLE_MS	100

/* Keep probing through the scheduler's teardown, but not forever. */
static void wait_for_exit(struct ktstr_probe *p)
{
	long deadline = ktstr_now_ms() + WAIT_MS;
	struct ktstr_probe_bss bss;
	char state[32];

	while (ktstr_now_ms() < deadline) {
		ktstr_skel_read_bss(p->skel, &bss);
		if (bss.trigger_ts) {
			ktstr_sleep_ms(SETTLE_MS);
			return;
		}
		if (ktstr_read_text("/sys/kernel/sched_ext/state", state,
				    sizeof(state)) >= 0 &&
		    !strcmp(state, "disabled"))
			return;
		ktstr_sleep_ms(POLL_MS);
	}
}

static void fill_meta(const struct ktstr_probe *p,
		      const struct ktstr_probe_bss *bss,
		      struct ktstr_probe_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->trigger = p->trigger;
	m->trigger_fired = bss->trigger_ts != 0;
	m->exit_kind = bss->trigger_kind;
	m->trigger_pid = bss->trigger_pid;
	m->trigger_cpu = bss->trigger_cpu;
	m->trigger_ts_ns = bss->trigger_ts;
	memcpy(m->trigger_comm, bss->trigger_comm, sizeof(m->trigger_comm));
	m->trigger_task = bss->trigger_task;
}

static void fill_frame(const struct ktstr_probe *p, unsigned long long ip,
		       bool ret_addr, struct ktstr_probe_frame *f,
		       char *src, size_t len)
{
	const struct ktstr_bpf_prog *prog;
	const struct ktstr_ksym *ks;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	f->ip = ip;
	prog = ktstr_bpf_progs_lookup(&p->progs, ip);
	if (prog) {
		f->func = prog->name;
		for (i = 0; i < prog->nfuncs; i++)
			if (ip >= prog->func_addr[i] &&
			    ip - prog->func_addr[i] < prog->func_len[i])
				f->off = ip - prog->func_addr[i];
		/* A return address is past the call: look up the call. */
		if (!ktstr_bpf_prog_src(prog, ret_addr ? ip - 1 : ip, src,
					len))
			f->src = src;
		return;
	}
	ks = ktstr_syms_lookup(&p->syms, ip);
	if (ks) {
		f->func = ks->name;
		f->off = ip - ks->addr;
	}
}

/* A symbolized stack from the stack map; its frames' strings live in @st. */
struct stack_buf {
	struct ktstr_probe_frame frames[KTSTR_PROBE_STACK_DEPTH];
	char src[KTSTR_PROBE_STACK_DEPTH][KTSTR_PROBE_SRC_LEN];
	unsigned int n;
};

static const struct ktstr_probe_frame *
symbolize(const struct ktstr_probe *p, const unsigned long long *ips,
	  struct stack_buf *st)
{
	for (st->n = 0; st->n < KTSTR_PROBE_STACK_DEPTH && ips[st->n];
	     st->n++)
		fill_frame(p, ips[st->n], st->n > 0, &st->frames[st->n],
			   st->src[st->n], sizeof(st->src[st->n]));
	return st->n ? st->frames : NULL;
}

static const struct ktstr_probe_frame *load_stack(const struct ktstr_probe *p,
						  int id, struct stack_buf *st)
{
	unsigned long long ips[KTSTR_PROBE_STACK_DEPTH] = { 0 };
	__u32 key = id;

	st->n = 0;
	if (id < 0 ||
	    bpf_map_lookup_elem(ktstr_skel_stacks_fd(p->skel), &key, ips))
		return NULL;
	return symbolize(p, ips, st);
}

static void render(struct ktstr_probe *p, const struct ktstr_probe_bss *bss,
		   const struct ktstr_probe_event *evs,
		   const struct ktstr_stitch *st, const char *sent_at,
		   struct ktstr_buf *b)
{
	const struct ktstr_probe_frame *frames;
	struct ktstr_probe_meta m;
	struct utsname uts;
	struct stack_buf *sb;
	size_t i, first;

	sb = malloc(sizeof(*sb));
	if (!sb) {
		b->oom = true;
		return;
	}
	fill_meta(p, bss, &m);
	if (m.trigger_fired) {
		m.trigger_stack = symbolize(p, bss->trigger_stack, sb);
		m.trigger_nstack = sb->n;
	}
	m.kernel = uname(&uts) ? "" : uts.release;
	m.stitch = ktstr_stitch_mode_name(st->mode);
	m.sent_at = sent_at;
	first = st->n > KTSTR_PROBE_MAX_EMIT ? st->n - KTSTR_PROBE_MAX_EMIT : 0;

	p->diag.after_stitch = st->n;
	p->diag.emitted = st->n - first;
	p->diag.probe_fires = bss->probe_fires;
	p->diag.trigger_fires = bss->trigger_fires;
	p->diag.ringbuf_drops = bss->ringbuf_drops;
	p->diag.last_exit_kind = bss->last_exit_kind;
	snprintf(p->diag.collector_error, sizeof(p->diag.collector_error),
		 "%s", p->coll.error);

	ktstr_buf_add(b, KTSTR_PROBE_BEGIN "\n");
	ktstr_probe_render_meta(b, &m);
	ktstr_maps_render(&p->maps, b);
	for (i = first; i < st->n; i++) {
		const struct ktstr_probe_event *ev = &evs[st->idx[i]];

		frames = NULL;
		if (st->n - i <= KTSTR_PROBE_STACK_EVENTS)
			frames = load_stack(p, ev->stack_id, sb);
		ktstr_probe_render_event(b, ev, ev->target < p->ntargets ?
					 &p->targets[ev->target] : NULL,
					 frames, sb->n);
	}
	free(sb);
	ktstr_probe_render_diag(b, &p->diag, p->targets, p->ntargets);
	ktstr_buf_add(b, KTSTR_PROBE_END "\n");
}

/* The payload as things stand, to the test channel in one write. */
static int emit(struct ktstr_probe *p, const char *sent_at)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_event *evs = NULL;
	struct ktstr_stitch st = { 0 };
	struct ktstr_probe_bss bss;
	unsigned int pids[2], npids = 0, i;
	size_t n = 0;
	int err;

	ktstr_skel_read_bss(p->skel, &bss);
	/* The scheduler's state as close to the exit as we get. */
	if (!p->maps_read) {
		if (ktstr_maps_snapshot(&p->maps))
			pr_err("failure dump: out of memory");
		p->maps_read = true;
	}
	err = ktstr_collector_events(&p->coll, &evs, &n);
	if (err)
		goto out;
	p->diag.captured = p->coll.seen;
	p->diag.lost = p->coll.seen - n;
	for (i = 0; i < p->ntargets && i < KTSTR_PROBE_MAX_TARGETS; i++) {
		p->targets[i].events = p->coll.targets[i].seen;
		p->targets[i].kept = p->coll.targets[i].seen < p->coll.budget ?
				     p->coll.targets[i].seen : p->coll.budget;
	}
	if (bss.trigger_ts) {
		pids[npids++] = bss.trigger_pid;
		if ((bss.trigger_task.flags & KTSTR_TASK_VALID) &&
		    bss.trigger_task.pid != bss.trigger_pid)
			pids[npids++] = bss.trigger_task.pid;
	}
	err = ktstr_probe_stitch(evs, n, pids, npids,
				 bss.trigger_ts ? (int)bss.trigger_cpu : -1, &st);
	if (err)
		goto out;

	render(p, &bss, evs, &st, sent_at, &b);
	err = b.oom ? -ENOMEM : ktstr_write_all(p->chan_fd, ktstr_buf_str(&b),
						b.len);
out:
	if (err)
		pr_err("payload (%s): %s", sent_at, strerror(-err));
	ktstr_stitch_free(&st);
	ktstr_buf_free(&b);
	free(evs);
	return err;
}

int ktstr_probe_send_at_exit(struct ktstr_probe *p)
{
	ktstr_sleep_ms(SETTLE_MS);
	p->sent_at_exit = true;
	return emit(p, "exit");
}

int ktstr_probe_finish(struct ktstr_probe *p)
{
	unsigned int i;
	int err;

	if (p->finished)
		return -EALREADY;
	p->finished = true;
	/* A scheduler that never attached leaves the watcher waiting. */
	ktstr_watch_stop(p);
	/* Then no callback name could be matched either. */
	for (i = 0; i < p->pending.n && !p->callbacks_done; i++)
		ktstr_strv_add(&p->diag.dropped, p->pending.v[i]);
	/* Our probes on the scheduler's programs keep its maps alive too. */
	if (ktstr_maps_collect(&p->progs, &p->maps))
		pr_err("failure dump: out of memory");
	wait_for_exit(p);
	ktstr_collector_finish(&p->coll);
	err = emit(p, "end");
	ktstr_maps_free(&p->maps);
	return err;
}
