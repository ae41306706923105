// SPDX-License-Identifier: GPL-2.0
/*
 * A scheduler binary's checks and shared-library closure, on real
 * binaries of this machine (busybox-static, rt-tests' hackbench,
 * stress-ng) and on the programs and libraries tests/unit/Makefile builds
 * in SCHED_BIN_FX, whose verdicts are held against the real ld.so: it runs
 * the ones the walk resolves and fails on the ones it does not. Files
 * with a wrong machine, class or type are byte-patched copies. Also
 * ld.so.conf parsing, $ORIGIN expansion, guest path normalization, and
 * the SHA-256 against sha256sum. Links host/sched/{sched_bin,sched_elf,
 * libpath,sha256}.c.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "host/sched/libpath.h"
#include "host/sched/sched_bin.h"
#include "host/sched/sched_elf.h"
#include "host/sched/sha256.h"

#define FX		SCHED_BIN_FX
#define BUSYBOX		"/bin/busybox"
#define HACKBENCH	"/usr/bin/hackbench"
#define STRESS_NG	"/usr/bin/stress-ng"
#define INTERP		"/lib64/ld-linux-x86-64.so.2"
/* This test: a dynamic x86-64 binary that is always there, to patch. */
#define SELF		"/proc/self/exe"

/* busybox-static is a ktstr dependency; rt-tests and stress-ng are not. */
static bool missing(const char *path)
{
	return access(path, X_OK) != 0;
}

static const char *const no_dirs[] = { NULL };

/* The index of the file whose guest path is @guest, or -1. */
static int by_guest(const struct ktstr_sched_closure *c, const char *guest)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(c->files[i].guest_path, guest))
			return i;
	return -1;
}

/* The index of the file whose guest path's last name is @name, or -1. */
static int by_name(const struct ktstr_sched_closure *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(strrchr(c->files[i].guest_path, '/') + 1, name))
			return i;
	return -1;
}

static bool same_file(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra && rb && !strcmp(ra, rb);

	free(ra);
	free(rb);
	return same;
}

/* Exit status of @path run by the real ld.so with an empty environment. */
static int run(const char *path)
{
	char cmd[PATH_MAX + 64];
	int st;

	snprintf(cmd, sizeof(cmd), "env -i %s 2>/dev/null", path);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int copy(const char *src, const char *dst, mode_t mode, size_t max)
{
	char buf[65536];
	int in, out, err = 0;
	ssize_t n;

	in = open(src, O_RDONLY);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (in < 0 || out < 0)
		err = -1;
	while (!err && max && (n = read(in, buf, sizeof(buf))) > 0) {
		if ((size_t)n > max)
			n = max;
		max -= n;
		if (write(out, buf, n) != n)
			err = -1;
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return err ? err : chmod(dst, mode);
}

static int patch(const char *path, off_t off, const void *bytes, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pwrite(fd, bytes, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	if (fclose(f))
		return -1;
	return chmod(path, mode);
}

FIXTURE(tmp) {
	char dir[64];
	char path[PATH_MAX];
	char why[PATH_MAX + 1024];
	char want[PATH_MAX + 1024];
	struct ktstr_libpath lp;
	struct ktstr_sched_closure c;
};

FIXTURE_SETUP(tmp)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/ktstr-sched-bin-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, NULL, NULL,
					self->why, sizeof(self->why)));
	memset(&self->c, 0, sizeof(self->c));
}

FIXTURE_TEARDOWN(tmp)
{
	char cmd[128];

	ktstr_sched_closure_free(&self->c);
	ktstr_libpath_free(&self->lp);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

/* self->path = self->dir/@name */
#define TMP(name) (snprintf(self->path, sizeof(self->path), "%s/%s", \
			    self->dir, name), self->path)

/* Walk @binary with the fixture's search path into self->c. */
static int closure(struct ktstr_sched_closure *c,
		   const struct ktstr_libpath *lp, char *why, size_t whylen,
		   const char *binary, const char *guest)
{
	ktstr_sched_closure_free(c);
	why[0] = '\0';
	return ktstr_sched_closure_lp(binary, guest, lp, c, why, whylen);
}

