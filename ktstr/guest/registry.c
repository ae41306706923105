// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/compiler.h"
#include "common/protocol.h"
#include "common/scx_exit.h"
#include "common/text.h"
#include "guest/lib/jsonw.h"
#include "guest/registry.h"
#include "guest/work/work_tool.h"
#include "guest/scenario/scenario.h"
#include "guest/sched/sched.h"

#define MAX_NAME_LEN		63
/* Guest-side fixed costs under TCG: cgroups, forking workers, checks. */
#define SETUP_BUDGET_S		15
/* Beyond the attach bound: SIGINT and detach (10 s each). */
#define SCHED_STOP_BUDGET_S	20
/* Host side: boot to /init, the result's way out and power-off. */
#define HOST_MARGIN_S		30
/* The smallest declared timeout: it leaves the guest's watchdog 10 s. */
#define MIN_TIMEOUT_S		(HOST_MARGIN_S + 10)

static struct ktstr_test **tests;
static unsigned int nr_tests;
static bool sorted;

/*
 * Runs from constructors, before main(): nothing can be reported yet, so
 * an allocation failure is remembered as a missing test and caught by
 * ktstr_registry_validate() through the count mismatch.
 */
static unsigned int nr_lost;

void ktstr_register(struct ktstr_test *test)
{
	struct ktstr_test **t = realloc(tests, (nr_tests + 1) * sizeof(*t));

	if (!t) {
		nr_lost++;
		return;
	}
	tests = t;
	tests[nr_tests++] = test;
	sorted = false;
}

static int cmp_test(const void *a, const void *b)
{
	const struct ktstr_test *ta = *(struct ktstr_test *const *)a;
	const struct ktstr_test *tb = *(struct ktstr_test *const *)b;

	return strcmp(ta->name, tb->name);
}

static void sort_tests(void)
{
	if (sorted)
		return;
	qsort(tests, nr_tests, sizeof(*tests), cmp_test);
	sorted = true;
}

unsigned int ktstr_test_count(void)
{
	return nr_tests;
}

const struct ktstr_test *ktstr_test_at(unsigned int idx)
{
	sort_tests();
	return idx < nr_tests ? tests[idx] : NULL;
}

const struct ktstr_test *ktstr_test_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_tests; i++)
		if (!strcmp(tests[i]->name, name))
			return tests[i];
	return NULL;
}

unsigned int ktstr_test_duration_ms(const struct ktstr_test *test)
{
	return test->duration_ms ? test->duration_ms :
				   KTSTR_DEFAULT_DURATION_MS;
}

const char *ktstr_test_topology(const struct ktstr_test *test)
{
	return test->topology ? test->topology : KTSTR_DEFAULT_TOPOLOGY;
}

/* The scenario runs for the duration or its steps' holds, if longer. */
static unsigned long workload_ms(const struct ktstr_test *test)
{
	unsigned long dur = ktstr_test_duration_ms(test), steps = 0;
	const struct ktstr_step *st;

	for (st = test->steps; st && st->ops; st++) {
		switch (st->hold.kind) {
		case HOLD_FRACTION:
			steps += (unsigned long)st->hold.value * dur / 1000;
			break;
		case HOLD_MS:
			steps += st->hold.value;
			break;
		case HOLD_LOOP:
			steps += st->hold.loop_ms;
			break;
		}
	}
	return steps > dur ? steps : dur;
}

static bool uses_scx(const struct ktstr_test *test)
{
	const struct ktstr_sched_def *def = ktstr_sched_def_find(test->scheduler);

	return def && def->ops;
}

/* Attach (the scheduler's bound under TCG), stop and detach. */
static unsigned int sched_budget_s(const struct ktstr_test *test)
{
	const struct ktstr_sched_def *def = ktstr_sched_def_find(test->scheduler);

	/* A generic test may run under any scheduler (ktstr run --scheduler). */
	if (!uses_scx(test) && !test->generic)
		return 0;
	return (def && def->attach_s ? def->attach_s : KTSTR_SCHED_ATTACH_S) +
	       SCHED_STOP_BUDGET_S;
}

