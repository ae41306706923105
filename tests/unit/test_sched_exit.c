// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler exit classification from the text a dying scheduler and the
 * kernel leave behind. The inputs are excerpts of a real capture of
 * "scx_qmap -e 500" on 6.12 (the scheduler's stderr and the kernel log).
 * Links guest/sched_exit.c, guest/kmsg.c and guest/strbuf.c only.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "guest/lib/kmsg.h"
#include "guest/sched/sched_exit.h"

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

TEST(kind_table)
{
	EXPECT_STREQ("NONE", ktstr_exit_kind_name(0));
	EXPECT_STREQ("DONE", ktstr_exit_kind_name(1));
	EXPECT_STREQ("UNREG", ktstr_exit_kind_name(64));
	EXPECT_STREQ("UNREG_BPF", ktstr_exit_kind_name(65));
	EXPECT_STREQ("UNREG_KERN", ktstr_exit_kind_name(66));
	EXPECT_STREQ("SYSRQ", ktstr_exit_kind_name(67));
	EXPECT_STREQ("ERROR", ktstr_exit_kind_name(1024));
	EXPECT_STREQ("ERROR_BPF", ktstr_exit_kind_name(1025));
	EXPECT_STREQ("ERROR_STALL", ktstr_exit_kind_name(1026));
	EXPECT_EQ(NULL, ktstr_exit_kind_name(2));
	EXPECT_EQ(NULL, ktstr_exit_kind_name(1027));

	EXPECT_STREQ("unregistered from user space", ktstr_exit_kind_reason(64));
	EXPECT_STREQ("runnable task stall", ktstr_exit_kind_reason(1026));
	EXPECT_EQ(NULL, ktstr_exit_kind_reason(0));
	EXPECT_EQ(1025, ktstr_exit_kind_by_reason("scx_bpf_error"));
	EXPECT_EQ(67, ktstr_exit_kind_by_reason("disabled by sysrq-S"));
	EXPECT_EQ(66, ktstr_exit_kind_by_reason("unregistered from the main kernel"));
	EXPECT_EQ(-1, ktstr_exit_kind_by_reason("<UNKNOWN>"));
	EXPECT_EQ(-1, ktstr_exit_kind_by_reason("scx_bpf_erro"));
}

TEST(qmap_log)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_log(qmap_sched_log, &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("test triggering error", ex.msg);
	EXPECT_STREQ("init[59]", ex.task);
}

TEST(qmap_kmsg)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_kmsg(qmap_kernel_log, "qmap", &ex));
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
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_kmsg(console, "qmap", &ex));
	EXPECT_EQ(1026, ex.kind);
	EXPECT_STREQ("kworker/1:2[40] failed to run for 30.520s", ex.msg);
}

TEST(kmsg_other_scheduler)
{
	struct ktstr_sched_exit ex = { 0 };

	EXPECT_EQ(-ENOENT, ktstr_sched_exit_from_kmsg(qmap_kernel_log, "simple", &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_EQ(-ENOENT, ktstr_sched_exit_from_kmsg("", "qmap", &ex));
}

/* The last disable wins: a scheduler that restarted (hotplug) exits twice. */
TEST(kmsg_last_exit_wins)
{
	static const char twice[] =
		"sched_ext: BPF scheduler \"simple\" disabled (unregistered from the main kernel)\n"
		"sched_ext: BPF scheduler \"simple\" enabled\n"
		"sched_ext: BPF scheduler \"simple\" disabled (unregistered from user space)\n";
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_kmsg(twice, "simple", &ex));
	EXPECT_EQ(64, ex.kind);
	EXPECT_STREQ("", ex.msg);
}

/* SIGINT: UEI_REPORT() prints the reason only; no dump, no message. */
TEST(clean_unregister)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_log(
		"local=12 global=3\nEXIT: unregistered from user space\n", &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(64, ex.kind);
	EXPECT_STREQ("unregistered from user space", ex.reason);
	EXPECT_STREQ("", ex.msg);
	EXPECT_STREQ("", ex.task);
}

/* A kind a later kernel may add: the number is kept, the name is not known. */
TEST(unknown_kind)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_log(
		"DEBUG DUMP\n====================\n\n"
		"stress[77] triggered exit kind 2048:\n"
		"  some new reason (with detail)\n", &ex));
	ASSERT_TRUE(ex.has_kind);
	EXPECT_EQ(2048, ex.kind);
	EXPECT_EQ(NULL, ktstr_exit_kind_name(ex.kind));
	EXPECT_STREQ("some new reason", ex.reason);
	EXPECT_STREQ("with detail", ex.msg);
	EXPECT_STREQ("stress[77]", ex.task);
}

