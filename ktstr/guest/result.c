// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/protocol.h"
#include "guest/chan.h"
#include "guest/lib/jsonw.h"
#include "guest/result.h"

/* Enough to explain any failure; a runaway check loop must not flood. */
#define MAX_DETAILS	200

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

void ktstr_result_init(struct ktstr_result *res, const char *test)
{
	memset(res, 0, sizeof(*res));
	res->test = xstrdup(test);
	res->status = KTSTR_RESULT_PASS;
	res->duration_ms = -1;
	res->init_ms = -1;
	res->report_ms = -1;
}

static void sched_report_free(struct ktstr_sched_report *rep)
{
	free((char *)rep->name);
	free((char *)rep->args);
	free((char *)rep->outcome);
	free((char *)rep->ops);
	free((char *)rep->exit_kind_name);
	free((char *)rep->exit_reason);
	free((char *)rep->exit_msg);
	free((char *)rep->log);
	free((char *)rep->dump);
	memset(rep, 0, sizeof(*rep));
}

void ktstr_result_free(struct ktstr_result *res)
{
	size_t i;

	for (i = 0; i < res->nr_details; i++)
		free(res->details[i]);
	free(res->details);
	free(res->test);
	free(res->reason);
	free(res->stats_json);
	sched_report_free(&res->sched);
	memset(res, 0, sizeof(*res));
}

static void add_detail(struct ktstr_result *res, char *line)
{
	char **d;

	if (res->nr_details >= MAX_DETAILS) {
		free(line);
		return;
	}
	d = realloc(res->details, (res->nr_details + 1) * sizeof(*d));
	if (!d) {
		free(line);
		return;
	}
	res->details = d;
	res->details[res->nr_details++] = line;
}

void ktstr_result_vfail(struct ktstr_result *res, const char *fmt, va_list ap)
{
	char *line;

	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	if (res->status != KTSTR_RESULT_FAIL) {
		/* A failure outranks an earlier skip. */
		free(res->reason);
		res->reason = xstrdup(line ? line : "out of memory");
		res->status = KTSTR_RESULT_FAIL;
	}
	if (line)
		add_detail(res, line);
}

void ktstr_result_fail(struct ktstr_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktstr_result_vfail(res, fmt, ap);
	va_end(ap);
}

void ktstr_result_fail_cause(struct ktstr_result *res, const char *fmt, ...)
{
	size_t nr;
	char *line;
	va_list ap;

	va_start(ap, fmt);
	ktstr_result_vfail(res, fmt, ap);
	va_end(ap);

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (!line)
		return;
	free(res->reason);
	res->reason = line;

	/* Move the detail ktstr_result_vfail() appended to the front. */
	nr = res->nr_details;
	if (nr < 2 || strcmp(res->details[nr - 1], line))
		return;
	line = res->details[nr - 1];
	memmove(res->details + 1, res->details, (nr - 1) * sizeof(*res->details));
	res->details[0] = line;
}

void ktstr_result_vskip(struct ktstr_result *res, const char *fmt, va_list ap)
{
	char *line;

	if (res->status == KTSTR_RESULT_FAIL)
		return;
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	free(res->reason);
	res->reason = line;
	res->status = KTSTR_RESULT_SKIP;
}

void ktstr_result_skip(struct ktstr_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktstr_result_vskip(res, fmt, ap);
	va_end(ap);
}

void ktstr_result_override_pass(struct ktstr_result *res, const char *note)
{
	char **d;

	free(res->reason);
	res->reason = NULL;
	res->status = KTSTR_RESULT_PASS;
	if (!res->nr_details)
		return;
	/* Put the note first so nobody reads the lines as the verdict. */
	d = realloc(res->details, (res->nr_details + 1) * sizeof(*d));
	if (!d)
		return;
	memmove(d + 1, d, res->nr_details * sizeof(*d));
	d[0] = xstrdup(note);
	if (!d[0]) {
		memmove(d, d + 1, res->nr_details * sizeof(*d));
		res->details = d;
		return;
	}
	res->details = d;
	res->nr_details++;
}

void ktstr_result_set_sched(struct ktstr_result *res,
			    const struct ktstr_sched_report *rep)
{
	struct ktstr_sched_report *dst = &res->sched;

	sched_report_free(dst);
	dst->name = xstrdup(rep->name);
	dst->args = xstrdup(rep->args);
	dst->outcome = xstrdup(rep->outcome);
	dst->ops = xstrdup(rep->ops);
	dst->has_exit = rep->has_exit;
	dst->exit_kind = rep->exit_kind;
	dst->exit_kind_name = xstrdup(rep->exit_kind_name);
	dst->exit_reason = xstrdup(rep->exit_reason);
	dst->exit_msg = xstrdup(rep->exit_msg);
	dst->log = xstrdup(rep->log);
	dst->dump = xstrdup(rep->dump);
	res->has_sched = true;
}

void ktstr_result_set_stats_json(struct ktstr_result *res, const char *json)
{
	free(res->stats_json);
	res->stats_json = xstrdup(json);
}

