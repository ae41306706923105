/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP 13 output as the kselftest runner expects it: a plan, one result
 * line per test, and "# " diagnostic lines under it. Pure formatting.
 */
#ifndef KTSTR_HOST_TAP_H
#define KTSTR_HOST_TAP_H

#include <stddef.h>
#include <stdio.h>

#include "host/util.h"
#include "host/verdict.h"

void ktstr_tap_header(FILE *f, size_t nr_tests);

/*
 * "ok N name", "ok N name # SKIP reason" or "not ok N name # reason" into
 * @buf (no newline). The reason is flattened to one line. Returns the
 * length snprintf would have written.
 */
int ktstr_tap_line(char *buf, size_t len, size_t num, const char *name,
		   enum ktstr_status status, const char *reason);

/*
 * Start of the last @max_lines lines of @text[0..len) (a final newline
 * does not start an empty line); @text itself when it has fewer.
 */
const char *ktstr_tail(const char *text, size_t len, unsigned int max_lines);

/*
 * Print @text[0..len) as diagnostics: "# " + @indent + line, one per line,
 * with CRs dropped and control bytes shown as '?'.
 */
void ktstr_tap_text(FILE *f, const char *indent, const char *text,
		    size_t len);

__printf(2, 3) void ktstr_tap_diag(FILE *f, const char *fmt, ...);

#endif /* KTSTR_HOST_TAP_H */
