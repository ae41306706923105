/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest init's arguments: built by the host (test runner, shell,
 * auto-repro) into the KTSTR_GUEST_ARGS file of a VM's initramfs, parsed
 * by the guest. One struct, one encoder, one parser. Pure.
 */
#ifndef KTSTR_COMMON_GUEST_ARGS_H
#define KTSTR_COMMON_GUEST_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum ktstr_repro_mode {
	KTSTR_REPRO_NONE = 0,
	KTSTR_REPRO_FUNCS,	/* probe these functions */
	KTSTR_REPRO_DISCOVER,	/* no stack: the scheduler's callbacks */
	KTSTR_REPRO_STALL,	/* a stall has no causing task: no probes */
};

/* What the repro VM's guest is asked to probe. */
struct ktstr_guest_repro {
	enum ktstr_repro_mode mode;
	const char *funcs;	/* KTSTR_REPRO_FUNCS: "f1,f2,..." */
};

/* An external scheduler binary, in place of a generic test's own. */
struct ktstr_guest_sched {
	const char *name;		/* /bin/<name>; NULL: none */
	const char *args;		/* NULL: none */
	const char *ld_library_path;	/* NULL: the loader's defaults */
	int max_spread_pct;		/* 0: the suite's default */
	int max_gap_ms;
	const char *stress_args;	/* "stress-ng ARGS" or "hackbench ARGS" */
	unsigned int vm_timeout_s;	/* the host's VM timeout; 0: derived */
};

struct ktstr_guest_args {
	const char *test;	/* run this test; NULL with shell/exec */
	const char *topology;	/* the VM's shape when not the test's */
	bool tcg;		/* the CPUs are emulated */
	bool shell;		/* a busybox shell on the console */
	const char *exec;	/* a command for busybox sh -c */
	struct ktstr_guest_repro repro;
	struct ktstr_guest_sched sched;
};

/*
 * Encode @a as the KTSTR_GUEST_ARGS file: each argument NUL terminated,
 * in a new buffer (free it). Returns 0, -EINVAL for arguments that cannot
 * be encoded (an empty or NUL-holding string) or -ENOMEM.
 */
int ktstr_guest_args_encode(const struct ktstr_guest_args *a, char **buf,
			    size_t *len);

/*
 * Parse the file's bytes @buf[0..len) into @a, whose strings then point
 * into @buf (so keep it). Returns 0, or -EINVAL with one line in @why
 * naming the argument that was wrong.
 */
int ktstr_guest_args_parse(char *buf, size_t len,
			   struct ktstr_guest_args *a, char *why,
			   size_t whylen);

/* The arguments as a shell-readable line, for logs ("--test foo --tcg"). */
int ktstr_guest_args_format(const struct ktstr_guest_args *a, char *buf,
			    size_t len);

#endif /* KTSTR_COMMON_GUEST_ARGS_H */
