// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "host/repro/repro_decode.h"
#include "host/util.h"

/* Bounded appends: the first overflow sticks and is reported at the end. */
struct out {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

static void out_init(struct out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	o->full = !size;
	if (size)
		buf[0] = '\0';
}

/* Account for an snprintf() of @n bytes at the end of @o. */
static void out_commit(struct out *o, int n)
{
	if (o->full)
		return;
	if (n < 0 || (size_t)n >= o->size - o->len) {
		o->full = true;
		o->len = o->size - 1;
		return;
	}
	o->len += n;
}

/* A macro, so that the compiler checks each format against its arguments. */
#define out_add(o, ...)							\
	out_commit(o, (o)->full ? 0 :					\
		   snprintf((o)->buf + (o)->len, (o)->size - (o)->len,	\
			    __VA_ARGS__))

static int out_done(const struct out *o)
{
	return o->full ? -ENOSPC : (int)o->len;
}

int repro_dsq_name(uint64_t id, char *buf, size_t size)
{
	struct out o;

	out_init(&o, buf, size);
	if (!(id & REPRO_DSQ_FLAG_BUILTIN))
		out_add(&o, "%llu", (unsigned long long)id);
	else if (id == REPRO_DSQ_INVALID)
		out_add(&o, "SCX_DSQ_INVALID");
	else if (id == REPRO_DSQ_GLOBAL)
		out_add(&o, "SCX_DSQ_GLOBAL");
	else if (id == REPRO_DSQ_LOCAL)
		out_add(&o, "SCX_DSQ_LOCAL");
	else if ((id & ~REPRO_DSQ_LOCAL_CPU_MASK) == REPRO_DSQ_LOCAL_ON)
		out_add(&o, "SCX_DSQ_LOCAL_ON|%llu",
			(unsigned long long)(id & REPRO_DSQ_LOCAL_CPU_MASK));
	else
		out_add(&o, "SCX_DSQ_BUILTIN|0x%llx",
			(unsigned long long)(id & ~REPRO_DSQ_FLAG_BUILTIN));
	return out_done(&o);
}

struct flag_name {
	uint64_t bit;
	const char *name;
};

/*
 * The enqueue flags ops.enqueue() and the kernel paths before it see: the
 * ENQUEUE_* bits of kernel/sched/sched.h that sched_ext passes through,
 * under their SCX_ENQ_* alias where one exists, then the SCX-only bits.
 */
static const struct flag_name enq_flags[] = {
	{ 0x01,		"SCX_ENQ_WAKEUP" },
	{ 0x02,		"ENQUEUE_RESTORE" },
	{ 0x04,		"ENQUEUE_MOVE" },
	{ 0x08,		"ENQUEUE_NOCLOCK" },
	{ 0x10,		"SCX_ENQ_HEAD" },
	{ 0x20,		"ENQUEUE_REPLENISH" },
	{ 0x40,		"ENQUEUE_MIGRATED" },
	{ 0x80,		"ENQUEUE_INITIAL" },
	{ 0x100,	"ENQUEUE_MIGRATING" },
	{ 0x200,	"ENQUEUE_DELAYED" },
	{ 0x400,	"SCX_ENQ_CPU_SELECTED" },
	{ 1ULL << 32,	"SCX_ENQ_PREEMPT" },
	{ 1ULL << 40,	"SCX_ENQ_REENQ" },
	{ 1ULL << 41,	"SCX_ENQ_LAST" },
	{ 1ULL << 56,	"SCX_ENQ_CLEAR_OPSS" },
	{ 1ULL << 57,	"SCX_ENQ_DSQ_PRIQ" },
};

static const struct flag_name scx_flags[] = {
	{ 1ULL << 0,	"SCX_TASK_QUEUED" },
	{ 1ULL << 2,	"SCX_TASK_RESET_RUNNABLE_AT" },
	{ 1ULL << 3,	"SCX_TASK_DEQD_FOR_SLEEP" },
	{ 1ULL << 31,	"SCX_TASK_CURSOR" },
};

/* enum scx_task_state */
static const char *const task_states[] = {
	"NONE", "INIT", "READY", "ENABLED",
};

/* Append the names of @flags' bits in @tab, then any bits left as hex. */
static uint64_t add_flags(struct out *o, uint64_t flags,
			  const struct flag_name *tab, size_t n)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(flags & tab[i].bit))
			continue;
		out_add(o, "%s%s", sep, tab[i].name);
		flags &= ~tab[i].bit;
		sep = "|";
	}
	if (flags)
		out_add(o, "%s0x%llx", sep, (unsigned long long)flags);
	return flags;
}

int repro_enq_flags_str(uint64_t flags, char *buf, size_t size)
{
	struct out o;

	out_init(&o, buf, size);
	if (!flags)
		out_add(&o, "0");
	else
		add_flags(&o, flags, enq_flags, ARRAY_SIZE(enq_flags));
	return out_done(&o);
}

int repro_scx_flags_str(uint64_t flags, char *buf, size_t size)
{
	uint64_t state = (flags & REPRO_TASK_STATE_MASK) >>
			 REPRO_TASK_STATE_SHIFT;
	uint64_t bits = flags & ~REPRO_TASK_STATE_MASK;
	struct out o;

	out_init(&o, buf, size);
	if (bits)
		add_flags(&o, bits, scx_flags, ARRAY_SIZE(scx_flags));
	else
		out_add(&o, "0");
	out_add(&o, " state=%s", task_states[state]);
	return out_done(&o);
}

/* Enough for NR_CPUS=8192 in 32-bit groups with commas. */
#define MASK_MAX_DIGITS	2304

int repro_cpumask_to_list(const char *mask, char *buf, size_t size)
{
	char digits[MASK_MAX_DIGITS];
	size_t nd = 0, bit, nbits;
	const char *p = mask;
	long start = -1;
	const char *sep = "";
	struct out o;

	if (!strncmp(p, "0x", 2) || !strncmp(p, "0X", 2))
		p += 2;
	for (; *p; p++) {
		if (*p == ',')
			continue;
		if (!isxdigit((unsigned char)*p) || nd == sizeof(digits))
			return -EINVAL;
		digits[nd++] = *p;
	}
	if (!nd)
		return -EINVAL;

	out_init(&o, buf, size);
	nbits = nd * 4;
	/* One past the last bit closes a trailing range. */
	for (bit = 0; bit <= nbits; bit++) {
		bool set = false;

		if (bit < nbits) {
			char c = digits[nd - 1 - bit / 4];
			int v = isdigit((unsigned char)c) ? c - '0' :
				tolower((unsigned char)c) - 'a' + 10;

			set = v & (1 << (bit % 4));
		}
		if (set && start < 0) {
			start = bit;
		} else if (!set && start >= 0) {
			if ((long)bit - 1 == start)
				out_add(&o, "%s%ld", sep, start);
			else
				out_add(&o, "%s%ld-%zu", sep, start, bit - 1);
			sep = ",";
			start = -1;
		}
	}
	if (!*sep)
		out_add(&o, "(none)");
	return out_done(&o);
}

int repro_cpus_str(const char *cpus, char *buf, size_t size)
{
	struct out o;
	const char *p;

	if (!strncmp(cpus, "0x", 2) || !strncmp(cpus, "0X", 2))
		return repro_cpumask_to_list(cpus, buf, size);
	if (!*cpus)
		return -EINVAL;
	for (p = cpus; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != ',' && *p != '-')
			return -EINVAL;
	out_init(&o, buf, size);
	out_add(&o, "%s", cpus);
	return out_done(&o);
}
