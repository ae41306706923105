// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU command line for a test VM: topology -> -smp and NUMA options,
 * memory per node, accelerator, kernel command line and serial ports.
 * Links host/qemu_args.c and common/topology.c only.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "common/topology.h"
#include "host/vm/qemu_args.h"

/* The value after the @nth (0-based) occurrence of @flag, or NULL. */
static const char *opt(const struct ktstr_argv *a, const char *flag, int nth)
{
	size_t i;

	for (i = 0; i + 1 < a->nr; i++)
		if (!strcmp(a->v[i], flag) && nth-- == 0)
			return a->v[i + 1];
	return NULL;
}

static int count(const struct ktstr_argv *a, const char *flag)
{
	size_t i;
	int n = 0;

	for (i = 0; i < a->nr; i++)
		n += !strcmp(a->v[i], flag);
	return n;
}

static void build(struct __test_metadata *_metadata, const char *topo_str,
		  bool kvm, struct ktstr_argv *a)
{
	struct ktstr_qemu_cfg cfg = {
		.qemu = "qemu-system-x86_64",
		.kernel = "/k/vmlinux",
		.initrd = "/r/initramfs.cpio",
		.kvm = kvm,
		.console_path = "/r/t.console.log",
		.channel_path = "/r/t.channel.log",
	};

	ASSERT_EQ(0, ktstr_topo_parse(topo_str, &cfg.topo, NULL, 0));
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, a));
	ASSERT_NE(NULL, a->v);
	ASSERT_EQ(NULL, a->v[a->nr]);
}

TEST(one_node_one_llc)
{
	struct ktstr_argv a;

	build(_metadata, "1n1l2c1t", false, &a);
	EXPECT_STREQ("2,sockets=1,dies=1,cores=2,threads=1", opt(&a, "-smp", 0));
	EXPECT_STREQ("512M", opt(&a, "-m", 0));
	/* One node: no NUMA description at all. */
	EXPECT_EQ(0, count(&a, "-numa"));
	EXPECT_EQ(0, count(&a, "-object"));
	ktstr_argv_free(&a);
}

TEST(one_node_two_llcs)
{
	struct ktstr_argv a;

	build(_metadata, "1n2l2c1t", false, &a);
	/* An LLC is a die: QEMU gives each die its own L3. */
	EXPECT_STREQ("4,sockets=1,dies=2,cores=2,threads=1", opt(&a, "-smp", 0));
	EXPECT_EQ(0, count(&a, "-numa"));
	ktstr_argv_free(&a);
}

TEST(smt)
{
	struct ktstr_argv a;

	build(_metadata, "1n1l2c2t", false, &a);
	EXPECT_STREQ("4,sockets=1,dies=1,cores=2,threads=2", opt(&a, "-smp", 0));
	EXPECT_EQ(0, count(&a, "-numa"));
	ktstr_argv_free(&a);
}

TEST(two_nodes)
{
	struct ktstr_argv a;

	build(_metadata, "2n2l2c1t", false, &a);
	/* A socket per node, the node's LLCs as its dies. */
	EXPECT_STREQ("4,sockets=2,dies=1,cores=2,threads=1", opt(&a, "-smp", 0));
	EXPECT_STREQ("512M", opt(&a, "-m", 0));
	ASSERT_EQ(2, count(&a, "-object"));
	EXPECT_STREQ("memory-backend-ram,id=mem0,size=256M",
		     opt(&a, "-object", 0));
	EXPECT_STREQ("memory-backend-ram,id=mem1,size=256M",
		     opt(&a, "-object", 1));
	ASSERT_EQ(4, count(&a, "-numa"));
	EXPECT_STREQ("node,nodeid=0,memdev=mem0", opt(&a, "-numa", 0));
	EXPECT_STREQ("node,nodeid=1,memdev=mem1", opt(&a, "-numa", 1));
	EXPECT_STREQ("cpu,node-id=0,socket-id=0", opt(&a, "-numa", 2));
	EXPECT_STREQ("cpu,node-id=1,socket-id=1", opt(&a, "-numa", 3));
	ktstr_argv_free(&a);
}

TEST(memory_per_node)
{
	struct ktstr_topo t;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l1c1t", &t, NULL, 0));
	EXPECT_EQ(512U, ktstr_qemu_mem_mb(&t, 0));
	EXPECT_EQ(128U, ktstr_qemu_mem_mb(&t, 64));
	ASSERT_EQ(0, ktstr_topo_parse("8n8l1c1t", &t, NULL, 0));
	EXPECT_EQ(1024U, ktstr_qemu_mem_mb(&t, 0));
	/* Rounded down to an even share per node. */
	ASSERT_EQ(0, ktstr_topo_parse("3n3l1c1t", &t, NULL, 0));
	EXPECT_EQ(510U, ktstr_qemu_mem_mb(&t, 0));
}

