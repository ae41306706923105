// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-repro stack extraction: which functions the repro VM is asked to
 * probe, from a real scx_qmap crash capture (data/6.12/qmap-error-console.txt:
 * kernel console and scheduler log with its DEBUG DUMP in one file), from
 * logs cut short, and from the console when the log has nothing. Links
 * host/repro_extract.c and host/repro_decode.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "unit_data.h"
#include "host/repro/repro_args.h"
#include "host/repro/repro_extract.h"

static const char *const qmap_funcs[] = {
	"qmap_enqueue", "do_enqueue_task", "put_prev_task_scx", "balance_scx",
	"put_prev_set_next_task",
};

static const char qmap_args[] =
	"--repro-funcs qmap_enqueue,do_enqueue_task,put_prev_task_scx,balance_scx,put_prev_set_next_task";

static const struct ktstr_text no_text;

static struct ktstr_text text(const char *s)
{
	return (struct ktstr_text){ s, strlen(s) };
}

/* The sample split where the scheduler's output starts: console, log. */
struct sample {
	char *buf;
	struct ktstr_text all, console, log;
};

static bool load_sample(struct sample *s)
{
	size_t len;
	const char *log;

	s->buf = unit_data_read(__FILE__, "6.12/qmap-error-console.txt", 0, &len);
	if (!s->buf)
		return false;
	log = strstr(s->buf, "\nstats  :");
	if (!log) {
		free(s->buf);
		return false;
	}
	s->all = (struct ktstr_text){ s->buf, len };
	s->console = (struct ktstr_text){ s->buf, log - s->buf };
	s->log = (struct ktstr_text){ log, len - (log - s->buf) };
	return true;
}

static void expect_qmap(struct __test_metadata *_metadata,
			const struct repro_stack *st, size_t nr)
{
	size_t i;

	ASSERT_EQ(nr, st->nr);
	for (i = 0; i < nr; i++)
		EXPECT_STREQ(qmap_funcs[i], st->funcs[i]);
}

/* The guest arguments auto-repro gives for @st, as a log shows them. */
static void guest_args(const struct repro_stack *st, int kind, char *buf,
		       size_t len)
{
	static char funcs[REPRO_FUNCS_LEN];
	struct ktstr_guest_args a = { 0 };

	repro_args_for(st, kind, funcs, &a.repro);
	ktstr_guest_args_format(&a, buf, len);
}

TEST(sample_log_backtrace)
{
	struct repro_stack st;
	struct sample s;
	char args[512];

	ASSERT_TRUE(load_sample(&s));
	EXPECT_EQ(5, repro_extract(s.log, s.console, &st));
	EXPECT_EQ(REPRO_STACK_LOG, (int)st.source);
	EXPECT_EQ(13U, st.nr_frames);
	expect_qmap(_metadata, &st, 5);
	guest_args(&st, 1025, args, sizeof(args));
	EXPECT_STREQ(qmap_args, args);
	EXPECT_EQ(1025, repro_exit_kind_from_text(s.log, no_text));
	free(s.buf);
}

/* The per-CPU task stacks further down the dump must not leak in. */
TEST(sample_whole_file_as_log)
{
	struct repro_stack st;
	struct sample s;

	ASSERT_TRUE(load_sample(&s));
	EXPECT_EQ(5, repro_extract(s.all, no_text, &st));
	EXPECT_EQ(REPRO_STACK_LOG, (int)st.source);
	expect_qmap(_metadata, &st, 5);
	free(s.buf);
}

TEST(sample_console_fallback)
{
	struct ktstr_text empty_log = text("stats  : enq=0 dsp=0\n");
	struct repro_stack st;
	struct sample s;

	ASSERT_TRUE(load_sample(&s));
	EXPECT_EQ(5, repro_extract(empty_log, s.console, &st));
	EXPECT_EQ(REPRO_STACK_CONSOLE, (int)st.source);
	expect_qmap(_metadata, &st, 5);
	EXPECT_EQ(1025, repro_exit_kind_from_text(empty_log, s.console));
	free(s.buf);
}

/*
 * The scheduler died mid-write: the dump has no closing ruler and may end
 * inside a frame line. Every cut gives the whole frames before it, in
 * order, and a frame cut before its "/0x<size>" is not guessed at.
 */
