/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decide one test's outcome from what its VM left behind: the parsed
 * channel, how QEMU ended, and the kernel console. The guest evaluates the
 * test's checks and expectation itself; the host's part is to tell a VM
 * that never booted (infrastructure) from one that booted and failed, and
 * to say in one line why a run that produced no result failed.
 */
#ifndef KTSTR_HOST_VERDICT_H
#define KTSTR_HOST_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

struct ktstr_channel;

enum ktstr_status {
	KTSTR_PASS = 0,
	KTSTR_FAIL,
	KTSTR_SKIP,
};

#define KTSTR_REASON_NO_INIT	"infrastructure: VM never reached /init"

/* How the VM process ended. */
struct ktstr_vm_exit {
	bool started;		/* QEMU was exec'd */
	bool timed_out;		/* killed by the host at its deadline */
	bool boot_timed_out;	/* ... before the guest reached /init */
	int wstatus;		/* waitpid() status */
	double duration_s;
	double timeout_s;
};

struct ktstr_verdict {
	enum ktstr_status status;
	bool infra;		/* never reached /init: retry, then report */
	char reason[256];
};

/*
 * @test is the test the VM was asked to run; @console is the COM1 text
 * (may be NULL). Pure.
 */
void ktstr_verdict_eval(const char *test, const struct ktstr_channel *ch,
			const struct ktstr_vm_exit *vx, const char *console,
			struct ktstr_verdict *v);

/* "exited 0", "killed by signal 9", ... for diagnostics. */
void ktstr_vm_exit_describe(const struct ktstr_vm_exit *vx, char *buf,
			    size_t len);

const char *ktstr_status_name(enum ktstr_status status);

#endif /* KTSTR_HOST_VERDICT_H */
