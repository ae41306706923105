// SPDX-License-Identifier: GPL-2.0
/*
 * The pure side of the tool work types: their names, paths and default
 * arguments, the argv ktstr execs, and the parsers of what the tools
 * print. The formats are those of Debian 12's stress-ng 0.15.06 and
 * rt-tests 2.4 hackbench; real captures are in tests/unit/data/stress/.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/compiler.h"
#include "common/text.h"
#include "guest/work/work_tool.h"

/* A failure message shows this much of each of its log's last lines. */
#define TAIL_LINE_MAX		160

const char *ktstr_tool_name(enum ktstr_work_type type)
{
	switch (type) {
	case WORK_STRESS_NG:
		return "stress-ng";
	case WORK_HACKBENCH:
		return "hackbench";
	default:
		return NULL;
	}
}

const char *ktstr_tool_path(enum ktstr_work_type type)
{
	switch (type) {
	case WORK_STRESS_NG:
		return KTSTR_STRESS_NG_PATH;
	case WORK_HACKBENCH:
		return KTSTR_HACKBENCH_PATH;
	default:
		return NULL;
	}
}

const char *ktstr_tool_args(enum ktstr_work_type type, const char *args)
{
	if (args && *args)
		return args;
	switch (type) {
	case WORK_STRESS_NG:
		return KTSTR_STRESS_NG_ARGS;
	case WORK_HACKBENCH:
		return KTSTR_HACKBENCH_ARGS;
	default:
		return "";
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The next word of *@p into @w (not NUL terminated); false at the end. */
static bool next_word(const char **p, struct ktstr_text *w)
{
	const char *s = *p;

	while (is_blank(*s))
		s++;
	if (!*s)
		return false;
	w->s = s;
	while (*s && !is_blank(*s))
		s++;
	w->len = s - w->s;
	*p = s;
	return true;
}

static bool word_is(struct ktstr_text w, const char *what)
{
	return w.len == strlen(what) && !memcmp(w.s, what, w.len);
}

/* "--name" or "--name=value". */
static bool word_is_opt(struct ktstr_text w, const char *opt)
{
	size_t n = strlen(opt);

	return w.len >= n && !memcmp(w.s, opt, n) &&
	       (w.len == n || w.s[n] == '=');
}

/* Options stress-ng must not be given: ktstr sets them itself. */
static const char *reserved(enum ktstr_work_type type, struct ktstr_text w)
{
	if (type != WORK_STRESS_NG)
		return NULL;
	if (word_is_opt(w, "--yaml") || word_is(w, "-Y"))
		return "--yaml";
	return NULL;
}

int ktstr_tool_args_check(enum ktstr_work_type type, const char *args,
			  char *why, size_t len)
{
	const char *name = ktstr_tool_name(type), *p, *res;
	struct ktstr_text w;
	unsigned int n = 0;

	if (!name) {
		snprintf(why, len, "work_args given, but work type %d runs no tool",
			 type);
		return -EINVAL;
	}
	p = ktstr_tool_args(type, args);
	if (strlen(p) > KTSTR_TOOL_ARGS_LEN) {
		snprintf(why, len, "%s work_args: %zu characters > %d",
			 name, strlen(p), KTSTR_TOOL_ARGS_LEN);
		return -E2BIG;
	}
	while (next_word(&p, &w)) {
		res = reserved(type, w);
		if (res) {
			snprintf(why, len, "%s work_args: ktstr sets %s itself",
				 name, res);
			return -EINVAL;
		}
		if (++n > KTSTR_TOOL_MAX_ARGS) {
			snprintf(why, len, "%s work_args: more than %d words",
				 name, KTSTR_TOOL_MAX_ARGS);
			return -E2BIG;
		}
	}
	return 0;
}

int ktstr_tool_command_parse(const char *line, enum ktstr_work_type *type,
			     const char **args, char *why, size_t len)
{
	static const enum ktstr_work_type tools[] = {
		WORK_STRESS_NG, WORK_HACKBENCH,
	};
	const char *p = line, *base;
	struct ktstr_text w;
	unsigned int i;

	if (!next_word(&p, &w)) {
		snprintf(why, len, "stress '%s': empty, expected stress-ng or hackbench and its arguments",
			 line);
		return -EINVAL;
	}
	base = memrchr(w.s, '/', w.len);
	base = base ? base + 1 : w.s;
	for (i = 0; i < ARRAY_SIZE(tools); i++) {
		const char *name = ktstr_tool_name(tools[i]);

		if (strlen(name) == (size_t)(w.s + w.len - base) &&
		    !memcmp(base, name, strlen(name)))
			break;
	}
	if (i == ARRAY_SIZE(tools)) {
		snprintf(why, len, "stress '%s': '%.*s' is not stress-ng or hackbench",
			 line, (int)w.len, w.s);
		return -EINVAL;
	}
	while (is_blank(*p))
		p++;
	*type = tools[i];
	*args = p;
	return ktstr_tool_args_check(tools[i], *p ? p : NULL, why, len);
}

struct argv_builder {
	char *buf, *end;
	char **argv;
	size_t max, argc;
};

static int argv_add(struct argv_builder *b, const char *s, size_t n)
{
	if (b->argc + 1 >= b->max || (size_t)(b->end - b->buf) < n + 1)
		return -E2BIG;
	memcpy(b->buf, s, n);
	b->buf[n] = '\0';
	b->argv[b->argc++] = b->buf;
	b->buf += n + 1;
	return 0;
}

static int argv_add_str(struct argv_builder *b, const char *s)
{
	return argv_add(b, s, strlen(s));
}

int ktstr_tool_argv(enum ktstr_work_type type, const char *args,
		    const char *yaml, char *buf, size_t buflen,
		    char **argv, size_t max_argv)
{
	struct argv_builder b = { buf, buf + buflen, argv, max_argv, 0 };
	const char *path = ktstr_tool_path(type), *p;
	bool metrics = false;
	struct ktstr_text w;
	char why[8];
	int err;

	if (!path || !max_argv)
		return -EINVAL;
	err = ktstr_tool_args_check(type, args, why, sizeof(why));
	if (err)
		return err;
	err = argv_add_str(&b, path);
	for (p = ktstr_tool_args(type, args); !err && next_word(&p, &w);) {
		metrics |= word_is(w, "--metrics") ||
			   word_is(w, "--metrics-brief");
		err = argv_add(&b, w.s, w.len);
	}
	if (!err && type == WORK_STRESS_NG) {
		if (!metrics)
			err = argv_add_str(&b, "--metrics-brief");
		if (!err && yaml)
			err = argv_add_str(&b, "--yaml") ?:
			      argv_add_str(&b, yaml);
	}
	if (err)
		return err;
	argv[b.argc] = NULL;
	return b.argc;
}

/* stress-ng(1), EXIT STATUS. */
static const char *const stress_ng_exit[] = {
	[1] = "bad options or a fatal harness error",
	[2] = "one or more stressors failed",
	[3] = "a stressor lacked resources",
	[4] = "a stressor is not implemented here",
	[5] = "a stressor was killed by a signal",
	[6] = "a stressor exited unexpectedly",
	[7] = "bogo ops metrics are untrustworthy",
};

const char *ktstr_tool_exit_text(enum ktstr_work_type type, int code)
{
	if (type == WORK_STRESS_NG && code > 0 &&
	    code < (int)ARRAY_SIZE(stress_ng_exit))
		return stress_ng_exit[code];
	if (code == 127)
		return "the program or a library of it could not be loaded";
	return "";
}

/* The value after "key: " in @line, or NULL when @line is not "key: ...". */
static const char *yaml_value(struct ktstr_text line, const char *key,
			      struct ktstr_text *val)
{
	struct ktstr_text t = ktstr_text_trim(line);
	size_t n = strlen(key);

	if (ktstr_text_starts(t, "- ")) {
		t.s += 2;
		t.len -= 2;
	}
	if (t.len < n + 1 || memcmp(t.s, key, n) || t.s[n] != ':')
		return NULL;
	t.s += n + 1;
	t.len -= n + 1;
	*val = ktstr_text_trim(t);
	return val->s;
}

static double text_double(struct ktstr_text t)
{
	char num[64];
	double v;

	snprintf(num, sizeof(num), "%.*s", (int)t.len, t.s);
	v = strtod(num, NULL);
	/* JSON has no inf or nan: what cannot be written is no figure. */
	return isfinite(v) ? v : 0;
}

/*
 * The metrics section is a top-level "metrics:" key with a list of maps,
 * one per stressor, each starting with "- stressor: NAME":
 *
 *	metrics:
 *	    - stressor: cpu
 *	      bogo-ops: 1150
 *	      bogo-ops-per-second-real-time: 382.087555
 *
 * Other sections (system-info, ...) have keys of their own; a line at
 * column 0 ends the section.
 */
int ktstr_stress_ng_parse_yaml(const char *text, size_t len,
			       struct ktstr_tool_report *rep)
{
	struct ktstr_text rest = { text, len }, line, val;
	struct ktstr_tool_figure *f = NULL;
	bool in_metrics = false;

	rep->nr_figures = 0;
	while (ktstr_text_next_line(&rest, &line)) {
		if (line.len && line.s[0] != ' ' && line.s[0] != '-') {
			in_metrics = ktstr_text_is(line, "metrics:");
			f = NULL;
			continue;
		}
		if (!in_metrics)
			continue;
		if (yaml_value(line, "stressor", &val)) {
			if (rep->nr_figures == KTSTR_TOOL_MAX_FIGURES) {
				f = NULL;
				continue;
			}
			f = &rep->figure[rep->nr_figures++];
			memset(f, 0, sizeof(*f));
			snprintf(f->name, sizeof(f->name), "%.*s",
				 (int)val.len, val.s);
		} else if (f && yaml_value(line, "bogo-ops", &val)) {
			f->bogo_ops = (uint64_t)text_double(val);
		} else if (f && yaml_value(line,
					   "bogo-ops-per-second-real-time",
					   &val)) {
			f->bogo_ops_s = text_double(val);
		}
	}
	return rep->nr_figures ? (int)rep->nr_figures : -ENODATA;
}

/*
 *	stress-ng: info:  [31237] successful run completed in 3.08s
 *	stress-ng: info:  [32657] unsuccessful run completed in 4.06s
 *	stress-ng: fail:  [32657] cpu instance 0 corrupted bogo-ops counter, ...
 *	stress-ng: info:  [32342] apparmor stressor will be skipped, ...
 */
int ktstr_stress_ng_parse_log(const char *text, size_t len,
			      struct ktstr_tool_report *rep)
{
	struct ktstr_text rest = { text, len }, line;

	rep->verdict = -1;
	rep->fail_lines = 0;
	rep->skipped = 0;
	while (ktstr_text_next_line(&rest, &line)) {
		if (!ktstr_text_starts(line, "stress-ng: "))
			continue;
		if (ktstr_text_starts(line, "stress-ng: fail:"))
			rep->fail_lines++;
		else if (ktstr_text_find(line, "stressor will be skipped"))
			rep->skipped++;
		else if (ktstr_text_find(line, "] unsuccessful run completed"))
			rep->verdict = 0;
		else if (ktstr_text_find(line, "] successful run completed"))
			rep->verdict = 1;
	}
	return rep->verdict < 0 ? -ENODATA : 0;
}

/*
 *	Running in process mode with 2 groups using 40 file descriptors ...
 *	Each sender will pass 100 messages of 100 bytes
 *	Time: 0.558
 *
 * and after a signal, before its "Time:", "Signal 15 caught, longjmp'ing
 * out!".
 */
int ktstr_hackbench_parse(const char *text, size_t len, double *time_s)
{
	struct ktstr_text rest = { text, len }, line, val;
	bool found = false, signalled = false;

	while (ktstr_text_next_line(&rest, &line)) {
		if (ktstr_text_starts(line, "Signal ") &&
		    ktstr_text_find(line, " caught"))
			signalled = true;
		if (yaml_value(line, "Time", &val) && val.len) {
			*time_s = text_double(val);
			found = true;
		}
	}
	if (signalled)
		return -EINTR;
	return found ? 0 : -ENODATA;
}

void ktstr_tool_tail(const char *text, size_t len, unsigned int lines,
		     char *out, size_t outlen)
{
	const char *end = text + len, *start[16];
	size_t off = 0, n;
	unsigned int i, nr = 0;

	if (!outlen)
		return;
	out[0] = '\0';
	if (lines > 16)
		lines = 16;
	/* Walk back over @lines non-empty lines. */
	while (end > text && nr < lines) {
		const char *e = end, *s;

		while (e > text && (e[-1] == '\n' || e[-1] == '\r'))
			e--;
		if (e == text)
			break;
		s = e;
		while (s > text && s[-1] != '\n')
			s--;
		start[nr++] = s;
		end = s;
	}
	for (i = nr; i-- > 0 && off + 1 < outlen;) {
		const char *s = start[i], *e = memchr(s, '\n', text + len - s);

		n = (e ? e : text + len) - s;
		while (n && s[n - 1] == '\r')
			n--;
		if (n > TAIL_LINE_MAX)
			n = TAIL_LINE_MAX;
		if (off)
			out[off++] = '\n';
		if (n > outlen - off - 1)
			n = outlen - off - 1;
		memcpy(out + off, s, n);
		off += n;
		out[off] = '\0';
	}
}
