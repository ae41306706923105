// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-repro verdict and tails: the status line of a repro without probe
 * data, periodic scheduler output collapsed, the console classified
 * (empty, garbage, text) and stripped of the dump. Links
 * host/repro_verdict.c and host/repro_decode.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/repro/repro_tails.h"
#include "host/repro/repro_verdict.h"

struct out {
	char *s;
	size_t len;
	FILE *f;
};

static FILE *out_open(struct out *o)
{
	o->s = NULL;
	o->f = open_memstream(&o->s, &o->len);
	return o->f;
}

static const char *out_close(struct out *o)
{
	fclose(o->f);
	return o->s;
}

static struct ktstr_text text(const char *s)
{
	return (struct ktstr_text){ s, strlen(s) };
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The verdict for @o, rendered (free it). */
static char *verdict(struct repro_outcome *o)
{
	struct out out;

	repro_render_verdict(out_open(&out), o);
	out_close(&out);
	return out.s;
}

TEST(verdict_lines)
{
	struct repro_outcome o = { .primary_reached_workload = true,
				   .vm_exit = "exited 0",
				   .last_stage = "workload" };
	char *s;

#define EXPECT_VERDICT(want) do {					\
		s = verdict(&o);					\
		EXPECT_STREQ("repro verdict: " want "\n", s);		\
		free(s);						\
	} while (0)

	o.end = REPRO_VM_NO_INIT;
	o.vm_exit = "killed by signal 9";
	EXPECT_VERDICT("inconclusive: the repro VM never reached /init (killed by signal 9)");
	o.end = REPRO_VM_TIMEOUT;
	o.timeout_s = 66;
	EXPECT_VERDICT("not reproduced in time: the repro VM timed out after 66 s (last stage: workload)");
	o.end = REPRO_VM_CRASHED;
	o.vm_exit = "exited 0";
	EXPECT_VERDICT("inconclusive: the repro VM's guest crashed before reporting (exited 0, last stage: workload)");

	o.end = REPRO_VM_REPORTED;
	o.sched_outcome = "died";
	o.has_exit_kind = true;
	o.exit_kind = 1025;
	o.exit_reason = "scx_bpf_error";
	o.exit_msg = "test triggering error";
	EXPECT_VERDICT("reproduced: the scheduler died again, exit kind 1025 ERROR_BPF: scx_bpf_error (test triggering error); no probe data came back");
	o.exit_kind = 1026;
	o.exit_reason = "runnable task stall";
	o.exit_msg = NULL;
	EXPECT_VERDICT("reproduced: the scheduler died again, exit kind 1026 ERROR_STALL: runnable task stall; no probe data came back");

	o.sched_outcome = "load_failed";
	o.has_exit_kind = false;
	o.exit_reason = o.exit_msg = NULL;
	o.result_reason = "scx_qmap: fd 5 is not pointing to valid bpf_map";
	EXPECT_VERDICT("inconclusive: the scheduler did not attach (load_failed): scx_qmap: fd 5 is not pointing to valid bpf_map");
	o.sched_outcome = "never_attached";
	o.result_reason = "state stayed disabled for 10 s";
	EXPECT_VERDICT("inconclusive: the scheduler did not attach (never_attached): state stayed disabled for 10 s");

	o.sched_outcome = "died";
	o.result_reason = NULL;
	o.has_exit_code = true;
	o.exit_code = 139;
	EXPECT_VERDICT("not reproduced as such: the scheduler exited with code 139, without a sched_ext error");

	o.sched_outcome = "clean";
	o.has_exit_code = false;
	EXPECT_VERDICT("not reproduced: the scheduler ran clean through the test");
	o.has_exit_kind = true;
	o.exit_kind = 64;
	o.exit_reason = "unregistered from user space";
	EXPECT_VERDICT("not reproduced: the scheduler was unloaded, exit kind 64 UNREG: unregistered from user space");
#undef EXPECT_VERDICT
}

TEST(warning_when_primary_never_ran_the_workload)
{
	struct repro_outcome o = { .end = REPRO_VM_REPORTED,
				   .sched_outcome = "clean" };
	char *s = verdict(&o);

	EXPECT_EQ(0, strncmp(s, "WARNING: the primary VM never reached the workload, so this repro says nothing about whether the crash reproduces\nrepro verdict: ", 129)) TH_LOG("%s", s);
	free(s);
	o.primary_reached_workload = true;
	s = verdict(&o);
	EXPECT_EQ(NULL, strstr(s, "WARNING"));
	free(s);
}

