// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/sigs.h"
#include "host/spawn.h"

static int read_all(int fd, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *tmp;
	ssize_t r;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (cap - n < 2) {
			tmp = realloc(buf, cap * 2);
			if (!tmp) {
				free(buf);
				return -ENOMEM;
			}
			buf = tmp;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return -errno;
		}
		if (r == 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int ktstr_capture(char *const argv[], char **out, size_t *len, int *wstatus,
		  enum ktstr_stderr err_to)
{
	int outp[2], errp[2], child_errno = 0, err;
	pid_t pid;
	ssize_t r;

	if (pipe2(outp, O_CLOEXEC))
		return -errno;
	/* The exec error pipe closes on a successful exec: EOF = started. */
	if (pipe2(errp, O_CLOEXEC)) {
		err = -errno;
		close(outp[0]);
		close(outp[1]);
		return err;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(outp[0]);
		close(outp[1]);
		close(errp[0]);
		close(errp[1]);
		return err;
	}
	if (pid == 0) {
		ktstr_signals_child();
		dup2(outp[1], STDOUT_FILENO);
		if (err_to == KTSTR_STDERR_MERGE) {
			dup2(outp[1], STDERR_FILENO);
		} else if (err_to == KTSTR_STDERR_NULL) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, STDERR_FILENO);
		}
		execv(argv[0], argv);
		child_errno = errno;
		if (write(errp[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(126);
		_exit(127);
	}
	close(outp[1]);
	close(errp[1]);
	do {
		r = read(errp[0], &child_errno, sizeof(child_errno));
	} while (r < 0 && errno == EINTR);
	close(errp[0]);

	err = r == sizeof(child_errno) ? -child_errno : 0;
	if (!err)
		err = read_all(outp[0], out, len);
	close(outp[0]);
	while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
		;
	return err;
}
