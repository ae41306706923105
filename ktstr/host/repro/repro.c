// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/channel.h"
#include "common/log.h"
#include "common/scx_exit.h"
#include "host/repro/repro.h"
#include "host/repro/repro_args.h"
#include "host/repro/repro_dump.h"
#include "host/repro/repro_extract.h"
#include "host/repro/repro_payload.h"
#include "host/repro/repro_policy.h"
#include "host/repro/repro_render.h"
#include "host/repro/repro_tails.h"
#include "host/repro/repro_verdict.h"
#include "host/jsonc.h"
#include "host/runner.h"
#include "host/suite.h"
#include "host/tap.h"
#include "host/util.h"

#define REPRO_LOG_TAG		"repro"
/*
 * Events shown under the TAP line: the last ones before the exit tell the
 * story; the whole chain goes to <test>.repro.txt beside the results.
 */
#define REPRO_TAP_EVENTS	30
/* ... and lines of the failure dump; all of it is there too. */
#define REPRO_TAP_DUMP_LINES	80

/* One repro, from the primary's crash to its rendered report. */
struct repro_ctx {
	const struct ktstr_repro_cfg *rc;
	struct repro_stack stack;
	int exit_kind;
	struct ktstr_guest_repro repro;	/* the follow-up VM's probes */
	char funcs[REPRO_FUNCS_LEN];	/* ... their function list */
	char args[REPRO_FUNCS_LEN + 64];	/* ... as guest arguments */
	bool planned;			/* a repro VM was asked for */
	struct json_object *json;	/* the repro's, not a reference */
	double t_start, t_vm;
};

static const char *source_key(enum repro_stack_source src)
{
	switch (src) {
	case REPRO_STACK_LOG:
		return "scheduler_log";
	case REPRO_STACK_CONSOLE:
		return "console";
	default:
		return "none";
	}
}

static int stack_json(const struct repro_ctx *c, struct json_object *obj)
{
	struct json_object *funcs = json_object_new_array();
	size_t i;
	int err;

	if (!funcs)
		return -ENOMEM;
	for (i = 0; i < c->stack.nr; i++) {
		if (json_object_array_add(funcs,
				json_object_new_string(c->stack.funcs[i]))) {
			json_object_put(funcs);
			return -ENOMEM;
		}
	}
	err = jsonc_add(obj, "functions", funcs) ?:
	      jsonc_add(obj, "stack_source", json_object_new_string(
			source_key(c->stack.source))) ?:
	      jsonc_add(obj, "exit_kind", json_object_new_int(c->exit_kind)) ?:
	      jsonc_add(obj, "guest_args", json_object_new_string(c->args));
	return err;
}

static int payload_json(const struct repro_payload *p, const char *partial,
			struct json_object *obj)
{
	struct json_object *pj = json_object_new_object();
	int err;

	if (!pj)
		return -ENOMEM;
	err = jsonc_add(pj, "found", json_object_new_boolean(p->found)) ?:
	      jsonc_add(pj, "complete", json_object_new_boolean(p->complete)) ?:
	      jsonc_add(pj, "events", json_object_new_int64(p->nr_events)) ?:
	      jsonc_add(pj, "bad_lines", json_object_new_int64(p->nr_bad));
	if (!err && partial)
		err = jsonc_add(pj, "partial_file", json_object_new_string(partial));
	if (err) {
		json_object_put(pj);
		return err;
	}
	return jsonc_add(obj, "payload", pj);
}

/* The kernel's DWARF for source lines, NULL when none is known. */
static const char *kernel_dwarf(const struct ktstr_test_run *run)
{
	const char *v = run->target->kernel.vmlinux;

	return *v ? v : NULL;
}

/* The repro VM's end, as the verdict distinguishes them. */
static enum repro_vm_end vm_end(const struct ktstr_test_run *run)
{
	if (!run->ch.reached_init)
		return REPRO_VM_NO_INIT;
	if (run->ch.result_state == KTSTR_CHAN_RESULT_OK)
		return REPRO_VM_REPORTED;
	return run->exit.timed_out ? REPRO_VM_TIMEOUT : REPRO_VM_CRASHED;
}

static void outcome_of(const struct ktstr_test_run *primary,
		       const struct ktstr_test_run *run, char *how,
		       size_t howlen, struct repro_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->end = vm_end(run);
	o->duration_s = run->exit.duration_s;
	o->timeout_s = run->exit.timeout_s;
	/* the host's reason names a panic; else how QEMU ended */
	if (o->end != REPRO_VM_REPORTED && run->verdict.reason[0])
		snprintf(how, howlen, "%s", run->verdict.reason);
	else
		ktstr_vm_exit_describe(&run->exit, how, howlen);
	o->vm_exit = how;
	o->last_stage = run->ch.stage;
	o->primary_reached_workload =
		repro_stage_reached_workload(primary->ch.stage);
	repro_outcome_from_result(run->ch.result, o);
	o->console = (struct ktstr_text){ run->console ? run->console : "",
					  run->console ? run->console_len : 0 };
}