static const char qmap_log[] =
	"stats  : enq=0 dsp=0 delta=0 reenq=0 deq=0 core=0 enq_ddsp=0\n"
	"         exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n"
	"cpuperf: cur min/avg/max=0/0/0 target min/avg/max=0/0/0\n"
	"stats  : enq=43 dsp=42 delta=1 reenq=0 deq=0 core=0 enq_ddsp=6\n"
	"         exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n"
	"cpuperf: cur min/avg/max=1024/1024/1024 target min/avg/max=512/512/512\n"
	"stats  : enq=118 dsp=118 delta=0 reenq=0 deq=0 core=0 enq_ddsp=15\n"
	"         exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n"
	"cpuperf: cur min/avg/max=1024/1024/1024 target min/avg/max=512/512/512\n"
	"stats  : enq=262 dsp=261 delta=1 reenq=0 deq=0 core=0 enq_ddsp=22\n"
	"         exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n"
	"cpuperf: cur min/avg/max=1024/1024/1024 target min/avg/max=512/512/512\n"
	"stats  : enq=366 dsp=366 delta=0 reenq=0 deq=0 core=0 enq_ddsp=36\n"
	"         exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n"
	"cpuperf: cur min/avg/max=1024/1024/1024 target min/avg/max=512/512/512\n"
	"\n"
	"DEBUG DUMP\n"
	"================================================================================\n"
	"\n"
	"init[59] triggered exit kind 1025:\n"
	"  scx_bpf_error (test triggering error)\n"
	"\n"
	"================================================================================\n"
	"\n"
	"EXIT: scx_bpf_error (test triggering error)\n";

TEST(periodic_output_collapses)
{
	struct out o;
	const char *s;

	repro_print_collapsed(out_open(&o), "  ", text(qmap_log), 40);
	s = out_close(&o);
	TH_LOG("\n%s", s);
	/* five 3-line cycles: the latest kept, twelve lines hidden */
	EXPECT_EQ(0, strncmp(s, "  [... 12 similar lines ...]\n  stats  : enq=366 dsp=366", 55));
	EXPECT_EQ(NULL, strstr(s, "enq=262"));
	EXPECT_NE(NULL, strstr(s, "  EXIT: scx_bpf_error (test triggering error)\n"));
	free(o.s);

	/* the tail counts output lines, markers included */
	repro_print_collapsed(out_open(&o), "", text(qmap_log), 3);
	s = out_close(&o);
	EXPECT_EQ(3U, count_lines(s));
	EXPECT_STREQ("\nEXIT: scx_bpf_error (test triggering error)\n",
		     strstr(s, "\nEXIT"));
	free(o.s);

	/* lines that differ in words, not numbers, stay */
	repro_print_collapsed(out_open(&o), "", text("a 1\nb 2\nc 3\nd 4\n"), 40);
	s = out_close(&o);
	EXPECT_STREQ("a 1\nb 2\nc 3\nd 4\n", s);
	free(o.s);

	/* two repeats of one line are not worth a marker */
	repro_print_collapsed(out_open(&o), "", text("x 1\nx 2\ny\n"), 40);
	s = out_close(&o);
	EXPECT_STREQ("x 1\nx 2\ny\n", s);
	free(o.s);
}

