// SPDX-License-Identifier: GPL-2.0
/*
 * What sched_ext prints about an exit (common/scx_exit.c), read from real
 * captures of both kernels ktstr supports: scx_qmap -e on 6.12.117
 * (data/6.12/) and on 7.3.4 (data/7.3/), plus excerpts of them edited
 * only where a test needs a cut or a variant.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "common/scx_exit.h"
#include "guest/lib/kmsg.h"

static const char qmap_sched_log[] =
	"stats  : enq=366 dsp=366 delta=0 reenq=0 deq=0 core=0 enq_ddsp=36\n"
	"\n"
	"DEBUG DUMP\n"
	"================================================================================\n"
	"\n"
	"init[59] triggered exit kind 1025:\n"
	"  scx_bpf_error (test triggering error)\n"
	"\n"
	"Backtrace:\n"
	"  __bstr_format+0xe8/0x11a\n"
	"  bpf_prog_a0f719a8ced6bf18_qmap_enqueue+0xdb/0x326\n"
	"\n"
	"CPU states\n"
	"----------\n"
	"\n"
	"CPU 0   : nr_run=1 flags=0x1 cpu_rel=0 pnt_seq=4\n"
	"          curr=init[59] class=ext_sched_class\n"
	"\n"
	"================================================================================\n"
	"\n"
	"EXIT: scx_bpf_error (test triggering error)\n";

static const char qmap_kernel_log[] =
	"sched_ext: BPF scheduler \"qmap\" enabled\n"
	"sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf_error)\n"
	"sched_ext: qmap: test triggering error\n"
	"   __bstr_format+0xe8/0x11a\n";

static struct ktstr_text T(const char *s)
{
	return ktstr_text_of(s);
}

/* A capture's whole text; the test fails if it cannot be read. */
static char *capture(const char *name, size_t *len)
{
	return unit_data_read(__FILE__, name, 0, len);
}

TEST(kind_table)
{
	EXPECT_STREQ("NONE", scx_exit_kind_name(0));
	EXPECT_STREQ("DONE", scx_exit_kind_name(1));
	EXPECT_STREQ("UNREG", scx_exit_kind_name(64));
	EXPECT_STREQ("UNREG_BPF", scx_exit_kind_name(65));
	EXPECT_STREQ("UNREG_KERN", scx_exit_kind_name(66));
	EXPECT_STREQ("SYSRQ", scx_exit_kind_name(67));
	EXPECT_STREQ("PARENT", scx_exit_kind_name(68));
	EXPECT_STREQ("PARENT_KILL", scx_exit_kind_name(69));
	EXPECT_STREQ("ERROR", scx_exit_kind_name(1024));
	EXPECT_STREQ("ERROR_BPF", scx_exit_kind_name(1025));
	EXPECT_STREQ("ERROR_STALL", scx_exit_kind_name(1026));
	EXPECT_STREQ("ERROR_REENQ", scx_exit_kind_name(1027));
	EXPECT_STREQ("ERROR_RESCUE", scx_exit_kind_name(1028));
	EXPECT_EQ(NULL, scx_exit_kind_name(2));
	EXPECT_EQ(NULL, scx_exit_kind_name(1029));

	EXPECT_STREQ("unregistered from user space", scx_exit_kind_reason(64));
	EXPECT_STREQ("runnable task stall", scx_exit_kind_reason(1026));
	EXPECT_STREQ("killed by parent scheduler", scx_exit_kind_reason(69));
	EXPECT_STREQ("rescue bandwidth overload", scx_exit_kind_reason(1028));
	EXPECT_EQ(NULL, scx_exit_kind_reason(0));
	EXPECT_EQ(1025, scx_exit_kind_by_reason(T("scx_bpf_error")));
	EXPECT_EQ(67, scx_exit_kind_by_reason(T("disabled by sysrq-S")));
	EXPECT_EQ(66, scx_exit_kind_by_reason(T("unregistered from the main kernel")));
	EXPECT_EQ(1027, scx_exit_kind_by_reason(T("reenqueue limit")));
	EXPECT_EQ(-1, scx_exit_kind_by_reason(T("<UNKNOWN>")));
	EXPECT_EQ(-1, scx_exit_kind_by_reason(T("scx_bpf_erro")));
	EXPECT_EQ(-1, scx_exit_kind_by_reason(T("")));
	EXPECT_TRUE(scx_exit_kind_is_error(1024));
	EXPECT_FALSE(scx_exit_kind_is_error(65));
}

