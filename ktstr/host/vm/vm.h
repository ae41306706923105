/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One QEMU process: find the binary, start it, reap it, kill it. A VM is
 * never left behind: the child dies with the launcher (PR_SET_PDEATHSIG),
 * and every wait loop kills its VMs when a termination signal arrives.
 */
#ifndef KTSTR_HOST_VM_H
#define KTSTR_HOST_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "host/verdict.h"

struct ktstr_vm {
	pid_t pid;			/* 0 when not running */
	double start;			/* ktstr_now() at spawn */
	double deadline;		/* 0: none */
	struct ktstr_vm_exit exit;
};

/*
 * $KTSTR_QEMU, else qemu-system-x86_64 from $PATH. -ENOENT when there is
 * none (the run cannot happen: a kselftest SKIP).
 */
int ktstr_qemu_find(char *buf, size_t len);

/*
 * Start @argv. QEMU's own stdout/stderr go to @log_path (NULL: inherit);
 * stdin is the terminal when @interactive, else /dev/null. @timeout_s 0
 * means no deadline. Returns 0 or -errno (exec failures included).
 */
int ktstr_vm_start(struct ktstr_vm *vm, char *const argv[],
		   const char *log_path, bool interactive, double timeout_s);

/*
 * Non-blocking: reap the VM if it exited, kill it if it is past its
 * deadline. Returns true once the VM is over (vm->exit is final).
 */
bool ktstr_vm_poll(struct ktstr_vm *vm);

/* Seconds until the deadline (0 if past), or -1 if there is none. */
double ktstr_vm_remaining(const struct ktstr_vm *vm);

/*
 * Kill and reap. @graceful sends SIGTERM first so QEMU can restore the
 * terminal it put in raw mode; SIGKILL follows after a short grace.
 */
void ktstr_vm_kill(struct ktstr_vm *vm, bool graceful);

/*
 * Wait for a single VM, watching the signalfd. Returns 0 when it ended, or
 * the termination signal that made us kill it.
 */
int ktstr_vm_wait(struct ktstr_vm *vm, bool graceful);

#endif /* KTSTR_HOST_VM_H */
