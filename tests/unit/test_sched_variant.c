// SPDX-License-Identifier: GPL-2.0
/*
 * External schedulers as a run sees them (host/sched/sched_variant.c,
 * host/suite.c's expansion): a binary given by path, a profile file's
 * profiles with their labels and args, the errors of each before a VM
 * boots, and the generic tests of a real `ktstr-init --list --json`
 * shape run once per variant. The binaries are the host's own
 * (/bin/true, dynamically linked), as a scheduler author's would be.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "common/protocol.h"
#include "host/sched/sched_variant.h"
#include "host/suite.h"

#define HOST_BINARY	"/bin/true"

static bool is_hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* A file @name in a fresh directory under /tmp holding @text. */
static char *tmp_file(const char *name, const char *text)
{
	static char dir[64], path[PATH_MAX];
	FILE *f;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/ktstr-variant-XXXXXX");
		if (!mkdtemp(dir))
			return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

TEST(binary_by_path)
{
	struct ktstr_sched_variants vs;
	char why[512] = "";
	const struct ktstr_sched_variant *v;

	ASSERT_EQ(0, ktstr_variants_from_binary(HOST_BINARY, "-x 1", &vs, why,
						sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(1U, vs.nr);
	v = &vs.v[0];
	EXPECT_STREQ("true", v->label);
	EXPECT_STREQ("true", v->file_id);
	EXPECT_STREQ("true", v->name);
	EXPECT_STREQ("-x 1", v->args);
	EXPECT_EQ('/', v->path[0]);
	EXPECT_TRUE(is_hex64(v->sha256));
	EXPECT_EQ(NULL, v->profile_file);
	/* Debian's true links libc: the interpreter and libc come along. */
	EXPECT_FALSE(v->closure->is_static);
	EXPECT_GE(v->closure->nr, 3U);
	EXPECT_STREQ("/bin/true", v->closure->files[0].guest_path);
	ktstr_variants_free(&vs);

	ASSERT_EQ(0, ktstr_variants_from_binary(HOST_BINARY, NULL, &vs, why,
						sizeof(why)));
	EXPECT_STREQ("", vs.v[0].args);
	ktstr_variants_free(&vs);
}

TEST(binary_errors)
{
	struct ktstr_sched_variants vs;
	char why[512] = "", *path;

	EXPECT_EQ(-ENOENT, ktstr_variants_from_binary("/nonexistent/scx_x", NULL,
						      &vs, why, sizeof(why)));
	EXPECT_STREQ("'/nonexistent/scx_x' does not exist", why);
	ktstr_variants_free(&vs);

	path = tmp_file("scx_text", "#!/bin/sh\n");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, chmod(path, 0755));
	EXPECT_EQ(-ENOEXEC, ktstr_variants_from_binary(path, NULL, &vs, why,
						       sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "is a script (#!), not an ELF binary"))
		TH_LOG("%s", why);
	ktstr_variants_free(&vs);
	unlink(path);
}

/* The name is the guest's /bin/<name> and part of TAP and file names. */
TEST(binary_name)
{
	struct ktstr_sched_variants vs;
	char why[512] = "", *path, cmd[PATH_MAX + 64];

	path = tmp_file("my sched", "");
	ASSERT_NE(NULL, path);
	snprintf(cmd, sizeof(cmd), "cp %s '%s'", HOST_BINARY, path);
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, chmod(path, 0755));
	EXPECT_EQ(-EINVAL, ktstr_variants_from_binary(path, NULL, &vs, why,
						      sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "the file name must be [A-Za-z0-9_.+-]+"))
		TH_LOG("%s", why);
	ktstr_variants_free(&vs);
	unlink(path);
}

TEST(profiles)
{
	struct ktstr_sched_variants vs;
	char why[512] = "", *path;

	path = tmp_file("two.ini",
			"[scheduler scx_mine]\n"
			"binary = " HOST_BINARY "\n"
			"args = -v\n"
			"profile = fast: --slice-us 5000\n"
			"profile = slow:\n"
			"timeout = 300\n"
			"max_spread_pct = 70\n"
			"stress = stress-ng --cpu 2\n");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, ktstr_variants_from_profiles(path, NULL, &vs, why,
						  sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(2U, vs.nr);
	EXPECT_STREQ("scx_mine:fast", vs.v[0].label);
	EXPECT_STREQ("scx_mine.fast", vs.v[0].file_id);
	EXPECT_STREQ("-v --slice-us 5000", vs.v[0].args);
	EXPECT_STREQ("scx_mine:slow", vs.v[1].label);
	EXPECT_STREQ("-v", vs.v[1].args);
	EXPECT_STREQ("true", vs.v[1].name);
	EXPECT_STREQ("fast", vs.v[0].profile);
	EXPECT_STREQ(path, vs.v[1].profile_file);
	EXPECT_EQ(300U, vs.v[1].timeout_s);
	EXPECT_EQ(70, vs.v[0].max_spread_pct);
	EXPECT_STREQ("stress-ng --cpu 2", vs.v[1].stress);
	EXPECT_STREQ(vs.v[0].sha256, vs.v[1].sha256);
	EXPECT_TRUE(is_hex64(vs.v[1].sha256));
	ktstr_variants_free(&vs);

	EXPECT_EQ(-EINVAL, ktstr_variants_from_profiles(path, "scx_other", &vs,
							why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, ": no [scheduler scx_other] section"));
	ktstr_variants_free(&vs);
	unlink(path);
}

/* Without `profile =` lines a section is one run, named for itself. */
TEST(implicit_profile)
{
	struct ktstr_sched_variants vs;
	char why[512] = "", *path;

	path = tmp_file("one.ini", "[scheduler scx_one]\nbinary = " HOST_BINARY "\n");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, ktstr_variants_from_profiles(path, "scx_one", &vs, why,
						  sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(1U, vs.nr);
	EXPECT_STREQ("scx_one", vs.v[0].label);
	EXPECT_STREQ("", vs.v[0].args);
	ktstr_variants_free(&vs);
	unlink(path);
}

TEST(profile_errors)
{
	struct ktstr_sched_variants vs;
	char why[512] = "", want[PATH_MAX + 128], *path;

	path = tmp_file("files.ini", "[scheduler scx_f]\nbinary = " HOST_BINARY
			"\nfiles = /nonexistent/scx_f.toml\n");
	ASSERT_NE(NULL, path);
	EXPECT_EQ(-EINVAL, ktstr_variants_from_profiles(path, NULL, &vs, why,
							sizeof(why)));
	snprintf(want, sizeof(want),
		 "%s: [scheduler scx_f] files: '/nonexistent/scx_f.toml': No such file or directory",
		 path);
	EXPECT_STREQ(want, why);
	ktstr_variants_free(&vs);
	unlink(path);

	path = tmp_file("nobin.ini", "[scheduler scx_n]\nbinary = /nonexistent/scx_n\n");
	ASSERT_NE(NULL, path);
	EXPECT_EQ(-ENOENT, ktstr_variants_from_profiles(path, NULL, &vs, why,
							sizeof(why)));
	EXPECT_STREQ("'/nonexistent/scx_n' does not exist", why);
	ktstr_variants_free(&vs);
	unlink(path);

	path = tmp_file("two_sections.ini",
			"[scheduler a]\nbinary = " HOST_BINARY "\n"
			"[scheduler b]\nbinary = " HOST_BINARY "\n");
	ASSERT_NE(NULL, path);
	EXPECT_EQ(-EINVAL, ktstr_variants_from_profiles(path, NULL, &vs, why,
							sizeof(why)));
	EXPECT_NE(NULL, strstr(why, ": 2 [scheduler NAME] sections: choose one with -s NAME"));
	ktstr_variants_free(&vs);
	unlink(path);
}

/* Entries as `ktstr-init --list --json` prints them (trimmed). */
static const char list_json[] =
	"[{\"name\": \"cpuset_swap\", \"topology\": \"1n2l2c1t\", \"scheduler\": \"scx_simple\", \"sched_args\": \"\", \"timeout_s\": 100, \"generic\": true, \"auto_repro\": true},\n"
	" {\"name\": \"ktstr_stall\", \"scheduler\": \"scx_ktstr\", \"sched_args\": \"-s\", \"timeout_s\": 90, \"generic\": false},\n"
	" {\"name\": \"batch_nice\", \"timeout_s\": 100, \"generic\": true, \"auto_repro\": false}]";

TEST(suite_expand)
{
	struct ktstr_sched_variants vs;
	struct ktstr_suite suite;
	char why[512] = "", *path;
	size_t dropped = 0;

	path = tmp_file("expand.ini",
			"[scheduler scx_mine]\nbinary = " HOST_BINARY "\n"
			"profile = fast: -f\nprofile = slow: -s\ntimeout = 400\n");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, ktstr_variants_from_profiles(path, NULL, &vs, why,
						  sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0, ktstr_suite_parse(list_json, &suite, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0, ktstr_suite_expand(&suite, &vs, &dropped));
	EXPECT_EQ(1U, dropped);
	ASSERT_EQ(4U, suite.nr);
	/* Suite order, then profile order. */
	EXPECT_STREQ("cpuset_swap@scx_mine.fast", suite.specs[0].name);
	EXPECT_STREQ("cpuset_swap", suite.specs[0].test);
	EXPECT_STREQ("cpuset_swap@scx_mine.slow", suite.specs[1].name);
	EXPECT_STREQ("batch_nice@scx_mine.fast", suite.specs[2].name);
	EXPECT_STREQ("batch_nice", suite.specs[3].test);
	EXPECT_STREQ("true", suite.specs[2].scheduler);
	EXPECT_STREQ("-f", suite.specs[2].sched_args);
	EXPECT_STREQ("-s", suite.specs[3].sched_args);
	EXPECT_EQ(&vs.v[1], suite.specs[3].variant);
	/* An EEVDF test's own repro setting is no reason to skip this one's. */
	EXPECT_TRUE(suite.specs[2].auto_repro);
	/* The profile's timeout, being longer than the test's. */
	EXPECT_EQ(400U, suite.specs[0].timeout_s);
	ktstr_suite_free(&suite);
	ktstr_variants_free(&vs);
	unlink(path);

	/* From --scheduler: the test's timeout plus the longer attach. */
	ASSERT_EQ(0, ktstr_variants_from_binary(HOST_BINARY, NULL, &vs, why,
						sizeof(why)));
	ASSERT_EQ(0, ktstr_suite_parse(list_json, &suite, why, sizeof(why)));
	ASSERT_EQ(0, ktstr_suite_expand(&suite, &vs, &dropped));
	ASSERT_EQ(2U, suite.nr);
	EXPECT_STREQ("cpuset_swap@true", suite.specs[0].name);
	EXPECT_EQ(100U + KTSTR_EXT_ATTACH_EXTRA_S, suite.specs[0].timeout_s);
	ktstr_suite_free(&suite);
	ktstr_variants_free(&vs);
}

TEST_HARNESS_MAIN
