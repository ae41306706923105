// SPDX-License-Identifier: GPL-2.0
/*
 * Following a growing VM log (host/log_tail.c): only whole lines, each
 * once, the channel's probe payload left out, an over-long line cut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "host/log_tail.h"

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");

	fputs(text, f);
	fclose(f);
}

static char *tail(struct ktstr_log_tail *t, const char *path, bool channel)
{
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);

	ktstr_log_tail(t, path, "t.repro", channel, out);
	fclose(out);
	return s;
}

TEST(console_grows)
{
	char path[] = "/tmp/ktstr-unit-tail.XXXXXX";
	struct ktstr_log_tail t = { 0 };
	char *s;

	close(mkstemp(path));
	append(path, "[    1.0] Run /init as init process\r\nktstr probe: attac");
	s = tail(&t, path, false);
	EXPECT_STREQ("ktstr: t.repro: [    1.0] Run /init as init process\n", s);
	free(s);
	append(path, "hed 40 probes\n");
	s = tail(&t, path, false);
	EXPECT_STREQ("ktstr: t.repro: ktstr probe: attached 40 probes\n", s);
	free(s);
	s = tail(&t, path, false);
	EXPECT_STREQ("", s);
	free(s);
	unlink(path);
}

TEST(channel_without_payload)
{
	char path[] = "/tmp/ktstr-unit-tail.XXXXXX";
	struct ktstr_log_tail t = { 0 };
	char *s;

	close(mkstemp(path));
	append(path, "KTSTR-STAGE init\n# guest: 2 CPUs\nKTSTR-PROBE-BEGIN v1\n"
		     "{\"type\": \"meta\"}\nKTSTR-PROBE-END\n");
	s = tail(&t, path, true);
	EXPECT_STREQ("ktstr: t.repro: KTSTR-STAGE init\n"
		     "ktstr: t.repro: # guest: 2 CPUs\n", s);
	free(s);
	unlink(path);
}

TEST(long_line_cut_not_stuck)
{
	char path[] = "/tmp/ktstr-unit-tail.XXXXXX";
	struct ktstr_log_tail t = { 0 };
	char *s, *big = malloc(3000);

	close(mkstemp(path));
	memset(big, 'x', 2999);
	big[2999] = '\0';
	append(path, big);
	append(path, "\nnext\n");
	s = tail(&t, path, false);
	EXPECT_NE(NULL, strstr(s, " [...]\n"));
	EXPECT_NE(NULL, strstr(s, "ktstr: t.repro: next\n"));
	free(s);
	free(big);
	unlink(path);
}

TEST_HARNESS_MAIN