#define CLOSURE(bin, guest) closure(&self->c, &self->lp, self->why, \
				    sizeof(self->why), bin, guest)

TEST_F(tmp, static_busybox_is_alone)
{
	if (missing(BUSYBOX))
		SKIP(return, "%s is not installed", BUSYBOX);
	ASSERT_EQ(0, CLOSURE(BUSYBOX, "/bin/busybox"));
	EXPECT_TRUE(self->c.is_static);
	ASSERT_EQ(1U, self->c.nr);
	EXPECT_STREQ("/bin/busybox", self->c.files[0].guest_path);
	EXPECT_TRUE(same_file(BUSYBOX, self->c.files[0].host_path));
	EXPECT_EQ(NULL, self->c.ld_library_path);
	EXPECT_EQ(0, ktstr_sched_bin_check(BUSYBOX, self->why,
					   sizeof(self->why)));
}

/* libc's own NEEDED ld-linux-x86-64.so.2 is the PT_INTERP, by soname. */
TEST_F(tmp, hackbench_libc_pthread_interp)
{
	struct stat st;
	int i;

	if (missing(HACKBENCH))
		SKIP(return, "%s is not installed", HACKBENCH);
	ASSERT_EQ(0, CLOSURE(HACKBENCH, "/usr/bin/hackbench"))
		TH_LOG("%s", self->why);
	EXPECT_FALSE(self->c.is_static);
	ASSERT_EQ(4U, self->c.nr);
	EXPECT_STREQ("/usr/bin/hackbench", self->c.files[0].guest_path);
	EXPECT_STREQ(INTERP, self->c.files[1].guest_path);
	EXPECT_STREQ("/lib/x86_64-linux-gnu/libpthread.so.0",
		     self->c.files[2].guest_path);
	EXPECT_STREQ("/lib/x86_64-linux-gnu/libc.so.6",
		     self->c.files[3].guest_path);
	/* Symlinks resolved on the host: regular files under the names. */
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(NULL, self->c.files[i].symlink_to);
		ASSERT_EQ(0, lstat(self->c.files[i].host_path, &st));
		EXPECT_TRUE(S_ISREG(st.st_mode)) TH_LOG("%s", self->c.files[i].host_path);
	}
	EXPECT_TRUE(same_file(INTERP, self->c.files[1].host_path));
	EXPECT_EQ(NULL, self->c.ld_library_path);
	EXPECT_EQ(0, ktstr_sched_bin_check(HACKBENCH, self->why,
					   sizeof(self->why)));
}

/* Through the host's own /etc/ld.so.conf: the same four files. */
TEST_F(tmp, hackbench_host_search_path)
{
	if (missing(HACKBENCH))
		SKIP(return, "%s is not installed", HACKBENCH);
	ASSERT_EQ(0, ktstr_sched_closure(HACKBENCH, "/bin/hackbench",
					 &self->c, self->why,
					 sizeof(self->why)));
	EXPECT_EQ(4U, self->c.nr);
	EXPECT_EQ(1, by_guest(&self->c, INTERP));
	EXPECT_LT(0, by_name(&self->c, "libc.so.6"));
	EXPECT_LT(0, by_name(&self->c, "libpthread.so.0"));
	EXPECT_EQ(1, by_name(&self->c, "ld-linux-x86-64.so.2"));
}

