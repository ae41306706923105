// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "guest/chan.h"
#include "guest/console.h"
#include "guest/ctx.h"

static char *const shell_env[] = {
	"PATH=/bin:/sbin:/usr/bin:/usr/sbin",
	"HOME=/",
	"TERM=vt100",
	NULL,
};

/* Wait for @pid, reaping any orphan that exits meanwhile. */
static int wait_for(pid_t pid)
{
	int status = 0;
	pid_t got;

	do {
		got = wait(&status);
	} while (got != pid && !(got < 0 && errno == ECHILD));
	return status;
}

/*
 * In the child: stdin from @in_path, stdout/stderr to the console. A shell
 * gets the console as its controlling terminal so that ^C and job control
 * work.
 */
static void child_setup(const char *in_path, bool ctty)
{
	sigset_t none;
	int in, out;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	in = open(in_path, O_RDWR);
	out = open(KTSTR_CONSOLE, O_RDWR | O_NOCTTY);
	if (ctty && in >= 0)
		ioctl(in, TIOCSCTTY, 1);
	if (in >= 0)
		dup2(in, STDIN_FILENO);
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		dup2(out, STDERR_FILENO);
	}
}

static pid_t spawn(char *const argv[], const char *in_path, bool ctty)
{
	pid_t pid = fork();

	if (pid < 0) {
		ktstr_diag("fork for %s: %s", argv[0], strerror(errno));
		return -errno;
	}
	if (pid == 0) {
		child_setup(in_path, ctty);
		execve(argv[0], argv, shell_env);
		pr_err("exec %s: %s", argv[0],
			strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Applet links, so the shell finds ls, cat, ... on its PATH. */
static void install_applets(void)
{
	char *const argv[] = { KTSTR_BUSYBOX, "--install", "-s", "/bin", NULL };
	pid_t pid = spawn(argv, "/dev/null", false);

	if (pid > 0)
		wait_for(pid);
}

int ktstr_console_shell(void)
{
	char *const argv[] = { KTSTR_BUSYBOX, "sh", NULL };
	pid_t pid;

	install_applets();
	pid = spawn(argv, KTSTR_CONSOLE, true);
	return pid < 0 ? pid : wait_for(pid);
}

int ktstr_console_exec(const char *cmd)
{
	char *const argv[] = { KTSTR_BUSYBOX, "sh", "-c", (char *)cmd, NULL };
	pid_t pid;

	install_applets();
	pid = spawn(argv, "/dev/null", false);
	return pid < 0 ? pid : wait_for(pid);
}
