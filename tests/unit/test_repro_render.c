// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-repro report rendering: the event chain of a captured payload
 * (data/repro-channel.txt) with decoded fields and entry -> exit changes,
 * the pipeline diagnostics, and the reason given when every event was
 * dropped. Links host/repro_{render,diag,payload,decode,srcloc,extract}.c
 * and host/util.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "host/repro/repro_extract.h"
#include "host/repro/repro_payload.h"
#include "host/repro/repro_render.h"

/* Render with @fn into a string (free it). */
struct out {
	char *s;
	size_t len;
	FILE *f;
};

static void out_open(struct out *o)
{
	o->s = NULL;
	o->f = open_memstream(&o->s, &o->len);
}

static const char *out_close(struct out *o)
{
	fclose(o->f);
	return o->s;
}

/* @what occurs in @text after @from; returns where, for ordering. */
static const char *after(const char *text, const char *from,
			 const char *what)
{
	const char *p = from ? strstr(text, from) : text;

	return p ? strstr(p, what) : NULL;
}

TEST(pairs_entries_with_exits)
{
	struct repro_event ev[6] = {
		{ .func = "a", .pid = 1, .kind = REPRO_PROBE_FENTRY },
		{ .func = "a", .pid = 2, .kind = REPRO_PROBE_FENTRY },
		{ .func = "a", .pid = 1, .kind = REPRO_PROBE_FENTRY },
		{ .func = "a", .pid = 1, .kind = REPRO_PROBE_FEXIT },
		{ .func = "a", .pid = 1, .kind = REPRO_PROBE_FEXIT },
		{ .func = "b", .pid = 1, .kind = REPRO_PROBE_FEXIT },
	};
	struct repro_payload p = { .events = ev, .nr_events = 6 };
	long exit_of[6], entry_of[6];

	repro_pair_events(&p, exit_of, entry_of);
	/* recursion pairs inside out; another task's entry stays open */
	EXPECT_EQ(3, exit_of[2]);
	EXPECT_EQ(4, exit_of[0]);
	EXPECT_EQ(-1, exit_of[1]);
	EXPECT_EQ(2, entry_of[3]);
	EXPECT_EQ(0, entry_of[4]);
	EXPECT_EQ(-1, entry_of[5]);
}

TEST(event_chain)
{
	struct repro_payload p;
	struct out o;
	const char *s;
	size_t len;
	char *buf;

	buf = unit_data_read(__FILE__, "repro-channel.txt", 1, &len);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	out_open(&o);
	ASSERT_EQ(0, repro_render_events(o.f, &p, NULL, 0));
	s = out_close(&o);
	TH_LOG("\n%s", s);

	EXPECT_NE(NULL, strstr(s, "probe chain: 5 events of init[59], the task of the op that hit the exit"));
	/* time order, relative to the first event */
	EXPECT_NE(NULL, strstr(s, "+0.000ms cpu0 init[59] balance_scx [kprobe]"));
	EXPECT_NE(NULL, after(s, "balance_scx [kprobe]",
			      "+0.002ms cpu0 init[59] do_enqueue_task [kprobe]"));
	/* kernel events without a vmlinux say so, BPF ones have their src */
	EXPECT_NE(NULL, strstr(s, "do_enqueue_task [kprobe] 0xffffffff810f0a10 (no vmlinux)"));
	EXPECT_NE(NULL, strstr(s, "qmap_enqueue [BPF fentry] scx_qmap.bpf.c:213"));
	/* typed arguments */
	EXPECT_NE(NULL, strstr(s, "rq (struct rq *) = 0xffff88803fc2a400"));
	EXPECT_NE(NULL, strstr(s, "sticky_cpu (int) = -1"));
	/* decoded task fields: cpus from a mask, DSQ names, flags */
	EXPECT_NE(NULL, after(s, "do_enqueue_task [kprobe]",
			      "cpus=0-3 dsq_id=SCX_DSQ_INVALID slice=0"));
	EXPECT_NE(NULL, strstr(s, "dsq_id=SCX_DSQ_LOCAL "));
	EXPECT_NE(NULL, strstr(s, "scx_flags=SCX_TASK_QUEUED|SCX_TASK_RESET_RUNNABLE_AT state=ENABLED"));
	/* the fexit shows what the callback changed */
	EXPECT_NE(NULL, strstr(s, "← qmap_enqueue [BPF fexit]"));
	EXPECT_NE(NULL, after(s, "← qmap_enqueue", "returned 0x0"));
	EXPECT_NE(NULL, after(s, "← qmap_enqueue",
			      "dsq_id    SCX_DSQ_INVALID → SCX_DSQ_LOCAL_ON|3"));
	EXPECT_NE(NULL, after(s, "← qmap_enqueue",
			      "enq_flags 0 → SCX_ENQ_PREEMPT"));
	EXPECT_NE(NULL, after(s, "← qmap_enqueue", "slice     0 → 20000000"));
	/* unchanged fields are not listed as changes */
	EXPECT_EQ(NULL, strstr(s, "weight    100 →"));
	EXPECT_NE(NULL, after(s, "← qmap_enqueue", "put_prev_task_scx [kprobe]"));
	/* then where the exit was raised, BPF frames with their source */
	EXPECT_NE(NULL, after(s, "put_prev_task_scx [kprobe]",
			      "exit raised at:\n  qmap_enqueue+0xdb  scx_qmap.bpf.c:225\n  do_enqueue_task+0x130\n  enqueue_task_scx+0x16a\n  (4 generic, repeated or stale frames not shown)\n"));
	free(o.s);
	repro_payload_free(&p);
	free(buf);
}

