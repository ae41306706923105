// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/util.h"
#include "host/vm/qemu_args.h"

static int push(struct ktstr_argv *a, char *s)
{
	char **v;

	if (!s)
		return -ENOMEM;
	if (a->nr + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;

		v = realloc(a->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->nr++] = s;
	a->v[a->nr] = NULL;
	return 0;
}

static __printf(2, 3) int pushf(struct ktstr_argv *a, const char *fmt, ...);

static int pushf(struct ktstr_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return push(a, n < 0 ? NULL : s);
}

/* QEMU option values escape a literal comma by doubling it. */
static char *opt_escape(const char *s)
{
	size_t n = strlen(s), commas = 0, i, j;
	char *out;

	for (i = 0; i < n; i++)
		commas += s[i] == ',';
	out = malloc(n + commas + 1);
	if (!out)
		return NULL;
	for (i = 0, j = 0; i < n; i++) {
		out[j++] = s[i];
		if (s[i] == ',')
			out[j++] = ',';
	}
	out[j] = '\0';
	return out;
}

static int push_serial(struct ktstr_argv *a, const char *id,
		       const char *path, bool interactive)
{
	char *esc;
	int err;

	if (!path) {
		/*
		 * mux=on gives the user Ctrl-A x to quit; signal=off lets
		 * Ctrl-C reach the guest's shell instead of killing QEMU.
		 */
		err = push(a, strdup("-chardev")) ?:
		      pushf(a, "stdio,id=%s,signal=off%s", id,
			    interactive ? ",mux=on" : "");
	} else {
		esc = opt_escape(path);
		if (!esc)
			return -ENOMEM;
		err = push(a, strdup("-chardev")) ?:
		      pushf(a, "file,id=%s,path=%s", id, esc);
		free(esc);
	}
	return err ?: push(a, strdup("-serial")) ?:
	       pushf(a, "chardev:%s", id);
}

const char *ktstr_qemu_fast_bios(void)
{
	static const char *const paths[] = {
		"/usr/share/qemu/qboot.rom",
		"/usr/local/share/qemu/qboot.rom",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(paths); i++)
		if (!access(paths[i], R_OK))
			return paths[i];
	return NULL;
}

unsigned int ktstr_qemu_mem_mb(const struct ktstr_topo *topo,
			       unsigned int request_mb)
{
	unsigned int mb = request_mb ? request_mb : KTSTR_QEMU_DEFAULT_MEM_MB;

	if (mb < KTSTR_QEMU_MIN_NODE_MEM_MB * topo->nodes)
		mb = KTSTR_QEMU_MIN_NODE_MEM_MB * topo->nodes;
	/* Every node gets the same share, so the total must divide evenly. */
	return mb / topo->nodes * topo->nodes;
}

static int push_topology(struct ktstr_argv *a, const struct ktstr_topo *t,
			 unsigned int mem_mb)
{
	unsigned int i, node_mb = mem_mb / t->nodes;
	int err;

	err = push(a, strdup("-smp")) ?:
	      pushf(a, "%u,sockets=%u,dies=%u,cores=%u,threads=%u",
		    ktstr_topo_nr_cpus(t), t->nodes,
		    ktstr_topo_llcs_per_node(t), t->cores, t->threads) ?:
	      push(a, strdup("-m")) ?: pushf(a, "%uM", mem_mb);
	if (err || t->nodes == 1)
		return err;

	/* One NUMA node per socket, each with its own share of memory. */
	for (i = 0; i < t->nodes && !err; i++) {
		err = push(a, strdup("-object")) ?:
		      pushf(a, "memory-backend-ram,id=mem%u,size=%uM", i,
			    node_mb) ?:
		      push(a, strdup("-numa")) ?:
		      pushf(a, "node,nodeid=%u,memdev=mem%u", i, i);
	}
	for (i = 0; i < t->nodes && !err; i++) {
		err = push(a, strdup("-numa")) ?:
		      pushf(a, "cpu,node-id=%u,socket-id=%u", i, i);
	}
	return err;
}

int ktstr_qemu_argv(const struct ktstr_qemu_cfg *cfg, struct ktstr_argv *out)
{
	struct ktstr_argv a = { 0 };
	int err;

	/*
	 * -M pc rather than microvm: under TCG microvm hung in 4 of 10 boots
	 * (no PIT/HPET to calibrate the TSC against); pc booted 10 of 10.
	 * vendor=GenuineIntel makes QEMU report one L3 per die.
	 */
	err = push(&a, strdup(cfg->qemu)) ?:
	      push(&a, strdup("-M")) ?: push(&a, strdup("pc")) ?:
	      (cfg->bios ? push(&a, strdup("-bios")) ?:
			   push(&a, strdup(cfg->bios)) : 0) ?:
	      push(&a, strdup("-nodefaults")) ?:
	      push(&a, strdup("-no-reboot")) ?:
	      push(&a, strdup("-display")) ?: push(&a, strdup("none")) ?:
	      push(&a, strdup("-accel")) ?:
	      push(&a, strdup(cfg->kvm ? "kvm" : cfg->tcg_single_thread ?
			      "tcg,thread=single" : "tcg")) ?:
	      push(&a, strdup("-cpu")) ?:
	      push(&a, strdup(cfg->kvm ? "host" : "max,vendor=GenuineIntel")) ?:
	      push_topology(&a, &cfg->topo,
			    ktstr_qemu_mem_mb(&cfg->topo, cfg->mem_mb)) ?:
	      push(&a, strdup("-kernel")) ?: push(&a, strdup(cfg->kernel)) ?:
	      push(&a, strdup("-initrd")) ?: push(&a, strdup(cfg->initrd)) ?:
	      push(&a, strdup("-append")) ?:
	      pushf(&a, "%s%s%s", KTSTR_KERNEL_CMDLINE,
		    cfg->cmdline_extra ? " " : "",
		    cfg->cmdline_extra ?: "") ?:
	      push_serial(&a, "com1", cfg->console_path, cfg->interactive) ?:
	      push_serial(&a, "com2", cfg->channel_path, false);
	if (err) {
		ktstr_argv_free(&a);
		return err;
	}
	*out = a;
	return 0;
}

void ktstr_argv_free(struct ktstr_argv *a)
{
	size_t i;

	for (i = 0; i < a->nr; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* Characters a shell takes literally: no quoting needed. */
static bool shell_plain(const char *arg)
{
	if (!*arg)
		return false;
	for (; *arg; arg++)
		if (!isalnum((unsigned char)*arg) && !strchr("_,.=:/+@%-", *arg))
			return false;
	return true;
}

/*
 * Quoted for a POSIX shell, so that a command line shown with -v can be
 * pasted to boot the same VM by hand (or by scripts/bench-boot.py).
 */
char *ktstr_argv_join(const struct ktstr_argv *a)
{
	size_t len = 1, i;
	const char *q;
	char *s, *p;

	for (i = 0; i < a->nr; i++)
		len += 4 * strlen(a->v[i]) + 3;
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	for (i = 0; i < a->nr; i++) {
		if (i)
			*p++ = ' ';
		if (shell_plain(a->v[i])) {
			p = stpcpy(p, a->v[i]);
			continue;
		}
		*p++ = '\'';
		for (q = a->v[i]; *q; q++) {
			if (*q == '\'')
				p = stpcpy(p, "'\\''");
			else
				*p++ = *q;
		}
		*p++ = '\'';
	}
	*p = '\0';
	return s;
}
