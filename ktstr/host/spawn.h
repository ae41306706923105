/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run a helper program (the guest binary's --list, kernel-build.sh) and
 * capture its stdout. stderr passes through so the helper's own message
 * reaches the user.
 */
#ifndef KTSTR_HOST_SPAWN_H
#define KTSTR_HOST_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

/* Where the helper's stderr goes. */
enum ktstr_stderr {
	KTSTR_STDERR_PASS = 0,	/* to ours: its message reaches the user */
	KTSTR_STDERR_NULL,	/* away: its failure is an expected answer */
	KTSTR_STDERR_MERGE,	/* into *out, for the caller to report */
};

/*
 * Returns 0 with *out (NUL terminated, free it) and the wait status in
 * *wstatus, or a negative errno when the program could not be started
 * (-ENOENT, -EACCES, ... from execve, reported back through a pipe).
 */
int ktstr_capture(char *const argv[], char **out, size_t *len, int *wstatus,
		  enum ktstr_stderr err_to);

#endif /* KTSTR_HOST_SPAWN_H */