TEST(qmap_log)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(T(qmap_sched_log), &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(1025, ex.kind);
	EXPECT_EQ(-1, ex.cpu);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("test triggering error", ex.msg);
	EXPECT_STREQ("init[59]", ex.task);
}

/* 6.12's capture: the scheduler's output and the kernel log in one file. */
TEST(capture_612)
{
	struct scx_exit ex;
	struct ktstr_text t, frames, after, line;
	struct scx_disabled d;
	size_t len;
	char *buf = capture("6.12/qmap-error-console.txt", &len);

	ASSERT_NE(NULL, buf);
	t = (struct ktstr_text){ buf, len };
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(t, &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_EQ(-1, ex.cpu);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("test triggering error", ex.msg);

	ASSERT_TRUE(scx_console_after_disabled(t, &after, &d));
	EXPECT_FALSE(d.sub_sched);
	EXPECT_EQ(4U, d.name.len);
	EXPECT_EQ(0, memcmp(d.name.s, "qmap", 4));
	EXPECT_EQ(1025, scx_exit_kind_by_reason(d.reason));

	ASSERT_TRUE(scx_dump_backtrace(t, &frames));
	ASSERT_TRUE(ktstr_text_next_line(&frames, &line));
	EXPECT_TRUE(ktstr_text_is(line, "__bstr_format+0xe8/0x11a"));
	free(buf);
}

/* 7.3's: "on CPU", the "file:line: " message prefix, "qmap: root". */
TEST(capture_73)
{
	struct scx_exit ex;
	struct scx_dump_block b;
	struct scx_disabled d;
	struct ktstr_text t, frames, after, line;
	size_t len;
	char *buf = capture("7.3/qmap-error-console.txt", &len);

	ASSERT_NE(NULL, buf);
	t = (struct ktstr_text){ buf, len };
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(t, &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_EQ(0, ex.cpu);
	EXPECT_STREQ("init[77]", ex.task);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("scx_qmap.bpf.c:434: test triggering error", ex.msg);

	ASSERT_EQ(0, scx_dump_block_find(t, &b));
	EXPECT_TRUE(b.closed);
	ASSERT_TRUE(ktstr_text_next_line(&b.body, &line));
	EXPECT_TRUE(ktstr_text_is(line, "qmap: root"));
	ASSERT_TRUE(ktstr_text_next_line(&b.body, &line));
	EXPECT_TRUE(ktstr_text_is(line, "init[77] triggered exit kind 1025 on CPU 0:"));

	ASSERT_TRUE(scx_dump_backtrace(t, &frames));
	ASSERT_TRUE(ktstr_text_next_line(&frames, &line));
	EXPECT_TRUE(ktstr_text_is(line, "scx_exit_bstr+0xb8/0xd8"));

	/* The kernel log's copy, with printk timestamps. */
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_kmsg(t, "qmap", &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("scx_qmap.bpf.c:434: test triggering error", ex.msg);
	ASSERT_TRUE(scx_console_after_disabled(t, &after, &d));
	ASSERT_TRUE(ktstr_text_next_line(&after, &line));
	ASSERT_TRUE(ktstr_text_next_line(&after, &line));
	EXPECT_TRUE(ktstr_text_is(ktstr_text_skip_printk_time(line),
				  "scx_exit_bstr+0xb8/0xd8"));
	free(buf);
}

/*
 * 7.3's watchdog: scx_ktstr -s 100 -w 3000 on 7.3.4, its own output and
 * the console interleaved, the rescue-threshold warning before "enabled".
 */
TEST(capture_73_stall)
{
	struct scx_exit ex;
	struct scx_dump_block b;
	struct scx_disabled d;
	struct ktstr_text t, after, line;
	size_t len;
	char *buf = capture("7.3/ktstr-stall-console.txt", &len);

	ASSERT_NE(NULL, buf);
	t = (struct ktstr_text){ buf, len };
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(t, &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_STREQ("ERROR_STALL", scx_exit_kind_name(ex.kind));
	EXPECT_EQ(0, ex.cpu);
	EXPECT_STREQ("kworker/u8:2[31]", ex.task);
	EXPECT_STREQ("runnable task stall", ex.reason);
	EXPECT_STREQ("sh[48] failed to run for 3.648s", ex.msg);

	ASSERT_EQ(0, scx_dump_block_find(t, &b));
	ASSERT_TRUE(ktstr_text_next_line(&b.body, &line));
	EXPECT_TRUE(ktstr_text_is(line, "ktstr: root"));

	/* The warning is no exit: the disabled line is the one. */
	ASSERT_TRUE(scx_console_after_disabled(t, &after, &d));
	EXPECT_FALSE(d.sub_sched);
	EXPECT_EQ(1026, scx_exit_kind_by_reason(d.reason));
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_kmsg(t, "ktstr", &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_STREQ("sh[48] failed to run for 3.648s", ex.msg);
	free(buf);
}

TEST(trigger_line_forms)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	EXPECT_TRUE(scx_exit_parse_trigger(T("kworker/u8:1[42] triggered exit kind 1026 on CPU 3:"), &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_EQ(3, ex.cpu);
	EXPECT_STREQ("kworker/u8:1[42]", ex.task);
	scx_exit_init(&ex);
	EXPECT_TRUE(scx_exit_parse_trigger(T("init[1] triggered exit kind 1025:"), &ex));
	EXPECT_EQ(-1, ex.cpu);
	EXPECT_FALSE(scx_exit_parse_trigger(T("init[1] triggered exit kind 1025 on CPU :"), &ex));
	EXPECT_FALSE(scx_exit_parse_trigger(T("init[1] triggered exit kind 1025 on CPU 2"), &ex));
	EXPECT_FALSE(scx_exit_parse_trigger(T("init[1] triggered exit kind :"), &ex));
}

TEST(exit_line_with_cpu)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(T("EXIT: runnable task stall (kworker/0:1[9] failed to run for 3.5s) on CPU 1\n"), &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_EQ(1, ex.cpu);
	EXPECT_STREQ("kworker/0:1[9] failed to run for 3.5s", ex.msg);
}

TEST(disabled_line_forms)
{
	struct scx_disabled d;

	ASSERT_TRUE(scx_parse_disabled(T("[  3.2] sched_ext: BPF sub-scheduler \"child\" disabled (parent exiting)"), &d));
	EXPECT_TRUE(d.sub_sched);
	EXPECT_EQ(5U, d.name.len);
	EXPECT_EQ(68, scx_exit_kind_by_reason(d.reason));
	/* Cut before its reason: still the line, with no reason. */
	ASSERT_TRUE(scx_parse_disabled(T("sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf"), &d));
	EXPECT_EQ(NULL, d.reason.s);
	EXPECT_FALSE(scx_parse_disabled(T("sched_ext: BPF scheduler \"qmap\" enabled"), &d));
	EXPECT_FALSE(scx_parse_disabled(T("sched_ext: qmap: test triggering error"), &d));
}

TEST(qmap_kmsg)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_kmsg(T(qmap_kernel_log), "qmap", &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("test triggering error", ex.msg);
}

TEST(kmsg_with_console_prefix)
{
	static const char console[] =
		"[    8.101] sched_ext: BPF scheduler \"qmap\" disabled (runnable task stall)\n"
		"[    8.102] sched_ext: qmap: kworker/1:2[40] failed to run for 30.520s\n";
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_kmsg(T(console), "qmap", &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_STREQ("kworker/1:2[40] failed to run for 30.520s", ex.msg);
}

TEST(kmsg_other_scheduler)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	EXPECT_EQ(-ENOENT, scx_exit_from_kmsg(T(qmap_kernel_log), "simple", &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_EQ(-ENOENT, scx_exit_from_kmsg(T(""), "qmap", &ex));
	EXPECT_EQ(0, scx_exit_from_kmsg(T(qmap_kernel_log), NULL, &ex));
}

/* The last disable wins: a scheduler that restarted (hotplug) exits twice. */
TEST(kmsg_last_exit_wins)
{
	static const char twice[] =
		"sched_ext: BPF scheduler \"simple\" disabled (unregistered from the main kernel)\n"
		"sched_ext: BPF scheduler \"simple\" enabled\n"
		"sched_ext: BPF scheduler \"simple\" disabled (unregistered from user space)\n";
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_kmsg(T(twice), "simple", &ex));
	EXPECT_EQ(64, ex.kind);
	EXPECT_STREQ("", ex.msg);
}

/* SIGINT: UEI_REPORT() prints the reason only; no dump, no message. */
TEST(clean_unregister)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(
		T("local=12 global=3\nEXIT: unregistered from user space\n"), &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(64, ex.kind);
	EXPECT_STREQ("unregistered from user space", ex.reason);
	EXPECT_STREQ("", ex.msg);
	EXPECT_STREQ("", ex.task);
}

/* A kind a later kernel may add: the number is kept, the name is not known. */
TEST(unknown_kind)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(T(
		"DEBUG DUMP\n====================\n\n"
		"stress[77] triggered exit kind 2048:\n"
		"  some new reason (with detail)\n"), &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(2048, ex.kind);
	EXPECT_EQ(NULL, scx_exit_kind_name(ex.kind));
	EXPECT_STREQ("some new reason", ex.reason);
	EXPECT_STREQ("with detail", ex.msg);
	EXPECT_STREQ("stress[77]", ex.task);
}

TEST(unknown_reason_without_kind)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(T("EXIT: something else\n"), &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_STREQ("something else", ex.reason);
}

TEST(message_with_parentheses)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(
		T("EXIT: scx_bpf_error (bad (nested) value (x))\n"), &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("bad (nested) value (x)", ex.msg);
}

TEST(bad_trigger_line)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	EXPECT_EQ(-ENOENT, scx_exit_from_log(
		T("init[1] triggered exit kind :\nx triggered exit kind 12\n"), &ex));
	EXPECT_FALSE(ex.has_kind);
}

TEST(no_exit_information)
{
	struct scx_exit ex;

	scx_exit_init(&ex);
	EXPECT_EQ(-ENOENT, scx_exit_from_log(T(
		"libbpf: prog 'qmap_enqueue': failed to load: -22\n"
		"EXITING\n"), &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_STREQ("", ex.reason);
	EXPECT_EQ(-ENOENT, scx_exit_from_log(T(""), &ex));
}

TEST(dump_block)
{
	static const char last[] =
		"          curr=init[59] class=ext_sched_class\n";
	struct scx_dump_block b;

	ASSERT_EQ(0, scx_dump_block_find(T(qmap_sched_log), &b));
	EXPECT_TRUE(b.closed);
	EXPECT_EQ(0, strncmp(b.body.s, "init[59] triggered exit kind 1025:\n", 35));
	EXPECT_EQ(NULL, memmem(b.body.s, b.body.len, "=====", 5));
	EXPECT_EQ(NULL, memmem(b.body.s, b.body.len, "EXIT:", 5));
	/* Ends with the last dump line, its blank separator dropped. */
	ASSERT_GT(b.body.len, strlen(last));
	EXPECT_EQ(0, memcmp(last, b.body.s + b.body.len - strlen(last),
			    strlen(last)));
	/* The whole block: header to closing ruler, the EXIT line outside. */
	EXPECT_EQ(0, strncmp(b.whole.s, "DEBUG DUMP\n", 11));
	EXPECT_EQ('\n', b.whole.s[b.whole.len - 1]);
	EXPECT_EQ(0, strncmp(b.whole.s + b.whole.len, "\nEXIT:", 6));
}

/* Killed mid-dump: no closing ruler, no EXIT line. */
TEST(missing_end_marker)
{
	static const char cut[] =
		"DEBUG DUMP\n"
		"================================================================================\n"
		"\n"
		"init[59] triggered exit kind 1025:\n"
		"  scx_bpf_error (test triggering error)\n"
		"\n"
		"Backtrace:\n"
		"  __bstr_for";
	struct scx_dump_block b;
	struct scx_exit ex;

	ASSERT_EQ(0, scx_dump_block_find(T(cut), &b));
	EXPECT_FALSE(b.closed);
	EXPECT_EQ(0, strncmp(b.body.s, "init[59] triggered", 18));
	EXPECT_NE(NULL, memmem(b.body.s, b.body.len, "  __bstr_for", 12));
	scx_exit_init(&ex);
	ASSERT_EQ(0, scx_exit_from_log(T(cut), &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("test triggering error", ex.msg);
}

TEST(no_dump_in_log)
{
	struct scx_dump_block b;
	struct ktstr_text frames;

	EXPECT_EQ(-ENOENT, scx_dump_block_find(T("EXIT: unregistered from user space\n"), &b));
	EXPECT_FALSE(scx_dump_backtrace(T("EXIT: unregistered from user space\n"), &frames));
}

TEST(dump_from_trace_file)
{
	static const char trace[] =
		"# tracer: nop\n"
		"#\n"
		"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		"            init-59      [000] d.h2.     8.001: sched_ext_dump: init[59] triggered exit kind 1025:\n"
		"            init-59      [000] d.h2.     8.001: sched_ext_dump:   scx_bpf_error (test triggering error)\n"
		"            init-59      [000] d.h2.     8.001: sched_ext_dump:\x20\n"
		"     kworker/0:1-12      [000] d..1.     8.002: sched_switch: unrelated\n"
		"            init-59      [000] d.h2.     8.003: sched_ext_dump: Backtrace:\n";
	size_t len;
	char *out;

	EXPECT_EQ(4, scx_dump_from_events(T(trace), &out, &len));
	EXPECT_STREQ("init[59] triggered exit kind 1025:\n"
		     "  scx_bpf_error (test triggering error)\n"
		     "\n"
		     "Backtrace:\n", out);
	EXPECT_EQ(strlen(out), len);
	free(out);
	EXPECT_EQ(0, scx_dump_from_events(T("# tracer: nop\n"), &out, &len));
	EXPECT_EQ(NULL, out);
}

/* With tp_printk the console prints each event as a kernel message. */
TEST(dump_from_console_events)
{
	static const char console[] =
		"[    9.100] sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf_error)\n"
		"[    9.101] sched_ext_dump: init[59] triggered exit kind 1025 on CPU 1:\n"
		"[    9.102] sched_ext_dump:   scx_bpf_error (test triggering error)\n";
	struct ktstr_text body;
	char *out;

	EXPECT_EQ(2, scx_dump_from_events(T(console), &out, NULL));
	EXPECT_STREQ("init[59] triggered exit kind 1025 on CPU 1:\n"
		     "  scx_bpf_error (test triggering error)\n", out);
	free(out);
	EXPECT_FALSE(scx_dump_event_line(T("# sched_ext_dump: header"), &body));
	EXPECT_FALSE(scx_dump_event_line(T("sched_ext: qmap: oops"), &body));
}

TEST(kmsg_record)
{
	static const char rec[] =
		"3,812,8123456,-;sched_ext: qmap: test triggering error\n"
		" SUBSYSTEM=cpu\n";
	struct ktstr_buf b = KTSTR_BUF_INIT;

	ASSERT_EQ(0, ktstr_kmsg_record_text(rec, sizeof(rec) - 1, &b));
	EXPECT_STREQ("sched_ext: qmap: test triggering error\n", ktstr_buf_str(&b));
	EXPECT_EQ(-EINVAL, ktstr_kmsg_record_text("no header\n", 10, &b));
	ktstr_buf_free(&b);
}

/* 6.12's CPU states: four busy CPUs, pnt_seq, the ops.dump_cpu() line. */
TEST(cpu_states_612)
{
	struct scx_dump_cpu cpus[8];
	const struct scx_dump_cpu *c;
	size_t len;
	char *buf = capture("6.12/qmap-error-console.txt", &len);

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(4, scx_dump_cpus((struct ktstr_text){ buf, len }, cpus, 8));
	c = &cpus[0];
	EXPECT_EQ(0, c->cpu);
	EXPECT_EQ(1, c->nr_run);
	EXPECT_TRUE(c->has_flags);
	EXPECT_EQ(0x1UL, c->flags);
	EXPECT_STREQ("init", c->curr_comm);
	EXPECT_EQ(59, c->curr_pid);
	EXPECT_STREQ("ext_sched_class", c->curr_class);
	EXPECT_EQ(2U, c->nr_kv);
	EXPECT_STREQ("0", scx_dump_kv_get(c->kv, c->nr_kv, "cpu_rel"));
	EXPECT_STREQ("4", scx_dump_kv_get(c->kv, c->nr_kv, "pnt_seq"));
	EXPECT_EQ(NULL, scx_dump_kv_get(c->kv, c->nr_kv, "ksync"));
	EXPECT_STREQ("QMAP: dsp_idx=2 dsp_cnt=0 avg_weight=97 cpuperf_target=512",
		     c->ops);
	ASSERT_EQ(1U, c->nr_tasks);
	EXPECT_EQ(1U, c->all_tasks);
	EXPECT_TRUE(c->tasks[0].curr);
	EXPECT_EQ('R', c->tasks[0].state);
	EXPECT_STREQ("init", c->tasks[0].comm);
	EXPECT_EQ(59, c->tasks[0].pid);
	EXPECT_STREQ("+0ms", c->tasks[0].rest);
	EXPECT_STREQ("3/0x5", scx_dump_kv_get(c->tasks[0].kv,
					      c->tasks[0].nr_kv,
					      "scx_state/flags"));
	EXPECT_STREQ("(n/a)", scx_dump_kv_get(c->tasks[0].kv,
					      c->tasks[0].nr_kv, "dsq_id"));
	EXPECT_STREQ("f", scx_dump_kv_get(c->tasks[0].kv, c->tasks[0].nr_kv,
					  "cpus"));

	/* CPU 2 runs init[60] with init[57] queued behind it. */
	c = &cpus[2];
	EXPECT_EQ(2, c->cpu);
	EXPECT_EQ(2, c->nr_run);
	EXPECT_STREQ("7", scx_dump_kv_get(c->kv, c->nr_kv, "pnt_seq"));
	ASSERT_EQ(2U, c->nr_tasks);
	EXPECT_TRUE(c->tasks[0].curr);
	EXPECT_EQ(60, c->tasks[0].pid);
	EXPECT_FALSE(c->tasks[1].curr);
	EXPECT_STREQ("init", c->tasks[1].comm);
	EXPECT_EQ(57, c->tasks[1].pid);
	EXPECT_STREQ("2/104", scx_dump_kv_get(c->tasks[1].kv,
					      c->tasks[1].nr_kv,
					      "ops_state/qseq"));

	c = &cpus[3];
	EXPECT_EQ(3, c->cpu);
	EXPECT_STREQ("scx_qmap", c->curr_comm);
	EXPECT_EQ(53, c->curr_pid);
	EXPECT_STREQ("-12ms", c->tasks[0].rest);
	EXPECT_NE(NULL, strstr(c->ops, "dsp_cnt=3"));

	/* Fewer slots than CPUs: the count still says how many there are. */
	EXPECT_EQ(4, scx_dump_cpus((struct ktstr_text){ buf, len }, cpus, 1));
	EXPECT_EQ(0, cpus[0].cpu);
	EXPECT_EQ(4, scx_dump_cpus((struct ktstr_text){ buf, len }, NULL, 0));
	free(buf);
}

/* 7.3's: ksync instead of pnt_seq, the rescue line, "*root" tasks. */
TEST(cpu_states_73)
{
	struct scx_dump_cpu cpus[8];
	const struct scx_dump_cpu *c;
	struct scx_dump_block b;
	size_t len;
	char *buf = capture("7.3/qmap-error-console.txt", &len);

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(3, scx_dump_cpus((struct ktstr_text){ buf, len }, cpus, 8));
	c = &cpus[0];
	EXPECT_EQ(0, c->cpu);
	EXPECT_EQ(3, c->nr_run);
	EXPECT_EQ(0x1UL, c->flags);
	EXPECT_STREQ("init", c->curr_comm);
	EXPECT_EQ(77, c->curr_pid);
	EXPECT_STREQ("ext_sched_class", c->curr_class);
	EXPECT_STREQ("170", scx_dump_kv_get(c->kv, c->nr_kv, "ksync"));
	EXPECT_EQ(NULL, scx_dump_kv_get(c->kv, c->nr_kv, "pnt_seq"));
	EXPECT_STREQ("0", scx_dump_kv_get(c->kv, c->nr_kv, "rescue"));
	EXPECT_STREQ("0us", scx_dump_kv_get(c->kv, c->nr_kv, "budget"));
	EXPECT_STREQ("none[-1]", scx_dump_kv_get(c->kv, c->nr_kv,
						 "rescuing"));
	EXPECT_STREQ("QMAP: dsp_idx=1 dsp_cnt=0 avg_weight=97 cpuperf_target=512",
		     c->ops);
	EXPECT_EQ(3U, c->all_tasks);
	ASSERT_EQ(3U, c->nr_tasks);
	EXPECT_STREQ("*root -16ms", c->tasks[0].rest);
	EXPECT_STREQ("sleep", c->tasks[1].comm);
	EXPECT_EQ(1052, c->tasks[1].pid);
	EXPECT_STREQ("0x0", scx_dump_kv_get(c->tasks[1].kv,
					    c->tasks[1].nr_kv, "dsq_id"));
	EXPECT_STREQ("20000000", scx_dump_kv_get(c->tasks[1].kv,
						 c->tasks[1].nr_kv, "slice"));
	EXPECT_STREQ("rcu_sched", c->tasks[2].comm);

	c = &cpus[1];
	EXPECT_EQ(1, c->cpu);
	EXPECT_EQ(0x101UL, c->flags);
	EXPECT_STREQ("157", scx_dump_kv_get(c->kv, c->nr_kv, "ksync"));
	EXPECT_EQ(79, c->curr_pid);
	EXPECT_EQ(2, cpus[2].nr_run);
	EXPECT_EQ(2U, cpus[2].all_tasks);

	/* The dump block alone reads the same; "Event counters" ends it. */
	ASSERT_EQ(0, scx_dump_block_find((struct ktstr_text){ buf, len }, &b));
	EXPECT_EQ(3, scx_dump_cpus(b.body, cpus, 8));
	EXPECT_EQ(5U, cpus[2].nr_kv);
	free(buf);
}

TEST(cpu_states_variants)
{
	static const char dump[] =
		"CPU states\n"
		"----------\n"
		"\n"
		"CPU 5   : nr_run=0 flags=0x9 cpu_rel=1 pnt_seq=12\n"
		"          curr=Web Content[4242] class=idle_sched_class\n"
		"  cpus_to_kick   : 30\n"
		"  idle_to_kick   : 1,00000000\n"
		"\n"
		"  FOO: idle cpu\n"
		"  FOO: second line\n"
		"\n"
		"CPU 1234: nr_run=x flags=zz\n"
		"  R a]b [7][8] +3ms\n"
		"      dsq_id=0x8000000000000002\n"
		"\n"
		"~~~~ TRUNCATED ~~~~\n"
		"CPU 9   : nr_run=1 flags=0x1 cpu_rel=0 pnt_seq=1\n";
	struct scx_dump_cpu cpus[4];

	ASSERT_EQ(2, scx_dump_cpus(T(dump), cpus, 4));
	EXPECT_EQ(5, cpus[0].cpu);
	EXPECT_EQ(0, cpus[0].nr_run);
	EXPECT_EQ(0x9UL, cpus[0].flags);
	EXPECT_STREQ("Web Content", cpus[0].curr_comm);
	EXPECT_EQ(4242, cpus[0].curr_pid);
	EXPECT_STREQ("idle_sched_class", cpus[0].curr_class);
	EXPECT_STREQ("30", scx_dump_kv_get(cpus[0].kv, cpus[0].nr_kv,
					   "cpus_to_kick"));
	EXPECT_STREQ("1,00000000", scx_dump_kv_get(cpus[0].kv, cpus[0].nr_kv,
						   "idle_to_kick"));
	EXPECT_STREQ("FOO: idle cpu; FOO: second line", cpus[0].ops);
	EXPECT_EQ(0U, cpus[0].all_tasks);

	/* Numbers that do not parse stay as text; a comm with brackets. */
	EXPECT_EQ(1234, cpus[1].cpu);
	EXPECT_EQ(-1, cpus[1].nr_run);
	EXPECT_FALSE(cpus[1].has_flags);
	EXPECT_STREQ("x", scx_dump_kv_get(cpus[1].kv, cpus[1].nr_kv,
					  "nr_run"));
	EXPECT_EQ(-1, cpus[1].curr_pid);
	EXPECT_STREQ("", cpus[1].curr_comm);
	ASSERT_EQ(1U, cpus[1].nr_tasks);
	EXPECT_STREQ("a]b [7]", cpus[1].tasks[0].comm);
	EXPECT_EQ(8, cpus[1].tasks[0].pid);
	EXPECT_STREQ("+3ms", cpus[1].tasks[0].rest);
	EXPECT_STREQ("0x8000000000000002",
		     scx_dump_kv_get(cpus[1].tasks[0].kv,
				     cpus[1].tasks[0].nr_kv, "dsq_id"));

	EXPECT_EQ(-ENOENT, scx_dump_cpus(T(qmap_kernel_log), cpus, 4));
	EXPECT_EQ(0, scx_dump_cpus(T("CPU states\n----------\n"), cpus, 4));
	/* Cut inside a CPU's first line: the CPU is there, nothing else. */
	ASSERT_EQ(1, scx_dump_cpus(T("CPU states\n\nCPU 3   : nr_ru"), cpus, 4));
	EXPECT_EQ(3, cpus[0].cpu);
	EXPECT_EQ(-1, cpus[0].nr_run);
	/* The shared qmap log's single CPU. */
	ASSERT_EQ(1, scx_dump_cpus(T(qmap_sched_log), cpus, 4));
	EXPECT_EQ(59, cpus[0].curr_pid);
}

TEST_HARNESS_MAIN
