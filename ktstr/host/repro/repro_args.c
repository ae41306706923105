// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "common/scx_exit.h"
#include "host/repro/repro_args.h"

void repro_args_for(const struct repro_stack *st, int exit_kind,
		    char *funcs, struct ktstr_guest_repro *out)
{
	size_t len = 0, i;

	memset(out, 0, sizeof(*out));
	if (exit_kind == SCX_EXIT_ERROR_STALL) {
		out->mode = KTSTR_REPRO_STALL;
		return;
	}
	if (!st->nr) {
		out->mode = KTSTR_REPRO_DISCOVER;
		return;
	}
	/* Each name is shorter than REPRO_FUNC_LEN: all of them fit. */
	for (i = 0; i < st->nr; i++) {
		if (i)
			funcs[len++] = ',';
		memcpy(funcs + len, st->funcs[i], strlen(st->funcs[i]));
		len += strlen(st->funcs[i]);
	}
	funcs[len] = '\0';
	out->mode = KTSTR_REPRO_FUNCS;
	out->funcs = funcs;
}
