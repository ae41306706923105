// SPDX-License-Identifier: GPL-2.0
/*
 * The supervisor of a tool worker (see work_tool.h): start the tool in
 * the worker's cgroup, copy its output to the log, stop it at the end,
 * read its figures into the report. And the probe that tells, before any
 * worker forks, whether a tool is installed at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/work/work_internal.h"
#include "guest/work/work_tool.h"

/* The log holds this much of the output; the tail of the rest is added. */
#define LOG_MAX			(1024 * 1024)
/* Output of one run kept in memory for the parsers: its tail if longer. */
#define OUT_KEEP		(32 * 1024)
#define YAML_MAX		(64 * 1024)
/* Lines of output a failure message carries. */
#define TAIL_LINES		3
/* How long a probe (--version, -h) may take: dynamic loading under TCG. */
#define PROBE_MS		10000
/* After the kill: the pipe's other ends close as the group dies. */
#define DRAIN_MS		500
/* Of the stop budget, what SIGKILL, reaping and parsing get. */
#define STOP_RESERVE_MS		250
#define STOP_MIN_GRACE_MS	100

struct tool {
	struct work_ctx *w;
	enum ktstr_work_type type;
	const char *name;
	struct ktstr_tool_report *rep;
	char *argv[KTSTR_TOOL_MAX_ARGV];
	char argbuf[KTSTR_TOOL_ARGV_BUF];
	char yaml[128];
	int log_fd;
	size_t logged, dropped;
	/* The current run. */
	pid_t pid;
	int out_fd;
	bool signalled;		/* SIGINT (or SIGKILL) sent for the stop */
	long kill_at_ms;	/* then SIGKILL, if it is still there */
	char out[OUT_KEEP];
	size_t out_len;
};

static void log_write(struct tool *t, const char *s, size_t n)
{
	size_t room = t->logged < LOG_MAX ? LOG_MAX - t->logged : 0;
	ssize_t done;

	if (t->log_fd < 0)
		return;
	if (n > room) {
		t->dropped += n - room;
		n = room;
	}
	while (n) {
		done = write(t->log_fd, s, n);
		if (done <= 0) {
			if (done < 0 && errno == EINTR)
				continue;
			return;
		}
		s += done;
		n -= done;
		t->logged += done;
	}
}

static void log_printf(struct tool *t, const char *fmt, ...) __printf(2, 3);

static void log_printf(struct tool *t, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		log_write(t, line, (size_t)n < sizeof(line) ? (size_t)n :
			  sizeof(line) - 1);
}

/* Output of the current run: to the log, and its tail to @out. */
static void take_output(struct tool *t, const char *s, size_t n)
{
	size_t keep;

	log_write(t, s, n);
	if (n > sizeof(t->out)) {
		s += n - sizeof(t->out);
		n = sizeof(t->out);
		t->out_len = 0;
	}
	if (t->out_len + n > sizeof(t->out)) {
		keep = sizeof(t->out) - n;
		memmove(t->out, t->out + t->out_len - keep, keep);
		t->out_len = keep;
	}
	memcpy(t->out + t->out_len, s, n);
	t->out_len += n;
}

