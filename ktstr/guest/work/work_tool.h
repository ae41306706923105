/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tool work types: stress-ng and hackbench run as workers.
 *
 * A tool worker is a supervisor. After it has joined its cgroup it forks
 * the tool in a process group of its own (so the tool and everything it
 * forks are in the cgroup), with the cgroup's .work_args, stdout and
 * stderr into a pipe that it copies to /tmp/<cgroup>.<idx>.<tool>.log.
 * At the scenario's stop it ends the tool and reads its output into the
 * worker's report (struct ktstr_tool_report):
 *
 * - stress-ng runs once, for the whole workload: without a --timeout of
 *   its own it is stopped by SIGINT, on which it stops its stressors and
 *   prints its metrics. ktstr adds --metrics-brief and --yaml FILE
 *   (/tmp/<cgroup>.<idx>.stress-ng.yaml) and reads bogo ops/s (real
 *   time) per stressor from the YAML, the verdict ("successful run
 *   completed"), "fail:" lines and skipped stressors from the log. A
 *   stress-ng that ends early (its own --timeout) leaves the worker
 *   waiting for the stop.
 * - hackbench runs again and again until the stop; every run that ends
 *   with status 0 and a "Time: X" line counts, the one running at the
 *   stop is killed and discarded, a failed run ends the loop.
 *
 * Whatever does not end within the stop budget after SIGINT is killed
 * (SIGKILL to its process group), and the report says so.
 *
 * Everything here but ktstr_work_available() and work_tool_run() (the
 * supervisor, work_tool.c) is pure, in work_tool_parse.c.
 */
#ifndef KTSTR_WORK_TOOL_H
#define KTSTR_WORK_TOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "guest/work/work.h"

/* Where the guest's initramfs must put the tools. */
#define KTSTR_STRESS_NG_PATH	"/usr/bin/stress-ng"
#define KTSTR_HACKBENCH_PATH	"/usr/bin/hackbench"

/*
 * Defaults for a cgroup without .work_args, per worker: one instance of
 * each stressor (so a cgroup's workers count is its instances of each),
 * and 16 hackbench tasks of short runs (about 30 ms natively), so that
 * even a TCG guest completes several runs in a few seconds.
 */
#define KTSTR_STRESS_NG_ARGS	"--cpu 1 --switch 1"
#define KTSTR_HACKBENCH_ARGS	"-g 2 -f 4 -l 200"

#define KTSTR_TOOL_MAX_ARGS	32	/* words in .work_args */
#define KTSTR_TOOL_ARGS_LEN	256	/* characters in .work_args */
/* Words ktstr adds: --metrics-brief, --yaml FILE, and argv[0] and NULL. */
#define KTSTR_TOOL_MAX_ARGV	(KTSTR_TOOL_MAX_ARGS + 8)
#define KTSTR_TOOL_ARGV_BUF	512

/* "stress-ng", "hackbench" (as in the logs' names); NULL for no tool. */
const char *ktstr_tool_name(enum ktstr_work_type type);
/* KTSTR_*_PATH; NULL for no tool. */
const char *ktstr_tool_path(enum ktstr_work_type type);
/* .work_args, or the type's defaults when NULL or empty. */
const char *ktstr_tool_args(enum ktstr_work_type type, const char *args);

/*
 * Check @args (NULL: the defaults) for tool @type: words split on blanks
 * (no quoting: no shell runs), at most KTSTR_TOOL_MAX_ARGS of them, none
 * that ktstr sets itself (stress-ng's --yaml/-Y). Returns 0 or -EINVAL
 * (-E2BIG when too long) with @why saying what is wrong.
 */
int ktstr_tool_args_check(enum ktstr_work_type type, const char *args,
			  char *why, size_t len);

/*
 * The argv to exec: the path, the words of @args (or the defaults), then
 * for stress-ng --metrics-brief (unless --metrics or --metrics-brief is
 * given) and --yaml @yaml. Words are copied into @buf; @argv ends with
 * NULL. Returns argc, or -EINVAL / -E2BIG.
 */
int ktstr_tool_argv(enum ktstr_work_type type, const char *args,
		    const char *yaml, char *buf, size_t buflen,
		    char **argv, size_t max_argv);

/*
 * A load named as a command line, "stress-ng --cpu 2 --switch 2" (a
 * scheduler profile's `stress`): the tool, from the first word ("stress-ng"
 * or "hackbench", a path ending so too), into @type, and the rest, checked
 * as ktstr_tool_args_check() does, at @args (pointing into @line). Returns
 * 0 or -EINVAL with @why naming the line and what was expected.
 */
int ktstr_tool_command_parse(const char *line, enum ktstr_work_type *type,
			     const char **args, char *why, size_t len);

/* What a tool's exit code means ("one or more stressors failed"), or "". */
const char *ktstr_tool_exit_text(enum ktstr_work_type type, int code);

/*
 * stress-ng's --yaml file: the figures of each stressor in its metrics
 * section, into @rep->figure. Returns how many, or -ENODATA for none.
 */
int ktstr_stress_ng_parse_yaml(const char *text, size_t len,
			       struct ktstr_tool_report *rep);

/*
 * stress-ng's log: @rep->verdict from "successful|unsuccessful run
 * completed" (-1 without either), @rep->fail_lines and @rep->skipped
 * ("stressor will be skipped"). Returns 0, or -ENODATA without a verdict.
 */
int ktstr_stress_ng_parse_log(const char *text, size_t len,
			      struct ktstr_tool_report *rep);

/*
 * hackbench's output: the seconds of its "Time: X" line. Returns 0,
 * -EINTR for a run that caught a signal (its time means nothing), or
 * -ENODATA without a time.
 */
int ktstr_hackbench_parse(const char *text, size_t len, double *time_s);

/*
 * The last @lines non-empty lines of @text into @out, '\n' separated and
 * each cut to fit: for failure messages. Always NUL terminates @out.
 */
void ktstr_tool_tail(const char *text, size_t len, unsigned int lines,
		     char *out, size_t outlen);

#endif /* KTSTR_WORK_TOOL_H */