TEST(sample_log_cut_anywhere)
{
	size_t cut, first, last, nr_seen = 0;
	struct sample s;

	ASSERT_TRUE(load_sample(&s));
	first = strstr(s.log.s, "Backtrace:") - s.log.s;
	last = strstr(s.log.s, "QMAP FIFO[0]") - s.log.s;
	for (cut = first; cut <= last; cut++) {
		struct ktstr_text log = { s.log.s, cut };
		struct repro_stack st;

		repro_extract(log, no_text, &st);
		ASSERT_GE(st.nr, nr_seen);
		nr_seen = st.nr;
		expect_qmap(_metadata, &st, st.nr);
	}
	EXPECT_EQ(5U, nr_seen);
	free(s.buf);
}

TEST(sample_log_without_end_marker)
{
	struct repro_stack st;
	struct ktstr_text log;
	struct sample s;

	ASSERT_TRUE(load_sample(&s));
	log = (struct ktstr_text){
		s.log.s, strstr(s.log.s, "CPU states") - s.log.s
	};
	EXPECT_EQ(NULL, memmem(log.s, log.len, "EXIT:", 5));
	EXPECT_EQ(5, repro_extract(log, no_text, &st));
	expect_qmap(_metadata, &st, 5);
	free(s.buf);
}

TEST(console_with_timestamps_and_noise)
{
	struct ktstr_text con = text(
		"[    8.100000] sched_ext: BPF scheduler \"ktstr\" disabled (runtime error)\n"
		"[    8.100001] sched_ext: ktstr: bad dispatch\n"
		"[    8.100002]    scx_ops_error_kind+0x40/0x50\n"
		"[    8.100003]    ? dispatch_to_local_dsq+0x10/0x200\n"
		"[    8.100004]      hrtimer_interrupt+0xc1/0x167\n"
		"[    8.100005]      not_a_frame_but_nested+0x1/0x2\n"
		"[    8.100006]    bpf_prog_0123456789abcdef_ktstr_dispatch+0x1/0x9\n"
		"[    8.100007]    0xffffffffc0001234\n"
		"[    8.100008]    _raw_spin_lock+0x1/0x2\n"
		"[    8.100009]    balance_one+0x1/0x2\n"
		"[    8.100010]    balance_one+0x1/0x2\n"
		"[    8.100011] random: next message\n"
		"   late_frame+0x1/0x2\n");
	struct repro_stack st;

	EXPECT_EQ(3, repro_extract(no_text, con, &st));
	EXPECT_EQ(REPRO_STACK_CONSOLE, (int)st.source);
	EXPECT_STREQ("dispatch_to_local_dsq", st.funcs[0]);
	EXPECT_STREQ("ktstr_dispatch", st.funcs[1]);
	EXPECT_STREQ("balance_one", st.funcs[2]);
	EXPECT_EQ(1024, repro_exit_kind_from_text(no_text, con));
}

TEST(nothing_found_means_discover)
{
	struct ktstr_text log = text("DEBUG DUMP\n====\n\nBacktrace:\n"
				     "  __schedule+0x1/0x2\n\n");
	struct repro_stack st;
	char args[64];

	EXPECT_EQ(0, repro_extract(log, text("booted\n"), &st));
	EXPECT_EQ(REPRO_STACK_NONE, (int)st.source);
	guest_args(&st, 1025, args, sizeof(args));
	EXPECT_STREQ("--repro-discover", args);
	EXPECT_EQ(-1, repro_exit_kind_from_text(log, text("booted\n")));
}

TEST(stall_asks_for_no_probes)
{
	struct ktstr_text log = text("DEBUG DUMP\n====\n\n"
		"kworker/0:1[12] triggered exit kind 1026:\n"
		"  runnable task stall (spin[80] failed to run for 30s)\n\n"
		"Backtrace:\n  scx_watchdog_workfn+0x1/0x2\n\n");
	struct repro_stack st;
	char args[64];

	repro_extract(log, no_text, &st);
	EXPECT_EQ(1026, repro_exit_kind_from_text(log, no_text));
	guest_args(&st, 1026, args, sizeof(args));
	EXPECT_STREQ("--repro-stall", args);
	EXPECT_EQ(1026, repro_exit_kind_from_text(no_text,
		text("sched_ext: BPF scheduler \"qmap\" disabled (runnable task stall)\n")));
}