static unsigned int derived_watchdog_s(const struct ktstr_test *test)
{
	unsigned long work_s = (workload_ms(test) + 999) / 1000;

	/* Workers and timers run late under TCG: half again on top. */
	return SETUP_BUDGET_S + sched_budget_s(test) +
	       (work_s * 3 + 1) / 2;
}

/*
 * A declared timeout replaces the derived one: a test that hangs its guest
 * on purpose would otherwise hold two VMs (with its repro) for minutes.
 */
unsigned int ktstr_test_timeout_s(const struct ktstr_test *test)
{
	return test->timeout_s ?: derived_watchdog_s(test) + HOST_MARGIN_S;
}

unsigned int ktstr_test_watchdog_s(const struct ktstr_test *test)
{
	return ktstr_test_timeout_s(test) - HOST_MARGIN_S;
}

unsigned int ktstr_vm_watchdog_s(const struct ktstr_test *test,
				 unsigned int vm_timeout_s)
{
	unsigned int own = ktstr_test_watchdog_s(test);

	return vm_timeout_s > own + HOST_MARGIN_S ?
	       vm_timeout_s - HOST_MARGIN_S : own;
}

const char *ktstr_expect_name(enum ktstr_expect expect)
{
	switch (expect) {
	case EXPECT_PASS:
		return KTSTR_EXPECT_PASS;
	case EXPECT_SCHED_EXIT:
		return KTSTR_EXPECT_SCHED_EXIT;
	case EXPECT_LOAD_FAIL:
		return KTSTR_EXPECT_LOAD_FAIL;
	}
	return "unknown";
}

static int invalid(char *why, size_t whylen, const struct ktstr_test *test,
		   const char *field, const char *fmt, ...)
	__printf(5, 6);

