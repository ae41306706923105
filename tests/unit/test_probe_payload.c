// SPDX-License-Identifier: GPL-2.0
/*
 * The auto-repro payload lines (docs/probe-payload.md): each one a JSON
 * object on one line, parsed back with json-c as the host does. Links
 * guest/probe_payload.c and the JSON/string helpers it uses.
 */
#include <string.h>

#include <json-c/json.h>

#include "kselftest_harness.h"
#include "guest/probe/probe_data.h"

/* The one line in @b, parsed; fails the test if it is not exactly one. */
static json_object *parse_line(struct __test_metadata *_metadata,
			       struct ktstr_buf *b)
{
	const char *s = ktstr_buf_str(b);
	json_object *obj;

	EXPECT_GT(b->len, 1U);
	EXPECT_EQ('\n', s[b->len - 1]);
	EXPECT_EQ(b->len - 1, strcspn(s, "\n"));
	obj = json_tokener_parse(s);
	EXPECT_NE(NULL, obj) TH_LOG("not JSON: %s", s);
	return obj;
}

static const char *str(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static json_object *get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(obj, key, &v);
	return v;
}

static void set_target(struct ktstr_probe_target *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "qmap_enqueue");
	t->kind = KTSTR_EV_FENTRY;
	t->bpf = true;
	snprintf(t->src, sizeof(t->src), "scx_qmap.bpf.c:230");
	t->nargs = 2;
	snprintf(t->args[0].name, sizeof(t->args[0].name), "p");
	snprintf(t->args[0].type, sizeof(t->args[0].type), "struct task_struct *");
	t->args[0].fmt = KTSTR_ARG_HEX;
	snprintf(t->args[1].name, sizeof(t->args[1].name), "enq_flags");
	snprintf(t->args[1].type, sizeof(t->args[1].type), "u64");
	t->args[1].fmt = KTSTR_ARG_HEX;
	t->task_arg = 0;
	t->rq_arg = -1;
	t->enq_flags_arg = 1;
}

TEST(event_fields_and_task)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_target t;
	struct ktstr_probe_event ev;
	json_object *obj, *args, *task;

	set_target(&t);
	memset(&ev, 0, sizeof(ev));
	ev.ts_ns = 123456789;
	ev.ip = 0xffffffffa0001234ULL;
	ev.kind = KTSTR_EV_FENTRY;
	ev.cpu = 1;
	ev.pid = 59;
	snprintf(ev.comm, sizeof(ev.comm), "spin");
	ev.nargs = 2;
	ev.args[0] = 0xffff888007c2a400ULL;
	ev.args[1] = 0x9;
	ev.rq_cpu = -1;
	ev.task.flags = KTSTR_TASK_VALID | KTSTR_TASK_HAS_DSQ;
	ev.task.pid = 59;
	snprintf(ev.task.comm, sizeof(ev.task.comm), "spin");
	ev.task.cpus = 0xf;
	ev.task.dsq_id = 0x8000000000000002ULL;
	ev.task.scx_flags = 0x5;
	ev.task.slice = ~0ULL;
	ev.task.weight = 100;

	ktstr_probe_render_event(&b, &ev, &t, NULL, 0);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_STREQ("event", str(obj, "type"));
	EXPECT_EQ(123456789, json_object_get_int64(get(obj, "ts_ns")));
	EXPECT_STREQ("qmap_enqueue", str(obj, "func"));
	EXPECT_STREQ("fentry", str(obj, "kind"));
	EXPECT_TRUE(json_object_get_boolean(get(obj, "bpf")));
	EXPECT_STREQ("scx_qmap.bpf.c:230", str(obj, "src"));
	EXPECT_STREQ("0xffffffffa0001234", str(obj, "ip"));
	EXPECT_EQ(NULL, get(obj, "ret"));
	EXPECT_EQ(NULL, get(obj, "rq_cpu"));
	args = get(obj, "args");
	ASSERT_EQ(2U, json_object_array_length(args));
	EXPECT_STREQ("p", str(json_object_array_get_idx(args, 0), "name"));
	EXPECT_STREQ("struct task_struct *",
		     str(json_object_array_get_idx(args, 0), "type"));
	EXPECT_STREQ("0xffff888007c2a400",
		     str(json_object_array_get_idx(args, 0), "value"));
	task = get(obj, "task");
	ASSERT_NE(NULL, task);
	EXPECT_EQ(59, json_object_get_int(get(task, "pid")));
	EXPECT_STREQ("0-3", str(task, "cpus"));
	EXPECT_STREQ("0x8000000000000002", str(task, "dsq_id"));
	EXPECT_STREQ("0x9", str(task, "enq_flags"));
	EXPECT_STREQ("0x5", str(task, "scx_flags"));
	EXPECT_EQ(~0ULL, json_object_get_uint64(get(task, "slice")));
	json_object_put(obj);
	ktstr_buf_free(&b);
}

