// SPDX-License-Identifier: GPL-2.0
/*
 * The test channel parser over what a guest really leaves behind: complete
 * runs, runs cut off mid-result, NUL bytes and noise from the serial line,
 * and VMs that never reached /init. Links host/channel.c only.
 */
#include <json-c/json.h>
#include <string.h>

#include "kselftest_harness.h"
#include "host/channel.h"

#define RESULT_PASS \
	"KTSTR-RESULT-BEGIN v1\r\n" \
	"{\"version\": 1, \"test\": \"t\",\r\n" \
	" \"status\": \"pass\"}\r\n" \
	"KTSTR-RESULT-END\r\n"

static const char *res_str(const struct ktstr_channel *ch, const char *key)
{
	struct json_object *v;

	if (!ch->result || !json_object_object_get_ex(ch->result, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static int parse(struct ktstr_channel *ch, const char *buf, size_t len)
{
	return ktstr_channel_parse(buf, len, ch);
}

TEST(complete_run)
{
	/* The guest's tty turns "\n" into "\r\n". */
	static const char buf[] =
		"KTSTR-STAGE init\r\n"
		"# guest: 4 CPUs, 2 LLCs, 1 node, smt 1\r\n"
		"KTSTR-STAGE sched-start\r\n"
		"KTSTR-STAGE workload\r\n"
		"#\r\n"
		RESULT_PASS
		"KTSTR-STAGE done\r\n";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_TRUE(ch.reached_init);
	EXPECT_STREQ("done", ch.stage);
	ASSERT_EQ(2U, ch.nr_diags);
	EXPECT_STREQ("guest: 4 CPUs, 2 LLCs, 1 node, smt 1", ch.diags[0]);
	EXPECT_STREQ("", ch.diags[1]);
	ASSERT_EQ(KTSTR_CHAN_RESULT_OK, (int)ch.result_state);
	EXPECT_STREQ("pass", res_str(&ch, "status"));
	EXPECT_STREQ("t", res_str(&ch, "test"));
	EXPECT_EQ(0U, ch.garbage_lines);
	ktstr_channel_free(&ch);
}

TEST(truncated_mid_result)
{
	static const char buf[] =
		"KTSTR-STAGE init\n"
		"KTSTR-STAGE checks\n"
		"KTSTR-RESULT-BEGIN v1\n"
		"{\"version\": 1, \"test\": \"t\",\n"
		" \"status\": \"fa";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_TRUE(ch.reached_init);
	EXPECT_STREQ("checks", ch.stage);
	EXPECT_EQ(KTSTR_CHAN_RESULT_TRUNCATED, (int)ch.result_state);
	EXPECT_EQ(NULL, ch.result);
	ktstr_channel_free(&ch);
}

TEST(partial_last_line_is_not_a_stage)
{
	/* "KTSTR-STAGE wor" was cut off: the last whole stage counts. */
	static const char buf[] = "KTSTR-STAGE init\nKTSTR-STAGE wor";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_STREQ("init", ch.stage);
	EXPECT_EQ(KTSTR_CHAN_NO_RESULT, (int)ch.result_state);
	ktstr_channel_free(&ch);
}

TEST(garbage_and_nul_bytes)
{
	static const char buf[] =
		"\0\0\xff\xfe garbage\x1b[0m\n"
		"KTSTR-STA\0GE init\n"		/* a NUL inside a marker */
		"# diag with \x1b escape\n"
		"random noise line\n"
		RESULT_PASS
		"\0\0\0";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_TRUE(ch.reached_init);
	ASSERT_EQ(1U, ch.nr_diags);
	/* Control bytes never reach the TAP stream. */
	EXPECT_STREQ("diag with ? escape", ch.diags[0]);
	EXPECT_EQ(KTSTR_CHAN_RESULT_OK, (int)ch.result_state);
	EXPECT_STREQ("pass", res_str(&ch, "status"));
	EXPECT_EQ(2U, ch.garbage_lines);
	ktstr_channel_free(&ch);
}

TEST(no_init_stage)
{
	static const char buf[] = "# something\nnoise\n";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_FALSE(ch.reached_init);
	EXPECT_STREQ("", ch.stage);
	ktstr_channel_free(&ch);

	ASSERT_EQ(0, parse(&ch, "", 0));
	EXPECT_FALSE(ch.reached_init);
	EXPECT_EQ(KTSTR_CHAN_NO_RESULT, (int)ch.result_state);
	ktstr_channel_free(&ch);
}

TEST(invalid_result_then_stage)
{
	/* The record is cut by a stage line: invalid, and the stage counts. */
	static const char buf[] =
		"KTSTR-STAGE init\n"
		"KTSTR-RESULT-BEGIN v1\n"
		"{\"version\": 1,\n"
		"KTSTR-STAGE done\n";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_EQ(KTSTR_CHAN_RESULT_INVALID, (int)ch.result_state);
	EXPECT_EQ(NULL, ch.result);
	EXPECT_STREQ("done", ch.stage);
	ktstr_channel_free(&ch);

}

TEST(result_must_be_an_object)
{
	static const char buf[] =
		"KTSTR-STAGE init\n"
		"KTSTR-RESULT-BEGIN v1\n"
		"[1]\n"
		"KTSTR-RESULT-END\n";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	EXPECT_EQ(KTSTR_CHAN_RESULT_INVALID, (int)ch.result_state);
	EXPECT_EQ(NULL, ch.result);
	ktstr_channel_free(&ch);
}

TEST(probe_section_found)
{
	static const char buf[] =
		"KTSTR-STAGE init\n"
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"a\": 1}\n"
		"# not a diag inside the payload\n"
		"KTSTR-PROBE-END\n"
		"KTSTR-STAGE done\n";
	static const char section[] =
		"KTSTR-PROBE-BEGIN v1\n"
		"{\"a\": 1}\n"
		"# not a diag inside the payload\n"
		"KTSTR-PROBE-END\n";
	struct ktstr_channel ch;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	ASSERT_TRUE(ch.probe.found);
	EXPECT_TRUE(ch.probe.complete);
	ASSERT_EQ(sizeof(section) - 1, ch.probe.len);
	EXPECT_EQ(0, memcmp(buf + ch.probe.off, section, ch.probe.len));
	EXPECT_EQ(0U, ch.nr_diags);
	EXPECT_STREQ("done", ch.stage);
	ktstr_channel_free(&ch);
}

/* One payload on the exit, a final one at the end, then a cut one. */
TEST(probe_last_complete_section_wins)
{
	static const char buf[] =
		"KTSTR-STAGE init\n"
		"KTSTR-PROBE-BEGIN v1\n{\"n\": 1}\nKTSTR-PROBE-END\n"
		"KTSTR-PROBE-BEGIN v1\n{\"n\": 2}\nKTSTR-PROBE-END\n"
		"KTSTR-PROBE-BEGIN v1\n{\"n\": 3";
	struct ktstr_channel ch;
	const char *cut;

	ASSERT_EQ(0, parse(&ch, buf, sizeof(buf) - 1));
	ASSERT_TRUE(ch.probe.found);
	EXPECT_TRUE(ch.probe.complete);
	EXPECT_NE(NULL, memmem(buf + ch.probe.off, ch.probe.len, "\"n\": 2", 6));
	ktstr_channel_free(&ch);

	/* Only a cut one: it is what there is. */
	cut = strstr(buf, "{\"n\": 2}");
	ASSERT_EQ(0, parse(&ch, cut, buf + sizeof(buf) - 1 - cut));
	ASSERT_TRUE(ch.probe.found);
	EXPECT_FALSE(ch.probe.complete);
	ktstr_channel_free(&ch);
}

TEST_HARNESS_MAIN