/* The list travels in the initramfs: all 64 frames fit, whole. */
TEST(args_keep_every_function)
{
	static struct repro_stack st;
	char funcs[REPRO_FUNCS_LEN], *p;
	struct ktstr_guest_repro r;
	size_t i;

	st.nr = REPRO_MAX_FUNCS;
	for (i = 0; i < st.nr; i++) {
		memset(st.funcs[i], 'a' + i % 26, REPRO_FUNC_LEN - 1);
		st.funcs[i][REPRO_FUNC_LEN - 1] = '\0';
	}
	repro_args_for(&st, 1025, funcs, &r);
	ASSERT_EQ(KTSTR_REPRO_FUNCS, (int)r.mode);
	EXPECT_EQ((size_t)(REPRO_MAX_FUNCS * REPRO_FUNC_LEN - 1), strlen(r.funcs));
	for (i = 0, p = funcs; i < st.nr; i++, p += REPRO_FUNC_LEN)
		EXPECT_EQ(0, strncmp(p, st.funcs[i], REPRO_FUNC_LEN - 1));
}

TEST(parse_frame)
{
	char name[REPRO_FUNC_LEN];
	size_t indent;

#define FRAME(s)	repro_parse_frame(s, strlen(s), name, sizeof(name), &indent)
	EXPECT_EQ(1, FRAME("  do_enqueue_task+0x130/0x333"));
	EXPECT_STREQ("do_enqueue_task", name);
	EXPECT_EQ(2U, indent);
	EXPECT_EQ(1, FRAME("\tfoo.isra.0+0x1/0x2 [mod]\r"));
	EXPECT_STREQ("foo.isra.0", name);
	EXPECT_EQ(1, FRAME("  ? bar+0x1/0x2"));
	EXPECT_STREQ("bar", name);
	EXPECT_EQ(0, FRAME("    0xffffffffc0001234"));
	EXPECT_EQ(-EINVAL, FRAME("  do_enqueue_task+0x13"));
	EXPECT_EQ(-EINVAL, FRAME("  do_enqueue_task+0x130/"));
	EXPECT_EQ(-EINVAL, FRAME("  do_enqueue_task"));
	EXPECT_EQ(-EINVAL, FRAME("QMAP FIFO[0]:"));
	EXPECT_EQ(-EINVAL, FRAME("Backtrace:"));
	EXPECT_EQ(-EINVAL, FRAME(""));
	EXPECT_EQ(-EINVAL, FRAME("  foo+0x1/0x2 trailing"));
#undef FRAME
}

TEST(probe_names)
{
	char buf[REPRO_FUNC_LEN];

	EXPECT_TRUE(repro_probe_name("bpf_prog_a0f719a8ced6bf18_qmap_enqueue",
				     buf, sizeof(buf)));
	EXPECT_STREQ("qmap_enqueue", buf);
	EXPECT_FALSE(repro_probe_name("bpf_prog_a0f719a8ced6bf18", buf,
				      sizeof(buf)));
	EXPECT_TRUE(repro_probe_name("bpf_prog_free_deferred", buf,
				     sizeof(buf)));
	EXPECT_STREQ("bpf_prog_free_deferred", buf);
	EXPECT_FALSE(repro_probe_name("a_rather_long_name", buf, 8));
}

static void check_generic(struct __test_metadata *_metadata,
			  const char *sym, bool generic)
{
	EXPECT_EQ(generic, repro_frame_is_generic(sym))
		TH_LOG("%s", sym);
}

TEST(generic_frames)
{
	static const char *const generic[] = {
		"__schedule", "schedule", "schedule_timeout", "do_syscall_64",
		"entry_SYSCALL_64_after_hwframe", "__do_sys_sched_yield",
		"__x64_sys_sched_yield", "asm_sysvec_irq_work",
		"sysvec_irq_work", "__sysvec_irq_work", "irq_work_run",
		"irqentry_exit_to_user_mode", "_raw_spin_lock_irqsave",
		"bpf__sched_ext_ops_enqueue", "bpf_trampoline_6442451234",
		"scx_bpf_error_bstr", "__bstr_format", "scx_ops_error_kind",
		"scx_ops_error_irq_workfn", "scx_ops_exit_kind",
		"scx_dump_state", "stack_trace_save", "arch_stack_walk",
		"hrtimer_interrupt", "__hrtimer_run_queues",
		"tick_nohz_handler", "__sysvec_apic_timer_interrupt",
		"schedule.cold", "ftrace_regs_caller_end",
	};
	static const char *const specific[] = {
		"do_enqueue_task", "balance_scx", "put_prev_task_scx",
		"put_prev_set_next_task", "set_next_task_scx", "task_tick_scx",
		"bpf_prog_a0f719a8ced6bf18_qmap_enqueue", "scx_ops_enable_task",
		"dispatch_to_local_dsq", "finish_task_switch.isra.0",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(generic); i++)
		check_generic(_metadata, generic[i], true);
	for (i = 0; i < ARRAY_SIZE(specific); i++)
		check_generic(_metadata, specific[i], false);
}

TEST_HARNESS_MAIN