/* The verdict line(s), into @out and the JSON. */
static int render_verdict(struct repro_ctx *c, FILE *out,
			  const struct repro_outcome *o)
{
	size_t len = 0;
	char *s = NULL;
	FILE *f;
	int err;

	f = open_memstream(&s, &len);
	if (!f)
		return -ENOMEM;
	repro_render_verdict(f, o);
	if (fclose(f)) {
		free(s);
		return -ENOMEM;
	}
	fputs(s, out);
	err = jsonc_add(c->json, "verdict", json_object_new_string_len(s,
				len && s[len - 1] == '\n' ? len - 1 : len));
	free(s);
	return err;
}

static void log_stack(const char *test, const struct repro_ctx *c)
{
	if (c->exit_kind == SCX_EXIT_ERROR_STALL)
		pr_info("repro: %s: a stall (exit kind %d) has no causing task: no probes",
			test, c->exit_kind);
	else if (!c->stack.nr)
		pr_info("repro: %s: no functions in the crash stack: the repro VM discovers the scheduler's callbacks",
			test);
	else
		pr_info("repro: %s: %zu function%s from %s", test, c->stack.nr,
			c->stack.nr == 1 ? "" : "s",
			repro_stack_source_name(c->stack.source));
}

static void header(const struct repro_ctx *c, FILE *out)
{
	size_t i;

	if (c->exit_kind == SCX_EXIT_ERROR_STALL) {
		fprintf(out, "auto-repro: a stall (exit kind %d) has no causing task: the repro VM runs without probes\n",
			c->exit_kind);
	} else if (!c->stack.nr) {
		fprintf(out, "auto-repro: no functions in the crash stack: the repro VM discovers the scheduler's callbacks\n");
	} else {
		fprintf(out, "auto-repro: %zu function%s from %s:",
			c->stack.nr, c->stack.nr == 1 ? "" : "s",
			repro_stack_source_name(c->stack.source));
		for (i = 0; i < c->stack.nr; i++)
			fprintf(out, "%s %s", i ? "," : "", c->stack.funcs[i]);
		fprintf(out, "\n");
	}
	fprintf(out, "auto-repro: booting the repro VM with %s\n", c->args);
}

/*
 * What the repro VM saw: with probe data the event chain (its @last
 * events) and the pipeline; then the VM's tails either way.
 */
static void render_body(const struct repro_ctx *c, FILE *out,
			const struct ktstr_test_run *run,
			const struct repro_payload *p,
			const struct repro_outcome *o,
			const struct repro_dump_cpus *cpus, const char *partial,
			size_t last, const char *full)
{
	size_t dump_lines = last ? REPRO_TAP_DUMP_LINES : 0;
	int kind;
	bool error = repro_payload_error_exit(p, o->has_exit_kind ?
					      o->exit_kind : -1, &kind);

	fprintf(out, "repro VM logs: %s, %s\n", run->console_path,
		run->channel_path);
	if (p->found && !error && kind > 0 && !scx_exit_kind_is_error(kind)) {
		/* No chain: a stitched one would pass for the crash's. */
		fprintf(out, "repro verdict: not reproduced: the scheduler exited cleanly (kind %d %s)\n",
			kind, scx_exit_kind_name(kind) ?: "?");
		repro_render_diag(out, p, &c->stack);
	} else if (p->found) {
		if (!o->primary_reached_workload)
			fprintf(out, "%s\n", REPRO_WARN_NO_WORKLOAD);
		if (error && c->exit_kind >= 0 && kind != c->exit_kind)
			fprintf(out, "note: the repro exited with kind %d %s, the primary with kind %d %s\n",
				kind, scx_exit_kind_name(kind) ?: "?",
				c->exit_kind,
				scx_exit_kind_name(c->exit_kind) ?: "?");
		repro_render_events(out, p, kernel_dwarf(run), last);
		if (full && last && p->nr_events > last)
			fprintf(out, "the whole chain of %zu events is in %s\n",
				p->nr_events, full);
		repro_render_failure_dump(out, p, cpus, dump_lines, full);
		repro_render_diag(out, p, &c->stack);
		if (*partial)
			fprintf(out, "raw payload kept in %s\n", partial);
	} else {
		/* no probes (a stall): the dump's CPU states still are */
		repro_render_failure_dump(out, p, cpus, dump_lines, full);
	}
	repro_render_tails(out, o);
}

