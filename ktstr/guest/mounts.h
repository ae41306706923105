/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KTSTR_MOUNTS_H
#define KTSTR_MOUNTS_H

#include "guest/lib/strbuf.h"

/*
 * Mount what a test needs (proc, sysfs, devtmpfs, tmpfs, cgroup2, tracefs,
 * debugfs, bpffs) and give PID 1 a console on fds 0-2 if the kernel could
 * not. Runs before the test channel exists, so failures are appended to
 * @errors, one line each, for init to report. Returns the failure count.
 */
int ktstr_guest_mounts(struct ktstr_buf *errors);

#endif /* KTSTR_MOUNTS_H */
