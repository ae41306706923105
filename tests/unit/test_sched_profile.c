// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler profile files: a good file with three schedulers (profiles,
 * base + profile args, the implicit default profile, continuation lines,
 * relative paths made absolute against the file's directory, inline
 * comments), and one file per error under tests/unit/data/profiles/,
 * each checked for its exact line. Links host/sched/sched_profile.c and
 * libinih.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "host/sched/sched_profile.h"

/* tests/unit/data/profiles/@name, from this source's own path. */
static const char *data_path(const char *name)
{
	static char path[PATH_MAX];
	char src[PATH_MAX];

	snprintf(src, sizeof(src), "%s", __FILE__);
	snprintf(path, sizeof(path), "%s/data/profiles/%s", dirname(src), name);
	return path;
}

/* The real directory of the data files, which relative paths join. */
static const char *data_dir(void)
{
	static char dir[PATH_MAX];
	char *real;

	snprintf(dir, sizeof(dir), "%s", data_path(""));
	real = realpath(dir, NULL);
	snprintf(dir, sizeof(dir), "%s", real ? real : "?");
	free(real);
	return dir;
}

TEST(good_file)
{
	const struct ktstr_sched_profile *sp;
	const struct ktstr_profile *pr;
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 64];

	ASSERT_EQ(0, ktstr_profile_file_load(data_path("good.ini"), &pf, why,
					     sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(3U, pf.nr);
	EXPECT_STREQ(data_path("good.ini"), pf.path);

	sp = ktstr_profile_file_find(&pf, "scx_nest");
	ASSERT_NE(NULL, sp);
	EXPECT_EQ(&pf.scheds[0], sp);
	EXPECT_EQ(4U, sp->line);
	snprintf(want, sizeof(want), "%s/target/release/scx_nest", data_dir());
	EXPECT_STREQ(want, sp->binary);
	EXPECT_STREQ("-v", sp->args);
	ASSERT_EQ(3U, sp->nr_profiles);
	EXPECT_STREQ("default", sp->profiles[0].name);
	EXPECT_STREQ("-v", sp->profiles[0].args);
	EXPECT_EQ(7U, sp->profiles[0].line);
	EXPECT_STREQ("fast", sp->profiles[1].name);
	EXPECT_STREQ("-v --slice-us 5000 --fast", sp->profiles[1].args);
	EXPECT_STREQ("numa", sp->profiles[2].name);
	EXPECT_STREQ("-v --numa-aware", sp->profiles[2].args);
	EXPECT_EQ(120U, sp->timeout_s);
	EXPECT_EQ(50, sp->max_spread_pct);
	EXPECT_EQ(3000, sp->max_gap_ms);
	ASSERT_EQ(2U, sp->nr_files);
	EXPECT_STREQ("/etc/scx_nest.toml", sp->files[0]);
	snprintf(want, sizeof(want), "%s/data/x.bin", data_dir());
	EXPECT_STREQ(want, sp->files[1]);
	EXPECT_STREQ("stress-ng --cpu 2 --switch 2 --timeout 35s", sp->stress);
	pr = ktstr_sched_profile_find(sp, "fast");
	EXPECT_EQ(&sp->profiles[1], pr);
	EXPECT_EQ(NULL, ktstr_sched_profile_find(sp, "slow"));

	/* No base args; indented lines continue profile, files, stress. */
	sp = ktstr_profile_file_find(&pf, "scx_lavd");
	ASSERT_NE(NULL, sp);
	EXPECT_STREQ("/usr/local/bin/scx_lavd", sp->binary);
	EXPECT_STREQ("", sp->args);
	ASSERT_EQ(2U, sp->nr_profiles);
	EXPECT_STREQ("perf", sp->profiles[0].name);
	EXPECT_STREQ("--performance --slice-max-us 3000", sp->profiles[0].args);
	EXPECT_STREQ("power", sp->profiles[1].name);
	EXPECT_STREQ("--powersave", sp->profiles[1].args);
	EXPECT_EQ(0U, sp->timeout_s);
	EXPECT_EQ(0, sp->max_spread_pct);
	EXPECT_EQ(0, sp->max_gap_ms);
	ASSERT_EQ(2U, sp->nr_files);
	snprintf(want, sizeof(want), "%s/lib/a.toml", data_dir());
	EXPECT_STREQ(want, sp->files[0]);
	snprintf(want, sizeof(want), "%s/../b.bin", data_dir());
	EXPECT_STREQ(want, sp->files[1]);
	EXPECT_STREQ("hackbench -g 4 -l 1000", sp->stress);

	/* No profile lines: the one implicit default, at the header. */
	sp = ktstr_profile_file_find(&pf, "scx-min_2");
	ASSERT_NE(NULL, sp);
	snprintf(want, sizeof(want), "%s/scx_min", data_dir());
	EXPECT_STREQ(want, sp->binary);
	ASSERT_EQ(1U, sp->nr_profiles);
	EXPECT_STREQ("default", sp->profiles[0].name);
	EXPECT_STREQ("", sp->profiles[0].args);
	EXPECT_EQ(27U, sp->profiles[0].line);
	EXPECT_EQ(0U, sp->nr_files);
	EXPECT_EQ(NULL, sp->stress);

	EXPECT_EQ(NULL, ktstr_profile_file_find(&pf, "scx_none"));
	EXPECT_EQ(NULL, ktstr_profile_file_find(&pf, NULL));
	ktstr_profile_file_free(&pf);
}

/* One scheduler: found without a name. CRLF ends are white space. */
TEST(one_scheduler_crlf)
{
	const struct ktstr_sched_profile *sp;
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 64];

	ASSERT_EQ(0, ktstr_profile_file_load(data_path("one_crlf.ini"), &pf, why,
					     sizeof(why))) TH_LOG("%s", why);
	sp = ktstr_profile_file_find(&pf, NULL);
	ASSERT_NE(NULL, sp);
	EXPECT_STREQ("scx_one", sp->name);
	snprintf(want, sizeof(want), "%s/bin/scx_one", data_dir());
	EXPECT_STREQ(want, sp->binary);
	ASSERT_EQ(1U, sp->nr_profiles);
	EXPECT_STREQ("--a --b", sp->profiles[0].args);
	ktstr_profile_file_free(&pf);
}

