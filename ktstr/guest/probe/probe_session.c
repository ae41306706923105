// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/ctx.h"
#include "guest/probe/probe.h"
#include "guest/probe/probe_session.h"

/* One test per boot, so one set of probes per process. */
static struct ktstr_probe *repro_probe;

/* Split "a,b,c" in place into @v; returns the count. */
static unsigned int split_funcs(char *list, const char **v, unsigned int max)
{
	unsigned int n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(list, ",", &save); tok && n < max;
	     tok = strtok_r(NULL, ",", &save))
		v[n++] = tok;
	return n;
}

void ktstr_probe_session_start(const struct ktstr_guest_repro *repro)
{
	const char *funcs[KTSTR_PROBE_MAX_FUNCS];
	unsigned int nr = 0;
	char *list = NULL;
	int err;

	if (repro->mode == KTSTR_REPRO_STALL) {
		ktstr_diag("auto-repro: stall exit, no probes");
		return;
	}
	if (repro->mode == KTSTR_REPRO_NONE)
		return;
	if (repro->mode == KTSTR_REPRO_FUNCS) {
		list = strdup(repro->funcs);
		if (!list) {
			ktstr_diag("auto-repro: out of memory");
			return;
		}
		nr = split_funcs(list, funcs, KTSTR_PROBE_MAX_FUNCS);
	}
	err = ktstr_probe_start(funcs, nr,
				repro->mode == KTSTR_REPRO_DISCOVER || !nr,
				ktstr_chan_fd(), &repro_probe);
	free(list);
	if (err)
		ktstr_diag("auto-repro: probes not started: %s", strerror(-err));
}

void ktstr_probe_session_attach(void)
{
	int err;

	if (!repro_probe)
		return;
	err = ktstr_probe_attach_scheduler(repro_probe);
	if (err)
		ktstr_diag("auto-repro: scheduler probes: %s", strerror(-err));
}

void ktstr_probe_session_finish(void)
{
	int err;

	if (!repro_probe)
		return;
	err = ktstr_probe_finish(repro_probe);
	if (err)
		ktstr_diag("auto-repro: payload: %s", strerror(-err));
	ktstr_probe_free(repro_probe);
	repro_probe = NULL;
}
