// SPDX-License-Identifier: GPL-2.0
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "host/repro/repro_srcloc.h"

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/*
 * Probe events hit the same few functions over and over: remember what
 * each address resolved to, errors included.
 */
#define CACHE_SLOTS	512

struct cache_slot {
	bool used;
	uint64_t ip;
	char func[128];
	int err;
	char loc[256];
};

/* The one vmlinux of this run; tests may run in parallel threads. */
static struct {
	pthread_mutex_t lock;
	char path[PATH_MAX];
	bool tried;
	int err;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;
	Dwarf_Addr bias;
	char root[PATH_MAX];	/* the source tree the DWARF names, + '/' */
	struct cache_slot cache[CACHE_SLOTS];
} vml = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* An address's CU name, e.g. "/src/linux/init/main.c". */
static const char *cu_name(Dwarf_Addr addr)
{
	Dwarf_Die cu;

	if (!dwarf_addrdie(vml.dw, addr - vml.bias, &cu))
		return NULL;
	return dwarf_diename(&cu);
}

/* The address of function symbol @name, or 0. */
static Dwarf_Addr sym_addr(const char *name)
{
	int i, n = dwfl_module_getsymtab(vml.mod);

	for (i = 0; i < n; i++) {
		const char *s;
		GElf_Addr addr;
		GElf_Sym sym;

		s = dwfl_module_getsym_info(vml.mod, i, &sym, &addr, NULL,
					    NULL, NULL);
		if (s && GELF_ST_TYPE(sym.st_info) == STT_FUNC &&
		    !strcmp(s, name))
			return addr;
	}
	return 0;
}

/*
 * File names in the DWARF are absolute paths into the tree the kernel was
 * built from. Find that tree once from start_kernel's file, init/main.c,
 * so every location can be shown relative to it, as the kernel's own
 * messages and patches name files.
 */
static void find_root(void)
{
	static const char anchor[] = "init/main.c";
	Dwarf_Addr addr = sym_addr("start_kernel");
	const char *name = addr ? cu_name(addr) : NULL;
	size_t n, a = strlen(anchor);

	vml.root[0] = '\0';
	if (!name)
		return;
	n = strlen(name);
	if (n > a && !strcmp(name + n - a, anchor) && n - a < sizeof(vml.root))
		snprintf(vml.root, sizeof(vml.root), "%.*s", (int)(n - a),
			 name);
}

static int open_vmlinux(const char *path)
{
	snprintf(vml.path, sizeof(vml.path), "%s", path);
	vml.tried = true;
	vml.dwfl = dwfl_begin(&offline_callbacks);
	if (!vml.dwfl) {
		pr_err("repro: libdw: %s", dwfl_errmsg(-1));
		return -ENOMEM;
	}
	vml.mod = dwfl_report_offline(vml.dwfl, "vmlinux", path, -1);
	dwfl_report_end(vml.dwfl, NULL, NULL);
	if (!vml.mod) {
		pr_err("repro: cannot read %s: %s", path, dwfl_errmsg(-1));
		return -EINVAL;
	}
	vml.dw = dwfl_module_getdwarf(vml.mod, &vml.bias);
	if (!vml.dw) {
		pr_err("repro: %s has no DWARF (CONFIG_DEBUG_INFO): no source lines",
		       path);
		return -ENODATA;
	}
	find_root();
	return 0;
}

static struct cache_slot *cache_slot(uint64_t ip, const char *func)
{
	uint64_t h = ip * 0x9e3779b97f4a7c15ULL;
	const char *p;

	for (p = func ? func : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return &vml.cache[(h >> 32) % CACHE_SLOTS];
}

static bool cache_hit(const struct cache_slot *c, uint64_t ip,
		      const char *func)
{
	return c->used && c->ip == ip &&
	       !strcmp(c->func, func ? func : "");
}

static void close_vmlinux(void)
{
	if (vml.dwfl)
		dwfl_end(vml.dwfl);
	vml.dwfl = NULL;
	vml.mod = NULL;
	vml.dw = NULL;
	vml.tried = false;
	vml.err = 0;
	vml.path[0] = '\0';
	memset(vml.cache, 0, sizeof(vml.cache));
}

static int lookup_locked(uint64_t ip, const char *func, char *buf,
			 size_t size)
{
	const char *src, *at;
	Dwarf_Addr addr = ip;
	Dwarf_Line *line;
	Dwarf_Die cu;
	size_t rlen;
	int lineno;

	if (func && *func) {
		at = dwfl_module_addrname(vml.mod, ip);
		if (!at || strcmp(at, func)) {
			addr = sym_addr(func);
			if (!addr)
				return -ENOENT;
		}
	}
	if (!dwarf_addrdie(vml.dw, addr - vml.bias, &cu))
		return -ENOENT;
	line = dwarf_getsrc_die(&cu, addr - vml.bias);
	if (!line || dwarf_lineno(line, &lineno))
		return -ENOENT;
	src = dwarf_linesrc(line, NULL, NULL);
	if (!src)
		return -ENOENT;
	rlen = strlen(vml.root);
	if (rlen && !strncmp(src, vml.root, rlen))
		src += rlen;
	if (snprintf(buf, size, "%s:%d", src, lineno) >= (int)size)
		return -ENOSPC;
	return 0;
}

int repro_srcloc_lookup(const char *vmlinux, uint64_t ip, const char *func,
			char *buf, size_t size)
{
	struct cache_slot *c;
	int err;

	if (!vmlinux || !*vmlinux)
		return -ENOENT;
	pthread_mutex_lock(&vml.lock);
	if (vml.tried && strcmp(vml.path, vmlinux))
		close_vmlinux();
	if (!vml.tried)
		vml.err = open_vmlinux(vmlinux);
	if (vml.err) {
		err = vml.err;
		goto out;
	}
	c = cache_slot(ip, func);
	if (!cache_hit(c, ip, func) ||
	    (!c->err && strlen(c->loc) >= size)) {
		c->used = snprintf(c->func, sizeof(c->func), "%s",
				   func ? func : "") < (int)sizeof(c->func);
		c->ip = ip;
		c->err = lookup_locked(ip, func, c->loc, sizeof(c->loc));
	}
	err = c->err;
	if (!err && snprintf(buf, size, "%s", c->loc) >= (int)size)
		err = -ENOSPC;
out:
	pthread_mutex_unlock(&vml.lock);
	return err;
}

void repro_srcloc_release(void)
{
	pthread_mutex_lock(&vml.lock);
	close_vmlinux();
	pthread_mutex_unlock(&vml.lock);
}
