// SPDX-License-Identifier: GPL-2.0
/*
 * Ping-pong between partners idx and idx ^ 1: one turn passes back and
 * forth, so each side sleeps while the other works and every handoff is a
 * wakeup across the two.
 */
#include "guest/work/work_internal.h"

void work_pair_run(struct work_ctx *w, const struct work_link *link,
		   void *arg)
{
	unsigned int partner = w->idx ^ 1;

	if (partner >= w->shared->nr_workers) {
		work_idle(w);
		return;
	}

	/* The even worker holds the turn first. */
	if (!(w->idx & 1)) {
		if (link->turn)
			link->turn(w, arg);
		link->send(w, partner);
	}
	while (link->recv(w)) {
		w->rep->work_units++;
		if (link->turn)
			link->turn(w, arg);
		link->send(w, partner);
	}
}