TEST(kernel_fexit_args_by_type)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_target t;
	struct ktstr_probe_event ev;
	json_object *obj, *args;

	memset(&t, 0, sizeof(t));
	snprintf(t.name, sizeof(t.name), "do_enqueue_task");
	t.kind = KTSTR_EV_FEXIT;
	t.nargs = 3;
	snprintf(t.args[0].name, sizeof(t.args[0].name), "rq");
	snprintf(t.args[0].type, sizeof(t.args[0].type), "struct rq *");
	snprintf(t.args[1].name, sizeof(t.args[1].name), "sticky_cpu");
	snprintf(t.args[1].type, sizeof(t.args[1].type), "int");
	t.args[1].fmt = KTSTR_ARG_SIGNED;
	t.args[1].size = 4;
	t.args[2].fmt = KTSTR_ARG_BOOL;	/* no name, no type */
	t.task_arg = t.enq_flags_arg = -1;
	t.rq_arg = 0;

	memset(&ev, 0, sizeof(ev));
	ev.kind = KTSTR_EV_FEXIT;
	ev.nargs = 6;	/* more than the target has: capped */
	ev.args[0] = 0xffff888000001000ULL;
	ev.args[1] = 0xffffffffULL;	/* -1 in an int */
	ev.args[2] = 0x100;		/* bool: only the low byte */
	ev.rq_cpu = 3;
	ev.ret = 0;

	ktstr_probe_render_event(&b, &ev, &t, NULL, 0);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_FALSE(json_object_get_boolean(get(obj, "bpf")));
	EXPECT_EQ(NULL, get(obj, "src"));
	EXPECT_EQ(NULL, get(obj, "task"));
	EXPECT_EQ(3, json_object_get_int(get(obj, "rq_cpu")));
	EXPECT_STREQ("0x0", str(obj, "ret"));
	args = get(obj, "args");
	ASSERT_EQ(3U, json_object_array_length(args));
	EXPECT_STREQ("-1", str(json_object_array_get_idx(args, 1), "value"));
	EXPECT_STREQ("arg2", str(json_object_array_get_idx(args, 2), "name"));
	EXPECT_STREQ("u64", str(json_object_array_get_idx(args, 2), "type"));
	EXPECT_STREQ("false", str(json_object_array_get_idx(args, 2), "value"));
	json_object_put(obj);
	ktstr_buf_free(&b);
}

TEST(comm_is_escaped_and_bounded)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_event ev;
	json_object *obj;

	memset(&ev, 0, sizeof(ev));
	/* Quote, backslash, newline, a control byte, invalid UTF-8. */
	memcpy(ev.comm, "a\"b\\c\nd\x01\xff", 10);
	/* No NUL at all: at most 16 bytes may be used. */
	memset(ev.task.comm, 'x', sizeof(ev.task.comm));
	ev.task.flags = KTSTR_TASK_VALID;

	ktstr_probe_render_event(&b, &ev, NULL, NULL, 0);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_STREQ("a\"b\\c\nd\x01\xef\xbf\xbd", str(obj, "comm"));
	EXPECT_STREQ("xxxxxxxxxxxxxxxx", str(get(obj, "task"), "comm"));
	EXPECT_STREQ("?", str(obj, "func"));
	json_object_put(obj);
	ktstr_buf_free(&b);
}

TEST(stack_frames)
{
	const struct ktstr_probe_frame frames[] = {
		{ .ip = 0xffffffff8108be51ULL, .func = "do_enqueue_task",
		  .off = 0x1a },
		{ .ip = 0xffffffffa0000042ULL, .func = "qmap_enqueue",
		  .off = 0x42, .src = "scx_qmap.bpf.c:240" },
		{ .ip = 0xffffffff81000000ULL },
	};
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_event ev;
	json_object *obj, *stack, *f;

	memset(&ev, 0, sizeof(ev));
	ktstr_probe_render_event(&b, &ev, NULL, frames, 3);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	stack = get(obj, "stack");
	ASSERT_EQ(3U, json_object_array_length(stack));
	f = json_object_array_get_idx(stack, 0);
	EXPECT_STREQ("0xffffffff8108be51", str(f, "ip"));
	EXPECT_STREQ("do_enqueue_task+0x1a", str(f, "func"));
	EXPECT_EQ(NULL, get(f, "src"));
	f = json_object_array_get_idx(stack, 1);
	EXPECT_STREQ("scx_qmap.bpf.c:240", str(f, "src"));
	f = json_object_array_get_idx(stack, 2);
	EXPECT_EQ(NULL, get(f, "func"));
	json_object_put(obj);
	ktstr_buf_free(&b);
}

