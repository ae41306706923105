/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interactive and one-shot commands on the kernel console (COM1), for
 * poking at a test VM by hand: --shell and --exec CMD.
 */
#ifndef KTSTR_CONSOLE_H
#define KTSTR_CONSOLE_H

#define KTSTR_BUSYBOX	"/bin/busybox"
#define KTSTR_CONSOLE	"/dev/ttyS0"

/* Run busybox sh on the console until it exits; returns its wait status. */
int ktstr_console_shell(void);
/* Run "sh -c @cmd" with output on the console; returns its wait status. */
int ktstr_console_exec(const char *cmd);

#endif /* KTSTR_CONSOLE_H */