TEST_F(tmp, stress_ng_recursive_and_unique)
{
	static const char *const names[] = {
		/* its own DT_NEEDED (readelf -d) */
		"libc.so.6", "libm.so.6", "libz.so.1", "libJudy.so.1",
		"libkmod.so.2", "libbsd.so.0", "libEGL.so.1", "libxxhash.so.0",
		/* only its libraries need these */
		"libmd.so.0", "libGLdispatch.so.0", "libzstd.so.1",
		"libcrypto.so.3", "liblzma.so.5",
	};
	size_t i, j;

	if (missing(STRESS_NG))
		SKIP(return, "%s is not installed", STRESS_NG);
	ASSERT_EQ(0, ktstr_sched_closure(STRESS_NG, "/usr/bin/stress-ng",
					 &self->c, self->why,
					 sizeof(self->why))) TH_LOG("%s", self->why);
	EXPECT_LE(20U, self->c.nr);
	EXPECT_EQ(1, by_guest(&self->c, INTERP));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (by_name(&self->c, names[i]) <= 1)
			TH_LOG("no %s in the closure", names[i]);
		EXPECT_LT(1, by_name(&self->c, names[i]));
	}
	EXPECT_EQ(-1, by_name(&self->c, "linux-vdso.so.1"));
	for (i = 0; i < self->c.nr; i++) {
		EXPECT_EQ(NULL, self->c.files[i].symlink_to);
		for (j = i + 1; j < self->c.nr; j++) {
			EXPECT_STRNE(self->c.files[i].guest_path,
				     self->c.files[j].guest_path);
			EXPECT_STRNE(self->c.files[i].host_path,
				     self->c.files[j].host_path);
		}
	}
}

/* RUNPATH $ORIGIN/../lib of the binary, then libfxc's own $ORIGIN. */
TEST_F(tmp, runpath_origin_follows_guest_path)
{
	int a, b;

	ASSERT_EQ(0, run(FX "/bin/prog_runpath"));
	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_runpath", "/opt/fx/bin/prog"))
		TH_LOG("%s", self->why);
	a = by_guest(&self->c, "/opt/fx/lib/libfxc.so.1");
	b = by_guest(&self->c, "/opt/fx/lib/libfxb.so.1");
	ASSERT_LT(1, a);
	ASSERT_LT(a, b);
	EXPECT_TRUE(same_file(FX "/lib/libfxc.so.1", self->c.files[a].host_path));
	EXPECT_TRUE(same_file(FX "/lib/libfxb.so.1", self->c.files[b].host_path));
	EXPECT_EQ(5U, self->c.nr);
	EXPECT_EQ(NULL, self->c.ld_library_path);
}

/* DT_RPATH is inherited by libfxa; its soname name is a symlink. */
TEST_F(tmp, rpath_inherited_symlink_name_real_bytes)
{
	char *real;
	int a;

	ASSERT_EQ(0, run(FX "/bin/prog_rpath"));
	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_rpath", "/bin/prog_rpath"))
		TH_LOG("%s", self->why);
	a = by_guest(&self->c, "/lib/libfxa.so.1");
	ASSERT_LT(1, a);
	real = realpath(FX "/lib/libfxa.so.1.0", NULL);
	ASSERT_NE(NULL, real);
	EXPECT_STREQ(real, self->c.files[a].host_path);
	free(real);
	EXPECT_LT(a, by_guest(&self->c, "/lib/libfxb.so.1"));
}

/* RUNPATH is not inherited: ld.so does not find libfxb for libfxa. */
TEST_F(tmp, runpath_not_inherited)
{
	ASSERT_EQ(127, run(FX "/bin/prog_broken"));
	ASSERT_EQ(-ENOENT, CLOSURE(FX "/bin/prog_broken", "/bin/p"));
	EXPECT_STREQ("'" FX "/bin/prog_broken' needs libfxb.so.1 (through libfxa.so.1), which is not in the library search path (default dirs)",
		     self->why);
}

TEST_F(tmp, removed_library)
{
	ASSERT_EQ(127, run(FX "/bin/prog_gone"));
	ASSERT_EQ(-ENOENT, CLOSURE(FX "/bin/prog_gone", "/bin/p"));
	EXPECT_STREQ("'" FX "/bin/prog_gone' needs libfxgone.so.1, which is not in the library search path (RUNPATH $ORIGIN/../lib, default dirs)",
		     self->why);
}

TEST_F(tmp, empty_search_path)
{
	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, NULL, no_dirs,
					self->why, sizeof(self->why)));
	if (missing(HACKBENCH))
		SKIP(return, "%s is not installed", HACKBENCH);
	ASSERT_EQ(-ENOENT, CLOSURE(HACKBENCH, "/bin/hackbench"));
	EXPECT_STREQ("'" HACKBENCH "' needs libpthread.so.0, which is not in the library search path (no directories)",
		     self->why);
}

/*
 * A library without soname reached as libfxns.so and libfxns2.so (a
 * symlink): one object for ld.so, so one file and a link in the guest.
 */
