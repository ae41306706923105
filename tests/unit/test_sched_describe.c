// SPDX-License-Identifier: GPL-2.0
/*
 * What the verdict says about a scheduler ktstr knows nothing about
 * (guest/sched/sched_describe.c), on the logs real schedulers left in
 * real VMs (tests/unit/data/sched_logs/): scx_ktstr -x giving up (exit
 * status 3, UNREG), -e tripping scx_bpf_error() (the kernel disabling
 * it), -V rejected by the 7.3 verifier; and a scheduler killed by a
 * signal.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "guest/sched/sched.h"
#include "unit_data.h"

/* A scheduler as ktstr_sched_stop() leaves it: reaped, log read. */
static void dead(struct ktstr_sched *s, const char *log, int wstatus)
{
	memset(s, 0, sizeof(*s));
	s->wstatus = wstatus;
	scx_exit_init(&s->exit);
	if (log) {
		ktstr_buf_add(&s->log, log);
		scx_exit_from_log(ktstr_text_of(log), &s->exit);
	}
}

static char *data(const char *name)
{
	char path[128];
	size_t len;

	snprintf(path, sizeof(path), "sched_logs/%s", name);
	return unit_data_read(__FILE__, path, 0, &len);
}

/* Stats lines say "errors=0": not an error line. */
TEST(gave_up)
{
	char *log = data("scx_ktstr-x.log"), why[512];
	struct ktstr_sched s;

	ASSERT_NE(NULL, log);
	dead(&s, log, 3 << 8);
	ktstr_sched_death_describe(&s, why, sizeof(why));
	EXPECT_STREQ("it exited on its own with status 3 (sched_ext: UNREG (64) unregistered from user space)",
		     why);
	ktstr_buf_free(&s.log);
	free(log);
}

TEST(kernel_disabled)
{
	char *log = data("scx_ktstr-e.log"), why[512];
	struct ktstr_sched s;

	ASSERT_NE(NULL, log);
	dead(&s, log, 1 << 8);
	ktstr_sched_death_describe(&s, why, sizeof(why));
	EXPECT_STREQ("the kernel disabled it: ERROR_BPF (1025) scx_bpf_error: -e 300: injected error after 300 dispatches",
		     why);
	ktstr_buf_free(&s.log);
	free(log);
}

TEST(signalled)
{
	char why[256];
	struct ktstr_sched s;

	dead(&s, "ktstr: attached: fifo=0\n", SIGSEGV);
	ktstr_sched_death_describe(&s, why, sizeof(why));
	EXPECT_STREQ("it was killed by signal 11 (Segmentation fault)", why);
}

/* Detached by sched_ext, the process still there (not reaped). */
TEST(detached_alive)
{
	char why[256];
	struct ktstr_sched s;

	dead(&s, NULL, 0);
	s.pid = 1234;
	ktstr_sched_death_describe(&s, why, sizeof(why));
	EXPECT_STREQ("sched_ext detached it, the process still running: no exit information",
		     why);
}

/* The verifier's rejection: libbpf's first failure line, not the noise. */
TEST(error_line_verifier)
{
	char *log = data("scx_ktstr-V-7.3.log"), line[200];

	ASSERT_NE(NULL, log);
	EXPECT_STREQ("libbpf: prog 'ktstr_dispatch': BPF program load failed: -EACCES",
		     ktstr_sched_error_line(log, line, sizeof(line)));
	free(log);
}

/* Nothing that looks like an error: the last line, whatever it says. */
TEST(error_line_fallback)
{
	char line[200];

	EXPECT_STREQ("Usage: scx_x [-v]",
		     ktstr_sched_error_line("scx_x: a scheduler\n\nUsage: scx_x [-v]\n\n",
					    line, sizeof(line)));
	EXPECT_STREQ("", ktstr_sched_error_line("", line, sizeof(line)));
	/* Whole words only, any case. */
	EXPECT_STREQ("Error: no such device",
		     ktstr_sched_error_line("errors=0 failures=0\nError: no such device\n",
					    line, sizeof(line)));
}

TEST_HARNESS_MAIN
