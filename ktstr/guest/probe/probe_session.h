/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe session of a repro VM: the guest arguments' repro part turned
 * into probe.h calls at the right points of a test run. Without one every
 * call is a no-op.
 */
#ifndef KTSTR_GUEST_PROBE_SESSION_H
#define KTSTR_GUEST_PROBE_SESSION_H

#include "common/guest_args.h"

/* Before the scheduler starts: kernel probes and the exit trigger. */
void ktstr_probe_session_start(const struct ktstr_guest_repro *repro);
/* Once the scheduler is attached: its callbacks and their callers. */
void ktstr_probe_session_attach(void);
/* After the result record: the probe payload on the test channel. */
void ktstr_probe_session_finish(void);

#endif /* KTSTR_GUEST_PROBE_SESSION_H */