TEST_F(tmp, two_names_one_file)
{
	int a, b;

	ASSERT_EQ(0, run(FX "/bin/prog_alias"));
	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_alias", "/bin/prog_alias"))
		TH_LOG("%s", self->why);
	a = by_guest(&self->c, "/lib/libfxns.so");
	b = by_guest(&self->c, "/lib/libfxns2.so");
	ASSERT_LT(1, a);
	ASSERT_LT(a, b);
	EXPECT_EQ(NULL, self->c.files[a].symlink_to);
	EXPECT_EQ(NULL, self->c.files[b].host_path);
	EXPECT_STREQ("/lib/libfxns.so", self->c.files[b].symlink_to);
}

/* Found only through LD_LIBRARY_PATH: the guest needs it set too. */
TEST_F(tmp, ld_library_path)
{
	ASSERT_EQ(127, run(FX "/bin/prog_nopath"));
	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, "/nonexistent::" FX "/lib",
					NULL, self->why, sizeof(self->why)));
	ASSERT_EQ(2U, self->lp.nr_env);
	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_nopath", "/bin/prog"))
		TH_LOG("%s", self->why);
	EXPECT_LT(1, by_guest(&self->c, FX "/lib/libfxb.so.1"));
	EXPECT_STREQ(FX "/lib", self->c.ld_library_path);

	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, "/nonexistent", NULL,
					self->why, sizeof(self->why)));
	ASSERT_EQ(-ENOENT, CLOSURE(FX "/bin/prog_nopath", "/bin/prog"));
	EXPECT_STREQ("'" FX "/bin/prog_nopath' needs libfxb.so.1, which is not in the library search path (LD_LIBRARY_PATH /nonexistent, default dirs)",
		     self->why);
}

/* An ld.so.conf that includes a glob relative to its own directory. */
TEST_F(tmp, ld_so_conf_include)
{
	char conf[PATH_MAX], text[PATH_MAX + 64];

	snprintf(text, sizeof(text), "%s/conf.d", self->dir);
	ASSERT_EQ(0, mkdir(text, 0755));
	ASSERT_EQ(0, write_text(TMP("conf.d/a.conf"), "# none\n/nonexistent/a\n", 0644));
	snprintf(text, sizeof(text), "  %s/lib/  # fixture\nhwcap 0 nosegneg\n", FX);
	ASSERT_EQ(0, write_text(TMP("conf.d/b.conf"), text, 0644));
	ASSERT_EQ(0, write_text(TMP("conf.d/c.txt"), "/not/a/conf\n", 0644));
	ASSERT_EQ(0, write_text(TMP("ld.so.conf"),
				"/first\ninclude conf.d/*.conf /no/match/*.conf\n\n/last\n",
				0644));
	snprintf(conf, sizeof(conf), "%s", self->path);

	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, conf, NULL, NULL,
					self->why, sizeof(self->why)))
		TH_LOG("%s", self->why);
	ASSERT_EQ(4U, self->lp.nr_conf);
	EXPECT_STREQ("/first", self->lp.conf_dirs[0]);
	EXPECT_STREQ("/nonexistent/a", self->lp.conf_dirs[1]);
	EXPECT_STREQ(FX "/lib", self->lp.conf_dirs[2]);
	EXPECT_STREQ("/last", self->lp.conf_dirs[3]);

	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_nopath", "/bin/prog"))
		TH_LOG("%s", self->why);
	EXPECT_LT(1, by_guest(&self->c, FX "/lib/libfxb.so.1"));
	EXPECT_STREQ(FX "/lib", self->c.ld_library_path);
}

TEST_F(tmp, ld_so_conf_missing_and_loop)
{
	char text[PATH_MAX + 64];

	ktstr_libpath_free(&self->lp);
	EXPECT_EQ(0, ktstr_libpath_init(&self->lp, TMP("none.conf"), NULL,
					NULL, self->why, sizeof(self->why)));
	EXPECT_EQ(0U, self->lp.nr_conf);

	snprintf(text, sizeof(text), "include %s/loop.conf\n", self->dir);
	ASSERT_EQ(0, write_text(TMP("loop.conf"), text, 0644));
	ktstr_libpath_free(&self->lp);
	EXPECT_EQ(-ELOOP, ktstr_libpath_init(&self->lp, self->path, NULL, NULL,
					     self->why, sizeof(self->why)));
	EXPECT_NE(NULL, strstr(self->why, "include nesting deeper than"));
}