const char *ktstr_result_status_name(enum ktstr_result_status status)
{
	switch (status) {
	case KTSTR_RESULT_PASS:
		return KTSTR_STATUS_PASS;
	case KTSTR_RESULT_FAIL:
		return KTSTR_STATUS_FAIL;
	case KTSTR_RESULT_SKIP:
		return KTSTR_STATUS_SKIP;
	}
	return KTSTR_STATUS_FAIL;
}

static void render_sched(const struct ktstr_sched_report *s,
			 struct ktstr_buf *out)
{
	ktstr_buf_addc(out, '{');
	jsonw_kv_str(out, true, "name", s->name);
	if (s->args)
		jsonw_kv_str(out, false, "args", s->args);
	if (s->outcome)
		jsonw_kv_str(out, false, "outcome", s->outcome);
	if (s->ops)
		jsonw_kv_str(out, false, "ops", s->ops);
	if (s->has_exit) {
		jsonw_kv_long(out, false, "exit_kind", s->exit_kind);
		jsonw_kv_str(out, false, "exit_kind_name",
				  s->exit_kind_name ? s->exit_kind_name :
						      "UNKNOWN");
	}
	if (s->exit_reason)
		jsonw_kv_str(out, false, "exit_reason", s->exit_reason);
	if (s->exit_msg)
		jsonw_kv_str(out, false, "exit_msg", s->exit_msg);
	if (s->log)
		jsonw_kv_str(out, false, "log", s->log);
	if (s->dump)
		jsonw_kv_str(out, false, "dump", s->dump);
	ktstr_buf_addc(out, '}');
}

/*
 * One top-level field per line: the record stays readable in the raw
 * channel capture, and the host does not care about layout.
 */
void ktstr_result_render(const struct ktstr_result *res, struct ktstr_buf *out)
{
	size_t i;

	ktstr_buf_addc(out, '{');
	jsonw_kv_long(out, true, "version", KTSTR_PROTO_VERSION);
	jsonw_kv_str(out, false, "test", res->test ? res->test : "");
	jsonw_kv_str(out, false, "status",
			  ktstr_result_status_name(res->status));
	if (res->reason) {
		ktstr_buf_add(out, ",\n");
		jsonw_kv_str(out, true, "reason", res->reason);
	}
	if (res->nr_details) {
		ktstr_buf_add(out, ",\n\"details\": [");
		for (i = 0; i < res->nr_details; i++) {
			if (i)
				ktstr_buf_add(out, ", ");
			jsonw_str(out, res->details[i]);
		}
		ktstr_buf_addc(out, ']');
	}
	if (res->duration_ms >= 0) {
		ktstr_buf_add(out, ",\n");
		jsonw_kv_long(out, true, "duration_ms", res->duration_ms);
	}
	if (res->init_ms >= 0) {
		ktstr_buf_add(out, ",\n\"boot\": {");
		jsonw_kv_long(out, true, "init_ms", res->init_ms);
		jsonw_kv_long(out, false, "report_ms", res->report_ms);
		ktstr_buf_addc(out, '}');
	}
	if (res->has_topo) {
		ktstr_buf_add(out, ",\n\"topology\": {");
		jsonw_kv_long(out, true, "cpus", res->topo.cpus);
		jsonw_kv_long(out, false, "nodes", res->topo.nodes);
		jsonw_kv_long(out, false, "llcs", res->topo.llcs);
		jsonw_kv_long(out, false, "threads_per_core",
				   res->topo.threads_per_core);
		ktstr_buf_addc(out, '}');
	}
	if (res->has_sched) {
		ktstr_buf_add(out, ",\n\"scheduler\": ");
		render_sched(&res->sched, out);
	}
	if (res->stats_json) {
		ktstr_buf_add(out, ",\n\"stats\": ");
		ktstr_buf_add(out, res->stats_json);
	}
	ktstr_buf_add(out, "}");
}

int ktstr_result_emit(const struct ktstr_result *res)
{
	struct ktstr_buf b = KTSTR_BUF_INIT;
	int err;

	ktstr_buf_add(&b, KTSTR_RESULT_BEGIN "\n");
	ktstr_result_render(res, &b);
	ktstr_buf_add(&b, "\n" KTSTR_RESULT_END "\n");
	if (b.oom) {
		ktstr_buf_free(&b);
		pr_err("out of memory rendering the result");
		return -ENOMEM;
	}
	err = ktstr_chan_write(ktstr_buf_str(&b), b.len);
	ktstr_buf_free(&b);
	if (err) {
		pr_err("writing the result: %s",
			strerror(-err));
		return err;
	}
	ktstr_chan_flush();
	ktstr_chan_mark_result_sent();
	return 0;
}

/* ctx.h: what tests call. */

void ktstr_fail(struct ktstr_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktstr_result_vfail(ctx->result, fmt, ap);
	va_end(ap);
}

void ktstr_skip(struct ktstr_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktstr_result_vskip(ctx->result, fmt, ap);
	va_end(ap);
}

void ktstr_result_set_stats(struct ktstr_ctx *ctx, const char *json)
{
	ktstr_result_set_stats_json(ctx->result, json);
}