/* Read what the pipe has; false at EOF or on an error. */
static bool read_output(struct tool *t)
{
	char buf[4096];
	ssize_t n;

	n = read(t->out_fd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	take_output(t, buf, n);
	return true;
}

static void open_log(struct tool *t)
{
	const struct ktstr_work_tool_cfg *cfg = &t->w->shared->tool;
	unsigned int idx = cfg->first_idx + t->w->idx;
	const char *cg = cfg->cgroup ? cfg->cgroup : "ktstr";

	snprintf(t->rep->log, sizeof(t->rep->log), "/tmp/%s.%u.%s.log", cg,
		 idx, t->name);
	snprintf(t->yaml, sizeof(t->yaml), "/tmp/%s.%u.%s.yaml", cg, idx,
		 t->name);
	t->log_fd = open(t->rep->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			 0644);
}

static void close_log(struct tool *t)
{
	if (t->log_fd < 0)
		return;
	if (t->dropped) {
		/* Room for the note: the limit is on the tool's output. */
		t->logged = 0;
		log_printf(t, "\nktstr: %zu bytes of output left out; the last %zu:\n",
			   t->dropped, t->out_len);
		log_write(t, t->out, t->out_len);
	}
	close(t->log_fd);
	t->log_fd = -1;
}

/* In the child: never returns. */
static __noreturn void exec_tool(char *const argv[], int out, int err_fd,
				 bool own_group)
{
	static const int sigs[] = {
		SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD, SIGALRM,
	};
	sigset_t none;
	unsigned int i;
	int e, null;

	if (own_group)
		setpgid(0, 0);
	/* Whatever happens to the supervisor, the tool goes with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* exec keeps ignored signals and the mask: give the tool defaults. */
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	null = open("/dev/null", O_RDONLY);
	if (null >= 0 && null != STDIN_FILENO) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	/* Scratch files of stress-ng stressors go to tmpfs, if it is there. */
	if (chdir("/tmp"))
		errno = 0;
	execv(argv[0], argv);
	e = errno;
	/* When the errno cannot get out, the parent sees this status. */
	_exit(write(err_fd, &e, sizeof(e)) == sizeof(e) ? 127 : 126);
}

/*
 * Fork and exec @argv with its output on a pipe. Returns the pid and sets
 * *@out_fd, or -errno (the exec's, when it is exec that failed).
 */
static pid_t spawn(char *const argv[], int *out_fd, bool own_group)
{
	int out[2], err[2], e = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC))
		return -errno;
	if (pipe2(err, O_CLOEXEC)) {
		e = -errno;
		close(out[0]);
		close(out[1]);
		return e;
	}
	pid = fork();
	if (pid == 0)
		exec_tool(argv, out[1], err[1], own_group);
	e = pid < 0 ? -errno : 0;
	close(out[1]);
	close(err[1]);
	if (pid > 0) {
		/* Both sides set it: neither has to wait for the other. */
		if (own_group)
			setpgid(pid, pid);
		/* EOF when exec succeeded (close on exec), else its errno. */
		do {
			n = read(err[0], &e, sizeof(e));
		} while (n < 0 && errno == EINTR);
		if (n == sizeof(e)) {
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			e = -e;
		} else {
			e = 0;
		}
	}
	close(err[0]);
	if (e) {
		close(out[0]);
		return e;
	}
	*out_fd = out[0];
	return pid;
}

/* Exited, without reaping it: its process group can still be signalled. */
static bool has_exited(pid_t pid)
{
	siginfo_t si = { .si_pid = 0 };

	if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return errno == ECHILD;
	return si.si_pid == pid;
}

static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Until EOF or @ms: the last words of a dying tool. */
static void drain(struct tool *t, long ms)
{
	struct pollfd pfd = { .fd = t->out_fd, .events = POLLIN };
	long end = ktstr_now_ms() + ms, left;

	while ((left = end - ktstr_now_ms()) > 0)
		if (poll(&pfd, 1, left) == 1 && !read_output(t))
			return;
}

/* The part of the stop budget the tool gets to end by itself. */
static long grace_ms(const struct tool *t)
{
	long ms = (long)t->w->shared->tool.stop_ms - STOP_RESERVE_MS;

	return ms > STOP_MIN_GRACE_MS ? ms : STOP_MIN_GRACE_MS;
}

/*
 * At the stop: stress-ng gets SIGINT, which it answers by stopping its
 * stressors and printing its metrics; a hackbench run is only thrown
 * away, so its whole group is killed at once.
 */
static void stop_tool(struct tool *t)
{
	t->signalled = true;
	if (t->type == WORK_STRESS_NG) {
		t->rep->interrupted = true;
		kill(t->pid, SIGINT);
		t->kill_at_ms = ktstr_now_ms() + grace_ms(t);
	} else {
		kill(-t->pid, SIGKILL);
		t->kill_at_ms = 0;
	}
}

