// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler lifecycle. The sysfs files under /sys/kernel/sched_ext are the
 * truth about attachment; the process only tells us whether it is alive.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/compiler.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "guest/lib/kmsg.h"
#include "guest/lib/sysfs.h"
#include "guest/sched/sched.h"

#define SCX_SYSFS	"/sys/kernel/sched_ext"
#define TRACEFS		"/sys/kernel/tracing"
#define DUMP_EVENT	TRACEFS "/events/sched_ext/sched_ext_dump/enable"
#define MAX_ARGS	32

const char *ktstr_sched_outcome_name(enum ktstr_sched_outcome outcome)
{
	switch (outcome) {
	case KTSTR_SCHED_NONE:
		return "none";
	case KTSTR_SCHED_RUNNING:
		return "running";
	case KTSTR_SCHED_CLEAN:
		return "clean";
	case KTSTR_SCHED_LOAD_FAILED:
		return "load_failed";
	case KTSTR_SCHED_NEVER_ATTACHED:
		return "never_attached";
	case KTSTR_SCHED_DIED:
		return "died";
	}
	return "none";
}

static bool scx_state_is(const char *want)
{
	char state[32];

	return ktstr_read_text(SCX_SYSFS "/state", state, sizeof(state)) >= 0 &&
	       !strcmp(state, want);
}

/*
 * Attached: sched_ext is enabled with ops named @want ("": any, for a
 * scheduler ktstr does not know), whose name lands in @ops: what
 * root/ops says, not what we assumed.
 */
static bool scx_attached(const char *want, char *ops, size_t len)
{
	return scx_state_is("enabled") &&
	       ktstr_read_text(SCX_SYSFS "/root/ops", ops, len) >= 0 &&
	       *ops && (!*want || !strcmp(ops, want));
}

/* Counts every enable: tells "attached, then died" from "never loaded". */
static long scx_enable_seq(void)
{
	char buf[32];

	if (ktstr_read_text(SCX_SYSFS "/enable_seq", buf, sizeof(buf)) < 0)
		return -1;
	return strtol(buf, NULL, 10);
}

static bool reap(struct ktstr_sched *s, int flags)
{
	int status;

	if (!s->pid)
		return true;
	if (waitpid(s->pid, &status, flags) != s->pid)
		return false;
	s->pid = 0;
	s->wstatus = status;
	return true;
}

static bool wait_exit(struct ktstr_sched *s, long timeout_ms)
{
	long end = ktstr_now_ms() + timeout_ms;

	while (!reap(s, WNOHANG)) {
		if (ktstr_now_ms() >= end)
			return false;
		ktstr_sleep_ms(20);
	}
	return true;
}

static bool wait_disabled(long timeout_ms)
{
	long end = ktstr_now_ms() + timeout_ms;

	while (!scx_state_is("disabled")) {
		if (ktstr_now_ms() >= end)
			return false;
		ktstr_sleep_ms(20);
	}
	return true;
}

static void kill_and_reap(struct ktstr_sched *s)
{
	if (!s->pid)
		return;
	kill(s->pid, SIGKILL);
	reap(s, 0);
}

/*
 * Every dump line becomes a sched_ext_dump event; with the event enabled
 * the dump survives in the trace buffer even if the scheduler process is
 * killed before it prints its copy.
 */
static void enable_dump_event(void)
{
	int err = ktstr_write_text(DUMP_EVENT, "1");

	if (err)
		ktstr_diag("cannot enable sched_ext_dump tracepoint (%s): %s",
			   DUMP_EVENT, strerror(-err));
}

/* Split @args on blanks into @argv after @argv[0]; @copy keeps the text. */
static int split_args(const char *path, const char *args, char *copy,
		      char **argv)
{
	char *tok, *save;
	int argc = 0;

	argv[argc++] = (char *)path;
	memcpy(copy, args, strlen(args) + 1);
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (argc == MAX_ARGS)
			return -E2BIG;
		argv[argc++] = tok;
	}
	argv[argc] = NULL;
	return argc;
}

static __noreturn void
exec_sched(const char *path, char **argv, const char *ld_path, int log_fd)
{
	sigset_t none;
	int null_fd;

	/* PID 1 may block or ignore signals; the scheduler needs SIGINT. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);

	null_fd = open("/dev/null", O_RDONLY);
	if (null_fd >= 0)
		dup2(null_fd, STDIN_FILENO);
	dup2(log_fd, STDOUT_FILENO);
	dup2(log_fd, STDERR_FILENO);
	/* The libraries the host found outside ld.so's own directories. */
	if (ld_path)
		setenv("LD_LIBRARY_PATH", ld_path, 1);
	execv(path, argv);
	dprintf(STDERR_FILENO, "ktstr: exec %s: %s\n", path, strerror(errno));
	_exit(127);
}