static int invalid(char *why, size_t whylen, const struct ktstr_test *test,
		   const char *field, const char *fmt, ...)
{
	int off;
	va_list ap;

	off = snprintf(why, whylen, "test '%s': %s: ",
		       test->name ? test->name : "(null)", field);
	if (off >= 0 && (size_t)off < whylen) {
		va_start(ap, fmt);
		vsnprintf(why + off, whylen - off, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool has_scenario(const struct ktstr_test *test)
{
	return (test->cgroups && test->cgroups->name) ||
	       (test->steps && test->steps->ops);
}

static int validate_expect(const struct ktstr_test *test, char *why,
			   size_t whylen)
{
	switch (test->expect) {
	case EXPECT_PASS:
		if (test->expect_exit_kind)
			return invalid(why, whylen, test, "expect_exit_kind",
				       "set to %d but .expect is EXPECT_PASS",
				       test->expect_exit_kind);
		return 0;
	case EXPECT_SCHED_EXIT:
		if (!uses_scx(test))
			return invalid(why, whylen, test, "expect",
				       "EXPECT_SCHED_EXIT needs a sched_ext scheduler");
		if (test->expect_exit_kind <= SCX_EXIT_DONE ||
		    !scx_exit_kind_name(test->expect_exit_kind))
			return invalid(why, whylen, test, "expect_exit_kind",
				       "%d is not a sched_ext exit kind",
				       test->expect_exit_kind);
		return 0;
	case EXPECT_LOAD_FAIL:
		if (!uses_scx(test))
			return invalid(why, whylen, test, "expect",
				       "EXPECT_LOAD_FAIL needs a sched_ext scheduler");
		if (test->expect_exit_kind)
			return invalid(why, whylen, test, "expect_exit_kind",
				       "set to %d but .expect is EXPECT_LOAD_FAIL",
				       test->expect_exit_kind);
		return 0;
	}
	return invalid(why, whylen, test, "expect", "unknown value %d",
		       test->expect);
}

static int validate_checks(const struct ktstr_test *test, char *why,
			   size_t whylen)
{
	const struct ktstr_checks *c = &test->checks;

	if (c->max_spread_pct < KTSTR_OFF || c->max_spread_pct > 100)
		return invalid(why, whylen, test, "checks.max_spread_pct",
			       "%d is not -1 (off), 0 (inherit) or 1..100",
			       c->max_spread_pct);
	if (c->max_gap_ms < KTSTR_OFF)
		return invalid(why, whylen, test, "checks.max_gap_ms",
			       "%d is negative", c->max_gap_ms);
	if (c->isolation < KTSTR_OFF || c->isolation > KTSTR_ON)
		return invalid(why, whylen, test, "checks.isolation",
			       "%d is not KTSTR_OFF, 0 or KTSTR_ON",
			       c->isolation);
	if (c->not_starved < KTSTR_OFF || c->not_starved > KTSTR_ON)
		return invalid(why, whylen, test, "checks.not_starved",
			       "%d is not KTSTR_OFF, 0 or KTSTR_ON",
			       c->not_starved);
	if (c->min_work_units < KTSTR_OFF || c->max_migrations < KTSTR_OFF ||
	    c->max_wake_lat_us < KTSTR_OFF)
		return invalid(why, whylen, test, "checks",
			       "a negative threshold other than KTSTR_OFF");
	return 0;
}

int ktstr_test_validate(const struct ktstr_test *test, char *why, size_t whylen)
{
	const struct ktstr_sched_def *def;
	struct ktstr_topo topo;
	char topo_why[128];
	int ret;

	if (!ktstr_name_ok(test->name, MAX_NAME_LEN))
		return invalid(why, whylen, test, "name",
			       "use 1..%d of [A-Za-z0-9_-]", MAX_NAME_LEN);
	if (!test->description || !*test->description)
		return invalid(why, whylen, test, "description", "missing");
	if (ktstr_topo_parse(ktstr_test_topology(test), &topo, topo_why,
			     sizeof(topo_why)))
		return invalid(why, whylen, test, "topology", "%s", topo_why);
	def = ktstr_sched_def_find(test->scheduler);
	if (!def)
		return invalid(why, whylen, test, "scheduler",
			       "unknown scheduler '%s'", test->scheduler);
	if (!def->ops && test->sched_args && *test->sched_args)
		return invalid(why, whylen, test, "sched_args",
			       "'%s' given, but %s takes no arguments",
			       test->sched_args, def->name);
	if (test->duration_ms > KTSTR_MAX_DURATION_MS)
		return invalid(why, whylen, test, "duration_ms",
			       "%u ms > %d ms", test->duration_ms,
			       KTSTR_MAX_DURATION_MS);
	if (test->timeout_s && test->timeout_s < MIN_TIMEOUT_S)
		return invalid(why, whylen, test, "timeout_s",
			       "%u s < %d s (the host keeps %d s of it for boot and power-off)",
			       test->timeout_s, MIN_TIMEOUT_S, HOST_MARGIN_S);
	if (test->workers > KTSTR_SC_MAX_WORKERS)
		return invalid(why, whylen, test, "workers", "%u > %d",
			       test->workers, KTSTR_SC_MAX_WORKERS);
	if (test->work >= WORK_NR)
		return invalid(why, whylen, test, "work", "unknown work type %d",
			       test->work);
	if (!test->run && !has_scenario(test))
		return invalid(why, whylen, test, "run",
			       "no .run, .cgroups or .steps: nothing to test");
	if (test->generic && test->expect != EXPECT_PASS)
		return invalid(why, whylen, test, "generic",
			       "a generic test must expect EXPECT_PASS: what another scheduler does on a fault is its own");
	ret = validate_expect(test, why, whylen);
	if (!ret)
		ret = validate_checks(test, why, whylen);
	/* Cgroups and steps mean what the scenario engine says they mean. */
	if (!ret && has_scenario(test))
		ret = ktstr_scenario_validate(test, &topo, why, whylen);
	return ret;
}

int ktstr_registry_validate(void)
{
	char err[256];
	unsigned int i;
	int ret = 0;

	if (nr_lost) {
		pr_err("%u tests lost: out of memory registering them",
			nr_lost);
		ret = -ENOMEM;
	}
	for (i = 0; i < nr_tests; i++) {
		if (ktstr_test_validate(tests[i], err, sizeof(err))) {
			pr_err("%s", err);
			ret = -EINVAL;
		}
	}
	sort_tests();
	for (i = 1; i < nr_tests; i++) {
		if (tests[i]->name && tests[i - 1]->name &&
		    !strcmp(tests[i]->name, tests[i - 1]->name)) {
			pr_err("test '%s': name: defined twice",
				tests[i]->name);
			ret = -EINVAL;
		}
	}
	return ret;
}

/*
 * The tools the test's work types run ("/usr/bin/stress-ng"): the host
 * puts them, with their libraries, in the test's initramfs.
 */
static void list_tools(struct ktstr_buf *out, const struct ktstr_test *t)
{
	const char *seen[WORK_NR] = { 0 };
	const struct ktstr_cgroup_def *cg;
	unsigned int n = 0, i;

	for (cg = t->cgroups; cg && cg->name; cg++) {
		enum ktstr_work_type w = cg->work != WORK_DEFAULT ? cg->work :
					 t->work;
		const char *path = ktstr_tool_path(w);

		for (i = 0; path && i < n; i++)
			if (!strcmp(seen[i], path))
				path = NULL;
		if (path && n < WORK_NR)
			seen[n++] = path;
	}
	ktstr_buf_add(out, ", \"tools\": [");
	for (i = 0; i < n; i++) {
		if (i)
			ktstr_buf_add(out, ", ");
		jsonw_str(out, seen[i]);
	}
	ktstr_buf_addc(out, ']');
}

void ktstr_registry_list_json(struct ktstr_buf *out)
{
	unsigned int i;

	sort_tests();
	ktstr_buf_addc(out, '[');
	for (i = 0; i < nr_tests; i++) {
		const struct ktstr_test *t = tests[i];
		const struct ktstr_sched_def *def =
			ktstr_sched_def_find(t->scheduler);

		ktstr_buf_add(out, i ? ",\n {" : "\n {");
		jsonw_kv_str(out, true, "name", t->name);
		jsonw_kv_str(out, false, "description", t->description);
		jsonw_kv_str(out, false, "topology",
				  ktstr_test_topology(t));
		jsonw_kv_str(out, false, "scheduler",
				  def ? def->name : t->scheduler);
		jsonw_kv_str(out, false, "sched_args",
				  t->sched_args ? t->sched_args : "");
		jsonw_kv_long(out, false, "duration_ms",
				   ktstr_test_duration_ms(t));
		jsonw_kv_str(out, false, "expect",
				  ktstr_expect_name(t->expect));
		jsonw_kv_long(out, false, "expect_exit_kind",
				   t->expect_exit_kind);
		/* Repro re-runs a crashed sched_ext scheduler: none, none. */
		jsonw_kv_bool(out, false, "auto_repro",
				   !t->no_auto_repro && uses_scx(t));
		jsonw_kv_bool(out, false, "manual", t->manual);
		jsonw_kv_bool(out, false, "generic", t->generic);
		jsonw_kv_long(out, false, "timeout_s",
				   ktstr_test_timeout_s(t));
		list_tools(out, t);
		ktstr_buf_addc(out, '}');
	}
	ktstr_buf_add(out, "\n]\n");
}

void ktstr_registry_list_text(struct ktstr_buf *out)
{
	unsigned int i;

	sort_tests();
	for (i = 0; i < nr_tests; i++) {
		const struct ktstr_test *t = tests[i];

		ktstr_buf_addf(out, "%-28s %-10s %-12s %s%s%s\n", t->name,
			       ktstr_test_topology(t),
			       t->scheduler ? t->scheduler : KTSTR_SCHED_EEVDF,
			       t->manual ? "(manual) " : "",
			       t->generic ? "(generic) " : "",
			       t->description ? t->description : "");
	}
}