/* Run the tool once, until it exits. Returns its wait status or -errno. */
static int run_once(struct tool *t)
{
	struct pollfd pfd;
	bool eof = false;
	pid_t pid;
	int status;

	t->out_len = 0;
	t->signalled = false;
	t->kill_at_ms = 0;
	t->rep->state = KTSTR_TOOL_RUNNING;
	pid = spawn(t->argv, &t->out_fd, true);
	if (pid < 0) {
		t->rep->state = KTSTR_TOOL_EXEC_FAILED;
		t->rep->exec_errno = -pid;
		log_printf(t, "ktstr: cannot run %s: %s\n", t->argv[0],
			   strerror(-pid));
		return pid;
	}
	t->pid = pid;
	pfd = (struct pollfd) { .fd = t->out_fd, .events = POLLIN };

	/* All of it is waiting for the tool: no scheduling gap. */
	work_block_begin(t->w);
	while (!has_exited(pid)) {
		if (!eof && poll(&pfd, 1, WORK_WAIT_SLICE_MS) == 1)
			eof = !read_output(t);
		else if (eof)
			ktstr_sleep_ms(WORK_WAIT_SLICE_MS);
		if (!t->signalled && work_stopped(t->w))
			stop_tool(t);
		if (t->kill_at_ms && !t->rep->killed &&
		    ktstr_now_ms() >= t->kill_at_ms) {
			t->rep->killed = true;
			kill(-pid, SIGKILL);
		}
	}
	/* Anything it left behind in its group goes now. */
	kill(-pid, SIGKILL);
	status = reap(pid);
	if (!eof)
		drain(t, DRAIN_MS);
	close(t->out_fd);
	work_block_end(t->w);
	t->rep->state = KTSTR_TOOL_DONE;
	return status;
}

static void keep_tail(struct tool *t)
{
	ktstr_tool_tail(t->out, t->out_len, TAIL_LINES, t->rep->tail,
			sizeof(t->rep->tail));
}