/*
 * The whole report, every event included, as <test>.repro.txt into
 * @path. Returns 0 or a negative errno (said on stderr).
 */
static int save_full(struct repro_ctx *c, const struct ktstr_run_cfg *cfg,
		     const struct ktstr_test_run *run,
		     const struct repro_payload *p,
		     const struct repro_outcome *o,
		     const struct repro_dump_cpus *cpus, const char *partial,
		     char *path, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	if (snprintf(path, size, "%s/%s.%s.txt", run->target->results_dir,
		     run->spec->name, REPRO_LOG_TAG) >= (int)size)
		return -ENAMETOOLONG;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	header(c, f);
	if (!p->found)
		repro_render_verdict(f, o);
	render_body(c, f, run, p, o, cpus, partial, 0, NULL);
	err = fclose(f) ? -ENOMEM : ktstr_write_atomic(path, text, len);
	free(text);
	if (err) {
		pr_err("repro: cannot write %s: %s", path, strerror(-err));
		return err;
	}
	return jsonc_add(c->json, "report_file", json_object_new_string(path));
}

/* What the repro VM @run left, rendered into @out and the JSON. */
static void render_vm(struct repro_ctx *c, const struct ktstr_run_cfg *cfg,
		      const struct ktstr_test_run *primary,
		      const struct ktstr_test_run *run, FILE *out)
{
	char how[256], partial[PATH_MAX] = "", full[PATH_MAX];
	char dump[PATH_MAX];
	const struct ktstr_chan_probe *cp = &run->ch.probe;
	const char *results = run->target->results_dir;
	struct repro_payload p = { 0 };
	struct repro_dump_cpus cpus;
	struct repro_outcome o;
	bool full_ok;

	if (!run->exit.started) {
		fprintf(out, "auto-repro: the repro VM did not start: %s\n",
			run->verdict.reason);
		jsonc_add(c->json, "error", json_object_new_string(
				run->verdict.reason));
		return;
	}
	/* The bytes as they came: a cut payload is kept exactly so. */
	if (cp->found &&
	    repro_payload_parse(run->channel + cp->off, cp->len, &p))
		pr_err("repro: %s: out of memory parsing the probe payload",
		       run->spec->name);
	repro_payload_save_partial(&p, run->channel + cp->off, results,
				   run->spec->name, partial, sizeof(partial));

	outcome_of(primary, run, how, sizeof(how), &o);
	if (repro_dump_cpus_read(o.dump, o.sched_log, &cpus))
		pr_err("repro: %s: out of memory reading the dump's CPU states",
		       run->spec->name);
	repro_failure_dump_save(&p, &cpus, results, run->spec->name, dump,
				sizeof(dump));
	full_ok = !save_full(c, cfg, run, &p, &o, &cpus, partial, full,
			     sizeof(full));
	if (!p.found)
		render_verdict(c, out, &o);
	render_body(c, out, run, &p, &o, &cpus, partial, REPRO_TAP_EVENTS,
		    full_ok ? full : NULL);
	if (*dump)
		jsonc_add(c->json, "failure_dump_file",
			  json_object_new_string(dump));
	repro_dump_cpus_free(&cpus);

	payload_json(&p, *partial ? partial : NULL, c->json);
	jsonc_add(c->json, "repro_status", json_object_new_string(
			ktstr_status_name(run->verdict.status)));
	jsonc_add(c->json, "repro_reason", json_object_new_string(
			run->verdict.reason));
	jsonc_add(c->json, "duration_s", jsonc_seconds(run->exit.duration_s));
	jsonc_add(c->json, "vm_exit", json_object_new_string(how));
	jsonc_add(c->json, "console_log", json_object_new_string(run->console_path));
	jsonc_add(c->json, "channel_log", json_object_new_string(run->channel_path));
	repro_payload_free(&p);
}

/* Extract the stack and the guest arguments from the primary's output. */
static int prepare(struct repro_ctx *c, const struct repro_primary *pr)
{
	repro_extract(repro_result_log(pr->result), pr->console, &c->stack);
	c->exit_kind = repro_primary_exit_kind(pr);
	repro_args_for(&c->stack, c->exit_kind, c->funcs, &c->repro);
	ktstr_guest_args_format(&(struct ktstr_guest_args){
					.repro = c->repro }, c->args,
				sizeof(c->args));
	log_stack(pr->spec->name, c);
	return stack_json(c, c->json);
}

