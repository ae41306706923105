// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "host/run_summary.h"
#include "host/tap.h"

int ktstr_run_summary_init(struct ktstr_run_summary *s, size_t nr_tests,
			   size_t nr_targets)
{
	size_t i, n = nr_tests * nr_targets;

	s->nr_tests = nr_tests;
	s->nr_targets = nr_targets;
	s->status = calloc(n ? n : 1, sizeof(*s->status));
	if (!s->status)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		s->status[i] = -1;
	return 0;
}

void ktstr_run_summary_add(struct ktstr_run_summary *s,
			   const struct ktstr_test_run *run)
{
	if (run->num && run->num <= s->nr_tests * s->nr_targets)
		s->status[run->num - 1] = run->verdict.status;
}

/*
 * "fail on 7.3.4, pass on 6.12.117" for test @i, or false: a test that
 * failed on some kernels and not on others (passed there, or skipped: a
 * scheduler only one tree has fails on it alone).
 */
static bool differs(const struct ktstr_run_summary *s,
		    const struct ktstr_targets *t, size_t i, char *buf,
		    size_t len)
{
	const int *st = &s->status[i * s->nr_targets];
	bool other = false, fail = false;
	size_t j, off = 0;

	for (j = 0; j < s->nr_targets; j++) {
		other |= st[j] == KTSTR_PASS || st[j] == KTSTR_SKIP;
		fail |= st[j] == KTSTR_FAIL;
	}
	if (!other || !fail)
		return false;
	buf[0] = '\0';
	for (j = 0; j < s->nr_targets && off < len; j++)
		if (st[j] >= 0)
			off += snprintf(buf + off, len - off, "%s%s on %s",
					off ? ", " : "", ktstr_status_name(st[j]),
					t->v[j].label);
	return true;
}

void ktstr_run_summary_print(FILE *f, const struct ktstr_run_summary *s,
			     const struct ktstr_targets *t,
			     const char *const *names)
{
	size_t i, j, nr_diff = 0, count[3];
	char line[512];

	if (s->nr_targets < 2)
		return;
	for (i = 0; i < s->nr_tests; i++) {
		if (!differs(s, t, i, line, sizeof(line)))
			continue;
		if (!nr_diff++)
			ktstr_tap_diag(f, "differs between kernels:");
		ktstr_tap_diag(f, "  %s: %s", names[i], line);
		pr_info("differs between kernels: %s: %s", names[i], line);
	}
	if (!nr_diff)
		ktstr_tap_diag(f, "no test failed on one kernel and not on another");
	for (j = 0; j < s->nr_targets; j++) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < s->nr_tests; i++) {
			int st = s->status[i * s->nr_targets + j];

			if (st >= 0 && st < 3)
				count[st]++;
		}
		ktstr_tap_diag(f, "kernel %s: %zu passed, %zu failed, %zu skipped",
			       t->v[j].label, count[KTSTR_PASS],
			       count[KTSTR_FAIL], count[KTSTR_SKIP]);
	}
}

void ktstr_run_summary_free(struct ktstr_run_summary *s)
{
	free(s->status);
	s->status = NULL;
}