/* Only the last events before the exit; current at the exit is pid 0. */
TEST(event_chain_tail)
{
	struct repro_payload p;
	struct out o;
	const char *s;
	size_t len;
	char *buf, *pid;

	buf = unit_data_read(__FILE__, "repro-channel.txt", 1, &len);
	ASSERT_NE(NULL, buf);
	pid = strstr(buf, "\"trigger_pid\":59,\"trigger_comm\":\"init\"");
	ASSERT_NE(NULL, pid);
	memcpy(pid, "\"trigger_pid\":0, \"trigger_comm\":\"idle\"", 38);
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	out_open(&o);
	ASSERT_EQ(0, repro_render_events(o.f, &p, NULL, 2));
	s = out_close(&o);
	TH_LOG("\n%s", s);
	EXPECT_NE(NULL, strstr(s, "probe chain: 5 events of init[59], the task of the op that hit the exit (stitch: trigger_task)\n  [... 3 earlier events ...]\n  +0.013ms cpu0 init[59] ← qmap_enqueue [BPF fexit]"));
	EXPECT_EQ(NULL, strstr(s, "do_enqueue_task [kprobe]"));
	/* the exit's changes still compare against the entry left out */
	EXPECT_NE(NULL, strstr(s, "dsq_id    SCX_DSQ_INVALID → SCX_DSQ_LOCAL_ON|3"));
	free(o.s);
	/* an idle CPU (pid 0) was current at the exit */
	out_open(&o);
	repro_render_diag(o.f, &p, NULL);
	s = out_close(&o);
	EXPECT_NE(NULL, strstr(s, "exit kind 1025 (ERROR_BPF) in idle[0], op task init[59]\n"));
	free(o.s);
	repro_payload_free(&p);
	free(buf);
}

/* A chain not tied to the exit's task does not claim to be its. */
TEST(chain_header_by_stitch_mode)
{
	struct repro_payload p;
	struct out o;
	const char *s;
	size_t len;
	char *buf, *mode;

	buf = unit_data_read(__FILE__, "repro-channel.txt", 1, &len);
	ASSERT_NE(NULL, buf);
	mode = strstr(buf, "\"stitch\":\"trigger_task\"");
	ASSERT_NE(NULL, mode);
	/* one byte longer: the buffer has a spare byte */
	memmove(mode + 24, mode + 23, len - (mode + 23 - buf) + 1);
	memcpy(mode, "\"stitch\":\"most_frequent\"", 24);
	ASSERT_EQ(0, repro_payload_parse(buf, len + 1, &p));
	out_open(&o);
	ASSERT_EQ(0, repro_render_events(o.f, &p, NULL, 0));
	s = out_close(&o);
	EXPECT_NE(NULL, strstr(s, "probe chain: 5 events of the task most often probed (best effort: no task was tied to the exit) (stitch: most_frequent)\n"));
	free(o.s);
	repro_payload_free(&p);
	free(buf);
}

