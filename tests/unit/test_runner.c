// SPDX-License-Identifier: GPL-2.0
/*
 * The runner, with a shell script as QEMU that plays the guest: a follow-up
 * VM boots in its test's slot while the other slots go on, a follow-up that
 * never reaches /init is retried once, reports stay in suite order, and a
 * termination signal kills follow-ups too. Links host/runner.c and what it
 * drives (vm, qemu_args, channel, verdict, sigs).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "host/runner.h"
#include "host/sigs.h"
#include "host/suite.h"
#include "host/util.h"

/*
 * "-append ... -- --test NAME [--again]": the console gets the guest
 * arguments, the channel the stages and a result after a time that
 * depends on the test. A follow-up (--again) of "flaky" first dies before
 * /init; one of "hang" leaves its pid and never ends.
 */
static const char fake_qemu[] =
	"#!/bin/sh\n"
	"dir=${0%/*}\n"
	"while [ $# -gt 0 ]; do\n"
	"	case $1 in\n"
	"	-append) app=$2 ;;\n"
	"	file,id=com1,path=*) con=${1#*path=} ;;\n"
	"	file,id=com2,path=*) chan=${1#*path=} ;;\n"
	"	esac\n"
	"	shift\n"
	"done\n"
	"echo \"$app\" >\"$con\"\n"
	"case $app in\n"
	"*'--test flaky '*--again*)\n"
	"	[ -e \"$dir/flaky.once\" ] || { touch \"$dir/flaky.once\"; exit 1; } ;;\n"
	"*'--test hang '*--again*)\n"
	"	echo $$ >\"$dir/hang.pid\"; exec sleep 30 ;;\n"
	"esac\n"
	"echo 'KTSTR-STAGE init' >\"$chan\"\n"
	"case $app in\n"
	"*--again*) sleep 3 ;;\n"
	"*'--test crash'*) sleep 0.2 ;;\n"
	"*) sleep 0.5 ;;\n"
	"esac\n"
	"printf 'KTSTR-RESULT-BEGIN v1\\n{\"status\":\"pass\"}\\nKTSTR-RESULT-END\\n' >>\"$chan\"\n";

#define MAX_TESTS	4

struct seen {
	size_t nr;
	size_t order[MAX_TESTS];
	double done_at[MAX_TESTS];
	const struct ktstr_test_run *followup[MAX_TESTS];
	double fu_done_at[MAX_TESTS];
	unsigned int fu_attempts[MAX_TESTS];
	bool fu_args[MAX_TESTS];	/* its console shows --again */
};

static bool want_followup(const struct ktstr_test_run *run,
			  struct ktstr_followup *fu, void *arg)
{
	static const char *const which[] = { "crash", "flaky", "hang" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(which); i++) {
		if (!strcmp(run->spec->name, which[i])) {
			fu->extra_init_args = "--again";
			fu->log_tag = "again";
			return true;
		}
	}
	return false;
}

static void report(const struct ktstr_run_cfg *cfg,
		   struct ktstr_test_run *run, void *arg)
{
	struct seen *s = arg;
	size_t i = run->num - 1;

	s->order[s->nr++] = run->num;
	s->done_at[i] = run->done_at;
	s->followup[i] = run->followup;
	if (!run->followup)
		return;
	s->fu_done_at[i] = run->followup->done_at;
	s->fu_attempts[i] = run->followup->attempts;
	s->fu_args[i] = run->followup->console &&
			strstr(run->followup->console, "--test ") &&
			strstr(run->followup->console, " --again");
}

FIXTURE(runner) {
	char dir[64];
	char qemu[96];
	struct ktstr_spec specs[MAX_TESTS];
	struct ktstr_suite suite;
	struct ktstr_run_cfg cfg;
	struct seen seen;
};

