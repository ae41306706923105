// SPDX-License-Identifier: GPL-2.0
/*
 * Which kernel functions this kernel can probe, and where they are.
 *
 * available_filter_functions is the truth for kprobes on function entry
 * (inlined and notrace functions are missing from it); kallsyms gives
 * addresses, for the BPF side's per-function table and for stacks.
 */
#define pr_fmt(fmt)	"ktstr probe: " fmt

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/compiler.h"
#include "guest/probe/probe_int.h"

static const char *const ftrace_paths[] = {
	"/sys/kernel/tracing/available_filter_functions",
	"/sys/kernel/debug/tracing/available_filter_functions",
};

static int cmp_ksym(const void *a, const void *b)
{
	const struct ktstr_ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_ksym_name(const void *a, const void *b)
{
	const struct ktstr_ksym *x = *(struct ktstr_ksym *const *)a;
	const struct ktstr_ksym *y = *(struct ktstr_ksym *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : cmp_ksym(x, y);
}

/* Addresses by name in a binary search: a linear one per probe was slow. */
static int index_by_name(struct ktstr_syms *s)
{
	size_t i;

	s->by_name = malloc((s->nksyms ?: 1) * sizeof(*s->by_name));
	if (!s->by_name)
		return -ENOMEM;
	for (i = 0; i < s->nksyms; i++)
		s->by_name[i] = &s->ksyms[i];
	qsort(s->by_name, s->nksyms, sizeof(*s->by_name), cmp_ksym_name);
	return 0;
}

static int load_kallsyms(struct ktstr_syms *s)
{
	size_t cap = 0, len = 0;
	char *line = NULL, name[256], type;
	unsigned long long addr;
	int err = 0;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f) {
		err = -errno;
		pr_err("open /proc/kallsyms: %s",
			strerror(errno));
		return err;
	}
	while (getline(&line, &len, f) > 0) {
		struct ktstr_ksym *v;

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (s->nksyms == cap) {
			cap = cap ? cap * 2 : 16384;
			v = realloc(s->ksyms, cap * sizeof(*v));
			if (!v) {
				err = -ENOMEM;
				break;
			}
			s->ksyms = v;
		}
		s->ksyms[s->nksyms].addr = addr;
		s->ksyms[s->nksyms].name = strdup(name);
		if (!s->ksyms[s->nksyms].name) {
			err = -ENOMEM;
			break;
		}
		s->nksyms++;
	}
	free(line);
	fclose(f);
	if (!err && s->nksyms && !s->ksyms[s->nksyms - 1].addr) {
		/* All zero: kptr_restrict hides the addresses from us. */
		pr_err("/proc/kallsyms has no addresses");
		err = -EPERM;
	}
	if (!err) {
		qsort(s->ksyms, s->nksyms, sizeof(*s->ksyms), cmp_ksym);
		err = index_by_name(s);
	}
	return err;
}

/* Missing tracefs is no error: kallsyms then decides, less exactly. */
static int load_ftrace(struct ktstr_syms *s)
{
	size_t cap = 0, len = 0, i;
	char *line = NULL, **v;
	FILE *f = NULL;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(ftrace_paths) && !f; i++)
		f = fopen(ftrace_paths[i], "re");
	if (!f)
		return 0;
	while (getline(&line, &len, f) > 0) {
		line[strcspn(line, " \t\n")] = '\0';
		if (!line[0])
			continue;
		if (s->nftrace == cap) {
			cap = cap ? cap * 2 : 16384;
			v = realloc(s->ftrace, cap * sizeof(*v));
			if (!v) {
				err = -ENOMEM;
				break;
			}
			s->ftrace = v;
		}
		s->ftrace[s->nftrace] = strdup(line);
		if (!s->ftrace[s->nftrace]) {
			err = -ENOMEM;
			break;
		}
		s->nftrace++;
	}
	free(line);
	fclose(f);
	if (!err)
		qsort(s->ftrace, s->nftrace, sizeof(*s->ftrace), cmp_str);
	return err;
}

static void free_kallsyms(struct ktstr_syms *s)
{
	size_t i;

	for (i = 0; i < s->nksyms; i++)
		free(s->ksyms[i].name);
	free(s->ksyms);
	free(s->by_name);
	s->ksyms = NULL;
	s->by_name = NULL;
	s->nksyms = 0;
}

int ktstr_syms_refresh(struct ktstr_syms *s)
{
	free_kallsyms(s);
	return load_kallsyms(s);
}

int ktstr_syms_load(struct ktstr_syms *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = load_kallsyms(s);
	if (!err)
		err = load_ftrace(s);
	if (err == -ENOMEM)
		pr_err("loading symbols: out of memory");
	return err;
}

void ktstr_syms_free(struct ktstr_syms *s)
{
	size_t i;

	free_kallsyms(s);
	for (i = 0; i < s->nftrace; i++)
		free(s->ftrace[i]);
	free(s->ftrace);
	memset(s, 0, sizeof(*s));
}

/* "name" or "name.<suffix>" (a GCC clone, e.g. .constprop.0, .isra.0) */
static bool name_matches(const char *sym, const char *name, size_t n)
{
	return !strncmp(sym, name, n) && (sym[n] == '\0' || sym[n] == '.');
}

static int traceable_in(char *const *v, size_t nr, const char *name,
			char *sym, size_t len)
{
	size_t lo = 0, hi = nr, n = strlen(name);

	/* The first entry >= @name; its clones sort right after it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid], name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr && !strncmp(v[lo], name, n); lo++) {
		if (name_matches(v[lo], name, n)) {
			snprintf(sym, len, "%s", v[lo]);
			return 0;
		}
	}
	return -ENOENT;
}

int ktstr_syms_traceable(const struct ktstr_syms *s, const char *name,
			 char *sym, size_t len)
{
	size_t i, n = strlen(name);

	if (s->nftrace)
		return traceable_in(s->ftrace, s->nftrace, name, sym, len);
	for (i = 0; i < s->nksyms; i++) {
		if (name_matches(s->ksyms[i].name, name, n)) {
			snprintf(sym, len, "%s", s->ksyms[i].name);
			return 0;
		}
	}
	return -ENOENT;
}

unsigned long long ktstr_syms_addr(const struct ktstr_syms *s,
				   const char *name)
{
	size_t lo = 0, hi = s->by_name ? s->nksyms : 0;

	/* The lowest address of that name, as the linear walk found. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nksyms && s->by_name && !strcmp(s->by_name[lo]->name, name))
		return s->by_name[lo]->addr;
	return 0;
}

const struct ktstr_ksym *ktstr_syms_lookup(const struct ktstr_syms *s,
					   unsigned long long addr)
{
	size_t lo = 0, hi = s->nksyms;

	/* The last symbol at or below @addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &s->ksyms[lo - 1] : NULL;
}