TEST(diagnostics)
{
	struct repro_stack st = { .source = REPRO_STACK_LOG, .nr = 5 };
	struct repro_payload p;
	struct out o;
	const char *s;
	size_t len;
	char *buf;

	buf = unit_data_read(__FILE__, "repro-channel.txt", 1, &len);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, repro_payload_parse(buf, len, &p));
	out_open(&o);
	repro_render_diag(o.f, &p, &st);
	s = out_close(&o);
	TH_LOG("\n%s", s);

	EXPECT_NE(NULL, strstr(s, "functions extracted: 5 from the scheduler log"));
	EXPECT_NE(NULL, strstr(s, "traceable: 5 (qmap_enqueue, do_enqueue_task, put_prev_task_scx, balance_scx, put_prev_set_next_task); dropped: 0"));
	EXPECT_NE(NULL, strstr(s, "BPF programs discovered: 5 (qmap_select_cpu,"));
	EXPECT_NE(NULL, strstr(s, "probe targets: 10"));
	/* the sample predates the counts: each produced 0, none cut */
	EXPECT_NE(NULL, strstr(s, "attached: 5 (kprobe do_enqueue_task 0, put_prev_task_scx 0, balance_scx 0; fentry qmap_enqueue 0; fexit qmap_enqueue 0)"));
	EXPECT_NE(NULL, strstr(s, "failed: 1\n    kprobe put_prev_set_next_task: -2 (ENOENT)"));
	EXPECT_NE(NULL, strstr(s, "trigger: kprobe:scx_ops_exit_kind fired, exit kind 1025 (ERROR_BPF) in init[59], op task init[59]\n"));
	EXPECT_NE(NULL, strstr(s, "events: 412 captured, 5 after stitch (trigger_task)"));
	EXPECT_NE(NULL, strstr(s, "BPF counters: 412 probe fires, 1 trigger fires, 0 ring buffer drops"));
	EXPECT_EQ(NULL, strstr(s, "no events kept"));
	EXPECT_EQ(NULL, strstr(s, "payload:"));
	free(o.s);

	/* the same payload cut after its third event */
	repro_payload_free(&p);
	ASSERT_EQ(0, repro_payload_parse(buf, strstr(buf, "\"put_prev_task_scx\",\"kind\"") - buf, &p));
	out_open(&o);
	repro_render_diag(o.f, &p, &st);
	s = out_close(&o);
	TH_LOG("\n%s", s);
	EXPECT_NE(NULL, strstr(s, "payload: truncated (no end marker), 5 complete records, a partial last line dropped"));
	EXPECT_NE(NULL, strstr(s, "diagnostics: missing"));
	EXPECT_NE(NULL, strstr(s, "trigger: kprobe:scx_ops_exit_kind fired, exit kind 1025 (ERROR_BPF) in init[59]"));
	EXPECT_NE(NULL, strstr(s, "events: 4 received"));
	free(o.s);
	repro_payload_free(&p);
	free(buf);
}

static const char *why(struct repro_payload *p, char *buf, size_t size)
{
	repro_why_no_events(p, buf, size);
	return buf;
}