FIXTURE_SETUP(runner)
{
	FILE *f;

	memset(&self->seen, 0, sizeof(self->seen));
	snprintf(self->dir, sizeof(self->dir), "/tmp/ktstr-test-runner.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->qemu, sizeof(self->qemu), "%s/qemu", self->dir);
	f = fopen(self->qemu, "w");
	ASSERT_NE(NULL, f);
	fputs(fake_qemu, f);
	fclose(f);
	ASSERT_EQ(0, chmod(self->qemu, 0755));
	ASSERT_EQ(0, ktstr_signals_init());
	self->cfg = (struct ktstr_run_cfg){
		.qemu = self->qemu,
		.kernel = "vmlinux",
		.initrd = "initramfs.cpio",
		.results_dir = self->dir,
		.accel = KTSTR_ACCEL_TCG,
	};
	self->suite.specs = self->specs;
}

FIXTURE_TEARDOWN(runner)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		TH_LOG("cannot remove %s", self->dir);
}

static void add_test(struct ktstr_suite *suite, const char *name)
{
	struct ktstr_spec *spec = &suite->specs[suite->nr++];

	memset(spec, 0, sizeof(*spec));
	spec->name = name;
	spec->topology = "1n1l1c1t";
	spec->timeout_s = 20;
}

TEST_F(runner, followup_in_its_slot_while_others_go_on)
{
	double t0 = ktstr_now();
	size_t i;

	add_test(&self->suite, "crash");
	add_test(&self->suite, "quick1");
	add_test(&self->suite, "quick2");
	add_test(&self->suite, "quick3");
	self->cfg.jobs = 2;
	ASSERT_EQ(0, ktstr_runner_run(&self->cfg, &self->suite,
				      want_followup, report, &self->seen));
	ASSERT_EQ(4U, self->seen.nr);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(i + 1, self->seen.order[i]);
	ASSERT_NE(NULL, self->seen.followup[0]);
	EXPECT_TRUE(self->seen.fu_args[0]);
	EXPECT_EQ(1U, self->seen.fu_attempts[0]);
	for (i = 1; i < 4; i++)
		EXPECT_EQ(NULL, self->seen.followup[i]);
	/* the other slot ran all three while the follow-up (3 s) ran */
	EXPECT_LT(self->seen.done_at[3], self->seen.fu_done_at[0]);
	EXPECT_LT(self->seen.done_at[3] - t0, 2.5);
	EXPECT_LT(self->seen.done_at[0], self->seen.fu_done_at[0]);
}

TEST_F(runner, followup_that_never_boots_is_retried_once)
{
	char kept[160];
	struct stat st;

	add_test(&self->suite, "flaky");
	self->cfg.jobs = 1;
	ASSERT_EQ(0, ktstr_runner_run(&self->cfg, &self->suite,
				      want_followup, report, &self->seen));
	ASSERT_EQ(1U, self->seen.nr);
	ASSERT_NE(NULL, self->seen.followup[0]);
	EXPECT_EQ(2U, self->seen.fu_attempts[0]);
	EXPECT_TRUE(self->seen.fu_args[0]);
	snprintf(kept, sizeof(kept), "%s/flaky.attempt1.again.console.log",
		 self->dir);
	EXPECT_EQ(0, stat(kept, &st));
}

TEST_F(runner, sigterm_kills_a_followup)
{
	char path[160], *text = NULL;
	double t_start = ktstr_now();
	size_t len;
	pid_t child;
	int sig;

	add_test(&self->suite, "hang");
	add_test(&self->suite, "quick1");
	self->cfg.jobs = 2;
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		usleep(1500 * 1000);
		kill(getppid(), SIGTERM);
		_exit(0);
	}
	sig = ktstr_runner_run(&self->cfg, &self->suite, want_followup,
			       report, &self->seen);
	/* signalled after 1.5 s; the follow-up would have run 30 s */
	EXPECT_LT(ktstr_now() - t_start, 3);
	EXPECT_EQ(SIGTERM, sig);
	/* the first test was not done: nothing reported */
	EXPECT_EQ(0U, self->seen.nr);
	snprintf(path, sizeof(path), "%s/hang.pid", self->dir);
	ASSERT_EQ(0, ktstr_read_file(path, &text, &len));
	EXPECT_EQ(-1, kill(atoi(text), 0));
	EXPECT_EQ(ESRCH, errno);
	free(text);
}

TEST_HARNESS_MAIN
