// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/sigs.h"
#include "host/util.h"
#include "host/vm/qemu_args.h"
#include "host/vm/vm.h"

int ktstr_qemu_find(char *buf, size_t len)
{
	const char *name = getenv("KTSTR_QEMU");
	const char *path = getenv("PATH");
	const char *p, *colon;

	if (!name || !*name)
		name = KTSTR_QEMU_BIN;
	if (strchr(name, '/')) {
		if (access(name, X_OK))
			return -errno;
		snprintf(buf, len, "%s", name);
		return 0;
	}
	for (p = path ? path : "/usr/bin:/bin"; p; p = colon ? colon + 1 : NULL) {
		colon = strchr(p, ':');
		if (snprintf(buf, len, "%.*s/%s",
			     colon ? (int)(colon - p) : (int)strlen(p), p,
			     name) >= (int)len)
			continue;
		if (!access(buf, X_OK))
			return 0;
	}
	return -ENOENT;
}

/* Between fork and exec: async-signal-safe calls only. */
static void child(char *const argv[], int log_fd, bool interactive,
		  pid_t parent, int err_fd)
{
	int e, null;

	ktstr_signals_child();
	/* Die with the launcher, even if it is SIGKILLed. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);	/* parent already gone: do not boot */
	if (!interactive) {
		null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
	}
	if (log_fd >= 0) {
		dup2(log_fd, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
	}
	execv(argv[0], argv);
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

int ktstr_vm_start(struct ktstr_vm *vm, char *const argv[],
		   const char *log_path, bool interactive, double timeout_s)
{
	pid_t parent = getpid();
	int errp[2], log_fd = -1, e = 0, err;
	ssize_t r;

	memset(vm, 0, sizeof(*vm));
	if (log_path) {
		log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
		if (log_fd < 0)
			return -errno;
	}
	if (pipe2(errp, O_CLOEXEC)) {
		err = -errno;
		goto out;
	}
	vm->start = ktstr_now();
	vm->deadline = timeout_s > 0 ? vm->start + timeout_s : 0;
	vm->exit.timeout_s = timeout_s;
	vm->pid = fork();
	if (vm->pid < 0) {
		err = -errno;
		vm->pid = 0;
		close(errp[0]);
		close(errp[1]);
		goto out;
	}
	if (vm->pid == 0)
		child(argv, log_fd, interactive, parent, errp[1]);

	close(errp[1]);
	do {
		r = read(errp[0], &e, sizeof(e));
	} while (r < 0 && errno == EINTR);
	close(errp[0]);
	err = 0;
	if (r == sizeof(e)) {
		/* exec failed: the child exits at once; reap it now. */
		waitpid(vm->pid, NULL, 0);
		vm->pid = 0;
		err = -e;
	} else {
		vm->exit.started = true;
	}
out:
	if (log_fd >= 0)
		close(log_fd);
	return err;
}

static void finish(struct ktstr_vm *vm, int status)
{
	vm->exit.wstatus = status;
	vm->exit.duration_s = ktstr_now() - vm->start;
	vm->pid = 0;
}

bool ktstr_vm_poll(struct ktstr_vm *vm)
{
	int status;
	pid_t r;

	if (!vm->pid)
		return true;
	r = waitpid(vm->pid, &status, WNOHANG);
	if (r == vm->pid) {
		finish(vm, status);
		return true;
	}
	if (vm->deadline && ktstr_now() >= vm->deadline) {
		vm->exit.timed_out = true;
		ktstr_vm_kill(vm, false);
		return true;
	}
	return false;
}

double ktstr_vm_remaining(const struct ktstr_vm *vm)
{
	double left;

	if (!vm->deadline)
		return -1;
	left = vm->deadline - ktstr_now();
	return left > 0 ? left : 0;
}

void ktstr_vm_kill(struct ktstr_vm *vm, bool graceful)
{
	int status = 0, i;

	if (!vm->pid)
		return;
	if (graceful) {
		kill(vm->pid, SIGTERM);
		for (i = 0; i < 40; i++) {
			if (waitpid(vm->pid, &status, WNOHANG) == vm->pid) {
				finish(vm, status);
				return;
			}
			usleep(50 * 1000);
		}
	}
	kill(vm->pid, SIGKILL);
	while (waitpid(vm->pid, &status, 0) < 0 && errno == EINTR)
		;
	finish(vm, status);
}

int ktstr_vm_wait(struct ktstr_vm *vm, bool graceful)
{
	struct pollfd pfd = { .fd = ktstr_signals_fd(), .events = POLLIN };
	int sig;

	while (!ktstr_vm_poll(vm)) {
		double left = ktstr_vm_remaining(vm);

		poll(&pfd, 1, left < 0 ? 1000 : (int)(left * 1000) + 1);
		sig = ktstr_signals_read();
		if (sig) {
			ktstr_vm_kill(vm, graceful);
			return sig;
		}
	}
	return 0;
}