static void read_yaml(struct tool *t)
{
	static char buf[YAML_MAX];
	ssize_t n;
	size_t len = 0;
	int fd;

	fd = open(t->yaml, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += n;
	close(fd);
	ktstr_stress_ng_parse_yaml(buf, len, t->rep);
}

static void run_stress_ng(struct tool *t)
{
	int status;

	unlink(t->yaml);
	status = run_once(t);
	if (status == -1 || t->rep->state != KTSTR_TOOL_DONE)
		return;
	t->rep->wait_status = status;
	keep_tail(t);
	ktstr_stress_ng_parse_log(t->out, t->out_len, t->rep);
	read_yaml(t);
	if (t->rep->nr_figures)
		t->rep->runs = 1;
	t->w->rep->work_units = t->rep->runs;
}

static void run_hackbench(struct tool *t)
{
	struct ktstr_tool_report *rep = t->rep;
	double secs;
	int status;

	while (!work_stopped(t->w)) {
		log_printf(t, "ktstr: run %u\n", rep->runs + 1);
		status = run_once(t);
		if (rep->state != KTSTR_TOOL_DONE)
			return;
		/* The run the stop cut short says nothing. */
		if (t->signalled)
			break;
		rep->wait_status = status;
		keep_tail(t);
		if (status)
			return;
		if (ktstr_hackbench_parse(t->out, t->out_len, &secs)) {
			rep->verdict = 0;
			return;
		}
		rep->verdict = 1;
		rep->runs++;
		rep->time_sum_s += secs;
		if (secs > rep->time_max_s)
			rep->time_max_s = secs;
		t->w->rep->work_units = rep->runs;
	}
}

static void log_argv(struct tool *t)
{
	unsigned int i;

	log_printf(t, "ktstr:");
	for (i = 0; t->argv[i]; i++)
		log_printf(t, " %s", t->argv[i]);
	log_printf(t, "\n");
}

void work_tool_run(struct work_ctx *w)
{
	static struct tool t;
	int argc;

	/* One tool per worker process: static keeps 32 KiB off the stack. */
	t = (struct tool) {
		.w = w,
		.type = w->shared->type,
		.name = ktstr_tool_name(w->shared->type),
		.rep = &w->rep->tool,
		.log_fd = -1,
	};
	if (!t.name) {
		work_idle(w);
		return;
	}
	t.rep->verdict = -1;
	/* Inherited SIG_IGN would reap the tool behind waitpid()'s back. */
	signal(SIGCHLD, SIG_DFL);
	open_log(&t);
	argc = ktstr_tool_argv(t.type, w->shared->tool.args, t.yaml, t.argbuf,
			       sizeof(t.argbuf), t.argv, ARRAY_SIZE(t.argv));
	if (argc < 0) {
		/* Validation rejects these: only a bug gets here. */
		t.rep->state = KTSTR_TOOL_EXEC_FAILED;
		t.rep->exec_errno = -argc;
	} else {
		log_argv(&t);
		if (t.type == WORK_STRESS_NG)
			run_stress_ng(&t);
		else
			run_hackbench(&t);
	}
	close_log(&t);
	/* Done early (its own --timeout, a failure): wait for the stop. */
	work_idle(w);
}

/* Run @argv to its end (at most PROBE_MS), its output's start in @out. */
static int probe_run(char *const argv[], char *out, size_t len, int *status)
{
	long end = ktstr_now_ms() + PROBE_MS;
	struct pollfd pfd;
	char sink[256];
	size_t got = 0;
	bool late;
	ssize_t n;
	pid_t pid;
	int fd;

	pid = spawn(argv, &fd, false);
	if (pid < 0)
		return pid;
	pfd = (struct pollfd) { .fd = fd, .events = POLLIN };
	while (ktstr_now_ms() < end) {
		if (poll(&pfd, 1, WORK_WAIT_SLICE_MS) != 1)
			continue;
		if (got + 1 < len)
			n = read(fd, out + got, len - 1 - got);
		else
			n = read(fd, sink, sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got + 1 < len)
			got += n;
	}
	out[got] = '\0';
	close(fd);
	late = ktstr_now_ms() >= end;
	if (late)
		kill(pid, SIGKILL);
	*status = reap(pid);
	return late ? -ETIMEDOUT : 0;
}

int ktstr_work_available(enum ktstr_work_type type, char *why, size_t len)
{
	static bool works[WORK_NR];
	const char *path = ktstr_tool_path(type);
	const char *name = ktstr_tool_name(type);
	char out[1024], last[200], *argv[3];
	int err, status = 0;

	if (!path || works[type])
		return 0;
	/* Quick, and what fails when a library is missing: loading. */
	argv[0] = (char *)path;
	argv[1] = type == WORK_STRESS_NG ? "--version" : "-h";
	argv[2] = NULL;
	if (access(path, X_OK)) {
		err = -errno;
		snprintf(why, len, "%s is not in the guest: %s: %s", name, path,
			 strerror(errno));
		return err;
	}
	err = probe_run(argv, out, sizeof(out), &status);
	if (err == -ETIMEDOUT) {
		snprintf(why, len, "%s %s did not end within %d ms", path,
			 argv[1], PROBE_MS);
		return err;
	}
	if (err) {
		/* ENOENT here: its ELF interpreter is missing. */
		snprintf(why, len, "%s cannot be run: %s: %s", name, path,
			 strerror(-err));
		return err;
	}
	/* The dynamic loader says which library is missing, and exits 127. */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		ktstr_tool_tail(out, strlen(out), 1, last, sizeof(last));
		snprintf(why, len, "%s does not start in the guest: %s", name,
			 last[0] ? last : "exit status 127");
		return -ENOENT;
	}
	works[type] = true;
	return 0;
}