static void sched_collect(struct ktstr_sched *s)
{
	struct ktstr_buf text = KTSTR_BUF_INIT;
	struct scx_dump_block block;
	char *dump = NULL;
	size_t len;
	int err;

	ktstr_buf_reset(&s->log);
	err = ktstr_read_file_buf(KTSTR_SCHED_LOG, &s->log);
	if (err)
		ktstr_diag("reading %s: %s", KTSTR_SCHED_LOG, strerror(-err));
	scx_exit_init(&s->exit);
	/* Before trimming: the dump's first lines carry the exit kind. */
	scx_exit_from_log(ktstr_text_of(ktstr_buf_str(&s->log)), &s->exit);
	ktstr_buf_keep_tail(&s->log, KTSTR_SCHED_LOG_MAX);

	/* An external scheduler that never attached: any ops name will do. */
	if (ktstr_kmsg_read(&text) == 0)
		scx_exit_from_kmsg(ktstr_text_of(ktstr_buf_str(&text)),
				   s->ops[0] ? s->ops :
				   *s->def->ops ? s->def->ops : NULL,
				   &s->exit);
	ktstr_buf_reset(&text);

	/* The trace buffer's copy survives a scheduler killed mid-dump. */
	ktstr_buf_reset(&s->dump);
	if (!ktstr_read_file_buf(TRACEFS "/trace", &text) &&
	    scx_dump_from_events(ktstr_text_of(ktstr_buf_str(&text)), &dump,
				 &len) > 0)
		ktstr_buf_addn(&s->dump, dump, len);
	else if (!scx_dump_block_find(ktstr_text_of(ktstr_buf_str(&s->log)),
				      &block))
		ktstr_buf_addn(&s->dump, block.body.s, block.body.len);
	free(dump);
	ktstr_buf_free(&text);
}

long ktstr_sched_attach_timeout_ms(const struct ktstr_sched_def *def,
				   bool tcg)
{
	long ms = (def->attach_s ?: KTSTR_SCHED_ATTACH_S) * 1000L;

	if (!tcg)
		ms /= 2;
	return def->external ? ms + KTSTR_EXT_ATTACH_EXTRA_S * 1000L : ms;
}

/* Fork @argv with its output in the log, wait until it attached or failed. */
static int spawn_and_attach(struct ktstr_sched *s, const char *path,
			    char **argv, const char *ld_path)
{
	const struct ktstr_sched_def *def = s->def;
	long start, seq, timeout = ktstr_sched_attach_timeout_ms(def, s->tcg);
	int log_fd, err;
	pid_t pid;

	log_fd = open(KTSTR_SCHED_LOG, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		      0644);
	if (log_fd < 0) {
		err = -errno;
		ktstr_diag("open %s: %s", KTSTR_SCHED_LOG, strerror(errno));
		return err;
	}
	seq = scx_enable_seq();
	start = ktstr_now_ms();
	pid = fork();
	if (pid < 0) {
		err = -errno;
		ktstr_diag("fork for %s: %s", path, strerror(errno));
		close(log_fd);
		return err;
	}
	if (pid == 0)
		exec_sched(path, argv, ld_path, log_fd);
	close(log_fd);
	s->pid = pid;

	for (;;) {
		if (scx_attached(def->ops, s->ops, sizeof(s->ops))) {
			s->attach_ms = ktstr_now_ms() - start;
			s->outcome = KTSTR_SCHED_RUNNING;
			ktstr_stage(KTSTR_STAGE_ATTACHED);
			ktstr_diag("%s attached after %ld ms as ops '%s'",
				   def->name, s->attach_ms, s->ops);
			return 0;
		}
		if (reap(s, WNOHANG)) {
			/* It may have attached and died between two polls. */
			s->outcome = scx_enable_seq() > seq ?
				KTSTR_SCHED_DIED : KTSTR_SCHED_LOAD_FAILED;
			err = -ECHILD;
			break;
		}
		if (ktstr_now_ms() - start > timeout) {
			kill_and_reap(s);
			s->outcome = KTSTR_SCHED_NEVER_ATTACHED;
			err = -ETIMEDOUT;
			break;
		}
		ktstr_sleep_ms(20);
	}
	sched_collect(s);
	return err;
}

/*
 * 6.12 runs ops.init() in the "scx_ops_enable_helper" kthread, on whatever
 * CPU that happens to run, while schedulers such as scx_central insist on
 * running it on one CPU. The kthread is created by the first enable and
 * then reused, so once it exists, pinning it makes the next load run
 * ops.init() where the scheduler expects.
 */
static int pin_enable_helper(int cpu)
{
	char comm[32], path[64];
	cpu_set_t set;
	DIR *proc;
	struct dirent *de;
	int err = -ESRCH;

	proc = opendir("/proc");
	if (!proc)
		return -errno;
	while ((de = readdir(proc))) {
		pid_t pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		if (ktstr_read_text(path, comm, sizeof(comm)) < 0 ||
		    strncmp(comm, "scx_ops_enable_", 15))
			continue;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		err = sched_setaffinity(pid, sizeof(set), &set) ? -errno : 0;
		break;
	}
	closedir(proc);
	return err;
}

