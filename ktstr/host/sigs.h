/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Termination and child signals are blocked for the launcher's whole life
 * and read from a signalfd in its wait loops. No handler ever runs, so no
 * async-signal-safety rules to get wrong, and a SIGTERM that arrives while
 * a VM is being started is still seen and still kills that VM.
 */
#ifndef KTSTR_HOST_SIGS_H
#define KTSTR_HOST_SIGS_H

#include <stdbool.h>

/* Block SIGINT/SIGTERM/SIGHUP/SIGCHLD and open the signalfd. */
int ktstr_signals_init(void);

/* The signalfd (non-blocking), or -1 before ktstr_signals_init(). */
int ktstr_signals_fd(void);

/*
 * Drain the signalfd. Returns the first termination signal seen (SIGINT,
 * SIGTERM, SIGHUP) or 0; a drained SIGCHLD just means "reap now".
 */
int ktstr_signals_read(void);

/* In a forked child before exec: give the program the mask we inherited. */
void ktstr_signals_child(void);

#endif /* KTSTR_HOST_SIGS_H */
