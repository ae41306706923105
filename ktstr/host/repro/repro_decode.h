/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decode the sched_ext values a probe captured into the names a reader
 * knows from the source (pure). The values are 6.12's, from
 * include/linux/sched/ext.h, kernel/sched/ext.c and kernel/sched/sched.h.
 *
 * Every formatter writes a NUL-terminated string into @buf and returns its
 * length, or -ENOSPC when it did not fit (@buf then holds a truncated
 * string, still terminated).
 */
#ifndef KTSTR_HOST_REPRO_DECODE_H
#define KTSTR_HOST_REPRO_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* enum scx_dsq_id_flags */
#define REPRO_DSQ_FLAG_BUILTIN		(1ULL << 63)
#define REPRO_DSQ_FLAG_LOCAL_ON		(1ULL << 62)
#define REPRO_DSQ_INVALID		(REPRO_DSQ_FLAG_BUILTIN | 0)
#define REPRO_DSQ_GLOBAL		(REPRO_DSQ_FLAG_BUILTIN | 1)
#define REPRO_DSQ_LOCAL			(REPRO_DSQ_FLAG_BUILTIN | 2)
#define REPRO_DSQ_LOCAL_ON		(REPRO_DSQ_FLAG_BUILTIN | \
					 REPRO_DSQ_FLAG_LOCAL_ON)
#define REPRO_DSQ_LOCAL_CPU_MASK	0xffffffffULL

/* enum scx_ent_flags: the task state lives in bits 8-9 */
#define REPRO_TASK_STATE_SHIFT		8
#define REPRO_TASK_STATE_MASK		(3ULL << REPRO_TASK_STATE_SHIFT)

/*
 * "SCX_DSQ_GLOBAL", "SCX_DSQ_LOCAL_ON|3", a user DSQ as its decimal
 * number, an unknown built-in one as "SCX_DSQ_BUILTIN|0x...".
 */
int repro_dsq_name(uint64_t id, char *buf, size_t size);

/* "SCX_ENQ_WAKEUP|SCX_ENQ_HEAD|0x100000": names, then leftover bits. */
int repro_enq_flags_str(uint64_t flags, char *buf, size_t size);

/* "SCX_TASK_QUEUED|SCX_TASK_RESET_RUNNABLE_AT state=ENABLED" */
int repro_scx_flags_str(uint64_t flags, char *buf, size_t size);

/*
 * A hex cpumask as the kernel prints it ("f", "0xff", "ff,ffffffff" in
 * 32-bit groups) to a CPU list: "0-3,8". Returns -EINVAL for a string that
 * is not a mask; an empty mask is "(none)".
 */
int repro_cpumask_to_list(const char *mask, char *buf, size_t size);

/*
 * The payload's "cpus": a "0x" mask becomes a list, a list ("0-3,5") is
 * kept. Returns -EINVAL for anything else.
 */
int repro_cpus_str(const char *cpus, char *buf, size_t size);

#endif /* KTSTR_HOST_REPRO_DECODE_H */
