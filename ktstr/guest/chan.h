/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest -> host test channel (common/protocol.h). Defaults to stdout,
 * so the pieces that print records also work (and are testable) outside
 * the VM; init switches it to /dev/ttyS1.
 *
 * Every record goes out as a single write() of a whole line: forked
 * workers and the test process share the fd, and lines must not interleave.
 */
#ifndef KTSTR_CHAN_H
#define KTSTR_CHAN_H

#include <stdbool.h>
#include <stddef.h>

/* Open @path write-only in raw mode and make it the channel. */
int ktstr_chan_open(const char *path);
int ktstr_chan_fd(void);
/* Write all of @buf, retrying on EINTR and short writes. */
int ktstr_chan_write(const char *buf, size_t len);
/* Push everything out to the host: fsync/tcdrain. */
void ktstr_chan_flush(void);

/*
 * State that PID 1 reads after the test process died or hung: the last
 * stage announced and whether a complete result record was written. Lives
 * in MAP_SHARED memory set up by ktstr_chan_share() before the fork.
 */
int ktstr_chan_share(void);
const char *ktstr_chan_last_stage(void);
bool ktstr_chan_result_sent(void);
void ktstr_chan_mark_result_sent(void);

#endif /* KTSTR_CHAN_H */