/* A file named relative to the working directory: the same paths. */
TEST(relative_file_path)
{
	const struct ktstr_sched_profile *sp;
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 64], cwd[PATH_MAX];

	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	ASSERT_EQ(0, chdir(data_dir()));
	ASSERT_EQ(0, ktstr_profile_file_load("good.ini", &pf, why,
					     sizeof(why))) TH_LOG("%s", why);
	ASSERT_EQ(0, chdir(cwd));
	EXPECT_STREQ("good.ini", pf.path);
	sp = ktstr_profile_file_find(&pf, "scx_nest");
	ASSERT_NE(NULL, sp);
	snprintf(want, sizeof(want), "%s/target/release/scx_nest", data_dir());
	EXPECT_STREQ(want, sp->binary);
	ktstr_profile_file_free(&pf);
}

static const struct {
	const char *file;
	int err;
	const char *msg;	/* after "<path>:" */
} bad[] = {
	{ "unknown_key.ini", -EINVAL,
	  "7: key 'timout' in [scheduler scx_nest]: unknown key (expected binary, args, profile, timeout, max_spread_pct, max_gap_ms, files, stress)" },
	{ "spread_range.ini", -EINVAL,
	  "3: key 'max_spread_pct' in [scheduler scx_nest]: '150' is not a number in 1..100" },
	{ "gap_not_number.ini", -EINVAL,
	  "3: key 'max_gap_ms' in [scheduler scx_nest]: '3s' is not a number in 1..600000" },
	{ "timeout_zero.ini", -EINVAL,
	  "3: key 'timeout' in [scheduler scx_nest]: '0' is not a number in 1..86400" },
	{ "no_binary.ini", -EINVAL,
	  "2: [scheduler scx_nest] has no 'binary' key" },
	{ "empty_section.ini", -EINVAL,
	  "4: [scheduler scx_empty] has no 'binary' key" },
	{ "dup_section.ini", -EINVAL,
	  "7: [scheduler scx_nest] is already defined at line 1" },
	{ "dup_profile.ini", -EINVAL,
	  "5: key 'profile' in [scheduler scx_nest]: profile 'fast' is already defined at line 3" },
	{ "dup_key.ini", -EINVAL,
	  "3: key 'binary' in [scheduler scx_nest]: already set at line 2" },
	{ "bad_header.ini", -EINVAL,
	  "1: section [sched scx_nest] is not [scheduler NAME]" },
	{ "bad_sched_name.ini", -EINVAL,
	  "1: scheduler name 'scx.nest' is not [A-Za-z0-9_-]+" },
	{ "bad_profile_name.ini", -EINVAL,
	  "3: key 'profile' in [scheduler scx_nest]: profile name 'fast path' is not [A-Za-z0-9_-]+" },
	{ "profile_no_colon.ini", -EINVAL,
	  "3: key 'profile' in [scheduler scx_nest]: '--fast' is not NAME: ARGS" },
	{ "key_outside.ini", -EINVAL,
	  "1: key 'binary' is outside a [scheduler NAME] section" },
	{ "syntax.ini", -EINVAL,
	  "3: syntax error: expected [scheduler NAME], KEY = VALUE or a comment" },
	{ "no_bracket.ini", -EINVAL, "3: section header without ']'" },
	{ "continued_timeout.ini", -EINVAL,
	  "4: key 'timeout' in [scheduler scx_nest]: only args, profile, files and stress continue on an indented line" },
	{ "stress_tool.ini", -EINVAL,
	  "3: key 'stress' in [scheduler scx_nest]: 'stress --cpu 2' is not stress-ng or hackbench and its arguments" },
	{ "long_line.ini", -EINVAL,
	  "3: line longer than 199 characters (continue it on an indented line)" },
};

