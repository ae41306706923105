// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "host/tap.h"

void ktstr_tap_header(FILE *f, size_t nr_tests)
{
	fprintf(f, "TAP version 13\n1..%zu\n", nr_tests);
	fflush(f);
}

int ktstr_tap_line(char *buf, size_t len, size_t num, const char *name,
		   enum ktstr_status status, const char *reason)
{
	char why[256];
	size_t i;
	int n;

	snprintf(why, sizeof(why), "%s", reason ? reason : "");
	for (i = 0; why[i]; i++)
		if (why[i] == '\n' || why[i] == '\r' || why[i] == '\t')
			why[i] = ' ';

	switch (status) {
	case KTSTR_PASS:
		return snprintf(buf, len, "ok %zu %s", num, name);
	case KTSTR_SKIP:
		return snprintf(buf, len, "ok %zu %s # SKIP %s", num, name,
				why[0] ? why : "skipped");
	default:
		/* A failure reason must not read as a SKIP/TODO directive. */
		n = !strncasecmp(why, "skip", 4) || !strncasecmp(why, "todo", 4);
		return snprintf(buf, len, "not ok %zu %s # %s%s", num, name,
				n ? "fail: " : "", why[0] ? why : "failed");
	}
}

const char *ktstr_tail(const char *text, size_t len, unsigned int max_lines)
{
	size_t end = len;
	unsigned int lines = 0;

	if (!max_lines)
		return text;
	if (end && text[end - 1] == '\n')
		end--;
	while (end > 0) {
		if (text[end - 1] == '\n' && ++lines == max_lines)
			return text + end;
		end--;
	}
	return text;
}

void ktstr_tap_text(FILE *f, const char *indent, const char *text,
		    size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;

		/* An empty line stays empty: no trailing blanks in the TAP. */
		fprintf(f, p < stop ? "# %s" : "#", indent);
		for (; p < stop; p++) {
			unsigned char ch = *p;

			if (ch == '\r' || ch == '\0')
				continue;
			fputc((ch < 0x20 && ch != '\t') || ch == 0x7f ? '?' :
			      ch, f);
		}
		fputc('\n', f);
		p = nl ? nl + 1 : end;
	}
}

void ktstr_tap_diag(FILE *f, const char *fmt, ...)
{
	va_list ap;

	fputs("# ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}