/* ld.so passes over a candidate of another machine and goes on. */
TEST_F(tmp, wrong_machine_candidate_passed_over)
{
	static const unsigned char aarch64[2] = { EM_AARCH64, 0 };
	char env[PATH_MAX * 2];

	ASSERT_EQ(0, copy(FX "/lib/libfxb.so.1", TMP("libfxb.so.1"), 0755, -1));
	ASSERT_EQ(0, patch(self->path, 18, aarch64, 2));
	snprintf(env, sizeof(env), "%s:%s/lib", self->dir, FX);
	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, env, NULL,
					self->why, sizeof(self->why)));
	ASSERT_EQ(0, CLOSURE(FX "/bin/prog_nopath", "/bin/prog"))
		TH_LOG("%s", self->why);
	EXPECT_LT(1, by_guest(&self->c, FX "/lib/libfxb.so.1"));

	ktstr_libpath_free(&self->lp);
	ASSERT_EQ(0, ktstr_libpath_init(&self->lp, NULL, self->dir, no_dirs,
					self->why, sizeof(self->why)));
	ASSERT_EQ(-ENOENT, CLOSURE(FX "/bin/prog_nopath", "/bin/prog"));
	snprintf(self->want, sizeof(self->want),
		 "'%s' needs libfxb.so.1, which is not in the library search path (LD_LIBRARY_PATH %s); %s/libfxb.so.1 is an ELF for aarch64, expected x86-64",
		 FX "/bin/prog_nopath", self->dir, self->dir);
	EXPECT_STREQ(self->want, self->why);
}

TEST_F(tmp, relative_guest_path)
{
	EXPECT_EQ(-EINVAL, CLOSURE(SELF, "bin/sched"));
	EXPECT_STREQ("guest path 'bin/sched' is not absolute", self->why);
}

/* ktstr_sched_bin_check: one line per way a file is not a scheduler. */
TEST_F(tmp, check_missing)
{
	EXPECT_EQ(-ENOENT, ktstr_sched_bin_check(TMP("scx_none"), self->why,
						 sizeof(self->why)));
	snprintf(self->want, sizeof(self->want), "'%s' does not exist",
		 self->path);
	EXPECT_STREQ(self->want, self->why);
}

TEST_F(tmp, check_directory)
{
	EXPECT_EQ(-EISDIR, ktstr_sched_bin_check(self->dir, self->why,
						 sizeof(self->why)));
	snprintf(self->want, sizeof(self->want), "'%s' is a directory",
		 self->dir);
	EXPECT_STREQ(self->want, self->why);
}

TEST_F(tmp, check_not_regular)
{
	EXPECT_EQ(-EINVAL, ktstr_sched_bin_check("/dev/null", self->why,
						 sizeof(self->why)));
	EXPECT_STREQ("'/dev/null' is not a regular file", self->why);
}

TEST_F(tmp, check_not_executable)
{
	ASSERT_EQ(0, copy(SELF, TMP("scx_copy"), 0644, -1));
	EXPECT_EQ(-EACCES, ktstr_sched_bin_check(self->path, self->why,
						 sizeof(self->why)));
	snprintf(self->want, sizeof(self->want),
		 "'%s' is not executable (mode 0644)", self->path);
	EXPECT_STREQ(self->want, self->why);
}

TEST_F(tmp, check_not_elf)
{
	ASSERT_EQ(0, write_text(TMP("scx_text"), "hello\n", 0755));
	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
						  sizeof(self->why)));
	snprintf(self->want, sizeof(self->want), "'%s' is not an ELF file",
		 self->path);
	EXPECT_STREQ(self->want, self->why);

	ASSERT_EQ(0, write_text(TMP("scx_script"), "#!/bin/sh\nexit 0\n", 0755));
	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
						  sizeof(self->why)));
	snprintf(self->want, sizeof(self->want),
		 "'%s' is a script (#!), not an ELF binary", self->path);
	EXPECT_STREQ(self->want, self->why);
}

