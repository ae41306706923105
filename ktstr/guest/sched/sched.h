/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler under test: which ones ktstr knows, and the lifecycle of
 * one instance in the guest (start, wait for attach, watch, stop, collect
 * what it left behind).
 */
#ifndef KTSTR_SCHED_H
#define KTSTR_SCHED_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/protocol.h"
#include "common/scx_exit.h"
#include "guest/ktstr_test.h"
#include "guest/lib/strbuf.h"
#include "guest/result.h"

#define KTSTR_SCHED_LOG		"/tmp/sched.log"
#define KTSTR_SCHED_LOG_MAX	(64 * 1024)

/*
 * The BPF compiler a scheduler needs from a kernel version on: the tree of
 * that version has a scheduler older compilers build into code its
 * verifier rejects. Stated by the definition, so that a run with an older
 * compiler is a SKIP with the reason, never a rejection turned into one.
 */
struct ktstr_bpf_need {
	unsigned int kernel_major, kernel_minor;	/* from this kernel on */
	unsigned int llvm_major;			/* at least this LLVM */
	const char *why;
};

struct ktstr_sched_def {
	const char *name;	/* the binary is /bin/<name> */
	/* sched_ext ops name; NULL: the built-in class; "": any (external) */
	const char *ops;
	const char *why;	/* why the check overrides, if any */
	bool external;		/* ktstr run --scheduler: not of this suite */
	/* Seconds it may take to attach under TCG; 0: 20 (half with KVM). */
	unsigned int attach_s;
	bool init_cpu0;		/* ops.init() must run on CPU 0 */
	struct ktstr_checks checks;	/* overrides of the global defaults */
	struct ktstr_bpf_need bpf_need;	/* zero: any compiler will do */
};

/*
 * Whether this guest set's BPF compiler (KTSTR_BPF_CLANG_VERSION) can
 * build @def for kernel @release ("7.3.4"); false with the reason in @why.
 * Pure, so unit-tested.
 */
bool ktstr_sched_bpf_ok(const struct ktstr_sched_def *def, const char *release,
			const char *clang_version, char *why, size_t whylen);

/* NULL or "eevdf" finds the built-in class; NULL if @name is unknown. */
const struct ktstr_sched_def *ktstr_sched_def_find(const char *name);
const struct ktstr_sched_def *ktstr_sched_def_at(unsigned int idx);

enum ktstr_sched_outcome {
	KTSTR_SCHED_NONE = 0,		/* built-in class, nothing started */
	KTSTR_SCHED_RUNNING,		/* attached, not stopped yet */
	KTSTR_SCHED_CLEAN,		/* detached after our SIGINT */
	KTSTR_SCHED_LOAD_FAILED,	/* exited before it ever attached */
	KTSTR_SCHED_NEVER_ATTACHED,	/* timed out while still running */
	KTSTR_SCHED_DIED,		/* exited or detached on its own */
};

const char *ktstr_sched_outcome_name(enum ktstr_sched_outcome outcome);

struct ktstr_sched {
	const struct ktstr_sched_def *def;
	const char *args;
	bool tcg;
	pid_t pid;			/* 0 once reaped */
	int wstatus;			/* valid once reaped */
	enum ktstr_sched_outcome outcome;
	long attach_ms;			/* from start to attached */
	long enable_seq;		/* /sys/kernel/sched_ext/enable_seq */
	char ops[64];			/* root/ops once attached */
	char stop_error[160];		/* why a stop was not clean */
	struct scx_exit exit;
	struct ktstr_buf log;		/* tail of its stdout + stderr */
	struct ktstr_buf dump;		/* sched_ext_dump lines */
};

/*
 * Start @def with @args (space separated) and, if not NULL,
 * LD_LIBRARY_PATH=@ld_path, and wait until it is attached: 20 s under
 * TCG, KTSTR_EXT_ATTACH_EXTRA_S more for an external scheduler. Returns
 * 0 once attached, or a negative errno with the outcome set to
 * LOAD_FAILED or NEVER_ATTACHED (and the evidence collected).
 */
int ktstr_sched_start(struct ktstr_sched *s, const struct ktstr_sched_def *def,
		      const char *args, const char *ld_path, bool tcg);
/* The attach bound under TCG of a scheduler that states none. */
#define KTSTR_SCHED_ATTACH_S	20

/* How long ktstr_sched_start() waits for @def to attach. */
long ktstr_sched_attach_timeout_ms(const struct ktstr_sched_def *def,
				   bool tcg);
/* Attached and running: the process lives and sched_ext runs its ops. */
bool ktstr_sched_running(struct ktstr_sched *s);
/*
 * Stop it (SIGINT, bounded waits, SIGKILL as the last resort) and collect
 * its log, the kernel's verdict and the dump. Returns 0 if it detached
 * cleanly, -ECHILD if it had died on its own, -ETIMEDOUT if it would not
 * stop or detach (stop_error says which).
 */
int ktstr_sched_stop(struct ktstr_sched *s);
void ktstr_sched_free(struct ktstr_sched *s);

/*
 * "ERROR_BPF (1025) scx_bpf_error: test triggering error", or "unknown
 * exit" when nothing was found.
 */
void ktstr_sched_exit_describe(const struct ktstr_sched *s, char *buf,
			       size_t len);
/*
 * Why a scheduler that had attached is gone, telling apart what an
 * unknown scheduler can do: "the kernel disabled it: ERROR_STALL (1026)
 * ...", "it exited on its own with status 1: <its error line>", "it was
 * killed by signal 11 (Segmentation fault)", or detached with the
 * process still running.
 */
void ktstr_sched_death_describe(const struct ktstr_sched *s, char *buf,
				size_t len);
/*
 * The line of @log that says what went wrong: the first that looks like
 * an error (libbpf's "BPF program load failed: ...", getopt's "invalid
 * option"), else the last one. Into @buf, which is returned.
 */
const char *ktstr_sched_error_line(const char *log, char *buf, size_t len);
/* The "scheduler" object of the result; strings point into @s. */
void ktstr_sched_report(const struct ktstr_sched *s,
			struct ktstr_sched_report *rep);

#endif /* KTSTR_SCHED_H */
