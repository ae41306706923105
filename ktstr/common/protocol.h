/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest -> host test channel (COM2, /dev/ttyS1 in the guest), version 1.
 *
 * Line oriented, so a guest that dies mid-write still leaves every complete
 * line readable:
 *
 *   KTSTR-STAGE <stage>            how far the guest got (see enum below)
 *   # <text>                       diagnostics, shown by the host as-is
 *   KTSTR-RESULT-BEGIN v1
 *   { ...one JSON object... }      the result record (see docs/protocol.md)
 *   KTSTR-RESULT-END
 *   KTSTR-PROBE-BEGIN v1           auto-repro probe payload
 *   KTSTR-PROBE-END                (docs/probe-payload.md)
 *
 * The host treats a run without "KTSTR-STAGE init" as a VM that never
 * reached /init: infrastructure trouble, not a test failure.
 */
#ifndef KTSTR_PROTOCOL_H
#define KTSTR_PROTOCOL_H

#include <string.h>

#include "common/compiler.h"

#define KTSTR_PROTO_VERSION	1
#define KTSTR_STAGE_PREFIX	"KTSTR-STAGE "
#define KTSTR_RESULT_BEGIN	"KTSTR-RESULT-BEGIN v1"
#define KTSTR_RESULT_END	"KTSTR-RESULT-END"
#define KTSTR_PROBE_BEGIN	"KTSTR-PROBE-BEGIN v1"
#define KTSTR_PROBE_END		"KTSTR-PROBE-END"

/* Stage names, in the order a guest passes through them. */
#define KTSTR_STAGE_INIT	"init"		/* PID 1 running, mounts done */
#define KTSTR_STAGE_SCHED	"sched-start"	/* scheduler being started */
#define KTSTR_STAGE_ATTACHED	"sched-attached"
#define KTSTR_STAGE_WORKLOAD	"workload"
#define KTSTR_STAGE_CHECKS	"checks"
#define KTSTR_STAGE_DONE	"done"

/* How far along @stage is, in that order; -1 for one that is not. */
static inline int ktstr_stage_index(const char *stage)
{
	static const char *const order[] = {
		KTSTR_STAGE_INIT, KTSTR_STAGE_SCHED, KTSTR_STAGE_ATTACHED,
		KTSTR_STAGE_WORKLOAD, KTSTR_STAGE_CHECKS, KTSTR_STAGE_DONE,
	};
	unsigned int i;

	for (i = 0; stage && i < ARRAY_SIZE(order); i++)
		if (!strcmp(stage, order[i]))
			return i;
	return -1;
}

/* A test's "scheduler" when it runs on the kernel's own EEVDF class. */
#define KTSTR_SCHED_EEVDF	"eevdf"

/* The result record's "status". */
#define KTSTR_STATUS_PASS	"pass"
#define KTSTR_STATUS_FAIL	"fail"
#define KTSTR_STATUS_SKIP	"skip"

/* A test's "expect" in the --list output. */
#define KTSTR_EXPECT_PASS	"pass"
#define KTSTR_EXPECT_SCHED_EXIT	"sched_exit"
#define KTSTR_EXPECT_LOAD_FAIL	"load_fail"

/*
 * Host -> guest: the guest init's arguments travel as a file in the VM's
 * initramfs, one argument after another, each NUL terminated, so that no
 * argument (a shell command, a long function list) is limited or mangled
 * by the kernel command line (common/guest_args.h builds and parses it).
 */
#define KTSTR_GUEST_DIR		"ktstr"		/* in the initramfs */
#define KTSTR_GUEST_ARGS	"ktstr/args"
#define KTSTR_GUEST_ARGS_MAX	(64 * 1024)
/* The kernel's config; init links /boot/config-$(uname -r) to it. */
#define KTSTR_GUEST_KCONFIG	"boot/config"

/* The guest init's options (without "--"), one name for both sides. */
#define KTSTR_OPT_TEST		"test"		/* NAME */
#define KTSTR_OPT_TOPOLOGY	"topology"	/* NnNlNcNt */
#define KTSTR_OPT_TCG		"tcg"
#define KTSTR_OPT_SHELL		"shell"
#define KTSTR_OPT_EXEC		"exec"		/* CMD, run by busybox sh -c */
#define KTSTR_OPT_REPRO_FUNCS	"repro-funcs"	/* F1,F2,... */
#define KTSTR_OPT_REPRO_DISCOVER "repro-discover"
#define KTSTR_OPT_REPRO_STALL	"repro-stall"
/* An external scheduler instead of a generic test's own (ktstr run --scheduler) */
#define KTSTR_OPT_SCHEDULER	"scheduler"	/* its name in /bin */
#define KTSTR_OPT_SCHED_ARGS	"sched-args"	/* ARGS, split on blanks */
#define KTSTR_OPT_LD_PATH	"ld-library-path"	/* for its libraries */
#define KTSTR_OPT_MAX_SPREAD	"max-spread-pct"	/* a profile's checks */
#define KTSTR_OPT_MAX_GAP	"max-gap-ms"
#define KTSTR_OPT_STRESS	"stress-args"	/* a profile's stress line */
#define KTSTR_OPT_VM_TIMEOUT	"vm-timeout-s"	/* the host's, when raised */
/*
 * An external scheduler gets this much longer to attach than the suite's
 * own (20 s under TCG): a large Rust scheduler loads dozens of programs,
 * and the verifier runs emulated. The host's VM timeout grows to match.
 */
#define KTSTR_EXT_ATTACH_EXTRA_S	40

#endif /* KTSTR_PROTOCOL_H */
