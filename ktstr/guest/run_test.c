// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "common/clock.h"
#include "common/compiler.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "guest/lib/guest_topo.h"
#include "guest/probe/probe_session.h"
#include "guest/registry.h"
#include "guest/run_test.h"
#include "guest/scenario/checks.h"
#include "guest/sched/sched.h"
#include "guest/work/work_tool.h"

/* The clang that built this guest set's BPF programs (ktstr/Makefile). */
#ifndef KTSTR_BPF_CLANG_VERSION
#define KTSTR_BPF_CLANG_VERSION	"unknown"
#endif

/* Lines of a failed scheduler's log shown as diagnostics. */
#define LOG_DIAG_LINES	30

static const char *kind_name(int kind)
{
	const char *name = scx_exit_kind_name(kind);

	return name ? name : "UNKNOWN";
}

/* The last @n lines of @log as "# " lines: verifier errors end the log. */
static void diag_log_tail(const char *name, const char *log, int n)
{
	const char *p = log + strlen(log);

	while (p > log && p[-1] == '\n')
		p--;
	while (p > log && n > 0) {
		p--;
		if (*p == '\n')
			n--;
	}
	if (*p == '\n')
		p++;
	if (*p)
		ktstr_diag("%s log (tail):\n%s", name, p);
}

/* The scheduler never got to run the workload. */
static void judge_start_failure(const struct ktstr_test *test,
				struct ktstr_sched *s, struct ktstr_result *res)
{
	const char *name = s->def->name;
	char why[256], line[200];

	ktstr_sched_exit_describe(s, why, sizeof(why));
	switch (s->outcome) {
	case KTSTR_SCHED_LOAD_FAILED:
		if (test->expect == EXPECT_LOAD_FAIL) {
			ktstr_diag("%s failed to load, as expected (%s)", name,
				   why);
			return;
		}
		diag_log_tail(name, ktstr_buf_str(&s->log), LOG_DIAG_LINES);
		/* A verifier rejection, bad arguments, or a --help run. */
		ktstr_result_fail(res,
				  "scheduler %s exited before it attached (%s): %s",
				  name, why,
				  ktstr_sched_error_line(ktstr_buf_str(&s->log),
							 line, sizeof(line)));
		break;
	case KTSTR_SCHED_NEVER_ATTACHED:
		diag_log_tail(name, ktstr_buf_str(&s->log), LOG_DIAG_LINES);
		ktstr_result_fail(res,
				  "scheduler %s never attached within %ld s (killed)",
				  name,
				  ktstr_sched_attach_timeout_ms(s->def, s->tcg) /
				  1000);
		break;
	default:
		ktstr_result_fail(res,
				  "scheduler %s attached and died before the workload: %s",
				  name, why);
		break;
	}
}

/* After the workload: was the scheduler's fate the expected one? */
static void judge_sched(const struct ktstr_test *test, struct ktstr_sched *s,
			bool alive_at_end, int stop_err,
			struct ktstr_result *res)
{
	const char *name = s->def->name;
	int want = test->expect_exit_kind;
	char why[256];

	ktstr_sched_exit_describe(s, why, sizeof(why));
	switch (test->expect) {
	case EXPECT_PASS:
		if (!alive_at_end) {
			ktstr_sched_death_describe(s, why, sizeof(why));
			ktstr_result_fail_cause(res, "scheduler %s died: %s",
						name, why);
		} else if (stop_err) {
			ktstr_result_fail(res,
					  "scheduler %s did not stop cleanly: %s",
					  name, s->stop_error);
		}
		break;
	case EXPECT_SCHED_EXIT:
		if (alive_at_end) {
			ktstr_result_fail_cause(res,
						"expected scheduler exit %s (%d), but %s was still running at the end",
						kind_name(want), want, name);
		} else if (s->exit.has_kind && s->exit.kind == want) {
			ktstr_diag("%s exited as expected: %s", name, why);
			/* Starved workers are the consequence, not a bug. */
			ktstr_result_override_pass(res,
						   "ignored: checks after the expected scheduler exit");
		} else {
			ktstr_result_fail_cause(res,
						"expected scheduler exit %s (%d), got %s",
						kind_name(want), want,
						why[0] ? why : "no exit information");
		}
		break;
	case EXPECT_LOAD_FAIL:
		ktstr_result_fail_cause(res,
					"scheduler %s attached, but the test expects it to fail to load",
					name);
		break;
	}
}

/* The test body's verdict, when it recorded no reason of its own. */
static void judge_body(int rc, struct ktstr_result *res)
{
	if (rc < 0 && res->status != KTSTR_RESULT_FAIL)
		ktstr_result_fail(res, "scenario error: %s", strerror(-rc));
	else if (rc == KTSTR_RESULT_FAIL && res->status != KTSTR_RESULT_FAIL)
		ktstr_result_fail(res, "test body failed without a reason");
	else if (rc == KTSTR_RESULT_SKIP && res->status == KTSTR_RESULT_PASS)
		ktstr_result_fail(res, "test body skipped without a reason");
}