TEST(why_every_event_was_dropped)
{
	struct repro_payload p = {
		.meta = { .present = true, .trigger_fired = true,
			  .has_trigger_pid = true, .trigger_pid = 59,
			  .trigger_comm = "stress" },
		.diag = { .present = true, .has_bpf = true, .captured = 340,
			  .trigger_fires = 1, .has_last_exit_kind = true },
	};
	char buf[512];

	p.diag.last_exit_kind = 1025;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "a BPF error (exit kind 1025) by stress[59], but no captured event belongs to that task"));
	p.diag.last_exit_kind = 1026;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)), "a stall (exit kind 1026)"));
	p.diag.last_exit_kind = 1024;
	snprintf(p.meta.trigger_comm, sizeof(p.meta.trigger_comm), "kworker/1:2");
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "a generic error (exit kind 1024) raised from a kworker (kworker/1:2[59])"));
	/* the op's task, when the guest names one, is the one followed */
	p.meta.has_trigger_task = true;
	p.meta.trigger_task.pid = 61;
	snprintf(p.meta.trigger_task.comm, sizeof(p.meta.trigger_task.comm),
		 "spin");
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "a runtime error (exit kind 1024) by spin[61], but no captured event belongs to that task"));
	p.diag.last_exit_kind = 1025;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "a BPF error (exit kind 1025) by spin[61]"));
	p.meta.has_trigger_task = false;
	p.diag.last_exit_kind = 2048;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)), "exit kind 2048 is unknown"));
	p.diag.last_exit_kind = 64;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)), "exit kind 64 (UNREG) is not an error"));
	/* Only errors fire it: a clean exit leaves it unfired. */
	p.meta.trigger_fired = false;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "the scheduler exited cleanly (exit kind 64 UNREG): only errors fire the trigger"));
	p.diag.has_last_exit_kind = false;
	p.meta.has_exit_kind = false;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)), "the exit trigger never fired"));
	p.diag.trigger_attach_err = -95;
	EXPECT_NE(NULL, strstr(why(&p, buf, sizeof(buf)),
			       "the exit trigger failed to attach (-95 (EOPNOTSUPP))"));
}

TEST(diag_says_why_when_nothing_is_left)
{
	static const char text[] =
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"type\":\"meta\",\"trigger\":\"kprobe:scx_ops_exit_kind\",\"trigger_fired\":true,\"exit_kind\":1026,\"trigger_pid\":12,\"trigger_comm\":\"kworker/0:1\",\"stitch\":\"none\"}\n"
		"{\"type\":\"diag\",\"extracted\":0,\"targets\":0,\"trigger_attach_err\":0,\"captured\":0,\"after_stitch\":0,\"bpf\":{\"probe_fires\":0,\"trigger_fires\":1,\"ringbuf_drops\":0,\"last_exit_kind\":1026}}\n"
		"KTSTR-PROBE-END\n";
	struct repro_payload p;
	struct out o;
	const char *s;

	ASSERT_EQ(0, repro_payload_parse(text, sizeof(text) - 1, &p));
	out_open(&o);
	repro_render_diag(o.f, &p, NULL);
	s = out_close(&o);
	TH_LOG("\n%s", s);
	EXPECT_NE(NULL, strstr(s, "functions extracted: 0\n"));
	EXPECT_NE(NULL, strstr(s, "exit kind 1026 (ERROR_STALL) in kworker/0:1[12]"));
	EXPECT_NE(NULL, strstr(s, "no events kept: a stall (exit kind 1026)"));
	free(o.s);
	repro_payload_free(&p);
}

/*
 * The guest sends the kernel stacks of the chain's last events (a real
 * payload's last three events, 6.12 scx_qmap -e, taken while the exit
 * dumped its state): they are shown under the chain, each under its
 * event, generic frames folded.
 */
TEST(last_events_stacks)
{
	size_t len = 0;
	char *text = unit_data_read(__FILE__, "6.12/repro-event-stacks.txt", 0,
				    &len);
	struct repro_payload p;
	struct out o;
	const char *s, *at;

	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, repro_payload_parse(text, len, &p));
	ASSERT_EQ(3U, p.nr_events);
	EXPECT_NE(0U, p.events[0].nr_stack);
	out_open(&o);
	repro_render_events(o.f, &p, NULL, 0);
	s = out_close(&o);
	TH_LOG("\n%s", s);
	at = after(s, "stacks of the last events:\n",
		   "  scx_dump_task [kprobe] cpu1 swapper/1[0]:\n");
	EXPECT_NE(NULL, at);
	EXPECT_NE(NULL, after(at, NULL, "    finish_task_switch.isra.0+0x12b\n"));
	/* the exit's own dump machinery is folded, as in the exit's stack */
	EXPECT_EQ(NULL, strstr(s, "scx_dump_state"));
	EXPECT_NE(NULL, strstr(s, "    (10 generic, repeated or stale frames not shown)\n"));
	EXPECT_NE(NULL, after(s, "  qmap_dump_task [BPF fentry] cpu1 swapper/1[0]:\n",
			      "    qmap_dump_task+0x9  scx_qmap.bpf.c:621\n"));
	/* the probe's own program and trampoline are not the scheduler's */
	EXPECT_EQ(NULL, strstr(s, "    bpf_prog_174d9abf5cd22f2e_ktstr_fentry9"));
	free(o.s);
	repro_payload_free(&p);
	free(text);
}

