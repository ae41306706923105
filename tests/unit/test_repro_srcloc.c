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

static bool find_vmlinux(char *path, size_t size)
{
	const char *env = getenv("KTSTR_VMLINUX");
	char pattern[4096];
	glob_t g;
	bool ok;

	if (env && *env) {
		snprintf(path, size, "%s", env);
		return true;
	}
	snprintf(pattern, sizeof(pattern), "%s/.cache/ktstr/kernels/*/vmlinux",
		 getenv("HOME") ? getenv("HOME") : "/root");
	if (glob(pattern, 0, NULL, &g))
		return false;
	ok = g.gl_pathc > 0;
	if (ok)
		snprintf(path, size, "%s", g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	return ok;
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

/* The line of "static void <func>(" in the tree's kernel/sched/ext.c. */
static int def_line(const char *vmlinux, const char *func)
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
	snprintf(path, sizeof(path), "%s/kernel/sched/ext.c", src);
	snprintf(want, sizeof(want), "static void %s(", func);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (!strncmp(line, want, strlen(want))) {
			found = n;
			break;
		}
	}
	fclose(f);
	return found;
}

TEST(test_kernel_vmlinux)
{
	char vmlinux[4096], buf[256];
	unsigned long long ip;
	int line, def;

	if (!find_vmlinux(vmlinux, sizeof(vmlinux)))
		SKIP(return, "no test kernel built yet");
	ip = nm_addr(vmlinux, "do_enqueue_task");
	ASSERT_NE(0ULL, ip);
	def = def_line(vmlinux, "do_enqueue_task");

	ASSERT_EQ(0, repro_srcloc_lookup(vmlinux, ip, "do_enqueue_task",
					 buf, sizeof(buf)));
	TH_LOG("do_enqueue_task @ 0x%llx: %s", ip, buf);
	ASSERT_EQ(0, strncmp(buf, "kernel/sched/ext.c:", 19));
	line = atoi(buf + 19);
	if (def) {
		/* the entry address maps to the function's first lines */
		EXPECT_LE(def, line);
		EXPECT_GE(def + 5, line);
	}
	/* A wrong address (KASLR) falls back to the name. */
	ASSERT_EQ(0, repro_srcloc_lookup(vmlinux, ip + 0x100000,
					 "do_enqueue_task", buf, sizeof(buf)));
	EXPECT_EQ(line, atoi(buf + 19));
	repro_srcloc_release();
}

TEST_HARNESS_MAIN
