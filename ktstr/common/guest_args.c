// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/compiler.h"
#include "common/guest_args.h"
#include "common/protocol.h"

/* An argument list being built: "--name\0value\0..." */
struct enc {
	char *buf;
	size_t len, cap;
	int err;
};

static void put(struct enc *e, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (e->err)
		return;
	if (e->len + n > e->cap) {
		size_t cap = (e->len + n) * 2;

		p = realloc(e->buf, cap);
		if (!p) {
			e->err = -ENOMEM;
			return;
		}
		e->buf = p;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

static void put_opt(struct enc *e, const char *name, const char *value)
{
	char opt[64];

	snprintf(opt, sizeof(opt), "--%s", name);
	put(e, opt);
	if (!value)
		return;
	/* An empty value would read back as a missing one. */
	if (!*value && !e->err)
		e->err = -EINVAL;
	put(e, value);
}

static void put_num(struct enc *e, const char *name, int v)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", v);
	put_opt(e, name, num);
}

int ktstr_guest_args_encode(const struct ktstr_guest_args *a, char **buf,
			    size_t *len)
{
	struct enc e = { 0 };

	if (a->test)
		put_opt(&e, KTSTR_OPT_TEST, a->test);
	if (a->topology)
		put_opt(&e, KTSTR_OPT_TOPOLOGY, a->topology);
	if (a->tcg)
		put_opt(&e, KTSTR_OPT_TCG, NULL);
	if (a->shell)
		put_opt(&e, KTSTR_OPT_SHELL, NULL);
	if (a->exec)
		put_opt(&e, KTSTR_OPT_EXEC, a->exec);
	switch (a->repro.mode) {
	case KTSTR_REPRO_FUNCS:
		put_opt(&e, KTSTR_OPT_REPRO_FUNCS, a->repro.funcs ?: "");
		break;
	case KTSTR_REPRO_DISCOVER:
		put_opt(&e, KTSTR_OPT_REPRO_DISCOVER, NULL);
		break;
	case KTSTR_REPRO_STALL:
		put_opt(&e, KTSTR_OPT_REPRO_STALL, NULL);
		break;
	case KTSTR_REPRO_NONE:
		break;
	}
	if (a->sched.name)
		put_opt(&e, KTSTR_OPT_SCHEDULER, a->sched.name);
	if (a->sched.args && *a->sched.args)
		put_opt(&e, KTSTR_OPT_SCHED_ARGS, a->sched.args);
	if (a->sched.ld_library_path)
		put_opt(&e, KTSTR_OPT_LD_PATH, a->sched.ld_library_path);
	if (a->sched.max_spread_pct)
		put_num(&e, KTSTR_OPT_MAX_SPREAD, a->sched.max_spread_pct);
	if (a->sched.max_gap_ms)
		put_num(&e, KTSTR_OPT_MAX_GAP, a->sched.max_gap_ms);
	if (a->sched.stress_args)
		put_opt(&e, KTSTR_OPT_STRESS, a->sched.stress_args);
	if (a->sched.vm_timeout_s)
		put_num(&e, KTSTR_OPT_VM_TIMEOUT, a->sched.vm_timeout_s);
	if (!e.err && e.len > KTSTR_GUEST_ARGS_MAX)
		e.err = -E2BIG;
	if (e.err) {
		free(e.buf);
		return e.err;
	}
	*buf = e.buf;
	*len = e.len;
	return 0;
}

enum opt_id {
	OPT_TEST, OPT_TOPOLOGY, OPT_TCG, OPT_SHELL, OPT_EXEC,
	OPT_REPRO_FUNCS, OPT_REPRO_DISCOVER, OPT_REPRO_STALL,
	OPT_SCHEDULER, OPT_SCHED_ARGS, OPT_LD_PATH, OPT_MAX_SPREAD, OPT_MAX_GAP,
	OPT_STRESS, OPT_VM_TIMEOUT,
};

static const struct {
	const char *name;
	bool value;
} opts[] = {
	[OPT_TEST]		= { KTSTR_OPT_TEST, true },
	[OPT_TOPOLOGY]		= { KTSTR_OPT_TOPOLOGY, true },
	[OPT_TCG]		= { KTSTR_OPT_TCG, false },
	[OPT_SHELL]		= { KTSTR_OPT_SHELL, false },
	[OPT_EXEC]		= { KTSTR_OPT_EXEC, true },
	[OPT_REPRO_FUNCS]	= { KTSTR_OPT_REPRO_FUNCS, true },
	[OPT_REPRO_DISCOVER]	= { KTSTR_OPT_REPRO_DISCOVER, false },
	[OPT_REPRO_STALL]	= { KTSTR_OPT_REPRO_STALL, false },
	[OPT_SCHEDULER]		= { KTSTR_OPT_SCHEDULER, true },
	[OPT_SCHED_ARGS]	= { KTSTR_OPT_SCHED_ARGS, true },
	[OPT_LD_PATH]		= { KTSTR_OPT_LD_PATH, true },
	[OPT_MAX_SPREAD]	= { KTSTR_OPT_MAX_SPREAD, true },
	[OPT_MAX_GAP]		= { KTSTR_OPT_MAX_GAP, true },
	[OPT_STRESS]		= { KTSTR_OPT_STRESS, true },
	[OPT_VM_TIMEOUT]	= { KTSTR_OPT_VM_TIMEOUT, true },
};

static int find_opt(const char *arg)
{
	size_t i;

	if (strncmp(arg, "--", 2))
		return -1;
	for (i = 0; i < ARRAY_SIZE(opts); i++)
		if (!strcmp(arg + 2, opts[i].name))
			return i;
	return -1;
}

static void set(struct ktstr_guest_args *a, enum opt_id id, const char *v)
{
	switch (id) {
	case OPT_TEST:
		a->test = v;
		break;
	case OPT_TOPOLOGY:
		a->topology = v;
		break;
	case OPT_TCG:
		a->tcg = true;
		break;
	case OPT_SHELL:
		a->shell = true;
		break;
	case OPT_EXEC:
		a->exec = v;
		break;
	case OPT_REPRO_FUNCS:
		a->repro.mode = KTSTR_REPRO_FUNCS;
		a->repro.funcs = v;
		break;
	case OPT_REPRO_DISCOVER:
		a->repro.mode = KTSTR_REPRO_DISCOVER;
		break;
	case OPT_REPRO_STALL:
		a->repro.mode = KTSTR_REPRO_STALL;
		break;
	case OPT_SCHEDULER:
		a->sched.name = v;
		break;
	case OPT_SCHED_ARGS:
		a->sched.args = v;
		break;
	case OPT_LD_PATH:
		a->sched.ld_library_path = v;
		break;
	case OPT_MAX_SPREAD:
		a->sched.max_spread_pct = atoi(v);
		break;
	case OPT_MAX_GAP:
		a->sched.max_gap_ms = atoi(v);
		break;
	case OPT_STRESS:
		a->sched.stress_args = v;
		break;
	case OPT_VM_TIMEOUT:
		a->sched.vm_timeout_s = atoi(v);
		break;
	}
}

int ktstr_guest_args_parse(char *buf, size_t len,
			   struct ktstr_guest_args *a, char *why,
			   size_t whylen)
{
	char *p = buf, *end = buf + len;
	int id;

	memset(a, 0, sizeof(*a));
	if (len && buf[len - 1] != '\0') {
		snprintf(why, whylen, "%s: cut short (no NUL after the last argument)",
			 KTSTR_GUEST_ARGS);
		return -EINVAL;
	}
	while (p < end) {
		char *arg = p;

		p += strlen(p) + 1;
		id = find_opt(arg);
		if (id < 0) {
			snprintf(why, whylen, "unknown argument '%.64s'", arg);
			return -EINVAL;
		}
		if (!opts[id].value) {
			set(a, id, NULL);
			continue;
		}
		if (p >= end || !*p) {
			snprintf(why, whylen, "%s needs a value", arg);
			return -EINVAL;
		}
		set(a, id, p);
		p += strlen(p) + 1;
	}
	return 0;
}

int ktstr_guest_args_format(const struct ktstr_guest_args *a, char *buf,
			    size_t len)
{
	const char *sep = "";
	size_t off = 0;
	char *enc, *p;
	size_t n;
	int err;

	if (len)
		buf[0] = '\0';
	err = ktstr_guest_args_encode(a, &enc, &n);
	if (err)
		return err;
	/* Values with blanks or quotes are shown in single quotes. */
	for (p = enc; p < enc + n && off < len; p += strlen(p) + 1) {
		bool quote = !*p || strpbrk(p, " \t\n'\"\\$");

		off += snprintf(buf + off, len - off, quote ? "%s'%s'" : "%s%s",
				sep, p);
		sep = " ";
	}
	free(enc);
	return off < len ? 0 : -ENOSPC;
}
