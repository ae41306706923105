// SPDX-License-Identifier: GPL-2.0
/*
 * Stitching the auto-repro events: the trigger's tasks, the most frequent
 * task when there is no trigger, time order. Links guest/probe_stitch.c.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "guest/probe/probe_data.h"

/* An event at @ts run by @cur, about task @task (0: no task argument). */
static struct ktstr_probe_event ev(unsigned long long ts, unsigned int cur,
				   unsigned int task)
{
	struct ktstr_probe_event e;

	memset(&e, 0, sizeof(e));
	e.ts_ns = ts;
	e.pid = cur;
	if (task) {
		e.task.pid = task;
		e.task.flags = KTSTR_TASK_VALID;
	}
	return e;
}

TEST(trigger_task_by_current_or_task_arg)
{
	struct ktstr_probe_event evs[] = {
		ev(50, 7, 0),	/* 0: current is the trigger task */
		ev(10, 3, 7),	/* 1: about the trigger task */
		ev(30, 3, 4),	/* 2: unrelated */
		ev(40, 9, 0),	/* 3: unrelated */
		ev(20, 8, 0),	/* 4: the op's task (second pid) */
	};
	unsigned int pids[] = { 7, 8 };
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), pids, 2, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_TRIGGER, (int)st.mode);
	EXPECT_STREQ("trigger_task", ktstr_stitch_mode_name(st.mode));
	ASSERT_EQ(3U, st.n);
	/* Time order, not capture order. */
	EXPECT_EQ(1U, st.idx[0]);
	EXPECT_EQ(4U, st.idx[1]);
	EXPECT_EQ(0U, st.idx[2]);
	ktstr_stitch_free(&st);
}

TEST(equal_timestamps_keep_capture_order)
{
	struct ktstr_probe_event evs[] = {
		ev(10, 5, 0), ev(10, 5, 0), ev(5, 5, 0), ev(10, 5, 0),
	};
	unsigned int pid = 5;
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), &pid, 1, -1, &st));
	ASSERT_EQ(4U, st.n);
	EXPECT_EQ(2U, st.idx[0]);
	EXPECT_EQ(0U, st.idx[1]);
	EXPECT_EQ(1U, st.idx[2]);
	EXPECT_EQ(3U, st.idx[3]);
	ktstr_stitch_free(&st);
}

TEST(no_trigger_follows_most_frequent_task_argument)
{
	struct ktstr_probe_event evs[] = {
		ev(1, 2, 11), ev(2, 2, 12), ev(3, 11, 0), ev(4, 2, 12),
		ev(5, 2, 11), ev(6, 0, 0), ev(7, 0, 0), ev(8, 0, 0),
		ev(9, 2, 11),
	};
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), NULL, 0, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_MOST_FREQUENT, (int)st.mode);
	EXPECT_STREQ("most_frequent", ktstr_stitch_mode_name(st.mode));
	ASSERT_EQ(1U, st.npids);
	EXPECT_EQ(11U, st.pids[0]);
	/* Its task-argument events and the one it ran itself. */
	ASSERT_EQ(4U, st.n);
	EXPECT_EQ(0U, st.idx[0]);
	EXPECT_EQ(2U, st.idx[1]);
	EXPECT_EQ(4U, st.idx[2]);
	EXPECT_EQ(8U, st.idx[3]);
	ktstr_stitch_free(&st);
}

TEST(most_frequent_tie_goes_to_the_latest)
{
	struct ktstr_probe_event evs[] = {
		ev(1, 21, 0), ev(2, 22, 0), ev(3, 21, 0), ev(4, 22, 0),
	};
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), NULL, 0, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_MOST_FREQUENT, (int)st.mode);
	EXPECT_EQ(22U, st.pids[0]);
	EXPECT_EQ(2U, st.n);
	ktstr_stitch_free(&st);
}

TEST(idle_trigger_without_task_keeps_its_cpu)
{
	/* scx_bpf_error() in ops.dispatch() on idle CPU 1: no task. */
	struct ktstr_probe_event evs[] = {
		ev(1, 3, 4), ev(2, 3, 4), ev(3, 0, 0), ev(4, 5, 5),
	};
	unsigned int pid = 0;
	struct ktstr_stitch st;

	evs[1].cpu = 1;
	evs[2].cpu = 1;
	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), &pid, 1, 1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_TRIGGER_CPU, (int)st.mode);
	EXPECT_STREQ("trigger_cpu", ktstr_stitch_mode_name(st.mode));
	EXPECT_EQ(0U, st.npids);
	ASSERT_EQ(2U, st.n);
	EXPECT_EQ(1U, st.idx[0]);
	EXPECT_EQ(2U, st.idx[1]);
	ktstr_stitch_free(&st);
}

TEST(trigger_without_its_events_falls_back)
{
	struct ktstr_probe_event evs[] = { ev(1, 3, 4), ev(2, 3, 4) };
	unsigned int pid = 99;
	struct ktstr_stitch st;

	/* Nothing on its CPU (7) either: the most frequent task. */
	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), &pid, 1, 7, &st));
	EXPECT_EQ((int)KTSTR_STITCH_MOST_FREQUENT, (int)st.mode);
	EXPECT_EQ(4U, st.pids[0]);
	EXPECT_EQ(2U, st.n);
	ktstr_stitch_free(&st);
}

TEST(idle_trigger_pid_is_ignored)
{
	/* The error came from an irq on an idle CPU, about task 55. */
	struct ktstr_probe_event evs[] = {
		ev(1, 0, 0), ev(2, 0, 55), ev(3, 9, 0), ev(4, 55, 0),
		ev(5, 0, 0),
	};
	unsigned int pids[] = { 0, 55 };
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), pids, 2, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_TRIGGER, (int)st.mode);
	ASSERT_EQ(1U, st.npids);
	EXPECT_EQ(55U, st.pids[0]);
	ASSERT_EQ(2U, st.n);
	EXPECT_EQ(1U, st.idx[0]);
	EXPECT_EQ(3U, st.idx[1]);
	ktstr_stitch_free(&st);
}

TEST(only_idle_or_nothing_is_none)
{
	struct ktstr_probe_event evs[] = { ev(1, 0, 0), ev(2, 0, 0) };
	struct ktstr_stitch st;

	ASSERT_EQ(0, ktstr_probe_stitch(evs, ARRAY_SIZE(evs), NULL, 0, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_NONE, (int)st.mode);
	EXPECT_STREQ("none", ktstr_stitch_mode_name(st.mode));
	EXPECT_EQ(0U, st.n);
	ktstr_stitch_free(&st);

	ASSERT_EQ(0, ktstr_probe_stitch(NULL, 0, NULL, 0, -1, &st));
	EXPECT_EQ((int)KTSTR_STITCH_NONE, (int)st.mode);
	EXPECT_EQ(0U, st.n);
	ktstr_stitch_free(&st);
}

TEST_HARNESS_MAIN
