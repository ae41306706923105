// SPDX-License-Identifier: GPL-2.0
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "host/jsonc.h"
#include "host/report.h"
#include "host/suite.h"
#include "host/tap.h"

/* "key=value ..." for the scalar members of @obj, in the guest's order. */
static void scalars(struct json_object *obj, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	json_object_object_foreach(obj, key, val) {
		enum json_type t = json_object_get_type(val);

		if (t == json_type_object || t == json_type_array ||
		    !strcmp(key, "name") || off >= len)
			continue;
		off += snprintf(buf + off, len - off, "%s%s=%s",
				off ? " " : "", key,
				json_object_get_string(val));
	}
}

static void print_stats(FILE *f, struct json_object *stats)
{
	struct json_object *cgroups = jsonc_any(stats, "cgroups");
	char line[512];
	size_t i;

	if (!stats || !json_object_is_type(stats, json_type_object))
		return;
	scalars(stats, line, sizeof(line));
	ktstr_tap_diag(f, "stats: %s", line);
	if (!cgroups || !json_object_is_type(cgroups, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(cgroups); i++) {
		struct json_object *cg = json_object_array_get_idx(cgroups, i);

		if (!json_object_is_type(cg, json_type_object))
			continue;
		scalars(cg, line, sizeof(line));
		ktstr_tap_diag(f, "  cgroup %s: %s",
			       jsonc_str(cg, "name", NULL) ?: "?", line);
	}
}

static void print_details(FILE *f, struct json_object *details)
{
	size_t i;

	if (!details || !json_object_is_type(details, json_type_array) ||
	    !json_object_array_length(details))
		return;
	ktstr_tap_diag(f, "details:");
	for (i = 0; i < json_object_array_length(details); i++) {
		const char *s = json_object_get_string(
			json_object_array_get_idx(details, i));

		ktstr_tap_text(f, "  ", s ?: "", s ? strlen(s) : 0);
	}
}

static void append(char *buf, size_t len, const char *fmt, const char *val)
{
	size_t off = strlen(buf);

	if (val && off < len)
		snprintf(buf + off, len - off, fmt, val);
}

/* "scheduler: scx_qmap -e 500: died, exit kind 1025 ERROR_BPF (...): msg" */
static void print_scheduler(FILE *f, struct json_object *sched)
{
	struct json_object *kind = jsonc_any(sched, "exit_kind");
	const char *args = jsonc_str(sched, "args", NULL);
	char buf[512] = "";

	if (!jsonc_str(sched, "name", NULL))
		return;
	append(buf, sizeof(buf), "scheduler: %s",
	       jsonc_str(sched, "name", NULL));
	append(buf, sizeof(buf), " %s", args && *args ? args : NULL);
	append(buf, sizeof(buf), ": %s",
	       jsonc_str(sched, "outcome", NULL) ?: "?");
	if (kind && json_object_get_int(kind)) {
		append(buf, sizeof(buf), ", exit kind %s",
		       json_object_get_string(kind));
		append(buf, sizeof(buf), " %s",
		       jsonc_str(sched, "exit_kind_name", NULL));
		append(buf, sizeof(buf), " (%s)",
		       jsonc_str(sched, "exit_reason", NULL));
		append(buf, sizeof(buf), ": %s",
		       jsonc_str(sched, "exit_msg", NULL));
	}
	ktstr_tap_text(f, "", buf, strlen(buf));
}

/* "--- title ---" and the last @lines lines of @text (0: all). */
static void print_block(FILE *f, const char *title, const char *text,
			size_t len, unsigned int lines)
{
	const char *tail;

	if (!text || !len)
		return;
	tail = ktstr_tail(text, len, lines);
	if (tail == text)
		ktstr_tap_diag(f, "--- %s ---", title);
	else
		ktstr_tap_diag(f, "--- %s (last %u lines) ---", title, lines);
	ktstr_tap_text(f, "", tail, len - (tail - text));
}

static void print_failure(FILE *f, const struct ktstr_run_cfg *cfg,
			  const struct ktstr_test_run *run)
{
	struct json_object *res = run->ch.result;
	struct json_object *sched = jsonc_any(res, "scheduler");
	const char *log = jsonc_str(sched, "log", NULL);
	const char *dump = jsonc_str(sched, "dump", NULL);
	char how[96];

	print_details(f, jsonc_any(res, "details"));
	print_stats(f, jsonc_any(res, "stats"));
	print_scheduler(f, sched);

	ktstr_vm_exit_describe(&run->exit, how, sizeof(how));
	ktstr_tap_diag(f,
		       "diagnostics: last stage %s; %s after %.1f s (%s, %s)%s; boot %u of %u",
		       run->ch.stage[0] ? run->ch.stage : "none", how,
		       run->exit.duration_s, ktstr_accel_name(cfg->accel),
		       run->exit.timed_out ? "timed out" : "not timed out",
		       run->ch.result_state == KTSTR_CHAN_RESULT_TRUNCATED ?
		       ", result truncated" : "",
		       run->attempts, KTSTR_MAX_ATTEMPTS);
	ktstr_tap_diag(f, "logs: %s, %s", run->console_path,
		       run->channel_path);

	print_block(f, "scheduler log", log, log ? strlen(log) : 0,
		    KTSTR_TAIL_LINES);
	print_block(f, "sched_ext dump", dump, dump ? strlen(dump) : 0,
		    KTSTR_DUMP_LINES);
	print_block(f, "kernel console", run->console, run->console_len,
		    KTSTR_TAIL_LINES);
	/* QEMU only speaks when something is wrong with the VM itself. */
	print_block(f, "QEMU", run->qemu_log, run->qemu_log_len,
		    KTSTR_TAIL_LINES);
}

void ktstr_report_test(FILE *f, const struct ktstr_run_cfg *cfg,
		       const struct ktstr_test_run *run)
{
	char line[512];
	size_t i;

	ktstr_tap_line(line, sizeof(line), run->num, run->name,
		       run->verdict.status, run->verdict.reason);
	fprintf(f, "%s\n", line);
	for (i = 0; i < run->ch.nr_diags; i++)
		ktstr_tap_text(f, "", run->ch.diags[i],
			       strlen(run->ch.diags[i]));
	if (run->verdict.status == KTSTR_FAIL)
		print_failure(f, cfg, run);
	fflush(f);
}