TEST(unknown_reason_without_kind)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_log("EXIT: something else\n", &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_STREQ("something else", ex.reason);
}

TEST(message_with_parentheses)
{
	struct ktstr_sched_exit ex = { 0 };

	ASSERT_EQ(0, ktstr_sched_exit_from_log(
		"EXIT: scx_bpf_error (bad (nested) value (x))\n", &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("scx_bpf_error", ex.reason);
	EXPECT_STREQ("bad (nested) value (x)", ex.msg);
}

TEST(bad_trigger_line)
{
	struct ktstr_sched_exit ex = { 0 };

	EXPECT_EQ(-ENOENT, ktstr_sched_exit_from_log(
		"init[1] triggered exit kind :\nx triggered exit kind 12\n", &ex));
	EXPECT_FALSE(ex.has_kind);
}

TEST(no_exit_information)
{
	struct ktstr_sched_exit ex = { 0 };

	EXPECT_EQ(-ENOENT, ktstr_sched_exit_from_log(
		"libbpf: prog 'qmap_enqueue': failed to load: -22\n"
		"EXITING\n", &ex));
	EXPECT_FALSE(ex.has_kind);
	EXPECT_STREQ("", ex.reason);
	EXPECT_EQ(-ENOENT, ktstr_sched_exit_from_log("", &ex));
}

TEST(dump_from_log)
{
	static const char last[] =
		"          curr=init[59] class=ext_sched_class\n";
	struct ktstr_buf b = KTSTR_BUF_INIT;
	const char *s;

	ASSERT_EQ(0, ktstr_sched_dump_from_log(qmap_sched_log, &b));
	s = ktstr_buf_str(&b);
	EXPECT_EQ(0, strncmp(s, "init[59] triggered exit kind 1025:\n", 35));
	EXPECT_EQ(NULL, strstr(s, "====="));
	EXPECT_EQ(NULL, strstr(s, "EXIT:"));
	/* Ends with the last dump line, its blank separator dropped. */
	ASSERT_GT(b.len, strlen(last));
	EXPECT_STREQ(last, s + b.len - strlen(last));
	ktstr_buf_free(&b);
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
	struct ktstr_sched_exit ex = { 0 };
	struct ktstr_buf b = KTSTR_BUF_INIT;

	EXPECT_EQ(1, ktstr_sched_dump_from_log(cut, &b));
	EXPECT_EQ(0, strncmp(ktstr_buf_str(&b), "init[59] triggered", 18));
	EXPECT_NE(NULL, strstr(ktstr_buf_str(&b), "  __bstr_for"));
	ASSERT_EQ(0, ktstr_sched_exit_from_log(cut, &ex));
	EXPECT_EQ(1025, ex.kind);
	EXPECT_STREQ("test triggering error", ex.msg);
	ktstr_buf_free(&b);
}

TEST(no_dump_in_log)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;

	EXPECT_EQ(-ENOENT, ktstr_sched_dump_from_log("EXIT: unregistered from user space\n",
						     &b));
	EXPECT_EQ(0U, b.len);
}

TEST(dump_from_trace)
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
	struct ktstr_buf b = KTSTR_BUF_INIT;

	EXPECT_EQ(4, ktstr_sched_dump_from_trace(trace, &b));
	EXPECT_STREQ("init[59] triggered exit kind 1025:\n"
		     "  scx_bpf_error (test triggering error)\n"
		     "\n"
		     "Backtrace:\n", ktstr_buf_str(&b));
	ktstr_buf_free(&b);
	EXPECT_EQ(0, ktstr_sched_dump_from_trace("# tracer: nop\n", &b));
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

TEST_HARNESS_MAIN