static int setup_ctx(struct ktstr_ctx *ctx, const struct ktstr_test *test,
		     const struct ktstr_run_opts *opts,
		     const struct ktstr_sched_def *def, struct ktstr_result *res)
{
	const char *topo = opts->topology ? opts->topology :
					    ktstr_test_topology(test);
	char err[256];

	memset(ctx, 0, sizeof(*ctx));
	ctx->test = test;
	ctx->tcg = opts->tcg;
	ctx->result = res;
	ctx->duration_ms = ktstr_test_duration_ms(test);
	if (ktstr_topo_parse(topo, &ctx->topo, err, sizeof(err))) {
		ktstr_result_fail(res, "--topology: %s", err);
		return -EINVAL;
	}
	if (strcmp(topo, ktstr_test_topology(test)))
		ktstr_diag("running on %s; the test declares %s", topo,
			   ktstr_test_topology(test));
	ktstr_checks_merge(&ctx->checks, ctx->tcg, &def->checks,
			   &test->checks);
	return 0;
}

/*
 * `ktstr run --scheduler PATH`: /bin/<name> in place of the test's own
 * scheduler, with whatever ops name it attaches under (.ops "" takes any;
 * root/ops is read at attach) and a profile's check overrides.
 */
static int ext_setup(const struct ktstr_test *test,
		     const struct ktstr_guest_sched *ext,
		     struct ktstr_sched_def *def, struct ktstr_result *res)
{
	if (!test->generic) {
		ktstr_result_fail(res,
				  "test %s is not generic: it is about %s and does not run under --scheduler",
				  test->name,
				  test->scheduler ?: KTSTR_SCHED_EEVDF);
		return -EINVAL;
	}
	*def = (struct ktstr_sched_def){
		.name = ext->name,
		.ops = "",
		.external = true,
		.checks = {
			.max_spread_pct = ext->max_spread_pct,
			.max_gap_ms = ext->max_gap_ms,
		},
	};
	return 0;
}

/* A profile's `stress` line replaces its tool's arguments in the test. */
static int ext_stress(struct ktstr_ctx *ctx, const char *line)
{
	char why[256];

	if (!line)
		return 0;
	if (ktstr_tool_command_parse(line, &ctx->tool_override,
				     &ctx->tool_override_args, why,
				     sizeof(why))) {
		ktstr_result_fail(ctx->result, "profile %s", why);
		return -EINVAL;
	}
	ktstr_diag("profile stress: %s runs '%s' in this test's %s cgroups",
		   ktstr_tool_name(ctx->tool_override),
		   ctx->tool_override_args, ktstr_tool_name(ctx->tool_override));
	return 0;
}

enum ktstr_result_status ktstr_run_test(const struct ktstr_test *test,
					const struct ktstr_run_opts *opts,
					struct ktstr_result *res)
{
	const struct ktstr_sched_def *def = ktstr_sched_def_find(test->scheduler);
	const char *sched_args = test->sched_args;
	struct ktstr_sched_def ext_def;
	struct ktstr_sched_report rep;
	struct ktstr_sched sched = { 0 };
	struct ktstr_ctx ctx;
	struct utsname uts;
	bool alive_at_end;
	char err[256];
	int rc, stop_err;

	if (ktstr_test_validate(test, err, sizeof(err))) {
		ktstr_result_fail(res, "%s", err);
		goto out;
	}
	if (opts->ext) {
		if (ext_setup(test, opts->ext, &ext_def, res))
			goto out;
		def = &ext_def;
		sched_args = opts->ext->args;
	} else if (opts->repro.mode != KTSTR_REPRO_NONE &&
		   test->repro_sched_args) {
		sched_args = test->repro_sched_args;
	}
	if (setup_ctx(&ctx, test, opts, def, res) ||
	    (opts->ext && ext_stress(&ctx, opts->ext->stress_args)))
		goto out;
	res->has_topo = ktstr_guest_topo_read(&res->topo) == 0;
	if (!uname(&uts) &&
	    !ktstr_sched_bpf_ok(def, uts.release, KTSTR_BPF_CLANG_VERSION, err,
				sizeof(err))) {
		ktstr_result_skip(res, "%s", err);
		goto out;
	}

	ktstr_probe_session_start(&opts->repro);
	if (ktstr_sched_start(&sched, def, sched_args,
			      opts->ext ? opts->ext->ld_library_path : NULL,
			      opts->tcg)) {
		judge_start_failure(test, &sched, res);
		goto report;
	}
	ktstr_probe_session_attach();
	ctx.sched = def->ops ? &sched : NULL;

	if (test->expect != EXPECT_LOAD_FAIL) {
		ktstr_stage(KTSTR_STAGE_WORKLOAD);
		rc = test->run ? test->run(&ctx) : ktstr_scenario_run(&ctx);
		ktstr_stage(KTSTR_STAGE_CHECKS);
		judge_body(rc, res);
	}

	if (def->ops) {
		alive_at_end = ktstr_sched_running(&sched);
		stop_err = ktstr_sched_stop(&sched);
		judge_sched(test, &sched, alive_at_end, stop_err, res);
	}
report:
	ktstr_sched_report(&sched, &rep);
	ktstr_result_set_sched(res, &rep);
	ktstr_sched_free(&sched);
out:
	res->duration_ms = ktstr_now_ms() - opts->start_ms;
	res->init_ms = opts->start_ms;
	res->report_ms = opts->report_ms;
	return res->status;
}