int ktstr_sched_start(struct ktstr_sched *s, const struct ktstr_sched_def *def,
		      const char *args, const char *ld_path, bool tcg)
{
	char path[128], *argv[MAX_ARGS + 1], *copy;
	int err;

	memset(s, 0, sizeof(*s));
	s->def = def;
	s->args = args ? args : "";
	s->tcg = tcg;
	s->outcome = KTSTR_SCHED_NONE;
	if (!def->ops)
		return 0;

	snprintf(path, sizeof(path), "/bin/%s", def->name);
	copy = malloc(strlen(s->args) + 1);
	if (!copy)
		return -ENOMEM;
	err = split_args(path, s->args, copy, argv);
	if (err < 0) {
		ktstr_diag("scheduler %s: more than %d arguments", def->name,
			   MAX_ARGS);
		goto out_free;
	}
	enable_dump_event();
	ktstr_stage(KTSTR_STAGE_SCHED);
	err = spawn_and_attach(s, path, argv, ld_path);
	if (err == -ECHILD && s->outcome == KTSTR_SCHED_LOAD_FAILED &&
	    def->init_cpu0 && pin_enable_helper(0) == 0) {
		ktstr_diag("%s: ops.init() ran off CPU 0 (%s); retrying with scx_ops_enable_helper pinned to CPU 0",
			   def->name, s->exit.msg[0] ? s->exit.msg : "load failed");
		ktstr_buf_free(&s->log);
		ktstr_buf_free(&s->dump);
		s->outcome = KTSTR_SCHED_NONE;
		err = spawn_and_attach(s, path, argv, ld_path);
	}
out_free:
	free(copy);
	return err;
}

bool ktstr_sched_running(struct ktstr_sched *s)
{
	char ops[64];

	if (s->outcome != KTSTR_SCHED_RUNNING)
		return false;
	if (reap(s, WNOHANG) || !scx_attached(s->ops, ops, sizeof(ops))) {
		s->outcome = KTSTR_SCHED_DIED;
		return false;
	}
	return true;
}

const char *ktstr_sched_ops(const struct ktstr_ctx *ctx)
{
	return ctx->sched ? ctx->sched->ops : NULL;
}

bool ktstr_sched_alive(struct ktstr_ctx *ctx)
{
	return !ctx->sched || !ctx->sched->def->ops ||
	       ktstr_sched_running(ctx->sched);
}

int ktstr_sched_stop(struct ktstr_sched *s)
{
	long grace = s->tcg ? 10000 : 5000;
	int err = 0;

	if (!s->def || !s->def->ops)
		return 0;
	if (s->outcome == KTSTR_SCHED_LOAD_FAILED ||
	    s->outcome == KTSTR_SCHED_NEVER_ATTACHED)
		return -ECHILD;

	if (ktstr_sched_running(s)) {
		kill(s->pid, SIGINT);
		if (!wait_exit(s, grace)) {
			snprintf(s->stop_error, sizeof(s->stop_error),
				 "still running %ld ms after SIGINT", grace);
			kill_and_reap(s);
		}
		/* Killing it closed its link, which detaches it too. */
		if (!wait_disabled(grace) && !s->stop_error[0])
			snprintf(s->stop_error, sizeof(s->stop_error),
				 "sched_ext state not 'disabled' %ld ms after the scheduler exited",
				 grace);
		s->outcome = s->stop_error[0] ? KTSTR_SCHED_DIED :
						KTSTR_SCHED_CLEAN;
		err = s->stop_error[0] ? -ETIMEDOUT : 0;
	} else {
		/* Died on its own: let it finish printing its exit report. */
		if (!wait_exit(s, grace)) {
			kill(s->pid, SIGINT);
			if (!wait_exit(s, 1000))
				kill_and_reap(s);
		}
		wait_disabled(grace);
		s->outcome = KTSTR_SCHED_DIED;
		err = -ECHILD;
	}
	sched_collect(s);
	return err;
}

void ktstr_sched_free(struct ktstr_sched *s)
{
	kill_and_reap(s);
	ktstr_buf_free(&s->log);
	ktstr_buf_free(&s->dump);
}

void ktstr_sched_report(const struct ktstr_sched *s,
			struct ktstr_sched_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->name = s->def ? s->def->name : KTSTR_SCHED_EEVDF;
	rep->outcome = ktstr_sched_outcome_name(s->outcome);
	if (!s->def || !s->def->ops)
		return;
	rep->args = s->args;
	rep->ops = s->ops[0] ? s->ops : NULL;
	rep->has_exit = s->exit.has_kind;
	rep->exit_kind = s->exit.kind;
	rep->exit_kind_name = scx_exit_kind_name(s->exit.kind);
	rep->exit_reason = s->exit.reason[0] ? s->exit.reason : NULL;
	rep->exit_msg = s->exit.msg[0] ? s->exit.msg : NULL;
	rep->log = s->log.len ? ktstr_buf_str(&s->log) : NULL;
	rep->dump = s->dump.len ? ktstr_buf_str(&s->dump) : NULL;
}
