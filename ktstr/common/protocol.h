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
 *   KTSTR-PROBE-BEGIN v1           auto-repro probe payload (issue 4)
 *   KTSTR-PROBE-END
 *
 * The host treats a run without "KTSTR-STAGE init" as a VM that never
 * reached /init: infrastructure trouble, not a test failure.
 */
#ifndef KTSTR_PROTOCOL_H
#define KTSTR_PROTOCOL_H

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

#endif /* KTSTR_PROTOCOL_H */
