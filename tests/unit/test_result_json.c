// SPDX-License-Identifier: GPL-2.0
/*
 * JSON string escaping and the result record (docs/protocol.md), checked
 * by parsing the output with json-c, as the host does. Links
 * guest/result.c, guest/json.c, guest/chan.c and guest/strbuf.c only.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "kselftest_harness.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "common/compiler.h"
#include "guest/lib/jsonw.h"
#include "guest/result.h"

static char *escape(const char *s)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;

	jsonw_str(&b, s);
	return b.s;
}

/* Escape @s, parse it back with json-c and return the decoded string. */
static char *round_trip(const char *s)
{
	char *text = escape(s), *out = NULL;
	struct json_object *obj = json_tokener_parse(text);

	if (obj && json_object_is_type(obj, json_type_string))
		out = strdup(json_object_get_string(obj));
	json_object_put(obj);
	free(text);
	return out;
}

#define EXPECT_ESCAPED(in, want)			\
	do {						\
		char *__got = escape(in);		\
		EXPECT_STREQ(want, __got);		\
		free(__got);				\
	} while (0)

TEST(escape_specials)
{
	EXPECT_ESCAPED("plain", "\"plain\"");
	EXPECT_ESCAPED("", "\"\"");
	EXPECT_ESCAPED("say \"hi\"", "\"say \\\"hi\\\"\"");
	EXPECT_ESCAPED("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	EXPECT_ESCAPED("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
	EXPECT_ESCAPED("\b\f", "\"\\b\\f\"");
	EXPECT_ESCAPED("/", "\"/\"");
}

TEST(escape_control_chars)
{
	EXPECT_ESCAPED("\x01", "\"\\u0001\"");
	EXPECT_ESCAPED("\x1b[0m", "\"\\u001b[0m\"");
	EXPECT_ESCAPED("\x1f", "\"\\u001f\"");
	EXPECT_ESCAPED("\x7f", "\"\\u007f\"");
}

TEST(escape_null_pointer)
{
	EXPECT_ESCAPED(NULL, "null");
}

TEST(escape_utf8)
{
	/* Valid UTF-8 passes through untouched. */
	EXPECT_ESCAPED("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\xa7",
		       "\"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\xa7\"");
	/* Anything else becomes U+FFFD, byte by byte. */
	EXPECT_ESCAPED("\xff", "\"\\ufffd\"");
	EXPECT_ESCAPED("x\xc3", "\"x\\ufffd\"");
	EXPECT_ESCAPED("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	EXPECT_ESCAPED("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	EXPECT_ESCAPED("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	EXPECT_ESCAPED("\xe2\x86", "\"\\ufffd\\ufffd\"");
}

TEST(escape_round_trips)
{
	static const char *const inputs[] = {
		"quote \" backslash \\ slash /",
		"lines\nand\ttabs\r\n",
		"ctl \x01\x02\x1f\x7f end",
		"utf8 \xc3\xa9\xe2\x86\x92",
		"libbpf: -- BEGIN PROG LOAD LOG --\n0: (85) call bpf_foo#123\n",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(inputs); i++) {
		char *back = round_trip(inputs[i]);

		ASSERT_NE(NULL, back);
		EXPECT_STREQ(inputs[i], back);
		free(back);
	}
}

static struct json_object *render_parse(const struct ktstr_result *res)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct json_object *obj;

	ktstr_result_render(res, &b);
	obj = json_tokener_parse(ktstr_buf_str(&b));
	ktstr_buf_free(&b);
	return obj;
}

static const char *get_str(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static long get_int(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return -12345;
	return json_object_get_int64(v);
}

TEST(render_minimal_pass)
{
	struct ktstr_result res;
	struct json_object *obj;

	ktstr_result_init(&res, "eevdf_spin");
	obj = render_parse(&res);
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(1, get_int(obj, "version"));
	EXPECT_STREQ("eevdf_spin", get_str(obj, "test"));
	EXPECT_STREQ("pass", get_str(obj, "status"));
	/* Optional fields stay out when unset. */
	EXPECT_EQ(NULL, get_str(obj, "reason"));
	EXPECT_EQ(NULL, get_str(obj, "scheduler"));
	EXPECT_EQ(NULL, get_str(obj, "stats"));
	EXPECT_EQ(-12345, get_int(obj, "duration_ms"));
	json_object_put(obj);
	ktstr_result_free(&res);
}

TEST(render_full_fail)
{
	struct ktstr_sched_report rep = {
		.name = "scx_qmap", .args = "-e 500", .outcome = "died",
		.has_exit = true, .exit_kind = 1025,
		.exit_kind_name = "ERROR_BPF", .exit_reason = "scx_bpf_error",
		.exit_msg = "test triggering error",
		.log = "stats: \"x\"\n\x01\xff\nEXIT: scx_bpf_error\n",
		.dump = "init[59] triggered exit kind 1025:\n",
	};
	struct json_object *obj, *v, *sched, *topo;
	struct ktstr_result res;

	ktstr_result_init(&res, "qmap_err");
	ktstr_result_fail(&res, "cgroup \"a\" worker %d: gap %d ms", 1, 2300);
	ktstr_result_fail(&res, "second \\ failure");
	res.duration_ms = 3120;
	res.has_topo = true;
	res.topo = (struct ktstr_guest_topo){ .cpus = 4, .nodes = 1, .llcs = 2,
					      .threads_per_core = 1 };
	ktstr_result_set_sched(&res, &rep);
	ktstr_result_set_stats_json(&res, "{\"workers\": 4, \"cgroups\": []}");

	obj = render_parse(&res);
	ASSERT_NE(NULL, obj);
	EXPECT_STREQ("fail", get_str(obj, "status"));
	EXPECT_STREQ("cgroup \"a\" worker 1: gap 2300 ms", get_str(obj, "reason"));
	EXPECT_EQ(3120, get_int(obj, "duration_ms"));
	ASSERT_TRUE(json_object_object_get_ex(obj, "details", &v));
	ASSERT_EQ(2U, json_object_array_length(v));
	EXPECT_STREQ("second \\ failure",
		     json_object_get_string(json_object_array_get_idx(v, 1)));

	ASSERT_TRUE(json_object_object_get_ex(obj, "topology", &topo));
	EXPECT_EQ(4, get_int(topo, "cpus"));
	EXPECT_EQ(2, get_int(topo, "llcs"));
	EXPECT_EQ(1, get_int(topo, "threads_per_core"));

	ASSERT_TRUE(json_object_object_get_ex(obj, "scheduler", &sched));
	EXPECT_STREQ("scx_qmap", get_str(sched, "name"));
	EXPECT_STREQ("-e 500", get_str(sched, "args"));
	EXPECT_STREQ("died", get_str(sched, "outcome"));
	EXPECT_EQ(1025, get_int(sched, "exit_kind"));
	EXPECT_STREQ("ERROR_BPF", get_str(sched, "exit_kind_name"));
	EXPECT_STREQ("test triggering error", get_str(sched, "exit_msg"));
	EXPECT_STREQ("stats: \"x\"\n\x01\xef\xbf\xbd\nEXIT: scx_bpf_error\n",
		     get_str(sched, "log"));

	ASSERT_TRUE(json_object_object_get_ex(obj, "stats", &v));
	EXPECT_EQ(4, get_int(v, "workers"));
	json_object_put(obj);
	ktstr_result_free(&res);
}

/* Through ctx.h, as tests call it. */
TEST(fail_outranks_skip)
{
	struct ktstr_result res;
	struct ktstr_ctx ctx = { .result = &res };

	ktstr_result_init(&res, "t");
	ktstr_skip(&ctx, "no SMT on %s", "1n1l2c1t");
	EXPECT_EQ((int)KTSTR_RESULT_SKIP, (int)res.status);
	EXPECT_STREQ("no SMT on 1n1l2c1t", res.reason);
	ktstr_fail(&ctx, "first");
	ktstr_fail(&ctx, "second");
	EXPECT_EQ((int)KTSTR_RESULT_FAIL, (int)res.status);
	EXPECT_STREQ("first", res.reason);
	ASSERT_EQ(2U, res.nr_details);
	/* A skip after a failure changes nothing. */
	ktstr_skip(&ctx, "late");
	EXPECT_EQ((int)KTSTR_RESULT_FAIL, (int)res.status);
	EXPECT_STREQ("first", res.reason);
	ktstr_result_free(&res);
}

TEST(fail_cause_goes_first)
{
	struct ktstr_result res;

	ktstr_result_init(&res, "t");
	ktstr_result_fail(&res, "worker 0 starved");
	ktstr_result_fail(&res, "worker 1 starved");
	ktstr_result_fail_cause(&res, "scheduler %s died", "scx_qmap");
	EXPECT_STREQ("scheduler scx_qmap died", res.reason);
	ASSERT_EQ(3U, res.nr_details);
	EXPECT_STREQ("scheduler scx_qmap died", res.details[0]);
	EXPECT_STREQ("worker 0 starved", res.details[1]);
	EXPECT_STREQ("worker 1 starved", res.details[2]);
	ktstr_result_free(&res);
}

TEST(override_pass_keeps_lines)
{
	struct ktstr_result res;

	ktstr_result_init(&res, "t");
	ktstr_result_fail(&res, "worker 0 starved");
	ktstr_result_override_pass(&res, "ignored: expected exit");
	EXPECT_EQ((int)KTSTR_RESULT_PASS, (int)res.status);
	EXPECT_EQ(NULL, res.reason);
	ASSERT_EQ(2U, res.nr_details);
	EXPECT_STREQ("ignored: expected exit", res.details[0]);
	EXPECT_STREQ("worker 0 starved", res.details[1]);
	ktstr_result_free(&res);
}

/* The whole record through the channel: markers, one object, flag set. */
TEST(emit_record)
{
	char path[] = "/tmp/ktstr-result-XXXXXX", buf[4096], *obj, *end;
	struct json_object *parsed;
	struct ktstr_result res;
	ssize_t n;
	int fd;

	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ktstr_chan_open(path));
	ASSERT_FALSE(ktstr_chan_result_sent());

	ktstr_result_init(&res, "emit");
	ktstr_result_fail(&res, "why\nwith newline");
	ASSERT_EQ(0, ktstr_result_emit(&res));
	EXPECT_TRUE(ktstr_chan_result_sent());
	ktstr_result_free(&res);

	n = read(fd, buf, sizeof(buf) - 1);
	ASSERT_GT(n, 0);
	buf[n] = '\0';
	ASSERT_EQ(0, strncmp(buf, KTSTR_RESULT_BEGIN "\n",
			     strlen(KTSTR_RESULT_BEGIN) + 1));
	obj = buf + strlen(KTSTR_RESULT_BEGIN) + 1;
	end = strstr(obj, "\n" KTSTR_RESULT_END "\n");
	ASSERT_NE(NULL, end);
	EXPECT_EQ('\0', end[strlen(KTSTR_RESULT_END) + 2]);
	*end = '\0';
	parsed = json_tokener_parse(obj);
	ASSERT_NE(NULL, parsed);
	EXPECT_STREQ("why\nwith newline", get_str(parsed, "reason"));
	json_object_put(parsed);
	close(fd);
	unlink(path);
}

TEST_HARNESS_MAIN
