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

/*
 * Returns 0 with *out (NUL terminated, free it) and the wait status in
 * *wstatus, or a negative errno when the program could not be started
 * (-ENOENT, -EACCES, ... from execve, reported back through a pipe).
 * @quiet sends the helper's stderr to /dev/null, for probes whose failure
 * is an expected answer rather than an error.
 */
int ktstr_capture(char *const argv[], char **out, size_t *len, int *wstatus,
		  bool quiet);

#endif /* KTSTR_HOST_SPAWN_H */