/* The phases on stderr and in the JSON: args, repro VM, this render. */
static void log_timing(const struct repro_ctx *c, const char *test,
		       double vm_end, double render_start)
{
	double build = c->t_vm - c->t_start, vm = vm_end - c->t_vm;
	double render = ktstr_now() - render_start;
	struct json_object *t;

	pr_info("repro: %s: build args %.2f s, boot+run %.1f s, render %.2f s",
		test, build, vm, render);
	t = json_object_new_object();
	if (!t)
		return;
	jsonc_add(t, "build_args_s", jsonc_seconds(build));
	jsonc_add(t, "boot_run_s", jsonc_seconds(vm));
	jsonc_add(t, "render_s", jsonc_seconds(render));
	jsonc_add(c->json, "timings", t);
}

bool ktstr_repro_plan(const struct ktstr_repro_cfg *rc,
		      struct ktstr_test_run *run, struct ktstr_followup *fu)
{
	struct repro_primary pr = {
		.spec = run->spec,
		.failed = run->verdict.status == KTSTR_FAIL,
		.infra = run->verdict.infra,
		.result = run->ch.result,
		.console = { run->console ? run->console : "",
			     run->console ? run->console_len : 0 },
	};
	struct ktstr_repro *r;
	struct repro_ctx *c;

	/* a passing test needs no word on why it got no repro */
	if (!pr.failed)
		return false;
	r = calloc(1, sizeof(*r));
	if (!r) {
		pr_err("repro: %s: out of memory", run->spec->name);
		return false;
	}
	run->priv = r;
	if (!rc->enabled) {
		snprintf(r->why_not, sizeof(r->why_not), "--no-auto-repro");
		return false;
	}
	if (!repro_wanted(&pr, r->why_not, sizeof(r->why_not)))
		return false;

	c = calloc(1, sizeof(*c));
	r->json = json_object_new_object();
	if (!c || !r->json) {
		pr_err("repro: %s: out of memory", run->spec->name);
		free(c);
		json_object_put(r->json);
		r->json = NULL;
		return false;
	}
	c->rc = rc;
	c->json = r->json;
	c->t_start = ktstr_now();
	r->ctx = c;
	r->ran = true;
	jsonc_add(c->json, "ran", json_object_new_boolean(true));
	if (prepare(c, &pr))
		return false;
	c->planned = true;
	c->t_vm = ktstr_now();
	fu->repro = c->repro;
	fu->log_tag = REPRO_LOG_TAG;
	return true;
}

void ktstr_repro_render(const struct ktstr_run_cfg *cfg,
			const struct ktstr_test_run *run)
{
	struct ktstr_repro *r = run->priv;
	double start = ktstr_now();
	struct repro_ctx *c;
	FILE *out;

	if (!r || !r->ctx)
		return;
	c = r->ctx;
	out = open_memstream(&r->text, &r->len);
	if (out && c->planned && run->followup) {
		header(c, out);
		render_vm(c, cfg, run, run->followup, out);
		log_timing(c, run->spec->name, run->followup->done_at, start);
	}
	if (!out || fclose(out)) {
		pr_err("repro: %s: out of memory for the report",
		       run->spec->name);
		free(r->text);
		r->text = NULL;
		r->len = 0;
	} else {
		jsonc_add(c->json, "report", json_object_new_string_len(r->text,
								  r->len));
	}
	free(c);
	r->ctx = NULL;
}

void ktstr_repro_print(FILE *f, const struct ktstr_test_run *run)
{
	const struct ktstr_repro *r = run->priv;

	if (r && r->ran && r->text)
		ktstr_tap_text(f, "", r->text, r->len);
}

int ktstr_repro_add_json(const struct ktstr_test_run *run,
			 struct json_object *result)
{
	const struct ktstr_repro *r = run->priv;
	struct json_object *obj;
	int err;

	if (!r || (!r->json && !r->why_not[0]))
		return 0;
	obj = r->json;
	if (obj) {
		json_object_get(obj);
	} else {
		obj = json_object_new_object();
		err = !obj ? -ENOMEM :
		      jsonc_add(obj, "ran", json_object_new_boolean(false)) ?:
		      jsonc_add(obj, "why_not", json_object_new_string(r->why_not));
		if (err) {
			json_object_put(obj);
			return err;
		}
	}
	return jsonc_add(result, "auto_repro", obj);
}

void ktstr_repro_free(void *priv)
{
	struct ktstr_repro *r = priv;

	if (!r)
		return;
	free(r->ctx);
	free(r->text);
	json_object_put(r->json);
	free(r);
}