TEST(bad_files)
{
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(bad[i].err, ktstr_profile_file_load(data_path(bad[i].file),
							      &pf, why,
							      sizeof(why)))
			TH_LOG("%s", bad[i].file);
		snprintf(want, sizeof(want), "%s:%s", data_path(bad[i].file),
			 bad[i].msg);
		EXPECT_STREQ(want, why);
		ktstr_profile_file_free(&pf);
	}
}

TEST(no_section)
{
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 64];

	EXPECT_EQ(-EINVAL, ktstr_profile_file_load(data_path("no_section.ini"), &pf,
						   why, sizeof(why)));
	snprintf(want, sizeof(want), "%s: no [scheduler NAME] section",
		 data_path("no_section.ini"));
	EXPECT_STREQ(want, why);
	ktstr_profile_file_free(&pf);
}

TEST(unreadable)
{
	struct ktstr_profile_file pf;
	char why[512], want[PATH_MAX + 64];

	EXPECT_EQ(-ENOENT, ktstr_profile_file_load("x.ini", &pf, why,
						   sizeof(why)));
	EXPECT_STREQ("cannot read 'x.ini': No such file or directory", why);
	ktstr_profile_file_free(&pf);

	EXPECT_EQ(-EISDIR, ktstr_profile_file_load(data_path(""), &pf, why,
						   sizeof(why)));
	snprintf(want, sizeof(want), "cannot read '%s': Is a directory",
		 data_path(""));
	EXPECT_STREQ(want, why);
	ktstr_profile_file_free(&pf);
}

TEST_HARNESS_MAIN