TEST_F(tmp, check_truncated_elf)
{
	ASSERT_EQ(0, copy(SELF, TMP("scx_copy"), 0755, 12));
	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
						  sizeof(self->why)));
	snprintf(self->want, sizeof(self->want),
		 "'%s' is a truncated ELF file", self->path);
	EXPECT_STREQ(self->want, self->why);

	/* The whole header but none of what it points to. */
	ASSERT_EQ(0, copy(SELF, self->path, 0755, sizeof(Elf64_Ehdr)));
	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
						  sizeof(self->why)));
	EXPECT_NE(NULL, strstr(self->why, "is a malformed ELF file"))
		TH_LOG("%s", self->why);
}

TEST_F(tmp, check_other_machine_and_class)
{
	static const struct {
		unsigned char class;
		unsigned short machine;
		const char *name;
	} cases[] = {
		{ ELFCLASS64, EM_AARCH64, "aarch64" },
		{ ELFCLASS32, EM_386, "i386" },
		{ ELFCLASS32, EM_X86_64, "x32" },
		{ ELFCLASS64, 0x1234, "machine 4660 (64-bit)" },
	};
	unsigned char m[2];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, copy(SELF, TMP("scx_copy"), 0755, -1));
		m[0] = cases[i].machine & 0xff;
		m[1] = cases[i].machine >> 8;
		ASSERT_EQ(0, patch(self->path, EI_CLASS, &cases[i].class, 1));
		ASSERT_EQ(0, patch(self->path, 18, m, 2));
		EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
							  sizeof(self->why)));
		snprintf(self->want, sizeof(self->want),
			 "'%s' is an ELF for %s, expected x86-64", self->path,
			 cases[i].name);
		EXPECT_STREQ(self->want, self->why);
	}
}

TEST_F(tmp, check_not_a_program)
{
	static const unsigned char et_rel[2] = { ET_REL, 0 };

	ASSERT_EQ(0, copy(SELF, TMP("scx_copy"), 0755, -1));
	ASSERT_EQ(0, patch(self->path, 16, et_rel, 2));
	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(self->path, self->why,
						  sizeof(self->why)));
	snprintf(self->want, sizeof(self->want),
		 "'%s' is an ELF relocatable object (ET_REL), not a program",
		 self->path);
	EXPECT_STREQ(self->want, self->why);

	EXPECT_EQ(-ENOEXEC, ktstr_sched_bin_check(FX "/lib/libfxb.so.1",
						  self->why,
						  sizeof(self->why)));
	EXPECT_STREQ("'" FX "/lib/libfxb.so.1' needs shared libraries but has no ELF interpreter (PT_INTERP): a library, not a program?",
		     self->why);
}

/* The interpreter is opened at its PT_INTERP path, not searched for. */
TEST_F(tmp, check_missing_interpreter)
{
	static const char gone[] = "/lib64/ld-gone-x86-64.so.2";
	char *buf;
	size_t len, off;
	FILE *f;

	ASSERT_EQ(0, copy(SELF, TMP("scx_copy"), 0755, -1));
	f = fopen(self->path, "r+");
	ASSERT_NE(NULL, f);
	buf = malloc(1 << 16);
	ASSERT_NE(NULL, buf);
	len = fread(buf, 1, 1 << 16, f);
	for (off = 0; off + sizeof(INTERP) <= len; off++)
		if (!memcmp(buf + off, INTERP, sizeof(INTERP)))
			break;
	ASSERT_GT(len, off + sizeof(INTERP));
	ASSERT_EQ(0, fseek(f, off, SEEK_SET));
	ASSERT_EQ(sizeof(gone), fwrite(gone, 1, sizeof(gone), f));
	fclose(f);
	free(buf);
	EXPECT_EQ(-ENOENT, CLOSURE(self->path, "/bin/sched"));
	snprintf(self->want, sizeof(self->want),
		 "'%s' needs its ELF interpreter %s, which does not exist",
		 self->path, gone);
	EXPECT_STREQ(self->want, self->why);
}

