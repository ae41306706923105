// SPDX-License-Identifier: GPL-2.0
/*
 * Where the exit kind is among the arguments of sched_ext's exit path, read
 * from a kernel's BTF (guest/probe/probe_btf.c): the real BTF of every
 * cached test kernel (~/.cache/ktstr/kernels/<key>/vmlinux), and BTF built
 * here with libbpf for the shapes no kernel has yet.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "kselftest_harness.h"
#include "guest/probe/probe_int.h"

static struct btf *kernel_btf(const char *release_glob, char *path, size_t len)
{
	glob_t g;
	struct btf *btf = NULL;

	snprintf(path, len, "%s/.cache/ktstr/kernels/%s-*/vmlinux",
		 getenv("HOME") ?: "/root", release_glob);
	if (glob(path, 0, NULL, &g))
		return NULL;
	snprintf(path, len, "%s", g.gl_pathv[g.gl_pathc - 1]);
	btf = btf__parse(path, NULL);
	globfree(&g);
	return btf;
}

/* 6.12: no tracepoint; scx_ops_exit_kind(enum scx_exit_kind kind, ...). */
TEST(linux_6_12)
{
	char path[4096];
	struct btf *btf = kernel_btf("6.12.*", path, sizeof(path));

	if (!btf)
		SKIP(return, "no 6.12 test kernel cached");
	TH_LOG("%s", path);
	EXPECT_EQ(-ENOENT, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	EXPECT_EQ(0, ktstr_btf_exit_kind_arg(btf, "scx_ops_exit_kind"));
	btf__free(btf);
}

/* 7.3: TP_PROTO(struct scx_sched *sch, __u32 kind), no enum to go by. */
TEST(linux_7_3)
{
	char path[4096];
	struct btf *btf = kernel_btf("7.*", path, sizeof(path));

	if (!btf)
		SKIP(return, "no 7.x test kernel cached");
	TH_LOG("%s", path);
	EXPECT_EQ(1, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	EXPECT_EQ(-ENOENT, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_dump"));
	btf__free(btf);
}

/*
 * typedef void (*btf_trace_<tp>)(void *, struct scx_sched *, <a>, <b>):
 * one u32 is the kind, two are a guess not taken, an enum scx_exit_kind
 * wins over any u32.
 */
static struct btf *tp_btf(const char *tp, int a, int b)
{
	struct btf *btf = btf__new_empty();
	int u32, proto, ptr;

	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	btf__add_typedef(btf, "__u32", u32);			/* u32 + 1 */
	btf__add_enum(btf, "scx_exit_kind", 4);			/* u32 + 2 */
	btf__add_enum_value(btf, "SCX_EXIT_ERROR", 1024);
	btf__add_struct(btf, "scx_sched", 0);			/* u32 + 3 */
	btf__add_ptr(btf, u32 + 3);				/* u32 + 4 */
	btf__add_ptr(btf, 0);					/* u32 + 5 */
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "", u32 + 5);
	btf__add_func_param(btf, "", u32 + 4);
	btf__add_func_param(btf, "", a);
	if (b)
		btf__add_func_param(btf, "", b);
	ptr = btf__add_ptr(btf, proto);
	btf__add_typedef(btf, tp, ptr);
	return btf;
}

TEST(built_shapes)
{
	struct btf *btf;

	btf = tp_btf("btf_trace_sched_ext_exit", 2, 0);
	EXPECT_EQ(1, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	btf__free(btf);
	btf = tp_btf("btf_trace_sched_ext_exit", 2, 2);
	EXPECT_EQ(-ENOENT, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	btf__free(btf);
	btf = tp_btf("btf_trace_sched_ext_exit", 2, 3);
	EXPECT_EQ(2, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	btf__free(btf);
	btf = tp_btf("btf_trace_other", 2, 0);
	EXPECT_EQ(-ENOENT, ktstr_btf_tp_exit_kind_arg(btf, "sched_ext_exit"));
	btf__free(btf);
}

TEST_HARNESS_MAIN
