// SPDX-License-Identifier: GPL-2.0
/*
 * Source locations through libdw: this test binary's own DWARF (always
 * there, built with -g), and the test kernel's vmlinux when one is cached
 * (~/.cache/ktstr/kernels/<version>/vmlinux, or $KTSTR_VMLINUX): the
 * address nm gives for do_enqueue_task must land in kernel/sched/ext.c
 * right at that function's definition. Links host/repro_srcloc.c.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/repro/repro_srcloc.h"

/* Its line, for the lookup below to find; not static, so not inlined. */
static const int known_line = __LINE__ + 1;
int repro_test_known_function(int x)
{
	return x * 3 + 1;
}

TEST(own_binary_by_name)
{
	char buf[4096];
	const char *file;
	int line;

	/* The address is wrong on purpose: the name decides. */
	ASSERT_EQ(0, repro_srcloc_lookup("/proc/self/exe", 1,
					 "repro_test_known_function", buf,
					 sizeof(buf)));
	/* the DWARF names this very file */
	file = strstr(buf, strrchr(__FILE__, '/') + 1);
	ASSERT_NE(NULL, file) TH_LOG("got %s", buf);
	line = atoi(strchr(file, ':') + 1);
	/* the entry is the signature, its brace or (optimized) its body */
	EXPECT_LE(known_line, line);
	EXPECT_GE(known_line + 2, line);
	EXPECT_EQ(-ENOENT, repro_srcloc_lookup("/proc/self/exe", 1,
					       "no_such_function_here", buf,
					       sizeof(buf)));
	EXPECT_EQ(-ENOSPC, repro_srcloc_lookup("/proc/self/exe", 1,
					       "repro_test_known_function",
					       buf, 8));
	EXPECT_EQ(7, repro_test_known_function(2));
	repro_srcloc_release();
}

TEST(unreadable_files)
{
	char buf[256];

	EXPECT_EQ(-EINVAL, repro_srcloc_lookup("/nonexistent/vmlinux", 0,
					       NULL, buf, sizeof(buf)));
	EXPECT_EQ(-ENOENT, repro_srcloc_lookup("", 0, NULL, buf,
					       sizeof(buf)));
	repro_srcloc_release();
}

/* Every test kernel built: $KTSTR_VMLINUX, else the cache's. */
static size_t find_vmlinuxes(glob_t *g)
{
	const char *env = getenv("KTSTR_VMLINUX");
	char pattern[4096];

	if (env && *env)
		snprintf(pattern, sizeof(pattern), "%s", env);
	else
		snprintf(pattern, sizeof(pattern), "%s/.cache/ktstr/kernels/*/vmlinux",
			 getenv("HOME") ? getenv("HOME") : "/root");
	if (glob(pattern, 0, NULL, g))
		return 0;
	return g->gl_pathc;
}

/* nm's address for @func, 0 if none. */
static unsigned long long nm_addr(const char *vmlinux, const char *func)
{
	unsigned long long addr = 0, a;
	char cmd[4200], type, name[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm '%s'", vmlinux);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fscanf(p, "%llx %c %255s", &a, &type, name) == 3)
		if (!strcmp(name, func))
			addr = a;
	pclose(p);
	return addr;
}

/* The line of "[static ]void <func>(" in @file of the kernel's tree. */
static int def_line(const char *vmlinux, const char *file, const char *func)
{
	char path[4200], src[4096], line[512], want[128];
	int n = 0, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/source",
		 (int)(strrchr(vmlinux, '/') - vmlinux), vmlinux);
	f = fopen(path, "r");
	if (!f || !fgets(src, sizeof(src), f)) {
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	src[strcspn(src, "\n")] = '\0';
	snprintf(path, sizeof(path), "%s/%s", src, file);
	snprintf(want, sizeof(want), "void %s(", func);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		const char *l = strncmp(line, "static ", 7) ? line : line + 7;

		n++;
		if (!strncmp(l, want, strlen(want))) {
			found = n;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Where each kernel has its enqueue path: sched_ext became a directory. */
static const struct {
	const char *file, *func;
} enqueue_paths[] = {
	{ "kernel/sched/ext.c", "do_enqueue_task" },		/* 6.12 */
	{ "kernel/sched/ext/ext.c", "scx_do_enqueue_task" },	/* 7.3 */
};

static void check_kernel(struct __test_metadata *_metadata,
			 const char *vmlinux)
{
	unsigned long long ip = 0;
	const char *file = NULL, *func = NULL;
	size_t i, flen;
	char buf[256];
	int line, def;

	for (i = 0; i < ARRAY_SIZE(enqueue_paths) && !ip; i++) {
		ip = nm_addr(vmlinux, enqueue_paths[i].func);
		file = enqueue_paths[i].file;
		func = enqueue_paths[i].func;
	}
	ASSERT_NE(0ULL, ip) TH_LOG("%s: no enqueue path", vmlinux);
	def = def_line(vmlinux, file, func);
	flen = strlen(file);

	ASSERT_EQ(0, repro_srcloc_lookup(vmlinux, ip, func, buf, sizeof(buf)));
	TH_LOG("%s: %s @ 0x%llx: %s", vmlinux, func, ip, buf);
	ASSERT_EQ(0, strncmp(buf, file, flen));
	ASSERT_EQ(':', buf[flen]);
	line = atoi(buf + flen + 1);
	if (def) {
		/* the entry address maps to the function's first lines */
		EXPECT_LE(def, line);
		EXPECT_GE(def + 5, line);
	}
	/* A wrong address (KASLR) falls back to the name. */
	ASSERT_EQ(0, repro_srcloc_lookup(vmlinux, ip + 0x100000, func, buf,
					 sizeof(buf)));
	EXPECT_EQ(line, atoi(buf + flen + 1));
	repro_srcloc_release();
}

/* Each test kernel built, 6.12 and 7.3 alike. */
TEST(test_kernel_vmlinux)
{
	glob_t g;
	size_t i;

	if (!find_vmlinuxes(&g))
		SKIP(return, "no test kernel built yet");
	for (i = 0; i < g.gl_pathc; i++)
		check_kernel(_metadata, g.gl_pathv[i]);
	globfree(&g);
}

TEST_HARNESS_MAIN
