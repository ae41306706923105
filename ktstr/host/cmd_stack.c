// SPDX-License-Identifier: GPL-2.0
/*
 * ktstr stack FILE: what auto-repro would probe for the crash in FILE (a
 * scheduler log, a console capture, or both in one file), one function a
 * line: a quick way to check the extraction against a real capture.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "host/cmd.h"
#include "common/log.h"
#include "host/repro/repro_extract.h"
#include "host/util.h"

static const char stack_usage[] =
"usage: ktstr stack FILE\n"
"Print the functions auto-repro would ask the repro VM to probe for the\n"
"crash in FILE (scheduler log with its DEBUG DUMP, kernel console, or both),\n"
"one per line. stderr says where they came from; a stall asks for none.\n";

int cmd_stack(int argc, char **argv)
{
	struct repro_stack st;
	struct ktstr_text t;
	size_t len, i;
	char *buf;
	int err, kind;

	if (argc == 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		fputs(stack_usage, stdout);
		return KTSTR_EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs(stack_usage, stderr);
		return KTSTR_EXIT_USAGE;
	}
	err = ktstr_read_file(argv[1], &buf, &len);
	if (err) {
		pr_err("stack: cannot read '%s': %s", argv[1], strerror(-err));
		return KTSTR_EXIT_FAIL;
	}
	/* The log's dump first, the console's backtrace as the fallback. */
	t = (struct ktstr_text){ buf, len };
	repro_extract(t, t, &st);
	kind = repro_exit_kind_from_text(t, t);
	if (kind == SCX_EXIT_ERROR_STALL) {
		pr_info("repro: a stall (exit kind %d) has no causing task: --repro-stall, no probes",
			kind);
	} else if (!st.nr) {
		pr_info("repro: no functions in the crash stack: --repro-discover");
	} else {
		pr_info("repro: %zu function%s from %s", st.nr,
			st.nr == 1 ? "" : "s",
			repro_stack_source_name(st.source));
		for (i = 0; i < st.nr; i++)
			printf("%s\n", st.funcs[i]);
	}
	free(buf);
	return KTSTR_EXIT_OK;
}