/* A chain stitched on the trigger's CPU says so, with the CPU. */
TEST(chain_on_the_trigger_cpu)
{
	static const char text[] =
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"type\": \"meta\", \"version\": 1, \"trigger\": \"kprobe:scx_ops_exit_kind\", \"trigger_fired\": true, \"exit_kind\": 1025, \"trigger_pid\": 0, \"trigger_comm\": \"swapper/1\", \"trigger_cpu\": 1, \"stitch\": \"trigger_cpu\"}\n"
		"{\"type\": \"event\", \"ts_ns\": 1, \"cpu\": 1, \"pid\": 0, \"comm\": \"swapper/1\", \"func\": \"balance_scx\", \"kind\": \"kprobe\", \"bpf\": false}\n"
		"KTSTR-PROBE-END\n";
	struct repro_payload p;
	struct out o;
	const char *s;

	ASSERT_EQ(0, repro_payload_parse(text, sizeof(text) - 1, &p));
	out_open(&o);
	repro_render_events(o.f, &p, NULL, 0);
	s = out_close(&o);
	EXPECT_NE(NULL, strstr(s, "probe chain: 1 event on CPU 1, where the exit was raised"));
	EXPECT_EQ(NULL, strstr(s, "every task"));
	free(o.s);
	repro_payload_free(&p);
}

/*
 * 6.12's clean unregistration (scx_ktstr -x in the repro VM) never passes
 * through scx_ops_exit_kind(): the trigger neither fired nor saw a kind
 * (the meta and diag records of that run, cut to two attach records). The
 * repro's result says kind 64, and that is what the report goes by.
 */
TEST(clean_exit_the_probes_never_saw)
{
	static const char text[] =
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"type\": \"meta\", \"version\": 1, \"kernel\": \"6.12.118\", \"trigger\": \"kprobe:scx_ops_exit_kind\", \"trigger_fired\": false, \"stitch\": \"most_frequent\", \"sent_at\": \"end\"}\n"
		"{\"type\": \"diag\", \"extracted\": 4, \"traceable\": [\"balance_scx\", \"do_nanosleep\", \"common_nsleep\", \"ktstr_dispatch\"], \"dropped\": [], \"discovered\": [\"ktstr_select_cpu\", \"ktstr_enqueue\", \"ktstr_dispatch\"], \"targets\": 40, \"attached\": [{\"name\": \"balance_scx\", \"kind\": \"kprobe\", \"events\": 3000, \"kept\": 2048}, {\"name\": \"balance_scx\", \"kind\": \"fexit\", \"events\": 3000, \"kept\": 2048}], \"failed\": [], \"trigger_attach_err\": 0, \"captured\": 17038, \"lost\": 2294, \"after_stitch\": 6114, \"emitted\": 1000, \"collector_error\": \"\", \"bpf\": {\"probe_fires\": 17038, \"trigger_fires\": 0, \"ringbuf_drops\": 0, \"last_exit_kind\": -1}}\n"
		"KTSTR-PROBE-END\n";
	struct repro_payload p;
	int kind = 0;

	ASSERT_EQ(0, repro_payload_parse(text, sizeof(text) - 1, &p));
	EXPECT_FALSE(repro_payload_error_exit(&p, -1, &kind));
	EXPECT_EQ(-1, kind);
	EXPECT_FALSE(repro_payload_error_exit(&p, 64, &kind));
	EXPECT_EQ(64, kind);
	repro_payload_free(&p);
}

TEST_HARNESS_MAIN
