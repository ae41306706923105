/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Auto-repro report, the probe part: the chain of events the repro VM
 * captured for the task that caused the exit, one block per event, and
 * the pipeline diagnostics that say how the chain was obtained (or why it
 * is empty). Plain lines without the TAP "# " prefix; the caller adds it.
 */
#ifndef KTSTR_HOST_REPRO_RENDER_H
#define KTSTR_HOST_REPRO_RENDER_H

#include <stddef.h>
#include <stdio.h>

struct repro_payload;
struct repro_stack;

/*
 * Pair each fexit event with the latest earlier unpaired entry (kprobe or
 * fentry) of the same function and task: @exit_of[i] is the index of the
 * fexit that ends entry i, @entry_of[j] the entry fexit j ends, -1 for
 * none. Both arrays have @p->nr_events slots.
 */
void repro_pair_events(const struct repro_payload *p, long *exit_of,
		       long *entry_of);

/*
 * The event chain: per event its time, CPU, function, probe kind, source
 * location (kernel: from @vmlinux's DWARF, NULL for none; BPF: the src the
 * guest sent), typed arguments, the task's decoded sched_ext fields, and
 * at an fexit what changed since the paired entry as "old → new"; then
 * where the exit was raised. Only the @last events before the exit are
 * shown (0: all). Returns 0 or -ENOMEM.
 */
int repro_render_events(FILE *out, const struct repro_payload *p,
			const char *vmlinux, size_t last);

/*
 * The pipeline: functions extracted (from @st, may be NULL) and passed the
 * traceability filter, BPF programs discovered, targets, attached and
 * failed probes, the trigger, events captured and after stitching, and
 * when no event is left, why.
 */
void repro_render_diag(FILE *out, const struct repro_payload *p,
		       const struct repro_stack *st);

/*
 * How the repro's scheduler exited as the probes saw it, else as the
 * repro's result says (@result_kind, -1 if it says nothing): *@kind (-1
 * if unknown), and true when it was an error, the trigger fired.
 */
bool repro_payload_error_exit(const struct repro_payload *p,
			      int result_kind, int *kind);

/*
 * Why a payload has no event left after stitching, from the BPF-side
 * trigger counter and the exit kind. Returns the length written.
 */
int repro_why_no_events(const struct repro_payload *p, char *buf,
			size_t size);

#endif /* KTSTR_HOST_REPRO_RENDER_H */
