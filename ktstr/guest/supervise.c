// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/compiler.h"
#include "guest/chan.h"
#include "guest/probe/probe_session.h"
#include "guest/result.h"
#include "guest/supervise.h"

void ktstr_reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static __noreturn void
run_child(const struct ktstr_test *test, const struct ktstr_run_opts *opts,
	  int *status_out)
{
	struct ktstr_result res;
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Its own group: the watchdog kills the test and all it forked. */
	setpgid(0, 0);

	ktstr_result_init(&res, test->name);
	*status_out = ktstr_run_test(test, opts, &res);
	if (ktstr_result_emit(&res))
		_exit(2);
	/* The probe payload follows the result (docs/probe-payload.md). */
	ktstr_probe_session_finish();
	ktstr_result_free(&res);
	_exit(0);
}

/* Fail with @fmt when the child could not say anything itself. */
static enum ktstr_result_status
emit_fallback(const struct ktstr_test *test, const struct ktstr_run_opts *opts,
	      const char *fmt, ...) __printf(3, 4);

static enum ktstr_result_status
emit_fallback(const struct ktstr_test *test, const struct ktstr_run_opts *opts,
	      const char *fmt, ...)
{
	struct ktstr_result res;
	va_list ap;

	/* A partial line from the dead child must not swallow the marker. */
	ktstr_chan_write("\n", 1);
	ktstr_result_init(&res, test->name);
	va_start(ap, fmt);
	ktstr_result_vfail(&res, fmt, ap);
	va_end(ap);
	res.duration_ms = ktstr_now_ms() - opts->start_ms;
	res.init_ms = opts->start_ms;
	res.report_ms = opts->report_ms;
	ktstr_result_emit(&res);
	ktstr_result_free(&res);
	return KTSTR_RESULT_FAIL;
}

/* Wait for @pid until @deadline (ms); reaps orphans on the way. */
static bool wait_child(pid_t pid, long deadline, int *wstatus)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		struct timespec ts;
		long left;
		pid_t got;

		while ((got = waitpid(-1, wstatus, WNOHANG)) > 0)
			if (got == pid)
				return true;
		left = deadline - ktstr_now_ms();
		if (left <= 0)
			return false;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		sigtimedwait(&chld, NULL, &ts);
	}
}

enum ktstr_result_status ktstr_supervise_test(const struct ktstr_test *test,
					      const struct ktstr_run_opts *opts,
					      unsigned int watchdog_s)
{
	long deadline = opts->start_ms + watchdog_s * 1000L;
	enum ktstr_result_status status = KTSTR_RESULT_FAIL;
	int *child_status, wstatus = 0;
	sigset_t chld;
	pid_t pid;

	/* The child's verdict, readable after it exits. */
	child_status = mmap(NULL, sizeof(*child_status), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (child_status == MAP_FAILED || ktstr_chan_share())
		return emit_fallback(test, opts, "guest init: shared memory: %s",
				     strerror(errno));
	*child_status = KTSTR_RESULT_FAIL;

	/* Blocked before fork, so no SIGCHLD can slip past sigtimedwait. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	pid = fork();
	if (pid < 0)
		return emit_fallback(test, opts, "guest init: fork: %s",
				     strerror(errno));
	if (pid == 0)
		run_child(test, opts, child_status);

	if (!wait_child(pid, deadline, &wstatus)) {
		const char *stage = ktstr_chan_last_stage();

		if (ktstr_chan_result_sent()) {
			ktstr_diag("test process hung after its result; killed");
			status = *child_status;
		} else {
			/* Stop every spinner so the record gets out fast. */
			kill(-1, SIGKILL);
			ktstr_reap_orphans();
			status = emit_fallback(test, opts,
					       "guest watchdog: test exceeded %u s (last stage: %s)",
					       watchdog_s, stage);
		}
		kill(-1, SIGKILL);
		return status;
	}
	if (ktstr_chan_result_sent())
		return *child_status;
	if (WIFSIGNALED(wstatus))
		return emit_fallback(test, opts,
				     "test process killed by signal %d (%s) in stage %s",
				     WTERMSIG(wstatus),
				     strsignal(WTERMSIG(wstatus)),
				     ktstr_chan_last_stage());
	return emit_fallback(test, opts,
			     "test process exited with status %d without a result (stage %s)",
			     WEXITSTATUS(wstatus), ktstr_chan_last_stage());
}