TEST(meta_fired_and_not)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_meta m;
	json_object *obj;

	memset(&m, 0, sizeof(m));
	m.kernel = "6.12.117";
	m.trigger = "kprobe:scx_ops_exit_kind";
	m.trigger_fired = true;
	m.exit_kind = 1025;
	m.trigger_pid = 59;
	snprintf(m.trigger_comm, sizeof(m.trigger_comm), "stress");
	m.trigger_task.flags = KTSTR_TASK_VALID;
	m.trigger_task.pid = 61;
	m.stitch = "trigger_task";
	ktstr_probe_render_meta(&b, &m);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_STREQ("meta", str(obj, "type"));
	EXPECT_EQ(1, json_object_get_int(get(obj, "version")));
	EXPECT_TRUE(json_object_get_boolean(get(obj, "trigger_fired")));
	EXPECT_EQ(1025, json_object_get_int(get(obj, "exit_kind")));
	EXPECT_EQ(59, json_object_get_int(get(obj, "trigger_pid")));
	EXPECT_STREQ("stress", str(obj, "trigger_comm"));
	EXPECT_EQ(61, json_object_get_int(get(get(obj, "trigger_task"), "pid")));
	EXPECT_STREQ("trigger_task", str(obj, "stitch"));
	json_object_put(obj);

	ktstr_buf_reset(&b);
	m.trigger_fired = false;
	m.stitch = "most_frequent";
	ktstr_probe_render_meta(&b, &m);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_FALSE(json_object_get_boolean(get(obj, "trigger_fired")));
	EXPECT_EQ(NULL, get(obj, "exit_kind"));
	EXPECT_STREQ("most_frequent", str(obj, "stitch"));
	json_object_put(obj);
	ktstr_buf_free(&b);
}

TEST(diag_lists_and_counters)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	struct ktstr_probe_target t[2];
	struct ktstr_probe_diag d;
	json_object *obj, *a;

	memset(&d, 0, sizeof(d));
	d.extracted = 3;
	ASSERT_EQ(0, ktstr_strv_add(&d.traceable, "do_enqueue_task"));
	ASSERT_EQ(0, ktstr_strv_add(&d.traceable, "do_enqueue_task"));
	ASSERT_EQ(0, ktstr_strv_add(&d.dropped, "not \"a\" function"));
	d.captured = 340;
	d.after_stitch = 17;
	snprintf(d.collector_error, sizeof(d.collector_error), "ring_buffer__poll: Bad address");
	d.probe_fires = 340;
	d.last_exit_kind = 1025;
	memset(t, 0, sizeof(t));
	snprintf(t[0].name, sizeof(t[0].name), "do_enqueue_task");
	t[0].attached = true;
	snprintf(t[1].name, sizeof(t[1].name), "qmap_dispatch");
	t[1].kind = KTSTR_EV_FEXIT;
	t[1].err = -22;

	ktstr_probe_render_diag(&b, &d, t, 2);
	obj = parse_line(_metadata, &b);
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(3, json_object_get_int(get(obj, "extracted")));
	EXPECT_EQ(1U, json_object_array_length(get(obj, "traceable")));
	EXPECT_STREQ("not \"a\" function",
		     json_object_get_string(json_object_array_get_idx(
			     get(obj, "dropped"), 0)));
	EXPECT_EQ(0U, json_object_array_length(get(obj, "discovered")));
	EXPECT_EQ(2, json_object_get_int(get(obj, "targets")));
	a = json_object_array_get_idx(get(obj, "attached"), 0);
	EXPECT_STREQ("kprobe", str(a, "kind"));
	a = json_object_array_get_idx(get(obj, "failed"), 0);
	EXPECT_STREQ("qmap_dispatch", str(a, "name"));
	EXPECT_STREQ("fexit", str(a, "kind"));
	EXPECT_EQ(-22, json_object_get_int(get(a, "err")));
	EXPECT_EQ(340, json_object_get_int(get(obj, "captured")));
	EXPECT_STREQ("ring_buffer__poll: Bad address",
		     str(obj, "collector_error"));
	EXPECT_EQ(1025, json_object_get_int(get(get(obj, "bpf"),
						 "last_exit_kind")));
	json_object_put(obj);
	ktstr_strv_free(&d.traceable);
	ktstr_strv_free(&d.dropped);
	ktstr_buf_free(&b);
}

TEST_HARNESS_MAIN