TEST(console_classification)
{
	static const char garbage[] = "\0\0\xff\xff\x01\x02\x03\xff\0\x1f\x7f\n\xff\xfe";
	static const char noisy[] = "\0\0\xff\xff\x01\x02\n[    0.000000] Linux version 6.12.117\n";
	size_t bad;

	EXPECT_EQ(REPRO_CONSOLE_EMPTY, (int)repro_console_classify(text(""), &bad));
	EXPECT_EQ(REPRO_CONSOLE_EMPTY, (int)repro_console_classify(text("\t\n\r\n"), &bad));
	EXPECT_EQ(REPRO_CONSOLE_GARBAGE,
		  (int)repro_console_classify((struct ktstr_text){ garbage, sizeof(garbage) - 1 }, &bad));
	EXPECT_EQ(12U, bad);
	/* printable bytes alone are not text without a word */
	EXPECT_EQ(REPRO_CONSOLE_GARBAGE, (int)repro_console_classify(text("\x01\x02#!~?\n"), &bad));
	/* nor is a word lost in noise */
	EXPECT_EQ(REPRO_CONSOLE_GARBAGE, (int)repro_console_classify(text("\xff\xff\xff\xfftsc\xff\xff\xff\xff\n"), &bad));
	EXPECT_EQ(REPRO_CONSOLE_TEXT,
		  (int)repro_console_classify((struct ktstr_text){ noisy, sizeof(noisy) - 1 }, &bad));
	EXPECT_EQ(REPRO_CONSOLE_TEXT, (int)repro_console_classify(text("Run /init as init process\n"), &bad));
	EXPECT_EQ(0U, bad);
}

TEST(console_rendering)
{
	static const char garbage[] = "\0\0\xff\xff\x01\x02\x03\xff\0\x1f\x7f\n";
	static const char noisy[] = "\xff\x01\x02\x03\x04\n[    0.000000] Linux\x01version\n";
	static const char with_dump[] =
		"sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf_error)\n"
		"   kworker/0:1-12 [000] ..... 8.1: sched_ext_dump: Backtrace:\n"
		"DEBUG DUMP\n"
		"================\n"
		"CPU 0   : nr_run=1\n"
		"================\n"
		"reboot: Restarting system\n";
	struct out o;
	const char *s;

	repro_print_console(out_open(&o), "  ", text(""), 40);
	s = out_close(&o);
	EXPECT_STREQ("  empty: the VM wrote nothing to its console\n", s);
	free(o.s);

	repro_print_console(out_open(&o), "  ",
			    (struct ktstr_text){ garbage, sizeof(garbage) - 1 },
			    40);
	s = out_close(&o);
	EXPECT_STREQ("  no readable text: 12 bytes, 11 of them NUL, 0xFF or control characters (not shown)\n", s);
	free(o.s);

	/* a noise line is dropped, a stray control byte shown as '?' */
	repro_print_console(out_open(&o), "", (struct ktstr_text){ noisy, sizeof(noisy) - 1 }, 40);
	s = out_close(&o);
	EXPECT_STREQ("[    0.000000] Linux?version\n", s);
	free(o.s);

	repro_print_console(out_open(&o), "", text(with_dump), 40);
	s = out_close(&o);
	EXPECT_STREQ("sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf_error)\nreboot: Restarting system\n", s);
	free(o.s);
}

TEST(tails)
{
	struct repro_outcome ro = {
		.end = REPRO_VM_REPORTED, .duration_s = 9.43,
		.sched_log = text(qmap_log),
		.console = text("Run /init as init process\n"),
	};
	struct out o;
	const char *s;

	repro_render_tails(out_open(&o), &ro);
	s = out_close(&o);
	TH_LOG("\n%s", s);
	EXPECT_EQ(0, strncmp(s, "repro VM duration: 9.4s\n", 24));
	EXPECT_NE(NULL, strstr(s, "repro scheduler log (last 40 lines):\n  [... 12 similar lines ...]\n"));
	/* the dump is cut from the log tail and shown on its own */
	EXPECT_NE(NULL, strstr(s, "enq_ddsp=36\n           exp_local=0 exp_remote=0 exp_timer=0 exp_lost=0\n  cpuperf: cur min/avg/max=1024/1024/1024 target min/avg/max=512/512/512\n\n  EXIT:"));
	EXPECT_NE(NULL, strstr(s, "repro sched_ext dump:\n  init[59] triggered exit kind 1025:\n    scx_bpf_error (test triggering error)\nrepro dmesg"));
	EXPECT_NE(NULL, strstr(s, "repro dmesg (last 40 lines, dump lines removed):\n  Run /init as init process\n"));
	free(o.s);

	ro.sched_log = text("");
	ro.dump = text("CPU 0   : nr_run=1\n");
	repro_render_tails(out_open(&o), &ro);
	s = out_close(&o);
	EXPECT_NE(NULL, strstr(s, "repro scheduler log: none\nrepro sched_ext dump:\n  CPU 0   : nr_run=1\n"));
	free(o.s);
}

TEST_HARNESS_MAIN