TEST(tcg_and_kvm)
{
	struct ktstr_argv a;

	build(_metadata, "1n1l2c1t", false, &a);
	EXPECT_STREQ("pc", opt(&a, "-M", 0));
	EXPECT_STREQ("tcg", opt(&a, "-accel", 0));
	EXPECT_STREQ("max,vendor=GenuineIntel", opt(&a, "-cpu", 0));
	EXPECT_EQ(1, count(&a, "-nodefaults"));
	EXPECT_EQ(1, count(&a, "-no-reboot"));
	ktstr_argv_free(&a);

	build(_metadata, "1n1l2c1t", true, &a);
	EXPECT_STREQ("kvm", opt(&a, "-accel", 0));
	EXPECT_STREQ("host", opt(&a, "-cpu", 0));
	ktstr_argv_free(&a);
}

/* qboot where it is found; QEMU's own firmware (no -bios) otherwise. */
TEST(firmware)
{
	struct ktstr_qemu_cfg cfg = {
		.qemu = "qemu-system-x86_64", .kernel = "/k/vmlinux",
		.initrd = "/r/i.cpio", .console_path = "/r/c", .channel_path = "/r/h",
	};
	struct ktstr_argv a;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l2c1t", &cfg.topo, NULL, 0));
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, &a));
	EXPECT_EQ(0, count(&a, "-bios"));
	ktstr_argv_free(&a);
	cfg.bios = "/usr/share/qemu/qboot.rom";
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, &a));
	EXPECT_STREQ("/usr/share/qemu/qboot.rom", opt(&a, "-bios", 0));
	EXPECT_EQ(1, count(&a, "-bios"));
	ktstr_argv_free(&a);
}

/* A repro VM's TCG runs its vCPUs on one thread; KVM is unaffected. */
TEST(tcg_single_thread)
{
	struct ktstr_qemu_cfg cfg = {
		.qemu = "qemu-system-x86_64", .kernel = "/k/vmlinux",
		.initrd = "/r/i.cpio", .console_path = "/r/c", .channel_path = "/r/h",
		.tcg_single_thread = true,
	};
	struct ktstr_argv a;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l2c1t", &cfg.topo, NULL, 0));
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, &a));
	EXPECT_STREQ("tcg,thread=single", opt(&a, "-accel", 0));
	ktstr_argv_free(&a);
	cfg.kvm = true;
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, &a));
	EXPECT_STREQ("kvm", opt(&a, "-accel", 0));
	ktstr_argv_free(&a);
}

TEST(kernel_and_serial)
{
	struct ktstr_argv a;

	build(_metadata, "1n1l2c1t", false, &a);
	EXPECT_STREQ("/k/vmlinux", opt(&a, "-kernel", 0));
	EXPECT_STREQ("/r/initramfs.cpio", opt(&a, "-initrd", 0));
	/* Init's arguments are in the initramfs, not here. */
	EXPECT_STREQ(KTSTR_KERNEL_CMDLINE, opt(&a, "-append", 0));
	/* COM1 is the console, COM2 the test channel, in that order. */
	EXPECT_STREQ("file,id=com1,path=/r/t.console.log",
		     opt(&a, "-chardev", 0));
	EXPECT_STREQ("file,id=com2,path=/r/t.channel.log",
		     opt(&a, "-chardev", 1));
	EXPECT_STREQ("chardev:com1", opt(&a, "-serial", 0));
	EXPECT_STREQ("chardev:com2", opt(&a, "-serial", 1));
	ktstr_argv_free(&a);
}

TEST(stdio_console_and_comma_paths)
{
	struct ktstr_qemu_cfg cfg = {
		.qemu = "q", .kernel = "k", .initrd = "i",
		.interactive = true,
		.channel_path = "/tmp/a,b/chan",
		.cmdline_extra = "quiet",
	};
	struct ktstr_argv a;

	ASSERT_EQ(0, ktstr_topo_parse("1n1l1c1t", &cfg.topo, NULL, 0));
	ASSERT_EQ(0, ktstr_qemu_argv(&cfg, &a));
	EXPECT_STREQ("stdio,id=com1,signal=off,mux=on", opt(&a, "-chardev", 0));
	/* QEMU reads ",," as a literal comma inside an option value. */
	EXPECT_STREQ("file,id=com2,path=/tmp/a,,b/chan",
		     opt(&a, "-chardev", 1));
	EXPECT_STREQ(KTSTR_KERNEL_CMDLINE " quiet", opt(&a, "-append", 0));
	ktstr_argv_free(&a);
}

TEST_HARNESS_MAIN
