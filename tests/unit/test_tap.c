// SPDX-License-Identifier: GPL-2.0
/*
 * TAP formatting: result lines as the kselftest runner parses them, tails
 * of long logs, and diagnostics that can never break the TAP stream.
 * Links host/tap.c only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/tap.h"

TEST(result_lines)
{
	char buf[256];

	ktstr_tap_line(buf, sizeof(buf), 1, "eevdf_spin", KTSTR_PASS, NULL);
	EXPECT_STREQ("ok 1 eevdf_spin", buf);
	/* A pass carries no directive even when a reason is around. */
	ktstr_tap_line(buf, sizeof(buf), 2, "a", KTSTR_PASS, "ignored");
	EXPECT_STREQ("ok 2 a", buf);
	ktstr_tap_line(buf, sizeof(buf), 3, "numa", KTSTR_SKIP,
		       "needs 2 nodes");
	EXPECT_STREQ("ok 3 numa # SKIP needs 2 nodes", buf);
	ktstr_tap_line(buf, sizeof(buf), 4, "gap", KTSTR_FAIL,
		       "max gap 2300 ms > 2000 ms");
	EXPECT_STREQ("not ok 4 gap # max gap 2300 ms > 2000 ms", buf);
}

TEST(reasons_stay_on_one_line)
{
	char buf[256];

	ktstr_tap_line(buf, sizeof(buf), 1, "t", KTSTR_FAIL, "a\nb\r\tc");
	EXPECT_STREQ("not ok 1 t # a b  c", buf);
	ktstr_tap_line(buf, sizeof(buf), 1, "t", KTSTR_FAIL, "");
	EXPECT_STREQ("not ok 1 t # failed", buf);
	ktstr_tap_line(buf, sizeof(buf), 1, "t", KTSTR_SKIP, NULL);
	EXPECT_STREQ("ok 1 t # SKIP skipped", buf);
}

TEST(failure_never_reads_as_skip)
{
	char buf[256];

	ktstr_tap_line(buf, sizeof(buf), 5, "t", KTSTR_FAIL,
		       "Skipped ticks on CPU 1");
	EXPECT_STREQ("not ok 5 t # fail: Skipped ticks on CPU 1", buf);
	ktstr_tap_line(buf, sizeof(buf), 5, "t", KTSTR_FAIL, "todo list");
	EXPECT_STREQ("not ok 5 t # fail: todo list", buf);
}

TEST(tail)
{
	static const char text[] = "1\n2\n3\n4\n";
	static const char no_nl[] = "1\n2\n3";

	EXPECT_STREQ("3\n4\n", ktstr_tail(text, strlen(text), 2));
	EXPECT_STREQ(text, ktstr_tail(text, strlen(text), 4));
	EXPECT_STREQ(text, ktstr_tail(text, strlen(text), 40));
	EXPECT_STREQ(text, ktstr_tail(text, strlen(text), 0));
	EXPECT_STREQ("2\n3", ktstr_tail(no_nl, strlen(no_nl), 2));
	EXPECT_STREQ("", ktstr_tail("", 0, 3));
}

static char *capture(void (*fn)(FILE *f, const void *arg), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, arg);
	fclose(f);
	return buf;
}

static void text_fn(FILE *f, const void *arg)
{
	ktstr_tap_text(f, "  ", arg, strlen(arg));
}

TEST(diagnostic_text)
{
	char *out;

	/* CRs dropped, escapes neutralized, every line prefixed. */
	out = capture(text_fn, "[  1.0] boot\r\n\x1b[1mbold\x1b[0m\n\nlast");
	EXPECT_STREQ("#   [  1.0] boot\n#   ?[1mbold?[0m\n#\n#   last\n",
		     out);
	free(out);
	out = capture(text_fn, "");
	EXPECT_STREQ("", out);
	free(out);
}

static void header_fn(FILE *f, const void *arg)
{
	ktstr_tap_header(f, 3);
	ktstr_tap_diag(f, "%s %d", "x", 1);
}

TEST(header_and_diag)
{
	char *out = capture(header_fn, NULL);

	EXPECT_STREQ("TAP version 13\n1..3\n# x 1\n", out);
	free(out);
}

TEST_HARNESS_MAIN
