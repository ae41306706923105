/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result record of one test (docs/protocol.md, "The result object"):
 * built up while the test runs, rendered once at the end.
 */
#ifndef KTSTR_RESULT_H
#define KTSTR_RESULT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/compiler.h"
#include "guest/ctx.h"
#include "guest/lib/guest_topo.h"
#include "guest/lib/strbuf.h"

/* The "scheduler" object; strings may be NULL (left out). */
struct ktstr_sched_report {
	const char *name;
	const char *args;
	const char *outcome;		/* ktstr_sched_outcome_name() */
	const char *ops;		/* root/ops once attached, or NULL */
	bool has_exit;			/* exit_kind and its name are known */
	int exit_kind;
	const char *exit_kind_name;
	const char *exit_reason;
	const char *exit_msg;
	const char *log;
	const char *dump;
};

struct ktstr_result {
	char *test;
	enum ktstr_result_status status;
	char *reason;			/* first failure, or the skip reason */
	char **details;			/* every failure line */
	size_t nr_details;
	long duration_ms;		/* < 0: not set */
	/* CLOCK_MONOTONIC (the kernel's clock) at /init and its first report */
	long init_ms, report_ms;	/* < 0: not set */
	bool has_topo;
	struct ktstr_guest_topo topo;	/* what the guest kernel sees */
	bool has_sched;
	struct ktstr_sched_report sched;	/* owns its strings */
	char *stats_json;
};

void ktstr_result_init(struct ktstr_result *res, const char *test);
void ktstr_result_free(struct ktstr_result *res);

/*
 * Record a failure: the status becomes fail, the first failure is the
 * reason and every one is a detail line.
 */
void ktstr_result_fail(struct ktstr_result *res, const char *fmt, ...)
	__printf(2, 3);
void ktstr_result_vfail(struct ktstr_result *res, const char *fmt,
			va_list ap) __printf(2, 0);
/*
 * A failure that explains the others (the scheduler died, so the workers
 * starved): it becomes the reason and the first detail line.
 */
void ktstr_result_fail_cause(struct ktstr_result *res, const char *fmt, ...)
	__printf(2, 3);
/* Skip, unless a failure was already recorded. */
void ktstr_result_vskip(struct ktstr_result *res, const char *fmt,
			va_list ap) __printf(2, 0);
void ktstr_result_skip(struct ktstr_result *res, const char *fmt, ...)
	__printf(2, 3);
/*
 * The test passes despite recorded failures (an expected scheduler exit
 * makes the workload checks moot): keep them as details after @note.
 */
void ktstr_result_override_pass(struct ktstr_result *res, const char *note);
void ktstr_result_set_sched(struct ktstr_result *res,
			    const struct ktstr_sched_report *rep);
void ktstr_result_set_stats_json(struct ktstr_result *res, const char *json);

const char *ktstr_result_status_name(enum ktstr_result_status status);

/* Render the JSON object (no markers) into @out. */
void ktstr_result_render(const struct ktstr_result *res, struct ktstr_buf *out);
/* Write the whole record, markers included, to the test channel. */
int ktstr_result_emit(const struct ktstr_result *res);

#endif /* KTSTR_RESULT_H */