TEST(origin_and_tokens)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "$ORIGIN/../lib", "/opt/x/../lib" },
		{ "${ORIGIN}/lib:x", "/opt/x/lib:x" },
		{ "$ORIGINAL/lib", "$ORIGINAL/lib" },
		{ "/usr/$LIB/y", "/usr/lib/x86_64-linux-gnu/y" },
		{ "/p/${PLATFORM}", "/p/x86_64" },
		{ "/a/$HOME", "/a/$HOME" },
		{ "$", "$" },
	};
	size_t i;
	char *out;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		out = ktstr_libpath_expand(cases[i].in, "/opt/x");
		EXPECT_STREQ(cases[i].want, out);
		free(out);
	}
}

TEST(normalize)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "/bin/../lib/libz.so.1", "/lib/libz.so.1" },
		{ "//usr/./lib//x/", "/usr/lib/x" },
		{ "/..", "/" },
		{ "/a/b/../../..", "/" },
		{ "/", "/" },
		{ "/a/..b", "/a/..b" },
	};
	size_t i;
	char *out;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		out = ktstr_path_normalize(cases[i].in);
		EXPECT_STREQ(cases[i].want, out);
		free(out);
	}
	EXPECT_EQ(NULL, ktstr_path_normalize("lib/x"));
}

TEST(elf_read_dynamic)
{
	struct ktstr_elf_dyn e;
	char why[256];

	ASSERT_EQ(0, ktstr_elf_dyn_read(FX "/lib/libfxc.so.1", &e, why,
					sizeof(why)));
	EXPECT_EQ((unsigned int)ET_DYN, e.type);
	EXPECT_TRUE(ktstr_elf_is_host(&e));
	EXPECT_EQ(NULL, e.interp);
	EXPECT_STREQ("libfxc.so.1", e.soname);
	EXPECT_STREQ("$ORIGIN", e.runpath);
	EXPECT_EQ(NULL, e.rpath);
	ASSERT_EQ(2U, e.nr_needed);
	EXPECT_STREQ("libfxb.so.1", e.needed[0]);
	EXPECT_STREQ("libc.so.6", e.needed[1]);
	ktstr_elf_dyn_free(&e);

	if (access(BUSYBOX, R_OK))
		return;
	ASSERT_EQ(0, ktstr_elf_dyn_read(BUSYBOX, &e, why, sizeof(why)));
	EXPECT_EQ(NULL, e.interp);
	EXPECT_EQ(0U, e.nr_needed);
	ktstr_elf_dyn_free(&e);
}

/* What the sha256sum tool prints for @path, or "". */
static void digest_by_tool(const char *path, char *hex)
{
	char cmd[PATH_MAX + 32];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	hex[0] = '\0';
	p = popen(cmd, "r");
	if (!p)
		return;
	if (fscanf(p, "%64s", hex) != 1)
		hex[0] = '\0';
	pclose(p);
}

TEST_F(tmp, sha256_matches_sha256sum)
{
	char hex[KTSTR_SHA256_HEX_LEN + 1], want[KTSTR_SHA256_HEX_LEN + 1];
	static const char *const files[] = {
		FX "/bin/prog_rpath", HACKBENCH, BUSYBOX, STRESS_NG,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (access(files[i], R_OK))
			continue;
		digest_by_tool(files[i], want);
		ASSERT_EQ(64U, strlen(want));
		ASSERT_EQ(0, ktstr_sha256_file(files[i], hex));
		EXPECT_STREQ(want, hex);
	}
	/* FIPS 180-2's vectors: "" and "abc". */
	ASSERT_EQ(0, write_text(TMP("empty"), "", 0644));
	ASSERT_EQ(0, ktstr_sha256_file(self->path, hex));
	EXPECT_STREQ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		     hex);
	ASSERT_EQ(0, write_text(TMP("abc"), "abc", 0644));
	ASSERT_EQ(0, ktstr_sha256_file(self->path, hex));
	EXPECT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		     hex);
	EXPECT_EQ(-ENOENT, ktstr_sha256_file(TMP("none"), hex));
}

TEST_HARNESS_MAIN
