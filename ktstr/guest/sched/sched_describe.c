// SPDX-License-Identifier: GPL-2.0
/*
 * What became of a scheduler, in words: the kernel's verdict, how its
 * process ended, the line of its log that says what went wrong. Pure
 * (no sysfs, no processes), so unit-tested on real logs.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "common/compiler.h"
#include "guest/sched/sched.h"

void ktstr_sched_exit_describe(const struct ktstr_sched *s, char *buf,
			       size_t len)
{
	const struct scx_exit *ex = &s->exit;
	const char *name = scx_exit_kind_name(ex->kind);
	size_t off = 0;

	buf[0] = '\0';
	if (ex->has_kind)
		off += snprintf(buf, len, "%s (%d) ", name ? name : "UNKNOWN",
				ex->kind);
	if (ex->reason[0] && off < len)
		off += snprintf(buf + off, len - off, "%s%s%s", ex->reason,
				ex->msg[0] ? ": " : "", ex->msg);
	if (off || s->pid)
		return;
	/* No sched_ext verdict at all: say how the process ended. */
	if (WIFEXITED(s->wstatus))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(s->wstatus));
	else if (WIFSIGNALED(s->wstatus))
		snprintf(buf, len, "killed by signal %d (%s)",
			 WTERMSIG(s->wstatus), strsignal(WTERMSIG(s->wstatus)));
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* @word in [@p, @end) as a whole word, any case. */
static bool has_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	const char *w;

	for (w = p; w + n <= end; w++) {
		if (strncasecmp(w, word, n))
			continue;
		if ((w == p || !is_word_char(w[-1])) &&
		    (w + n == end || !is_word_char(w[n])))
			return true;
	}
	return false;
}

/*
 * The first line of @log that says something went wrong, in the words of
 * libbpf ("BPF program load failed"), getopt ("invalid option"), Rust
 * ("panicked at", "Error:") and C loaders; whole words, so that a stats
 * line's "errors=0" is not one.
 */
static bool find_error_line(const char *log, const char **line,
			    const char **end)
{
	static const char *const words[] = {
		"error", "failed", "fail", "failure", "invalid", "denied",
		"fatal", "panicked", "No such", "not found", "unrecognized",
	};
	const char *p, *nl;
	unsigned int i;

	for (p = log; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		for (i = 0; nl > p && i < ARRAY_SIZE(words); i++) {
			if (has_word(p, nl, words[i])) {
				*line = p;
				*end = nl;
				return true;
			}
		}
	}
	return false;
}

const char *ktstr_sched_error_line(const char *log, char *buf, size_t len)
{
	const char *p = log, *nl = log, *q;

	if (!find_error_line(log, &p, &nl)) {
		/* The last non-empty line. */
		for (q = log; *q; q = *nl ? nl + 1 : nl) {
			const char *e = strchrnul(q, '\n');

			if (e > q)
				p = q;
			nl = e;
		}
		nl = strchrnul(p, '\n');
	}
	snprintf(buf, len, "%.*s", (int)(nl - p), p);
	return buf;
}

void ktstr_sched_death_describe(const struct ktstr_sched *s, char *buf,
				size_t len)
{
	const char *log = ktstr_buf_str(&s->log), *line, *end;
	char kernel[256];
	size_t off;

	ktstr_sched_exit_describe(s, kernel, sizeof(kernel));
	if (s->exit.has_kind && scx_exit_kind_is_error(s->exit.kind)) {
		snprintf(buf, len, "the kernel disabled it: %s", kernel);
		return;
	}
	if (s->pid) {
		snprintf(buf, len, "sched_ext detached it, the process still running: %s",
			 kernel[0] ? kernel : "no exit information");
		return;
	}
	if (WIFSIGNALED(s->wstatus))
		off = snprintf(buf, len, "it was killed by signal %d (%s)",
			       WTERMSIG(s->wstatus),
			       strsignal(WTERMSIG(s->wstatus)));
	else
		off = snprintf(buf, len, "it exited on its own with status %d",
			       WEXITSTATUS(s->wstatus));
	if (off < len && find_error_line(log, &line, &end))
		off += snprintf(buf + off, len - off, ": %.*s",
				(int)(end - line), line);
	/* "exit status N" is what we just said; a sched_ext verdict is not. */
	if (off < len && s->exit.has_kind)
		snprintf(buf + off, len - off, " (sched_ext: %s)", kernel);
}
